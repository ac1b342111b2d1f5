import Testing
@testable import HeraldKit

/// URL recognition against twitter-text's extract.yml, read at test time.
@Suite("twitter-text extract.yml URLs")
struct TwitterURLConformanceTests {
    @Test("urls")
    func urls() throws { try checkStrings(section: "urls") }

    @Test("tco_urls_with_params")
    func tcoURLsWithParameters() throws { try checkStrings(section: "tco_urls_with_params") }

    @Test("urls_with_indices")
    func urlsWithIndices() throws { try checkIndices(section: "urls_with_indices") }

    @Test("urls_with_directional_markers")
    func urlsWithDirectionalMarkers() throws { try checkIndices(section: "urls_with_directional_markers") }

    private func checkStrings(section: String) throws {
        let cases = try ConformanceData.cases("extract.yml", section: section)
        #expect(!cases.isEmpty)
        var passed = 0
        for item in cases {
            let expected = try #require(item.expected.list, "\(item.description)").compactMap(\.string)
            let found = TwitterText.extractURLs(item.text).map { String(item.text[$0]) }
            #expect(found == expected, "\(item.description)")
            if found == expected { passed += 1 }
        }
        print("extract.yml \(section): \(passed)/\(cases.count) cases pass")
    }

    /// Indices in extract.yml are UTF-16 offsets, as in JavaScript.
    private func checkIndices(section: String) throws {
        let cases = try ConformanceData.cases("extract.yml", section: section)
        #expect(!cases.isEmpty)
        var passed = 0
        for item in cases {
            let expected = try #require(item.expected.list, "\(item.description)").map { entry in
                URLSpan(url: entry["url"]?.string ?? "", indices: entry["indices"]?.list?.compactMap(\.int) ?? [])
            }
            let utf16 = item.text.utf16
            let found = TwitterText.extractURLs(item.text).map { range in
                URLSpan(url: String(item.text[range]),
                        indices: [utf16.distance(from: utf16.startIndex, to: range.lowerBound),
                                  utf16.distance(from: utf16.startIndex, to: range.upperBound)])
            }
            #expect(found == expected, "\(item.description)")
            if found == expected { passed += 1 }
        }
        print("extract.yml \(section): \(passed)/\(cases.count) cases pass")
    }

    private struct URLSpan: Equatable, CustomStringConvertible {
        var url: String
        var indices: [Int]
        var description: String { "\(url) \(indices)" }
    }
}
