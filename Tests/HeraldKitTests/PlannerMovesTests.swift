import Foundation
import Testing
@testable import HeraldKit

/// Content the state has no record of under its new name — a post file
/// moved, an account renamed or moved to a post of its own, a part inserted
/// into a published thread — is held back rather than sent again.
extension PlannerTests {
    /// A post file moved or renamed after it was published has a new id the
    /// state knows nothing of: it is blocked, not sent again, and says how to
    /// carry the record over, whether due or not. Only the same content, on
    /// the same account and part, of a post whose file is gone counts: a copy
    /// beside its original, or the same text edited, is a new post.
    @Test func aPublishedPostMovedToANewPathIsNotSentAgain() throws {
        let repo = try TempRepository([
            "posts/2026/moved here.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: launch\nthread: [part two]\n",
            "posts/later.yaml": "publish_at: 2026-12-09T09:00:00Z\naccounts: [acme-x]\ntext: later\n",
            "posts/edited.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: edited text\n",
            "posts/copy.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: kept\n",
            "posts/original.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: kept\n",
            "posts/elsewhere.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-mastodon]\ntext: launch\n",
        ])
        let hash = try stateHashes(repo)
        let result = try plan(repo, state: """
            2026-11-30T09:00:01Z published post=launch part=0 hash=\(hash("2026/moved here", 0)) id=11 url=https://x.com/acme/status/11
            2026-11-30T09:00:02Z published post=launch part=1 hash=\(hash("2026/moved here", 1)) id=12
            2026-11-30T09:00:03Z published post=old-later part=0 hash=\(hash("later", 0)) id=13
            2026-11-30T09:00:04Z published post=old-edited part=0 hash=0123456789abcdef id=14
            2026-11-30T09:00:05Z published post=original part=0 hash=\(hash("original", 0)) id=15

            """)
        #expect(result.items.map(row) == [
            "blocked 2026/moved here#0 acme-x", "blocked 2026/moved here#1 acme-x", "publish copy#0 acme-x", "publish edited#0 acme-x",
            "publish elsewhere#0 acme-mastodon", "done original#0 acme-x", "blocked later#0 acme-x",
            "orphan launch#0 acme-x", "orphan launch#1 acme-x", "orphan old-edited#0 acme-x", "orphan old-later#0 acme-x",
        ])
        let reasons = result.items.map { $0.reason ?? "" }
        #expect(reasons[0] == "same content as launch, published, whose file is gone: to send it again, change its text; "
            + "if the file moved here, run 'herald state resolve \"2026/moved here\" --account acme-x --published 11'")
        #expect(reasons[1] == "same content as launch (part 2), published, whose file is gone: to send it again, change its text; "
            + "if the file moved here, run 'herald state resolve \"2026/moved here\" --account acme-x --part 2 --published 12'")
        #expect(reasons[6].hasSuffix("run 'herald state resolve later --account acme-x --published 13'"))
        #expect(Array(reasons[7...]) == [
            "the post file is gone; 2026/moved here holds the same content", "the post file is gone; 2026/moved here (part 2) holds the same content",
            "the post file is gone", "the post file is gone; later holds the same content",
        ])
        #expect(result.count(.publish) == 3)
    }

    /// A thread moved to another file with a later part edited: that part
    /// matches no record, but its first part is the gone post's, so it is
    /// the gone post's part, held with its own command, before and after
    /// the first part is carried over. Before, once the first part was
    /// carried over as the plan said, the edited part went out as a second
    /// reply.
    @Test func aMovedThreadWithAnEditedLaterPartIsNotSentAgain() throws {
        let repo = try TempRepository([
            "posts/2026/t.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: launch\nthread: [Details of the launch]\n",
        ])
        let hash = try stateHashes(repo)
        let records = """
            2026-12-01T09:00:01Z published post=t part=0 hash=\(hash("2026/t", 0)) id=11
            2026-12-01T09:00:02Z published post=t part=1 hash=0123456789abcdef id=12

            """
        let held = try plan(repo, state: records)
        #expect(held.items.map(row) == ["blocked 2026/t#0 acme-x", "blocked 2026/t#1 acme-x", "orphan t#0 acme-x", "orphan t#1 acme-x"])
        let partReason = "t (part 2) was published with other text, and its file moved here: herald does not edit published posts,"
            + " and the platform keeps the text as it was; run 'herald state resolve 2026/t --account acme-x --part 2 --published 12' to record it as this part"
        #expect(held.items[1].reason == partReason)
        // The first part carried over as its row said: the second is still held, not sent.
        let carried = try plan(repo, state: records + "2026-12-01T10:00:00Z published post=2026/t part=0 hash=\(hash("2026/t", 0)) id=11\n")
        #expect(carried.items.map(row) == ["done 2026/t#0 acme-x", "blocked 2026/t#1 acme-x", "orphan t#1 acme-x"])
        #expect(carried.items[1].reason == partReason)
        // Carried over too (with the hash of what the platform shows), it is drift.
        let both = try plan(repo, state: records + "2026-12-01T10:00:00Z published post=2026/t part=0 hash=\(hash("2026/t", 0)) id=11\n"
            + "2026-12-01T10:00:01Z published post=2026/t part=1 hash=0123456789abcdef id=12\n")
        #expect(both.items.map(row) == ["done 2026/t#0 acme-x", "drift 2026/t#1 acme-x"])
    }

    /// A file moved and edited in one change holds content no record has:
    /// its first part, due, is held when a post whose file is gone was
    /// published to the same account within a week after its time. Either
    /// command it names releases it. A post due after that one went out,
    /// or over a week before, on another account, or with a record of its
    /// own is new.
    @Test func aPostMovedAndEditedIsHeldBack() throws {
        let due = "publish_at: 2026-12-01T09:00:00Z\n"
        let repo = try TempRepository([
            "posts/2026/moved.yaml": due + "accounts: [acme-x]\ntext: launch, edited\nthread: [part two]\n",
            "posts/other-account.yaml": due + "accounts: [acme-mastodon]\ntext: hello\n",
            "posts/after.yaml": "publish_at: 2026-12-01T09:30:00Z\naccounts: [acme-x]\ntext: after\n",
            "posts/weeks-before.yaml": "publish_at: 2026-11-20T09:00:00Z\naccounts: [acme-x]\ntext: weeks before\n",
            "posts/checked.yaml": due + "accounts: [acme-x]\ntext: checked\n",
        ])
        let state = """
            2026-12-01T09:05:00Z published post=launch part=0 hash=0123456789abcdef id=21
            2026-12-01T09:05:01Z published post=launch part=1 hash=0123456789abcdee id=22
            2026-12-01T09:50:00Z absent post=checked part=0 error=checked%20by%20a%20person

            """
        let result = try plan(repo, at: "2026-12-02T10:00:00Z", state: state)
        #expect(result.items.map(row) == [
            "publish weeks-before#0 acme-x", "blocked 2026/moved#0 acme-x", "blocked 2026/moved#1 acme-x", "publish checked#0 acme-x",
            "publish other-account#0 acme-mastodon", "publish after#0 acme-x", "orphan launch#0 acme-x", "orphan launch#1 acme-x",
        ])
        #expect(result.items[1].reason == "no record, and launch, whose file is gone, was published to acme-x soon after this post's time: "
            + "if this is its file, moved and edited, run 'herald state resolve 2026/moved --account acme-x --published 21'; "
            + "if this is a new post, run 'herald state resolve 2026/moved --account acme-x --absent'")
        #expect(result.items[2].reason == "an earlier part of the thread cannot be published")
        #expect(result.items[6].reason == "the post file is gone; 2026/moved may be its file, moved and edited")
        // A week and more after its time, it is no longer held.
        #expect(try plan(repo, at: "2026-12-02T10:00:00Z", state: state.replacingOccurrences(of: "2026-12-01T09:05", with: "2026-12-08T09:05"))
            .items.map(row).contains("publish 2026/moved#0 acme-x"))
    }

    /// A record that says when its post was due tells a file moved and
    /// edited exactly: the same time, however late it went out, and no
    /// other time, however soon.
    @Test func aPostMovedAndEditedIsToldByWhenItWasDue() throws {
        let repo = try TempRepository([
            "posts/moved.yaml": "publish_at: 2026-11-01T09:00:00+01:00\naccounts: [acme-x]\ntext: launch, edited\n",
            "posts/new.yaml": "publish_at: 2026-11-20T09:00:00Z\naccounts: [acme-x]\ntext: new\n",
        ])
        let result = try plan(repo, at: "2026-12-02T10:00:00Z", state: """
            2026-11-25T09:00:00Z published post=launch part=0 hash=0123456789abcdef id=21 due=2026-11-01T08:00:00Z
            2026-11-20T09:01:00Z published post=other part=0 hash=0123456789abcdee id=22 due=2026-11-20T08:00:00Z

            """)
        #expect(result.items.map(row) == [
            "blocked moved#0 acme-x", "publish new#0 acme-x", "orphan launch#0 acme-x", "orphan other#0 acme-x",
        ])
        #expect(result.items[0].reason?.hasPrefix("no record, and launch, whose file is gone, was due at the same time and published to acme-x: ") == true)
        // Two files gone that were due at that time: which this is, only a person can tell; each is named with its command.
        let two = try plan(repo, at: "2026-12-02T10:00:00Z", state: """
            2026-11-25T09:00:00Z published post=launch part=0 hash=0123456789abcdef id=21 due=2026-11-01T08:00:00Z
            2026-11-25T09:00:01Z published post=teaser part=0 hash=0123456789abcded id=23 due=2026-11-01T08:00:00Z

            """)
        #expect(two.items[0].reason == "no record, and 2 posts whose files are gone were due at the same time and published to acme-x, one of which this may be, "
            + "moved and edited: if it is launch's, run 'herald state resolve moved --account acme-x --published 21'; "
            + "if it is teaser's, run 'herald state resolve moved --account acme-x --published 23'; "
            + "if this is a new post, run 'herald state resolve moved --account acme-x --absent'")
        // Each gone post's row names the file that may be it.
        #expect(two.items.filter { $0.action == .orphan }.map(\.reason) == Array(repeating: "the post file is gone; moved may be its file, moved and edited", count: 2))
    }

    /// A post moved, resolved as the plan said, then moved again and edited:
    /// both earlier names are gone, and their records hold one status. One
    /// orphan (the latest name's), one way out named. Before, the hint said
    /// "2 posts whose files are gone" and gave the same command twice, and
    /// deleting the file left two orphans for one status.
    @Test func aPostMovedTwiceIsOneGonePost() throws {
        let records = """
            2026-11-01T08:00:02Z published post=tips-2 part=0 hash=0123456789abcdef id=21 due=2026-11-01T08:00:00+00:00
            2026-11-02T08:00:00Z published post=tips/02 part=0 hash=0123456789abcdef id=21 due=2026-11-01T08:00:00+00:00

            """
        let repo = try TempRepository(["posts/tips/tip-2.yaml": "publish_at: 2026-11-01T08:00:00Z\naccounts: [acme-x]\ntext: Tip 2, edited\n"])
        let moved = try plan(repo, at: "2026-12-02T10:00:00Z", state: records)
        #expect(moved.items.map(row) == ["blocked tips/tip-2#0 acme-x", "orphan tips/02#0 acme-x"])
        #expect(moved.items[0].reason?.hasPrefix("no record, and tips/02, whose file is gone, was due at the same time and published to acme-x: ") == true,
                "\(moved.items[0].reason ?? "")")
        try FileManager.default.removeItem(atPath: repo.root + "/posts/tips/tip-2.yaml")
        #expect(try plan(repo, at: "2026-12-02T10:00:00Z", state: records).items.map(row) == ["orphan tips/02#0 acme-x"])
    }

    /// herald.yaml's timezone changed since a post went out (Europe/Berlin to
    /// Europe/London): its file, moved and edited, keeps its publish_at as
    /// written, now another instant. The record's due kept Berlin's offset,
    /// so the wall-clock time tells the move, and the file is held, not sent
    /// a second time. Edited in place, its drift says nothing of a new time.
    @Test func aTimeZoneChangeStillTellsAPostMovedAndEdited() throws {
        let record = "2027-03-08T09:00:02Z published post=tip part=0 hash=0123456789abcdef id=21 due=2027-03-08T10:00:00+01:00\n"
        let moved = try TempRepository([
            "herald.yaml": "timezone: Europe/London\n",
            "posts/tips/two.yaml": "publish_at: 2027-03-08T10:00\naccounts: [acme-x]\ntext: Tip 2, edited\n",
        ])
        let result = try plan(moved, at: "2027-03-09T10:00:00Z", state: record)
        #expect(result.items.map(row) == ["blocked tips/two#0 acme-x", "orphan tip#0 acme-x"])
        #expect(result.items[0].reason?.hasPrefix("no record, and tip, whose file is gone, was due at the same time and published to acme-x: ") == true,
                "\(result.items[0].reason ?? "")")
        let edited = try TempRepository([
            "herald.yaml": "timezone: Europe/London\n",
            "posts/tip.yaml": "publish_at: 2027-03-08T10:00\naccounts: [acme-x]\ntext: Tip 2, edited\n",
        ])
        #expect(try plan(edited, at: "2027-03-09T10:00:00Z", state: record).items.map(\.reason)
            == ["changed after it was published on 2027-03-08T09:00:02+00:00; herald does not edit published posts"])
        // In one zone, the hour repeated when summer time ends holds two times of one wall-clock time: a new post at the
        // second is not held as a post gone at the first (its record's offset is the zone's own then).
        let repeated = try TempRepository([
            "herald.yaml": "timezone: Europe/Berlin\n",
            "posts/second.yaml": "publish_at: 2026-10-25T02:30:00+01:00\naccounts: [acme-x]\ntext: The second\n",
        ])
        #expect(try plan(repeated, at: "2026-10-25T02:35:00+01:00",
                         state: "2026-10-25T00:30:02Z published post=first part=0 hash=0123456789abcdef id=21 due=2026-10-25T02:30:00+02:00\n").items.map(row)
            == ["publish second#0 acme-x", "orphan first#0 acme-x"])
    }

    /// A published file moved, and a new file written at its old path: the
    /// old id shows drift, and the moved file, which holds what was
    /// published, is blocked part by part rather than sent again, each part
    /// with its own command. A moved thread whose second part was edited
    /// holds that part back too, with a command of its own.
    @Test func aMovedPostWithANewFileAtItsOldPathIsNotSentAgain() throws {
        let repo = try TempRepository([
            "posts/hours-2025.yaml": "publish_at: 2026-11-20T09:00:00Z\naccounts: [acme-x]\ntext: off from 24 December\nthread: [urgent issues]\n",
            "posts/hours.yaml": "publish_at: 2026-11-30T09:00:00Z\naccounts: [acme-x]\ntext: off from 23 December\nthread: [urgent issues]\n",
            "posts/launch-old.yaml": "publish_at: 2026-11-20T09:00:00Z\naccounts: [acme-x]\ntext: launch\nthread: [edited part two, new part]\n",
            "posts/same.yaml": "publish_at: 2026-11-20T09:00:00Z\naccounts: [acme-x]\ntext: kept as it was\n",
            "posts/copy.yaml": "publish_at: 2026-11-20T09:00:00Z\naccounts: [acme-x]\ntext: kept as it was\n",
        ])
        let hash = try stateHashes(repo)
        let result = try plan(repo, state: """
            2026-11-20T09:00:01Z published post=hours part=0 hash=\(hash("hours-2025", 0)) id=21
            2026-11-20T09:00:02Z published post=hours part=1 hash=\(hash("hours-2025", 1)) id=22
            2026-11-20T09:00:03Z published post=launch part=0 hash=\(hash("launch-old", 0)) id=31
            2026-11-20T09:00:04Z published post=launch part=1 hash=0123456789abcdef id=32
            2026-11-20T09:00:05Z published post=same part=0 hash=\(hash("same", 0)) id=41

            """)
        #expect(result.items.map(row) == [
            "publish copy#0 acme-x", "blocked hours-2025#0 acme-x", "blocked hours-2025#1 acme-x",
            "blocked launch-old#0 acme-x", "blocked launch-old#1 acme-x", "blocked launch-old#2 acme-x",
            "done same#0 acme-x", "drift hours#0 acme-x", "done hours#1 acme-x", "orphan launch#0 acme-x", "orphan launch#1 acme-x",
        ])
        let reasons = result.items.map { $0.reason ?? "" }
        #expect(reasons[1] == "same content as hours had when it was published (its file has changed since): to send it again, change its text; "
            + "if the file moved here, run 'herald state resolve hours-2025 --account acme-x --published 21'")
        #expect(reasons[2] == "same content as hours (part 2) had when it was published (its file has changed since): to send it again, "
            + "change its text; if the file moved here, run 'herald state resolve hours-2025 --account acme-x --part 2 --published 22'")
        #expect(reasons[3].hasSuffix("run 'herald state resolve launch-old --account acme-x --published 31'"))
        #expect(reasons[4] == "launch (part 2) was published with other text, and its file moved here: herald does not edit published posts,"
            + " and the platform keeps the text as it was; run 'herald state resolve launch-old --account acme-x --part 2 --published 32' to record it as this part")
        #expect(reasons[5] == "an earlier part of the thread cannot be published")
        #expect(reasons[7].hasSuffix("; herald does not edit published posts; hours-2025 holds the text it published"))
        #expect(reasons[8].hasSuffix("; hours-2025 (part 2) holds the text it published"))
        #expect(result.count(.publish) == 1)
    }

    /// An account moved out of a published post into a post of its own (to
    /// give it its own time, say) would send the same content to it again:
    /// the new post is blocked, and the old one's orphan names it.
    @Test func anAccountMovedToAPostOfItsOwnIsNotSentAgain() throws {
        let repo = try TempRepository([
            "posts/both.yaml": "publish_at: 2026-11-20T09:00:00Z\naccounts: [acme-mastodon]\ntext: launch\nthread: [part two]\n",
            "posts/both-x.yaml": "publish_at: 2026-11-20T10:00:00Z\naccounts: [acme-x]\ntext: launch\nthread: [part two]\n",
        ])
        let hash = try stateHashes(repo)
        let result = try plan(repo, state: """
            2026-11-20T09:00:01Z published post=both part=0 hash=\(hash("both-x", 0)) id=51
            2026-11-20T09:00:02Z published post=both part=1 hash=\(hash("both-x", 1)) id=52

            """)
        #expect(result.items.map(row) == [
            "publish both#0 acme-mastodon", "publish both#1 acme-mastodon", "blocked both-x#0 acme-x", "blocked both-x#1 acme-x",
            "orphan both#0 acme-x", "orphan both#1 acme-x",
        ])
        let reasons = result.items.map { $0.reason ?? "" }
        #expect(reasons[2] == "same content as both, published, which no longer targets 'acme-x': to send it again, change its text; "
            + "if it moved here, run 'herald state resolve both-x --account acme-x --published 51'")
        #expect(reasons[3].hasSuffix("run 'herald state resolve both-x --account acme-x --part 2 --published 52'"))
        #expect(reasons[4] == "the post no longer targets 'acme-x'; both-x holds the same content")
        #expect(reasons[5] == "the post no longer targets 'acme-x'; both-x (part 2) holds the same content")
    }

    /// An account renamed in accounts.yaml reads a state file of its new
    /// name, which has no records: what the old name published is blocked
    /// (not sent again) and says which file to rename. Content another
    /// account still in accounts.yaml published is that account's own.
    @Test func aRenamedAccountDoesNotSendWhatItsOldNamePublished() throws {
        let repo = try TempRepository([
            "posts/a.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: hello\nthread: [two]\n",
            "posts/b.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: edited since\n",
            "posts/c.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x, acme-mastodon]\ntext: both\n",
        ])
        let hash = try stateHashes(repo)
        try repo.write("state/acme-old.state", """
            herald-state 1 account=acme-old
            2026-11-30T09:00:01Z published post=a part=0 hash=\(hash("a", 0)) id=21
            2026-11-30T09:00:01Z published post=a part=1 hash=\(hash("a", 1)) id=22
            2026-11-30T09:00:01Z published post=b part=0 hash=0123456789abcdef id=23

            """)
        try repo.write("state/acme-mastodon.state", """
            herald-state 1 account=acme-mastodon
            2026-11-30T09:00:01Z published post=c part=0 hash=\(hash("c", 0)) id=24

            """)
        let result = try plan(repo)
        #expect(result.items.map(row) == [
            "blocked a#0 acme-x", "blocked a#1 acme-x", "blocked b#0 acme-x", "done c#0 acme-mastodon", "publish c#0 acme-x",
            "orphan a#0 acme-old", "orphan a#1 acme-old", "orphan b#0 acme-old",
        ])
        // Renamed and edited in one change, a post the old name published is held too: the new name has no records yet.
        #expect(result.items[2].reason == "no record, and account 'acme-old', which accounts.yaml no longer has, published this post (its text has changed since): "
            + "if it was renamed 'acme-x', rename its state file state/acme-old.state to state/acme-x.state; "
            + "if 'acme-x' is another account, run 'herald state resolve b --account acme-x --absent'")
        let rename = "published with the same content by account 'acme-old', which accounts.yaml no longer has: "
            + "if it was renamed 'acme-x', rename its state file state/acme-old.state to state/acme-x.state; if 'acme-x' is another account, run "
        #expect(result.items[0].reason == rename + "'herald state resolve a --account acme-x --absent'")
        #expect(result.items[1].reason == rename + "'herald state resolve a --account acme-x --part 2 --absent'")
        // Once the new name has a state file of its own, renaming the old one over it would lose its records.
        try repo.write("state/acme-x.state", "herald-state 1 account=acme-x\n")
        #expect(try plan(repo).items[0].reason == "published with the same content by account 'acme-old', which accounts.yaml no longer has: "
            + "if it was renamed 'acme-x', add the records of state/acme-old.state (all but its first line) to the end of state/acme-x.state, then delete state/acme-old.state; "
            + "if 'acme-x' is another account, run 'herald state resolve a --account acme-x --absent'")
        #expect(result.items[5...].map(\.reason) == [
            "the account is gone from accounts.yaml; 'acme-x' would send the same content",
            // The post is there; the account is what is gone.
            "the account is gone from accounts.yaml; 'acme-x' would send the same content", "the account is gone from accounts.yaml; 'acme-x' may be it, renamed",
        ])
        // Held until a person says which: records the new name made of other posts (a post of its own, sent first) are no answer.
        try repo.write("state/acme-x.state", "herald-state 1 account=acme-x\n2026-12-01T09:00:05Z published post=new part=0 hash=0123456789abcdee id=31\n")
        #expect(try plan(repo).items.map(row)[2] == "blocked b#0 acme-x")
        try repo.write("state/acme-x.state", "herald-state 1 account=acme-x\n2026-12-01T09:00:05Z absent post=b part=0\n")
        #expect(try plan(repo).items.map(row)[2] == "publish b#0 acme-x")
    }

    /// A new post that shares a later part (a footer) with a post that is
    /// gone, or that has changed since it was published (its campaign's
    /// hashtags edited), is no move: a moved file matches from its first
    /// part on. Before, its first part went out and the footer was blocked
    /// as moved, half a thread published.
    @Test func aNewPostSharingAFooterWithAChangedOrGonePostIsNoMove() throws {
        let footer = "thread: [\"Try herald: https://example.com/start\"]\n"
        let repo = try TempRepository([
            "posts/p1.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: first intro, edited since\n" + footer,
            "posts/p2.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: second intro\n" + footer,
        ])
        let hash = try stateHashes(repo)
        let state = """
            2026-11-30T09:00:01Z published post=p1 part=0 hash=0123456789abcdef id=61
            2026-11-30T09:00:02Z published post=p1 part=1 hash=\(hash("p1", 1)) id=62
            2026-11-30T09:00:03Z published post=gone part=0 hash=0123456789abcdee id=63
            2026-11-30T09:00:04Z published post=gone part=1 hash=\(hash("p1", 1)) id=64

            """
        let result = try plan(repo, state: state)
        #expect(result.items.filter { $0.post == "p2" }.map(row) == ["publish p2#0 acme-x", "publish p2#1 acme-x"])
        // A whole moved file still is one: its first part matches too.
        try repo.write("posts/p2.yaml", "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: first intro, edited since\n" + footer)
        let moved = try plan(repo, state: state + "2026-11-30T09:00:05Z published post=gone2 part=0 hash=\(hash("p1", 0)) id=65\n"
            + "2026-11-30T09:00:06Z published post=gone2 part=1 hash=\(hash("p1", 1)) id=66\n")
        #expect(moved.items.filter { $0.post == "p2" }.map(row) == ["blocked p2#0 acme-x", "blocked p2#1 acme-x"])
    }

    /// A post file moved while a send of it had no answer recorded (an
    /// intent, or unknown): the post may be on the platform, and the new
    /// name would send it again with a key of its own. It is held, and says
    /// how to tell herald which it is. Before, only a published record held
    /// a moved file, and the item went out a second time.
    @Test func aPostMovedWhileItsSendHadNoAnswerIsHeld() throws {
        let repo = try TempRepository([
            "posts/crash-post.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: sent, then moved\n",
            "posts/unknown-now.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: asked, then moved\n",
        ])
        let hash = try stateHashes(repo)
        let result = try plan(repo, state: """
            2026-12-01T09:00:01Z intent post=crash part=0 hash=\(hash("crash-post", 0)) key=k attempt=1
            2026-12-01T09:00:02Z intent post=asked part=0 hash=\(hash("unknown-now", 0)) key=k2 attempt=1
            2026-12-01T09:00:03Z unknown post=asked part=0 hash=\(hash("unknown-now", 0)) error=timeout

            """)
        #expect(result.items.map(row) == ["blocked crash-post#0 acme-x", "blocked unknown-now#0 acme-x", "orphan asked#0 acme-x", "orphan crash#0 acme-x"])
        #expect(result.items[0].reason == "same content as crash, which was being sent with no answer recorded when its file went: "
            + "check 'acme-x' on the platform; if it is there, run 'herald state resolve crash-post --account acme-x --published ID'; "
            + "if not, run 'herald state resolve crash-post --account acme-x --absent'")
        #expect(result.items[3].reason == "the post file is gone; sent with no answer recorded, and crash-post holds the same content")
        #expect(result.count(.publish) == 0)
        // Found there, and recorded as its row said: settled, the old record is no orphan for good.
        let resolved = try plan(repo, state: """
            2026-12-01T09:00:01Z intent post=crash part=0 hash=\(hash("crash-post", 0)) key=k attempt=1
            2026-12-02T09:00:00Z published post=crash-post part=0 hash=\(hash("crash-post", 0)) id=51

            """)
        #expect(resolved.items.map(row) == ["done crash-post#0 acme-x", "publish unknown-now#0 acme-x"])
    }

    /// An account gone from accounts.yaml that published a post beside
    /// another account (both have records of it) was not that account under
    /// an old name: the other account's new posts, the same content the gone
    /// one published, are its own and go out. Before, they were blocked,
    /// and the hint said to carry the gone account's records over.
    @Test func anAccountGoneBesideAnotherIsNotTakenForItsOldName() throws {
        let repo = try TempRepository([
            "posts/p1.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: both had it\n",
            "posts/p2.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: only the old one had it\n",
        ])
        let hash = try stateHashes(repo)
        try repo.write("state/acme-gone.state", """
            herald-state 1 account=acme-gone
            2026-11-30T09:00:01Z published post=p1 part=0 hash=\(hash("p1", 0)) id=31
            2026-11-30T09:00:02Z published post=p2 part=0 hash=\(hash("p2", 0)) id=32

            """)
        let result = try plan(repo, state: "2026-11-30T09:00:01Z published post=p1 part=0 hash=\(hash("p1", 0)) id=41\n")
        #expect(result.items.map(row) == ["done p1#0 acme-x", "publish p2#0 acme-x", "orphan p1#0 acme-gone", "orphan p2#0 acme-gone"])
        // Renamed, and one post edited and sent under the new name since: its record is from after
        // the old name's last, so the new name still is the old one, and p2 stays held.
        let renamed = try plan(repo, state: "2026-12-01T09:00:01Z published post=p1 part=0 hash=\(hash("p1", 0)) id=41\n")
        #expect(renamed.items.map(row) == ["done p1#0 acme-x", "blocked p2#0 acme-x", "orphan p1#0 acme-gone", "orphan p2#0 acme-gone"])
    }

    /// A part inserted into a published thread shifts the parts after it:
    /// the last, already published one level up, would go out again. It is
    /// blocked, and so is what follows it. A part added at the end is new.
    @Test func aPartInsertedIntoAPublishedThreadDoesNotSendItsNeighbourAgain() throws {
        let repo = try TempRepository([
            "posts/inserted.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: A\nthread: [X, B, C]\n",
            "posts/appended.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: A\nthread: [B, C]\n",
        ])
        let hash = try stateHashes(repo)
        let published = (0...1).map { part in
            "2026-11-30T09:00:01Z published post=inserted part=\(part) hash=\(hash("appended", part)) id=\(part)\n"
                + "2026-11-30T09:00:01Z published post=appended part=\(part) hash=\(hash("appended", part)) id=1\(part)\n"
        }.joined()
        let result = try plan(repo, state: published + "2026-12-01T09:00:01Z failed post=inserted part=2 hash=\(hash("inserted", 2)) error=404\n")
        #expect(result.items.map(row) == [
            "done appended#0 acme-x", "done appended#1 acme-x", "publish appended#2 acme-x",
            "done inserted#0 acme-x", "drift inserted#1 acme-x", "blocked inserted#2 acme-x", "blocked inserted#3 acme-x",
        ])
        #expect(result.items[5].reason == "the same content as part 2, which is published: a published thread takes new parts only at its end")
        #expect(result.items[6].reason == "an earlier part of the thread cannot be published")
    }

    /// A thread split into two files, and a post merged into another as a
    /// later part: the content moves to another part, and is held, not sent
    /// again, with the command that carries its record over.
    @Test func aThreadSplitOrAPostMergedIsNotSentAgain() throws {
        let repo = try TempRepository([
            "posts/b.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: B\nthread: [B two, B three]\n",
            "posts/f.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: F\n",
            "posts/g.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: G details\n",
        ])
        let hash = try stateHashes(repo)
        let state = (0...2).map { "2026-11-30T09:00:01Z published post=b part=\($0) hash=\(hash("b", $0)) id=\(20 + $0)\n" }.joined()
            + "2026-11-30T09:00:02Z published post=f part=0 hash=\(hash("f", 0)) id=30\n"
            + "2026-11-30T09:00:03Z published post=g part=0 hash=\(hash("g", 0)) id=31\n"
        try repo.write("posts/b.yaml", "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: B\n")
        try repo.write("posts/b-2.yaml", "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: B two\nthread: [B three]\n")
        try repo.write("posts/f.yaml", "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: F\nthread: [G details]\n")
        try FileManager.default.removeItem(atPath: repo.root + "/posts/g.yaml")
        let result = try plan(repo, state: state)
        #expect(result.items.map(row) == [
            "done b#0 acme-x", "blocked b-2#0 acme-x", "blocked b-2#1 acme-x", "done f#0 acme-x", "blocked f#1 acme-x",
            "orphan b#1 acme-x", "orphan b#2 acme-x", "orphan g#0 acme-x",
        ])
        #expect(result.items.map { $0.reason ?? "" }[1...4] == [
            "same content as b (part 2), published, which its thread no longer has: if it moved here, run 'herald state resolve b-2 --account acme-x --published 21'; "
                + "to send it again, change its text, or run 'herald state resolve b-2 --account acme-x --absent'",
            "same content as b (part 3), published, which its thread no longer has: if it moved here, run 'herald state resolve b-2 --account acme-x --part 2 --published 22'; "
                + "to send it again, change its text, or run 'herald state resolve b-2 --account acme-x --part 2 --absent'",
            "published 2026-11-30T09:00:02+00:00",
            "same content as g, published, whose file is gone: if it moved here, run 'herald state resolve f --account acme-x --part 2 --published 31'; "
                + "to send it again, change its text, or run 'herald state resolve f --account acme-x --part 2 --absent'",
        ])
        // A split alone, with nothing else moved or changed, is held the same way.
        try repo.write("posts/f.yaml", "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: F\n")
        try repo.write("posts/g.yaml", "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: G details\n")
        #expect(try plan(repo, state: state).items.map(row)[1...2] == ["blocked b-2#0 acme-x", "blocked b-2#1 acme-x"])
        try FileManager.default.removeItem(atPath: repo.root + "/posts/g.yaml")
        try repo.write("posts/f.yaml", "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: F\nthread: [G details]\n")
        // Its first part carried over as its row says, the split thread's second part is still held, with its own command.
        let carried = try plan(repo, state: state + "2026-12-02T09:00:00Z published post=b-2 part=0 hash=\(try stateHashes(repo)("b-2", 0)) id=21\n")
        #expect(carried.items.map(row)[1...2] == ["done b-2#0 acme-x", "blocked b-2#1 acme-x"])
        #expect(carried.items[2].reason?.contains("run 'herald state resolve b-2 --account acme-x --part 2 --published 22'") == true, "\(carried.items[2].reason ?? "")")
        // A new thread whose last part says what a deleted post said (a footer) is no merge: it goes out whole.
        try repo.write("posts/f.yaml", "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: F\n")
        try repo.write("posts/release.yaml", "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: Out today\nthread: [G details]\n")
        #expect(try plan(repo, state: state).items.map(row).filter { $0.contains("release") } == ["publish release#0 acme-x", "publish release#1 acme-x"])
    }

    /// A part inserted and the last part edited in one change: the shifted
    /// last part matches nothing, but an earlier part holds what the part
    /// before it published, so it is held, not sent as a second copy; a
    /// person who says it is new (`--absent`) releases it. Edits with no
    /// part shifted leave a part added at the end new.
    @Test func aPartInsertedWithTheLastPartEditedDoesNotSendItAgain() throws {
        let thread = { (parts: String) in "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: S\nthread: [\(parts)]\n" }
        let repo = try TempRepository(["posts/h.yaml": thread("two, three"), "posts/g.yaml": thread("two, three")])
        let hash = try stateHashes(repo)
        let published = (0...2).map { part in
            "2026-11-30T09:00:01Z published post=h part=\(part) hash=\(hash("h", part)) id=\(part)\n"
                + "2026-11-30T09:00:01Z published post=g part=\(part) hash=\(hash("g", part)) id=1\(part)\n"
        }.joined()
        try repo.write("posts/h.yaml", thread("inserted, two, three with a typo fixed"))
        try repo.write("posts/g.yaml", thread("two edited, three, four"))
        let result = try plan(repo, state: published)
        #expect(result.items.map(row) == [
            "done g#0 acme-x", "drift g#1 acme-x", "done g#2 acme-x", "publish g#3 acme-x",
            "done h#0 acme-x", "drift h#1 acme-x", "drift h#2 acme-x", "blocked h#3 acme-x",
        ])
        #expect(result.items[7].reason == "part 3 holds what part 2 published, so a part was inserted before it, and this one may be a published part, "
            + "shifted and edited; a published thread takes new parts only at its end: if this is a new part, run 'herald state resolve h --account acme-x --part 4 --absent'")
        let edited = try stateHashes(repo)
        let released = try plan(repo, state: published + "2026-12-02T09:00:00Z absent post=h part=3 hash=\(edited("h", 3))\n")
        #expect(released.items.map(row).last == "publish h#3 acme-x")
    }

    /// Drift says what may have caused it where the post cannot: a new
    /// post written at a published one's path (its time is another), or its
    /// campaign's hashtags changed (its file is the same).
    @Test func driftSaysWhatMayHaveChanged() throws {
        let repo = try TempRepository([
            "posts/reused.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: a new post\n",
            "posts/tagged.yaml": "publish_at: 2026-12-01T09:00:00Z\ncampaign: spring\naccounts: [acme-x]\ntext: hello\n",
            "campaigns/spring.yaml": "name: Spring\nhashtags: ['#spring']\n",
        ])
        let result = try plan(repo, state: """
            2026-11-01T09:00:01Z published post=reused part=0 hash=x id=1 due=2026-11-01T09:00:00Z
            2026-12-01T09:00:01Z published post=tagged part=0 hash=y id=2 due=2026-12-01T09:00:00Z

            """)
        let drift = "changed after it was published on %@; herald does not edit published posts"
        #expect(result.items.map(\.reason) == [
            String(format: drift, "2026-11-01T09:00:01+00:00") + " (it was due 2026-11-01T09:00:00+00:00 then: if this is a new post, give its file a new name, "
                + "since a post's id is its path and the records of this one are the old post's; if only herald.yaml's timezone changed, it is the same post)",
            String(format: drift, "2026-12-01T09:00:01+00:00") + "; if its file did not change, campaign 'spring' did (its hashtags or link tagging go into the text)",
        ])
    }
}

extension PlannerTests {
    /// A published post moved to two paths (two branches moved it, and the
    /// merge kept both): both are held. Once one is carried over, as its
    /// row said, the other is still held, as a copy of that move, where
    /// before it went out again, looked for first but the status skipped as
    /// the carried-over post's. A thread's later part follows its first.
    @Test func aPostMovedToTwoPathsStaysHeldOnceOneIsCarriedOver() throws {
        let repo = try TempRepository([
            "posts/archive/launch.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: Launch day.\nthread: [More]\n",
            "posts/launch/launch.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: Launch day.\nthread: [More]\n",
        ])
        let hash = try stateHashes(repo)
        let records = """
            2026-12-01T09:00:01Z published post=2026/launch part=0 hash=\(hash("archive/launch", 0)) id=11 due=2026-12-01T09:00:00Z
            2026-12-01T09:00:02Z published post=2026/launch part=1 hash=\(hash("archive/launch", 1)) id=12 due=2026-12-01T09:00:00Z

            """
        let before = try plan(repo, state: records)
        #expect(before.items.map(row) == ["blocked archive/launch#0 acme-x", "blocked archive/launch#1 acme-x", "blocked launch/launch#0 acme-x",
                                          "blocked launch/launch#1 acme-x", "orphan 2026/launch#0 acme-x", "orphan 2026/launch#1 acme-x"])
        let carried = records + """
            2026-12-02T10:00:00Z published post=archive/launch part=0 hash=\(hash("archive/launch", 0)) id=11
            2026-12-02T10:00:01Z published post=archive/launch part=1 hash=\(hash("archive/launch", 1)) id=12

            """
        let resolved = try plan(repo, state: carried)
        #expect(resolved.items.map(row) == ["done archive/launch#0 acme-x", "done archive/launch#1 acme-x",
                                            "blocked launch/launch#0 acme-x", "blocked launch/launch#1 acme-x"])
        #expect(resolved.items[2].reason == "same content as 2026/launch, published, whose file is gone, and recorded since as archive/launch's: "
            + "to send it again, change its text, or run 'herald state resolve launch/launch --account acme-x --absent'")
        #expect(resolved.items[3].reason?.hasPrefix("same content as 2026/launch (part 2), published,") == true)
        // Edited too (one branch edited it, and both kept paths hold the edit): held by its time, which a moved file keeps.
        try repo.write("posts/launch/launch.yaml", "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: Launch day, again.\nthread: [More]\n")
        let edited = try plan(repo, state: carried)
        #expect(edited.items.map(row) == ["done archive/launch#0 acme-x", "done archive/launch#1 acme-x", "blocked launch/launch#0 acme-x", "blocked launch/launch#1 acme-x"])
        #expect(edited.items[2].reason == "no record, and 2026/launch, whose file is gone, was due at the same time and is recorded since as archive/launch's: "
            + "if this is a copy of that move, edited, delete it; if it is a new post, run 'herald state resolve launch/launch --account acme-x --absent'")
        // So before either is carried over: one path holds the content, the other the edit, at the gone post's time.
        let unresolved = try plan(repo, state: records)
        #expect(unresolved.items.map(row).prefix(4) == ["blocked archive/launch#0 acme-x", "blocked archive/launch#1 acme-x", "blocked launch/launch#0 acme-x", "blocked launch/launch#1 acme-x"])
        #expect(unresolved.items[2].reason?.hasPrefix("no record, and 2026/launch, whose file is gone, was due at the same time") == true, "\(unresolved.items[2].reason ?? "")")
        // The same text at another time is a new post (a weekly "We are live!"), as a copy beside a file still there is.
        try repo.write("posts/launch/launch.yaml", "publish_at: 2026-12-01T09:30:00Z\naccounts: [acme-x]\ntext: Launch day.\nthread: [More]\n")
        #expect(try plan(repo, state: carried).items.map(row) == ["done archive/launch#0 acme-x", "done archive/launch#1 acme-x",
                                                                 "publish launch/launch#0 acme-x", "publish launch/launch#1 acme-x"])
    }
}
