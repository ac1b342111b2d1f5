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
    /// Each NEL, LS and PS: the line of libyaml's it starts, and the byte
    /// after it.
    private var breaks: [(line: Int, end: Int)] = []
    /// libyaml's lines that begin inside a text or a flow collection (see
    /// `cover`); noted only in a file that holds a NEL, LS or PS.
    private var covered: [ClosedRange<Int>] = []

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
                breaks.append((starts.count, i))
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

    /// A text or a flow collection from libyaml's line `first` to `last`:
    /// a break inside it is the value's (a text's is told of where texts
    /// are checked), or a blank between a list's items.
    mutating func cover(from first: Int, to last: Int) {
        if !breaks.isEmpty && last > first { covered.append((first + 1)...last) }
    }

    /// An error at each NEL, LS and PS outside any text or flow collection
    /// with more of the file after it on the line an editor shows: YAML
    /// reads that as a line of its own, which a reviewer reads as more of
    /// a comment or a value (`# checked LS draft: true`). Blanks or a
    /// comment after one change nothing.
    func hiddenLineProblems(in bytes: UnsafeBufferPointer<UInt8>, file: SourceFile) -> [Diagnostic] {
        var found: [Diagnostic] = []
        for (line, end) in breaks where !covered.contains(where: { $0.contains(line) }) {
            var i = end
            while i < bytes.count, bytes[i] == UInt8(ascii: " ") || bytes[i] == UInt8(ascii: "\t") { i += 1 }
            guard i < bytes.count, SourceText.lineBreakLength(at: i, in: bytes) == 0, SourceText.unicodeLineBreakLength(at: i, in: bytes) == 0,
                  bytes[i] != UInt8(ascii: "#") else { continue }
            let scalar: Unicode.Scalar = bytes[end - 1] == 0x85 ? "\u{85}" : bytes[end - 1] == 0xA8 ? "\u{2028}" : "\u{2029}"
            // The break is the last character before its libyaml line: the column-th of herald's line.
            found.append(.error(SyntaxHints.hiddenLineProblem(scalar), at: SourceLocation(file: file, line: starts[line].line + 1, column: starts[line].column),
                                hint: SyntaxHints.hiddenLineHint))
        }
        return found
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
