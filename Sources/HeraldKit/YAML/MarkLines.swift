/// libyaml's marks in herald's lines and columns (see `SourceText`).
///
/// libyaml also ends a line at NEL (U+0085), LS (U+2028) and PS (U+2029),
/// which git, GitHub and editors show inside a line: a text pasted with an
/// LS in it would put every position after it a line too far down. A file
/// holding none of the three (nearly every file) has no table, and its
/// marks are herald's positions as they are.
struct MarkLines {
    /// For each of libyaml's lines, 0-based: herald's 0-based line, and
    /// the characters of that line before libyaml's. Empty when the two agree.
    private let starts: [(line: Int, column: Int)]

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard Self.holdsUnicodeLineBreak(bytes) else {
            starts = []
            return
        }
        var starts = [(line: 0, column: 0)]
        var line = 0, column = 0, i = 0
        while i < bytes.count {
            let lineBreak = SourceText.lineBreakLength(at: i, in: bytes)
            if lineBreak > 0 {
                line += 1
                column = 0
                i += lineBreak
                starts.append((line, 0))
                continue
            }
            // A character of herald's line, a break of libyaml's or not.
            column += 1
            let unicodeBreak = SourceText.unicodeLineBreakLength(at: i, in: bytes)
            if unicodeBreak > 0 {
                i += unicodeBreak
                starts.append((line, column))
                continue
            }
            i += 1
            while i < bytes.count, bytes[i] & 0xC0 == 0x80 { i += 1 }
        }
        self.starts = starts
    }

    /// libyaml's 0-based line and column as herald's, still 0-based.
    func position(line: Int, column: Int) -> (line: Int, column: Int) {
        guard let last = starts.indices.last else { return (line, column) }
        guard line <= last else { return (starts[last].line + line - last, column) }
        return (starts[line].line, starts[line].column + column)
    }

    private static func holdsUnicodeLineBreak(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        var i = 0
        while i < bytes.count {
            // Both lead bytes are past ASCII, which most files are all of: eight bytes at a time.
            if i + 8 <= bytes.count, UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                i += 8
                continue
            }
            if SourceText.unicodeLineBreakLength(at: i, in: bytes) > 0 { return true }
            i += 1
        }
        return false
    }
}
