import Foundation
import HeraldTestSupport
import Testing
import HeraldKit

/// `herald publish` end to end against the built-in sandbox, run as its own
/// process (`herald sandbox`); runs stopped part-way are PublishInterruptionTests.
@Suite(.serialized) struct PublishSandboxTests: SandboxPublishing {
    /// A mistyped --account in a CI job would otherwise publish nothing and
    /// exit 0: it is refused, with the account meant.
    @Test func unknownAccountIsRefusedAndNothingIsSent() async throws {
        let sandbox = try await ServerProcess.sandbox()
        let repo = try repository()
        let result = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL, "--account", "m1", "--account", "m22"])
        #expect(result.status == 64)
        #expect(result.stderr == "Error: unknown account 'm22' (did you mean 'm2'?)\n")
        #expect(try await posts(sandbox).isEmpty)
        // No record either (sandbox runs keep their state apart from state/).
        let shards = (try? FileManager.default.contentsOfDirectory(atPath: repo.root + "/.herald/sandbox/state")) ?? []
        #expect(!shards.contains { $0.hasSuffix(".state") })
    }

    /// A link in a pull request must not make a run write records outside
    /// the repository: a state file that is a link blocks its account, a
    /// state folder that leads outside stops the run before anything is sent.
    @Test func stateLinksLeadingOutsideAreRefusedAndNothingIsSent() async throws {
        let sandbox = try await ServerProcess.sandbox()
        let repo = try repository()
        let outside = try TempDirectory()
        try FileManager.default.createDirectory(atPath: repo.root + "/.herald/sandbox/state", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: repo.root + "/.herald/sandbox/state/m1.state", withDestinationPath: outside.root + "/m1.state")
        let linkedShard = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        #expect(linkedShard.status == 1, "\(linkedShard.stdout)\n\(linkedShard.stderr)")
        #expect(linkedShard.stderr.contains(".herald/sandbox/state/m1.state:1:1: error: the state file is a symbolic link"))
        #expect(linkedShard.stdout.contains("! blocked    image → m1  the state file of 'm1' is a symbolic link; replace it with a regular file first"))
        #expect(try await posts(sandbox).map { $0["account"] as? String }.allSatisfy { $0 == "m2" }, "m2 is published, m1 is not")
        #expect(!FileManager.default.fileExists(atPath: outside.root + "/m1.state"))

        try FileManager.default.removeItem(atPath: repo.root + "/.herald")
        try FileManager.default.createSymbolicLink(atPath: repo.root + "/.herald", withDestinationPath: outside.root)
        try repo.write("posts/late.yaml", "publish_at: 2026-11-01T10:00:00Z\naccounts: [m3]\ntext: Late\n")
        let linkedFolder = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        #expect(linkedFolder.status == 1, "\(linkedFolder.stdout)\n\(linkedFolder.stderr)")
        #expect(linkedFolder.stderr.hasSuffix("cannot write state at .herald/sandbox/state: .herald leads outside the repository (to \(outside.root)) through a symbolic link\n"))
        #expect(try await posts(sandbox).count == 3, "nothing more was sent")
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside.root) == [])
        // The plan reads no records from there either, and shows every item blocked as publish would leave it.
        try FileManager.default.createDirectory(atPath: outside.root + "/sandbox/state", withIntermediateDirectories: true)
        try "herald-state 1 account=m3\n2026-11-01T10:00:01Z published post=late part=0 hash=0 id=1\n"
            .write(toFile: outside.root + "/sandbox/state/m3.state", atomically: false, encoding: .utf8)
        let plan = try await CLI.run(["plan", "-C", repo.root, "--sandbox-url", sandbox.baseURL, "--at", "2026-11-02T00:00:00Z"])
        #expect(plan.status == 1, "\(plan.stdout)\n\(plan.stderr)")
        #expect(plan.stderr.contains(".herald/sandbox/state:1:1: error: .herald/sandbox/state leads outside the repository (to \(outside.root)/sandbox/state) through a symbolic link"))
        let late = plan.stdout.split(separator: "\n").first { $0.contains(" late ") }
        #expect(late?.hasPrefix("  ! blocked") == true, "\(plan.stdout)")
        #expect(late?.hasSuffix("m3  the state folder .herald/sandbox/state leads outside the repository; nothing is published until it is a folder inside it") == true)
        #expect(!plan.stdout.contains("+ publish") && !plan.stdout.contains("= done"), "\(plan.stdout)")
    }

    @Test func publishesTextImageAndThreadThenNothingMore() async throws {
        let sandbox = try await ServerProcess.sandbox()
        let repo = try repository()
        let first = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        #expect(first.status == 0, "\(first.stdout)\n\(first.stderr)")
        let held = try await posts(sandbox)
        #expect(held.count == 4)
        let image = try #require(held.first { $0["text"] as? String == "With a picture" })
        #expect(image["account"] as? String == "m1")
        let media = try #require(image["media"] as? [[String: Any]])
        #expect(media.count == 1)
        #expect(media.first?["alt"] as? String == "A test pattern")
        #expect(media.first?["bytes"] as? Int == 72)
        // The thread is a reply chain, in order.
        let thread = held.filter { $0["account"] as? String == "m2" }
        #expect(thread.map { $0["text"] as? String } == ["Part one", "Part two", "Part three"])
        #expect(thread[1]["reply_to"] as? String == thread[0]["id"] as? String)
        #expect(thread[2]["reply_to"] as? String == thread[1]["id"] as? String)

        let second = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        #expect(second.status == 0)
        #expect(second.stdout.contains("Nothing to publish."))
        #expect(try await posts(sandbox).count == 4)
        let plan = try await CLI.run(["plan", "-C", repo.root, "--sandbox", "--format", "json"])
        #expect(plan.stdout.contains("\"done\" : 4"))
    }

    /// A published post's file moved to a new path (a new id, which the
    /// state has no record of) is not sent a second time. The run fails
    /// with the command that carries the records over; run through a shell
    /// as printed (it names the sandbox's state), it leaves nothing to publish.
    @Test func aPublishedPostMovedToANewPathIsNotSentAgain() async throws {
        let sandbox = try await ServerProcess.sandbox()
        let repo = try repository()
        let first = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        #expect(first.status == 0, "\(first.stdout)\n\(first.stderr)")
        #expect(try await posts(sandbox).count == 4)
        try FileManager.default.createDirectory(atPath: repo.root + "/posts/2026 archive", withIntermediateDirectories: true)
        try FileManager.default.moveItem(atPath: repo.root + "/posts/thread.yaml", toPath: repo.root + "/posts/2026 archive/thread.yaml")

        let moved = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        #expect(moved.status == 1, "\(moved.stdout)\n\(moved.stderr)")
        #expect(try await posts(sandbox).count == 4, "nothing was sent again")
        let blocked = moved.stdout.split(separator: "\n").filter { $0.hasPrefix("! blocked    2026 archive/thread [") }
        #expect(blocked.count == 3, "\(moved.stdout)")
        for line in blocked {
            // As printed: it names the sandbox's state, which the run used.
            #expect(line.hasSuffix(" --sandbox'"))
            try await runCommand(printedIn: line, repo: repo)
        }
        let after = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        #expect(after.status == 0, "\(after.stdout)\n\(after.stderr)")
        #expect(after.stdout.contains("Nothing to publish."))
        #expect(try await posts(sandbox).count == 4)
        // The records carried over hold the ids the platform gave the thread.
        let shard = try String(contentsOfFile: repo.root + "/.herald/sandbox/state/m2.state", encoding: .utf8)
        let ids = try await posts(sandbox).filter { $0["account"] as? String == "m2" }.compactMap { $0["id"] as? String }
        #expect(ids.count == 3)
        for (part, id) in ids.enumerated() {
            let record = shard.split(separator: "\n").first { $0.contains(" published post=2026%20archive/thread part=\(part) ") }
            #expect(record?.hasSuffix(" id=\(id)") == true, "\(shard)")
        }
    }

    /// A published file moved, and a new file written at its old path (the
    /// old id now shows drift): the moved file is not sent a second time.
    /// Its parts are blocked with the commands that record them; run as
    /// printed, they leave nothing to publish and the server unchanged.
    @Test func aMovedPostWithANewFileAtItsOldPathIsNotSentAgain() async throws {
        let sandbox = try await ServerProcess.sandbox()
        let repo = try repository()
        let first = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        #expect(first.status == 0, "\(first.stdout)\n\(first.stderr)")
        #expect(try await posts(sandbox).count == 4)
        try FileManager.default.moveItem(atPath: repo.root + "/posts/thread.yaml", toPath: repo.root + "/posts/thread-2025.yaml")
        try repo.write("posts/thread.yaml", "publish_at: 2026-11-01T09:05:00Z\naccounts: [m2]\ntext: Part one, this year\nthread:\n  - Part two\n  - text: Part three\n")

        let moved = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        #expect(moved.status == 1, "\(moved.stdout)\n\(moved.stderr)")
        #expect(try await posts(sandbox).count == 4, "nothing was sent again")
        let blocked = moved.stdout.split(separator: "\n").filter { $0.hasPrefix("! blocked    thread-2025 [") }
        #expect(blocked.count == 3, "\(moved.stdout)")
        for line in blocked { try await runCommand(printedIn: line, repo: repo) }
        let after = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        #expect(after.stdout.contains("Nothing to publish."), "\(after.stdout)\n\(after.stderr)")
        #expect(try await posts(sandbox).count == 4)
        let plan = try await CLI.run(["plan", "-C", repo.root, "--sandbox", "--format", "json"])
        #expect(plan.stdout.contains("\"done\" : 6"), "\(plan.stdout)")
        #expect(plan.stdout.contains("\"drift\" : 1"), "\(plan.stdout)")
    }

    /// An account moved out of a published post into a post of its own is
    /// not sent the same content again; the printed command records it.
    @Test func anAccountMovedToAPostOfItsOwnIsNotSentAgain() async throws {
        let sandbox = try await ServerProcess.sandbox()
        let repo = try repository(posts: 1)
        let first = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        #expect(first.status == 0, "\(first.stdout)\n\(first.stderr)")
        #expect(try await posts(sandbox).count == 7)
        try repo.write("posts/bulk/p0.yaml", "publish_at: 2026-11-02T09:00:00Z\naccounts: [m1, m2]\ntext: Bulk post number 0\n")
        try repo.write("posts/bulk/p0-m3.yaml", "publish_at: 2026-11-02T12:00:00Z\naccounts: [m3]\ntext: Bulk post number 0\n")

        let split = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        #expect(split.status == 1, "\(split.stdout)\n\(split.stderr)")
        #expect(try await posts(sandbox).count == 7, "nothing was sent again")
        let blocked = try #require(split.stdout.split(separator: "\n").first { $0.hasPrefix("! blocked    bulk/p0-m3 → m3") }, "\(split.stdout)")
        try await runCommand(printedIn: blocked, repo: repo)
        let after = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        #expect(after.status == 0, "\(after.stdout)\n\(after.stderr)")
        #expect(after.stdout.contains("Nothing to publish."))
        #expect(try await posts(sandbox).count == 7)
    }

    /// An account renamed in accounts.yaml reads a state file of its new
    /// name: what its old name published is not sent again, and once the
    /// state file is renamed as the run says, the items are done.
    @Test func aRenamedAccountDoesNotSendWhatItsOldNamePublished() async throws {
        let sandbox = try await ServerProcess.sandbox()
        let repo = try repository()
        let first = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        #expect(first.status == 0, "\(first.stdout)\n\(first.stderr)")
        for file in ["accounts.yaml", "posts/thread.yaml"] {
            let text = try String(contentsOfFile: repo.root + "/" + file, encoding: .utf8)
            try repo.write(file, text.replacingOccurrences(of: "m2", with: "m2-renamed"))
        }
        let renamed = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        #expect(renamed.status == 1, "\(renamed.stdout)\n\(renamed.stderr)")
        #expect(renamed.stdout.contains("! blocked    thread [2/3] → m2-renamed  published with the same content by account 'm2', which accounts.yaml no longer has: "
            + "if it was renamed 'm2-renamed', rename its state file .herald/sandbox/state/m2.state to .herald/sandbox/state/m2-renamed.state; to send it again, change its text"), "\(renamed.stdout)")
        #expect(try await posts(sandbox).count == 4, "nothing was sent again")

        let state = repo.root + "/.herald/sandbox/state/"
        try FileManager.default.moveItem(atPath: state + "m2.state", toPath: state + "m2-renamed.state")
        let after = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        #expect(after.status == 0, "\(after.stdout)\n\(after.stderr)")
        #expect(after.stdout.contains("Nothing to publish.") && after.stdout.contains("4 already done"), "\(after.stdout)")
        #expect(try await posts(sandbox).count == 4)
    }

    /// A part inserted into a published thread would send its last part
    /// again; a part added at the end goes out as a reply to the last.
    @Test func aPartInsertedIntoAPublishedThreadSendsNothingAgain() async throws {
        let sandbox = try await ServerProcess.sandbox()
        let repo = try repository()
        let first = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        #expect(first.status == 0, "\(first.stdout)\n\(first.stderr)")
        try repo.write("posts/thread.yaml", "publish_at: 2026-11-01T09:05:00Z\naccounts: [m2]\ntext: Part one\nthread:\n  - Inserted\n  - Part two\n  - text: Part three\n")
        let inserted = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        #expect(inserted.status == 1, "\(inserted.stdout)\n\(inserted.stderr)")
        #expect(inserted.stdout.contains("! blocked    thread [4/4] → m2  the same content as part 3, which is published: a published thread takes new parts only at its end"),
                "\(inserted.stdout)")
        #expect(try await posts(sandbox).count == 4, "nothing was sent again")

        try repo.write("posts/thread.yaml", "publish_at: 2026-11-01T09:05:00Z\naccounts: [m2]\ntext: Part one\nthread:\n  - Part two\n  - text: Part three\n  - Part four\n")
        let appended = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        #expect(appended.status == 0, "\(appended.stdout)\n\(appended.stderr)")
        let thread = try await posts(sandbox).filter { $0["account"] as? String == "m2" }
        #expect(thread.map { $0["text"] as? String } == ["Part one", "Part two", "Part three", "Part four"])
        #expect(thread.last?["reply_to"] as? String == thread[2]["id"] as? String)
    }

    @Test func timeoutAfterThePostWasMadeMakesNoDuplicate() async throws {
        let sandbox = try await ServerProcess.sandbox()
        let repo = try repository(timeout: 2)
        try await JSONClient().post(sandbox.baseURL + "/_sandbox/faults", json: [
            "match": ["platform": "mastodon", "methods": ["POST"], "path": "/api/v1/statuses"],
            "effect": ["type": "timeout_after_create", "delay_ms": 4000], "count": 1,
        ] as [String: Any])
        let result = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        let held = try await posts(sandbox)
        #expect(held.count == 4)
        #expect(Set(held.compactMap { $0["text"] as? String }).count == 4)
    }

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

    /// The run after a correction: the status the key brings back, holding
    /// `text`, is found rather than sent again, and the plan shows drift.
    private func expectCorrectionShownAsDrift(_ sandbox: ServerProcess, _ repo: TempDirectory, publishing arguments: [String],
                                              holding text: String) async throws {
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
        let held = try await posts(sandbox)
        #expect(held.count == 130)
        #expect(Set(held.compactMap { $0["text"] as? String }).count == 130)
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
        for i in 0..<120 {
            try repo.write("posts/p\(String(format: "%03d", i)).yaml",
                           "publish_at: 2026-11-01T0\(i / 60):\(String(format: "%02d", i % 60)):00Z\naccounts: [m1]\ntext: Catching up, post \(i)\n")
        }
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
        #expect(blip.stdout.contains("not sent: it was due over an hour ago"), "\(blip.stdout)")
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

    /// A platform's error message that quotes a credential is redacted in
    /// the output and in the state file, which CI commits to git.
    @Test func credentialsInPlatformErrorsNeverReachTheState() async throws {
        let sandbox = try await ServerProcess.sandbox()
        let repo = try repository()
        try await JSONClient().post(sandbox.baseURL + "/_sandbox/faults", json: [
            "match": ["platform": "mastodon", "methods": ["POST"], "path": "/api/v1/statuses"],
            "effect": ["type": "status", "status": 401, "message": "The access token placeholder-env-555 is invalid"],
        ] as [String: Any])
        let result = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL],
                                 environment: CLI.environment(["HERALD_M1_ACCESS_TOKEN": "placeholder-env-555"]))
        #expect(result.status == 2)
        #expect(result.stdout.contains("HTTP 401: The access token [REDACTED] is invalid"))
        let state = try String(contentsOfFile: repo.root + "/.herald/sandbox/state/m1.state", encoding: .utf8)
        #expect(state.contains("error=HTTP%20401:%20The%20access%20token%20[REDACTED]%20is%20invalid"))
        #expect(!(result.stdout + result.stderr + state).contains("placeholder-env"))
    }

    /// A credential's value pasted into a post is never sent to the
    /// platform, nor printed; the rest of the repository is published.
    @Test func aPostHoldingACredentialIsNotSent() async throws {
        let sandbox = try await ServerProcess.sandbox()
        let repo = try repository()
        try repo.write("posts/leak.yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [m3]\ntext: our token is placeholder-env_777\n")
        // Pasted as an account name, it shows in the plan's table.
        try repo.write("posts/typo.yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [placeholder-env_777]\ntext: hello\n")
        let env = CLI.environment(["HERALD_M1_ACCESS_TOKEN": "placeholder-env_777"])
        let plan = try await CLI.run(["plan", "-C", repo.root, "--sandbox-url", sandbox.baseURL, "--format", "markdown"], environment: env)
        let text = try await CLI.run(["plan", "-C", repo.root, "--sandbox-url", sandbox.baseURL], environment: env)
        let result = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL], environment: env)
        #expect(result.status == 1)
        #expect(result.stdout.contains("leak → m3  posts/leak.yaml:3:7 holds the value of a credential"))
        #expect(plan.stdout.contains("| blocked | 32/500 | posts/leak.yaml:3:7 holds the value of a credential"))
        #expect(plan.stdout.contains("| ! | `typo` | \\[REDACTED\\] | 1/1 | blocked |"), "\(plan.stdout)")
        #expect(text.stdout.contains("! blocked      leak          m3          posts/leak.yaml:3:7 holds the value of a credential"), "\(text.stdout)")
        let sent = try await posts(sandbox)
        #expect(sent.count == 4)
        #expect(!sent.contains { ($0["text"] as? String ?? "").contains("placeholder-env") })
        // Markdown escapes the '_' of the secret: it is redacted before.
        for output in [plan.stdout, plan.stderr, text.stdout, result.stdout, result.stderr] {
            #expect(!output.contains("placeholder-env"), "\(output)")
            #expect(!output.contains("placeholder-env\\_777"), "\(output)")
        }
    }

    @Test func serverErrorsAndRateLimitsAreRetried() async throws {
        let sandbox = try await ServerProcess.sandbox()
        let repo = try repository()
        let client = JSONClient()
        try await client.post(sandbox.baseURL + "/_sandbox/faults", json: [
            "match": ["platform": "mastodon", "path": "/api/v1/statuses"], "effect": ["type": "status", "status": 503], "count": 1,
        ] as [String: Any])
        try await client.post(sandbox.baseURL + "/_sandbox/faults", json: [
            "match": ["platform": "mastodon", "path": "/api/v1/statuses"], "effect": ["type": "ratelimit", "reset_seconds": 1], "count": 1,
        ] as [String: Any])
        try await client.post(sandbox.baseURL + "/_sandbox/faults", json: [
            "match": ["platform": "mastodon", "path": "/api/v1/statuses"], "effect": ["type": "malformed"], "count": 1,
        ] as [String: Any])
        let result = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(try await posts(sandbox).count == 4)
    }

    @Test func rejectedItemFailsAndStopsItsThreadOnly() async throws {
        let sandbox = try await ServerProcess.sandbox()
        let repo = try repository()
        try await JSONClient().post(sandbox.baseURL + "/_sandbox/faults", json: [
            "match": ["platform": "mastodon", "methods": ["POST"], "path": "/api/v1/statuses"], "effect": ["type": "status", "status": 422], "count": 1,
        ] as [String: Any])
        let result = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL, "--jobs", "1"])
        #expect(result.status == 2)
        #expect(result.stdout.contains("✗ failed"))
        // m1's image post was refused; m2's thread went out whole.
        #expect(try await posts(sandbox).count == 3)
        let again = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        #expect(again.status == 0)
        #expect(try await posts(sandbox).count == 4)
    }

    @Test func secretsNeverPrinted() async throws {
        let sandbox = try await ServerProcess.sandbox()
        let repo = try repository()
        // Real routing (not --sandbox): the account's api_base points at the
        // sandbox and the token comes from the environment.
        try repo.write("accounts.yaml", """
            accounts:
              m1: { platform: mastodon, instance: https://one.example, api_base: "\(sandbox.baseURL)/mastodon" }
              m2: { platform: mastodon, instance: https://two.example, api_base: "\(sandbox.baseURL)/mastodon" }

            """)
        let good = "sandbox-m1"
        let bad = "wrong-secret-value-7f3a9c"
        let env = CLI.environment(["HERALD_M1_ACCESS_TOKEN": good, "HERALD_M2_ACCESS_TOKEN": bad])
        let result = try await CLI.run(["publish", "-C", repo.root, "--verbose"], environment: env)
        let json = try await CLI.run(["publish", "-C", repo.root, "--format", "json", "--verbose"], environment: env)
        #expect(result.status == 2)
        #expect(result.stdout.contains("The access token is invalid"))
        #expect(result.stderr.contains("POST"))
        for output in [result.stdout, result.stderr, json.stdout, json.stderr] {
            #expect(!output.contains(good))
            #expect(!output.contains(bad))
        }
    }

    /// A URL shows a credential percent-encoded: the verbose log, the report
    /// and the state's error text replace it all the same.
    @Test func aSecretPercentEncodedInAURLIsNotShown() async throws {
        let sandbox = try await ServerProcess.sandbox()
        let repo = try repository()
        let secret = "placeholder+m1/key"
        let encoded = "placeholder%2Bm1%2Fkey"
        try repo.write("accounts.yaml", """
            accounts:
              m1: { platform: mastodon, instance: https://one.example, api_base: "\(sandbox.baseURL)/k/\(encoded)/mastodon" }

            """)
        try repo.write("posts/thread.yaml", "draft: true\ntext: not this one\n")
        let env = CLI.environment(["HERALD_M1_ACCESS_TOKEN": secret])
        let result = try await CLI.run(["publish", "-C", repo.root, "--verbose"], environment: env)
        #expect(result.status == 2)
        #expect(result.stderr.contains("GET \(sandbox.baseURL)/k/[REDACTED]/mastodon/api/v2/instance → 404"))
        let state = try String(contentsOfFile: repo.root + "/state/m1.state", encoding: .utf8)
        for output in [result.stdout, result.stderr, state] {
            #expect(!output.contains(secret))
            #expect(!output.contains(encoded))
            #expect(!output.lowercased().contains(encoded.lowercased()))
        }
    }
}
