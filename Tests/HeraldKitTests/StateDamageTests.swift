import Foundation
import HeraldTestSupport
import Testing
@testable import HeraldKit

/// Shards damaged in ways that once lost records without a word (a review
/// fuzzed them): each is now an error at the place, and blocks the account,
/// or is read as what herald wrote.
@Suite struct StateDamageTests {
    let record = "2026-12-01T08:00:00Z published post=a part=0 hash=h id=1"

    func read(_ text: String) throws -> StateSnapshot {
        let repo = try TempRepository(["state/acme-x.state": text])
        return StateStore(directory: repo.root + "/state", displayDirectory: "state").read()
    }

    /// Records joined to the header (a line break lost, or one YAML and
    /// editors see and herald does not) were read as part of it and lost;
    /// so was whatever else followed the account. Now the account waits
    /// for a person, told where.
    @Test(arguments: [
        (" ", "1:31 the header holds '2026-12-01T08:00:00Z', which is not a field written name=value (a record joined to it, a line break lost?)"),
        ("\u{85}", "1:30 the header holds U+0085 (NEXT LINE), where herald writes only printable ASCII (a record joined to it, a line break lost?)"),
        ("\u{2028}", "1:30 the header holds U+2028 (LINE SEPARATOR), where herald writes only printable ASCII (a record joined to it, a line break lost?)"),
        ("\t", "1:30 the header holds a tab, where herald writes only printable ASCII (a record joined to it, a line break lost?)"),
    ])
    func recordsJoinedToTheHeaderBlockTheAccount(separator: String, expected: String) throws {
        let snapshot = try read("herald-state 1 account=acme-x" + separator + record + "\n" + record.replacingOccurrences(of: "post=a", with: "post=b") + "\n")
        #expect(snapshot.diagnostics.map { "\($0.location!.line):\($0.location!.column) \($0.message)" } == [expected])
        #expect(snapshot.diagnostics.first?.hint == "the first line holds only 'herald-state 1 account=acme-x' (and fields name=value): "
            + "put each record on a line of its own; herald will not publish to 'acme-x' until then")
        #expect(snapshot.damaged["acme-x"]?.what == "has a damaged header; repair it first")
    }

    @Test func aHeaderSaysWhatIsWrongWithIt() throws {
        for (header, expected) in [
            ("herald-state 1 account=acme-x account=acme-y", "1:31 the header names its account twice"),
            ("herald-state 1 account=", "1:24 the header gives no account after account="),
            ("herald-state 1 acount=acme-x", "1:29 the header names no account (account=ID)"),
            ("herald-state 1 account=acme-x # copied", "1:31 the header holds '#', which is not a field written name=value (a record joined to it, a line break lost?)"),
        ] {
            let snapshot = try read(header + "\n" + record + "\n")
            #expect(snapshot.diagnostics.map { "\($0.location!.line):\($0.location!.column) \($0.message)" } == [expected], "\(header)")
            #expect(snapshot.damaged["acme-x"] != nil, "\(header)")
        }
        // A newer herald's field after the account is kept, and read past.
        let newer = try read("herald-state 1 account=acme-x created_by=herald%202\n" + record + "\n")
        #expect(newer.diagnostics.isEmpty)
        #expect(newer["acme-x", "a", 0]?.published?.remoteID == "1")
    }

    /// Saved with CR line endings alone, the file was one line: a header
    /// and a torn last record, ignored with a warning, every post sent
    /// again, and the next run's records written after it for good.
    @Test func linesEndingInCRAloneBlockTheAccount() throws {
        let snapshot = try read("herald-state 1 account=acme-x\r" + record + "\r")
        #expect(snapshot.diagnostics.map(TempRepository.describe) == [
            "state/acme-x.state:1:30: error: the state file's lines end in CR alone (as old Mac editors save them), so herald reads it as one line "
                + "(convert its line endings to LF (perl -pi -e 's/\\r/\\n/g' state/acme-x.state); "
                + "herald will not publish to 'acme-x' until then)",
        ])
        #expect(snapshot.damaged["acme-x"]?.what == "ends its lines in CR alone; convert them first")
        // CR LF is read as LF.
        let windows = try read("herald-state 1 account=acme-x\r\n" + record + "\r\n")
        #expect(windows.diagnostics.isEmpty && windows["acme-x", "a", 0]?.published?.remoteID == "1")
    }

    /// A torn last record that starts with a blank was taken as whole, its
    /// id cut short (`id=1177`), and a thread's next part sent as a reply
    /// to it. Read as `parse` reads it, blanks and all, it is a record that
    /// may be cut short: a person tells.
    @Test func aTornLastRecordStartingWithABlankBlocksTheAccount() throws {
        for torn in [" 2026-12-01T08:05:00Z published post=b part=0 hash=h id=1177", "2026-12-01T08:05:00Z published  post=b part=0 hash=h id=1177"] {
            let snapshot = try read("herald-state 1 account=acme-x\n" + record + "\n" + torn)
            #expect(snapshot.diagnostics.map { "\($0.location!.line):\($0.location!.column) \($0.message)" }
                == ["3:1 the last record has no newline at its end: a run was interrupted while writing it, or it was written by hand"], "\(torn)")
            #expect(snapshot.damaged["acme-x"] != nil)
        }
    }

    /// The same failure twice (a merge, a hand edit) is one: counted twice,
    /// it gave a part up early, and answered an attempt still unanswered.
    @Test func aFailureWrittenTwiceCountsOnce() throws {
        let lines = [
            "2026-12-01T08:00:00Z intent post=a part=0 hash=h key=k attempt=1",
            "2026-12-01T08:00:05Z intent post=a part=0 hash=h key=k attempt=2",
            "2026-12-01T08:00:06Z failed post=a part=0 hash=h attempt=2 error=HTTP%20422",
            "2026-12-01T08:00:06Z failed post=a part=0 hash=h attempt=2 error=HTTP%20422",
        ]
        let snapshot = try read("herald-state 1 account=acme-x\n" + lines.joined(separator: "\n") + "\n")
        let part = try #require(snapshot["acme-x", "a", 0])
        #expect(part.failures.count == 1)
        // Attempt 1's answer never came: the part is still pending, looked for or repeated with its key, not sent anew.
        #expect(part.pendingIntent?.attempt == 2 && part.pendingSince == date("2026-12-01T08:00:00Z"))
    }

    /// `state resolve --published ""` is refused; a record written so by
    /// hand was read as published with no id, and a thread's next part
    /// went out as a post of its own.
    @Test func aPublishedRecordWithAnEmptyIdIsDamage() throws {
        let snapshot = try read("herald-state 1 account=acme-x\n2026-12-01T08:00:00Z published post=a part=0 hash=h id= url=https://x.example/1\n")
        #expect(snapshot.diagnostics.map { "\($0.location!.line):\($0.location!.column) \($0.message)" }
            == ["2:56 unreadable state record: id= is empty: a published record needs the platform's id of what it made"])
        #expect(snapshot.damaged["acme-x"] != nil)
    }

    /// A shard under a name herald does not read was ignored without a
    /// word, and every post of its account looked new. Alone, or beside a
    /// shard with no record, it blocks the account; beside the account's
    /// records, it is a copy, said to be. One of its header alone is none.
    @Test func aStateFileUnderAnotherNameIsNotIgnored() throws {
        let repo = try TempRepository(["state/acme-x.STATE": "herald-state 1 account=acme-x\n" + record + "\n",
                                       "state/acme-x.state": "herald-state 1 account=acme-x\n",
                                       "state/acme-x.state~": "herald-state 1 account=acme-x\n  \n",
                                       "state/acme-mastodon.state": "herald-state 1 account=acme-mastodon\n" + record + "\n",
                                       "state/acme-mastodon.state.orig": "herald-state 1 account=acme-mastodon\n" + record + "\n",
                                       "state/notes.txt": "not herald's\n",
                                       "posts/a.yaml": "publish_at: 2026-11-01T09:00:00Z\naccounts: [acme-x]\ntext: hi\n"])
        let snapshot = StateStore(directory: repo.root + "/state", displayDirectory: "state").read()
        #expect(snapshot.diagnostics.map(TempRepository.describe) == [
            "state/acme-mastodon.state.orig:1:1: warning: state/acme-mastodon.state.orig starts as a state file, but herald reads only files named ACCOUNT.state "
                + "(a copy (a merge tool's backup, an editor's)? add to state/acme-mastodon.state any record it lacks, then delete it)",
            "state/acme-x.STATE:1:1: error: state/acme-x.STATE holds the records of 'acme-x', but herald reads only a file named acme-x.state "
                + "(rename it (mv state/acme-x.STATE state/acme-x.state); herald will not publish to 'acme-x' until then)",
        ])
        let plan = Planner.plan(.init(repository: repo.load(), state: snapshot, now: date("2026-12-01T10:00:00Z"), missingCredentials: [:],
                                      publishable: Set(Platform.allCases)))
        // Of an account accounts.yaml does not define (a removed one's records, kept on purpose), a warning: it fails no run.
        #expect(snapshot.diagnostics(defining: ["acme-mastodon"]).map { "\($0.severity) \($0.location?.path ?? "") \($0.hint ?? "")" }
            == ["warning state/acme-mastodon.state.orig a copy (a merge tool's backup, an editor's)? add to state/acme-mastodon.state any record it lacks, then delete it",
                "warning state/acme-x.STATE no account of accounts.yaml is named so: kept on purpose, nothing is read from it"])
        #expect(snapshot.diagnostics(defining: ["acme-x"]).map(\.severity) == [.warning, .error])
        #expect(plan.items.filter { $0.account == "acme-x" }.map { "\($0.action) \($0.reason ?? "")" } == ["blocked the state file of 'acme-x' has its records in state/acme-x.STATE, a file herald does not read; rename it first"])
    }

    /// The account's records only under another name, and no shard of
    /// its own at all: it blocks the account as it does beside an empty
    /// shard. Only a warning, every post the file records would go again.
    @Test func aStateFileUnderAnotherNameAloneBlocks() throws {
        let repo = try TempRepository(["state/acme-x.STATE": "herald-state 1 account=acme-x\n" + record + "\n",
                                       "posts/a.yaml": "publish_at: 2026-11-01T09:00:00Z\naccounts: [acme-x]\ntext: hi\n"])
        let snapshot = StateStore(directory: repo.root + "/state", displayDirectory: "state").read()
        #expect(snapshot.diagnostics.map(TempRepository.describe) == [
            "state/acme-x.STATE:1:1: error: state/acme-x.STATE holds the records of 'acme-x', but herald reads only a file named acme-x.state "
                + "(rename it (mv state/acme-x.STATE state/acme-x.state); herald will not publish to 'acme-x' until then)",
        ])
        let plan = Planner.plan(.init(repository: repo.load(), state: snapshot, now: date("2026-12-01T10:00:00Z"), missingCredentials: [:],
                                      publishable: Set(Platform.allCases)))
        #expect(plan.items.map(\.action) == [.blocked])
    }

    func date(_ s: String) -> Date { try! TimeParser.instant(s, zone: nil).get() }
}
