import Foundation
import Testing
@testable import HeraldKit

/// X's counting against twitter-text's own validate.yml, read at test time.
@Suite("twitter-text validate.yml")
struct TwitterTextConformanceTests {
    @Test("WeightedTweetsWithDiscountedEmojiCounterTest (config v3)")
    func discountedEmoji() throws {
        try checkCounting(section: "WeightedTweetsWithDiscountedEmojiCounterTest", configuration: .v3)
    }

    @Test("UnicodeDirectionalMarkerCounterTest")
    func directionalMarkers() throws {
        try checkCounting(section: "UnicodeDirectionalMarkerCounterTest", configuration: .v3)
    }

    /// The same texts under config v2 (no emoji discount) — not what X applies
    /// today, but it exercises the per-code-point weights and URL spans.
    @Test("WeightedTweetsCounterTest (config v2: emoji parsing off)")
    func weightedWithoutEmojiParsing() throws {
        var v2 = TwitterText.Configuration.v3
        v2.emojiParsingEnabled = false
        try checkCounting(section: "WeightedTweetsCounterTest", configuration: v2)
    }

    @Test("Configuration.v3 equals config-v3.json")
    func configurationMatchesJSON() throws {
        let data = try Data(contentsOf: ConformanceData.url("config-v3.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let v3 = TwitterText.Configuration.v3
        #expect(json["maxWeightedTweetLength"] as? Int == v3.maxWeightedTweetLength)
        #expect(json["scale"] as? Int == v3.scale)
        #expect(json["defaultWeight"] as? Int == v3.defaultWeight)
        #expect(json["transformedURLLength"] as? Int == v3.transformedURLLength)
        #expect(json["emojiParsingEnabled"] as? Bool == v3.emojiParsingEnabled)
        let ranges = try #require(json["ranges"] as? [[String: Int]])
        #expect(ranges.map { [$0["start"], $0["end"], $0["weight"]] }
            == v3.ranges.map { [Int($0.start), Int($0.end), $0.weight] })
    }

    private func checkCounting(section: String, configuration: TwitterText.Configuration) throws {
        let cases = try ConformanceData.cases("validate.yml", section: section)
        #expect(!cases.isEmpty)
        var passed = 0
        for item in cases {
            let result = TwitterText.parse(item.text, configuration: configuration)
            let e = item.expected
            var actual: [String: Int] = [
                "weightedLength": result.weightedLength, "permillage": result.permillage,
                "displayRangeStart": result.displayRangeStart, "displayRangeEnd": result.displayRangeEnd,
                "validRangeStart": result.validRangeStart, "validRangeEnd": result.validRangeEnd,
            ]
            var ok = e["valid"]?.bool == result.valid
            #expect(e["valid"]?.bool == result.valid, "\(item.description): valid")
            guard case let .map(pairs) = e else {
                Issue.record("\(item.description): expected a mapping")
                continue
            }
            for (key, value) in pairs where key != "valid" {
                let got = actual.removeValue(forKey: key)
                ok = ok && got == value.int
                #expect(got == value.int, "\(item.description): \(key)")
            }
            if ok { passed += 1 }
        }
        print("validate.yml \(section): \(passed)/\(cases.count) cases pass")
    }
}
