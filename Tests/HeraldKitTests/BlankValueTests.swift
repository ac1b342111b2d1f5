import Foundation
import Testing
@testable import HeraldKit

/// A value that must not be empty is refused when it is only white space,
/// by Unicode's reckoning; `NodeReader.isBlank` settles most values by
/// their first byte.
@Suite struct BlankValueTests {
    @Test(arguments: ["", " ", "\t \n", "\u{A0}", "\u{3000}", "\u{2028}", " \u{85}"])
    func whiteSpaceIsBlank(_ value: String) {
        #expect(NodeReader.isBlank(value))
    }

    @Test(arguments: ["a", "!", "~", " a", "\u{3000}x", "é", "\u{7F}", "\u{1F}", "日本"])
    func anythingElseIsNot(_ value: String) {
        #expect(!NodeReader.isBlank(value))
    }

    @Test func aCampaignNameOfOnlyAnIdeographicSpaceIsEmpty() throws {
        let repo = try TempRepository(["campaigns/launch.yaml": "name: \"\u{3000}\"\nhashtags: ['#launch']\n"])
        #expect(repo.diagnostics() == ["campaigns/launch.yaml:1:7: error: name is empty"])
    }
}
