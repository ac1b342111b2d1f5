import Foundation
import Testing
@testable import HeraldKit

@Suite("TextRules.measure")
struct TextRulesTests {
    static let family = "👨‍👩‍👧‍👦"

    @Test("default limits")
    func defaultLimits() {
        let limits = Dictionary(uniqueKeysWithValues: Platform.allCases.map { ($0, TextRules.defaultLimit(for: $0)) })
        #expect(limits == [.x: 280, .linkedin: 3_000, .facebook: 63_206, .instagram: 2_200, .threads: 500,
                           .vk: 16_384, .mastodon: 500, .bluesky: 300])
    }

    // MARK: X

    @Test("X: weighted length, URLs, CJK and emoji sequences")
    func xWeights() {
        let m = TextRules.measure("Hi 日本 \(Self.family) https://example.com/a/very/long/path/indeed", platform: .x)
        // "Hi " 3 + 日本 4 + " " 1 + family 2 + " " 1 + URL 23
        #expect(m.length == 34)
        #expect(m.limit == 280)
        #expect(m.valid)
        #expect(m.problems.isEmpty)
        #expect(m.details == [.init("weightedLength", 34), .init("permillage", 121)])
    }

    @Test("X: over the limit, and a Premium override")
    func xOverLimit() {
        let text = String(repeating: "a", count: 281)
        let m = TextRules.measure(text, platform: .x)
        #expect(!m.valid)
        #expect(m.problems == ["281 weighted characters, over X's limit of 280"])
        let premium = TextRules.measure(text, platform: .x, options: .init(maxLength: 25_000))
        #expect(premium.valid)
        #expect(premium.limit == 25_000)
        #expect(premium.detail("permillage") == 11)
    }

    @Test("X: characters X rejects")
    func xInvalidCharacters() {
        let m = TextRules.measure("abc\u{FFFF}\u{FEFF}", platform: .x)
        #expect(m.problems == ["contains U+FEFF, U+FFFF, which X does not accept"])
        #expect(!m.valid)
    }

    @Test("X: an empty text passes the length rules (media-only posts)")
    func xEmpty() {
        #expect(TextRules.measure("", platform: .x).valid)
        #expect(!TwitterText.parse("").valid)
    }

    @Test("X: NFC before counting")
    func xNormalization() {
        #expect(TextRules.measure("A\u{301}B", platform: .x).length == 2)
        #expect(TwitterText.parse("A\u{301}B").validRangeEnd == 2)
    }

    /// herald normalizes with the standard library's NFC (linear in the
    /// text), which must agree with Foundation's: singletons, composition
    /// exclusions, marks to reorder, Hangul syllables, and random mixes.
    /// Where they differ, Foundation is wrong: it leaves a Hangul LV
    /// syllable and a trailing consonant apart at the end of a text (가 +
    /// ᆨ is 각 in NFC, as Java's Normalizer, which X's twitter-text uses, has it).
    @Test("X: NFC agrees with Foundation's")
    func nfcAgreesWithFoundation() {
        #expect(Array(TwitterText.normalizedNFC("\u{AC00}\u{11A8}").unicodeScalars) == ["\u{AC01}"])
        #expect(Array(TwitterText.normalizedNFC("\u{AC00}\u{11A8}!").unicodeScalars) == ["\u{AC01}", "!"])
        #expect(Array(TwitterText.normalizedNFC("\u{1100}\u{1161}\u{11A8}").unicodeScalars) == ["\u{AC01}"])
        let fixed = ["\u{212B}", "\u{0958}", "q\u{307}\u{323}", "\u{1E0B}\u{323}", "\u{1100}\u{1161}\u{11A8}", "\u{D55C}\u{11A8}",
                     "e\u{301}\u{302}", "\u{F900}", "\u{2126}", "\u{0344}", "A\u{30A}\u{327}", "\u{0B47}\u{0B3E}", "\u{1F82}"]
        let pool: [Unicode.Scalar] = ["a", "e", "A", "o", "\u{300}", "\u{301}", "\u{302}", "\u{308}", "\u{316}", "\u{323}", "\u{327}",
                                      "\u{345}", "\u{3B1}", "\u{1100}", "\u{1161}", "\u{11A8}", "\u{212B}", "\u{0B47}",
                                      "\u{0B3E}", "\u{0CC6}", "\u{0CC2}", "\u{0CD5}", "\u{1F600}", " "]
        var generator = SplitMix64(seed: 2026_12_05)
        let random = (0..<2_000).map { _ in
            String(String.UnicodeScalarView((0..<Int.random(in: 1...12, using: &generator)).map { _ in pool.randomElement(using: &generator)! }))
        }
        for text in fixed + random {
            #expect(Array(TwitterText.normalizedNFC(text).unicodeScalars) == Array(text.precomposedStringWithCanonicalMapping.unicodeScalars),
                    "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }

    /// Long runs of marks are put in canonical order before NFC, which
    /// would otherwise order them in time in the square of their length.
    /// The result is NFC's own: checked on runs of every mark of the pool
    /// above, with letters and a Tibetan vowel sign (U+0F73, a starter that
    /// decomposes into marks) between them.
    @Test func longRunsOfMarksNormalizeAsNFCDoes() {
        let marks: [Unicode.Scalar] = ["\u{300}", "\u{301}", "\u{316}", "\u{323}", "\u{327}", "\u{345}", "\u{344}", "\u{F71}", "\u{F72}", "\u{5B0}"]
        var generator = SplitMix64(seed: 2026_12_06)
        for _ in 0..<20 {
            var scalars: [Unicode.Scalar] = []
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                scalars.append(["a", "\u{1E0B}", "\u{F73}", "\u{AC00}"].randomElement(using: &generator)!)
                scalars += (0..<Int.random(in: 0...300, using: &generator)).map { _ in marks.randomElement(using: &generator)! }
            }
            let text = String(String.UnicodeScalarView(scalars))
            let ordered = TwitterText.orderingLongMarkRuns(text)
            #expect(Array(String(decoding: ordered._nfcCodeUnits, as: UTF8.self).unicodeScalars)
                    == Array(String(decoding: text._nfcCodeUnits, as: UTF8.self).unicodeScalars))
            #expect(TwitterText.normalizedNFC(text) == String(decoding: text._nfcCodeUnits, as: UTF8.self))
        }
        let short = "e\u{323}\u{301}" + String(repeating: "\u{301}\u{323}", count: 32)
        #expect(TwitterText.orderingLongMarkRuns(short) == short, "a run of 64 marks is left to NFC")
        let long = "e" + String(repeating: "\u{301}\u{323}", count: 40)
        #expect(TwitterText.orderingLongMarkRuns(long) == "e" + String(repeating: "\u{323}", count: 40) + String(repeating: "\u{301}", count: 40))
    }

    // MARK: Mastodon

    @Test("Mastodon: URLs with a scheme count 23, remote mentions count as @user")
    func mastodon() {
        #expect(TextRules.measure("hello @alice@example.social", platform: .mastodon).length == 12)
        let url = "https://example.com/" + String(repeating: "p", count: 100)
        #expect(TextRules.measure("read \(url)", platform: .mastodon).length == 28)
        #expect(TextRules.measure("read \(url)", platform: .mastodon, options: .init(urlLength: 30)).length == 35)
        // A host without a scheme is not a link on Mastodon: it counts as written.
        #expect(TextRules.measure("example.com", platform: .mastodon).length == 11)
        #expect(TextRules.measure("mail bob@example.com", platform: .mastodon).length == 20)
        #expect(TextRules.measure("\(Self.family)e\u{301}", platform: .mastodon).length == 2)
        #expect(TextRules.measure("https://mastodon.social/@alice@example.com", platform: .mastodon).length == 23)
    }

    @Test("Mastodon: mentions as its MENTION_RE finds them, local and remote, in any letter case")
    func mastodonMentions() {
        func found(_ text: String) -> [String] {
            let s = Array(text.unicodeScalars)
            return TextRules.Counting.mastodonMentions(s).map { String(String.UnicodeScalarView(s[$0.range])) }
        }
        #expect(found("hi @Alice and @bob.smith@Example.Social!") == ["@Alice", "@bob.smith@Example.Social"])
        // Not after a word character, `=` or `/`; not before `@`, a Latin accent or `://`.
        #expect(found("mail bob@example.com, a=@x /@y") == [])
        #expect(found("@alice@ @dave\u{E9} @erin://") == [])
        // A domain of one word is enough; it neither starts nor ends with '.' or '-'.
        #expect(found("@carol@x @gina@.x @hal@x.-y.") == ["@carol@x", "@hal@x.-y"])
        // A trailing `.` or `-` is not part of the name.
        #expect(found("thanks @frank.") == ["@frank"])
        // Status text compared with a part: remote mentions shortened, every mention in lower case.
        #expect(MastodonAdapter.comparable("Thanks  @Alice@Example.Social and\n@BOB") == "Thanks @alice and @bob")
        #expect(MastodonAdapter.comparable("Mail Bob@Example.com") == "Mail Bob@Example.com")
    }

    /// Mastodon's extractor finds mentions over the whole text, not between
    /// URLs, and keeps the earlier of a URL and a mention that overlap; a
    /// remote mention's domain is `[[:word:]]+([.-]+[[:word:]]+)*`, at most
    /// 253 characters; its t.co rule (twitter-text's Ruby) keeps no query;
    /// the text is stripped at both ends first. Each length is what
    /// Mastodon's `StatusLengthValidator` gives (its Ruby, run by hand).
    @Test("Mastodon: mentions and URLs as its extractor finds them", arguments: [
        // The domain runs on into 'https', and '://' follows: no mention, counted in full.
        ("@alice@mastodon.social.https://example.com/post", 46),
        // After a URL's last digit, a word character: no mention.
        ("https://example.com:8080@alice@mastodon.social", 45),
        ("@alice@mastodon.social hi https://example.com", 33),
        ("https://t.co/abc?utm_source=twitter&utm_medium=social", 60),
        ("@alice@b", 6),
        ("@alice@.example.com", 19),
        ("@alice@a..b-c", 6),
        ("  hello\t", 5),
        // Ruby's strip takes NUL, tab, LF, VT, FF, CR and the space from both ends.
        ("\u{0B}\u{0C}\rhello\r\u{0C}\u{0B}", 5),
        ("\0hello\0", 5),
        ("@a@" + String(repeating: "x", count: 253), 2),
        ("@a@" + String(repeating: "x", count: 254), 257),
        // The character before the mention, by Ruby's [[:word:]]: '²' is none (a mention), 'Ⓐ' is one (none).
        ("x²@user@example.social", 7),
        ("\u{24B6}@user@example.social", 21),
    ])
    func mastodonEntities(_ text: String, _ length: Int) {
        #expect(TextRules.measure(text, platform: .mastodon).length == length)
    }

    /// Mastodon finds URLs with twitter-text's extractor and its own
    /// expressions (`config/initializers/twitter_regex.rb`). Each length
    /// here is what that Ruby gives, checked with twitter-text's gem and
    /// Mastodon's replacements applied.
    @Test("Mastodon: its own URL expressions", arguments: [
        ("https://ja.wikipedia.org/wiki/東京", 23),     // any letter in a path
        ("https://example.com/?q=東京", 23),            // and in a query
        ("https://example.com/a=", 24),                 // '=' does not end a path
        ("https://example.com/a!", 24),
        ("gemini://example.com/x", 23),                 // more schemes
        ("GEMINI://example.com", 23),
        ("https://example.com/wiki/Mercury_(planet)", 23),
        ("https://example.com/x_(東京)", 27),           // a group ends a path only as twitter-text spells one
        ("https://x.org\"x.org.", 30),                 // '"' is no host character in Ruby
        ("ssb://t.co/a.co", 23),                        // t.co's rule is for http(s) only
    ])
    func mastodonURLs(_ text: String, _ length: Int) {
        #expect(TextRules.measure(text, platform: .mastodon).length == length)
    }

    @Test("Mastodon: instance limit")
    func mastodonLimit() {
        let text = String(repeating: "é", count: 501)
        #expect(TextRules.measure(text, platform: .mastodon).problems
            == ["501 characters, over Mastodon's limit of 500"])
        #expect(TextRules.measure(text, platform: .mastodon, options: .init(maxLength: 5_000)).valid)
    }

    // MARK: Bluesky

    @Test("Bluesky: graphemes and UTF-8 bytes")
    func bluesky() {
        let m = TextRules.measure("héllo 👋🏽", platform: .bluesky)
        #expect(m.length == 7)
        #expect(m.details == [.init("graphemes", 7), .init("bytes", 15)])
        #expect(m.valid)

        let families = String(repeating: Self.family, count: 300)
        let bytes = TextRules.measure(families, platform: .bluesky)
        #expect(bytes.length == 300)
        #expect(bytes.problems == ["7,500 UTF-8 bytes, over Bluesky's limit of 3,000"])

        let long = TextRules.measure(String(repeating: "あ", count: 301), platform: .bluesky)
        #expect(long.problems == ["301 graphemes, over Bluesky's limit of 300"])

        // 3,000 bytes, in 144 graphemes (119 families of 25 bytes and 25 letters), is Bluesky's limit, and goes; a byte more does not.
        let atTheLimit = String(repeating: Self.family, count: 119) + String(repeating: "a", count: 25)
        #expect(atTheLimit.utf8.count == 3_000)
        #expect(TextRules.measure(atTheLimit, platform: .bluesky).problems.isEmpty)
        #expect(TextRules.measure(atTheLimit + "a", platform: .bluesky).problems == ["3,001 UTF-8 bytes, over Bluesky's limit of 3,000"])
    }

    // MARK: Threads

    @Test("Threads: emoji by UTF-8 bytes, or as one character")
    func threads() {
        #expect(TextRules.measure("hi 😀", platform: .threads).length == 7)
        #expect(TextRules.measure("hi 😀", platform: .threads,
                                  options: .init(threadsEmojiCounting: .oneCharacter)).length == 4)
        #expect(TextRules.measure(Self.family, platform: .threads).length == 25)
        #expect(TextRules.measure("1\u{20E3}", platform: .threads).length == 4)
        #expect(TextRules.measure("© 2025", platform: .threads).length == 6)
        #expect(TextRules.measure("©\u{FE0F}", platform: .threads).length == 5)
        #expect(TextRules.measure("日本語 e\u{301}", platform: .threads).length == 5)

        #expect(TextRules.measure(String(repeating: "😀", count: 125), platform: .threads).valid)
        // The unit is said where emoji weigh more than a character, and the setting that changes it.
        #expect(TextRules.measure(String(repeating: "😀", count: 126), platform: .threads).problems
            == ["504 characters, over Threads' limit of 500 (each emoji counted by its UTF-8 bytes; an account's emoji_counting: one_character counts it once)"])
        #expect(TextRules.measure(String(repeating: "a", count: 501), platform: .threads).problems == ["501 characters, over Threads' limit of 500"])
    }

    // MARK: Instagram

    @Test("Instagram: caption length, hashtags and mentions")
    func instagram() {
        let tags = (1...31).map { "#tag\($0)" }.joined(separator: " ")
        let m = TextRules.measure(tags, platform: .instagram)
        #expect(m.problems == ["31 hashtags, over Instagram's limit of 30"])
        #expect(m.detail("hashtags") == 31)

        let mentions = (1...21).map { "@user.\($0)" }.joined(separator: " ")
        #expect(TextRules.measure(mentions, platform: .instagram).problems
            == ["21 mentions, over Instagram's limit of 20"])

        let prose = "Mail me at a@b.com, see item#3 and &#35;, #ok @fine_one ##double"
        let counted = TextRules.measure(prose, platform: .instagram)
        #expect(counted.details == [.init("hashtags", 1), .init("mentions", 1)])

        let caption = String(repeating: "a", count: 2_201)
        #expect(TextRules.measure(caption, platform: .instagram).problems
            == ["2,201 characters, over Instagram's limit of 2,200"])
    }

    // MARK: LinkedIn, Facebook, VK

    @Test("LinkedIn, Facebook and VK count characters")
    func characterPlatforms() {
        let text = String(repeating: "#", count: 3_001)
        #expect(TextRules.measure(text, platform: .linkedin).problems
            == ["3,001 characters, over LinkedIn's limit of 3,000"])
        #expect(TextRules.measure(text, platform: .facebook).valid)
        #expect(TextRules.measure(text, platform: .vk, options: .init(maxLength: 3_000)).problems
            == ["3,001 characters, over VK's limit of 3,000"])
        #expect(TextRules.measure(String(repeating: "x", count: 16_385), platform: .vk).problems
            == ["16,385 characters, over VK's limit of 16,384"])
    }

    // MARK: Output

    @Test("jsonObject puts details at the top level")
    func json() throws {
        let m = TextRules.measure("hello", platform: .bluesky)
        let object = m.jsonObject()
        #expect(object["platform"] as? String == "bluesky")
        #expect(object["length"] as? Int == 5)
        #expect(object["limit"] as? Int == 300)
        #expect(object["valid"] as? Bool == true)
        #expect((object["problems"] as? [String])?.isEmpty == true)
        #expect(object["graphemes"] as? Int == 5)
        #expect(object["bytes"] as? Int == 5)

        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let encoded = String(decoding: try encoder.encode(TextRules.measure("hi", platform: .x)), as: UTF8.self)
        #expect(encoded == #"{"length":2,"limit":280,"permillage":7,"platform":"x","problems":[],"valid":true,"weightedLength":2}"#)
    }

    @Test("number grouping in messages")
    func grouping() {
        #expect(TextRules.grouped(999) == "999")
        #expect(TextRules.grouped(3_000) == "3,000")
        #expect(TextRules.grouped(63_206) == "63,206")
        #expect(TextRules.grouped(1_234_567) == "1,234,567")
    }

    @Test("graphemes counted from bytes agree with Swift's count", arguments: [
        "", "a", "\r\n", "\r\r\n", "\n\r", "a\r\nb\r\n", "line\nline", "café", "e\u{301}", "👍🏽 ok", "\r\n\u{301}",
    ])
    func graphemes(_ text: String) {
        #expect(TextRules.Counting.graphemes(text) == text.count)
    }

    @Test("Mastodon: the fast path for texts without mentions counts as the placeholder text does", arguments: [
        "see https://example.com/a and http://b.example.org/x?y=1\r\nbye",
        "https://example.com/a",
        "crlf\r\nhttps://example.com/a\r\n",
        "no links here\r\n",
        "über https://example.com/ä é",
    ])
    func mastodonFastPath(_ text: String) {
        #expect(TextRules.Counting.mastodonLength(text, urlLength: 23) == placeholderLength(text))
    }

    /// Mastodon's rule the slow way, for a text without mentions: stripped
    /// at both ends, each URL replaced by 23 placeholder characters, then
    /// graphemes counted.
    func placeholderLength(_ text: String) -> Int {
        let text = TextRules.Counting.rubyStripped(text)
        var countable = ""
        var cursor = text.startIndex
        let utf8 = text.utf8
        for url in TwitterText.urlOffsets(in: text, withoutProtocol: false, dialect: .mastodon) {
            countable += text[cursor..<utf8.index(utf8.startIndex, offsetBy: url.lowerBound)] + String(repeating: "x", count: 23)
            cursor = utf8.index(utf8.startIndex, offsetBy: url.upperBound)
        }
        countable += text[cursor...]
        return countable.count
    }

    @Test("fast counts agree with the slow ones on random texts")
    func randomTextsCountAlike() {
        let pieces = ["a", "b", " ", "\r", "\n", "\r\n", ".", ":", "/", "é", "e\u{301}", "👍🏽", "https://example.com/x", "example.org",
                      "http://b.example/a?b=c", "(", ")", "#tag", "@", "x@y.z"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let text = (0..<Int.random(in: 0...12, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            #expect(TextRules.Counting.graphemes(text) == text.count, "\(text.debugDescription)")
            guard !text.contains("@") else { continue }
            #expect(TextRules.Counting.mastodonLength(text, urlLength: 23) == placeholderLength(text), "\(text.debugDescription)")
        }
    }

    /// Where a text over its limit stops fitting, by each platform's count:
    /// X weighs CJK as 2, Mastodon counts a link as 23 however long it is,
    /// Bluesky counts an emoji sequence as one. A text that fits has no cut.
    @Test("where a text over its limit stops fitting")
    func fittingEnd() {
        func fitting(_ text: String, _ platform: Platform, _ options: TextRuleOptions = .init()) -> String? {
            TextRules.fittingEnd(of: text, platform: platform, options: options).map { String(text[..<$0]) }
        }
        #expect(fitting(String(repeating: "日", count: 141), .x) == String(repeating: "日", count: 140))
        let link = "https://example.com/" + String(repeating: "p", count: 200)
        let mastodon = String(repeating: "a", count: 470) + " " + link + " tail"
        // 470 + 1 + 23 = 494 with the link whole; " tail" takes it to 499: all of it fits.
        #expect(fitting(mastodon, .mastodon) == nil)
        #expect(fitting(mastodon + " more words", .mastodon) == mastodon + " ")
        let family = "👨‍👩‍👧"
        // 18 bytes each: 166 of them are within Bluesky's 3,000 bytes, though 300 are within its graphemes.
        // Before, the cut was by graphemes alone, and what it said fit was refused.
        #expect(fitting(String(repeating: family, count: 301), .bluesky) == String(repeating: family, count: 166))
        #expect(fitting(String(repeating: "a", count: 299) + "é", .bluesky) == nil)
        // Over on bytes alone (145 graphemes, 3,001 bytes): the cut and the hint are there all the same.
        let overOnBytes = String(repeating: "👨‍👩‍👧‍👦", count: 119) + String(repeating: "a", count: 26)
        #expect(fitting(overOnBytes, .bluesky) == String(overOnBytes.dropLast()))
        #expect(TextRules.fittingHint(overOnBytes, measured: TextRules.measure(overOnBytes, platform: .bluesky))?.hasPrefix("the first 144 characters fit") == true)
        // A link crossing the limit (X and Mastodon count it 23 whole): the text fits up to the link, not into it.
        let sentence = String(repeating: "word ", count: 52) + "them."
        let overX = sentence + "\nhttps://example.com/blog/herald-1-0"
        #expect(fitting(overX, .x) == sentence + "\n")
        #expect(TextRules.fittingHint(overX, measured: TextRules.measure(overX, platform: .x)) == "the first 266 characters fit, up to '…word word word word them.'")
        let overMastodon = String(repeating: "word ", count: 96) + "done. https://example.com/blog/herald-1-0"
        #expect(TextRules.fittingHint(overMastodon, measured: TextRules.measure(overMastodon, platform: .mastodon))
            == "it fits, up to '…word word word word done.'")
        #expect(fitting(String(repeating: "b", count: 11), .mastodon, TextRuleOptions(maxLength: 10)) == String(repeating: "b", count: 10))
        #expect(fitting("short", .x) == nil)
        #expect(TextRules.fittingHint("short", measured: TextRules.measure("short", platform: .x)) == nil)
        // Quoted on one line, whole words before the cut, which may fall inside one.
        let text = String(repeating: "word ", count: 50) + "the last\nwords that fit and not these"
        let options = TextRuleOptions(maxLength: 271)
        #expect(TextRules.fittingHint(text, measured: TextRules.measure(text, platform: .bluesky, options: options), options: options)
            == "the first 271 characters fit, up to '…word the last words that f'")
        // A cut just after a long link: the link, cut at the start of the 30, is the only word shown.
        let tagged = String(repeating: "a", count: 260) + " https://example.com/blog/5079?utm_medium=social\n\n#bench"
        let linkOptions = TextRuleOptions(maxLength: 309)
        #expect(TextRules.fittingHint(tagged, measured: TextRules.measure(tagged, platform: .bluesky, options: linkOptions), options: linkOptions)
            == "the first 309 characters fit, up to '…m/blog/5079?utm_medium=social'")
        // The 30 start on a word's first letter: that word is whole, and shown (six of them).
        let whole = String(repeating: "x", count: 10) + " " + String(repeating: "word ", count: 6) + "tail and more"
        let wholeOptions = TextRuleOptions(maxLength: 41)
        #expect(TextRules.fittingHint(whole, measured: TextRules.measure(whole, platform: .bluesky, options: wholeOptions), options: wholeOptions)
            == "the first 41 characters fit, up to '…word word word word word word'")
        // Counted otherwise (X weighs a link as 23): no count of characters, which would exceed the limit.
        let linked = "https://example.com/" + String(repeating: "p", count: 80) + " " + String(repeating: "word ", count: 60)
        #expect(TextRules.fittingHint(linked, measured: TextRules.measure(linked, platform: .x)) == "it fits, up to '…word word word word word w'")
    }

    /// Instagram's caps are inclusive: a caption with exactly 20 mentions
    /// and exactly 30 hashtags goes (no problem is said); one more of either
    /// is over, and is said so.
    @Test("Instagram: 20 mentions and 30 hashtags are at the limit, not over it")
    func instagramCapsAtTheLimit() {
        let mentions = (1...20).map { "@user.\($0)" }.joined(separator: " ")
        let twenty = TextRules.measure(mentions, platform: .instagram)
        #expect(twenty.detail("mentions") == 20)
        #expect(twenty.problems == [])
        #expect(TextRules.measure(mentions + " @user.21", platform: .instagram).problems
            == ["21 mentions, over Instagram's limit of 20"])

        let tags = (1...30).map { "#tag\($0)" }.joined(separator: " ")
        let thirty = TextRules.measure(tags, platform: .instagram)
        #expect(thirty.detail("hashtags") == 30)
        #expect(thirty.problems == [])
    }

    /// An Instagram mention's name starts with a letter, digit or `_`: an
    /// `@` followed by a `.` (an ellipsis, "@.", "@...") is no mention and is
    /// not counted against the limit of 20; a `.` later in the name is part of it.
    @Test("Instagram: an @ followed by a dot is no mention")
    func instagramMentionStartsWithoutADot() {
        #expect(TextRules.measure("see @.hidden and @... and @user.name", platform: .instagram).detail("mentions") == 1)
        let dots = (1...21).map { "@.user\($0)" }.joined(separator: " ")
        let measured = TextRules.measure(dots, platform: .instagram)
        #expect(measured.detail("mentions") == 0)
        #expect(measured.problems == [])
    }

    /// A link that ends exactly at the limit (X weighs it 23: 257 + 23 = 280)
    /// fits whole: the cut is at the link's end, not moved back before it, as
    /// it is for a link that crosses the limit. Mastodon alike (477 + 23 = 500).
    @Test("a link ending exactly at the limit fits, and the cut falls after it")
    func aLinkEndingAtTheLimitFits() {
        func fitting(_ text: String, _ platform: Platform) -> String? {
            TextRules.fittingEnd(of: text, platform: platform).map { String(text[..<$0]) }
        }
        let x = String(repeating: "a", count: 256) + " https://example.com/blog/herald-1-0"
        #expect(TextRules.measure(x, platform: .x).length == 280)
        #expect(fitting(x, .x) == nil)
        #expect(fitting(x + " more", .x) == x)
        let mastodon = String(repeating: "a", count: 476) + " https://example.com/blog/herald-1-0"
        #expect(TextRules.measure(mastodon, platform: .mastodon).length == 500)
        // Mastodon strips white space at both ends before it counts: the space after the link is free.
        #expect(fitting(mastodon + " more", .mastodon) == mastodon + " ")
    }

    /// A mention is skipped when `://` follows it (twitter-text's
    /// `end_mention_match`, which Mastodon's extractor uses), not when a
    /// `:` and one `/` do: `@alice@example.social:/x` is a mention, counted
    /// as `@alice`, and so is `@bob` before a `:/` that ends the text.
    @Test("Mastodon: a mention before ':/' is still one; only '://' after it undoes it")
    func mastodonMentionBeforeColonSlash() {
        #expect(TextRules.measure("@alice@example.social:/x", platform: .mastodon).length == 9)
        #expect(TextRules.measure("see @bob:/", platform: .mastodon).length == 10)
        #expect(TextRules.measure("@erin@example.social://x", platform: .mastodon).length == 24)
    }

    /// twitter-text's length cap on a URL: its length plus its protocol's
    /// (counted twice, as `isValidUrl` does) may be 4,096 at most. A URL of
    /// 4,088 characters with `https://` is one, weighing 23; one character
    /// more and it is no URL, counted character by character.
    @Test("a URL at twitter-text's length cap is a URL; one character longer is text")
    func urlAtTheLengthCap() {
        let atTheCap = "https://example.com/" + String(repeating: "a", count: 4_068)
        #expect(atTheCap.count == 4_088)
        #expect(TextRules.measure(atTheCap, platform: .x).length == 23)
        #expect(TextRules.measure(atTheCap + "a", platform: .x).length == 4_089)
    }

    /// Mastodon's `valid_url_path_ending_chars` leave out `@`: a path may
    /// hold one, but not end with it, so a trailing `@` is text after the link.
    @Test("Mastodon: a URL's path does not end with '@'")
    func mastodonPathDoesNotEndWithAt() {
        #expect(TextRules.measure("https://example.com/a@", platform: .mastodon).length == 24)
        #expect(TextRules.measure("https://example.com/a@b", platform: .mastodon).length == 23)
    }

    /// Mastodon's path characters are `[^\p{White_Space}<>()?]`: NEL
    /// (U+0085) is white space by Unicode's property and ends a URL's path,
    /// so what follows it is counted as text.
    @Test("Mastodon: NEL ends a URL's path")
    func mastodonNELEndsAPath() {
        #expect(TextRules.measure("https://example.com/a\u{85}b", platform: .mastodon).length == 25)
    }
}
