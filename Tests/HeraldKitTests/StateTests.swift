import Foundation
import HeraldTestSupport
import Testing
@testable import HeraldKit

@Suite struct StateTests {
    func date(_ s: String) -> Date { try! TimeParser.instant(s, zone: nil).get() }

    @Test func recordLineRoundTrips() throws {
        let record = StateRecord(time: date("2026-12-01T08:00:02Z"), event: .failed, post: "2026/launch day", part: 1,
                                 hash: "9f2c1e0a1b2c3d4e", key: "herald-abc", attempt: 2, error: "HTTP 503: übel = 100% down\nnext")
        #expect(record.line == "2026-12-01T08:00:02Z failed post=2026/launch%20day part=1 hash=9f2c1e0a1b2c3d4e key=herald-abc attempt=2 error=HTTP%20503:%20übel%20%3D%20100%25%20down%0Anext")
        #expect(StateRecord(line: Substring(record.line)) == record)
        // A C1 control, a line or paragraph separator, a bidirectional control: encoded whole, so that an editor shows one
        // record on one line, in its order. Before, they went in as they were; é and ü stay.
        let hidden = StateRecord(time: date("2026-12-01T08:00:02Z"), event: .failed, post: "a", part: 0, error: "bad\u{2028}sep\u{2029}é\u{85}nel \u{202E}ü")
        #expect(hidden.line == "2026-12-01T08:00:02Z failed post=a part=0 error=bad%E2%80%A8sep%E2%80%A9é%C2%85nel%20%E2%80%AEü")
        #expect(StateRecord(line: Substring(hidden.line)) == hidden)
        // A published record says when its post was due.
        let published = StateRecord(time: date("2026-12-01T08:00:02Z"), event: .published, post: "a", part: 0, remoteID: "7",
                                    due: date("2026-12-01T09:00:00+01:00"))
        #expect(published.line == "2026-12-01T08:00:02Z published post=a part=0 id=7 due=2026-12-01T08:00:00Z")
        #expect(StateRecord(line: Substring(published.line)) == published)
        // With the offset of the repository's time zone then: the wall-clock time the post's publish_at said.
        var local = published
        local.dueOffset = 3600
        #expect(local.line == "2026-12-01T08:00:02Z published post=a part=0 id=7 due=2026-12-01T09:00:00+01:00")
        #expect(StateRecord(line: Substring(local.line)) == local)
        local.dueOffset = 0
        #expect(local.line == "2026-12-01T08:00:02Z published post=a part=0 id=7 due=2026-12-01T08:00:00+00:00")
        #expect(StateRecord(line: Substring(local.line)) == local)
        // An intent says how long the platform may be at work on what it sends.
        let intent = StateRecord(time: date("2026-12-01T08:00:01Z"), event: .intent, post: "a", part: 0, key: "k", attempt: 1, settle: 750)
        #expect(intent.line == "2026-12-01T08:00:01Z intent post=a part=0 key=k attempt=1 settle=750")
        #expect(StateRecord(line: Substring(intent.line)) == intent)
        // The same wall-clock time read in another zone is the same due; another time is not.
        let london = TimeZone(identifier: "Europe/London")
        #expect(StateRecord.sameDue(date("2026-12-01T09:00:00+01:00"), offset: 3600, as: date("2026-12-01T09:00:00Z"), zone: london))
        #expect(!StateRecord.sameDue(date("2026-12-01T09:00:00+01:00"), offset: nil, as: date("2026-12-01T09:00:00Z"), zone: london))
        #expect(!StateRecord.sameDue(date("2026-12-01T09:00:00+01:00"), offset: 3600, as: date("2026-12-01T10:00:00Z"), zone: london))
        #expect(StateRecord.sameDue(date("2026-12-01T09:00:00+01:00"), offset: nil, as: date("2026-12-01T08:00:00Z"), zone: london))
    }

    @Test func unreadableLinesAreRejected() {
        #expect(StateRecord(line: "garbage") == nil)
        #expect(StateRecord(line: "2026-12-01T08:00:02Z exploded post=a part=0") == nil)
        #expect(StateRecord(line: "2026-12-01T08:00:02Z published part=0") == nil)
        #expect(StateRecord(line: "2026-12-01T08:00:02Z published post=a part=-1") == nil)
        #expect(StateRecord(line: "2026-12-01T08:00:02Z published post=a part=0 url=%zz") == nil)
        #expect(StateRecord(line: "2026-12-01T08:00:02Z published post=a part=0 url=%4") == nil)
        #expect(StateRecord(line: "2026-12-01T08:00:02Z published post=a part=x") == nil)
        #expect(StateRecord(line: "2026-12-01T08:00:02Z published post=a part=0 id") == nil)
        #expect(StateRecord(line: "2026-12-01T08:00:02 published post=a part=0") == nil, "a time without an offset")
        #expect(StateRecord(line: "2026-12-01T08:00:02Z published post=%FF part=0") == nil, "not UTF-8 once decoded")
        // A hand edit: a field twice (which counts?), a publication without the platform's id.
        #expect(StateRecord(line: "2026-12-01T08:00:02Z published post=a post=b part=0 id=1") == nil)
        #expect(StateRecord(line: "2026-12-01T08:00:02Z published post=a part=0 hash=h") == nil)
        #expect(StateRecord(line: "2026-12-01T08:00:02Z published post=a part=0 id=1 due=soon") == nil)
        #expect(StateRecord(line: "2026-12-01T08:00:02Z published post=a part=0 hash=h id=1 later=kept") != nil, "a newer herald's field")
    }

    /// The line parser reads bytes in place: every truncation and byte flip
    /// of a valid line, and random bytes, must give a record or nil, never a crash.
    @Test func mangledLinesNeverCrash() throws {
        let valid = "2026-12-01T08:00:02+01:00 failed post=2026/launch%20day part=1 hash=9f2c key=k id=7 url=https://x.example/%41 attempt=2 error=HTTP%20503"
        let bytes = Array(valid.utf8)
        var parsed = 0
        for end in 0...bytes.count {
            if StateRecord(line: Substring(String(decoding: bytes[..<end], as: UTF8.self))) != nil { parsed += 1 }
        }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            var mutated = bytes
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                mutated[Int.random(in: 0..<mutated.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
            _ = StateRecord(line: Substring(String(decoding: mutated, as: UTF8.self)))
            let noise = (0..<Int.random(in: 0...80, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            _ = StateRecord(line: Substring(String(decoding: noise, as: UTF8.self)))
        }
        #expect(parsed > 0 && parsed < bytes.count, "some prefixes are records, most are not")
        // A shard of mangled lines is read without a crash, every bad line reported.
        let repo = try TempRepository()
        var shard = "herald-state 1 account=acme-x\n"
        for _ in 0..<200 {
            var line = bytes
            line[Int.random(in: 0..<line.count, using: &generator)] = UInt8.random(in: 0x21...0x7E, using: &generator)
            shard += String(decoding: line, as: UTF8.self) + "\n"
        }
        try repo.write("state/acme-x.state", shard)
        let snapshot = StateStore(directory: repo.root + "/state", displayDirectory: "state").read()
        #expect(snapshot.diagnostics.allSatisfy { $0.severity == .error && $0.message.hasPrefix("unreadable state record: ") })
        // The diagnosis names a reason for every line the parser refuses: it has not drifted from the parser's rules.
        #expect(!snapshot.diagnostics.contains { $0.message.hasSuffix(": not a record") }, "\(snapshot.diagnostics.map(\.message))")
    }

    @Test func readerToleratesSpacingAndFieldsFromANewerHerald() throws {
        let record = try #require(StateRecord(line: "2026-12-01T08:00:02.5+01:00  published   post=a%2Fb%20c part=2 future=%41x id=7 "))
        #expect(record.time == date("2026-12-01T07:00:02.5Z"))
        #expect(record.event == .published)
        #expect(record.post == "a/b c")
        #expect(record.part == 2)
        #expect(record.remoteID == "7")
    }

    @Test func writerAppendsAndReaderFolds() throws {
        let repo = try TempRepository()
        let store = StateStore(directory: repo.root + "/state", displayDirectory: "state")
        let writer = try store.writer(account: "acme-x")
        try writer.append(StateRecord(time: date("2026-12-01T08:00:00Z"), event: .intent, post: "a", part: 0, hash: "h1", key: "k1", attempt: 1))
        try writer.append(StateRecord(time: date("2026-12-01T08:00:01Z"), event: .failed, post: "a", part: 0, hash: "h1", error: "503"))
        try writer.append(StateRecord(time: date("2026-12-01T08:05:00Z"), event: .intent, post: "a", part: 0, hash: "h1", key: "k1", attempt: 2))
        try writer.append(StateRecord(time: date("2026-12-01T08:05:01Z"), event: .published, post: "a", part: 0, hash: "h1", remoteID: "99"))
        try writer.append(StateRecord(time: date("2026-12-01T08:05:02Z"), event: .intent, post: "a", part: 1, hash: "h2", key: "k2", attempt: 1))
        let text = try String(contentsOfFile: repo.root + "/state/acme-x.state", encoding: .utf8)
        #expect(text.hasPrefix("herald-state 1 account=acme-x\n2026-12-01T08:00:00Z intent post=a part=0"))
        let snapshot = store.read()
        #expect(snapshot.diagnostics.isEmpty)
        let first = try #require(snapshot["acme-x", "a", 0])
        #expect(first.published?.remoteID == "99")
        #expect(first.failures.count == 1)
        #expect(first.attempts == 2)
        #expect(first.key == "k1")
        let second = try #require(snapshot["acme-x", "a", 1])
        #expect(second.pendingIntent?.key == "k2")
        #expect(second.published == nil)
    }

    /// A checkout with Windows line endings (git's core.autocrlf) reads as
    /// the same records: no CR kept at the end of an id, a time or an
    /// attempt number; and a record appended after them is read too.
    @Test func windowsLineEndingsReadAsTheSameRecords() throws {
        let repo = try TempRepository()
        try repo.write("state/acme-x.state", "herald-state 1 account=acme-x\r\n"
            + "2026-12-01T08:00:00Z intent post=a part=0 hash=h1 key=k1 attempt=1\r\n"
            + "2026-12-01T08:00:01Z published post=a part=0 hash=h1 id=99 due=2026-12-01T08:00:00Z\r\n"
            + "2026-12-01T08:00:02Z published post=a part=1 hash=h2 id=100\r\n"
            + "2026-12-01T08:00:03Z failed post=b part=0 hash=h3 attempt=2 error=503\r\n")
        let store = StateStore(directory: repo.root + "/state", displayDirectory: "state")
        try store.writer(account: "acme-x").append(StateRecord(time: date("2026-12-01T08:00:04Z"), event: .published, post: "c", part: 0, hash: "h4", remoteID: "101"))
        let snapshot = store.read()
        #expect(snapshot.diagnostics.isEmpty, "\(snapshot.diagnostics)")
        #expect(snapshot.damaged.isEmpty)
        #expect(snapshot["acme-x", "a", 0]?.published?.remoteID == "99")
        #expect(snapshot["acme-x", "a", 1]?.published?.remoteID == "100")
        #expect(snapshot["acme-x", "b", 0]?.failures.last?.attempt == 2)
        #expect(snapshot["acme-x", "c", 0]?.published?.remoteID == "101")
    }

    @Test func tornLastLineIsIgnoredThenCut() throws {
        let repo = try TempRepository([
            "state/acme-x.state": "herald-state 1 account=acme-x\n2026-12-01T08:00:00Z published post=a part=0 hash=h id=1\n2026-12-01T08:01:00Z inte",
        ])
        let store = StateStore(directory: repo.root + "/state", displayDirectory: "state")
        let snapshot = store.read()
        #expect(snapshot.diagnostics.map(TempRepository.describe) == [
            "state/acme-x.state:3:1: warning: incomplete last record ignored (a run was interrupted while writing it)",
        ])
        #expect(snapshot["acme-x", "a", 0]?.published?.remoteID == "1")
        #expect(snapshot.damaged.isEmpty)
        // The next writer cuts the torn tail before appending.
        let writer = try store.writer(account: "acme-x")
        try writer.append(StateRecord(time: date("2026-12-01T08:02:00Z"), event: .published, post: "b", part: 0, hash: "h", remoteID: "2"))
        let text = try String(contentsOfFile: repo.root + "/state/acme-x.state", encoding: .utf8)
        #expect(text == "herald-state 1 account=acme-x\n2026-12-01T08:00:00Z published post=a part=0 hash=h id=1\n2026-12-01T08:02:00Z published post=b part=0 hash=h id=2\n")
        #expect(store.read().diagnostics.isEmpty)
    }

    /// A last line without a newline that no herald line starts with (a
    /// mistyped event, written by hand) is no record cut short: it is read
    /// as a line, its error blocks the account, and a writer keeps it.
    /// Before, it was ignored as torn and cut, and the post sent again.
    @Test func aHandWrittenLastLineWithoutANewlineIsNotTakenForATornOne() throws {
        let line = "2026-12-01T08:01:00Z publishd post=h part=0 id=5"
        let repo = try TempRepository(["state/acme-x.state": "herald-state 1 account=acme-x\n" + line])
        let store = StateStore(directory: repo.root + "/state", displayDirectory: "state")
        let snapshot = store.read()
        #expect(snapshot.diagnostics.map(TempRepository.describe) == [
            "state/acme-x.state:2:22: error: unreadable state record: unknown event 'publishd': did you mean 'published'?"
                + " (herald will not publish to 'acme-x' until this line is repaired)",
        ])
        #expect(snapshot.damaged["acme-x"] != nil)
        let writer = try store.writer(account: "acme-x")
        try writer.append(StateRecord(time: date("2026-12-01T08:02:00Z"), event: .published, post: "b", part: 0, hash: "h", remoteID: "2"))
        let text = try String(contentsOfFile: repo.root + "/state/acme-x.state", encoding: .utf8)
        #expect(text.contains(line + "\n"))
        // Nor is one whose part is no number, or whose fields are out of herald's order.
        for typed in ["2026-12-01T08:01:00Z published post=h part=O id=5", "2026-12-01T08:01:00Z published post=h id=5 part"] {
            #expect(!Array(typed.utf8).withUnsafeBufferPointer(StateRecord.mayBeCutShort), "\(typed)")
        }
        // Cut short anywhere, a line herald writes is still taken for a torn one.
        let whole = "2026-12-01T08:01:00Z published post=h part=0 hash=0123456789abcdef key=k%20x id=5"
        for end in [4, 20, 25, 31, 40, 70, 73] {
            let cut = Array(whole.utf8.prefix(end))
            #expect(cut.withUnsafeBufferPointer(StateRecord.mayBeCutShort), "\(String(decoding: cut, as: UTF8.self))")
        }
    }

    /// An empty shard (emptied by hand or a merge) is read as no record,
    /// and said to be.
    @Test func anEmptyStateFileIsSaidToBe() throws {
        let repo = try TempRepository(["state/acme-x.state": ""])
        let snapshot = StateStore(directory: repo.root + "/state", displayDirectory: "state").read()
        #expect(snapshot.diagnostics.map(TempRepository.describe) == [
            "state/acme-x.state:1:1: warning: the state file is empty, so herald reads no record of 'acme-x'"
                + " (if it held records, restore it (git checkout -- state/acme-x.state) before publishing)",
        ])
    }

    /// A shard that is only its header without a newline (an editor that
    /// saves none) keeps it; a header cut short is written again whole. A
    /// record appended after either is read.
    @Test(arguments: ["herald-state 1 account=acme-x", "herald-sta", ""])
    func aHeaderWithoutANewlineIsKept(text: String) throws {
        let repo = try TempRepository(["state/acme-x.state": text])
        let store = StateStore(directory: repo.root + "/state", displayDirectory: "state")
        let writer = try store.writer(account: "acme-x")
        try writer.append(StateRecord(time: date("2026-12-01T08:02:00Z"), event: .published, post: "b", part: 0, hash: "h", remoteID: "2"))
        let written = try String(contentsOfFile: repo.root + "/state/acme-x.state", encoding: .utf8)
        #expect(written == "herald-state 1 account=acme-x\n2026-12-01T08:02:00Z published post=b part=0 hash=h id=2\n")
        let snapshot = store.read()
        #expect(snapshot.diagnostics.isEmpty)
        #expect(snapshot["acme-x", "b", 0]?.published?.remoteID == "2")
    }

    /// A whole record longer than the 4 KiB read from the end at a time
    /// (a long URL) is kept and ended as a shorter one is.
    @Test func aLongLastRecordWithoutANewlineIsKept() throws {
        let long = "2026-12-01T08:05:00Z published post=b part=0 hash=h id=2 url=https://e.example/" + String(repeating: "a", count: 5000)
        let repo = try TempRepository(["state/acme-x.state": "herald-state 1 account=acme-x\n" + long])
        let store = StateStore(directory: repo.root + "/state", displayDirectory: "state")
        #expect(store.read().damaged["acme-x"] != nil)
        let writer = try store.writer(account: "acme-x")
        try writer.append(StateRecord(time: date("2026-12-01T08:06:00Z"), event: .published, post: "c", part: 0, hash: "h", remoteID: "3"))
        let snapshot = store.read()
        #expect(snapshot.diagnostics.isEmpty)
        #expect(snapshot["acme-x", "b", 0]?.published?.remoteID == "2")
        #expect(snapshot["acme-x", "c", 0]?.published?.remoteID == "3")
    }

    /// A last line that reads as a record but has no newline may be a record
    /// cut short (an id missing its end) or one a person wrote by hand and
    /// left the newline out of: neither ignored nor cut off, which would send
    /// a post published by hand a second time. The account waits for a
    /// person; a writer (`state resolve`) keeps the line and ends it.
    @Test func aWholeLookingLastRecordWithoutANewlineBlocksTheAccount() throws {
        let published = "herald-state 1 account=acme-x\n2026-12-01T08:00:00Z published post=a part=0 hash=h id=1\n"
        let repo = try TempRepository(["state/acme-x.state": published + "2026-12-01T08:05:00Z published post=b part=0 hash=h id=2"])
        let store = StateStore(directory: repo.root + "/state", displayDirectory: "state")
        let snapshot = store.read()
        #expect(snapshot.diagnostics.map(TempRepository.describe) == [
            "state/acme-x.state:3:1: error: the last record has no newline at its end: a run was interrupted while writing it, or it was written by hand (if it is whole (check the post on the platform), end the line with a newline; if it was cut short, delete it; herald will not publish to 'acme-x' until then)",
        ])
        #expect(snapshot.damaged["acme-x"]?.what == "ends in a record without a newline; check it first")
        #expect(snapshot["acme-x", "a", 0]?.published?.remoteID == "1")
        let writer = try store.writer(account: "acme-x")
        try writer.append(StateRecord(time: date("2026-12-01T08:06:00Z"), event: .published, post: "c", part: 0, hash: "h", remoteID: "3"))
        let text = try String(contentsOfFile: repo.root + "/state/acme-x.state", encoding: .utf8)
        #expect(text == published + "2026-12-01T08:05:00Z published post=b part=0 hash=h id=2\n2026-12-01T08:06:00Z published post=c part=0 hash=h id=3\n")
        #expect(store.read().diagnostics.isEmpty)
    }

    /// A last line without its newline that repeats a field (a hand edit,
    /// a merge) is no record a crash cut short, which is ignored with a
    /// warning: read as a person's line, it is refused, and blocks the
    /// account. Ignored, a `published` record lost so would send its post
    /// again.
    @Test func aLastLineRepeatingAFieldIsNoTornRecord() throws {
        let header = "herald-state 1 account=acme-x\n"
        for line in ["2026-12-01T08:00:02Z published post=a part=0 hash=h id=1 id=2", "2026-12-01T08:00:02Z published post=a post=b part=0 hash=h id=1"] {
            #expect(!line.utf8.withContiguousStorageIfAvailable(StateRecord.mayBeCutShort)!, "\(line)")
            let repo = try TempRepository(["state/acme-x.state": header + line])
            let snapshot = StateStore(directory: repo.root + "/state", displayDirectory: "state").read()
            #expect(snapshot.damaged["acme-x"] != nil, "\(line)")
            #expect(snapshot.diagnostics.map(\.severity) == [.error], "\(snapshot.diagnostics.map(TempRepository.describe))")
        }
        // Cut short in its last field, a record is one a crash left.
        let torn = "2026-12-01T08:00:02Z published post=a part=0 hash=h id=1 url=https://exa"
        #expect(torn.utf8.withContiguousStorageIfAvailable(StateRecord.mayBeCutShort)!)
    }

    /// `attempt=0` on an `absent` record answers no attempt (nothing was
    /// sent): an intent still unanswered stays pending, and is settled
    /// (repeated with its key, or looked for) before anything is sent anew.
    @Test func anAbsentOfAttemptZeroLeavesAnIntentPending() throws {
        let repo = try TempRepository(["state/acme-x.state": """
            herald-state 1 account=acme-x
            2026-12-01T08:00:00Z intent post=a part=0 hash=h key=k attempt=1
            2026-12-01T08:00:05Z absent post=a part=0 attempt=0
            2026-12-01T09:00:00Z intent post=b part=0 hash=h key=k2 attempt=1
            2026-12-01T09:00:10Z intent post=b part=0 hash=h key=k2 attempt=2
            2026-12-01T09:00:20Z absent post=b part=0 attempt=2

            """])
        let snapshot = StateStore(directory: repo.root + "/state", displayDirectory: "state").read()
        #expect(snapshot.diagnostics.isEmpty)
        #expect(snapshot["acme-x", "a", 0]?.pendingIntent != nil)
        #expect(snapshot["acme-x", "a", 0]?.pendingSince == date("2026-12-01T08:00:00Z"))
        // The second attempt answered, the first not: still pending, since the first.
        #expect(snapshot["acme-x", "b", 0]?.pendingIntent != nil)
        #expect(snapshot["acme-x", "b", 0]?.pendingSince == date("2026-12-01T09:00:00Z"))
    }

    /// Two branches that each published a post, their records joined by a
    /// merge: the platform may hold it twice. Said, not blocked: the later
    /// record is kept; the same record twice (a merge's union) is no news.
    @Test func aPartPublishedTwiceIsAWarning() throws {
        let repo = try TempRepository(["state/acme-x.state": """
            herald-state 1 account=acme-x
            2026-12-01T08:00:00Z published post=a part=0 hash=h id=1
            2026-12-01T08:00:00Z published post=a part=0 hash=h id=1
            2026-12-01T08:00:05Z published post=a part=0 hash=h id=2

            """])
        let snapshot = StateStore(directory: repo.root + "/state", displayDirectory: "state").read()
        #expect(snapshot.diagnostics.map(TempRepository.describe) == [
            "state/acme-x.state:4:1: warning: 'a' part 1 is recorded as published twice, as 1 and 2 (two runs each sent it (on two branches?): the platform may hold it twice; herald keeps the record further down the file."
                + " Check the account, delete the copy there, and the line of its record here)",
        ])
        #expect(snapshot["acme-x", "a", 0]?.published?.remoteID == "2")
        #expect(snapshot.damaged.isEmpty)
    }

    @Test func damagedRecordBlocksTheAccountButKeepsTheRest() throws {
        let repo = try TempRepository([
            "state/acme-x.state": "herald-state 1 account=acme-x\nthis is not a record\n2026-12-01T08:00:00Z published post=a part=0 hash=h id=1\n",
            "state/acme-mastodon.state": "herald-state 1 account=acme-mastodon\n",
            "state/old.state": "herald-state 9 account=old\n",
            "state/notes.state": "my notes about posting\n2026-12-01T08:00:00Z published post=a part=0 hash=h id=1\n",
            "state/bom.state": "\u{FEFF}herald-state 1 account=bom\n2026-12-01T08:00:00Z published post=a part=0 hash=h id=1\n",
        ])
        let snapshot = StateStore(directory: repo.root + "/state", displayDirectory: "state").read()
        #expect(snapshot.diagnostics.map(TempRepository.describe) == [
            "state/acme-x.state:2:1: error: unreadable state record: 'this' is not a time such as 2026-12-01T08:00:01Z (herald will not publish to 'acme-x' until this line is repaired)",
            "state/bom.state:1:1: error: the state file starts with a byte-order mark (an editor saved it as \"UTF-8 with BOM\") (save it as UTF-8 without a BOM; herald will not publish to 'bom' until then)",
            "state/notes.state:1:1: error: not a herald state file (no 'herald-state' header)"
                + " (its first line is 'herald-state 1 account=notes': if it was lost (a line deleted, the file sorted), restore it)",
            "state/old.state:1:1: error: state format version 9 is not supported by this herald (it reads version 1) (upgrade herald)",
        ])
        #expect(snapshot.damaged.mapValues(\.what) == [
            "acme-x": "has a damaged record; repair it first",
            "notes": "is not a herald state file; repair it first",
            "old": "is in a state format this herald does not read; upgrade herald first",
            "bom": "starts with a byte-order mark; save it without one first",
        ])
        #expect(snapshot.damaged.mapValues { $0.location?.description } == [
            "acme-x": "state/acme-x.state:2:1", "notes": "state/notes.state:1:1", "old": "state/old.state:1:1", "bom": "state/bom.state:1:1",
        ])
        #expect(snapshot["acme-x", "a", 0]?.published != nil)
        #expect(snapshot["notes", "a", 0] == nil, "nothing is read from a file without the header")
    }

    /// Headers gone wrong by hand are told as what they are: a version that
    /// is no number (not "upgrade herald"), a second header in the file
    /// (two files joined, not "not a time"), and a file whose header names
    /// another account with a state file of its own (a copy, whose records
    /// would show this account's posts as done).
    @Test func headersGoneWrongAreToldWhatTheyAre() throws {
        let record = "2026-12-01T08:00:00Z published post=a part=0 hash=h id=1\n"
        let repo = try TempRepository([
            "state/acme-x.state": "herald-state 1.0 account=acme-x\n" + record,
            "state/acme-mastodon.state": "herald-state 1 account=acme-mastodon\n" + record + "herald-state 1 account=acme-bluesky\n"
                + "2026-12-01T08:00:00Z published post=b part=0 hash=h id=2\n",
            "state/acme-threads.state": "herald-state 1 account=acme-threads\n" + record + "herald-state 1 account=acme-threads\n" + record,
            "state/acme-bluesky.state": "herald-state 1 account=acme-mastodon\n" + record,
            // Joined the other way round (`cat acme-x.state acme-ig.state`): the lines before its own header are another's.
            "state/acme-ig.state": "herald-state 1 account=acme-threads\n2026-12-01T08:00:00Z published post=b part=0 hash=h id=3\n"
                + "herald-state 1 account=acme-ig\n" + record,
        ])
        let snapshot = StateStore(directory: repo.root + "/state", displayDirectory: "state").read()
        #expect(snapshot.diagnostics.map(TempRepository.describe) == [
            "state/acme-ig.state:3:1: error: a second 'herald-state' header, of this account: the lines before it are 'acme-threads''s records (two "
                + "state files joined?) (move the lines before it to the end of state/acme-threads.state, leaving out those it already has, then "
                + "delete them here, this line becoming the first; herald will not publish to 'acme-ig' until then)",
            "state/acme-mastodon.state:3:1: error: a second 'herald-state' header, of account 'acme-bluesky': the lines after it, up to any next "
                + "header, are its records (two state files joined?) (move those lines to the end of state/acme-bluesky.state, leaving out those it already has, "
                + "then delete them and this line here; herald will not publish to 'acme-mastodon' until then)",
            "state/acme-threads.state:3:1: error: a second 'herald-state' header: only the first line is one (the file again, whole (a copy saved "
                + "with other line endings, merged in)? the records after it repeat those before: delete this line; herald will not publish to "
                + "'acme-threads' until then)",
            "state/acme-x.state:1:1: error: the header gives '1.0' as the state format's version, which is a whole number"
                + " (herald writes 'herald-state 1 account=acme-x'; herald will not publish to 'acme-x' until then)",
            // A copy of another's file: blocked, where its posts showed done with the other's ids and never went out.
            "state/acme-bluesky.state:1:1: error: the state file of 'acme-bluesky' says it is 'acme-mastodon's, which has a state file of its own"
                + " (if it is a copy of state/acme-mastodon.state, its records are not 'acme-bluesky's: delete it;"
                + " if 'acme-mastodon' was renamed 'acme-bluesky', make its first line 'herald-state 1 account=acme-bluesky')",
            "state/acme-ig.state:1:1: error: the state file of 'acme-ig' says it is 'acme-threads's, which has a state file of its own"
                + " (if it is a copy of state/acme-threads.state, its records are not 'acme-ig's: delete it;"
                + " if 'acme-threads' was renamed 'acme-ig', make its first line 'herald-state 1 account=acme-ig')",
        ])
        #expect(Set(snapshot.damaged.keys) == ["acme-x", "acme-mastodon", "acme-threads", "acme-bluesky", "acme-ig"])
        #expect(snapshot["acme-ig", "b", 0] == nil)
        #expect(snapshot["acme-ig", "a", 0]?.published?.remoteID == "1")
        // Another account's records, after its header, are not read as this one's.
        #expect(snapshot["acme-mastodon", "b", 0] == nil)
        #expect(snapshot["acme-mastodon", "a", 0]?.published?.remoteID == "1")
    }

    /// A line that is not a record is told what is wrong with it, at the
    /// field where it goes wrong. A line of blanks (its first) is an empty
    /// line, not a damaged record: before, it blocked the account.
    @Test func anUnreadableRecordSaysWhatIsWrongAndWhere() throws {
        let time = "2026-12-01T08:00:00Z"
        let lines = [
            "   ",
            "2026-13-01T08:00:00Z published post=a part=0 id=1",
            time,
            time + " publishd post=a part=0 id=1",
            time + " posted post=a part=0 id=1",
            time + " published post=a part=0 id=1 oops",
            time + " published post=a part=0 post=b id=1",
            time + " published post=a%ZZ part=0 id=1",
            time + " published post= part=0 id=1",
            time + " published post=a part=first id=1",
            time + " published part=0 id=1",
            time + " published post=a id=1",
            time + " published post=a part=0 url=https://x.example/1",
            time + " published post=a part=0 id=1 due=tomorrow",
            time + " published post=a part=0 id= id=117",
            "2026-12-01T08:00:00Z  intent  future=é post=a%ZZ part=0",
        ]
        let repo = try TempRepository(["state/acme-x.state": "herald-state 1 account=acme-x\n" + lines.joined(separator: "\n") + "\n"])
        let snapshot = StateStore(directory: repo.root + "/state", displayDirectory: "state").read()
        #expect(snapshot.diagnostics.map { "\($0.location!.line):\($0.location!.column) \($0.message.dropFirst("unreadable state record: ".count))" } == [
            "3:1 '2026-13-01T08:00:00Z' is not a time such as 2026-12-01T08:00:01Z",
            "4:21 the line ends after its time, where the event (intent, published, …) goes",
            "5:22 unknown event 'publishd': did you mean 'published'?",
            "6:22 unknown event 'posted': it is one of intent, published, failed, unknown, absent",
            "7:51 'oops' is not a field, written name=value",
            "8:46 post= is written twice",
            "9:37 the value of post= is not percent-encoded UTF-8",
            "10:37 post= is empty",
            "11:44 part= must be a whole number, found 'first'",
            "12:43 the record has no post=",
            "13:43 the record has no part=",
            "14:69 a published record needs id=, the platform's id of what it made",
            "15:55 due= must be a time such as 2026-12-01T08:00:00Z, found 'tomorrow'",
            // Given twice, not empty: the second is what went wrong.
            "16:50 id= is written twice",
            // Columns count characters, not bytes.
            "17:45 the value of post= is not percent-encoded UTF-8",
        ])
        #expect(snapshot.damaged["acme-x"]?.location?.description == "state/acme-x.state:3:1")
    }

    /// Two branches that each added records to one shard: git's markers
    /// are named as such, and the records around them are still read.
    @Test func mergeConflictMarkersAreNamed() throws {
        let record = "2026-12-01T08:00:00Z published post=a part=0 hash=h id=1\n"
        let repo = try TempRepository([
            "state/acme-x.state": "herald-state 1 account=acme-x\n<<<<<<< HEAD\n" + record + "||||||| base\n=======\n"
                + "2026-12-01T08:05:00Z published post=b part=0 hash=h id=2\n>>>>>>> other-branch\n=======x\n",
        ])
        let snapshot = StateStore(directory: repo.root + "/state", displayDirectory: "state").read()
        let hint = "(records are only ever added: keep the lines of both sides and delete the markers; herald will not publish to 'acme-x' until then)"
        #expect(snapshot.diagnostics.map(TempRepository.describe) == [
            "state/acme-x.state:2:1: error: a git merge conflict marker \(hint)",
            "state/acme-x.state:4:1: error: a git merge conflict marker \(hint)",
            "state/acme-x.state:5:1: error: a git merge conflict marker \(hint)",
            "state/acme-x.state:7:1: error: a git merge conflict marker \(hint)",
            "state/acme-x.state:8:1: error: unreadable state record: '=======x' is not a time such as 2026-12-01T08:00:01Z (herald will not publish to 'acme-x' until this line is repaired)",
        ])
        #expect(snapshot.damaged.mapValues(\.what) == ["acme-x": "has a git merge conflict marker; resolve the conflict first"], "the first problem is named")
        #expect(snapshot.damaged["acme-x"]?.location?.description == "state/acme-x.state:2:1")
        #expect(snapshot["acme-x", "a", 0]?.published != nil)
        #expect(snapshot["acme-x", "b", 0]?.published != nil)
    }

    @Test func secondLockWaitsThenFails() async throws {
        let repo = try TempRepository()
        let store = StateStore(directory: repo.root + "/state", displayDirectory: "state")
        let first = try await store.lock(timeout: .seconds(1))
        await #expect(throws: StateError.self) { try await store.lock(timeout: .milliseconds(300)) }
        first.release()
        let second = try await store.lock(timeout: .seconds(1))
        second.release()
        #expect(!FileManager.default.fileExists(atPath: repo.root + "/state/.lock"), "a released lock leaves no file to commit")
    }

    /// A run waiting on the lock when the holder removes the file and lets
    /// go holds a lock on a file no longer there: it must open the path again,
    /// so a third run is still kept out.
    @Test func waiterTakesTheLockAtThePathAfterTheHolderRemovesIt() async throws {
        let repo = try TempRepository()
        let store = StateStore(directory: repo.root + "/state", displayDirectory: "state")
        let first = try await store.lock(timeout: .seconds(1))
        let waiter = Task { try await store.lock(timeout: .seconds(10)) }
        try await Task.sleep(for: .milliseconds(300))
        first.release()
        let second = try await waiter.value
        #expect(FileManager.default.fileExists(atPath: repo.root + "/state/.lock"))
        await #expect(throws: StateError.self) { try await store.lock(timeout: .milliseconds(300)) }
        second.release()
        #expect(!FileManager.default.fileExists(atPath: repo.root + "/state/.lock"))
    }

    /// A run killed while holding the lock leaves the file; the kernel has
    /// released it, so the next run takes it over and removes it in turn.
    @Test func aLockFileLeftByAKilledRunIsTakenOver() async throws {
        let repo = try TempRepository()
        try repo.write("state/.lock", "")
        let store = StateStore(directory: repo.root + "/state", displayDirectory: "state")
        let lock = try await store.lock(timeout: .milliseconds(300))
        lock.release()
        #expect(try FileManager.default.contentsOfDirectory(atPath: repo.root + "/state").isEmpty)
    }

    /// A state file that is a link could send records to any file the run
    /// can write (a pull request can add one); a FIFO or device could block
    /// or never end. Neither is read or written; the account is blocked.
    @Test func aShardThatIsNoRegularFileIsDamagedAndNotWritten() async throws {
        let repo = try TempRepository()
        let outside = try TempDirectory()
        try FileManager.default.createDirectory(atPath: repo.root + "/state", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: repo.root + "/state/acme-x.state", withDestinationPath: outside.root + "/target")
        #expect(mkfifo(repo.root + "/state/acme-mastodon.state", 0o644) == 0)
        let store = StateStore(directory: repo.root + "/state", displayDirectory: "state", repositoryRoot: repo.root)
        let snapshot = store.read()
        #expect(snapshot.damaged.mapValues(\.what) == [
            "acme-x": "is a symbolic link; replace it with a copy of the file it leads to first",
            "acme-mastodon": "is not a regular file; replace it with a regular file holding its records first",
        ])
        #expect(snapshot.damaged.mapValues { $0.location?.description } == [
            "acme-x": "state/acme-x.state:1:1", "acme-mastodon": "state/acme-mastodon.state:1:1",
        ])
        #expect(snapshot.diagnostics.map { "\($0.location!) \($0.severity) \($0.fullMessage)" }.sorted() == [
            "state/acme-mastodon.state:1:1 error the state file is not a regular file (herald keeps state only in regular files: replace it with "
                + "a regular file holding its records; herald will not publish to 'acme-mastodon' until then)",
            "state/acme-x.state:1:1 error the state file is a symbolic link (herald keeps state only in regular files: replace it with a copy "
                + "of the file it leads to, records and all (cp state/acme-x.state state/acme-x.state.copy && mv state/acme-x.state.copy state/acme-x.state); "
                + "herald will not publish to 'acme-x' until then)",
        ])
        let lock = try await store.lock(timeout: .seconds(1))
        defer { lock.release() }
        #expect(throws: StateError.self) { try store.writer(account: "acme-x") }
        #expect(!FileManager.default.fileExists(atPath: outside.root + "/target"), "nothing is created where the link points")
        #expect(throws: StateError.self) { try store.writer(account: "acme-mastodon") }
        // Where the link points, a file may exist: no line of it is printed.
        try outside.write("target", "herald-state 1 account=acme-x\n# private words\n")
        let printed = DiagnosticPrinter(format: .text, color: false, root: repo.root).render(store.read().diagnostics)
        #expect(printed.contains("state/acme-x.state:1:1: error: the state file is a symbolic link"))
        #expect(!printed.contains("herald-state"), "\(printed)")
        // Its command, run as printed in the repository, keeps the records the link led to.
        try outside.write("target", "herald-state 1 account=acme-x\n2026-12-01T08:00:00Z published post=a part=0 hash=h id=1\n")
        let command = try #require(store.read().diagnostics.first { $0.location?.path == "state/acme-x.state" }?.hint?.firstMatch(of: /\((cp .*)\);/)?.1)
        #expect(try runShell(String(command), in: repo.root) == 0)
        #expect(store.read()["acme-x", "a", 0]?.published?.remoteID == "1")
    }

    /// Runs a command a problem printed through sh, in `folder`.
    func runShell(_ command: String, in folder: String) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
