import Foundation
import HeraldTestSupport
import Synchronization
import Testing
@testable import HeraldKit

extension Date {
    /// To the second, as the state writes times.
    var rounded: Date { Date(timeIntervalSince1970: timeIntervalSince1970.rounded(.down)) }
}

/// The executor's recovery rules, with a scripted adapter standing in for a
/// platform that has no idempotency key (the paths Mastodon never takes).
/// Real HTTP against real adapters is covered by the CLI tests.
@Suite struct PublisherTests {
    final class ScriptedAdapter: PlatformAdapter {
        let script = Mutex<[Result<PublishedObject, PublishFailure>]>([])
        let lookups = Mutex<[LookupResult]>([])
        let sent = Mutex<[String]>([])
        let capabilities: PlatformCapabilities

        init(idempotency: Bool, lookup: Bool, script: [Result<PublishedObject, PublishFailure>], lookups: [LookupResult] = []) {
            capabilities = PlatformCapabilities(threads: true, idempotencyKeyWindow: idempotency ? .seconds(3600) : nil,
                                                lookup: lookup, edit: false, delete: false)
            self.script.withLock { $0 = script }
            self.lookups.withLock { $0 = lookups }
        }

        func prepare() async {}
        /// What `check` says of a part holding this text: the instance's limits, lowered since.
        let refused = Mutex<String?>(nil)
        func check(_ part: ResolvedPart, root: String) -> String? {
            refused.withLock { $0 }.flatMap { part.text.contains($0) ? "over the instance's limit" : nil }
        }
        let uploads = Mutex(0)
        /// Run inside each upload and each look-up: a signal arriving while one is in flight.
        let during = Mutex<(@Sendable () -> Void)?>(nil)
        func uploadMedia(_ media: MediaRef, root: String, interruption: Interruption) async throws(PublishFailure) -> String {
            during.withLock { $0 }?()
            return "m\(uploads.withLock { $0 += 1; return $0 })"
        }

        func publish(_ request: PartRequest, mediaIDs: [String]) async throws(PublishFailure) -> PublishedObject {
            sent.withLock { $0.append("\(request.postID)#\(request.part.index) reply=\(request.replyTo ?? "-")\(mediaIDs.isEmpty ? "" : " media=" + mediaIDs.joined(separator: ",")) key=\(request.idempotencyKey)") }
            let next = script.withLock { $0.isEmpty ? .success(PublishedObject(remoteID: "auto", url: nil)) : $0.removeFirst() }
            return try next.get()
        }

        /// The time each look-up searched back to.
        let lookedSince = Mutex<[Date]>([])

        func lookup(_ request: PartRequest) async -> LookupResult {
            lookedSince.withLock { $0.append(request.intentTime) }
            during.withLock { $0 }?()
            return lookups.withLock { $0.isEmpty ? .cannotTell("no script") : $0.removeFirst() }
        }
    }

    /// `realTime`: the clock's, where it differs from the plan's `at`. Each
    /// run comes `after` seconds after the one before (the state's records
    /// are moved back): a send whose answer never came is held for two
    /// minutes and more before a run repeats it or looks.
    func run(_ repo: TempRepository, adapter: ScriptedAdapter, at: String = "2026-12-01T10:00:00Z", realTime: String? = nil,
             backoff: Duration = .milliseconds(1), interruption: Interruption = Interruption(),
             after: TimeInterval = 900) async throws -> ([PublishOutcome], StateSnapshot) {
        try StateFiles.passTime(after, in: repo.root + "/state")
        let content = repo.load()
        let store = StateStore(directory: repo.root + "/state", displayDirectory: "state")
        let state = store.read()
        let plan = Planner.plan(.init(repository: content, state: state, now: try TimeParser.instant(at, zone: nil).get(),
                                      missingCredentials: [:], publishable: Set(Platform.allCases)))
        var options = PublishOptions()
        options.backoff = backoff
        options.interruption = interruption
        let clock = try TimeParser.instant(realTime ?? at, zone: nil).get()
        options.clock = { clock }
        let publisher = Publisher(options: options, store: store, adapters: ["acme-x": adapter]) { _ in }
        let outcomes = await publisher.run(plan, state: state, repository: content)
        return (outcomes, store.read())
    }

    let post = ["posts/a.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: one\nthread: [two, three]\n"]

    @Test func threadPartsReplyInOrderAndAreRecorded() async throws {
        let repo = try TempRepository(post)
        let adapter = ScriptedAdapter(idempotency: false, lookup: false, script: [
            .success(.init(remoteID: "1", url: nil)), .success(.init(remoteID: "2", url: nil)), .success(.init(remoteID: "3", url: nil)),
        ])
        let (outcomes, state) = try await run(repo, adapter: adapter)
        #expect(outcomes.map(\.result) == [.published(.init(remoteID: "1", url: nil)), .published(.init(remoteID: "2", url: nil)),
                                           .published(.init(remoteID: "3", url: nil))])
        #expect(adapter.sent.withLock { $0.map { $0.components(separatedBy: " key=")[0] } } == ["a#0 reply=-", "a#1 reply=1", "a#2 reply=2"])
        #expect(state["acme-x", "a", 2]?.published?.remoteID == "3")
    }

    @Test func pendingIntentFromACrashIsVerifiedFirst() async throws {
        let repo = try TempRepository(["posts/a.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: one\n"])
        let content = repo.load()
        let hash = ContentResolver.parts(of: content.posts[0], for: content.account("acme-x")!, campaign: nil)[0].hash
        // A run died after writing its intent (without an idempotency key on this platform).
        try repo.write("state/acme-x.state", "herald-state 1 account=acme-x\n2026-12-01T09:00:01Z intent post=a part=0 hash=\(hash) key=k attempt=1\n")
        let adapter = ScriptedAdapter(idempotency: false, lookup: true, script: [], lookups: [.found(.init(remoteID: "7", url: nil))])
        let (outcomes, state) = try await run(repo, adapter: adapter)
        #expect(outcomes.map(\.result) == [.alreadyThere(.init(remoteID: "7", url: nil))])
        #expect(adapter.sent.withLock { $0.isEmpty })
        #expect(state["acme-x", "a", 0]?.published?.remoteID == "7")
    }

    /// A run died after sending a text; the text was then edited. The
    /// look-up can only search for the new text: not finding it says nothing
    /// of the old, so the item is unknown, for a person, not sent a second time.
    @Test func aPendingIntentForAnEarlierTextIsNotSentAgain() async throws {
        let repo = try TempRepository(["posts/a.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: edited\n"])
        try repo.write("state/acme-x.state", "herald-state 1 account=acme-x\n2026-12-01T09:00:01Z intent post=a part=0 hash=00000000000000aa key=k attempt=1\n")
        let adapter = ScriptedAdapter(idempotency: false, lookup: true, script: [], lookups: [.absent])
        let (outcomes, state) = try await run(repo, adapter: adapter)
        guard case .unknown(let message)? = outcomes.first?.result else {
            Issue.record("expected unknown, got \(outcomes.map(\.result))")
            return
        }
        #expect(message == "unknown — check the account (sent before its text was edited; herald can look only for the text the file holds now)")
        #expect(adapter.sent.withLock { $0.isEmpty })
        // Recorded with the hash of what was sent: resolved as published, the plan shows the edit as drift.
        #expect(state["acme-x", "a", 0]?.unknown?.hash == "00000000000000aa")
        // Nothing before it says "absent": a run that died before the `unknown` leaves the intent unanswered.
        let text = try String(contentsOfFile: repo.root + "/state/acme-x.state", encoding: .utf8)
        #expect(!text.contains(" absent "), "\(text)")
        // The same text: absent means absent, and it is sent.
        let same = try TempRepository(["posts/a.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: one\n"])
        let hash = ContentResolver.parts(of: same.load().posts[0], for: same.load().account("acme-x")!, campaign: nil)[0].hash
        try same.write("state/acme-x.state", "herald-state 1 account=acme-x\n2026-12-01T09:00:01Z intent post=a part=0 hash=\(hash) key=k attempt=1\n")
        let again = ScriptedAdapter(idempotency: false, lookup: true, script: [], lookups: [.absent])
        let (sent, _) = try await run(same, adapter: again)
        #expect(sent.map(\.result) == [.published(.init(remoteID: "auto", url: nil))])
    }

    @Test func temporaryFailuresRetryThenGiveUpForThisRun() async throws {
        let repo = try TempRepository(["posts/a.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: one\n"])
        let busy = PublishFailure.temporary(status: 429, message: "busy", retryAfter: .milliseconds(1))
        let adapter = ScriptedAdapter(idempotency: false, lookup: false, script: [.failure(busy), .failure(busy), .failure(busy), .failure(busy)])
        let (outcomes, state) = try await run(repo, adapter: adapter)
        #expect(outcomes.map(\.result) == [.failed("HTTP 429: busy; the account's rate limit is reached: nothing more is sent to it this run, and the next run tries again (it resets in under a minute)")])
        #expect(adapter.sent.withLock { $0.count } == 4)
        // One failure counts against max_attempts, however many tries the run made.
        #expect(state["acme-x", "a", 0]?.failures.count == 1)
        #expect(state["acme-x", "a", 0]?.pendingIntent == nil)
    }

    /// A request herald could not make (a file to upload that cannot be
    /// read) is not tried again in the run: it fails once, where it went
    /// round the backoff four times like a connection refused.
    @Test func aRequestThatCouldNotBeMadeIsNotRetriedInTheRun() async throws {
        let unreadable = HTTPError(kind: .fileUnreadable, method: .post, url: "https://m.example/api/v2/media",
                                   message: "cannot read media/a.png: No such file or directory", mayHaveReachedServer: false)
        let refused = HTTPError(kind: .couldNotConnect, method: .post, url: "https://m.example/api/v2/media",
                                message: "Connection refused", mayHaveReachedServer: false)
        for (error, tries) in [(unreadable, 1), (refused, 4)] {
            let repo = try TempRepository(["posts/a.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: one\n"])
            let adapter = ScriptedAdapter(idempotency: false, lookup: false, script: Array(repeating: .failure(error.publishFailure), count: 4))
            let (outcomes, state) = try await run(repo, adapter: adapter)
            #expect(outcomes.map(\.result) == [.failed(error.publishFailure.description)])
            #expect(adapter.sent.withLock { $0.count } == tries)
            #expect(state["acme-x", "a", 0]?.failures.count == 1)
        }
    }

    /// `publish --at` half an hour after a post was due, run days later
    /// with no record of it (a state folder lost): the days since it was due
    /// are real, and a run may have made it then, so it is looked for first,
    /// as the real clock says, not sent beside the one already there.
    @Test func theLookUpGoesByTheRealClockUnderAt() async throws {
        let one = ["posts/a.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: one\n"]
        let adapter = ScriptedAdapter(idempotency: true, lookup: true, script: [], lookups: [.found(.init(remoteID: "8", url: nil))])
        let (found, state) = try await run(try TempRepository(one), adapter: adapter, at: "2026-12-01T09:30:00Z",
                                           realTime: "2026-12-06T09:00:00Z")
        #expect(found.map(\.result) == [.alreadyThere(.init(remoteID: "8", url: nil))])
        #expect(adapter.sent.withLock { $0.isEmpty })
        #expect(state["acme-x", "a", 0]?.published?.remoteID == "8")
        // Within the key's hour by both clocks, nothing is looked for: the key answers a repeat.
        let recent = ScriptedAdapter(idempotency: true, lookup: true, script: [])
        let (sent, _) = try await run(try TempRepository(one), adapter: recent, at: "2026-12-01T09:30:00Z", realTime: "2026-12-01T09:40:00Z")
        #expect(sent.map(\.result) == [.published(.init(remoteID: "auto", url: nil))])
        #expect(recent.lookedSince.withLock { $0.isEmpty })
    }

    /// A repeat after an uncertain answer sends the media the first try
    /// uploaded, not new uploads: the same request, which the key answers.
    @Test func aRepeatSendsTheMediaAlreadyUploaded() async throws {
        let repo = try TempRepository(["posts/a.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: one\nmedia:\n  - path: media/a.png\n    alt: A\n  - path: media/b.png\n    alt: B\n"])
        let png = TestMedia.png(bytes: 40, fill: 1)
        try repo.write("media/a.png", png)
        try repo.write("media/b.png", png)
        let adapter = ScriptedAdapter(idempotency: true, lookup: false, script: [.failure(.uncertain("an unreadable answer", answered: true))])
        let (outcomes, _) = try await run(repo, adapter: adapter)
        #expect(outcomes.map(\.result) == [.published(.init(remoteID: "auto", url: nil))])
        #expect(adapter.uploads.withLock { $0 } == 2)
        #expect(adapter.sent.withLock { $0.map { $0.components(separatedBy: " key=")[0] } } == ["a#0 reply=- media=m1,m2", "a#0 reply=- media=m1,m2"])
    }

    /// The platform keeps a key for an hour from the request that made the
    /// post, and a repeat does not renew it: an unanswered attempt 70
    /// minutes ago, and another 20 minutes ago, mean the key may be gone.
    /// herald looks first, back to the first attempt, instead of resending
    /// with the key (which would make a second post).
    @Test func theKeyWindowRunsFromTheFirstUnansweredAttempt() async throws {
        let repo = try TempRepository(["posts/a.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: one\n"])
        let content = repo.load()
        let hash = ContentResolver.parts(of: content.posts[0], for: content.account("acme-x")!, campaign: nil)[0].hash
        let first = Date(timeIntervalSinceNow: -70 * 60).rounded, second = Date(timeIntervalSinceNow: -20 * 60).rounded
        try repo.write("state/acme-x.state", "herald-state 1 account=acme-x\n"
            + "\(TimeParser.utc(first)) intent post=a part=0 hash=\(hash) key=k attempt=1\n"
            + "\(TimeParser.utc(second)) intent post=a part=0 hash=\(hash) key=k attempt=2\n")
        #expect(StateStore(directory: repo.root + "/state", displayDirectory: "state").read()["acme-x", "a", 0]?.pendingSince == first)
        let adapter = ScriptedAdapter(idempotency: true, lookup: true, script: [], lookups: [.found(.init(remoteID: "9", url: nil))])
        let (outcomes, _) = try await run(repo, adapter: adapter, at: TimeParser.utc(Date()), after: 0)
        #expect(outcomes.map(\.result) == [.alreadyThere(.init(remoteID: "9", url: nil))])
        #expect(adapter.sent.withLock { $0.isEmpty })
        #expect(adapter.lookedSince.withLock { $0 } == [first])
    }

    /// The platform counts the key's hour by its own clock, which may be
    /// minutes ahead of herald's: 55 minutes after an unanswered attempt
    /// herald looks rather than repeats (a repeat with an expired key made a
    /// second post); at 45 minutes it repeats with the key.
    @Test func theKeyIsTrustedUntilTenMinutesBeforeItsHourIsOver() async throws {
        for (minutes, repeats) in [(55, false), (45, true)] {
            let repo = try TempRepository(["posts/a.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: one\n"])
            let content = repo.load()
            let hash = ContentResolver.parts(of: content.posts[0], for: content.account("acme-x")!, campaign: nil)[0].hash
            let first = Date(timeIntervalSinceNow: -Double(minutes) * 60).rounded
            try repo.write("state/acme-x.state", "herald-state 1 account=acme-x\n\(TimeParser.utc(first)) intent post=a part=0 hash=\(hash) key=k attempt=1\n")
            let adapter = ScriptedAdapter(idempotency: true, lookup: true, script: [.success(.init(remoteID: "7", url: nil))],
                                          lookups: [.found(.init(remoteID: "9", url: nil))])
            let (outcomes, _) = try await run(repo, adapter: adapter, at: TimeParser.utc(Date()), after: 0)
            #expect(adapter.sent.withLock { $0.count } == (repeats ? 1 : 0), "\(minutes) minutes")
            #expect(adapter.lookedSince.withLock { $0 } == (repeats ? [] : [first]), "\(minutes) minutes")
            #expect(outcomes.count == 1)
        }
    }

    /// A resend within the key's hour that the platform refuses (a 429) or
    /// never gets answers that resend alone: the earlier attempt, which may
    /// have made the post, stays unanswered, and its time still bounds the key.
    @Test func aRefusedResendKeepsTheEarlierAttemptPending() async throws {
        let repo = try TempRepository(["posts/a.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: one\n"])
        let content = repo.load()
        let hash = ContentResolver.parts(of: content.posts[0], for: content.account("acme-x")!, campaign: nil)[0].hash
        let first = Date(timeIntervalSinceNow: -30 * 60).rounded
        try repo.write("state/acme-x.state", "herald-state 1 account=acme-x\n\(TimeParser.utc(first)) intent post=a part=0 hash=\(hash) key=k attempt=1\n")
        let busy = PublishFailure.temporary(status: 429, message: "busy", retryAfter: .milliseconds(1))
        let adapter = ScriptedAdapter(idempotency: true, lookup: true, script: [.failure(busy), .failure(busy), .failure(busy), .failure(busy)])
        let (outcomes, state) = try await run(repo, adapter: adapter, at: TimeParser.utc(Date()), after: 0)
        #expect(outcomes.map(\.result) == [.failed("HTTP 429: busy; the account's rate limit is reached: nothing more is sent to it this run, and the next run tries again (it resets in under a minute)")])
        #expect(adapter.sent.withLock { $0.count } == 4)
        let part = try #require(state["acme-x", "a", 0])
        #expect(part.pendingIntent != nil)
        #expect(part.pendingSince == first)
        #expect(part.attempts == 5)
    }

    /// How records answer attempts (`PartState.apply`).
    @Test(arguments: [
        // A failure of a check before sending (attempt 0) answers no attempt.
        ("intent attempt=1\nfailed attempt=0 error=too%20long", true),
        // A failure from before attempts were noted answers the intent right before it.
        ("intent attempt=1\nfailed error=x", false),
        ("intent attempt=1\nintent attempt=2\nfailed attempt=2 error=x", true),
        ("intent attempt=1\nintent attempt=2\nabsent attempt=2 error=x\nintent attempt=3\nfailed attempt=3 error=y", true),
        // A look-up that found nothing, or a person, answers them all.
        ("intent attempt=1\nintent attempt=2\nabsent", false),
        ("intent attempt=1\nintent attempt=2\nunknown error=x", false),
    ])
    func recordsAnswerAttempts(records: String, pending: Bool) throws {
        let repo = try TempRepository([:])
        let lines = records.split(separator: "\n").enumerated().map { i, record in
            let fields = record.split(separator: " ", maxSplits: 1)
            return "2026-12-01T09:00:0\(i)Z \(fields[0]) post=a part=0 hash=h key=k \(fields.count > 1 ? fields[1] : "")\n"
        }
        try repo.write("state/acme-x.state", "herald-state 1 account=acme-x\n" + lines.joined())
        let part = StateStore(directory: repo.root + "/state", displayDirectory: "state").read()["acme-x", "a", 0]
        #expect((part?.pendingIntent != nil) == pending)
        #expect((part?.pendingSince != nil) == pending)
    }

    /// A stop asked for while a retry is waited for ends the wait: the item
    /// is skipped for this run, its failure recorded as making nothing and
    /// counted toward no max_attempts (a cancelled CI job gave up posts),
    /// and the rest of the thread is not sent.
    @Test func aStopEndsTheWaitForARetry() async throws {
        let repo = try TempRepository(post)
        let busy = PublishFailure.temporary(status: 429, message: "busy", retryAfter: nil)
        let adapter = ScriptedAdapter(idempotency: false, lookup: false, script: [.failure(busy)])
        let interruption = Interruption()
        Task {
            try await Task.sleep(for: .milliseconds(200))
            interruption.request(signal: SIGINT)
        }
        let started = ContinuousClock.now
        let (outcomes, state) = try await run(repo, adapter: adapter, backoff: .seconds(40), interruption: interruption)
        // Well short of the wait: a busy machine (the suite in parallel) may take seconds.
        #expect(ContinuousClock.now - started < .seconds(30))
        #expect(outcomes.map(\.result) == [.skipped("HTTP 429: busy; not tried again: the run was interrupted, and the next run publishes it"),
                                           .skipped(Publisher.interrupted), .skipped(Publisher.interrupted)])
        #expect(adapter.sent.withLock { $0.count } == 1)
        #expect(state["acme-x", "a", 0]?.failures.isEmpty == true)
        #expect(state["acme-x", "a", 0]?.pendingIntent == nil)
        let shard = try String(contentsOfFile: repo.root + "/state/acme-x.state", encoding: .utf8)
        #expect(shard.contains(" absent post=a part=0 ") && !shard.contains(" failed "), "\(shard)")
        // The intent says which publish_at it was sent for: a later run settles it, or waits for a new time.
        #expect(shard.split(separator: "\n").contains { $0.contains(" intent post=a part=0 ") && $0.hasSuffix(" due=2026-12-01T09:00:00+00:00 settle=120") }, "\(shard)")
    }

    /// Stopped after an uncertain answer on a platform with keys, herald
    /// looks rather than waits to send again, so the run ends knowing.
    @Test func aStopAfterAnUncertainAnswerLooksInsteadOfResending() async throws {
        let repo = try TempRepository(["posts/a.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: one\n"])
        let adapter = ScriptedAdapter(idempotency: true, lookup: true, script: [.failure(.uncertain("an unreadable answer", answered: true))],
                                      lookups: [.found(.init(remoteID: "5", url: nil))])
        let interruption = Interruption()
        interruption.request(signal: SIGTERM)
        // Already stopped before the run: nothing starts.
        let (none, _) = try await run(repo, adapter: adapter, interruption: interruption)
        #expect(none.map(\.result) == [.skipped(Publisher.interrupted)])
        #expect(adapter.sent.withLock { $0.isEmpty })
        let later = Interruption()
        Task {
            try await Task.sleep(for: .milliseconds(200))
            later.request(signal: SIGTERM)
        }
        let (outcomes, state) = try await run(repo, adapter: adapter, backoff: .seconds(40), interruption: later)
        #expect(outcomes.map(\.result) == [.alreadyThere(.init(remoteID: "5", url: nil))])
        #expect(adapter.sent.withLock { $0.count } == 1)
        #expect(state["acme-x", "a", 0]?.published?.remoteID == "5")
    }

    /// Stopped while a look-up after an uncertain answer waits to ask again:
    /// the intent is left unanswered, as a run that died would leave it, for
    /// the next run to settle, rather than made unknown for a person.
    @Test func aStopDuringALookupLeavesTheIntentForTheNextRun() async throws {
        let repo = try TempRepository(["posts/a.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: one\n"])
        let adapter = ScriptedAdapter(idempotency: false, lookup: true, script: [.failure(.uncertain("an unreadable answer", answered: true))],
                                      lookups: [.unavailable("HTTP 503", retryAfter: nil)])
        let interruption = Interruption()
        Task {
            try await Task.sleep(for: .milliseconds(200))
            interruption.request(signal: SIGINT)
        }
        let (outcomes, state) = try await run(repo, adapter: adapter, backoff: .seconds(40), interruption: interruption)
        #expect(outcomes.map(\.result) == [.skipped("the run was interrupted before herald could tell whether it was published; the next run looks again")])
        #expect(state["acme-x", "a", 0]?.pendingIntent != nil)
        #expect(state["acme-x", "a", 0]?.unknown == nil)
    }

    /// A stop that comes while an overdue item is looked for, or while its
    /// file goes up, ends that request and sends nothing new: not the post.
    /// The next run, not stopped, sends it once.
    @Test func aStopDuringALookupOrAnUploadSendsNoPost() async throws {
        let one = ["posts/a.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: one\n"]
        let looking = ScriptedAdapter(idempotency: false, lookup: true, script: [], lookups: [.absent, .absent])
        let interruption = Interruption()
        looking.during.withLock { $0 = { _ = interruption.request(signal: SIGINT) } }
        let repo = try TempRepository(one)
        let (stopped, _) = try await run(repo, adapter: looking, at: "2026-12-01T12:00:00Z", interruption: interruption)
        #expect(stopped.map(\.result) == [.skipped(Publisher.interrupted)])
        #expect(looking.sent.withLock { $0.isEmpty })
        looking.during.withLock { $0 = nil }
        let (again, _) = try await run(repo, adapter: looking, at: "2026-12-01T12:00:00Z")
        #expect(again.map(\.result) == [.published(.init(remoteID: "auto", url: nil))])
        #expect(looking.sent.withLock { $0.count } == 1)

        let withMedia = try TempRepository(["posts/a.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: one\nmedia:\n  - path: media/a.png\n    alt: A\n"])
        try withMedia.write("media/a.png", TestMedia.png(bytes: 40, fill: 1))
        let uploading = ScriptedAdapter(idempotency: true, lookup: false, script: [])
        let stop = Interruption()
        uploading.during.withLock { $0 = { _ = stop.request(signal: SIGTERM) } }
        let (cut, state) = try await run(withMedia, adapter: uploading, interruption: stop)
        #expect(cut.map(\.result) == [.skipped(Publisher.interrupted)])
        #expect(uploading.sent.withLock { $0.isEmpty })
        // The attempt is answered: nothing was made, so the next run need not look.
        #expect(state["acme-x", "a", 0]?.pendingIntent == nil)
    }

    /// The failure that is the last of `max_attempts` says so, and the run
    /// exits 1, not 2 ("retried next run"): no run tries the item again
    /// until its publish_at is edited, and the next plan blocks it.
    @Test func theLastAllowedFailureSaysItIsGivenUp() async throws {
        let repo = try TempRepository(["herald.yaml": "max_attempts: 2\n",
                                       "posts/a.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: one\n"])
        let refusal = PublishFailure.rejected(status: 422, message: "no")
        // A message that ends its sentence: its full stop is left out before "; given up" (before, "no.; given up").
        let sentence = PublishFailure.rejected(status: 422, message: "no.")
        let adapter = ScriptedAdapter(idempotency: true, lookup: false, script: [.failure(refusal), .failure(sentence)])
        let (first, _) = try await run(repo, adapter: adapter)
        #expect(first.map(\.result) == [.failed("HTTP 422: no")])
        #expect(PublishReport.exit(first, plan: Plan(at: Date(), items: [], timeZone: nil), hasErrors: false) == .failed)
        let (second, _) = try await run(repo, adapter: adapter)
        #expect(second.map(\.result) == [.failed("HTTP 422: no; given up: that was failure 2 of max_attempts 2, so no run tries again until publish_at is set later than now")])
        #expect(second.map(\.givenUp) == [true])
        // Said at the head of its line, which a long message shortened in its middle keeps; the first failure's says failed.
        #expect(second.map { PublishReport.line($0) } == ["✗ given up   a → acme-x  HTTP 422: no; given up: that was failure 2 of max_attempts 2, "
                                                          + "so no run tries again until publish_at is set later than now"])
        #expect(first.map { PublishReport.line($0) } == ["✗ failed     a → acme-x  HTTP 422: no"])
        #expect(PublishReport.exit(second, plan: Plan(at: Date(), items: [], timeZone: nil), hasErrors: false) == .invalidInput)
        // Beside an item the next run retries, it still needs a person: 1 before 2. Before, a failure elsewhere
        // made the run exit 2, which a CI job may leave to the schedule, and the given-up item went unseen.
        var retried = first[0]
        retried.item.post = "b"
        #expect(PublishReport.exit(second + [retried], plan: Plan(at: Date(), items: [], timeZone: nil), hasErrors: false) == .invalidInput)
        var refused = first[0]
        refused.credentialsRefused = true
        #expect(PublishReport.exit([retried, refused], plan: Plan(at: Date(), items: [], timeZone: nil), hasErrors: false) == .invalidInput)
        #expect(PublishReport.exit([retried], plan: Plan(at: Date(), items: [], timeZone: nil), hasErrors: true) == .invalidInput)
        let (third, _) = try await run(repo, adapter: adapter)
        #expect(third.isEmpty)

        // A thread's later part, skipped after the given-up one, waits on it for good: exit 1 as well.
        let thread = try TempRepository(["herald.yaml": "max_attempts: 1\n",
                                         "posts/a.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: one\nthread: [two]\n"])
        let (cut, _) = try await run(thread, adapter: ScriptedAdapter(idempotency: true, lookup: false, script: [.failure(refusal)]))
        #expect(cut.map(\.givenUp) == [true, true])
        #expect(PublishReport.exit(cut, plan: Plan(at: Date(), items: [], timeZone: nil), hasErrors: false) == .invalidInput)

        // Sent before its time (--at a later time, --now), a failure is not one the plan counts: not given up.
        let early = try TempRepository(["herald.yaml": "max_attempts: 1\n",
                                        "posts/a.yaml": "publish_at: 2026-12-02T09:00:00Z\naccounts: [acme-x]\ntext: one\n"])
        let (tried, _) = try await run(early, adapter: ScriptedAdapter(idempotency: true, lookup: false, script: [.failure(refusal)]),
                                       at: "2026-12-03T00:00:00Z", realTime: "2026-12-01T00:00:00Z")
        #expect(tried.map(\.result) == [.failed("HTTP 422: no")])
        #expect(tried.map(\.givenUp) == [false])
    }

    /// A platform can answer with a page of text: state keeps the first
    /// and last of it, on its one line, with any secret replaced first.
    @Test func aLongErrorIsRecordedShortened() async throws {
        let repo = try TempRepository(["posts/a.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: one\n"])
        let page = String(repeating: "<p>not found</p>", count: 1_000)
        let adapter = ScriptedAdapter(idempotency: false, lookup: false, script: [.failure(.rejected(status: 404, message: page))])
        let (outcomes, state) = try await run(repo, adapter: adapter)
        #expect(outcomes.map(\.result) == [.failed("HTTP 404: \(page)")], "not the whole page")
        let recorded = try #require(state["acme-x", "a", 0]?.failures.last?.error)
        #expect(recorded.count < Publisher.longestRecordedError)
        #expect(recorded.contains("… (15144 characters left out) …"))
        #expect(recorded.hasPrefix("HTTP 404: <p>not found</p>"))
        #expect(recorded.hasSuffix("<p>not found</p>"))
        let file = try String(contentsOfFile: repo.root + "/state/acme-x.state", encoding: .utf8)
        #expect(file.utf8.count < 2_000)
    }

    @Test func retryAfterLongerThanTheRunWillWaitEndsTheTurn() async throws {
        let repo = try TempRepository(["posts/a.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: one\n"])
        let adapter = ScriptedAdapter(idempotency: false, lookup: false,
                                      script: [.failure(.temporary(status: 429, message: "slow down", retryAfter: .seconds(900)))])
        let start = ContinuousClock.now
        let (outcomes, _) = try await run(repo, adapter: adapter)
        #expect(outcomes.map(\.result) == [.failed("HTTP 429: slow down; the account's rate limit is reached: nothing more is sent to it this run, and the next run tries again (it resets in about 15 min)")])
        #expect(ContinuousClock.now - start < .seconds(30))
    }

    /// An item the state has no record of, due longer ago than the platform
    /// keeps an idempotency key, may have been published by a run whose
    /// record was lost: herald looks for it (among what the account made
    /// since it was due) before sending. Found, it is recorded, not sent;
    /// absent, it is sent; when herald cannot tell, it is not sent and fails.
    @Test(arguments: [true, false])
    func anOverdueItemWithoutARecordIsLookedForFirst(idempotency: Bool) async throws {
        let single = ["posts/a.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: one\n"]
        let found = ScriptedAdapter(idempotency: idempotency, lookup: true, script: [], lookups: [.found(.init(remoteID: "7", url: nil))])
        let repo = try TempRepository(single)
        let (outcomes, state) = try await run(repo, adapter: found, at: "2026-12-01T12:00:00Z")
        #expect(outcomes.map(\.result) == [.alreadyThere(.init(remoteID: "7", url: nil))])
        #expect(found.sent.withLock { $0.isEmpty })
        #expect(state["acme-x", "a", 0]?.published?.remoteID == "7")

        let absent = ScriptedAdapter(idempotency: idempotency, lookup: true, script: [], lookups: [.absent])
        let (sent, _) = try await run(try TempRepository(single), adapter: absent, at: "2026-12-01T12:00:00Z")
        #expect(sent.map(\.result) == [.published(.init(remoteID: "auto", url: nil))])
        #expect(absent.sent.withLock { $0.count } == 1)

        let unsure = ScriptedAdapter(idempotency: idempotency, lookup: true, script: [], lookups: [.cannotTell("HTTP 503: busy")])
        let unsureRepo = try TempRepository(single)
        let (failed, failedState) = try await run(unsureRepo, adapter: unsure, at: "2026-12-01T12:00:00Z")
        let message = "HTTP 503: busy; not sent: it was due over an hour ago and the state has no record of it, so herald looks for it"
            + " on the platform first (if it was never published, setting publish_at to now sends it)"
        #expect(failed.map(\.result) == [.failed(message)])
        #expect(unsure.sent.withLock { $0.isEmpty })
        #expect(failedState["acme-x", "a", 0]?.failures(since: nil, until: nil).count == 1)
        // Refused credentials: the advice is the token's, not publish_at's.
        let refused = LookupResult.failed(.rejected(status: 401, message: "The access token is invalid"), saying: "verify_credentials: HTTP 401: The access token is invalid")
        #expect(refused == .refusedCredentials("verify_credentials: HTTP 401: The access token is invalid (the platform refused the account's credentials: check its access token)"))
        let locked = ScriptedAdapter(idempotency: idempotency, lookup: true, script: [], lookups: [refused])
        let (denied, _) = try await run(try TempRepository(single), adapter: locked, at: "2026-12-01T12:00:00Z")
        #expect(denied.map(\.result) == [.failed("verify_credentials: HTTP 401: The access token is invalid (the platform refused the account's credentials: "
            + "check its access token); not sent: it was due over an hour ago and the state has no record of it, so herald looks for it on the platform first")])

        // Due within the hour: the state's silence is trusted (no lookup is scripted: one would fail the item).
        let recent = ScriptedAdapter(idempotency: idempotency, lookup: true, script: [])
        let (fresh, _) = try await run(try TempRepository(single), adapter: recent, at: "2026-12-01T09:30:00Z")
        #expect(fresh.map(\.result) == [.published(.init(remoteID: "auto", url: nil))])
        // A platform herald cannot look at is sent to as before.
        let blind = ScriptedAdapter(idempotency: idempotency, lookup: false, script: [])
        let (blindly, _) = try await run(try TempRepository(single), adapter: blind, at: "2026-12-01T12:00:00Z")
        #expect(blindly.map(\.result) == [.published(.init(remoteID: "auto", url: nil))])
    }

    /// A look-up the platform could not answer this time (a 503, a dropped
    /// connection) is asked again within the run, as a send would be: an
    /// overdue item is then found, and an uncertain attempt is settled
    /// rather than left for a person.
    @Test func anUnavailableLookupIsAskedAgainWithinTheRun() async throws {
        let single = ["posts/a.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: one\n"]
        let overdue = ScriptedAdapter(idempotency: false, lookup: true, script: [], lookups: [
            .unavailable("HTTP 503: busy", retryAfter: nil), .unavailable("connection reset", retryAfter: nil), .found(.init(remoteID: "7", url: nil)),
        ])
        let (found, state) = try await run(try TempRepository(single), adapter: overdue, at: "2026-12-01T12:00:00Z")
        #expect(found.map(\.result) == [.alreadyThere(.init(remoteID: "7", url: nil))])
        #expect(overdue.lookups.withLock { $0.isEmpty })
        #expect(overdue.sent.withLock { $0.isEmpty })
        #expect(state["acme-x", "a", 0]?.published?.remoteID == "7")

        let uncertain = ScriptedAdapter(idempotency: false, lookup: true, script: [.failure(.uncertain("an unreadable answer", answered: true))],
                                        lookups: [.unavailable("HTTP 502: bad gateway", retryAfter: nil), .found(.init(remoteID: "8", url: nil))])
        let (settled, _) = try await run(try TempRepository(single), adapter: uncertain)
        #expect(settled.map(\.result) == [.alreadyThere(.init(remoteID: "8", url: nil))])
        #expect(uncertain.sent.withLock { $0.count } == 1)
    }

    /// A look-up is asked at most as often as a send is tried, and not
    /// again when the platform asks for a longer wait than a run makes, or
    /// answers in a way asking again will not change.
    @Test func aLookupIsAskedAgainOnlyWithinTheRunsLimits() async throws {
        let single = ["posts/a.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: one\n"]
        let busy = ScriptedAdapter(idempotency: false, lookup: true, script: [],
                                   lookups: Array(repeating: .unavailable("HTTP 503: busy", retryAfter: nil), count: 6))
        let (failed, _) = try await run(try TempRepository(single), adapter: busy, at: "2026-12-01T12:00:00Z")
        #expect(failed.map(\.result) == [.failed("HTTP 503: busy; not sent: it was due over an hour ago and the state has no record of it,"
            + " so herald looks for it on the platform first (if it was never published, setting publish_at to now sends it)")])
        #expect(busy.lookups.withLock { $0.count } == 6 - PublishOptions().triesPerRun)
        #expect(busy.sent.withLock { $0.isEmpty })

        let limited = ScriptedAdapter(idempotency: false, lookup: true, script: [], lookups: [
            .unavailable("HTTP 429: slow down", retryAfter: .seconds(900)), .found(.init(remoteID: "7", url: nil)),
        ])
        let start = ContinuousClock.now
        let (waited, _) = try await run(try TempRepository(single), adapter: limited, at: "2026-12-01T12:00:00Z")
        #expect(ContinuousClock.now - start < .seconds(30))
        #expect(waited.count == 1)
        #expect(limited.lookups.withLock { $0.count } == 1)

        let refused = ScriptedAdapter(idempotency: false, lookup: true, script: [], lookups: [
            .cannotTell("verify_credentials: HTTP 401: The access token is invalid"), .found(.init(remoteID: "7", url: nil)),
        ])
        _ = try await run(try TempRepository(single), adapter: refused, at: "2026-12-01T12:00:00Z")
        #expect(refused.lookups.withLock { $0.count } == 1)
    }
}
