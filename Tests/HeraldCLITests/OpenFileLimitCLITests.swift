import Foundation
import HeraldTestSupport
import Testing

/// `ulimit -n`. With 16 open files, herald stopped with SIGILL (Foundation's
/// run loop and libdispatch could not open their descriptors); with 20 to
/// 24 some post files could not be read, and with 32 the in-process
/// sandbox could not accept herald's connections. A low soft limit is now
/// raised, and a hard one below what herald needs is an error.
@Suite struct OpenFileLimitCLITests {
    let example = CLI.packageRoot

    /// Runs herald under `ulimit` with `limit` (under `timeout`, so that a
    /// sandbox that serves on fails the test rather than hangs it).
    func run(limit: String, _ arguments: [String]) async throws -> CLI.Result {
        try await CLI.runProgram("/usr/bin/timeout", ["20", "/bin/sh", "-c", "ulimit \(limit) || exit 99; exec \"$0\" \"$@\"", CLI.binary] + arguments)
    }

    @Test(arguments: [["validate"], ["plan", "--at", "2026-12-01T00:00:00Z"], ["sandbox", "--port", "0"]])
    func tooFewOpenFilesIsAnError(arguments: [String]) async throws {
        let result = try await run(limit: "-n 16", ["-C", example] + arguments)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == "Error: this shell lets herald open only 16 files at once (ulimit -n 16, which herald cannot raise), "
            + "and it needs 64: run it where 'ulimit -n' is 64 or more\n")
    }

    /// Commands that open no repository still run: help, the version, a count.
    @Test func helpVersionAndCountNeedNoFiles() async throws {
        #expect(try await run(limit: "-n 16", ["--version"]).status == 0)
        #expect(try await run(limit: "-n 16", ["plan", "--help"]).status == 0)
        let count = try await CLI.runProgram("/bin/sh", ["-c", "ulimit -n 16 || exit 99; echo hello | exec \"$0\" text count --platform x", CLI.binary])
        #expect(count.status == 0 && count.stdout.hasPrefix("X: 5 of 280"), "\(count.stdout)\(count.stderr)")
    }

    /// A soft limit of 16 under a higher hard one (`ulimit -Sn`) is raised:
    /// the plan is the one herald makes with no limit.
    @Test func aLowSoftLimitIsRaised() async throws {
        let arguments = ["plan", "-C", example, "--at", "2026-12-01T00:00:00Z", "--format", "json"]
        let limited = try await run(limit: "-Sn 16", arguments)
        #expect(limited.status == 0, "\(limited.stderr)")
        #expect(limited.stdout == (try await CLI.run(arguments)).stdout)
    }

    /// What herald asks for is enough for its largest run: a publish on the
    /// in-process sandbox, which serves herald's own connections.
    @Test func publishingOnTheSandboxWorksWithWhatHeraldAsksFor() async throws {
        let repo = try TempDirectory()
        for item in ["herald.yaml", "accounts.yaml", "campaigns", "posts", "media"] {
            try FileManager.default.copyItem(atPath: example + "/" + item, toPath: repo.root + "/" + item)
        }
        let result = try await run(limit: "-n 64", ["publish", "-C", repo.root, "--sandbox", "--at", "2026-11-21T12:00:00+01:00"])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("The sandbox now holds 3 posts:"), "\(result.stdout)")
        let state = try String(contentsOfFile: repo.root + "/.herald/sandbox/state/acme-mastodon.state", encoding: .utf8)
        #expect(state.split(separator: "\n").filter { $0.contains(" published post=") }.count == 3, "\(state)")
    }
}
