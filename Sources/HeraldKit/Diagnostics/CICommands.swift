import Foundation

/// Text a CI runner would act on in a job's log, made inert.
///
/// GitHub Actions reads a line that starts with `::` (after blanks) as a
/// workflow command, and an older form, `##[name]`, anywhere in a line;
/// Azure Pipelines reads `##vso[`. herald prints what files, state and
/// platforms hold (a post's text in a markdown preview, a source line under
/// a diagnostic, an account name, a platform's error), and a line such as
/// `::add-mask::…` or `::stop-commands::…` in it would hide text in the log
/// or stop the job's own commands. A zero-width space (U+200B) goes between
/// the two characters that make the marker: the text reads the same, takes
/// no more columns, and is no command.
public enum CICommands {
    static let breaker = "\u{200B}"

    /// `text` with every marker broken, or `text` itself when it has none:
    /// `::` at the start of the text or of any line in it, after blanks;
    /// `##[` and `##vso[` anywhere.
    public static func inert(_ text: String) -> String {
        let cuts = text.withUTF8Bytes { breaks(in: $0) }
        if cuts.isEmpty { return text }
        return text.withUTF8Bytes { splicing($0, at: cuts, insert: breaker, removingBefore: 0) }
    }

    /// `bytes` as text, `insert` put at each of `cuts` in place of the
    /// `removingBefore` bytes before it.
    private static func splicing(_ bytes: UnsafeBufferPointer<UInt8>, at cuts: [Int], insert: String, removingBefore: Int) -> String {
        var out = ""
        out.reserveCapacity(bytes.count + insert.utf8.count * cuts.count)
        var from = 0
        for cut in cuts {
            out += String(decoding: UnsafeBufferPointer(rebasing: bytes[from..<(cut - removingBefore)]), as: UTF8.self)
            out += insert
            from = cut
        }
        return out + String(decoding: UnsafeBufferPointer(rebasing: bytes[from...]), as: UTF8.self)
    }

    /// The byte offsets where a marker is broken, in order.
    static func breaks(in bytes: UnsafeBufferPointer<UInt8>) -> [Int] {
        var cuts: [Int] = []
        var atLineStart = true
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            switch byte {
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                atLineStart = true
            case UInt8(ascii: " "), UInt8(ascii: "\t"), 0x0B, 0x0C:
                break
            case UInt8(ascii: ":"):
                if atLineStart && i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: ":") { cuts.append(i + 1) }
                atLineStart = false
            case UInt8(ascii: "#"):
                if startsMarker(bytes, at: i) { cuts.append(i + 1) }
                atLineStart = false
            case 0x80...:
                // The runner trims every Unicode blank before it looks for '::' (.NET's TrimStart): a
                // no-break or ideographic space keeps the line's start as a tab does.
                let (scalar, length) = scalar(in: bytes, at: i)
                if !isBlank(scalar) { atLineStart = false }
                i += length
                continue
            default:
                atLineStart = false
            }
            i += 1
        }
        return cuts
    }

    /// The scalar whose UTF-8 starts at `i`, and its length in bytes.
    private static func scalar(in bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> (UInt32, Int) {
        let lead = UInt32(bytes[i])
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
        guard i + length <= bytes.count else { return (lead, 1) }
        var value = lead & (0x7F >> length)
        for k in 1..<length { value = value << 6 | UInt32(bytes[i + k] & 0x3F) }
        return (value, length)
    }

    /// A blank to .NET (`char.IsWhiteSpace`: Unicode's spaces, line and
    /// paragraph separators, U+0085), and characters that show nothing,
    /// which some trims have taken too.
    private static func isBlank(_ value: UInt32) -> Bool {
        if value == 0x200B || value == 0xFEFF || value == 0x180E || value == 0x2060 { return true }
        return Unicode.Scalar(value)?.properties.isWhitespace == true
    }

    /// Whether `##[` or `##vso[` starts at `i`.
    static func startsMarker(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
        guard i + 2 < bytes.count, bytes[i] == UInt8(ascii: "#"), bytes[i + 1] == UInt8(ascii: "#") else { return false }
        if bytes[i + 2] == UInt8(ascii: "[") { return true }
        return i + 5 < bytes.count && bytes[i + 2] == UInt8(ascii: "v") && bytes[i + 3] == UInt8(ascii: "s")
            && bytes[i + 4] == UInt8(ascii: "o") && bytes[i + 5] == UInt8(ascii: "[")
    }

    /// Whether JSON holding these bytes in a string would show a marker:
    /// `##[` or `##vso[` (a JSON string never starts a line, so `::` cannot).
    static func hasHashMarker(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        var i = 0
        while i < bytes.count, let hit = memchr(base + i, Int32(UInt8(ascii: "#")), bytes.count - i) {
            let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            if startsMarker(bytes, at: at) { return true }
            i = at + 1
        }
        return false
    }

    /// JSON text with the first `#` of each marker written `\u0023`: the
    /// same string to any reader of JSON, no command to a runner reading it
    /// in a log. For JSON from an encoder, whose strings hold the markers as
    /// they are (no other part of JSON has a `#`).
    public static func inertJSON(_ json: String) -> String {
        let cuts = json.withUTF8Bytes { bytes in hasHashMarker(bytes) ? breaks(in: bytes).filter { bytes[$0] == UInt8(ascii: "#") } : [] }
        if cuts.isEmpty { return json }
        // Each cut is at a marker's second '#': the first, before it, is written escaped.
        return json.withUTF8Bytes { splicing($0, at: cuts, insert: "\\u0023", removingBefore: 1) }
    }
}
