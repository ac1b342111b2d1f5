import Foundation
import HeraldTestSupport
import Testing

/// Standard streams that are full, closed or not files: herald never
/// crashes on them, and output it could not write is an error (exit 74),
/// never a silent success.
@Suite struct StandardStreamsCLITests {
    let example = CLI.packageRoot

    /// Runs herald through `sh`, with `redirections` applied to it.
    func run(_ arguments: [String], _ redirections: String, stdin: String? = nil) async throws -> CLI.Result {
        try await CLI.runProgram("/bin/sh", ["-c", "exec \"$0\" \"$@\" \(redirections)", CLI.binary] + arguments, stdin: stdin.map { Data($0.utf8) })
    }

    /// A plan written to a full disk for a pull-request comment must not
    /// look like one that was written: every command says so and exits 74.
    @Test(arguments: [["validate"], ["validate", "--format", "json"], ["plan", "--at", "2026-12-01T00:00:00Z"],
                      ["plan", "--at", "2026-12-01T00:00:00Z", "--format", "json"], ["--help"], ["--version"]])
    func outputToAFullDiskIsAnError(arguments: [String]) async throws {
        let result = try await run(["-C", example] + arguments, ">/dev/full")
        #expect(result.status == 74)
        #expect(result.stderr.hasSuffix("Error: could not write the output: No space left on device\n"))
    }

    /// The sandbox, whose banner is the only place its address is told
    /// (the port --port 0 chose), stops when it cannot write it, where it
    /// served on unseen. (Under `timeout`, so that a sandbox that serves on
    /// fails the test rather than hangs it.)
    @Test func aSandboxThatCannotTellItsAddressStops() async throws {
        let result = try await CLI.runProgram("/usr/bin/timeout", ["10", "/bin/sh", "-c", "exec \"$0\" sandbox --port 0 >/dev/full", CLI.binary])
        #expect(result.status == 74, "\(result.stderr)")
        #expect(result.stderr.hasSuffix("Error: could not write the output: No space left on device\n"))
    }

    /// With standard output closed, the next file herald opened would take
    /// its number and receive what is printed (the repository's folder
    /// did: "Invalid argument"). Herald puts /dev/null there first, and
    /// the output still fails as it would have.
    @Test(arguments: [["validate"], ["plan", "--at", "2026-12-01T00:00:00Z"]])
    func closedStandardOutputIsAnError(arguments: [String]) async throws {
        let result = try await run(["-C", example] + arguments, ">&-")
        #expect(result.status == 74)
        #expect(result.stderr.hasSuffix("Error: could not write the output: Bad file descriptor\n"))
    }

    /// Standard error full or closed: Foundation's FileHandle trapped
    /// writing the problems to it. The exit status still says what was found.
    @Test(arguments: [">/dev/null 2>/dev/full", ">/dev/null 2>&-"])
    func aBrokenStandardErrorIsNoCrash(redirections: String) async throws {
        let repo = try TempDirectory()
        try repo.write("accounts.yaml", "accounts:\n  acme-x: { platform: x, handle: acme }\n")
        try repo.write("posts/a.yaml", "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-twiter]\ntext: hi\n")
        #expect(try await run(["plan", "-C", repo.root, "--at", "2026-12-01T00:00:00Z"], redirections).status == 1)
        #expect(try await run(["validate", "-C", repo.root], redirections).status == 1)
        #expect(try await run(["text", "count", "--platform", "x"], redirections, stdin: "hello").status == 0)
    }

    /// `text count` reads standard input: a folder, a closed stream and an
    /// endless one are usage errors, not a crash or a process that never ends.
    @Test func unreadableStandardInputIsAUsageError() async throws {
        let folder = try await run(["text", "count", "--platform", "x"], "</")
        #expect(folder.status == 64)
        #expect(folder.stderr == "Error: cannot read standard input: Is a directory\n")
        let closed = try await run(["text", "count", "--platform", "x"], "<&-")
        #expect(closed.status == 64)
        #expect(closed.stderr == "Error: cannot read standard input: Bad file descriptor\n")
        let endless = try await run(["text", "count", "--platform", "x"], "</dev/zero")
        #expect(endless.status == 64)
        #expect(endless.stderr == "Error: standard input is over 1048576 bytes; herald counts the text of one post\n")
    }

    /// Publishing with nowhere to print: everything is published and
    /// recorded, and the run exits 74 for the report it could not write.
    @Test func publishRecordsEverythingWhenItCannotPrint() async throws {
        let repo = try TempDirectory()
        try repo.write("herald.yaml", "timezone: UTC\n")
        try repo.write("accounts.yaml", "accounts:\n  m1: { platform: mastodon, instance: https://one.example }\n")
        try repo.write("posts/a.yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [m1]\ntext: One\n")
        try repo.write("posts/b.yaml", "publish_at: 2026-11-01T09:05:00Z\naccounts: [m1]\ntext: Two\n")
        let result = try await run(["publish", "-C", repo.root, "--sandbox"], ">/dev/full")
        #expect(result.status == 74)
        #expect(result.stderr.hasSuffix("Error: could not write the output: No space left on device\n"))
        let state = try String(contentsOfFile: repo.root + "/.herald/sandbox/state/m1.state", encoding: .utf8)
        #expect(state.components(separatedBy: "\n").filter { $0.contains(" published post=") }.count == 2)
        // The next run finds both done.
        let again = try await CLI.run(["publish", "-C", repo.root, "--sandbox"])
        #expect(again.status == 0)
        #expect(again.stdout.contains("Nothing to publish."))
    }

    /// A reader of publish's output that goes away (`| head`, a log
    /// collector that stops) stops nothing: every item is sent and
    /// recorded, and the run ends with the status it would have had.
    /// Before, SIGPIPE ended it between a send and its record: the post was
    /// made and the state held an intent with no answer.
    @Test func aReaderOfPublishThatGoesAwayStopsNothing() async throws {
        let repo = try TempDirectory()
        try repo.write("herald.yaml", "timezone: UTC\n")
        try repo.write("accounts.yaml", "accounts:\n  m1: { platform: mastodon, instance: https://one.example }\n  m2: { platform: mastodon, instance: https://two.example }\n")
        for i in 1...20 { try repo.write("posts/p\(i).yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [m1, m2]\ntext: Post \(i)\n") }
        let result = try await CLI.runProgram("/bin/bash", ["-c", "\"$0\" publish --sandbox --verbose -C \"$1\" 2>&1 | head -c 100 >/dev/null; echo \"${PIPESTATUS[0]}\"",
                                                         CLI.binary, repo.root])
        #expect(result.stdout == "0\n", "\(result.stdout)\n\(result.stderr)")
        for account in ["m1", "m2"] {
            let state = try String(contentsOfFile: repo.root + "/.herald/sandbox/state/\(account).state", encoding: .utf8)
            let records = state.split(separator: "\n").dropFirst().map { $0.split(separator: " ")[1] }
            #expect(records.filter { $0 == "published" }.count == 20 && records.filter { $0 == "intent" }.count == 20, "\(state)")
        }
    }
}
