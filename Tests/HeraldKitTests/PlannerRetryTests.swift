import Foundation
import Testing
@testable import HeraldKit

/// Failures, giving up and rescheduling: when a part is tried again.
extension PlannerTests {
    @Test func failuresCountUntilRescheduled() throws {
        let failures = (1...5).map { "2026-12-01T09:0\($0):00Z failed post=a part=0 hash=h error=HTTP%20503\n" }.joined()
        let repo = try TempRepository(["posts/a.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: hi\nthread: [two]\n"])
        let blocked = try plan(repo, state: failures)
        #expect(blocked.items.map(row) == ["blocked a#0 acme-x", "blocked a#1 acme-x"])
        #expect(blocked.items[0].reason == "failed 5 times (last: HTTP 503); to try again, set publish_at later than the last failure (2026-12-01T09:05:00+00:00), or to now")
        #expect(blocked.items[1].reason == "an earlier part of the thread cannot be published")
        // Failures dated after this machine's clock by more than clocks may differ (a runner's was a year ahead) do not count:
        // they would outlast any publish_at a person could set. Before, the part stayed given up for a year.
        let aheadState = (1...5).map { "2027-12-01T09:0\($0):00Z failed post=a part=0 hash=h error=HTTP%20503\n" }.joined()
        try repo.write("state/acme-x.state", "herald-state 1 account=acme-x\n" + aheadState)
        var input = Planner.Input(repository: repo.load(), state: StateStore(directory: repo.root + "/state", displayDirectory: "state").read(),
                                  now: date("2026-12-01T10:00:00Z"), missingCredentials: [:], publishable: Set(Platform.allCases))
        input.clock = date("2026-12-01T10:00:00Z")
        #expect(Planner.plan(input).items.map(row) == ["publish a#0 acme-x", "publish a#1 acme-x"])
        try repo.write("state/acme-x.state", "herald-state 1 account=acme-x\n" + failures)
        // Dated within the minutes clocks may differ, they count; publish_at set to now would still be before the last,
        // so the reason does not offer it.
        input = Planner.Input(repository: repo.load(), state: StateStore(directory: repo.root + "/state", displayDirectory: "state").read(),
                              now: date("2026-12-01T09:02:00Z"), missingCredentials: [:], publishable: Set(Platform.allCases))
        input.clock = date("2026-12-01T09:02:00Z")
        #expect(Planner.plan(input).items[0].reason
            == "failed 5 times (last: HTTP 503); to try again, set publish_at later than the last failure (2026-12-01T09:05:00+00:00)")
        try repo.write("posts/a.yaml", "publish_at: 2026-12-01T09:30:00Z\naccounts: [acme-x]\ntext: hi\nthread: [two]\n")
        #expect(try plan(repo).items.map(row) == ["publish a#0 acme-x", "publish a#1 acme-x"])
        // With max_attempts 1, said in words.
        try repo.write("herald.yaml", "max_attempts: 1\n")
        let once = try plan(repo, state: "2026-12-01T09:31:00Z failed post=a part=0 hash=h error=HTTP%20503\n")
        #expect(once.items[0].reason?.hasPrefix("failed once (last: HTTP 503); to try again") == true, "\(once.items[0].reason ?? "")")
    }

    /// Two account ids given one token (`sharedTokenGroups`) are one
    /// account, which each would send every post: held, also when one of
    /// them has published the post already (an entry left after a rename).
    @Test func accountsGivenOneTokenAreHeldWhenOneHasPublished() throws {
        let repo = try TempRepository(["posts/hello.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x, acme-mastodon]\ntext: hi\n"])
        let hash = try stateHashes(repo)("hello", 0)
        try repo.write("state/acme-x.state", "herald-state 1 account=acme-x\n2026-12-01T09:00:05Z published post=hello part=0 hash=\(hash) id=1\n")
        var input = Planner.Input(repository: repo.load(), state: StateStore(directory: repo.root + "/state", displayDirectory: "state").read(),
                                  now: date("2026-12-01T10:00:00Z"), missingCredentials: [:], publishable: Set(Platform.allCases))
        input.sharedTokenGroups = [["acme-x", "acme-mastodon"]]
        let items = Planner.plan(input).items
        #expect(items.map(row) == ["blocked hello#0 acme-mastodon", "done hello#0 acme-x"])
        #expect(items[0].reason?.hasPrefix("'acme-x' and 'acme-mastodon' are given one access token, so they are one account, which would get every post twice") == true,
                "\(items[0].reason ?? "")")
        // Apart, each goes.
        input.sharedTokenGroups = []
        #expect(Planner.plan(input).items.map(row) == ["publish hello#0 acme-mastodon", "done hello#0 acme-x"])
    }

    /// Records are dated to the second, as `publish_at` is: a failure
    /// written in the second the post was due (a run on the minute, refused
    /// at once) counts against `max_attempts` as any later one does, and
    /// setting `publish_at` to that second does not try again.
    @Test func aFailureInTheSecondItWasDueCounts() throws {
        let repo = try TempRepository(["posts/a.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: hi\n"])
        try repo.write("herald.yaml", "max_attempts: 1\n")
        let state = "2026-12-01T09:00:00Z intent post=a part=0 hash=h key=k attempt=1 due=2026-12-01T09:00:00Z\n"
            + "2026-12-01T09:00:00Z failed post=a part=0 hash=h attempt=1 error=HTTP%20422\n"
        let result = try plan(repo, state: state)
        #expect(result.items.map(row) == ["blocked a#0 acme-x"])
        #expect(result.items[0].reason?.hasPrefix("failed once (last: HTTP 422); to try again, set publish_at later than the last failure") == true,
                "\(result.items[0].reason ?? "")")
        let part = try #require(StateStore(directory: repo.root + "/state", displayDirectory: "state").read()["acme-x", "a", 0])
        #expect(part.failures(since: date("2026-12-01T09:00:00Z"), until: nil).count == 1)
        #expect(part.failures(since: date("2026-12-01T09:00:01Z"), until: nil).isEmpty)
    }

    /// A send in the very second it was due, with no answer, then postponed:
    /// it was sent for its time, not before it, so it waits for the new one,
    /// as one sent a second later does. Only one sent before the time it was
    /// for (`--now`) may be public early, and is settled now.
    @Test func aSendInItsDueSecondThenPostponedWaits() throws {
        let repo = try TempRepository(["posts/a.yaml": "publish_at: 2026-12-01T12:00:00Z\naccounts: [acme-x]\ntext: one\nthread: [two]\n"])
        let hash = try stateHashes(repo)
        func sent(at time: String) throws -> [PlanAction] {
            try plan(repo, state: "\(time) intent post=a part=0 hash=\(hash("a", 0)) key=k attempt=1 due=2026-12-01T09:00:00Z\n").items.map(\.action)
        }
        #expect(try sent(at: "2026-12-01T09:00:00Z") == [.wait, .wait])
        #expect(try sent(at: "2026-12-01T09:00:01Z") == [.wait, .wait])
        #expect(try sent(at: "2026-12-01T08:59:59Z") == [.publish, .publish])
    }

    /// A thread sent before its time (`publish --now`) whose later part
    /// failed goes on at the next run: the part is due, not left waiting
    /// for publish_at while the first part is public. Before, the next run
    /// said "Nothing to publish" for weeks.
    @Test func aThreadBegunBeforeItsTimeGoesOn() throws {
        let repo = try TempRepository(["posts/a.yaml": "publish_at: 2026-12-20T09:00:00Z\naccounts: [acme-x]\ntext: one\nthread: [two, three]\n"])
        let hash = try stateHashes(repo)
        let result = try plan(repo, state: """
            2026-12-01T09:00:01Z published post=a part=0 hash=\(hash("a", 0)) id=1
            2026-12-01T09:00:02Z failed post=a part=1 hash=\(hash("a", 1)) error=HTTP%20422

            """)
        #expect(result.items.map(row) == ["done a#0 acme-x", "publish a#1 acme-x", "publish a#2 acme-x"])
        // Its failures count from when the thread began, not from publish_at: max_attempts still ends them.
        let failures = (1...5).map { "2026-12-01T09:0\($0):00Z failed post=a part=1 hash=\(hash("a", 1)) error=HTTP%20422\n" }.joined()
        let givenUp = try plan(repo, state: "2026-12-01T09:00:01Z published post=a part=0 hash=\(hash("a", 0)) id=1\n" + failures)
        #expect(givenUp.items.map(row) == ["done a#0 acme-x", "blocked a#1 acme-x", "blocked a#2 acme-x"])
        // Not begun: it waits for its time.
        #expect(try plan(repo, state: "2026-12-01T09:00:02Z failed post=a part=0 hash=\(hash("a", 0)) error=HTTP%20422\n").items.map(\.action)
            == [.wait, .wait, .wait])
        // Sent before its time with no answer (the run stopped): settled now, the platform asked first,
        // not shown waiting until publish_at while the first part may be public.
        let key = PartRequest.idempotencyKey(post: "a", account: "acme-x", part: 0, due: try TimeParser.instant("2026-12-20T09:00:00Z", zone: nil).get())
        let inFlight = try plan(repo, state: "2026-12-01T09:00:01Z intent post=a part=0 hash=\(hash("a", 0)) key=\(key) attempt=1\n")
        #expect(inFlight.items.map(row) == ["publish a#0 acme-x", "publish a#1 acme-x", "publish a#2 acme-x"])
        #expect(inFlight.items[0].verify)
        // Sent when an earlier publish_at was due, and postponed since (its key is of that time): it waits for the new one.
        let postponed = try plan(repo, state: "2026-12-01T09:00:01Z intent post=a part=0 hash=\(hash("a", 0)) key=herald-of-an-earlier-time attempt=1\n")
        #expect(postponed.items.map(\.action) == [.wait, .wait, .wait])
        // Which time a send was for, its intent says (`due`): every attempt keeps the first one's key, and a
        // send for this publish_at after one refused for an earlier time is settled now too.
        let retried = try plan(repo, state: """
            2026-11-30T09:00:01Z intent post=a part=0 hash=\(hash("a", 0)) key=herald-of-an-earlier-time attempt=1
            2026-11-30T09:00:02Z failed post=a part=0 hash=\(hash("a", 0)) attempt=1 error=HTTP%20422
            2026-12-01T09:00:01Z intent post=a part=0 hash=\(hash("a", 0)) key=herald-of-an-earlier-time attempt=2 due=2026-12-20T09:00:00Z

            """)
        #expect(retried.items.map(row) == ["publish a#0 acme-x", "publish a#1 acme-x", "publish a#2 acme-x"])
        let forAnEarlierTime = try plan(repo, state: "2026-12-02T09:00:01Z intent post=a part=0 hash=\(hash("a", 0)) key=\(key) attempt=1 due=2026-12-02T09:00:00Z\n")
        #expect(forAnEarlierTime.items.map(\.action) == [.wait, .wait, .wait])
        // Sent before the time it was sent for (--now), then postponed: it may be public, and is settled now.
        let earlyThenPostponed = try plan(repo, state: "2026-12-01T09:00:01Z intent post=a part=0 hash=\(hash("a", 0)) key=\(key) attempt=1 due=2026-12-08T09:00:00Z\n")
        #expect(earlyThenPostponed.items.map(\.action) == [.publish, .publish, .publish])
    }

    /// A later part given up after max_attempts is tried again as its
    /// reason says: publish_at set later than the last failure, or to now,
    /// starts the count again. Before, the count of a begun thread's later
    /// part ran from its first part's time whatever publish_at said, and
    /// nothing but raising max_attempts released it.
    @Test func aGivenUpLaterPartIsTriedAgainWhenTheThreadIsRescheduled() throws {
        let post = { (at: String) in "publish_at: \(at)\naccounts: [acme-x]\ntext: one\nthread: [two]\n" }
        let repo = try TempRepository(["posts/a.yaml": post("2026-12-01T09:00:00Z")])
        let hash = try stateHashes(repo)
        let records = "2026-12-01T09:00:01Z published post=a part=0 hash=\(hash("a", 0)) id=1 due=2026-12-01T09:00:00Z\n"
            + (1...5).map { "2026-12-01T09:0\($0):30Z failed post=a part=1 hash=\(hash("a", 1)) error=HTTP%20422\n" }.joined()
        let givenUp = try plan(repo, state: records)
        #expect(givenUp.items.map(row) == ["done a#0 acme-x", "blocked a#1 acme-x"])
        #expect(givenUp.items[1].reason?.contains("to try again, set publish_at later than the last failure") == true, "\(givenUp.items[1].reason ?? "")")
        try repo.write("posts/a.yaml", post("2026-12-01T09:30:00Z"))
        #expect(try plan(repo, state: records).items.map(row) == ["done a#0 acme-x", "publish a#1 acme-x"])
        // Set later than now, the rest of the thread waits for that time, and its count starts there.
        try repo.write("posts/a.yaml", post("2026-12-01T12:00:00Z"))
        #expect(try plan(repo, state: records).items.map(row) == ["done a#0 acme-x", "wait a#1 acme-x"])
        // A first part recorded before herald kept `due`: its send's key, made from the publish_at of then, says it was moved.
        let key = PartRequest.idempotencyKey(post: "a", account: "acme-x", part: 0, due: date("2026-12-01T09:00:00Z"))
        let legacy = "2026-12-01T09:00:00Z intent post=a part=0 hash=\(hash("a", 0)) key=\(key) attempt=1\n"
            + records.replacingOccurrences(of: " due=2026-12-01T09:00:00Z", with: "")
        try repo.write("posts/a.yaml", post("2026-12-01T09:30:00Z"))
        #expect(try plan(repo, state: legacy).items.map(row) == ["done a#0 acme-x", "publish a#1 acme-x"])
        try repo.write("posts/a.yaml", post("2026-12-01T09:00:00Z"))
        #expect(try plan(repo, state: legacy).items.map(row) == ["done a#0 acme-x", "blocked a#1 acme-x"])
    }

    /// A send with no answer, of a post with a large video, is held while
    /// its upload may still be going on (a second per 128 KiB on top of the
    /// timeout, as herald allows it) and then the post made: the plan shows
    /// it waiting, and until when, and the thread's next part waits with it.
    /// Before, the hold counted each file as one timeout, and a run after it
    /// repeated the post while the first was still being made.
    @Test func aSendWithALargeVideoIsHeldForItsUpload() throws {
        let repo = try TempRepository(["posts/v.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-mastodon]\ntext: watch\n"
            + "media:\n  - path: media/v.mp4\n    alt: A clip\nthread: [more]\n"])
        let header = Data([0, 0, 0, 24] + Array("ftypisom".utf8) + [0, 0, 2, 0] + Array("isomiso2".utf8))
        try repo.write("media/v.mp4", header)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: repo.root + "/media/v.mp4"))
        try handle.truncate(atOffset: 60 << 20)
        try handle.close()
        let content = repo.load()
        let hash = ContentResolver.parts(of: content.posts[0], for: content.account("acme-mastodon")!, campaign: nil)[0].hash
        let sent = date("2026-12-01T09:00:00Z")
        try repo.write("state/acme-mastodon.state", "herald-state 1 account=acme-mastodon\n\(TimeParser.utc(sent)) intent post=v part=0 hash=\(hash) key=k attempt=1\n")
        func plan(at: String) -> Plan {
            var input = Planner.Input(repository: content, state: StateStore(directory: repo.root + "/state", displayDirectory: "state").read(),
                                      now: date(at), missingCredentials: [:], publishable: Set(Platform.allCases))
            input.clock = date(at)
            return Planner.plan(input)
        }
        // 30 s and 480 s (60 MiB at 128 KiB a second) for the upload, 120 s of processing, 120 s for the post.
        let held = plan(at: "2026-12-01T09:10:00Z")
        #expect(held.items.map(row) == ["wait v#0 acme-mastodon", "wait v#1 acme-mastodon"])
        #expect(held.items[0].heldUntil == sent.addingTimeInterval(750))
        #expect(held.items[0].reason?.contains("held until 2026-12-01T09:12:30+00:00, when a run repeats it with the same key") == true, "\(held.items[0].reason ?? "")")
        #expect(held.items[1].reason == "after part 1, held until 2026-12-01T09:12:30+00:00")
        #expect(plan(at: "2026-12-01T09:13:00Z").items.map(row) == ["publish v#0 acme-mastodon", "publish v#1 acme-mastodon"])
        // The intent says how long the run that sent it allowed (`settle=`): the video taken out of the post since does
        // not shorten the hold of what was sent. Before, the next run repeated it while the first was still being made.
        try repo.write("posts/v.yaml", "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-mastodon]\ntext: watch\nthread: [more]\n")
        try repo.write("state/acme-mastodon.state", "herald-state 1 account=acme-mastodon\n\(TimeParser.utc(sent)) intent post=v part=0 hash=\(hash) key=k attempt=1 settle=750\n")
        var input = Planner.Input(repository: repo.load(), state: StateStore(directory: repo.root + "/state", displayDirectory: "state").read(),
                                  now: date("2026-12-01T09:10:00Z"), missingCredentials: [:], publishable: Set(Platform.allCases))
        input.clock = date("2026-12-01T09:10:00Z")
        #expect(Planner.plan(input).items.first?.heldUntil == sent.addingTimeInterval(750))
    }

    /// A failure dated ahead of the clock counts while it is within the
    /// clocks' allowance (600 s), its last second included; one dated
    /// later (a runner's clock far ahead) does not: it would outlast every
    /// publish_at a person could set to try again.
    @Test func aFailureAheadOfTheClockCountsUpToTheAllowance() {
        let now = date("2026-12-01T10:00:00Z")
        var part = PartState()
        _ = part.apply(StateRecord(time: now.addingTimeInterval(600), event: .failed, post: "a", part: 0, attempt: 0, error: "HTTP 422"))
        #expect(part.failures(since: nil, until: now).count == 1)
        #expect(part.failures(since: nil, until: now.addingTimeInterval(-1)).isEmpty)
    }
}
