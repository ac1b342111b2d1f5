import Foundation
import HeraldTestSupport
import Testing
@testable import HeraldKit

/// How a run ends an item's turn and the run itself: a wait of exactly
/// the longest allowed, and the exit status when an item was skipped.
extension PublisherTests {
    /// A wait of exactly `maxWait` (a 429 whose Retry-After is the run's
    /// longest wait, "60" against the default 60 s) is waited out and the
    /// send tried again: only a wait longer than `maxWait` ends the item's
    /// turn for this run.
    @Test func aRetryAfterOfExactlyTheLongestWaitIsWaitedOut() async throws {
        let repo = try TempRepository(["posts/a.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: one\n"])
        let adapter = ScriptedAdapter(idempotency: true, lookup: false, script: [
            .failure(.temporary(status: 429, message: "slow down", retryAfter: .milliseconds(200))),
            .success(.init(remoteID: "5", url: nil)),
        ])
        let content = repo.load()
        let store = StateStore(directory: repo.root + "/state", displayDirectory: "state")
        let state = store.read()
        let at = try TimeParser.instant("2026-12-01T10:00:00Z", zone: nil).get()
        let plan = Planner.plan(.init(repository: content, state: state, now: at, missingCredentials: [:], publishable: Set(Platform.allCases)))
        var options = PublishOptions()
        options.backoff = .milliseconds(1)
        options.maxWait = .milliseconds(200)
        options.clock = { at }
        let publisher = Publisher(options: options, store: store, adapters: ["acme-x": adapter]) { _ in }
        let outcomes = await publisher.run(plan, state: state, repository: content)
        #expect(outcomes.map(\.result) == [.published(.init(remoteID: "5", url: nil))])
        #expect(adapter.sent.withLock { $0.count } == 2)
    }

    /// An item skipped this run that no person has to see to (a thread's
    /// part after one that did not go out, a stop while a retry was waited
    /// for) goes out on a later run: the run exits 2, "retried next run",
    /// as for a failure, not 0 as though all that was due went out.
    @Test func aRunThatSkippedAnItemExitsAsFailed() {
        let item = PlanItem(post: "a", account: "acme-x", platform: .x, part: 1, partCount: 2, action: .publish,
                            publishAt: Date(timeIntervalSince1970: 1_800_000_000), text: "two")
        let empty = Plan(at: Date(), items: [], timeZone: nil)
        let skipped = PublishOutcome(item: item, result: .skipped("an earlier part of this thread did not go out"))
        #expect(PublishReport.exit([skipped], plan: empty, hasErrors: false) == .failed)
        let published = PublishOutcome(item: item, result: .published(.init(remoteID: "1", url: nil)))
        #expect(PublishReport.exit([published], plan: empty, hasErrors: false) == .ok)
    }
}
