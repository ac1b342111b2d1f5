import Testing
@testable import HeraldKit

@Suite("Bluesky facets")
struct BlueskyRichTextTests {
    /// The UTF-8 byte span of the first `needle` in `text`.
    private func span(_ needle: String, in text: String) throws -> (Int, Int) {
        let range = try #require(text.range(of: needle))
        let start = text.utf8.distance(from: text.startIndex, to: range.lowerBound)
        return (start, start + needle.utf8.count)
    }

    private func facet(_ needle: String, in text: String, _ feature: BlueskyFacet.Feature) throws -> BlueskyFacet {
        let (start, end) = try span(needle, in: text)
        return BlueskyFacet(byteStart: start, byteEnd: end, feature: feature)
    }

    @Test("mention, link and tag after multi-byte text, in position order")
    func mixed() throws {
        let text = "✨ Grüße #Swift6 von @alice.bsky.social: https://example.com/ä?x=1, 🎉"
        #expect(BlueskyRichText.facets(in: text) == [
            try facet("#Swift6", in: text, .tag("Swift6")),
            try facet("@alice.bsky.social", in: text, .mention("alice.bsky.social")),
            try facet("https://example.com/ä?x=1", in: text, .link("https://example.com/ä?x=1")),
        ])
    }

    @Test("offsets count UTF-8 bytes after emoji sequences and combining marks")
    func byteOffsets() throws {
        let text = "👨‍👩‍👧‍👦 e\u{301}te\u{301} example.com @bob.test"
        let facets = BlueskyRichText.facets(in: text)
        #expect(facets == [
            BlueskyFacet(byteStart: 34, byteEnd: 45, feature: .link("https://example.com")),
            BlueskyFacet(byteStart: 46, byteEnd: 55, feature: .mention("bob.test")),
        ])
        // family 25 bytes, space, "e\u{301}te\u{301}" 7 bytes, space
        #expect(facets.first?.byteStart == 25 + 1 + 7 + 1)
    }

    @Test("mentions need a known TLD (or .test) and a word boundary")
    func mentions() throws {
        #expect(BlueskyRichText.facets(in: "hi @alice and @alice.notatld").isEmpty)
        let text = "(@jay.bsky.team) cc @Bob.Example.com."
        #expect(BlueskyRichText.facets(in: text) == [
            try facet("@jay.bsky.team", in: text, .mention("jay.bsky.team")),
            try facet("@Bob.Example.com", in: text, .mention("Bob.Example.com")),
        ])
        #expect(BlueskyRichText.facets(in: "mail bob@example.com").isEmpty)
    }

    @Test("links: bare hosts get https://, trailing punctuation stays out")
    func links() throws {
        let text = "see example.com. And (https://en.wikipedia.org/wiki/Swift_(language)) or (bsky.app/about)"
        #expect(BlueskyRichText.facets(in: text) == [
            try facet("example.com", in: text, .link("https://example.com")),
            // As upstream: a ")" is only dropped when the link has no "(".
            try facet("https://en.wikipedia.org/wiki/Swift_(language))", in: text,
                      .link("https://en.wikipedia.org/wiki/Swift_(language))")),
            try facet("bsky.app/about", in: text, .link("https://bsky.app/about")),
        ])
        #expect(BlueskyRichText.facets(in: "not.atld and sub-domain.com and file.txt").isEmpty)
        #expect(BlueskyRichText.facets(in: "x:https://example.com").isEmpty)
    }

    @Test("tags: not only digits, trailing punctuation dropped, at most 64")
    func tags() throws {
        #expect(BlueskyRichText.facets(in: "#123 and a#tag and #\u{FE0F}x").isEmpty)
        let text = "#1a #tag_, #🔥 ＃タグ #ok!"
        #expect(BlueskyRichText.facets(in: text) == [
            try facet("#1a", in: text, .tag("1a")),
            try facet("#tag", in: text, .tag("tag")),
            try facet("#🔥", in: text, .tag("🔥")),
            try facet("＃タグ", in: text, .tag("タグ")),
            try facet("#ok", in: text, .tag("ok")),
        ])
        let long = "#" + String(repeating: "a", count: 65)
        #expect(BlueskyRichText.facets(in: long).isEmpty)
        #expect(BlueskyRichText.facets(in: String(long.dropLast())).count == 1)
    }
}
