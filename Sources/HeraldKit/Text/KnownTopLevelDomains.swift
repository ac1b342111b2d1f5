/// The top-level domains URL recognisers accept after the last dot of a host
/// written without a scheme (`example.com`) — and, for X, with one.
///
/// The lists live in `TLDs.generated.swift`, generated from the Public Suffix
/// List by `scripts/generate-tlds.sh`; this type only indexes them for the
/// scanners, which call it once per candidate label.
public enum KnownTopLevelDomains {
    /// Every form (ASCII, punycode and Unicode), lowercased.
    public static let all: Set<String> = Set(asciiForms).union(unicodeForms)

    /// Whether `label` (already lowercased) is a known top-level domain.
    public static func contains(_ label: String) -> Bool { all.contains(label) }

    /// Unicode TLDs indexed by their first scalar, longest first, so that a
    /// scanner can test the few candidates that could start at a position.
    static let unicodeByFirstScalar: [UInt32: [[UInt32]]] = {
        var index: [UInt32: [[UInt32]]] = [:]
        for form in unicodeForms {
            let scalars = form.unicodeScalars.map(\.value)
            guard let first = scalars.first else { continue }
            index[first, default: []].append(scalars)
        }
        return index.mapValues { $0.sorted { $0.count > $1.count } }
    }()

    static let asciiSet: Set<String> = Set(asciiForms)
}
