import Foundation
import Testing
import HeraldTestSupport
@testable import HeraldKit

// Limits at their exact value, and places after a line separator: round seven of mutation testing found these untested.

extension ValidationTests {
    /// A variant's key written at the variants' level belongs to the variant
    /// just above it with nothing under it, not to an earlier, complete one.
    @Test func aMisplacedVariantKeyIsToldToGoUnderTheNearestVariantAbove() throws {
        let repo = try TempRepository(["posts/a.yaml": due + "accounts: [acme-x, acme-mastodon]\ntext: hi\nvariants:\n  mastodon:\n    text: hi m\n  x:\n  text: hi x\n"])
        #expect(repo.diagnostics() == [
            "posts/a.yaml:8:3: error: 'text' is a key of a variant, written where a platform or account goes (indent it under 'x' above, further than 'x')",
        ])
    }
}

extension ValidationTests {
    /// libyaml breaks a line at U+2028; herald does not. What follows it on
    /// the file's last line, with no line break at the file's end, is
    /// reported at herald's line and column: after the columns before it.
    @Test func aPositionAfterALineSeparatorOnTheLastLineKeepsItsColumn() throws {
        let repo = try TempRepository(["posts/a.yaml": due + "accounts: [acme-x]\ntext: hi\u{2028}bogus: 1"])
        let found = repo.diagnostics()
        #expect(found.contains { $0.hasPrefix("posts/a.yaml:3:10: error: unknown key 'bogus' in a post") }, "\(found)")
    }
}

extension CampaignRulesTests {
    /// 100 extra link parameters are the most, not one too many: the campaign is valid.
    @Test func aHundredExtraParametersAreAllowed() throws {
        let extra = (1...100).map { "p\($0): v" }.joined(separator: ", ")
        let repo = try TempRepository([
            "campaigns/c.yaml": "name: C\naccounts: [acme-x]\nlink_tagging: { extra: { \(extra) } }\n",
            "posts/a.yaml": due + "campaign: c\ntext: hi\n",
        ])
        #expect(repo.diagnostics() == [])
    }
}

extension MediaValidationTests {
    /// Both GIF versions are GIFs: old tools and scanners still write GIF87a.
    @Test func aGIF87aIsAGIF() {
        #expect(MediaInspector.sniff(Array("GIF87a".utf8) + [1, 0, 1, 0, 0, 0, 0]) == .gif)
        #expect(MediaInspector.sniff(Array("GIF89a".utf8) + [1, 0, 1, 0, 0, 0, 0]) == .gif)
    }
}
