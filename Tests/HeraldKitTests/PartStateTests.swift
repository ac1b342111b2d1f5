import Foundation
import HeraldTestSupport
import Testing
@testable import HeraldKit

/// How a part's records fold into its state when the shard holds what
/// herald alone would not write (merged branches, lost lines, a wrong
/// `state resolve`), and when a record's due is the same time.
extension StateTests {
    /// `attempts` is the attempt number of the last intent, as written,
    /// not only how many intent lines are left: with earlier intents gone
    /// (lines lost in a merge, deleted by hand), the next send is numbered
    /// after the highest one recorded, and never repeats a number.
    @Test func attemptsFollowTheNumberTheLastIntentWrote() {
        var part = PartState()
        _ = part.apply(StateRecord(time: date("2026-12-01T08:05:00Z"), event: .intent, post: "a", part: 0, hash: "h", key: "k", attempt: 3))
        #expect(part.attempts == 3)
        _ = part.apply(StateRecord(time: date("2026-12-01T08:10:00Z"), event: .intent, post: "a", part: 0, hash: "h", key: "k"))
        #expect(part.attempts == 4)
    }

    /// A part's key is its first intent's: every repeat is sent with it,
    /// and the plan tells a rescheduled thread by it. An intent with
    /// another key later in the file (two branches' records merged, or an
    /// older herald's) does not replace it.
    @Test func aPartsKeyIsItsFirstIntents() {
        var part = PartState()
        _ = part.apply(StateRecord(time: date("2026-12-01T09:00:01Z"), event: .intent, post: "a", part: 0, hash: "h", key: "herald-first", attempt: 1))
        _ = part.apply(StateRecord(time: date("2026-12-01T09:20:01Z"), event: .intent, post: "a", part: 0, hash: "h", key: "herald-second", attempt: 2))
        #expect(part.key == "herald-first")
        #expect(part.pendingIntent?.key == "herald-second")
    }

    /// Two parts recorded as published with one remote id (a `state resolve
    /// --published` given the wrong id): the status is claimed by the first
    /// in post and part order, with the words it was published with where
    /// the plan still holds them, whatever order the shard lists them in.
    @Test func aRemoteIdTwoPartsRecordIsClaimedByTheFirst() {
        func published(_ post: String, _ hash: String) -> PartState {
            var part = PartState()
            _ = part.apply(StateRecord(time: date("2026-12-01T09:00:01Z"), event: .published, post: post, part: 0, hash: hash, remoteID: "42"))
            return part
        }
        var snapshot = StateSnapshot()
        snapshot.shards["acme-m"] = [.init(post: "b", part: 0): published("b", "hb"), .init(post: "a", part: 0): published("a", "ha")]
        let claimants = snapshot.claimants(of: "acme-m", texts: ["a#0": (hash: "ha", text: "the words of a"), "b#0": (hash: "hb", text: "the words of b")])
        #expect(claimants == ["42": PartRequest.Claimant(post: "a", part: 0, text: "the words of a", hash: "ha")])
        #expect(snapshot.part(publishedAs: "42", account: "acme-m")! == ("a", 0))
    }

    /// A record's `due` is the publish_at it was sent for only when it is
    /// that second: publish_at and records are whole seconds, so a
    /// publish_at moved by one second is another time (a thread
    /// rescheduled, an early send told from one made for its time).
    @Test func aDueOneSecondAwayIsAnotherTime() {
        let due = date("2026-12-01T09:00:00Z")
        #expect(StateRecord.sameDue(due, offset: nil, as: due, zone: nil))
        #expect(!StateRecord.sameDue(due, offset: nil, as: due.addingTimeInterval(1), zone: nil))
        #expect(!StateRecord.sameDue(due, offset: nil, as: due.addingTimeInterval(-1), zone: nil))
    }
}
