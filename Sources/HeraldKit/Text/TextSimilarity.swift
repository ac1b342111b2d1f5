/// How alike two texts are: the Sørensen–Dice coefficient over their
/// pairs of adjacent characters (Unicode scalars, in lower case), from 0
/// (no pair shared) to 1 (the same pairs). A word corrected in a sentence
/// leaves it about 0.9 alike; two texts on different subjects share
/// little more than common words, under 0.5.
enum TextSimilarity {
    static func dice(_ a: String, _ b: String) -> Double {
        if a == b { return 1 }
        let first = pairs(a), second = pairs(b)
        guard !first.isEmpty, !second.isEmpty else { return 0 }
        var counts: [UInt64: Int] = [:]
        for pair in first { counts[pair, default: 0] += 1 }
        var shared = 0
        for pair in second {
            if let left = counts[pair], left > 0 {
                counts[pair] = left - 1
                shared += 1
            }
        }
        return 2 * Double(shared) / Double(first.count + second.count)
    }

    private static func pairs(_ text: String) -> [UInt64] {
        let scalars = text.lowercased().unicodeScalars.map(\.value)
        guard scalars.count > 1 else { return [] }
        return (0..<scalars.count - 1).map { UInt64(scalars[$0]) << 32 | UInt64(scalars[$0 + 1]) }
    }
}
