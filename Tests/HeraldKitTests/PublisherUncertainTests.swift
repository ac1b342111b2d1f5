import Foundation
import HeraldTestSupport
import Synchronization
import Testing
@testable import HeraldKit

/// The executor's rules for an attempt whose answer was lost (a timeout, a
/// gateway's 5xx) or could not be read, with `PublisherTests`' scripted
/// adapter: when it is repeated, looked for, or left for the next run.
extension PublisherTests {
    @Test func uncertainWithoutKeyLooksBeforeSendingAgain() async throws {
        let repo = try TempRepository(post)
        let adapter = ScriptedAdapter(idempotency: false, lookup: true,
                                      script: [.failure(.uncertain("an unreadable answer", answered: true)), .failure(.uncertain("an unreadable answer", answered: true))],
                                      lookups: [.found(.init(remoteID: "9", url: nil)), .absent])
        let (outcomes, state) = try await run(repo, adapter: adapter)
        // Part 1: found after the answer it could not read, not sent again. Part 2: absent, so sent again.
        #expect(outcomes.map(\.result)[0] == .alreadyThere(.init(remoteID: "9", url: nil)))
        #expect(outcomes.map(\.result)[1] == .published(.init(remoteID: "auto", url: nil)))
        #expect(adapter.sent.withLock { $0.count } == 4)
        #expect(state["acme-x", "a", 0]?.published?.remoteID == "9")
    }

    @Test func uncertainAndCannotTellIsUnknownAndStopsTheThread() async throws {
        let repo = try TempRepository(post)
        let adapter = ScriptedAdapter(idempotency: false, lookup: true, script: [.failure(.uncertain("an unreadable answer", answered: true))],
                                      lookups: [.cannotTell("the list answered 500")])
        let (outcomes, state) = try await run(repo, adapter: adapter)
        guard case .unknown(let message) = outcomes[0].result else { Issue.record("expected unknown"); return }
        #expect(message == "unknown — check the account (the list answered 500)")
        #expect(outcomes.count == 3)
        #expect(outcomes.dropFirst().allSatisfy { if case .skipped = $0.result { true } else { false } })
        #expect(state["acme-x", "a", 0]?.unknown != nil)
        #expect(PublishReport.exit(outcomes, plan: Plan(at: Date(), items: [], timeZone: nil), hasErrors: false) == .unknown)
        // The next run does not send it; the plan says a person must check.
        let (again, _) = try await run(repo, adapter: adapter)
        #expect(again.isEmpty)
        #expect(adapter.sent.withLock { $0.count } == 1)
    }

    /// An uncertain attempt whose look-up is refused for the credentials
    /// (401) is no unknown for a person to settle: it failed this run, the
    /// attempt stays unanswered, and the next run, with the token fixed,
    /// looks again and finds it.
    @Test func refusedCredentialsLeaveAnUncertainAttemptPending() async throws {
        let repo = try TempRepository(post)
        let refused = LookupResult.failed(.rejected(status: 401, message: "The access token is invalid"), saying: "verify_credentials: HTTP 401: The access token is invalid")
        let adapter = ScriptedAdapter(idempotency: false, lookup: true, script: [.failure(.uncertain("an unreadable answer", answered: true))], lookups: [refused])
        let (outcomes, state) = try await run(repo, adapter: adapter)
        #expect(outcomes[0].result == .failed("verify_credentials: HTTP 401: The access token is invalid (the platform refused the account's credentials: check its access token)"))
        #expect(outcomes[0].credentialsRefused)
        #expect(state["acme-x", "a", 0]?.unknown == nil && state["acme-x", "a", 0]?.pendingIntent != nil)
        #expect(state["acme-x", "a", 0]?.failures(since: nil, until: nil).isEmpty == true)
        #expect(PublishReport.exit(outcomes, plan: Plan(at: Date(), items: [], timeZone: nil), hasErrors: false) == .invalidInput)
        let fixed = ScriptedAdapter(idempotency: false, lookup: true, script: [], lookups: [.found(.init(remoteID: "5", url: nil))])
        let (again, settled) = try await run(repo, adapter: fixed)
        #expect(again.first?.result == .alreadyThere(.init(remoteID: "5", url: nil)))
        #expect(settled["acme-x", "a", 0]?.published?.remoteID == "5")
        // The first part found, not sent again; the thread's two other parts sent after it.
        let sentAgain = fixed.sent.withLock { $0.count }
        #expect(sentAgain == 2)
    }

    @Test func noLookupMeansUnknownAtOnce() async throws {
        let repo = try TempRepository(["posts/a.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: one\n"])
        let adapter = ScriptedAdapter(idempotency: false, lookup: false, script: [.failure(.uncertain("an unreadable answer", answered: true))])
        let (outcomes, _) = try await run(repo, adapter: adapter)
        #expect(outcomes.map(\.result) == [.unknown("the platform may have it and herald cannot look; check the account")])
    }

    @Test func uncertainWithKeyResendsTheSameKey() async throws {
        let repo = try TempRepository(["posts/a.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: one\n"])
        let adapter = ScriptedAdapter(idempotency: true, lookup: false, script: [.failure(.uncertain("an unreadable answer", answered: true))])
        let (outcomes, _) = try await run(repo, adapter: adapter)
        #expect(outcomes.map(\.result) == [.published(.init(remoteID: "auto", url: nil))])
        let keys = adapter.sent.withLock { $0.map { $0.components(separatedBy: " key=")[1] } }
        #expect(keys.count == 2)
        #expect(keys[0] == keys[1])
        #expect(keys[0] == PartRequest.idempotencyKey(post: "a", account: "acme-x", part: 0, due: Date(timeIntervalSince1970: 1_796_115_600)))
        #expect(keys[0] != PartRequest.idempotencyKey(post: "a", account: "acme-x", part: 0, due: Date(timeIntervalSince1970: 1_796_115_660)))
    }

    /// A send with no answer whose post was postponed since (its
    /// `publish_at` moved): the next run, still within the key's window,
    /// repeats it with the key it was first sent with, which the state
    /// keeps, and not one made from the new `publish_at`, which the
    /// platform would take for another post and make a second time.
    @Test func aRepeatAfterPublishAtMovedSendsTheFirstKey() async throws {
        // On this machine's clock, which the key's window is reckoned by: sent 20 minutes ago, moved to 5 minutes ago.
        let now = Date()
        let sent = TimeParser.utc(now.addingTimeInterval(-1_200))
        let repo = try TempRepository(["posts/a.yaml": "publish_at: \(TimeParser.utc(now.addingTimeInterval(-300)))\naccounts: [acme-x]\ntext: one\n"])
        let content = repo.load()
        let hash = ContentResolver.parts(of: content.posts[0], for: content.account("acme-x")!, campaign: nil)[0].hash
        try repo.write("state/acme-x.state", "herald-state 1 account=acme-x\n"
            + "\(sent) intent post=a part=0 hash=\(hash) key=herald-first-key attempt=1 due=\(sent) settle=120\n")
        let adapter = ScriptedAdapter(idempotency: true, lookup: false, script: [.success(.init(remoteID: "7", url: nil))])
        let (outcomes, state) = try await run(repo, adapter: adapter, at: TimeParser.utc(now), after: 0)
        #expect(outcomes.map(\.result) == [.published(.init(remoteID: "7", url: nil))])
        #expect(adapter.sent.withLock { $0 } == ["a#0 reply=- key=herald-first-key"])
        #expect(state["acme-x", "a", 0]?.published?.remoteID == "7")
    }

    /// A server error to the request that makes the post does not say that
    /// nothing was made (a gateway's 502 or 504 after a slow server made
    /// it): herald writes no `absent` for it, and the next run resends with
    /// the same key where the platform keeps one, and looks where it does not.
    @Test func aServerErrorToTheCreateIsUncertain() async throws {
        let one = ["posts/a.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: one\n"]
        let gateway = PublishFailure.temporary(status: 504, message: "Gateway Timeout", retryAfter: nil)
        // Not repeated in the run: the platform may still be making it, and Mastodon keeps a
        // key only once the status is made. The next run repeats it with the same key.
        let keyedRepo = try TempRepository(one)
        let keyed = ScriptedAdapter(idempotency: true, lookup: true, script: [.failure(gateway), .success(.init(remoteID: "7", url: nil))])
        let sent = Date()
        let (first, pending) = try await run(keyedRepo, adapter: keyed)
        // When: two minutes (four times the 30 s request_timeout) after the failure.
        let later = try #require(leftForLater(first.first?.result, "HTTP 504: Gateway Timeout", repeats: true), "\(first)")
        #expect(later.timeIntervalSince(sent) >= 119 && later.timeIntervalSinceNow <= 121, "\(later)")
        #expect(first.count == 1)
        #expect(pending["acme-x", "a", 0]?.pendingIntent != nil && pending["acme-x", "a", 0]?.checkedAbsent == false)
        #expect(keyed.sent.withLock { $0.count } == 1)
        let (resent, state) = try await run(keyedRepo, adapter: keyed)
        #expect(resent.map(\.result) == [.published(.init(remoteID: "7", url: nil))])
        let keys = keyed.sent.withLock { $0.map { $0.components(separatedBy: " key=")[1] } }
        #expect(keys.count == 2 && keys[0] == keys[1])
        #expect(state["acme-x", "a", 0]?.published?.remoteID == "7")
        // Without keys, the next run looks first.
        let unkeyedRepo = try TempRepository(one)
        let unkeyed = ScriptedAdapter(idempotency: false, lookup: true, script: [.failure(gateway)], lookups: [.found(.init(remoteID: "8", url: nil))])
        let (unsure, _) = try await run(unkeyedRepo, adapter: unkeyed)
        #expect(unsure.count == 1 && leftForLater(unsure.first?.result, "HTTP 504: Gateway Timeout", repeats: false) != nil, "\(unsure)")
        let (found, _) = try await run(unkeyedRepo, adapter: unkeyed)
        #expect(found.map(\.result) == [.alreadyThere(.init(remoteID: "8", url: nil))])
        #expect(unkeyed.sent.withLock { $0.count } == 1)
    }

    /// A timeout or a dropped connection while the post is made leaves the
    /// request perhaps at work on the platform: neither repeated nor looked
    /// for in the run (a look-up now could miss what is still being made),
    /// and its thread's later parts wait. Before, a repeat a second later
    /// made a second status on Mastodon, which keeps a key only once the
    /// status exists.
    @Test func aTimeoutOnTheCreateIsLeftForTheNextRun() async throws {
        let repo = try TempRepository(post)
        let adapter = ScriptedAdapter(idempotency: true, lookup: true, script: [.failure(.uncertain("timed out"))])
        let (outcomes, state) = try await run(repo, adapter: adapter)
        #expect(leftForLater(outcomes.first?.result, "timed out", repeats: true) != nil, "\(outcomes)")
        #expect(outcomes.dropFirst().allSatisfy { if case .skipped = $0.result { true } else { false } }, "\(outcomes)")
        #expect(adapter.sent.withLock { $0.count } == 1)
        #expect(adapter.lookedSince.withLock { $0.isEmpty })
        #expect(state["acme-x", "a", 0]?.pendingIntent != nil)
        #expect(PublishReport.exit(outcomes, plan: Plan(at: Date(), items: [], timeZone: nil), hasErrors: false) == .failed)
        let (again, settled) = try await run(repo, adapter: adapter)
        #expect(again.map(\.result).allSatisfy { if case .published = $0 { true } else { false } }, "\(again)")
        #expect(settled["acme-x", "a", 2]?.published != nil)
        let keys = adapter.sent.withLock { $0.map { $0.components(separatedBy: " key=")[1] } }
        #expect(keys.count == 4 && keys[0] == keys[1])
    }

    /// A send whose answer was lost counts against no max_attempts: the post
    /// may be out, and only the next run can tell. Before, on the last attempt
    /// allowed, it was given up, and no run settled the status it had made.
    @Test func aLostAnswerOnTheLastAttemptAllowedIsNotGivenUp() async throws {
        let repo = try TempRepository(["herald.yaml": "max_attempts: 1\n", "posts/a.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: one\n"])
        let adapter = ScriptedAdapter(idempotency: true, lookup: true, script: [.failure(.uncertain("timed out")), .success(.init(remoteID: "7", url: nil))])
        let (first, pending) = try await run(repo, adapter: adapter)
        #expect(first.first?.givenUp == false)
        let part = try #require(pending["acme-x", "a", 0])
        #expect(part.pendingIntent != nil && part.failures.last?.cause == StateRecord.unansweredCause)
        #expect(part.failures(since: nil, until: nil).isEmpty)
        // The plan says the answer was lost, and what the next run does: not that a run stopped.
        let plan = Planner.plan(.init(repository: repo.load(), state: pending, now: try TimeParser.instant("2026-12-01T10:00:00Z", zone: nil).get(),
                                      missingCredentials: [:], publishable: Set(Platform.allCases)))
        // The record keeps what happened; what the next run does is the plan's to say, by the platform's key.
        #expect(plan.items.first?.reason?.hasPrefix("the last send's answer lost (last: timed out); ") == true, "\(plan.items)")
        // By X's capabilities, which this version has none of: no key, so a look-up.
        #expect(plan.items.first?.reason?.hasSuffix("); the next run looks for it on the platform before sending again") == true, "\(plan.items)")
        let (again, settled) = try await run(repo, adapter: adapter)
        #expect(again.map(\.result) == [.published(.init(remoteID: "7", url: nil))])
        #expect(settled["acme-x", "a", 0]?.published?.remoteID == "7")
    }

    /// A failure is the credentials', the rate limit's or a lost answer's by
    /// what happened, not by its words: a platform's refusal quoting herald's
    /// own phrases counts toward max_attempts like any other, and the
    /// account's next post still goes out. Before, the phrases were looked
    /// for in the message, and such a refusal was retried on every run.
    @Test func aRefusalQuotingHeraldsWordsIsThePostsFailure() async throws {
        let repo = try TempRepository(["herald.yaml": "max_attempts: 1\n",
                                       "posts/a.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: one\n",
                                       "posts/b.yaml": "publish_at: 2026-12-01T09:30:00Z\naccounts: [acme-x]\ntext: two\n"])
        let quoting = "Validation failed: the platform refused the account's credentials: check its access token; the account's rate limit is reached: "
            + "nothing more is sent to it this run, and the next run tries again; left for the next run, which repeats it"
        let adapter = ScriptedAdapter(idempotency: true, lookup: true, script: [.failure(.rejected(status: 422, message: quoting)), .success(.init(remoteID: "8", url: nil))])
        let (outcomes, state) = try await run(repo, adapter: adapter)
        #expect(outcomes.map(\.item.post) == ["a", "b"])
        #expect(outcomes[0].givenUp && !outcomes[0].credentialsRefused)
        #expect(outcomes[1].result == .published(.init(remoteID: "8", url: nil)))
        #expect(state["acme-x", "a", 0]?.failures(since: nil, until: nil).count == 1)
        #expect(state["acme-x", "a", 0]?.failures.last?.cause == nil)
        // A look-up that cannot tell, in such words, is no refused token either: a person checks it.
        let lookedFor = try TempRepository(["posts/a.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: one\n"])
        let unsure = ScriptedAdapter(idempotency: false, lookup: true, script: [.failure(.uncertain("an unreadable answer", answered: true))],
                                     lookups: [.cannotTell("HTTP 400: " + quoting)])
        let (unknown, settled) = try await run(lookedFor, adapter: unsure)
        #expect(unknown.map(\.result) == [.unknown("unknown — check the account (HTTP 400: \(quoting))")])
        #expect(settled["acme-x", "a", 0]?.unknown != nil)
    }

    /// What the instance would refuse now is checked before a new send,
    /// not before herald looks for an earlier one: an overdue post is
    /// looked for, and a send whose answer was lost is repeated with its key
    /// (the same request), though the instance's limits were lowered since.
    /// Before, both failed the check, counted, and were given up unfound.
    @Test func thePlatformsCheckComesAfterLookingForAnEarlierSend() async throws {
        let single = ["posts/a.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: one\n"]
        let overdue = ScriptedAdapter(idempotency: true, lookup: true, script: [], lookups: [.found(.init(remoteID: "7", url: nil))])
        overdue.refused.withLock { $0 = "one" }
        let (found, _) = try await run(try TempRepository(single), adapter: overdue, at: "2026-12-01T12:00:00Z")
        #expect(found.map(\.result) == [.alreadyThere(.init(remoteID: "7", url: nil))])

        let repo = try TempRepository(single)
        let lost = ScriptedAdapter(idempotency: true, lookup: true, script: [.failure(.uncertain("timed out")), .success(.init(remoteID: "8", url: nil))])
        _ = try await run(repo, adapter: lost)
        lost.refused.withLock { $0 = "one" }
        let (repeated, state) = try await run(repo, adapter: lost)
        #expect(repeated.map(\.result) == [.published(.init(remoteID: "8", url: nil))])
        #expect(state["acme-x", "a", 0]?.published?.remoteID == "8")
        // Not there, and nothing pending: the check holds, and nothing is sent.
        let fresh = ScriptedAdapter(idempotency: true, lookup: true, script: [], lookups: [.absent])
        fresh.refused.withLock { $0 = "one" }
        let (failed, _) = try await run(try TempRepository(single), adapter: fresh, at: "2026-12-01T12:00:00Z")
        #expect(failed.map(\.result) == [.failed("over the instance's limit")])
        #expect(fresh.sent.withLock { $0.isEmpty })
    }

    /// A send whose answer was lost is repeated with its key unchecked
    /// (its answer says whether the first made it), but not when a later
    /// part of its thread would now be refused: if nothing was made, the
    /// repeat would begin a thread that cannot go on.
    @Test func aRepeatIsNotSentWhenALaterPartWouldBeRefused() async throws {
        let repo = try TempRepository(post)
        let adapter = ScriptedAdapter(idempotency: true, lookup: true, script: [.failure(.uncertain("timed out"))])
        _ = try await run(repo, adapter: adapter)
        adapter.refused.withLock { $0 = "three" }
        let (outcomes, state) = try await run(repo, adapter: adapter)
        #expect(outcomes.first?.result == .failed("part 3/3 of the thread: over the instance's limit; no part is sent until every part fits"))
        #expect(adapter.sent.withLock { $0.count } == 1)
        #expect(state["acme-x", "a", 0]?.pendingIntent != nil)
    }

    /// A send whose answer never came is left alone while the platform may
    /// still be making it: four times the request timeout, two minutes at
    /// least, after each of the part's files has had its upload, for as long
    /// as herald allows it by its size, and its processing (the intent is
    /// written before they go up); and that long after a failure that left
    /// it unanswered, written when herald stopped waiting for the post.
    @Test func theHoldAfterASendGrowsWithTheTimeoutAndTheFiles() throws {
        let mastodon = MastodonAdapter.platformCapabilities
        #expect(Publisher.settleAfterSend(requestTimeout: 30, fileBytes: [], capabilities: mastodon) == 120)
        #expect(Publisher.settleAfterSend(requestTimeout: 150, fileBytes: [], capabilities: mastodon) == 600)
        #expect(Publisher.settleAfterSend(requestTimeout: 30, fileBytes: [0, 0], capabilities: mastodon) == 2 * (30 + 120) + 120)
        // A 60 MB video: a second per 128 KiB on top of the timeout (a slow uplink).
        #expect(Publisher.settleAfterSend(requestTimeout: 30, fileBytes: [60 << 20], capabilities: mastodon) == 30 + 480 + 120 + 120)
        let sent = Date(timeIntervalSince1970: 1_000_000)
        var part = PartState()
        _ = part.apply(StateRecord(time: sent, event: .intent, post: "a", part: 0, key: "k", attempt: 1))
        let intentOnly = part
        #expect(Publisher.settled(intentOnly, requestTimeout: 30, fileBytes: [], capabilities: mastodon, now: sent) == sent.addingTimeInterval(120))
        _ = part.apply(StateRecord(time: sent.addingTimeInterval(600), event: .failed, post: "a", part: 0, attempt: 0, cause: StateRecord.unansweredCause))
        let left = part
        #expect(Publisher.settled(left, requestTimeout: 30, fileBytes: [], capabilities: mastodon, now: sent) == sent.addingTimeInterval(720))
        // Dated ahead of this machine's clock by more than clocks may differ: it cannot be told.
        #expect(Publisher.settled(intentOnly, requestTimeout: 30, fileBytes: [], capabilities: mastodon, now: sent.addingTimeInterval(-601)) == nil)
    }

    /// An intent dated further ahead of this machine's clock than clocks may
    /// differ (a runner's clock was wrong): how long ago it was sent cannot
    /// be told, so it is neither repeated (the key may be long gone) nor
    /// looked for (the post may still be in the making): unknown, for a
    /// person. The plan says so before. Before, it was repeated at once.
    @Test func anIntentDatedAheadOfTheClockIsUnknown() async throws {
        let repo = try TempRepository(["posts/a.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: one\n",
                                       "herald.yaml": "timezone: Europe/Berlin\n"])
        let content = repo.load()
        let hash = ContentResolver.parts(of: content.posts[0], for: content.account("acme-x")!, campaign: nil)[0].hash
        let ahead = Date(timeIntervalSinceNow: 20 * 60).rounded
        try repo.write("state/acme-x.state", "herald-state 1 account=acme-x\n\(TimeParser.utc(ahead)) intent post=a part=0 hash=\(hash) key=k attempt=1\n")
        let planned = Planner.plan(.init(repository: repo.load(), state: StateStore(directory: repo.root + "/state", displayDirectory: "state").read(),
                                         now: Date(), missingCredentials: [:], publishable: Set(Platform.allCases), capabilities: [.x: MastodonAdapter.platformCapabilities]))
        #expect(planned.items.first?.action == .unknown)
        #expect(planned.items.first?.reason?.hasPrefix("its last send is dated \(TimeParser.utc(ahead)), after this machine's clock, so a runner's clock is wrong") == true,
                "\(planned.items.first?.reason ?? "")")
        let adapter = ScriptedAdapter(idempotency: true, lookup: true, script: [.success(.init(remoteID: "7", url: nil))],
                                      lookups: [.absent])
        let (outcomes, state) = try await run(repo, adapter: adapter, at: TimeParser.utc(Date()), after: 0)
        guard case .unknown(let message)? = outcomes.first?.result else { Issue.record("\(outcomes)"); return }
        #expect(message.hasPrefix("unknown — check the account: its last send is dated \(TimeParser.utc(ahead)), after this machine's clock"), "\(message)")
        #expect(adapter.sent.withLock { $0.isEmpty } && adapter.lookedSince.withLock { $0.isEmpty })
        #expect(state["acme-x", "a", 0]?.unknown != nil)
        // Ahead by less than clocks may differ: held until the hold has passed from its time, said as a time
        // in herald.yaml's zone, as the plan says when it is held until.
        let near = Date(timeIntervalSinceNow: 5 * 60).rounded
        try repo.write("state/acme-x.state", "herald-state 1 account=acme-x\n\(TimeParser.utc(near)) intent post=a part=0 hash=\(hash) key=k attempt=1\n")
        let (held, _) = try await run(repo, adapter: adapter, at: TimeParser.utc(Date()), after: 0)
        let berlin = { (date: Date) in TimeParser.format(date, zone: TimeZone(identifier: "Europe/Berlin"), offset: nil) }
        #expect(berlin(near).hasSuffix("+01:00"))
        #expect(held.map(\.result) == [.failed("sent at \(berlin(near)), its answer never came: the platform may still be making it; "
            + "a run from \(berlin(near.addingTimeInterval(120))) on repeats it with the same key")])
        #expect(adapter.sent.withLock { $0.isEmpty })
    }

    /// Of several failures that left one send unanswered, the last one sets
    /// the hold: `settleAfterCreate` runs from the time herald last stopped
    /// waiting for the post, not from the first such failure.
    @Test func theHoldRunsFromTheLastFailureThatLeftTheSendUnanswered() throws {
        let mastodon = MastodonAdapter.platformCapabilities
        let sent = Date(timeIntervalSince1970: 1_000_000)
        var part = PartState()
        _ = part.apply(StateRecord(time: sent, event: .intent, post: "a", part: 0, key: "k", attempt: 1))
        _ = part.apply(StateRecord(time: sent.addingTimeInterval(60), event: .failed, post: "a", part: 0, attempt: 0, cause: StateRecord.unansweredCause))
        #expect(Publisher.settled(part, requestTimeout: 30, fileBytes: [], capabilities: mastodon, now: sent) == sent.addingTimeInterval(180))
        _ = part.apply(StateRecord(time: sent.addingTimeInterval(600), event: .failed, post: "a", part: 0, attempt: 0, cause: StateRecord.unansweredCause))
        #expect(part.pendingIntent != nil)
        #expect(Publisher.settled(part, requestTimeout: 30, fileBytes: [], capabilities: mastodon, now: sent) == sent.addingTimeInterval(720))
    }

    /// The sends with no answer yet that an overdue item's look-up is given
    /// (`PartRequest.unanswered`): a thread's later part is one only with
    /// the status it replied to, which its part before's record names.
    /// Without that record it replied to what herald cannot say: taken as
    /// a post of its own (no reply), it would claim a status of the same
    /// words that is not a reply, and hide it from the look-up.
    @Test func anUnansweredLaterPartWithoutItsParentsRecordIsNoSendToMatch() {
        let sent = Date(timeIntervalSince1970: 1_800_000_000)
        func state(_ records: [StateRecord]) -> PartState {
            var part = PartState()
            for record in records { _ = part.apply(record) }
            return part
        }
        var snapshot = StateSnapshot()
        snapshot.shards["acme-m"] = [
            // Thread t: part 1 sent, no answer; part 0 has no record (lost, or deleted by hand).
            .init(post: "t", part: 1): state([StateRecord(time: sent, event: .intent, post: "t", part: 1, key: "kt", attempt: 1)]),
            // Thread u: part 0 published as 111, part 1 sent in reply to it, no answer.
            .init(post: "u", part: 0): state([StateRecord(time: sent.addingTimeInterval(-60), event: .published, post: "u", part: 0, hash: "h", remoteID: "111")]),
            .init(post: "u", part: 1): state([StateRecord(time: sent, event: .intent, post: "u", part: 1, key: "ku", attempt: 1)]),
        ]
        func item(_ post: String) -> PlanItem {
            PlanItem(post: post, account: "acme-m", platform: .mastodon, part: 1, partCount: 2, action: .publish,
                     publishAt: sent.addingTimeInterval(-3600), text: "second part of \(post)")
        }
        let sends = Publisher.unansweredSends(of: [item("t"), item("u")], state: snapshot)
        #expect(sends == ["acme-m": [PartRequest.UnansweredSend(text: "second part of u", media: [], since: sent, replyTo: "111")]])
    }

    /// An unanswered send repeated with its key and unanswered again is one
    /// send, made since the first attempt: `since` is the first intent's
    /// time (`pendingSince`), not the repeat's, so a status the first
    /// attempt made an hour before the repeat is still taken as its.
    @Test func anUnansweredSendRepeatedCountsFromItsFirstAttempt() {
        let sent = Date(timeIntervalSince1970: 1_800_000_000)
        var part = PartState()
        _ = part.apply(StateRecord(time: sent, event: .intent, post: "a", part: 0, key: "k", attempt: 1))
        _ = part.apply(StateRecord(time: sent.addingTimeInterval(30), event: .failed, post: "a", part: 0, attempt: 0, cause: StateRecord.unansweredCause))
        _ = part.apply(StateRecord(time: sent.addingTimeInterval(3000), event: .intent, post: "a", part: 0, key: "k", attempt: 2))
        var snapshot = StateSnapshot()
        snapshot.shards["acme-m"] = [.init(post: "a", part: 0): part]
        let item = PlanItem(post: "a", account: "acme-m", platform: .mastodon, part: 0, partCount: 1, action: .publish,
                            publishAt: sent, text: "hello")
        let sends = Publisher.unansweredSends(of: [item], state: snapshot)
        #expect(sends == ["acme-m": [PartRequest.UnansweredSend(text: "hello", media: [], since: sent, replyTo: nil)]])
    }

    /// A send whose answer could not be read is repeated with its key at
    /// most `triesPerRun` times in all in one run: after the last, herald
    /// looks instead of sending a fifth time, and, not finding it, gives
    /// the run up (the next run tries again).
    @Test func uncertainWithKeyIsSentAtMostTriesPerRunTimes() async throws {
        let repo = try TempRepository(["posts/a.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: one\n"])
        let tries = PublishOptions().triesPerRun
        let adapter = ScriptedAdapter(idempotency: true, lookup: true,
                                      script: Array(repeating: .failure(.uncertain("an unreadable answer", answered: true)), count: tries),
                                      lookups: [.absent])
        let (outcomes, state) = try await run(repo, adapter: adapter)
        #expect(adapter.sent.withLock { $0.count } == tries)
        #expect(adapter.lookups.withLock { $0.isEmpty })
        #expect(outcomes.map(\.result) == [.failed("an unreadable answer")])
        #expect(state["acme-x", "a", 0]?.published == nil)
    }
}

/// The time a run's message about a send left for later gives (`LeftForLater`).
func leftForLater(_ result: PublishOutcome.Result?, _ failure: String, repeats: Bool) -> Date? {
    guard case .failed(let message)? = result else { return nil }
    return LeftForLater.time(in: message, failure: failure, repeats: repeats)
}
