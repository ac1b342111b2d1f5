import Foundation
import Testing
@testable import HeraldKit

@Suite struct PlanRendererTests {
    @Test(arguments: ["plain", "quote \" and \\ backslash", "line\nbreak\ttab\r", "\u{01}\u{1F}\u{08}\u{0C}", "ünïcödé 🎉 / slash", ""])
    func stringsEscapeAsJSONEncoderDoes(_ value: String) throws {
        var text = JSONText()
        text.string(value)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        let expected = String(decoding: try encoder.encode(value), as: UTF8.self)
        #expect(text.text == expected)
        // And it reads back as the same string.
        #expect(try JSONDecoder().decode(String.self, from: Data(text.text.utf8)) == value)
    }

    @Test func emptyPlanIsValidJSON() throws {
        let json = PlanRenderer.render(Plan(at: Date(timeIntervalSince1970: 0), items: [], timeZone: nil), format: .json, color: false)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["schema"] as? String == "herald.plan/v1")
        #expect((object["items"] as? [Any])?.isEmpty == true)
        #expect((object["summary"] as? [String: Int])?["publish"] == 0)
    }
}
