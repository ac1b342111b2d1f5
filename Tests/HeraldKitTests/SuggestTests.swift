@testable import HeraldKit
import Testing

@Suite struct SuggestTests {
    func distance(_ a: String, _ b: String) -> Int {
        Suggest.editDistance(Array(a.unicodeScalars), Array(b.unicodeScalars))
    }

    @Test func editDistanceCountsEachTypoOnce() {
        #expect(distance("kitten", "sitting") == 3)
        #expect(distance("", "abc") == 3)
        #expect(distance("abc", "") == 3)
        #expect(distance("same", "same") == 0)
        // A swap of two neighbours is one typo.
        #expect(distance("ab", "ba") == 1)
        #expect(distance("acme-x", "acme-x") == 0)
        #expect(distance("timezone", "tiemzone") == 1)
        // Not a swap: each of these takes two edits.
        #expect(distance("aba", "bab") == 2)
        #expect(distance("aaba", "abab") == 2)
        #expect(distance("aaba", "bbab") == 3)
    }

    @Test func closestIsAPlausibleTypoOrNothing() {
        #expect(Suggest.closest(to: "publsh_at", in: PostDecoder.keys) == "publish_at")
        #expect(Suggest.closest(to: "TEXT", in: PostDecoder.keys) == "text")
        #expect(Suggest.closest(to: "colour", in: PostDecoder.keys) == nil)
        #expect(Suggest.closest(to: "Europe/Berln", in: ["Europe/Berlin", "Europe/Bern"]) == "Europe/Berlin")
        // Far longer or shorter than every candidate: too many edits to be a typo.
        #expect(Suggest.closest(to: "t", in: ["text", "thread"]) == nil)
        #expect(Suggest.closest(to: "x", in: ["x", "vk"]) == "x")
    }

    /// With no plausible typo, a short name for a long id finds it when
    /// it is a whole word of one id only.
    @Test func aShortNameFindsTheOneIdItStartsOrEnds() {
        #expect(Suggest.closest(to: "winter", in: ["summer-sale", "winter-launch"]) == "winter-launch")
        #expect(Suggest.closest(to: "mastodon", in: ["acme-x", "acme-mastodon"]) == "acme-mastodon")
        #expect(Suggest.closest(to: "launch", in: ["2026/launch", "2026/launch-teaser"]) == "2026/launch")
        #expect(Suggest.closest(to: "Publish", in: PostDecoder.keys) == "publish_at")
        // Two ids have it: neither is suggested.
        #expect(Suggest.closest(to: "acme", in: ["acme-x", "acme-mastodon"]) == nil)
        // Not a whole word of the id, or too short to look for.
        #expect(Suggest.closest(to: "wint", in: ["winter-launch"]) == nil)
        #expect(Suggest.closest(to: "don", in: ["acme-mastodon"]) == nil)
        #expect(Suggest.closest(to: "li", in: ["acme-li"]) == nil)
        #expect(Suggest.AccountNames([Account(id: "acme-mastodon", platform: .mastodon, location: .init(path: "accounts.yaml", line: 1, column: 1)),
                                      Account(id: "acme-x", platform: .x, location: .init(path: "accounts.yaml", line: 2, column: 1))])
            .closest(to: "twitter") == "acme-x")
    }

    /// A value of many kilobytes (a pasted blob, a fuzzed file) gets no
    /// suggestion: it is not compared with hundreds of time zones.
    @Test func aVeryLongWordGetsNoSuggestion() {
        let blob = String(repeating: "a", count: 70_000)
        #expect(Suggest.closest(to: blob, in: [blob]) == nil)
        #expect(Suggest.closest(to: String(repeating: "a", count: 200), in: [String(repeating: "a", count: 199)]) == String(repeating: "a", count: 199))
    }

    /// With a limit, the table is left once the distance must exceed it;
    /// the distance found is the same as without.
    @Test func editDistanceWithALimit() {
        let words = ["kitten", "sitting", "", "ab", "ba", "aaba", "bbab", "abab", "acme-x", "acme-mastodon", "tiemzone", "timezone"]
        for a in words {
            for b in words {
                let full = distance(a, b)
                for limit in 0...8 {
                    #expect(Suggest.editDistance(Array(a.unicodeScalars), Array(b.unicodeScalars), atMost: limit) == (full <= limit ? full : nil),
                            "\(a) \(b) \(limit)")
                }
            }
        }
    }

    /// Candidates prepared once answer as `closest` does; a list of more
    /// than a thousand gets no suggestion.
    @Test func preparedCandidates() {
        let keys = Suggest.Candidates(PostDecoder.keys)
        #expect(keys.closest(to: "publsh_at") == "publish_at")
        #expect(keys.closest(to: "colour") == nil)
        // Equally close: the first wins.
        #expect(Suggest.Candidates(["acme-b", "acme-a"]).closest(to: "acme-c") == "acme-b")
        let many = (0..<1_001).map { "acct-\($0)" }
        #expect(Suggest.Candidates(many.dropLast()).closest(to: "akct-7") == "acct-7")
        #expect(Suggest.Candidates(many).closest(to: "akct-7") == nil)
        // One look-up, as `state resolve` makes for a post id, is not capped.
        #expect(Suggest.closest(to: "akct-7", in: many) == "acct-7")
        let accounts = many.map { Account(id: $0, platform: .mastodon, location: .init(path: "accounts.yaml", line: 1, column: 1)) }
        #expect(Suggest.AccountNames(Array(accounts.dropLast())).closest(to: "akct-7") == "acct-7")
        #expect(Suggest.AccountNames(accounts).closest(to: "akct-7") == nil)
        // A thousand X accounts are four thousand names with `twitter`, `tweet` and `twtr`: still suggested.
        let x = (0..<1_000).map { Account(id: "acme-x-\($0)", platform: .x, location: .init(path: "accounts.yaml", line: 1, column: 1)) }
        #expect(Suggest.AccountNames(x).closest(to: "acme-twitter-7") == "acme-x-7")
    }
}
