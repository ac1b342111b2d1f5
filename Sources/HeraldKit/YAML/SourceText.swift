/// Byte-level facts about a file's text that libyaml does not report with a
/// line and column: where UTF-8 goes wrong, and where a byte offset is.
///
/// Lines and columns are counted as git, GitHub and editors count them, so
/// that a position herald prints finds its place in any of them: a line
/// ends at LF, CR LF or CR, and columns count Unicode scalars. libyaml also
/// ends lines at NEL (U+0085), LS (U+2028) and PS (U+2029); `MarkLines`
/// converts its marks.
enum SourceText {
    /// The length of a leading UTF-8 byte order mark: 3 or 0.
    static func byteOrderMarkLength(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
    }

    /// The encoding a file is in when it is UTF-16 or UTF-32, told as YAML
    /// tells it (YAML 1.2, 5.2): by a byte order mark, else by where the
    /// zero bytes of an ASCII first character fall. Nil for anything else.
    static func wideEncoding(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        // Nearly every file: two non-zero bytes, no UTF-16 or UTF-32 mark.
        guard bytes.count >= 2, bytes[0] == 0 || bytes[1] == 0 || bytes[0] >= 0xFE else { return nil }
        func starts(_ prefix: [UInt8?]) -> Bool {
            bytes.count >= prefix.count && zip(bytes, prefix).allSatisfy { byte, expected in expected.map { byte == $0 } ?? (byte != 0) }
        }
        if starts([0, 0, 0xFE, 0xFF]) || starts([0, 0, 0, nil]) { return "UTF-32 (big-endian)" }
        if starts([0xFF, 0xFE, 0, 0]) || starts([nil, 0, 0, 0]) { return "UTF-32 (little-endian)" }
        if starts([0xFE, 0xFF]) || starts([0, nil]) { return "UTF-16 (big-endian)" }
        if starts([0xFF, 0xFE]) || starts([nil, 0]) { return "UTF-16 (little-endian)" }
        return nil
    }

    /// The offset of the first byte of the first malformed UTF-8 sequence
    /// (overlong forms, surrogates and values past U+10FFFF are malformed),
    /// or `nil` when all of `bytes` is valid UTF-8.
    static func firstInvalidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let count = bytes.count
        guard let base = bytes.baseAddress else { return nil }
        var i = 0
        while i < count {
            // Skip ASCII eight bytes at a time.
            if i + 8 <= count {
                let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 == 0 {
                    i += 8
                    continue
                }
            }
            let lead = base[i]
            if lead < 0x80 {
                i += 1
                continue
            }
            let length: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return i
            }
            guard i + length <= count else { return i }
            let second = base[i + 1]
            guard second >= low && second <= high else { return i }
            for k in 2..<length where base[i + k] & 0xC0 != 0x80 {
                return i
            }
            i += length
        }
        return nil
    }

    /// The number of bytes of the line break starting at `i`, or 0.
    @inline(__always)
    static func lineBreakLength(at i: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        switch bytes[i] {
        case 0x0A: return 1
        case 0x0D: return i + 1 < bytes.count && bytes[i + 1] == 0x0A ? 2 : 1
        default: return 0
        }
    }

    /// The number of bytes of a line break that libyaml counts and herald
    /// does not, starting at `i`: NEL, LS or PS; else 0.
    @inline(__always)
    static func unicodeLineBreakLength(at i: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        switch bytes[i] {
        case 0xC2: return i + 1 < bytes.count && bytes[i + 1] == 0x85 ? 2 : 0
        case 0xE2:
            guard i + 2 < bytes.count, bytes[i + 1] == 0x80 else { return 0 }
            return bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9 ? 3 : 0
        default: return 0
        }
    }

    /// A control character other than tab, line feed and carriage return:
    /// no platform shows one. In a YAML file only an escape of a
    /// double-quoted string can write one (`"\x07"`, `"\N"`): libyaml refuses
    /// them written as they are, and reads NEL as a line break.
    static func isControl(_ value: UInt32) -> Bool {
        switch value {
        case 0x09, 0x0A, 0x0D: false
        case 0x00...0x1F, 0x7F...0x9F: true
        default: false
        }
    }

    /// Whether UTF-8 `bytes` may hold a control character (`isControl`):
    /// U+0000–U+001F and U+007F are single bytes, U+0080–U+009F start with 0xC2.
    static func mayHoldControl(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.contains { ($0 < 0x20 && $0 != 0x0A && $0 != 0x09 && $0 != 0x0D) || $0 == 0x7F || $0 == 0xC2 }
    }

    /// In the double-quoted scalar whose opening quote is the first `"` at
    /// or after byte `start`, the byte offset of the backslash of the first
    /// escape that writes a control character (`isControl`); nil when none does.
    static func controlEscape(inQuotedScalarFrom start: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard var i = bytes[start...].firstIndex(of: UInt8(ascii: "\"")) else { return nil }
        i += 1
        func hex(_ from: Int, _ count: Int) -> UInt32? {
            guard from + count <= bytes.count else { return nil }
            var value: UInt32 = 0
            for byte in bytes[from..<from + count] {
                guard let digit = Character(Unicode.Scalar(byte)).hexDigitValue else { return nil }
                value = value << 4 | UInt32(digit)
            }
            return value
        }
        while i < bytes.count {
            switch bytes[i] {
            case UInt8(ascii: "\""):
                return nil
            case UInt8(ascii: "\\") where i + 1 < bytes.count:
                let written: UInt32?
                var length = 2
                switch bytes[i + 1] {
                case UInt8(ascii: "0"): written = 0x00
                case UInt8(ascii: "a"): written = 0x07
                case UInt8(ascii: "b"): written = 0x08
                case UInt8(ascii: "e"): written = 0x1B
                case UInt8(ascii: "f"): written = 0x0C
                case UInt8(ascii: "v"): written = 0x0B
                case UInt8(ascii: "N"): written = 0x85
                case UInt8(ascii: "x"): (written, length) = (hex(i + 2, 2), 4)
                case UInt8(ascii: "u"): (written, length) = (hex(i + 2, 4), 6)
                case UInt8(ascii: "U"): (written, length) = (hex(i + 2, 8), 10)
                default: written = nil
                }
                if let written, isControl(written) { return i }
                i += length
            default:
                i += 1
            }
        }
        return nil
    }

    /// The byte offset of the character libyaml numbers `index` (a mark's
    /// index counts characters, not bytes), or the end of `bytes`; counted
    /// on from `known`, a character's index and offset at or before it.
    static func byteOffset(ofCharacter index: Int, in bytes: UnsafeBufferPointer<UInt8>,
                           from known: (character: Int, byte: Int) = (0, 0)) -> Int {
        var characters = known.character
        for i in known.byte..<bytes.count where bytes[i] & 0xC0 != 0x80 {
            if characters == index { return i }
            characters += 1
        }
        return bytes.count
    }

    /// The 1-based line and column of the character at byte `offset`.
    /// The bytes before `offset` must be valid UTF-8.
    static func position(ofByte offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        var i = 0
        let end = min(offset, bytes.count)
        while i < end {
            let breakLength = lineBreakLength(at: i, in: bytes)
            if breakLength > 0 {
                line += 1
                column = 1
                i += breakLength
                continue
            }
            if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        return (line, column)
    }

    /// The byte range of a 1-based line, without its line break; `nil` past
    /// the last line.
    static func byteRange(ofLine number: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        firstLine(in: bytes) { line, _ in line == number }?.range
    }

    /// The first line, by its 1-based number and byte range without its
    /// line break, for which `matches` is true; a last line without a break
    /// counts when it is not empty.
    static func firstLine(in bytes: UnsafeBufferPointer<UInt8>,
                          where matches: (_ number: Int, _ range: Range<Int>) -> Bool) -> (number: Int, range: Range<Int>)? {
        var line = 1
        var start = 0
        var i = 0
        while i < bytes.count {
            let breakLength = lineBreakLength(at: i, in: bytes)
            if breakLength == 0 {
                i += 1
                continue
            }
            if matches(line, start..<i) { return (line, start..<i) }
            line += 1
            i += breakLength
            start = i
        }
        return start < bytes.count && matches(line, start..<bytes.count) ? (line, start..<bytes.count) : nil
    }

    /// Whether a line is one of git's merge conflict markers: `<<<<<<< ours`,
    /// `||||||| base`, `=======` or `>>>>>>> theirs`, from the first column.
    static func isConflictMarker(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        guard line.count >= 7, let first = line.first, "<|=>".utf8.contains(first),
              line.prefix(7).allSatisfy({ $0 == first }) else { return false }
        return line.count == 7 || line[7] == UInt8(ascii: " ") || line[7] == UInt8(ascii: "\r")
    }

    /// The comments that start with a word (`#spring`) inside a flow
    /// collection written over several lines, from its opening bracket at
    /// 1-based `start` to its closing one at `end` (columns in characters):
    /// YAML reads each as a comment and leaves it out of the collection, with
    /// the rest of its line. A comment that starts with a space (`# note`) is
    /// left alone: that one is meant. Each comment's 1-based line and column,
    /// and the word.
    /// `lines`: the byte range of each line of `bytes` (`lineRanges`), so
    /// that only the collection's own lines are read.
    static func wordCommentsInFlow(in bytes: UnsafeBufferPointer<UInt8>, lines: [Range<Int>], from start: (line: Int, column: Int),
                                   to end: (line: Int, column: Int)) -> [(line: Int, column: Int, word: String)] {
        let blank: Set<UInt8> = [0x20, 0x09]
        // A quote opens a scalar only where one can start: `don't` is plain.
        let opensScalar: Set<UInt8> = [0x20, 0x09, 0x5B, 0x7B, 0x2C, 0x3A]
        let wordEnd: Set<UInt8> = [0x20, 0x09, 0x2C, 0x3A, 0x5D, 0x7D]
        var found: [(line: Int, column: Int, word: String)] = []
        var quote: UInt8? = nil
        /// Reads one line; true at the collection's end.
        func scan(_ number: Int, _ range: Range<Int>) -> Bool {
            var column = 0
            var i = range.lowerBound == 0 ? byteOrderMarkLength(bytes) : range.lowerBound
            while i < range.upperBound {
                let b = bytes[i]
                if b & 0xC0 != 0x80 { column += 1 }
                if number == end.line && column >= end.column { return true }
                if number == start.line && column <= start.column {
                    i += 1
                    continue
                }
                if let open = quote {
                    if b == 0x5C, open == 0x22 {
                        i += 2  // an escape in double quotes
                        column += 1
                        continue
                    }
                    if b == open {
                        // '' is a quote inside single quotes.
                        if open == 0x27, i + 1 < range.upperBound, bytes[i + 1] == 0x27 {
                            i += 2
                            column += 1
                            continue
                        }
                        quote = nil
                    }
                    i += 1
                    continue
                }
                let before = i > range.lowerBound ? bytes[i - 1] : 0x20
                if (b == 0x22 || b == 0x27) && opensScalar.contains(before) {
                    quote = b
                } else if b == 0x23 && opensScalar.contains(before) && before != 0x3A {
                    // A comment (libyaml takes one after a bracket or a comma
                    // too) runs to the end of the line.
                    let after = i + 1 < range.upperBound ? bytes[i + 1] : 0x20
                    if !blank.contains(after) && !"#\"'[]{},:!?*&|>%@`".utf8.contains(after) {
                        var stop = i + 1
                        while stop < range.upperBound, !wordEnd.contains(bytes[stop]) { stop += 1 }
                        found.append((number, column, String(decoding: UnsafeBufferPointer(rebasing: bytes[i..<stop]), as: UTF8.self)))
                    }
                    return number >= end.line
                }
                i += 1
            }
            return number >= end.line
        }
        var number = max(1, start.line)
        while number <= min(end.line, lines.count), !scan(number, lines[number - 1]) { number += 1 }
        return found
    }

    /// The byte range of each line of `bytes`, without its line break, as
    /// `firstLine` finds them.
    static func lineRanges(in bytes: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        _ = firstLine(in: bytes) { _, range in
            ranges.append(range)
            return false
        }
        return ranges
    }

    /// The 1-based number of the first line that is a merge conflict
    /// marker, in a file that has a conflict's opening or closing marker
    /// (`<<<<<<<`, `>>>>>>>`). Without one, a line of `=======` is named
    /// only where YAML stopped (1-based `errorLine`) or on the line before:
    /// elsewhere it may be a text's own (a heading's underline in a quoted
    /// text), and the error is another.
    static func firstConflictMarker(in bytes: UnsafeBufferPointer<UInt8>, errorLine: Int) -> Int? {
        var first: Int?
        var nearError: Int?
        let bracket = firstLine(in: bytes) { number, range in
            let line = UnsafeBufferPointer(rebasing: bytes[range])
            guard isConflictMarker(line) else { return false }
            if first == nil { first = number }
            if nearError == nil, number == errorLine || number == errorLine - 1 { nearError = number }
            return line[0] == UInt8(ascii: "<") || line[0] == UInt8(ascii: ">")
        }
        return bracket == nil ? nearError : first
    }

    /// Whether `bytes` write one of `keys` (ASCII, any case) as a key: not
    /// inside a longer word, and followed by a colon, perhaps after a
    /// closing quote and blanks, or a complex key's (`? access_token`,
    /// alone on its line). Meant for a file YAML could not read, so
    /// it reads no structure: a key inside a string counts too.
    static func namesKey(in bytes: UnsafeBufferPointer<UInt8>, anyOf keys: [String]) -> Bool {
        func lower(_ b: UInt8) -> UInt8 { b >= 65 && b <= 90 ? b + 32 : b }
        func isWord(_ b: UInt8) -> Bool { b >= 128 || b == 95 || b == 45 || (lower(b) >= 97 && lower(b) <= 122) || (b >= 48 && b <= 57) }
        for key in keys {
            let key = Array(key.utf8)
            guard let first = key.first, key.count <= bytes.count else { continue }
            var i = 0
            while i + key.count <= bytes.count {
                defer { i += 1 }
                guard lower(bytes[i]) == first, i == 0 || !isWord(bytes[i - 1]),
                      (1..<key.count).allSatisfy({ lower(bytes[i + $0]) == key[$0] }) else { continue }
                var j = i + key.count
                if j < bytes.count && (bytes[j] == 0x22 || bytes[j] == 0x27) { j += 1 }
                while j < bytes.count && (bytes[j] == 0x20 || bytes[j] == 0x09) { j += 1 }
                if j < bytes.count && bytes[j] == 0x3A { return true }
                // A complex key (`? access_token`), whose value follows on a line of its own.
                var k = i
                if k > 0 && (bytes[k - 1] == 0x22 || bytes[k - 1] == 0x27) { k -= 1 }
                var blanks = 0
                while k > 0 && (bytes[k - 1] == 0x20 || bytes[k - 1] == 0x09) { k -= 1; blanks += 1 }
                let keyEnds = j == bytes.count || bytes[j] == 0x0A || bytes[j] == 0x0D || bytes[j] == 0x23
                if keyEnds && blanks > 0 && k > 0 && bytes[k - 1] == 0x3F { return true }
            }
        }
        return false
    }

    /// `value` in upper-case hexadecimal, zero-padded to `digits`.
    static func hex(_ value: some BinaryInteger, digits: Int) -> String {
        let text = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}

/// A file's lines as `SourceText` counts them, found once: each
/// diagnostic's line is looked up rather than searched for from the start,
/// which for a file with a problem on every line took time in its square.
struct SourceLines {
    private let bytes: [UInt8]
    /// Each line's bytes, without its line break and a byte order mark.
    private let ranges: [Range<Int>]

    init(_ file: [UInt8]) {
        bytes = file
        ranges = file.withUnsafeBufferPointer { buffer in
            let mark = SourceText.byteOrderMarkLength(buffer)
            return SourceText.lineRanges(in: UnsafeBufferPointer(rebasing: buffer[mark...])).map { ($0.lowerBound + mark)..<($0.upperBound + mark) }
        }
    }

    /// The text of a 1-based line, without its line break and after a
    /// byte order mark, counted the way the loader counts lines (so a
    /// diagnostic's line number finds its line); `nil` past the end.
    func line(_ number: Int) -> String? {
        guard number >= 1, number <= ranges.count else { return nil }
        return bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[ranges[number - 1]]), as: UTF8.self) }
    }
}
