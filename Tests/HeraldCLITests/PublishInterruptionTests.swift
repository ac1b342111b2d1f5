import Foundation
import HeraldTestSupport
import Testing
import HeraldKit

/// `herald publish` stopped part-way (SIGKILL, SIGINT, SIGTERM) or run twice
/// at once, against the sandbox run as its own process: every item is
/// published once, and what a run did is recorded.
@Suite(.serialized) struct PublishInterruptionTests: SandboxPublishing {
    @Test func survivesSIGKILLAtRandomInstants() async throws {
        let sandbox = try await ServerProcess.sandbox(latencyMS: 40)
        let repo = try repository(posts: 12)
        var generator = SystemRandomNumberGenerator()
        var kills = 0
        for _ in 0..<8 {
            let process = try CLI.start(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
            try await Task.sleep(for: .milliseconds(Int.random(in: 30...400, using: &generator)))
            if process.isRunning { kill(process.processIdentifier, SIGKILL); kills += 1 }
            _ = process.wait(upTo: .seconds(30))
        }
        // Finish the job, once a send the last kill left without an answer has settled.
        try repo.passTime(900, stateFolder: ".herald/sandbox/state")
        var final = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        for _ in 0..<3 where final.status != 0 {
            final = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        }
        #expect(final.status == 0, "\(final.stdout)\n\(final.stderr)")
        #expect(kills > 0)
        // Every (post, account, part) exists exactly once.
        let held = try await posts(sandbox)
        var seen: [String: Int] = [:]
        for post in held { seen["\(post["account"] as? String ?? "")|\(post["text"] as? String ?? "")", default: 0] += 1 }
        #expect(held.count == 4 + 12 * 3)
        #expect(seen.values.allSatisfy { $0 == 1 }, "duplicates: \(seen.filter { $0.value > 1 })")
        // And the state parses: the plan sees everything done, no errors.
        let plan = try await CLI.run(["plan", "-C", repo.root, "--sandbox", "--format", "json"])
        #expect(plan.status == 0, "\(plan.stderr)")
        #expect(plan.stdout.contains("\"done\" : \(4 + 12 * 3)"))
    }

    /// A run killed while the instance is still making the status (a slow
    /// request: the sandbox, as Mastodon, looks the key up before the work
    /// and keeps it only after), and started again at once, as a person does
    /// after a second Ctrl-C: the new run leaves that send alone until two
    /// minutes have passed since it, then repeats it with the same key and
    /// gets the status back. Before, the run started again repeated it at
    /// once, and the instance made a second status.
    @Test func aRunStartedAgainAtOnceDoesNotRepeatASendStillAtWork() async throws {
        let sandbox = try await ServerProcess.sandbox()
        let repo = try repository()
        try await fault(sandbox, "POST", "/api/v1/statuses", ["type": "slow_create", "delay_ms": 3000], count: 1)
        let output = try TempDirectory()
        let run = try CLI.start(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL], outputIn: output.root)
        defer { if run.isRunning { kill(run.processIdentifier, SIGKILL) } }
        let state = repo.root + "/.herald/sandbox/state"
        func intents() -> Int {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: state)) ?? []
            return files.reduce(0) { count, name in
                count + ((try? String(contentsOfFile: state + "/" + name, encoding: .utf8)) ?? "").components(separatedBy: " intent ").count - 1
            }
        }
        let deadline = ContinuousClock.now + .seconds(30)
        while intents() == 0 && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        // The first status request is at work for 3 s: the run dies while it waits for the answer.
        try await Task.sleep(for: .milliseconds(300))
        kill(run.processIdentifier, SIGKILL)
        #expect(run.wait(upTo: .seconds(30)))
        let started = ContinuousClock.now
        let atOnce = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        // It waits, said so, and the run sends the rest.
        #expect(atOnce.status == 0, "\(atOnce.stdout)\n\(atOnce.stderr)")
        #expect(atOnce.stdout.contains("~ wait       ") && atOnce.stdout.contains(", its answer never came: the platform may still be making it; held until ")
                    && atOnce.stdout.contains(", when a run repeats it with the same key"), "\(atOnce.stdout)")
        // The killed run's request ends, and makes its status.
        let wait = .seconds(4) - (ContinuousClock.now - started)
        if wait > .zero { try await Task.sleep(for: wait) }
        try await expectEachPostedOnce(sandbox, count: try await posts(sandbox).count)
        try repo.passTime(900, stateFolder: ".herald/sandbox/state")
        let later = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        #expect(later.status == 0, "\(later.stdout)\n\(later.stderr)")
        #expect(later.stdout.contains("= found"), "\(later.stdout)")
        try await expectEachPostedOnce(sandbox, count: 4)
    }

    /// SIGINT (Ctrl-C) or SIGTERM (a cancelled CI job) mid-run: the request
    /// in flight finishes and is recorded, nothing new is sent (not even the
    /// post whose picture was going up), the report is printed, and the
    /// status is the signal's. The next run publishes the rest, each item once.
    @Test(arguments: [SIGINT, SIGTERM])
    func aSignalStopsTheRunOnceWhatIsInFlightIsRecorded(_ signal: Int32) async throws {
        let sandbox = try await ServerProcess.sandbox(latencyMS: 400)
        let repo = try repository(posts: 2)
        let output = try TempDirectory()
        let run = try CLI.start(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL, "--jobs", "1"], outputIn: output.root)
        // Once the first request is on its way (its intent recorded), the signal.
        let state = repo.root + "/.herald/sandbox/state"
        func records(_ event: String) -> Int {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: state)) ?? []
            return files.reduce(0) { count, file in
                count + ((try? String(contentsOfFile: state + "/" + file, encoding: .utf8)) ?? "").split(separator: "\n").filter { $0.contains(" \(event) post=") }.count
            }
        }
        let deadline = ContinuousClock.now + .seconds(30)
        while records("intent") == 0 && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        kill(run.processIdentifier, signal)
        let ended = run.wait(upTo: .seconds(30))
        #expect(ended)
        guard ended else { return }  // terminationReason, asked of a process still running, stops the test run
        let stdout = try String(contentsOfFile: output.root + "/stdout", encoding: .utf8)
        let stderr = try String(contentsOfFile: output.root + "/stderr", encoding: .utf8)
        #expect(run.terminationReason == .exit && run.terminationStatus == 128 + signal, "\(stdout)\(stderr)")
        let name = signal == SIGINT ? "SIGINT" : "SIGTERM"
        #expect(stderr.contains("herald: \(name): finishing the requests in flight and recording them; nothing new is sent"), "\(stderr)")
        // What was in flight is recorded (a post that went out, or an upload after which nothing was
        // sent); nothing is left pending; the rest was not sent.
        let published = records("published")
        #expect(records("intent") == published + records("absent"))
        #expect(try await posts(sandbox).count == published)
        #expect(stdout.contains("not sent: the run was interrupted; the next run publishes it"), "\(stdout)")
        #expect(stdout.contains("Published \(published), "), "\(stdout)")
        let next = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        #expect(next.status == 0, "\(next.stdout)\(next.stderr)")
        let held = try await posts(sandbox)
        #expect(held.count == 4 + 2 * 3)
        #expect(Set(held.map { "\($0["account"] ?? "")|\($0["text"] ?? "")" }).count == held.count)
    }

    /// A stop asked for while the instance processes a picture (its status
    /// polls answered 503) ends the wait: no poll is a request in flight.
    /// Before, the run went on polling for two minutes after SIGTERM, and a
    /// CI system's cancellation would have killed it first.
    @Test func aSignalEndsTheWaitForMediaProcessing() async throws {
        let sandbox = try await ServerProcess.sandbox()
        let repo = try repository()
        try repo.write("media/slow.png", TestMedia.png(bytes: 72, fill: 7))
        try repo.write("posts/image.yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [m1]\ntext: Processed slowly\nmedia:\n  - path: media/slow.png\n    alt: A test pattern\n")
        try await fault(sandbox, "GET", "/api/v1/media/*", ["type": "status", "status": 503])
        let output = try TempDirectory()
        let run = try CLI.start(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL, "--account", "m1"], outputIn: output.root)
        defer { if run.isRunning { kill(run.processIdentifier, SIGKILL) } }
        let shard = repo.root + "/.herald/sandbox/state/m1.state"
        let deadline = ContinuousClock.now + .seconds(30)
        while !((try? String(contentsOfFile: shard, encoding: .utf8)) ?? "").contains(" intent ") && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        try await Task.sleep(for: .seconds(1))
        let signalled = ContinuousClock.now
        kill(run.processIdentifier, SIGTERM)
        let ended = run.wait(upTo: .seconds(30))
        #expect(ended)
        guard ended else { return }  // terminationReason, asked of a process still running, stops the test run
        #expect(ContinuousClock.now - signalled < .seconds(5))
        #expect(run.terminationReason == .exit && run.terminationStatus == 128 + SIGTERM)
        let stdout = try String(contentsOfFile: output.root + "/stdout", encoding: .utf8)
        #expect(stdout.contains("- skipped    image → m1  not sent: the run was interrupted; the next run publishes it"), "\(stdout)")
        #expect(try await posts(sandbox).isEmpty)
        let records = try String(contentsOfFile: shard, encoding: .utf8)
        #expect(records.contains(" absent post=image part=0 ") && !records.contains(" failed "), "\(records)")
    }

    /// Sends `signal` to a run whose output is in `output`, and again once
    /// the run has said it took the first: sent while the first is still
    /// pending (a loaded machine), the two are one signal to the process,
    /// which then waits for its requests. Whether the run ended.
    private func stopTwice(_ run: Process, with signal: Int32, output: TempDirectory) async throws -> Bool {
        kill(run.processIdentifier, signal)
        let name = signal == SIGINT ? "SIGINT" : "SIGTERM"
        let taken = ContinuousClock.now + .seconds(30)
        while !((try? String(contentsOfFile: output.root + "/stderr", encoding: .utf8)) ?? "").contains("another \(name) stops at once")
                && ContinuousClock.now < taken {
            try await Task.sleep(for: .milliseconds(20))
        }
        kill(run.processIdentifier, signal)
        return run.wait(upTo: .seconds(15))
    }

    /// A second signal does not wait: the process ends as the signal ends it.
    @Test func aSecondSignalStopsAtOnce() async throws {
        // The request in flight takes 25 s, which a run stopped by the first signal alone would wait for
        // (under the 30 s request_timeout): far from the bound below, which a loaded machine may need.
        let sandbox = try await ServerProcess.sandbox(latencyMS: 25_000)
        let repo = try repository()
        let output = try TempDirectory()
        let run = try CLI.start(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL], outputIn: output.root)
        defer { if run.isRunning { kill(run.processIdentifier, SIGKILL) } }
        let state = repo.root + "/.herald/sandbox/state"
        let deadline = ContinuousClock.now + .seconds(30)
        // A state file, not the lock's: a send's intent is written once the run hears signals.
        while !((try? FileManager.default.contentsOfDirectory(atPath: state)) ?? []).contains(where: { $0.hasSuffix(".state") }) && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        let ended = try await stopTwice(run, with: SIGINT, output: output)
        #expect(ended)
        // Asked of a process still running, Foundation's terminationReason stops the whole test run.
        guard ended else { return }
        #expect(run.terminationReason == .uncaughtSignal && run.terminationStatus == SIGINT)
        // Its lock's file is removed first, as a run that ends removes it: a CI job that commits state/ would commit it.
        #expect(!FileManager.default.fileExists(atPath: state + "/.lock"))
    }

    /// Stopped at once, with its output in a file (a CI log): the lines of
    /// what went out before are there. Before, a block still buffered was
    /// lost with the process, and none was.
    @Test func aRunStoppedAtOnceHasPrintedWhatWentOut() async throws {
        let sandbox = try await ServerProcess.sandbox()
        // The picture's upload hangs; the thread goes out.
        try await fault(sandbox, "POST", "/api/v2/media", ["type": "latency", "delay_ms": 25_000])
        let repo = try repository()
        let output = try TempDirectory()
        let run = try CLI.start(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL], outputIn: output.root)
        defer { if run.isRunning { kill(run.processIdentifier, SIGKILL) } }
        // Until the thread's three parts are recorded, not only made: the sandbox holds a part before
        // herald has its answer. The line of each is printed just after its record; the pause covers
        // that on a loaded machine. (A block still buffered, as before, would be lost however long it waits.)
        let shard = repo.root + "/.herald/sandbox/state/m2.state"
        func recorded() -> Int {
            ((try? String(contentsOfFile: shard, encoding: .utf8)) ?? "").split(separator: "\n")
                .filter { $0.contains(" published ") && $0.contains(" post=thread ") }.count
        }
        let deadline = ContinuousClock.now + .seconds(30)
        while recorded() < 3 && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(recorded() == 3)
        try await Task.sleep(for: .milliseconds(500))
        let ended = try await stopTwice(run, with: SIGTERM, output: output)
        #expect(ended)
        guard ended else { return }
        let printed = try String(contentsOfFile: output.root + "/stdout", encoding: .utf8)
        for part in 1...3 {
            #expect(printed.contains("+ published  thread [\(part)/3] → m2"), "\(printed)")
        }
    }

    /// A thread sent before its time (`--now`) by a run stopped before the
    /// first part's answer came (its intent alone recorded, as a kill leaves
    /// it) is settled by the next run: the first part found, not sent again,
    /// and the rest sent after it. Before, the plan said it was waiting for
    /// its publish_at, days off, while its first part was public.
    @Test func aThreadSentEarlyAndStoppedIsSettledByTheNextRun() async throws {
        let sandbox = try await ServerProcess.sandbox()
        let repo = try repository()
        try repo.write("posts/early.yaml", "publish_at: 2098-01-01T09:00:00Z\naccounts: [m1]\ntext: Early one\nthread: [Early two, Early three]\n")
        let first = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL, "--now", "early"])
        #expect(first.status == 0, "\(first.stdout)\n\(first.stderr)")
        // As a run killed after sending the first part leaves the state: its intent, no answer.
        let shard = repo.root + "/.herald/sandbox/state/m1.state"
        let lines = try String(contentsOfFile: shard, encoding: .utf8).split(separator: "\n")
        let firstIntent = try #require(lines.firstIndex { $0.contains(" intent post=early part=0 ") })
        try (lines[...firstIntent].joined(separator: "\n") + "\n").write(toFile: shard, atomically: true, encoding: .utf8)
        // Just sent: held, as publish holds it, while the platform may still be making it.
        let holding = try await CLI.run(["plan", "-C", repo.root, "--sandbox", "--detailed-exitcode"])
        #expect(holding.status == 2, "\(holding.stdout)")
        #expect(holding.stdout.contains("early [1/3]   m1  sent at ") && holding.stdout.contains(", its answer never came: the platform may still be making it; held until "),
                "\(holding.stdout)")
        let dry = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL, "--dry-run"])
        #expect(dry.stdout.contains("~ wait       early [1/3] → m1  sent at ") && dry.stdout.contains("; held until ") && !dry.stdout.contains("would publish  early"),
                "\(dry.stdout)")
        // The run's JSON lists it too, waiting, with until when.
        let json = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL, "--format", "json"])
        #expect(json.status == 0 && json.stdout.contains("\"result\" : \"wait\"") && json.stdout.contains("held until "), "\(json.stdout)")
        try repo.passTime(900, stateFolder: ".herald/sandbox/state")
        let plan = try await CLI.run(["plan", "-C", repo.root, "--sandbox", "--detailed-exitcode"])
        #expect(plan.status == 2, "\(plan.stdout)")
        #expect(plan.stdout.contains("early [1/3]  m1  an earlier run stopped after sending; the next run repeats it with the same key, which brings back what it made, if anything"),
                "\(plan.stdout)")
        let next = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        #expect(next.status == 0, "\(next.stdout)\n\(next.stderr)")
        let held = try await posts(sandbox).filter { ($0["text"] as? String ?? "").hasPrefix("Early") }
        #expect(held.compactMap { $0["text"] as? String }.sorted() == ["Early one", "Early three", "Early two"])
    }

    @Test func twoRunsAtOnceMakeNoDuplicates() async throws {
        let sandbox = try await ServerProcess.sandbox(latencyMS: 20)
        let repo = try repository(posts: 6)
        let runs = try (0..<2).map { _ in try CLI.start(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL]) }
        for run in runs { _ = run.wait(upTo: .seconds(120)) }
        #expect(runs.map(\.terminationStatus) == [0, 0])
        let held = try await posts(sandbox)
        #expect(held.count == 4 + 6 * 3)
    }

    @Test func secondRunGivesUpOnTheLockWithAClearMessage() async throws {
        let sandbox = try await ServerProcess.sandbox(latencyMS: 1500)
        let repo = try repository()
        let first = try CLI.start(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        try await Task.sleep(for: .milliseconds(700))
        let second = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL, "--lock-timeout", "1"])
        _ = first.wait(upTo: .seconds(120))
        #expect(second.status == 1)
        // Said first that it waits, so a terminal does not look hung; then why it gave up.
        #expect(second.stderr.hasPrefix("herald: another run is publishing from this checkout (it holds the state's lock); waiting up to 1 s for it to finish\n"),
                "\(second.stderr)")
        #expect(second.stderr.contains("another herald run holds"))
    }

    /// A mistyped --account is refused before the lock: it does not wait
    /// for another run to finish first.
    @Test func unknownAccountIsRefusedWithoutWaitingForTheLock() async throws {
        let sandbox = try await ServerProcess.sandbox(latencyMS: 1500)
        let repo = try repository()
        let first = try CLI.start(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        try await Task.sleep(for: .milliseconds(700))
        let second = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL, "--lock-timeout", "1", "--account", "m22"])
        _ = first.wait(upTo: .seconds(120))
        #expect(second.status == 64)
        #expect(second.stderr == "Error: unknown account 'm22' (did you mean 'm2'?)\n")
    }
}
