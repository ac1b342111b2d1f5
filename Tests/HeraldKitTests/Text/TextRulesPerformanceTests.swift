import Foundation
import Testing
@testable import HeraldKit

@Suite("TextRules performance")
struct TextRulesPerformanceTests {
    /// 30,000 varied texts measured for X (the heaviest rule) and Bluesky
    /// facets; the bound is loose (debug build, shared machine) and only
    /// catches accidental quadratic work or per-call regex compilation.
    @Test("30,000 texts")
    func thirtyThousandTexts() {
        let samples = [
            "Launching today: herald publishes your posts everywhere. https://example.com/launch?ref=x #launch",
            "日本語のテキストとリンク example.jp/path と絵文字 👨‍👩‍👧‍👦🇯🇵 を含む投稿です。",
            "Ünïcödé façade naïve café — “quotes” … and @alice.bsky.social mentions (see bsky.app/about).",
            String(repeating: "word ", count: 50) + "http://t.co/abc123 www.example.co.uk/a_(b)",
            "Русский текст со ссылкой https://пример.рф/страница и хэштегом #тест 👋🏽",
        ]
        let clock = ContinuousClock()
        var total = 0
        let elapsed = clock.measure {
            for i in 0..<30_000 {
                let text = samples[i % samples.count] + " \(i)"
                total += TextRules.measure(text, platform: .x).length
                total += BlueskyRichText.facets(in: text).count
            }
        }
        print("30,000 texts (X measure + Bluesky facets): \(elapsed)")
        #expect(total > 0)
        #expect(elapsed < .seconds(60))
    }
}
