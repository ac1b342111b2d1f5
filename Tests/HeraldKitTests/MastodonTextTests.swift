import Foundation
import Testing
@testable import HeraldKit

/// How the Mastodon adapter reads a status back: its HTML as text, and
/// whether the account's list goes on past a page. Servers that speak
/// Mastodon's API write both in more ways than Mastodon does.
@Suite struct MastodonTextTests {
    /// Character references as Mastodon (`&#39;`) and other servers write
    /// them (`&#x27;`, `&#34;`, `&nbsp;`): a status so written reads as the
    /// text sent, and is found after a lost state rather than sent again.
    @Test func statusesReadWithEveryCharacterReference() {
        #expect(MastodonAdapter.stripHTML("<p>It&#x27;s &#34;quoted&#34; caf&#233;</p>") == "It's \"quoted\" café")
        #expect(MastodonAdapter.plain(MastodonAdapter.stripHTML("<p>Open 9&nbsp;to&nbsp;5 every day</p>")) == "Open 9 to 5 every day")
        #expect(MastodonAdapter.stripHTML("<p>a &lt;b&gt; &amp;amp; &apos;c&#39;</p>") == "a <b> &amp; 'c'")
        // What is no reference is left as written.
        #expect(MastodonAdapter.decodingEntities("AT&T; &unknown; &#xZZ; & done &") == "AT&T; &unknown; &#xZZ; & done &")
        #expect(MastodonAdapter.decodingEntities("&#128512;&#x1F600;") == "😀😀")
    }

    /// A page's `Link` header says whether the list goes on: a server that
    /// gives 20 statuses where 40 were asked links the next page all the
    /// same. Before, a page of fewer than 40 was taken for the list's end,
    /// a status further back was not found, and the post was sent again.
    @Test func theNextPageIsReadFromTheLinkHeader() {
        func headers(_ link: String?) -> HTTPHeaders {
            var headers: HTTPHeaders = [:]
            if let link { headers.append(name: "Link", value: link) }
            return headers
        }
        let next = #"<https://m.example/api/v1/accounts/1/statuses?limit=40&max_id=7>; rel="next", <https://m.example/api/v1/accounts/1/statuses?min_id=9>; rel="prev""#
        #expect(MastodonAdapter.linksNextPage(headers(next)) == true)
        #expect(MastodonAdapter.linksNextPage(headers(#"<https://m.example/x?min_id=9>; rel="prev""#)) == false)
        #expect(MastodonAdapter.linksNextPage(headers("<https://m.example/x?max_id=7>; REL=next")) == true)
        #expect(MastodonAdapter.linksNextPage(headers(nil)) == nil)
    }

    /// An instance's limits are read as JSON wrote them: a number; not
    /// `true` (which reads as 1), 0, or a string, which set no limit.
    @Test func instanceLimitsAreWholeNumbersOnly() throws {
        let json = #"{"statuses": {"max_characters": 1000, "max_media_attachments": true, "characters_reserved_per_url": 23},"#
            + #" "media_attachments": {"image_size_limit": 0, "video_size_limit": "big", "description_limit": 1500}}"#
        let configuration = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let limits = MastodonAdapter.InstanceLimits(configuration)
        #expect(limits.maxCharacters == 1000 && limits.urlLength == 23 && limits.descriptionLimit == 1500)
        #expect(limits.maxMediaAttachments == nil && limits.imageSizeLimit == nil && limits.videoSizeLimit == nil)
    }
}

extension MastodonTextTests {
    /// Mastodon's ids are numbers written as strings: a shorter one is the
    /// older, whatever its digits (an instance's early statuses, or a
    /// server of small ids, which need not be snowflakes). Compared as
    /// strings alone, "99" would be newer than "100".
    @Test func anIdIsOlderByItsNumberNotItsSpelling() {
        #expect(MastodonAdapter.isOlder("99", than: "100"))
        #expect(!MastodonAdapter.isOlder("100", than: "99"))
        #expect(MastodonAdapter.isOlder("109876543210987654", than: "110000000000000000"))
        #expect(!MastodonAdapter.isOlder("7", than: "7"))
    }
}

extension MastodonTextTests {
    /// A `rel` may name several relations, separated by spaces (RFC 8288):
    /// `rel="next last"` links a next page as `rel="next"` does. Read as
    /// one word, the list would end there, a status further back would not
    /// be found, and the post be sent again.
    @Test func aLinkOfSeveralRelationsNamesTheNextPage() {
        func headers(_ link: String) -> HTTPHeaders {
            var headers: HTTPHeaders = [:]
            headers.append(name: "Link", value: link)
            return headers
        }
        #expect(MastodonAdapter.linksNextPage(headers(#"<https://m.example/x?max_id=7>; rel="next last""#)) == true)
        #expect(MastodonAdapter.linksNextPage(headers(#"<https://m.example/x?max_id=7>; rel="first  Next""#)) == true)
        #expect(MastodonAdapter.linksNextPage(headers(#"<https://m.example/x?min_id=9>; rel="prev first""#)) == false)
        #expect(MastodonAdapter.linksNextPage(headers(#"<https://m.example/x?min_id=9>; rel="nextpage""#)) == false)
    }
}
