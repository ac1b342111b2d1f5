import Foundation
import Testing
@testable import HeraldKit

/// How alike a status must read to be taken for a post edited since it was
/// published (`MastodonAdapter.EditedSince`).
@Suite struct TextSimilarityTests {
    @Test func aCorrectedWordLeavesATextAlike() {
        let corrected = TextSimilarity.dice("Old post one, sent a day late.", "Old post one, sent one day late.")
        #expect(corrected >= MastodonAdapter.EditedSince.threshold && corrected < 1)
        #expect(TextSimilarity.dice("Our winter release is out: faster sync and a new editor. #WinterLaunch",
                                    "Our winter release is out: faster sync and a brand-new editor. #WinterLaunch") >= 0.9)
        // Letter case aside, as Mastodon's rendering may change it.
        #expect(TextSimilarity.dice("Launch Day", "launch day") == 1)
    }

    @Test func postsOnOtherSubjectsAreNot() {
        #expect(TextSimilarity.dice("Webinar tomorrow at 10:00 CET: what's new in winter. #WinterLaunch",
                                    "Our winter release is out: faster sync and a new editor. #WinterLaunch") < MastodonAdapter.EditedSince.threshold)
        #expect(TextSimilarity.dice("Happy Friday", "Happy Monday") < MastodonAdapter.EditedSince.threshold)
        #expect(TextSimilarity.dice("hi", "hello") == 0)
        #expect(TextSimilarity.dice("", "a text") == 0)
        #expect(TextSimilarity.dice("", "") == 1)
    }
}

/// Which statuses another item's send with no answer yet accounts for
/// (`MastodonAdapter.EditedSince.sends`, `unaccounted`): one status at
/// most, of its text, in reply to what it replied to, made since it was
/// sent — else within the clocks' allowance before — the oldest first.
@Suite struct UnansweredSendsTests {
    let since = Date(timeIntervalSince1970: 1_800_000_000)

    func request(_ sends: [PartRequest.UnansweredSend]) -> PartRequest {
        let account = Account(id: "m1", platform: .mastodon, location: SourceLocation(path: "accounts.yaml", line: 2, column: 3))
        let part = ResolvedPart(index: 0, text: "Corrected words", textLocation: SourceLocation(path: "posts/a.yaml", line: 3, column: 7), media: [])
        var request = PartRequest(postID: "a", account: account, part: part, replyTo: nil, idempotencyKey: "k", language: nil, intentTime: since)
        request.mayPredateIntent = true
        request.unanswered = sends
        return request
    }

    func status(_ id: String, _ text: String, madeAfter seconds: TimeInterval, replyTo: String? = nil) -> ([String: Any], Date) {
        let made = since.addingTimeInterval(seconds)
        var status: [String: Any] = ["id": id, "content": "<p>\(text)</p>", "created_at": TimeParser.utc(made)]
        if let replyTo { status["in_reply_to_id"] = replyTo }
        return (status, made)
    }

    func contested(_ request: PartRequest, _ statuses: [([String: Any], Date)]) -> [MastodonAdapter.EditedSince.Contested] {
        statuses.compactMap { status, made in
            let sends = MastodonAdapter.EditedSince.sends(thatMayHaveMade: status, created: made, request)
            return sends.isEmpty ? nil : .init(edited: .init(id: status["id"] as! String, created: made, alike: 0.9, reply: false), status: status, sends: sends)
        }
    }

    @Test func aSendAccountsForTheOldestStatusMadeSinceIt() {
        let old = "Old words"
        let one = request([.init(text: old, media: [], since: since, replyTo: nil)])
        // Made long before the send, of other words, or in reply to something: not the send's.
        #expect(contested(one, [status("100", old, madeAfter: -3_600), status("101", "Other words", madeAfter: 5),
                                status("102", old, madeAfter: 5, replyTo: "9")]).isEmpty)
        // Made a minute before the send (within the clocks' allowance), and after it: the one after is the send's,
        // though the other is older.
        let both = contested(one, [status("104", old, madeAfter: 60), status("103", old, madeAfter: -60)])
        #expect(MastodonAdapter.EditedSince.unaccounted(both, one).map(\.edited.id) == ["103"])
        // Two after it: the older is the send's.
        let after = contested(one, [status("106", old, madeAfter: 90), status("105", old, madeAfter: 30)])
        #expect(MastodonAdapter.EditedSince.unaccounted(after, one).map(\.edited.id) == ["106"])
        // Two sends of those words: each accounts for one.
        let two = request([.init(text: old, media: [], since: since, replyTo: nil), .init(text: old, media: [], since: since, replyTo: nil)])
        #expect(MastodonAdapter.EditedSince.unaccounted(contested(two, [status("106", old, madeAfter: 90), status("105", old, madeAfter: 30)]), two).isEmpty)
        // With other media (a banner put for another): not the send's, which made a status with its own.
        let banner = [MediaRef(path: Located("media/dec.png", at: SourceLocation(path: "posts/b.yaml", line: 5, column: 13)),
                               alt: Located("December banner", at: SourceLocation(path: "posts/b.yaml", line: 6, column: 10)))]
        let pictured = request([.init(text: old, media: banner, since: since, replyTo: nil)])
        var november = status("109", old, madeAfter: 5)
        november.0["media_attachments"] = [["description": "November banner"]]
        var december = status("110", old, madeAfter: 6)
        december.0["media_attachments"] = [["description": "December banner"]]
        #expect(contested(pictured, [november, december]).map(\.edited.id) == ["110"])
        // A reply: the send's only under the part it replied to.
        let reply = request([.init(text: old, media: [], since: since, replyTo: "9")])
        #expect(contested(reply, [status("107", old, madeAfter: 5, replyTo: "8")]).isEmpty)
        #expect(contested(reply, [status("108", old, madeAfter: 5, replyTo: "9")]).map(\.sends) == [[0]])
    }

    /// The request with a second picture after its first.
    func twoPictures(_ request: PartRequest) -> PartRequest {
        var request = request
        request.part.media.append(MediaRef(path: Located("media/cake.png", at: SourceLocation(path: "posts/a.yaml", line: 7, column: 13)),
                                           alt: Located("A cake", at: SourceLocation(path: "posts/a.yaml", line: 8, column: 10))))
        return request
    }

    @Test func aPictureAddedLeavesTheWordsAlike() {
        let account = Account(id: "m1", platform: .mastodon, location: SourceLocation(path: "accounts.yaml", line: 2, column: 3))
        let media = [MediaRef(path: Located("media/team.png", at: SourceLocation(path: "posts/a.yaml", line: 5, column: 13)),
                              alt: Located("Five people standing in front of a whiteboard covered in diagrams, smiling", at: SourceLocation(path: "posts/a.yaml", line: 6, column: 10)))]
        let part = ResolvedPart(index: 0, text: "Meet the team behind herald 1.0!", textLocation: SourceLocation(path: "posts/a.yaml", line: 3, column: 7), media: media)
        var request = PartRequest(postID: "a", account: account, part: part, replyTo: nil, idempotencyKey: "k", language: nil, intentTime: since)
        request.mayPredateIntent = true
        #expect(MastodonAdapter.EditedSince.alike(["content": "<p>Meet the team behind herald 1.0!</p>"], id: "1", request) == 1)
        // Its alt text written since, the picture published without one: the same post.
        #expect(MastodonAdapter.EditedSince.alike(["content": "<p>Meet the team behind herald 1.0!</p>",
                                                   "media_attachments": [["description": NSNull()]]], id: "3", request) == 1)
        // Its alt text corrected and a second picture added: the same post.
        let typo = MastodonAdapter.EditedSince.alike(["content": "<p>Meet the team behind herald 1.0!</p>",
                                                      "media_attachments": [["description": "Five people standing in front of a whitebord covered in diagrams, smiling"]]],
                                                     id: "5", twoPictures(request))
        #expect(typo == 1, "\(typo ?? -1)")
        // One picture put for another, the words the same: another post of a series, told by its alt text.
        let other = MastodonAdapter.EditedSince.alike(["content": "<p>Meet the team behind herald 1.0!</p>",
                                                       "media_attachments": [["description": "A cake with one candle on it"]]], id: "2", request)
        #expect(other.map { $0 < MastodonAdapter.EditedSince.threshold } == true, "\(other ?? -1)")
        // Two pictures of other alt texts for one: another post of the series as well.
        let two = MastodonAdapter.EditedSince.alike(["content": "<p>Meet the team behind herald 1.0!</p>",
                                                     "media_attachments": [["description": "A cake with one candle on it"], ["description": "Balloons"]]], id: "4", request)
        #expect(two.map { $0 < MastodonAdapter.EditedSince.threshold } == true, "\(two ?? -1)")
    }
}
