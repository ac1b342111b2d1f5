import Foundation
import HeraldTestSupport
import Testing

/// Options that cannot work are refused before anything is read or sent,
/// with a message naming the option and the usage exit status, 64.
@Suite struct UsageErrorCLITests {
    let example = CLI.packageRoot

    /// Written either way, a negative number reaches herald's own check:
    /// the parser would take `-1` for an option and say a value is missing.
    @Test(arguments: [["--lock-timeout=-1"], ["--lock-timeout", "-1"]])
    func negativeLockTimeout(option: [String]) async throws {
        let result = try await CLI.run(["publish", "-C", example, "--sandbox", "--dry-run"] + option)
        #expect(result.status == 64)
        #expect(result.stderr.contains("--lock-timeout cannot be negative"))
    }

    @Test func negativeJobs() async throws {
        let result = try await CLI.run(["publish", "-C", example, "--sandbox", "--dry-run", "--jobs", "-2"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("--jobs must be from 1 to 64"))
    }

    /// Not a URL, or not one the sandbox speaks: refused before anything
    /// is sent, rather than fail every request and record each failure.
    @Test(arguments: ["not a url", "ftp://127.0.0.1:8787", "127.0.0.1:8787"])
    func sandboxURLThatIsNotAURL(url: String) async throws {
        // A dry run: were the address let through, nothing is sent nor recorded in the package's own folder.
        let result = try await CLI.run(["publish", "-C", example, "--sandbox-url", url, "--dry-run"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("--sandbox-url '\(url)' is not a URL like http://127.0.0.1:8787"), "\(result.stderr)")
        #expect(result.stdout == "")
    }

    /// A platform's address under the sandbox, as its banner lists them:
    /// refused, naming the address to give. Before, every item failed with
    /// a 404 and advice to change publish_at, each failure recorded.
    @Test(arguments: ["http://127.0.0.1:41067/mastodon", "http://127.0.0.1:41067/Mastodon/", "http://localhost:8787/x", "http://127.0.0.1:41067/mastodon/api/v1",
                      "http://127.0.0.1:41067/mastodon?x=1#y", "http://127.0.0.1:41067/mastodon;x", "http://user:fake-password@127.0.0.1:41067/mastodon",
                      "http://127.0.0.1:41067/mastodon%2Fapi%2Fv1"])
    func sandboxURLOfAPlatformUnderIt(url: String) async throws {
        // A dry run: were the address let through, nothing is sent nor recorded in the package's own folder.
        let result = try await CLI.run(["publish", "-C", example, "--sandbox-url", url, "--dry-run"])
        #expect(result.status == 64)
        let base = url.hasPrefix("http://localhost") ? "http://localhost:8787" : "http://127.0.0.1:41067"
        #expect(result.stderr.contains("--sandbox-url takes the sandbox's own address, \(base), not "), "\(result.stderr)")
        #expect(!result.stderr.contains("fake-password"), "\(result.stderr)")
        #expect(result.stdout == "")
    }

    /// The sandbox's banner says what to give herald, as well as each platform's address.
    @Test func sandboxBannerSaysHowToPublishToIt() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLI.binary)
        process.arguments = ["sandbox", "--port", "0"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { process.terminate(); process.waitUntilExit() }
        var banner = ""
        while !banner.contains("inspect:") {
            let data = output.fileHandleForReading.availableData
            if data.isEmpty { break }
            banner += String(decoding: data, as: UTF8.self)
        }
        let base = try #require(banner.split(separator: "\n").first?.split(separator: " ").last.map(String.init))
        #expect(banner.contains("\npublish to it: herald publish --sandbox-url \(base)\n"), "\(banner)")
    }

    /// A platform's name given for --account is told the platform's account,
    /// `x` as `twitter` was. Before, `x` got no suggestion.
    @Test(arguments: ["x", "X", "bluesky", "twitter"])
    func aPlatformsNameForAnAccount(name: String) async throws {
        let result = try await CLI.run(["plan", "-C", example, "--account", name])
        #expect(result.status == 64)
        #expect(result.stderr.hasPrefix("Error: unknown account '\(name)' (did you mean 'acme-\(name == "twitter" || name == "X" ? "x" : name)'?)\n"), "\(result.stderr)")
    }

    /// A port out of range is said to be, not taken for a missing value.
    @Test(arguments: ["-1", "65536"])
    func sandboxPortOutOfRange(port: String) async throws {
        let result = try await CLI.run(["sandbox", "--port", port])
        #expect(result.status == 64)
        #expect(result.stderr.hasPrefix("Error: --port must be from 0 to 65535 (0 picks a free one)\n"), "\(result.stderr)")
    }

    /// Any longer and every request to the sandbox would only hang.
    @Test func sandboxLatencyIsCappedAtTenMinutes() async throws {
        for option in [["--latency=-1"], ["--latency", "-1"], ["--latency=600001"]] {
            let result = try await CLI.run(["sandbox", "--port", "0"] + option)
            #expect(result.status == 64)
            #expect(result.stderr.contains("--latency must be from 0 to 600000 milliseconds (10 minutes)"))
        }
    }

    /// A script may name the repository for every command, the sandbox too,
    /// which reads none: -C is taken, and must name a directory.
    @Test func sandboxTakesARepositoryItDoesNotRead() async throws {
        let missing = try await CLI.run(["-C", "/nonexistent-herald-dir", "sandbox", "--port", "0"])
        #expect(missing.status == 64)
        #expect(missing.stderr == "Error: no such directory: /nonexistent-herald-dir\n")
        let port = ServerProcess.freePort()
        let sandbox = try await ServerProcess(executable: CLI.binary, arguments: ["-C", example, "sandbox", "--port", "\(port)"],
                                              port: port, readyPath: "/_sandbox/health")
        #expect(try await JSONClient().get(sandbox.baseURL + "/_sandbox/posts") is [String: Any])
    }

    @Test(arguments: ["0", "-1"])
    func statePartCountsFromOne(part: String) async throws {
        let result = try await CLI.run(["state", "resolve", "-C", example, "2026/launch", "--account", "acme-mastodon", "--part", part, "--published", "1"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("--part counts from 1"))
    }

    @Test func textCountRefusesBytesThatAreNotUTF8() async throws {
        let result = try await CLI.run(["text", "count", "--platform", "x"], stdinBytes: Data([0x68, 0x69, 0xFF, 0xFE]))
        #expect(result.status == 64)
        #expect(result.stderr.contains("standard input is not UTF-8 text"))
    }

    /// Found while running, not while parsing: the message alone, without
    /// the root command's usage line.
    @Test func unknownAccountHasNoUsageLine() async throws {
        let result = try await CLI.run(["text", "count", "-C", example, "--account", "acme-twiter"], stdin: "hello")
        #expect(result.status == 64)
        #expect(result.stderr == "Error: unknown account 'acme-twiter' (did you mean 'acme-x'?)\n")
        // More input than a pipe holds, to a command that ends without reading it: the harness's write fails
        // and the tests go on (a SIGPIPE ended the whole run once, in a CI rehearsal).
        let unread = try await CLI.run(["text", "count", "-C", example, "--account", "acme-twiter"], stdin: String(repeating: "x", count: 4 << 20))
        #expect(unread.status == 64)
    }

    /// Run in a folder that is no content repository, every command that
    /// reads one says so and stops: no empty plan, no publish run.
    @Test(arguments: [["plan"], ["validate"], ["publish", "--sandbox", "--dry-run"],
                      ["state", "resolve", "a", "--account", "m", "--absent"], ["text", "count", "--account", "m"]])
    func folderThatIsNoRepository(command: [String]) async throws {
        let folder = try TempDirectory()
        try folder.write("notes.txt", "not a herald repository\n")
        let result = try await CLI.run(command + ["-C", folder.root], stdin: "hello")
        #expect(result.status == 64)
        #expect(result.stdout == "")
        #expect(result.stderr == "Error: \(folder.root) is not a herald repository: it has no accounts.yaml, herald.yaml, posts/ or campaigns/ (run herald in the repository, or pass -C PATH)\n")
    }

    /// Run from a folder deleted under the shell, every command that reads
    /// a repository says so, rather than that `/` is no repository.
    @Test(arguments: [["plan"], ["validate"], ["publish", "--sandbox", "--dry-run"], ["plan", "-C", "site"],
                      ["state", "resolve", "a", "--account", "m", "--absent"], ["text", "count", "--account", "m"]])
    func currentDirectoryDeleted(command: [String]) async throws {
        let folder = try TempDirectory()
        try folder.write("gone/notes.txt", "soon deleted\n")
        let result = try await CLI.runProgram("/bin/sh", ["-c", "cd \"$1\" && rm notes.txt && rmdir \"$1\" && shift && exec \"$@\"", "sh",
                                                    folder.root + "/gone", CLI.binary] + command, stdin: Data("hello".utf8))
        #expect(result.status == 64)
        #expect(result.stdout == "")
        #expect(result.stderr == "Error: the current directory no longer exists; cd to the repository, or pass -C with its full path\n")
    }

    /// Run from a folder whose path is not UTF-8 (a byte 0xFF in it),
    /// every command that reads a repository said "no such directory: .";
    /// now that the path is not UTF-8, and where. An absolute -C still works.
    @Test(arguments: [["plan"], ["validate"], ["plan", "-C", "."]])
    func currentDirectoryPathThatIsNotUTF8(command: [String]) async throws {
        let folder = try TempDirectory()
        try folder.write("accounts.yaml", "accounts:\n  m: { platform: mastodon, instance: https://m.example }\n")
        let script = "d=\"$1/sub$(printf '\\377')x\"; mkdir -p \"$d\" && cp \"$1/accounts.yaml\" \"$d/\" && cd \"$d\" && shift && exec \"$@\""
        let result = try await CLI.runProgram("/bin/sh", ["-c", script, "sh", folder.root, CLI.binary] + command)
        #expect(result.status == 64)
        #expect(result.stderr == "Error: the current directory's path is not UTF-8 text (byte 0xFF after '\(folder.root)/sub'), "
            + "and herald reads paths as UTF-8: rename the folder, or pass -C with a path that is\n")
        let named = try await CLI.runProgram("/bin/sh", ["-c", script, "sh", folder.root, CLI.binary, "validate", "-C", folder.root])
        #expect(named.status == 0, "\(named.stderr)")
    }

    /// Run from a folder inside a repository, the message names the repository.
    @Test func folderInsideARepository() async throws {
        let repo = try TempDirectory()
        try repo.write("accounts.yaml", "accounts:\n  m: { platform: mastodon, instance: https://m.example }\n")
        try repo.write("posts/2026/a.yaml", "draft: true\ntext: hi\n")
        let result = try await CLI.run(["plan"], directory: repo.root + "/posts/2026")
        #expect(result.status == 64)
        #expect(result.stderr.hasSuffix("/posts/2026 is not a herald repository: it has no accounts.yaml, herald.yaml, posts/ or campaigns/ (\(repo.root) above is one: run herald there, or pass -C \(repo.root))\n"))
        // A path a shell would read otherwise is quoted, so that the option works pasted.
        let odd = try TempDirectory()
        let root = odd.root + "/it's $HOME"
        try odd.write("it's $HOME/accounts.yaml", "accounts:\n  m: { platform: mastodon, instance: https://m.example }\n")
        try odd.write("it's $HOME/posts/2026/a.yaml", "draft: true\ntext: hi\n")
        let quoted = try await CLI.run(["plan"], directory: root + "/posts/2026")
        #expect(quoted.stderr.hasSuffix("or pass -C \"\(root.replacingOccurrences(of: "$", with: "\\$"))\")\n"), "\(quoted.stderr)")
    }

    /// A repository missing only accounts.yaml is still read, and the
    /// problem is reported as one of its files.
    @Test func repositoryWithoutAccountsIsRead() async throws {
        let repo = try TempDirectory()
        try repo.write("posts/a.yaml", "draft: true\ntext: hi\n")
        let result = try await CLI.run(["validate", "-C", repo.root])
        #expect(result.status == 1)
        #expect(result.stdout.hasPrefix("error: no accounts.yaml in \(repo.root)"))
    }

    @Test func repositoryThatIsAFile() async throws {
        let result = try await CLI.run(["validate", "-C", example + "/herald.yaml"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("not a directory: \(example)/herald.yaml"))
    }

    @Test func textCountWithARepositoryThatIsNotThere() async throws {
        let result = try await CLI.run(["text", "count", "-C", example + "/no-such-folder", "--account", "acme-x"], stdin: "hello")
        #expect(result.status == 64)
        #expect(result.stderr == "Error: no such directory: \(example)/no-such-folder\n")
    }

    /// A post id that starts with '-', given without '--': the parser read
    /// `-dash` as -d -a -s -h, showed the help and exited 0, and nothing was
    /// recorded. Now it is refused, saying where such a value goes; after
    /// '--' it is a post id, and -h alone is still the help.
    @Test func aDashedValueWithAnHIsNotTakenForHelp() async throws {
        let refused = try await CLI.run(["state", "resolve", "-dash", "--account", "acme-mastodon", "--absent", "-C", example])
        #expect(refused.status == 64, "\(refused.stdout)")
        #expect(refused.stderr == "Error: '-dash' reads as short options, among them -h (help): a value that starts with '-' goes after '--', "
            + "as in 'herald state resolve --account ID -- -dash'\n")
        let named = try await CLI.run(["state", "resolve", "--account", "acme-mastodon", "--absent", "-C", example, "--", "-dash"])
        #expect(named.stderr.contains("there is no post '-dash'"), "\(named.stderr)")
        #expect(try await CLI.run(["state", "resolve", "-h"]).status == 0)
    }
}
