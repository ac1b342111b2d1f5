import Foundation
import HeraldTestSupport
import Testing
import HeraldKit

/// What `herald publish` looks for on the platform before it sends, against
/// the sandbox run as its own process: overdue items with no record (a lost
/// state, a post made by hand), and sends whose answer was lost. Nothing is
/// sent twice, and look-ups stay within the platform's rate limit.
@Suite(.serialized) struct PublishLookupTests: SandboxPublishing {
    /// Overdue items with no record are looked for before they are sent: the
    /// account's id is asked of the instance once per run, not per item. A
    /// fault that only slows verify_credentials counts its requests.
    @Test func lookupsAskTheAccountsIdOnce() async throws {
        let sandbox = try await ServerProcess.sandbox()
        let repo = try repository(posts: 3)
        try await JSONClient().post(sandbox.baseURL + "/_sandbox/faults", json: [
            "match": ["platform": "mastodon", "methods": ["GET"], "path": "/api/v1/accounts/verify_credentials"],
            "effect": ["type": "latency", "delay_ms": 1], "count": 100,
        ] as [String: Any])
        let result = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(try await posts(sandbox).count == 13)
        let faults = try #require(try await JSONClient().get(sandbox.baseURL + "/_sandbox/faults") as? [String: Any])
        let left = try #require((faults["faults"] as? [[String: Any]])?.first?["count"] as? Int, "\(faults)")
        // One request for each of the three accounts.
        #expect(100 - left == 3)
    }

    /// The instance's clock 30 seconds behind herald's: the statuses a run
    /// makes are reported published, not "found" as made before the run
    /// began, and the thread's second part is not looked for; the instance's
    /// `Date` says how far its clock is off. A status its key brings back
    /// after the state is lost is still found, not sent again.
    @Test func anInstanceClockBehindHeraldsDoesNotMakeNewStatusesFound() async throws {
        let sandbox = try await ServerProcess.sandbox()
        #expect(try await JSONClient().post(sandbox.baseURL + "/_sandbox/clock", json: ["offset_seconds": -30]) == 200)
        let repo = try oneAccountRepository()
        let due = TimeParser.utc(Date(timeIntervalSinceNow: -300))
        try repo.write("posts/t.yaml", "publish_at: \(due)\naccounts: [m1]\ntext: Clock one\nthread: [Clock two]\n")
        let first = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL, "--verbose"])
        #expect(first.status == 0, "\(first.stdout)\n\(first.stderr)")
        #expect(first.stdout.contains("Published 2, found 0, "), "\(first.stdout)")
        #expect(!first.stderr.contains("/statuses?limit=") && !first.stderr.contains("/context"), "looked for: \(first.stderr)")
        try FileManager.default.removeItem(atPath: repo.root + "/.herald")
        // The Date header tells the clocks apart to a second: the next run comes later than that, as runs do.
        try await Task.sleep(for: .seconds(2))
        let again = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        #expect(again.stdout.contains("Published 0, found 2, "), "\(again.stdout)")
        #expect(try await posts(sandbox).count == 2)
    }

    /// More overdue items on one account than one page of its statuses: each
    /// lookup reads back page by page to when the item was due, so the run
    /// that sends them all and the run after the state is lost, which finds
    /// them all, both get past the first 40.
    @Test func lookupsReadBackPastOnePage() async throws {
        let sandbox = try await ServerProcess.sandbox()
        let repo = try oneAccountRepository()
        for i in 0..<45 {
            try repo.write("posts/p\(String(format: "%02d", i)).yaml", "publish_at: 2026-11-01T09:\(String(format: "%02d", i)):00Z\naccounts: [m1]\ntext: Catching up, post \(i)\n")
        }
        let first = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        #expect(first.status == 0, "\(first.stdout)\n\(first.stderr)")
        #expect(first.stdout.contains("Published 45, found 0, "), "\(first.stdout)")
        try FileManager.default.removeItem(atPath: repo.root + "/.herald")
        let again = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        #expect(again.status == 0, "\(again.stdout)\n\(again.stderr)")
        #expect(again.stdout.contains("Published 0, found 45, "), "\(again.stdout)")
        #expect(try await posts(sandbox).count == 45)
    }

    /// Mastodon shows a remote mention (`@alice@example.social`) as `@alice`:
    /// a lookup after the state is lost still recognises the status, and
    /// does not send it again.
    @Test func aLookupRecognisesAStatusWithRemoteMentions() async throws {
        let content = try await publishedOnceAfterALostState(text: "Thanks @alice@example.social and @bob, see https://example.com/a?b=1&c=2")
        #expect(content.contains(">@<span>alice</span></a></span> and <span class=\"h-card\""), "\(content)")
        #expect(content.contains(">@<span>bob</span></a></span>, see"), "\(content)")
    }

    /// Mastodon shows a mention as the account's name was registered, not
    /// as typed (`@Alice` shows `@alice`; the sandbox registers every name
    /// in lower case): a lookup after the state is lost still recognises
    /// the status, and does not send it again.
    @Test func aLookupRecognisesAStatusWhoseMentionsAreTypedInAnotherCase() async throws {
        let content = try await publishedOnceAfterALostState(text: "Thanks @Alice@Example.Social and @BOB.Smith for the review")
        #expect(content.contains("href=\"https://example.social/@alice\" class=\"u-url mention\">@<span>alice</span></a></span> and "), "\(content)")
        #expect(content.contains(">@<span>bob.smith</span></a></span> for the review"), "\(content)")
    }

    /// Publishes a post due long ago, throws the state away and publishes
    /// again: the second run must find the status, not send it a second
    /// time. Returns the status's content as the sandbox renders it.
    private func publishedOnceAfterALostState(text: String) async throws -> String {
        let sandbox = try await ServerProcess.sandbox()
        let repo = try oneAccountRepository()
        try repo.write("posts/thanks.yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [m1]\ntext: \(text)\n")
        let first = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        #expect(first.status == 0, "\(first.stdout)\n\(first.stderr)")
        let client = JSONClient(token: SandboxServer.token(forAccount: "m1"))
        let me = try await client.get(sandbox.baseURL + "/mastodon/api/v1/accounts/verify_credentials") as? [String: Any]
        let statuses = try await client.get(sandbox.baseURL + "/mastodon/api/v1/accounts/\(me?["id"] as? String ?? "")/statuses?limit=40")
        try FileManager.default.removeItem(atPath: repo.root + "/.herald")
        let again = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        #expect(again.status == 0, "\(again.stdout)\n\(again.stderr)")
        #expect(again.stdout.contains("Published 0, found 1, "), "\(again.stdout)")
        #expect(try await posts(sandbox).count == 1)
        return (statuses as? [[String: Any]])?.first?["content"] as? String ?? ""
    }

    /// A post due in the past that is on the sandbox, made by hand (sent
    /// with --now, its record then thrown away), and a fault the sandbox
    /// will answer the next requests with.
    private func postedByHand(thenFault fault: [String: Any]) async throws -> (ServerProcess, TempDirectory) {
        let sandbox = try await ServerProcess.sandbox()
        let repo = try oneAccountRepository()
        try repo.write("posts/hand.yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [m1]\ntext: Posted by hand earlier.\n")
        let first = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL, "--now", "hand"])
        #expect(first.status == 0, "\(first.stdout)\n\(first.stderr)")
        try FileManager.default.removeItem(atPath: repo.root + "/.herald")
        try await JSONClient().post(sandbox.baseURL + "/_sandbox/faults", json: fault)
        return (sandbox, repo)
    }

    /// A run stopped after its send reached the platform, before it recorded
    /// the answer; the text is then corrected. The next run's send, with the
    /// same key within its hour, brings back the status the first one made:
    /// it is recorded with the content it holds, and the plan shows the
    /// correction as drift. Before, it was recorded with the corrected text,
    /// and the plan said done for a text that never went out.
    @Test func aCorrectionAfterAnUnansweredSendIsShownAsDrift() async throws {
        let sandbox = try await ServerProcess.sandbox()
        let repo = try oneAccountRepository()
        try repo.write("posts/q.yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [m1]\ntext: Second post, version A\n")
        let first = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL, "--now", "q"])
        #expect(first.status == 0, "\(first.stdout)\n\(first.stderr)")
        // As if the run had stopped after sending: its intent stays, its answer is gone.
        let statePath = repo.root + "/.herald/sandbox/state/m1.state"
        let recorded = try String(contentsOfFile: statePath, encoding: .utf8)
        try repo.write(".herald/sandbox/state/m1.state", recorded.split(separator: "\n").filter { !$0.contains(" published ") }.joined(separator: "\n") + "\n")
        try repo.write("posts/q.yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [m1]\ntext: Second post, version B, corrected\n")
        try await expectCorrectionShownAsDrift(sandbox, repo, publishing: ["--now", "q"], holding: "Second post, version A")
    }

    /// A part inserted into a thread while the send of the part it pushed
    /// down had no answer: the resend with that part's key brings back what
    /// it made (the pushed-down text), recorded as it is, and that text,
    /// now the next part's, is not sent again. Before, it went out twice.
    @Test func aPartInsertedWhileASendHadNoAnswerDoesNotSendThePushedDownPartAgain() async throws {
        let sandbox = try await ServerProcess.sandbox()
        let repo = try oneAccountRepository()
        try repo.write("posts/t.yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [m1]\ntext: Alpha\nthread: [Bravo]\n")
        let first = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL, "--now", "t"])
        #expect(first.status == 0, "\(first.stdout)\n\(first.stderr)")
        // As if the run had stopped after sending part 2: its intent stays, its answer is gone.
        let recorded = try String(contentsOfFile: repo.root + "/.herald/sandbox/state/m1.state", encoding: .utf8)
        try repo.write(".herald/sandbox/state/m1.state",
                       recorded.split(separator: "\n").filter { !($0.contains(" published ") && $0.contains(" part=1 ")) }.joined(separator: "\n") + "\n")
        try repo.write("posts/t.yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [m1]\ntext: Alpha\nthread: [Xray inserted, Bravo]\n")
        try repo.passTime(900, stateFolder: ".herald/sandbox/state")
        let again = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL, "--now", "t"])
        #expect(again.stdout.contains("= found      t [2/3] → m1"), "\(again.stdout)")
        #expect(again.stdout.contains("t [3/3] → m1  the same content as part 2, which is on the platform"), "\(again.stdout)")
        #expect(try await posts(sandbox).map { $0["text"] as? String } == ["Alpha", "Bravo"])
    }

    /// Two repositories with a post of the same name (`posts/news.yaml`)
    /// for one account, at other times, within the hour the platform keeps
    /// a key: each is sent. Before, the key was the name's alone: the
    /// second got the first's status back and recorded it as found, and
    /// its own text never went out. (Their texts differ by more than a
    /// word: a status that reads much like a post overdue with no record,
    /// made after it was due, may be it as published before an edit, and
    /// herald asks a person, `postsEditedAndTheirRecordsLost…`.)
    @Test func aPostOfTheSameNameInAnotherRepositoryIsSent() async throws {
        let sandbox = try await ServerProcess.sandbox()
        for (i, time) in ["08:40", "09:10"].enumerated() {
            let repo = try oneAccountRepository()
            try repo.write("posts/news.yaml", "publish_at: 2026-11-01T\(time):00Z\naccounts: [m1]\ntext: \(["News from team 1", "Team 2 says hello"][i])\n")
            let result = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL, "--now", "news"])
            #expect(result.status == 0 && result.stdout.contains("Published 1, found 0, "), "\(result.stdout)\n\(result.stderr)")
        }
        #expect(try await posts(sandbox).map { $0["text"] as? String } == ["News from team 1", "Team 2 says hello"])
    }

    /// As above, with the alt text of the post's picture corrected and its
    /// text the same: the status the key brings back holds the first alt
    /// text, and the plan shows drift. Before, only a changed text was
    /// noticed: the item was recorded as published with the new alt text,
    /// and the plan said done.
    @Test func anAltTextCorrectedAfterAnUnansweredSendIsShownAsDrift() async throws {
        let sandbox = try await ServerProcess.sandbox()
        let repo = try oneAccountRepository()
        try repo.write("media/pic.png", TestMedia.png(bytes: 72, fill: 7))
        let post = "publish_at: 2026-11-01T09:00:00Z\naccounts: [m1]\ntext: A picture\nmedia:\n  - path: media/pic.png\n    alt: "
        try repo.write("posts/q.yaml", post + "A test pattern\n")
        let first = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL, "--now", "q"])
        #expect(first.status == 0, "\(first.stdout)\n\(first.stderr)")
        let statePath = repo.root + "/.herald/sandbox/state/m1.state"
        let recorded = try String(contentsOfFile: statePath, encoding: .utf8)
        try repo.write(".herald/sandbox/state/m1.state", recorded.split(separator: "\n").filter { !$0.contains(" published ") }.joined(separator: "\n") + "\n")
        try repo.write("posts/q.yaml", post + "A grey test pattern\n")
        try await expectCorrectionShownAsDrift(sandbox, repo, publishing: ["--now", "q"], holding: "A picture")
        let id = try #require(try await posts(sandbox).first?["id"] as? String)
        let status = try await JSONClient().get(sandbox.baseURL + "/mastodon/api/v1/statuses/\(id)") as? [String: Any]
        #expect(((status?["media_attachments"] as? [[String: Any]])?.first?["description"] as? String) == "A test pattern", "\(status ?? [:])")
    }

    /// The state is lost (a CI job that did not commit it) and the text
    /// corrected within the hour the platform keeps the idempotency key: the
    /// look-up, for the new text, finds nothing, and the send brings back
    /// the status made before. It is recorded with the hash of the text the
    /// platform shows, so the plan shows the correction as drift. Before, it
    /// was recorded with the corrected text, and the plan said done.
    @Test func aCorrectionAfterALostStateIsShownAsDrift() async throws {
        let sandbox = try await ServerProcess.sandbox()
        let repo = try oneAccountRepository()
        try repo.write("posts/q.yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [m1]\ntext: Third post, version A\n")
        let first = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        #expect(first.status == 0, "\(first.stdout)\n\(first.stderr)")
        try FileManager.default.removeItem(atPath: repo.root + "/.herald")
        try repo.write("posts/q.yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [m1]\ntext: Third post, version B, corrected\n")
        try await expectCorrectionShownAsDrift(sandbox, repo, publishing: [], holding: "Third post, version A")
    }

    /// The state is lost within the hour (a shard checked out from the
    /// other side of a merge) and the text unchanged: the send's key brings
    /// back the status made before, which is reported found, not published:
    /// one status on the platform, and the report says so.
    @Test func aStatusAKeyBringsBackIsReportedFound() async throws {
        let sandbox = try await ServerProcess.sandbox()
        let repo = try oneAccountRepository()
        let due = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-300))
        try repo.write("posts/q.yaml", "publish_at: \(due)\naccounts: [m1]\ntext: Sent once\n")
        #expect(try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL]).status == 0)
        try FileManager.default.removeItem(atPath: repo.root + "/.herald")
        let again = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        #expect(again.status == 0, "\(again.stdout)\n\(again.stderr)")
        #expect(again.stdout.contains("= found") && again.stdout.contains("Published 0, found 1, "), "\(again.stdout)")
        #expect(try await posts(sandbox).count == 1)
    }

    /// The run after a correction: the status the key brings back, holding
    /// `text`, is found rather than sent again, and the plan shows drift.
    private func expectCorrectionShownAsDrift(_ sandbox: ServerProcess, _ repo: TempDirectory, publishing arguments: [String],
                                              holding text: String) async throws {
        // Past the wait after a send that had no answer: the platform is done making it.
        try repo.passTime(900, stateFolder: ".herald/sandbox/state")
        let again = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL] + arguments)
        #expect(again.status == 0, "\(again.stdout)\n\(again.stderr)")
        #expect(again.stdout.contains("Published 0, found 1, "), "\(again.stdout)")
        #expect(try await posts(sandbox).map { $0["text"] as? String } == [text])
        let plan = try await CLI.run(["plan", "-C", repo.root, "--sandbox-url", sandbox.baseURL, "--format", "json"])
        #expect(plan.stdout.contains("\"action\" : \"drift\""), "\(plan.stdout)")
    }

    /// A long thread due long ago with no record (a lost state): its first
    /// part is looked for; each later part replies to one this run has just
    /// made, so it cannot be on the platform and is not looked for. Before,
    /// every part read the account's statuses back past the ones made
    /// before it, and the sandbox's rate limit (Mastodon's 300 requests in
    /// 5 minutes) stopped the thread at its 105th part.
    @Test func aLongOverdueThreadIsLookedForOnce() async throws {
        let sandbox = try await ServerProcess.sandbox()
        let repo = try oneAccountRepository()
        let parts = (2...130).map { "  - Part \($0) of the story\n" }.joined()
        try repo.write("posts/saga.yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [m1]\ntext: Part 1 of the story\nthread:\n" + parts)
        let result = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        #expect(result.status == 0, "\(result.stdout.suffix(2_000))\n\(result.stderr)")
        #expect(result.stdout.contains("Published 130, found 0, "), "\(result.stdout.suffix(2_000))")
        try await expectEachPostedOnce(sandbox, count: 130)
    }

    /// 120 posts due long ago with no record (a lost state) on one account:
    /// each is looked for before it is sent, below the statuses this run
    /// made, each page of the account's statuses read once. Before, the
    /// k-th lookup read back past the k statuses made before it (some 360
    /// requests in all), and the sandbox's rate limit (Mastodon's 300
    /// requests in 5 minutes) stopped the run before its end.
    @Test func manyOverduePostsAreLookedForWithoutRereading() async throws {
        let sandbox = try await ServerProcess.sandbox()
        let repo = try oneAccountRepository()
        try writeCatchingUpPosts(in: repo)
        let result = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        #expect(result.status == 0, "\(result.stdout.suffix(2_000))\n\(result.stderr)")
        #expect(result.stdout.contains("Published 120, found 0, "), "\(result.stdout.suffix(2_000))")
        #expect(try await posts(sandbox).count == 120)
        // Lost again, with the ten oldest posts left: each is found three pages down, none sent twice.
        try FileManager.default.removeItem(atPath: repo.root + "/.herald")
        for i in 10..<120 { try FileManager.default.removeItem(atPath: repo.root + "/posts/p\(String(format: "%03d", i)).yaml") }
        let again = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        #expect(again.stdout.contains("Published 0, found 10, "), "\(again.stdout.suffix(2_000))")
        #expect(try await posts(sandbox).count == 120)
    }

    /// 120 posts to m1, due a minute apart from 2026-11-01T00:00Z:
    /// posts/p000.yaml to p119.yaml, the oldest first.
    private func writeCatchingUpPosts(in repo: TempDirectory) throws {
        for i in 0..<120 {
            try repo.write("posts/p\(String(format: "%03d", i)).yaml",
                           "publish_at: 2026-11-01T0\(i / 60):\(String(format: "%02d", i % 60)):00Z\naccounts: [m1]\ntext: Catching up, post \(i)\n")
        }
    }

    /// A server of Mastodon's API that sends no Link header: a full page of
    /// the account's statuses means more below it, and the look-up reads
    /// on. The ten oldest of 120 posts, their records lost, are found
    /// three pages down, none sent twice.
    @Test func aFullPageWithoutALinkHeaderIsReadOn() async throws {
        let sandbox = try await ServerProcess.sandbox()
        let repo = try oneAccountRepository()
        try writeCatchingUpPosts(in: repo)
        let first = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        #expect(first.stdout.contains("Published 120, found 0, "), "\(first.stdout.suffix(2_000))")
        try await fault(sandbox, "GET", "/api/v1/accounts/*", ["type": "without_header", "header": "Link"])
        try FileManager.default.removeItem(atPath: repo.root + "/.herald")
        for i in 10..<120 { try FileManager.default.removeItem(atPath: repo.root + "/posts/p\(String(format: "%03d", i)).yaml") }
        let again = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        #expect(again.status == 0, "\(again.stdout.suffix(2_000))\n\(again.stderr)")
        #expect(again.stdout.contains("Published 0, found 10, "), "\(again.stdout.suffix(2_000))")
        #expect(try await posts(sandbox).count == 120)
    }

    /// A look-up that cannot tell fails the overdue item, and its failure
    /// record is no record of sending: the next run looks again rather
    /// than retry the send, and finds the post made by hand. Before, the
    /// second run sent it a second time. (Rate limited for longer than a
    /// run waits, the look-up is not asked again within the run.)
    @Test func aFailedLookupIsLookedForAgainNotSent() async throws {
        let (sandbox, repo) = try await postedByHand(thenFault: [
            "match": ["platform": "mastodon", "methods": ["GET"], "path": "/api/v1/accounts/verify_credentials"],
            "effect": ["type": "ratelimit", "reset_seconds": 900], "count": 1,
        ])
        let blip = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        #expect(blip.status == 2, "\(blip.stdout)\n\(blip.stderr)")
        #expect(blip.stdout.contains("verify_credentials: HTTP 429"), "\(blip.stdout)")
        #expect(blip.stdout.contains("the account's rate limit is reached: nothing more is sent to it this run, and the next run tries again (it resets in about 15 min)"), "\(blip.stdout)")
        let plan = try await CLI.run(["plan", "-C", repo.root, "--sandbox-url", sandbox.baseURL, "--format", "json"])
        #expect(plan.stdout.contains("\"verify\" : true"), "\(plan.stdout)")
        let again = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        #expect(again.status == 0, "\(again.stdout)\n\(again.stderr)")
        #expect(again.stdout.contains("Published 0, found 1, "), "\(again.stdout)")
        #expect(try await posts(sandbox).count == 1)
    }

    /// A look-up the platform fails to answer once (a 503 on the account's
    /// statuses) is asked again within the run: the post made by hand is
    /// found and recorded in the same run, and not sent again.
    @Test func aLookupThatMeetsABlipIsAskedAgainInTheSameRun() async throws {
        let (sandbox, repo) = try await postedByHand(thenFault: [
            "match": ["platform": "mastodon", "methods": ["GET"], "path": "/api/v1/accounts/*"],
            "effect": ["type": "status", "status": 503], "count": 1,
        ])
        let run = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL, "--verbose"])
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        #expect(run.stdout.contains("Published 0, found 1, "), "\(run.stdout)")
        #expect(run.stderr.contains("503"), "\(run.stderr)")
        #expect(try await posts(sandbox).count == 1)
        let state = try String(contentsOfFile: repo.root + "/.herald/sandbox/state/m1.state", encoding: .utf8)
        #expect(state.contains(" published post=hand part=0 "), "\(state)")
    }

    /// On an instance that shows Markdown's markers as typed (Mastodon, the
    /// sandbox), a status of other words, which reads as the part without
    /// its markers, is not the part: what was typed (`/source`) tells, and
    /// the overdue part is sent. Where the instance does not show what was
    /// typed, herald cannot tell, and sends nothing.
    @Test func aStatusThatReadsAsThePartWithoutItsMarkdownIsNotThePart() async throws {
        let sandbox = try await ServerProcess.sandbox()
        let (repo, plain) = try await plainStatusWithoutItsPost(on: sandbox)

        // Where /source is not there to tell: nothing is sent, and nothing recorded as found.
        try repo.write("posts/bold.yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [m1]\ntext: A **bold** launch\n")
        try await JSONClient().post(sandbox.baseURL + "/_sandbox/faults", json: [
            "match": ["platform": "mastodon", "methods": ["GET"], "path": "/api/v1/statuses/\(plain)/source"],
            "effect": ["type": "status", "status": 404], "count": 1,
        ] as [String: Any])
        let unsure = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        #expect(unsure.status == 2, "\(unsure.stdout)\n\(unsure.stderr)")
        #expect(unsure.stdout.contains("status \(plain) reads as this part without its Markdown markers"), "\(unsure.stdout)")
        #expect(try await posts(sandbox).count == 1)

        let second = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        #expect(second.status == 0, "\(second.stdout)\n\(second.stderr)")
        #expect(second.stdout.contains("Published 1, found 0, "), "\(second.stdout)")
        let held = try await posts(sandbox)
        #expect(held.compactMap { $0["text"] as? String }.sorted() == ["A **bold** launch", "A bold launch"], "\(held)")
        let state = try String(contentsOfFile: repo.root + "/.herald/sandbox/state/m1.state", encoding: .utf8)
        #expect(!state.contains("id=\(plain)"), "\(state)")
    }

    /// A post due hours ago with no record, whose words the account posted
    /// by hand a year before (a yearly greeting): that status, made before
    /// the post was due through another application (Mastodon's web app),
    /// is not it, and the post is sent. One made through herald's own
    /// application before it was due is the post sent early (`--now`): found.
    @Test func aStatusOfTheSameWordsPostedByHandLongBeforeIsNotThePost() async throws {
        let sandbox = try await ServerProcess.sandbox()
        let repo = try oneAccountRepository()
        let text = "Happy New Year from all of us!"
        for (when, application) in [("2025-01-01T00:00:03Z", "Web"), ("2025-12-31T23:59:00Z", "Mastodon for iOS")] {
            try await JSONClient().post(sandbox.baseURL + "/_sandbox/posts", json: [
                "platform": "mastodon", "account": "m1", "text": text, "created_at": when, "application": application,
            ])
        }
        try repo.write("posts/newyear.yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [m1]\ntext: \(text)\n")
        let first = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        #expect(first.status == 0, "\(first.stdout)\n\(first.stderr)")
        #expect(first.stdout.contains("Published 1, found 0, "), "\(first.stdout)")
        #expect(try await posts(sandbox).count == 3)

        // Sent early through herald's application, its record lost: found, not sent again.
        try repo.write("posts/early.yaml", "publish_at: 2026-11-20T09:00:00Z\naccounts: [m1]\ntext: Out before its time\n")
        try await JSONClient().post(sandbox.baseURL + "/_sandbox/posts", json: [
            "platform": "mastodon", "account": "m1", "text": "Out before its time", "created_at": "2026-11-19T09:00:00Z", "application": "herald",
        ])
        try FileManager.default.removeItem(atPath: repo.root + "/.herald")
        let again = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        #expect(again.status == 0, "\(again.stdout)\n\(again.stderr)")
        #expect(again.stdout.contains("Published 0, found 2, "), "\(again.stdout)")
        #expect(try await posts(sandbox).count == 4)
    }

    /// A 429 whose window resets later than a run waits (Mastodon's 300
    /// statuses in 3 hours): the account's limit, not the post's fault. The
    /// item fails saying so and when it resets, the account's other items
    /// are not sent into the same refusal, and no failure counts against
    /// max_attempts. Before, each item failed in turn, each failure counted,
    /// and a backlog spread over a few runs could be given up.
    @Test func aRateLimitResettingLaterStopsTheAccountAndCountsAgainstNoPost() async throws {
        let sandbox = try await ServerProcess.sandbox()
        let repo = try oneAccountRepository()
        for i in 0..<3 {
            try repo.write("posts/p\(i).yaml", "publish_at: 2026-12-0\(i + 1)T09:00:00Z\naccounts: [m1]\ntext: Backlog post \(i)\n")
        }
        try await JSONClient().post(sandbox.baseURL + "/_sandbox/faults", json: [
            "match": ["platform": "mastodon", "methods": ["POST"], "path": "/api/v1/statuses"],
            "effect": ["type": "ratelimit", "reset_seconds": 6000], "count": 1,
        ] as [String: Any])
        let limited = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL, "--jobs", "1"])
        #expect(limited.status == 2, "\(limited.stdout)\n\(limited.stderr)")
        #expect(limited.stdout.contains("the account's rate limit is reached: nothing more is sent to it this run, and the next run tries again (it resets in about 100 min)"), "\(limited.stdout)")
        #expect(limited.stdout.components(separatedBy: "not sent: the account's rate limit was reached earlier in this run").count == 3, "\(limited.stdout)")
        #expect(try await posts(sandbox).isEmpty)
        let state = try String(contentsOfFile: repo.root + "/.herald/sandbox/state/m1.state", encoding: .utf8)
        #expect(state.contains(" cause=ratelimit"), "\(state)")
        let plan = try await CLI.run(["plan", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        #expect(plan.stdout.contains("retried (last: HTTP 429: "), "\(plan.stdout)")
        #expect(!plan.stdout.contains("retry 2 of"), "\(plan.stdout)")

        let again = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        #expect(again.status == 0, "\(again.stdout)\n\(again.stderr)")
        #expect(try await posts(sandbox).count == 3)
    }

    /// The account's rate limit met while looking for overdue items (Mastodon
    /// limits reads too, 300 requests in 5 minutes): as for a send, counted
    /// against no max_attempts, and the account's other items skipped.
    @Test func aRateLimitMetWhileLookingCountsAgainstNoPost() async throws {
        let sandbox = try await ServerProcess.sandbox()
        let repo = try oneAccountRepository()
        try repo.write("herald.yaml", "timezone: UTC\nmax_attempts: 1\n")
        for i in 0..<3 {
            try repo.write("posts/p\(i).yaml", "publish_at: 2026-11-0\(i + 1)T09:00:00Z\naccounts: [m1]\ntext: Overdue post \(i)\n")
        }
        try await JSONClient().post(sandbox.baseURL + "/_sandbox/faults", json: [
            "match": ["platform": "mastodon", "methods": ["GET"], "path": "/api/v1/accounts/*"],
            "effect": ["type": "ratelimit", "reset_seconds": 6000], "count": 1,
        ] as [String: Any])
        let limited = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        #expect(limited.status == 2, "\(limited.stdout)\n\(limited.stderr)")
        #expect(limited.stdout.contains("HTTP 429: "), "\(limited.stdout)")
        #expect(limited.stdout.contains("the account's rate limit is reached: nothing more is sent to it this run, and the next run tries again (it resets in about 100 min)"), "\(limited.stdout)")
        #expect(!limited.stdout.contains("given up"), "\(limited.stdout)")
        #expect(limited.stdout.components(separatedBy: "not sent: the account's rate limit was reached earlier in this run").count == 3, "\(limited.stdout)")
        let again = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        #expect(again.status == 0, "\(again.stdout)\n\(again.stderr)")
        #expect(again.stdout.contains("Published 3, found 0, "), "\(again.stdout)")
    }
}
