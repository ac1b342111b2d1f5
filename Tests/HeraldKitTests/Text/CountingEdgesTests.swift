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
