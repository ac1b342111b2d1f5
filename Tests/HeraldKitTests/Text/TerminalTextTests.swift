import Testing
@testable import HeraldKit

@Suite struct TerminalTextTests {
    @Test(arguments: [
        ("plain text, émoji 🎉, عربى", "plain text, émoji 🎉, عربى"),
        ("a\u{1B}[31mred", "a\\e[31mred"),
        ("bell\u{07} nul\u{00} del\u{7F}", "bell\\x07 nul\\x00 del\\x7F"),
        ("line\nbreak\r\ttab", "line\\nbreak\\r\\ttab"),
        ("next line\u{85} csi\u{9B}", "next line\\x85 csi\\x9B"),
        ("\u{202E}evil\u{2066}iso\u{2069}", "\\u202Eevil\\u2066iso\\u2069"),
        ("line\u{2028}separator\u{2029}paragraph", "line\\u2028separator\\u2029paragraph"),
        // Neighbours of the escaped ranges stay as they are.
        ("\u{A0}\u{2027}\u{202F}\u{2065}\u{206A}\u{2010}", "\u{A0}\u{2027}\u{202F}\u{2065}\u{206A}\u{2010}"),
        ("ends with \u{1B}", "ends with \\e"),
    ])
    func escapes(_ text: String, _ shown: String) {
        #expect(TerminalText.visible(text) == shown)
    }

    @Test func tabsCanBeKept() {
        #expect(TerminalText.visible("a\tb\u{1B}", keepingTabs: true) == "a\tb\\e")
    }

    /// Each bidirectional control and separator is escaped when it is the
    /// only one in the text: the quick check that looks for them by their
    /// bytes must find each, the last of every range too.
    @Test(arguments: ["\u{2028}", "\u{2029}", "\u{202A}", "\u{202E}", "\u{2066}", "\u{2069}"])
    func aControlAloneIsEscaped(_ control: String) {
        let hex = String(control.unicodeScalars.first!.value, radix: 16, uppercase: true)
        #expect(TerminalText.visible("a" + control + "b") == "a\\u\(hex)b")
    }
}
