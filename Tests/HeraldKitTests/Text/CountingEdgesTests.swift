import Foundation
import Testing
@testable import HeraldKit

// Where a link ends on X and on Mastodon, at twitter-text's and RFC 3987's edges: round seven of mutation testing found these untested.

extension TwitterTextTests {
    /// twitter-text takes a t.co slug of up to 40 characters: a link of 40
    /// weighs 23 on X; one of 41 is no link, and counts as its characters.
    @Test func aTcoSlugOfFortyIsALink() {
        let forty = "https://t.co/" + String(repeating: "a", count: 40)
        #expect(TextRules.measure(forty, platform: .x).length == 23)
        #expect(TextRules.measure(forty + "b", platform: .x).length == 54)
    }
}

extension TextRulesTests {
    /// RFC 3987's `ucschar`, which Mastodon's URL expression reads in a
    /// query past ASCII, leaves out U+FDD0–U+FDEF: a noncharacter ends the
    /// link's query, and counts after it as text. The character just before
    /// the range is read into the query.
    @Test func mastodonNoncharactersEndAQuery() {
        let noncharacter = String(Character(Unicode.Scalar(0xFDD0)!))  // Swift takes no noncharacter in a literal
        #expect(TextRules.measure("https://example.com/?q=a\(noncharacter)b", platform: .mastodon).length == 25)
        #expect(TextRules.measure("https://example.com/?q=a\u{FDCF}b", platform: .mastodon).length == 23)
    }
}

extension TextRulesTests {
    /// A URL's length cap, 4,096, as each platform's twitter-text reads it:
    /// Mastodon's Ruby counts the URL's characters once; X's JavaScript
    /// adds its protocol again and counts UTF-16 units. A URL of 4,089
    /// characters is a link on Mastodon (23) and text on X; one of 4,097
    /// is text on both. Found by a differential test of the counting.
    @Test func aLongURLIsALinkByEachPlatformsCap() {
        let url = { (length: Int) in "https://example.com/" + String(repeating: "a", count: length - 20) }
        #expect(TextRules.measure(url(4_096), platform: .mastodon).length == 23)
        #expect(TextRules.measure(url(4_097), platform: .mastodon).length == 4_097)
        #expect(TextRules.measure(url(4_088), platform: .x).length == 23)
        #expect(TextRules.measure(url(4_089), platform: .x).length == 4_089)
        // Characters past U+FFFF are one each in Ruby, two units in JavaScript.
        let emoji = "https://example.com/" + String(repeating: "😀", count: 2_040)
        #expect(TextRules.measure(emoji, platform: .mastodon).length == 23)
    }
}

extension TwitterTextTests {
    /// twemoji's emoji, which X counts as 2 each: a VS16 belongs to an
    /// emoji shown as text by default (❤️, 🏳️‍🌈), and after one shown as
    /// emoji (😀) is matched alone, one more emoji; two regional
    /// indicators are one flag only when they name a region (🇺🇸, Sark's
    /// 🇨🇶), else two letters (🇦🇦). Found by a differential test of the counting.
    @Test(arguments: [
        ("\u{1F600}\u{FE0F}", 4), ("\u{1F600}", 2), ("\u{2764}\u{FE0F}", 2), ("\u{1F3F3}\u{FE0F}\u{200D}\u{1F308}", 2),
        ("\u{1F1E6}\u{1F1E6}", 4), ("\u{1F1FA}\u{1F1F8}", 2), ("\u{1F1E8}\u{1F1F6}", 2), ("\u{1F1FA}\u{1F1F8}\u{1F1E6}", 4),
    ])
    func emojiAsTwemojiMatchesThem(_ text: String, _ weight: Int) {
        #expect(TextRules.measure(text, platform: .x).length == weight)
    }
}
