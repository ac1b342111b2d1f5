import Foundation

/// Text in a pull request's comment: shown as it is, read as nothing else.
extension PlanRenderer {
    /// The text exactly as it will be published: in a code block nothing in
    /// it is read as markdown or HTML (a `</details>` would end the preview,
    /// `*word*` would show in italics) and no `@name` notifies anyone on
    /// GitHub. The fence is longer than any run of backticks in the text.
    static func codeBlock(_ text: String) -> String {
        // Printed to a CI log as well as posted: a line that a runner reads as a command is broken there.
        let shown = visibleText(text)
        let fence = String(repeating: "`", count: max(3, longestBacktickRun(shown) + 1))
        return fence + "text\n" + shown + "\n" + fence + "\n\n"
    }

    /// A post's text as a reviewer must see all of it: its line breaks and
    /// tabs kept; a control character, a bidirectional control (which
    /// shows `dlrow` as `world`) and a tag character outside an emoji's tag
    /// sequence (a flag's; otherwise invisible, and uncounted by graphemes)
    /// written as the YAML escape that writes it.
    static func visibleText(_ text: String) -> String {
        let escaped = TerminalText.visible(text, keepingTabs: true, keepingLineBreaks: true)
        let tags: ClosedRange<UInt32> = 0xE0000...0xE007F
        guard escaped.unicodeScalars.contains(where: { tags.contains($0.value) }) else { return escaped }
        let scalars = Array(escaped.unicodeScalars)
        var out = ""
        var i = 0
        while i < scalars.count {
            // A flag of England, Scotland or Wales (🏴, its tags, CANCEL TAG), the only ones emoji have. Any other tag is
            // hidden text, however it is laid out (six letters behind each of several 🏴).
            if scalars[i].value == 0x1F3F4, let flag = subdivisionFlags.first(where: { tags in
                i + tags.count + 1 < scalars.count && scalars[(i + 1)...(i + tags.count + 1)].map(\.value) == tags + [0xE007F]
            }) {
                out.unicodeScalars.append(contentsOf: scalars[i...(i + flag.count + 1)])
                i += flag.count + 2
                continue
            }
            if tags.contains(scalars[i].value) {
                out += "\\U" + SourceText.hex(scalars[i].value, digits: 8)
            } else {
                out.unicodeScalars.append(scalars[i])
            }
            i += 1
        }
        return out
    }

    /// The tags of the subdivision flags emoji have: gbeng, gbsct, gbwls.
    private static let subdivisionFlags: [[UInt32]] = ["gbeng", "gbsct", "gbwls"].map { $0.unicodeScalars.map { 0xE0000 + $0.value } }

    /// Inline code that any backticks in `s` cannot end.
    static func codeSpan(_ s: String) -> String {
        let fence = String(repeating: "`", count: longestBacktickRun(s) + 1)
        let pad = s.hasPrefix("`") || s.hasSuffix("`") ? " " : ""
        return fence + pad + s + pad + fence
    }

    private static func longestBacktickRun(_ s: String) -> Int {
        var longest = 0
        var run = 0
        for byte in s.utf8 {
            run = byte == UInt8(ascii: "`") ? run + 1 : 0
            longest = max(longest, run)
        }
        return longest
    }
}
