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
            // A subdivision flag: 🏴, two to six tag letters or digits, CANCEL TAG. Any other tag is hidden text.
            if scalars[i].value == 0x1F3F4 {
                var end = i + 1
                while end < scalars.count, end - i <= 6, (0xE0030...0xE0039).contains(scalars[end].value) || (0xE0061...0xE007A).contains(scalars[end].value) { end += 1 }
                if end - i >= 3, end < scalars.count, scalars[end].value == 0xE007F {
                    out.unicodeScalars.append(contentsOf: scalars[i...end])
                    i = end + 1
                    continue
                }
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
