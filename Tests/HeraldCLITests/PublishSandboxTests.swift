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
        #expect(linkedShard.stdout.contains("! blocked    image → m1  the state file of 'm1' is a symbolic link; replace it with a copy of the file it leads to first"))
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
        #expect(late?.hasSuffix("m3  the state folder .herald/sandbox/state leads outside the repository; nothing is published until it is a folder inside it, holding the records it led to") == true)
        #expect(!plan.stdout.contains("+ publish") && !plan.stdout.contains("= done"), "\(plan.stdout)")
    }

    @Test func publishesTextImageAndThreadThenNothingMore() async throws {
        let sandbox = try await ServerProcess.sandbox()
        let repo = try repository()
        // An account's visibility goes with each of its statuses; without one, they are public.
        let accounts = try String(contentsOfFile: repo.root + "/accounts.yaml", encoding: .utf8)
        try repo.write("accounts.yaml", accounts.replacingOccurrences(of: "instance: https://two.example }", with: "instance: https://two.example, visibility: unlisted }"))
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
        #expect(thread.map { $0["visibility"] as? String } == ["unlisted", "unlisted", "unlisted"])
        #expect(image["visibility"] as? String == "public")

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
        // Each published record says when its post was due.
        let published = try String(contentsOfFile: repo.root + "/.herald/sandbox/state/m2.state", encoding: .utf8)
            .split(separator: "\n").filter { $0.contains(" published ") }
        #expect(published.count == 3 && published.allSatisfy { $0.hasSuffix(" due=2026-11-01T09:05:00+00:00") }, "\(published)")
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
            #expect(record?.hasSuffix(" id=\(id) due=2026-11-01T09:05:00+00:00 cause=resolved") == true, "\(shard)")
        }
    }

    /// A post whose id starts with '-' is moved: the command its row prints
    /// puts the id after '--', so that pasted it is not read as an option.
    @Test func theResolveCommandOfAnIdStartingWithADashWorksAsPrinted() async throws {
        let sandbox = try await ServerProcess.sandbox()
        let repo = try oneAccountRepository()
        try repo.write("posts/-leading.yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [m1]\ntext: A dash first\n")
        #expect(try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL]).status == 0)
        try FileManager.default.moveItem(atPath: repo.root + "/posts/-leading.yaml", toPath: repo.root + "/posts/-moved.yaml")
        let moved = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        let blocked = try #require(moved.stdout.split(separator: "\n").first { $0.hasPrefix("! blocked    -moved ") }, "\(moved.stdout)")
        #expect(blocked.hasSuffix("run 'herald -C \(repo.root) state resolve --account m1 --published \(try await posts(sandbox).first?["id"] as? String ?? "?") --sandbox -- -moved'"), "\(blocked)")
        try await runCommand(printedIn: blocked, repo: repo)
        let after = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        #expect(after.stdout.contains("Nothing to publish."), "\(after.stdout)\n\(after.stderr)")
        #expect(try await posts(sandbox).count == 1)
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
            + "if it was renamed 'm2-renamed', rename its state file \(repo.root)/.herald/sandbox/state/m2.state to \(repo.root)/.herald/sandbox/state/m2-renamed.state; "
            + "if 'm2-renamed' is another account, run 'herald -C \(repo.root) state resolve thread --account m2-renamed --part 2 --absent --sandbox'"), "\(renamed.stdout)")
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

    /// The status takes longer to make than herald waits (remote mentions to
    /// resolve): the sandbox, as Mastodon, looks the Idempotency-Key up
    /// before the work and keeps it only after (`slow_create`). herald does
    /// not repeat the request in that run, while it may still be at work; the
    /// next run repeats it with the same key and gets the status back. Before,
    /// a repeat a second later made a second status.
    @Test func aCreateStillAtWorkIsNotRepeatedInTheRun() async throws {
        let sandbox = try await ServerProcess.sandbox()
        let repo = try repository(timeout: 2)
        try await fault(sandbox, "POST", "/api/v1/statuses", ["type": "slow_create", "delay_ms": 4000], count: 1)
        let started = Date()
        let result = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        #expect(result.status == 2, "\(result.stdout)\n\(result.stderr)")
        #expect(LeftForLater.time(in: result.stdout, failure: "", repeats: true) != nil, "\(result.stdout)")
        // The slow request ends 4 s after it was sent, and makes its status then.
        let wait = 5 - Date().timeIntervalSince(started)
        if wait > 0 { try await Task.sleep(for: .seconds(wait)) }
        try repo.passTime(900, stateFolder: ".herald/sandbox/state")
        let again = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        #expect(again.status == 0, "\(again.stdout)\n\(again.stderr)")
        try await expectEachPostedOnce(sandbox, count: 4)
    }

    /// The same for a status made, whose answer came too late
    /// (`timeout_after_create`): the next run's repeat brings it back.
    @Test func timeoutAfterThePostWasMadeMakesNoDuplicate() async throws {
        let sandbox = try await ServerProcess.sandbox()
        let repo = try repository(timeout: 2)
        try await fault(sandbox, "POST", "/api/v1/statuses", ["type": "timeout_after_create", "delay_ms": 4000], count: 1)
        let result = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        #expect(result.status == 2, "\(result.stdout)\n\(result.stderr)")
        try repo.passTime(900, stateFolder: ".herald/sandbox/state")
        let again = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        #expect(again.status == 0, "\(again.stdout)\n\(again.stderr)")
        try await expectEachPostedOnce(sandbox, count: 4)
    }

    /// A gateway's 504 to a status the server made all the same: herald
    /// takes it as "may have been made" (no `absent`), the next run resends
    /// with the same key, and the sandbox hands back the original: each
    /// post is made once.
    @Test func aGatewayErrorAfterThePostWasMadeMakesNoDuplicate() async throws {
        let sandbox = try await ServerProcess.sandbox()
        let repo = try repository()
        try await fault(sandbox, "POST", "/api/v1/statuses", ["type": "status_after_create", "status": 504], count: 2)
        let result = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        #expect(result.status == 2, "\(result.stdout)\n\(result.stderr)")
        try repo.passTime(900, stateFolder: ".herald/sandbox/state")
        let again = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        #expect(again.status == 0, "\(again.stdout)\n\(again.stderr)")
        try await expectEachPostedOnce(sandbox, count: 4)
        let state = try ["m1", "m2"].map { try String(contentsOfFile: repo.root + "/.herald/sandbox/state/\($0).state", encoding: .utf8) }.joined()
        #expect(!state.contains(" absent "), "a 504 is no proof that nothing was made: \(state)")
        #expect(state.components(separatedBy: " published ").count - 1 == 4, "\(state)")
        // Both 504s were met: two parts went out on their second attempt, with the same key.
        #expect(state.components(separatedBy: " attempt=2").count - 1 == 2, "\(state)")
    }

    /// Every answer to the post a server error (500s past the run's tries,
    /// each request over): herald looks, finds what its own attempt made,
    /// and reports it published in this run, not found already there.
    @Test func aPostThisRunMadeIsReportedPublishedWhenFoundByLooking() async throws {
        let sandbox = try await ServerProcess.sandbox()
        let repo = try repository()
        try await fault(sandbox, "POST", "/api/v1/statuses", ["type": "status_after_create", "status": 500], count: 10)
        let result = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL, "--account", "m1"])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("+ published  image → m1"), "\(result.stdout)")
        #expect(!result.stdout.contains("= found"), "\(result.stdout)")
        #expect(result.stdout.contains("Published 1, found 0"), "\(result.stdout)")
        #expect(try await posts(sandbox).count == 1)
    }

    /// A 503 to a media upload, carrying the rate-limit headers Mastodon
    /// sends with every answer (a window with requests left, resetting in
    /// 30 minutes), is retried soon: not held until the window resets,
    /// which failed the item at once.
    @Test func aServerErrorWithRequestsLeftIsRetriedSoon() async throws {
        let sandbox = try await ServerProcess.sandbox()
        let repo = try repository()
        try await fault(sandbox, "POST", "/api/v2/media", ["type": "status", "status": 503], count: 1)
        let result = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        try await expectEachPostedOnce(sandbox, count: 4)
    }

    /// A media file the instance processes after the upload (202, then 206)
    /// is waited for through answers that are only blips (503s to the
    /// polls), not uploaded again: the post goes out with it.
    @Test func mediaProcessingIsWaitedForThroughBlips() async throws {
        let sandbox = try await ServerProcess.sandbox()
        let repo = try repository()
        try repo.write("media/slow.png", TestMedia.png(bytes: 72, fill: 9))
        try repo.write("posts/image.yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [m1]\ntext: With a picture\nmedia:\n  - path: media/slow.png\n    alt: Slow\n")
        try await fault(sandbox, "GET", "/api/v1/media/*", ["type": "status", "status": 503], count: 4)
        let result = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        try await expectEachPostedOnce(sandbox, count: 4)
        let image = try await posts(sandbox).first { $0["text"] as? String == "With a picture" }
        #expect((image?["media"] as? [Any])?.count == 1, "\(String(describing: image))")
    }

    /// A redirect to the request that makes a post is not followed: the
    /// item fails, saying the instance moved, and nothing is made.
    @Test func aRedirectedPostFailsAndNothingIsMade() async throws {
        let sandbox = try await ServerProcess.sandbox()
        let repo = try repository()
        try await fault(sandbox, "POST", "/api/v1/statuses", ["type": "status", "status": 301])
        let result = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        #expect(result.status == 2, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("HTTP 301: the instance redirects this request without saying where; open the account's instance in a browser to see the address it moved to, and set the account's instance to it"),
                "\(result.stdout)")
        #expect(try await posts(sandbox).isEmpty)
    }

    /// A platform's error message that quotes a credential is redacted in
    /// the output and in the state file, which CI commits to git.
    @Test func credentialsInPlatformErrorsNeverReachTheState() async throws {
        let sandbox = try await ServerProcess.sandbox()
        let repo = try repository()
        try await fault(sandbox, "POST", "/api/v1/statuses", ["type": "status", "status": 401, "message": "The access token placeholder-env-555 is invalid"])
        let result = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL],
                                 environment: CLI.environment(["HERALD_M1_ACCESS_TOKEN": "placeholder-env-555"]))
        #expect(result.status == 1)
        #expect(result.stdout.contains("HTTP 401: The access token [REDACTED] is invalid"))
        let state = try String(contentsOfFile: repo.root + "/.herald/sandbox/state/m1.state", encoding: .utf8)
        #expect(state.contains("error=HTTP%20401:%20The%20access%20token%20[REDACTED]%20is%20invalid"))
        #expect(!(result.stdout + result.stderr + state).contains("placeholder-env"))
    }

    /// Refused credentials (401) are fixed at the token, not the post: the
    /// account's other items are not sent with them that run, and no such
    /// failure counts against max_attempts, so the posts go out once the
    /// token is right, with no publish_at edited. Each such run exits 1:
    /// only a person fixes a token, as with a missing one.
    @Test func refusedCredentialsGiveNoPostUp() async throws {
        let sandbox = try await ServerProcess.sandbox()
        let repo = try repository(posts: 2)
        try repo.write("herald.yaml", "timezone: UTC\nrequest_timeout: 30\nconcurrency: 4\nmax_attempts: 1\n")
        // Two runs' worth: one refusal per account per run.
        try await fault(sandbox, "POST", "/api/v1/statuses", ["type": "status", "status": 401, "message": "The access token is invalid"], count: 6)
        for _ in 0..<2 {
            let run = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
            #expect(run.status == 1, "\(run.stdout)\n\(run.stderr)")
            let lines = run.stdout.split(separator: "\n")
            #expect(lines.filter { $0.hasPrefix("✗ failed") }.count == 3, "\(run.stdout)")
            #expect(lines.filter { $0.hasPrefix("✗ failed") }.allSatisfy { $0.hasSuffix("HTTP 401: The access token is invalid (the platform refused the account's credentials: check its access token)") },
                    "\(run.stdout)")
            #expect(run.stdout.contains("not sent: the platform refused the account's credentials earlier in this run (check its access token); the next run tries again"), "\(run.stdout)")
            #expect(!run.stdout.contains("given up"), "\(run.stdout)")
        }
        let shard = try String(contentsOfFile: repo.root + "/.herald/sandbox/state/m3.state", encoding: .utf8)
        #expect(shard.split(separator: "\n").filter { $0.contains(" failed ") && $0.hasSuffix(" cause=credentials") }.count == 2, "\(shard)")
        let plan = try await CLI.run(["plan", "-C", repo.root, "--sandbox"])
        #expect(plan.stdout.contains("Plan: 10 to publish, 0 waiting, 0 done, 0 blocked,"), "\(plan.stdout)")
        #expect(plan.stdout.contains("retried (last: HTTP 401: The access token is invalid (the platform refused the account's credentials: check its access token))"), "\(plan.stdout)")
        let last = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        #expect(last.status == 0, "\(last.stdout)\n\(last.stderr)")
        let held = try await posts(sandbox)
        #expect(held.count == 4 + 2 * 3)
        #expect(Set(held.map { "\($0["account"] ?? "")|\($0["text"] ?? "")" }).count == held.count)
    }

    /// A 403 is one request's (a scope the token lacks for media), not the
    /// account's: the account's other posts still go out, and the failure
    /// counts as any other.
    @Test func aForbiddenUploadHoldsBackNoOtherPost() async throws {
        let sandbox = try await ServerProcess.sandbox()
        let repo = try repository(posts: 1)
        try await fault(sandbox, "POST", "/api/v2/media", ["type": "status", "status": 403, "message": "This action is outside the authorized scopes"])
        let run = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL, "--account", "m1"])
        #expect(run.status == 2, "\(run.stdout)\n\(run.stderr)")
        #expect(run.stdout.contains("✗ failed     image → m1  HTTP 403: This action is outside the authorized scopes"), "\(run.stdout)")
        #expect(run.stdout.contains("+ published  bulk/p0 → m1"), "\(run.stdout)")
        #expect(!run.stdout.contains("credentials"), "\(run.stdout)")
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

    /// Under the sandbox, a secret of the credentials file (the machine a
    /// demo runs on) is known as one from the environment is: a post
    /// holding it is blocked, and it is never printed.
    @Test func theSandboxKnowsTheCredentialsFilesSecrets() async throws {
        let repo = try repository()
        try repo.write("posts/leak.yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [m3]\ntext: 'debug: placeholder-file_888'\n")
        let (home, env) = try CLI.credentialsFile("accounts:\n  m1:\n    access_token: placeholder-file_888\n")
        let plan = try await CLI.run(["plan", "-C", repo.root, "--sandbox", "--format", "markdown"], environment: env)
        #expect(plan.stdout.contains("posts/leak.yaml:3:7 holds the value of a credential"), "\(plan.stdout)")
        let result = try await CLI.run(["publish", "-C", repo.root, "--sandbox", "--now", "leak"], environment: env)
        #expect(result.status == 1, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("leak → m3  posts/leak.yaml:3:7 holds the value of a credential"), "\(result.stdout)")
        for output in [plan.stdout, plan.stderr, result.stdout, result.stderr] {
            #expect(!output.contains("placeholder-file"), "\(output)")
        }
        // A file others may read is still read for this (not used), and its problem is a warning here.
        chmod(home.root + "/credentials.yaml", 0o644)
        let open = try await CLI.run(["plan", "-C", repo.root, "--sandbox"], environment: env)
        #expect(open.status == 0, "\(open.stderr)")
        #expect(open.stderr.contains("warning: credentials file is readable by other users"), "\(open.stderr)")
        #expect(open.stdout.contains("posts/leak.yaml:3:7 holds the value of a credential"), "\(open.stdout)")
        #expect(!(open.stdout + open.stderr).contains("placeholder-file"))
    }

    @Test func serverErrorsAndRateLimitsAreRetried() async throws {
        let sandbox = try await ServerProcess.sandbox()
        let repo = try repository()
        let client = JSONClient()
        try await client.post(sandbox.baseURL + "/_sandbox/faults", json: [
            "match": ["platform": "mastodon", "path": "/api/v1/statuses"], "effect": ["type": "status", "status": 500], "count": 1,
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
        // Refused credentials need a person, as missing ones do: 1.
        #expect(result.status == 1)
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
