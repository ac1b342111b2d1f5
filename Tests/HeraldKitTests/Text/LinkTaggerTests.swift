import Testing
@testable import HeraldKit

@Suite("LinkTagger")
struct LinkTaggerTests {
    private func tag(_ text: String, _ platform: Platform = .mastodon,
                     _ tagging: LinkTagging = LinkTagging()) -> String {
        LinkTagger.tag(text, platform: platform, campaignID: "launch", tagging: tagging)
    }

    private let utm = "utm_source=mastodon&utm_medium=social&utm_campaign=launch"

    @Test("prose punctuation stays outside the link")
    func trailingPunctuation() {
        #expect(tag("See https://example.com/page.") == "See https://example.com/page?\(utm).")
        #expect(tag("Seen https://example.com/faq?") == "Seen https://example.com/faq?\(utm)?")
        #expect(tag("(https://example.com/a), then!") == "(https://example.com/a?\(utm)), then!")
    }

    /// Mastodon counts a t.co link's query as text (twitter-text's Ruby),
    /// but the parameters still go after the query, not between the link and it.
    @Test("a t.co link's query stays the link's on Mastodon")
    func tcoQuery() {
        #expect(tag("see https://t.co/abc?x=1 now") == "see https://t.co/abc?x=1&\(utm) now")
        #expect(tag("see https://t.co/abc now") == "see https://t.co/abc?\(utm) now")
    }

    @Test("existing query and encoding kept, parameters before the fragment")
    func queryAndFragment() {
        #expect(tag("https://example.com/a?b=1&c=%20x%2F") == "https://example.com/a?b=1&c=%20x%2F&\(utm)")
        #expect(tag("https://example.com/a?b=1#top") == "https://example.com/a?b=1&\(utm)#top")
        #expect(tag("https://example.com/#frag?x=1") == "https://example.com/?\(utm)#frag?x=1")
        #expect(tag("https://example.com/a?b=1&") == "https://example.com/a?b=1&\(utm)")
    }

    @Test("links with utm_ parameters are left alone unless overridden")
    func existingUTM() {
        let text = "https://example.com/?a=1&utm_campaign=old&b=2&UTM_CAMPAIGN=older"
        #expect(tag(text) == text)
        #expect(tag(text, .x, LinkTagging(overrideExisting: true))
            == "https://example.com/?a=1&utm_campaign=launch&b=2&utm_source=x&utm_medium=social")
        #expect(tag("https://example.com/?utm_id=7", .x, LinkTagging(overrideExisting: true))
            == "https://example.com/?utm_id=7&utm_source=x&utm_medium=social&utm_campaign=launch")
    }

    @Test("overrides, extras and encoding of values")
    func parameters() {
        let tagging = LinkTagging(source: "newsletter", medium: "", campaign: "spring sale/2025", content: "hero",
                                  term: "ä", extra: ["ref": "herald", "utm_content": "footer"])
        #expect(tag("https://example.com", .bluesky, tagging)
            == "https://example.com/?utm_source=newsletter&utm_campaign=spring%20sale%2F2025"
            + "&utm_content=footer&utm_term=%C3%A4&ref=herald")
        // A parameter the link has already keeps its value, once, in any case; overridden, it takes the campaign's.
        let extra = LinkTagging(extra: ["ref": "herald"])
        #expect(tag("https://example.com/r?ref=old", .mastodon, extra) == "https://example.com/r?ref=old&\(utm)")
        #expect(tag("https://example.com/r?REF=old", .mastodon, extra) == "https://example.com/r?REF=old&\(utm)")
        #expect(tag("https://example.com/r?ref=old", .mastodon, LinkTagging(extra: ["ref": "herald"], overrideExisting: true))
            == "https://example.com/r?ref=herald&\(utm)")
    }

    @Test("tricky links: no scheme, parentheses, Unicode, several links, non-links")
    func trickyLinks() {
        let x = "utm_source=x&utm_medium=social&utm_campaign=launch"
        #expect(tag("Visit example.com/docs today", .x) == "Visit example.com/docs?\(x) today")
        #expect(tag("(https://en.wikipedia.org/wiki/Swift_(programming_language))")
            == "(https://en.wikipedia.org/wiki/Swift_(programming_language)?\(utm))")
        #expect(tag("詳しくはhttps://example.com/Русские_слова。", .x)
            == "詳しくはhttps://example.com/Русские_слова?\(x)。")
        #expect(tag("a https://a.com b http://b.org/x?y=z") == "a https://a.com/?\(utm) b http://b.org/x?y=z&\(utm)")
        let untouched = "mail bob@example.com, @example.com, #example.com, $example.com, file.bz2"
        #expect(tag(untouched, .x) == untouched)
    }

    /// A link with no path gets `/` before its query, the same address: X
    /// keeps a query in a link without a scheme only after a path, so
    /// `example.com?utm_…` would count the parameters as text.
    @Test("a link with no path gets one before its query")
    func linksWithoutAPath() {
        let x = "utm_source=x&utm_medium=social&utm_campaign=launch"
        #expect(tag("see example.com today", .x) == "see example.com/?\(x) today")
        #expect(tag("see www.example.com, then", .x) == "see www.example.com/?\(x), then")
        #expect(tag("https://example.com:8080 now", .x) == "https://example.com:8080/?\(x) now")
        // Without a scheme X links the host alone; the parameters still go after the port.
        #expect(tag("see www.example.com:8080, then", .x) == "see www.example.com:8080/?\(x), then")
        #expect(tag("see example.com:8080", .threads) == "see example.com:8080/?\(x.replacingOccurrences(of: "=x&", with: "=threads&"))")
        #expect(TextRules.measure(tag("see www.example.com:8080, then", .x), platform: .x).length == 4 + 23 + 6)
        #expect(tag("https://example.com?a=1#top", .x) == "https://example.com/?a=1&\(x)#top")
        #expect(tag("https://example.com/?a=1", .x) == "https://example.com/?a=1&\(x)")
        // Without a scheme X links the host alone, not the query after it: the parameters join
        // that query, not end the host, where `?x=1` went into utm_campaign's value.
        #expect(tag("see example.org?x=1 now", .x) == "see example.org/?x=1&\(x) now")
        #expect(tag("see example.org?x=1.", .x) == "see example.org/?x=1&\(x).")
        #expect(tag("see example.org#top", .x) == "see example.org/?\(x)#top")
        #expect(TextRules.measure(tag("see example.org?x=1 now", .x), platform: .x).length == 4 + 23 + 4)
        // Counted as X counts it: the tagged link is one link of 23.
        let text = String(repeating: "a", count: 240) + " see example.com"
        let tagged = tag(text, .x)
        #expect(TextRules.measure(tagged, platform: .x).length == 240 + 1 + 4 + 23)
    }

    /// Each platform's own links are tagged, at their own end: a link cut
    /// short would get the parameters inside its path, and text that is
    /// no link would show them as prose.
    @Test("the links each platform makes")
    func linksOfEachPlatform() {
        // Mastodon: only with a scheme, a path of any letters, web links alone.
        #expect(tag("Visit example.com/docs today") == "Visit example.com/docs today")
        #expect(tag("https://ja.wikipedia.org/wiki/東京 です") == "https://ja.wikipedia.org/wiki/東京?\(utm) です")
        #expect(tag("gemini://example.com/x or HTTPS://example.com/y")
            == "gemini://example.com/x or HTTPS://example.com/y?\(utm)")
        #expect(tag("https://example.com/a= b") == "https://example.com/a?\(utm)= b")
        // Bluesky: up to a space after the scheme, less trailing punctuation; bare hosts too.
        let bluesky = "utm_source=bluesky&utm_medium=social&utm_campaign=launch"
        #expect(tag("see https://example.com/東京!", .bluesky) == "see https://example.com/東京?\(bluesky)!")
        #expect(tag("see example.com/docs", .bluesky) == "see example.com/docs?\(bluesky)")
    }
}
