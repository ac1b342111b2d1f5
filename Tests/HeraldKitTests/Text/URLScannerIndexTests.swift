import Foundation
import Testing
@testable import HeraldKit

/// `TwitterURLScanner.LabelIndex` looks up what the scanner's walks over a
/// text's labels find, for a text with a long run of them. Looked up or
/// walked, the spans are the same: compared on the conformance texts and on
/// random texts made of the pieces hosts, paths and their neighbours are
/// made of, with the index built at once and never.
@Suite struct URLScannerIndexTests {
    static let pieces = ["a", "b", "x", "ab", "xn--", "n", "-", "_", ".", "..", "/", "?", "=", "&", "#", "@", "$", "1", "42",
                         "com", "co", "jp", "org", "みんな", "é", "ä", "。", "．", "(", ")", " ", "\n", "https://", "http://",
                         "gemini://", "t.co/", "www.", ":8080", "'", "!", ","]

    func spans(_ text: String, indexAfter: Int, withoutProtocol: Bool, dialect: URLDialect) -> [Range<Int>] {
        TwitterURLScanner.spans(in: ScalarText(text), extractWithoutProtocol: withoutProtocol, dialect: dialect, indexAfter: indexAfter)
    }

    func checkBothWays(_ text: String) {
        for dialect in [URLDialect.twitter, .mastodon] {
            for withoutProtocol in [true, false] {
                let walked = spans(text, indexAfter: .max, withoutProtocol: withoutProtocol, dialect: dialect)
                let indexed = spans(text, indexAfter: 0, withoutProtocol: withoutProtocol, dialect: dialect)
                #expect(indexed == walked, "\(dialect) \(withoutProtocol): \(text.debugDescription)")
            }
        }
    }

    /// Hosts alone, where labels valid or not as subdomains and as domain names meet.
    static let hostPieces = ["a", "b", "-", "_", ".", ".", ".", "com", "jp", "é", "xn--", " ", "/", "1"]

    @Test(arguments: [(pieces, 24), (hostPieces, 16)])
    func randomTextsGiveTheSameSpansIndexed(pieces: [String], length: Int) {
        var generator = SplitMix64(seed: 2026_12_05)
        for _ in 0..<8_000 {
            let count = Int.random(in: 1...length, using: &generator)
            checkBothWays((0..<count).map { _ in pieces.randomElement(using: &generator)! }.joined())
        }
    }

    @Test func conformanceTextsGiveTheSameSpansIndexed() throws {
        for section in ["urls", "urls_with_indices", "urls_with_directional_markers", "tco_urls_with_params"] {
            for item in try ConformanceData.cases("extract.yml", section: section) { checkBothWays(item.text) }
        }
    }

    /// Long runs: indexed after the default walk, as a post file could hold them.
    @Test func longRunsOfLabelsAreFoundAsWhenWalked() {
        let texts = [String(repeating: "a.", count: 800), "www" + String(repeating: ".x", count: 800),
                     "http://" + String(repeating: "a-", count: 800) + ".com", String(repeating: "1.2.3.4.", count: 200),
                     String(repeating: "a.", count: 500) + "com and " + String(repeating: "b.", count: 500) + "example.org/x",
                     // A paragraph without spaces before a dot: each start's label was scanned for '_' (in the square).
                     String(repeating: "日", count: 800) + "ver.2", String(repeating: "日", count: 400) + "_" + String(repeating: "日", count: 400) + ".com",
                     String(repeating: "日", count: 800) + ".c_m"]
        for text in texts {
            for dialect in [URLDialect.twitter, .mastodon] {
                #expect(spans(text, indexAfter: LabelIndex.walkedBeforeIndexing, withoutProtocol: true, dialect: dialect)
                    == spans(text, indexAfter: .max, withoutProtocol: true, dialect: dialect))
            }
        }
    }

    typealias LabelIndex = TwitterURLScanner<ScalarText>.LabelIndex
}

/// A small seeded generator, so a failure names a text that comes back.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
