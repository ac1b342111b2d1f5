import Foundation
import HeraldTestSupport
import Testing

/// A state file git ignores is never committed by the README's CI step
/// (`git add -- state/` leaves it out and exits 0): the next run from a
/// clone would send every post again. herald asks git, and warns at the
/// pattern. Before, nothing was said.
@Suite struct GitIgnoreCLITests {
    func git(_ command: String, in folder: String) async throws {
        let result = try await CLI.runProgram("/bin/bash", ["-e", "-c", command], directory: folder)
        #expect(result.status == 0, "\(command): \(result.stderr)")
    }

    /// A repository in `site/` of a git work tree, with accounts m1 and m2.
    func repository() async throws -> TempDirectory {
        let top = try TempDirectory()
        try top.write("site/herald.yaml", "timezone: UTC\n")
        try top.write("site/accounts.yaml", "accounts:\n  m1: { platform: mastodon, instance: https://one.example }\n"
                      + "  m2: { platform: mastodon, instance: https://two.example }\n")
        try top.write("site/posts/a.yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [m1, m2]\ntext: Hello\n")
        try top.write("site/.gitattributes", "state/*.state merge=union eol=lf\n")
        try await git("git init -q", in: top.root)
        return top
    }

    @Test func aStateFileGitIgnoresIsWarnedOfAtThePattern() async throws {
        let top = try await repository()
        let site = top.root + "/site"
        try top.write(".gitignore", "build/\n*.state\n")
        let validate = try await CLI.run(["validate", "-C", site])
        #expect(validate.status == 0, "\(validate.stdout)\n\(validate.stderr)")
        for account in ["m1", "m2"] {
            #expect(validate.stdout.contains("../.gitignore:2:1: warning: git ignores state/\(account).state ('*.state'), so the records publish writes there "
                                             + "are never committed: `git add` leaves them out without a word, and the next run from a clone sends every post "
                                             + "again (delete the pattern, or add a line '!site/state/*.state' after it)"), "\(validate.stdout)")
        }
        // The plan says so too, before a publish writes records git would leave out.
        let plan = try await CLI.run(["plan", "-C", site])
        #expect(plan.stderr.contains("warning: git ignores state/m1.state"), "\(plan.stderr)")

        // Un-ignored as the hint says: nothing to warn of.
        try top.write(".gitignore", "build/\n*.state\n!site/state/*.state\n")
        let mended = try await CLI.run(["validate", "-C", site])
        #expect(!mended.stdout.contains("git ignores"), "\(mended.stdout)")

        // A folder ignored, in the repository's own .gitignore, with or without a '/' after it: the file cannot be taken back,
        // only the pattern deleted. Before the re-check, 'state' was told to add a line that git would not read.
        try top.write(".gitignore", "")
        for pattern in ["state/", "state", "/state"] {
            try top.write("site/.gitignore", pattern + "\n")
            let folder = try await CLI.run(["validate", "-C", site])
            #expect(folder.stdout.contains(".gitignore:1:1: warning: git ignores state/m2.state ('\(pattern)')"), "\(folder.stdout)")
            #expect(folder.stdout.contains("(delete the pattern (git cannot take back a file in a folder it ignores))"), "\(folder.stdout)")
        }
        // Everything in the state folder's own .gitignore: a line after it takes the records back.
        try top.write("site/.gitignore", "")
        try top.write("site/state/.gitignore", "*\n")
        let inside = try await CLI.run(["validate", "-C", site])
        #expect(inside.stdout.contains("state/.gitignore:1:1: warning: git ignores state/m1.state ('*')") && inside.stdout.contains("(delete the pattern, or add a line '!*.state' after it)"),
                "\(inside.stdout)")
        try FileManager.default.removeItem(atPath: site + "/state/.gitignore")

        // A shard git already tracks is committed whatever the patterns say: only the other is warned of.
        try top.write("site/.gitignore", "*.state\n")
        try top.write("site/state/m1.state", "herald-state 1 account=m1\n")
        try await git("git add -f site/state/m1.state", in: top.root)
        let tracked = try await CLI.run(["validate", "-C", site])
        #expect(!tracked.stdout.contains("git ignores state/m1.state"), "\(tracked.stdout)")
        #expect(tracked.stdout.contains("git ignores state/m2.state"), "\(tracked.stdout)")
    }

    /// A folder whose name is not ASCII is named as it is (git quotes it in
    /// its plain output). Before the re-check, its path came out cut.
    @Test func aFolderNamedInAnotherScriptIsNamedWhole() async throws {
        let top = try await repository()
        try FileManager.default.moveItem(atPath: top.root + "/site", toPath: top.root + "/sité web")
        try top.write(".gitignore", "*.state\n")
        let validate = try await CLI.run(["validate", "-C", top.root + "/sité web"])
        #expect(validate.stdout.contains("../.gitignore:1:1: warning: git ignores state/m1.state ('*.state')"), "\(validate.stdout)")
        #expect(validate.stdout.contains("(delete the pattern, or add a line '!sité web/state/*.state' after it)"), "\(validate.stdout)")
    }

    /// A credentials file committed in the git repository the content
    /// repository is a folder of (-C site) is as public as one inside it:
    /// not read, named from the repository. One git does not track there is
    /// read. Before the re-check, the committed one was read without a word.
    @Test func aCredentialsFileCommittedAboveTheRepositoryIsNotRead() async throws {
        let top = try await repository()
        try top.write("creds.yaml", "accounts:\n  m1:\n    access_token: placeholder-committed\n")
        chmod(top.root + "/creds.yaml", 0o600)
        let environment = CLI.environment(["HERALD_CREDENTIALS_FILE": top.root + "/creds.yaml"])
        let untracked = try await CLI.run(["plan", "-C", top.root + "/site"], environment: environment)
        #expect(!untracked.stderr.contains("credentials file is inside the repository"), "\(untracked.stderr)")
        try await git("git add -f creds.yaml", in: top.root)
        let tracked = try await CLI.run(["plan", "-C", top.root + "/site"], environment: environment)
        #expect(tracked.status == 1)
        #expect(tracked.stderr.contains("../creds.yaml:1:1: error: credentials file is inside the repository"), "\(tracked.stderr)")
        #expect(tracked.stderr.contains("(take it out of git (git -C \(top.root) rm --cached creds.yaml, rotate its secrets, and ignore it)"), "\(tracked.stderr)")
        #expect(!(tracked.stdout + tracked.stderr).contains("placeholder-committed"))
    }

    /// Thousands of accounts, git refusing the repository without reading
    /// a path (a container's "dubious ownership"), or answering for every
    /// one: the run neither dies of the closed pipe nor waits on git for
    /// ever. Before the re-check, the first killed it (exit 141) and the
    /// second hung.
    @Test func manyAccountsAndAGitThatRefusesOrAnswersAll() async throws {
        let top = try await repository()
        let accounts = (0..<3_000).map { "  m\($0): { platform: mastodon, instance: https://one.example }\n" }.joined()
        try top.write("site/accounts.yaml", "accounts:\n" + accounts)
        try top.write("site/posts/a.yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [m1]\ntext: Hello\n")
        // A git that stops at once, reading nothing.
        let bin = try TempDirectory()
        try bin.write("git", "#!/bin/sh\nexit 128\n")
        chmod(bin.root + "/git", 0o755)
        let refusing = CLI.environment(["PATH": bin.root + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")])
        for _ in 0..<3 {
            let result = try await CLI.run(["validate", "-C", top.root + "/site"], environment: refusing)
            #expect(result.status == 0, "\(result.status) \(result.stderr)")
        }
        try top.write(".gitignore", "*.state\n")
        let all = try await CLI.run(["validate", "-C", top.root + "/site"])
        #expect(all.status == 0, "\(all.stderr)")
        #expect(all.stdout.components(separatedBy: "warning: git ignores").count == 3_001)
    }

    /// A git that never answers holds the run up 10 seconds at most, and
    /// is not left behind. Before the last re-check, the run waited for ever.
    @Test func aGitThatNeverAnswersHoldsNothingUp() async throws {
        let top = try await repository()
        let bin = try TempDirectory()
        let marker = "herald-test-hanging-git-\(UUID().uuidString)"
        try bin.write("git", "#!/bin/bash\nexec -a \(marker) sleep 1000\n")
        chmod(bin.root + "/git", 0o755)
        let started = Date()
        let result = try await CLI.run(["validate", "-C", top.root + "/site"],
                                       environment: CLI.environment(["PATH": bin.root + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")]))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(Date().timeIntervalSince(started) < 30)
        let left = try await CLI.runProgram("/usr/bin/pgrep", ["-f", marker])
        #expect(left.stdout.isEmpty, "\(left.stdout)")
    }

    /// Outside a git work tree, or with git unable to answer, nothing is said.
    @Test func noWorkTreeNoWarning() async throws {
        let top = try await repository()
        try FileManager.default.removeItem(atPath: top.root + "/.git")
        try top.write(".gitignore", "*.state\n")
        let validate = try await CLI.run(["validate", "-C", top.root + "/site"])
        #expect(validate.status == 0)
        #expect(!validate.stdout.contains("git ignores"), "\(validate.stdout)")
    }
}
