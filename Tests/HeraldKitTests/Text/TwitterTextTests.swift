import Testing
@testable import HeraldKit

/// Cases beyond twitter-text's conformance data, pinning down how emoji
/// sequences and URLs weigh.
@Suite("TwitterText")
struct TwitterTextTests {
    private func weight(_ text: String) -> Int { TwitterText.parse(text).weightedLength }

    @Test("emoji sequences weigh 2 each", arguments: [
        ("👋🏽", 2), ("👩🏽‍💻", 2), ("🏳️‍🌈", 2), ("🇯🇵", 2), ("🇯🇵🇺🇸", 4), ("🏴󠁧󠁢󠁥󠁮󠁧󠁿", 2),
        ("#️⃣", 2), ("1️⃣", 2), ("1\u{20E3}", 2), ("☺\u{FE0F}", 2), ("☺", 2), ("©\u{FE0F}", 2),
    ])
    func emojiSequences(text: String, expected: Int) {
        #expect(weight(text) == expected, "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
    }

    @Test("text-style symbols weigh their code points", arguments: [
        ("©", 1), ("®", 1), ("™", 2), ("12", 2), ("#", 1), ("☺\u{FE0E}", 4), ("a\u{FE0F}", 3),
        ("👍\u{301}", 3), ("❤🏽", 4),
    ])
    func textSymbols(text: String, expected: Int) {
        #expect(weight(text) == expected, "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
    }

    @Test("URLs weigh 23 wherever they stand")
    func urls() {
        #expect(weight("😀https://example.com/\(String(repeating: "a", count: 50))") == 25)
        #expect(weight("see example.com:8080/path, ok") == 4 + 23 + 4)
        #expect(weight("foo@example.com") == 15)
        #expect(weight("http://192.168.0.1/") == 19)
    }

    @Test("extractURLs ranges point into the text as given (no NFC)")
    func rangesInOriginalText() {
        let text = "Cafe\u{301} https://example.com/e\u{301}. Done"
        let ranges = TwitterText.extractURLs(text)
        #expect(ranges.map { String(text[$0]) } == ["https://example.com/e\u{301}"])
        // Other schemes are not links: a host after "/" or "@" is not taken either.
        #expect(TwitterText.extractURLs("ftp://example.org mailto:a@b.org").isEmpty)
    }

    @Test("Mastodon's variant ignores hosts without a scheme")
    func withoutProtocol() {
        let text = "example.com and https://example.org/x"
        #expect(TwitterText.extractURLs(text, withoutProtocol: false).map { String(text[$0]) }
            == ["https://example.org/x"])
    }

    @Test("limit and ranges follow maxWeightedLength")
    func premiumLimit() {
        let text = String(repeating: "あ", count: 200)
        let standard = TwitterText.parse(text)
        #expect(standard.weightedLength == 400)
        #expect(!standard.valid)
        #expect(standard.validRangeEnd == 139)
        let premium = TwitterText.parse(text, maxWeightedLength: 25_000)
        #expect(premium.valid)
        #expect(premium.validRangeEnd == 199)
        #expect(premium.permillage == 16)
    }

    @Test("Punycode label lengths", arguments: [
        ("ああ", "l8ja"), ("münchen", "mnchen-3ya"), ("☃", "n3h"), ("bücher", "bcher-kva"),
    ])
    func punycode(label: String, encoded: String) {
        #expect(Punycode.encode(label.unicodeScalars.map(\.value)) == encoded)
    }

    @Test("ASCII character sets match their definitions")
    func asciiMasks() {
        typealias C = TwitterTextCharacters
        for c in UInt32(0)..<0x80 {
            let domain = !C.isPunctuation(c) && !C.isSpace(c)
            let preceding = !C.isASCIIAlphanumeric(c) && c != 0x40 && c != 0x24 && c != 0x23
            #expect(C.isDomainCharacter(c) == domain, "U+\(String(c, radix: 16))")
            #expect(C.isValidPrecedingCharacter(c) == preceding, "U+\(String(c, radix: 16))")
        }
    }

    @Test("ASCII read in place finds what decoded scalars find, on random texts")
    func asciiInPlaceMatchesScalars() {
        let pieces = ["a", "Z", "0", " ", ".", ":", "/", "?", "#", "-", "_", "@", "(", ")", "'", ",", "\n",
                      "https://", "http://", "www.", "example", ".com", ".co.jp", ".xn--p1ai", "t.co/", "abc123", "?q=1&r=2",
                      String(repeating: "long words ", count: 12)]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let text = (0..<Int.random(in: 0...14, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let scalars = ScalarText(text)
            var contiguous = text
            contiguous.withUTF8 { bytes in
                let ascii = ASCIIText(bytes: bytes)
                for withoutProtocol in [true, false] {
                    #expect(TwitterURLScanner.spans(in: ascii, extractWithoutProtocol: withoutProtocol)
                        == TwitterURLScanner.spans(in: scalars, extractWithoutProtocol: withoutProtocol), "\(text.debugDescription)")
                }
                #expect(TwitterText.parse(ascii, originalLength: bytes.count, maxWeightedLength: 280, configuration: .v3)
                    == TwitterText.parse(scalars, originalLength: bytes.count, maxWeightedLength: 280, configuration: .v3),
                    "\(text.debugDescription)")
                // Counted in runs between URLs, at limits the text stays within, reaches and passes.
                for limit in [280, 60, 23, 24, 5, 1, 0] {
                    #expect(TwitterText.parseASCII(ascii, weight: 100, originalLength: bytes.count, maxWeightedLength: limit, configuration: .v3)
                        == TwitterText.parse(ascii, originalLength: bytes.count, maxWeightedLength: limit, configuration: .v3),
                        "\(text.debugDescription) at \(limit)")
                }
            }
        }
    }

    @Test("ASCII is counted in runs only when the configuration weighs all of it alike")
    func asciiWeight() {
        typealias Range = TwitterText.Configuration.WeightRange
        var configuration = TwitterText.Configuration.v3
        #expect(configuration.asciiWeight == 100)
        configuration.ranges = [Range(start: 0, end: 0x40, weight: 100), Range(start: 0x41, end: 0x7F, weight: 200)]
        #expect(configuration.asciiWeight == nil)
        configuration.ranges = [Range(start: 0x2000, end: 0x2010, weight: 100)]
        #expect(configuration.asciiWeight == configuration.defaultWeight)
        // A split configuration is still counted exactly, character by character.
        configuration.ranges = [Range(start: 0, end: 0x60, weight: 100)]
        #expect(TwitterText.parse("AAaa", configuration: configuration).weightedLength == 2 + 4)
    }
}
