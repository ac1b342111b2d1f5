import Foundation
import HeraldTestSupport
import Testing

/// Files and folders herald may not read or enter. The binary runs as an
/// unprivileged user (`nobody`, through setpriv, when the tests run as
/// root, who may read anything), so the modes apply.
@Suite(.enabled(if: getuid() != 0 || FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv"), "needs setpriv to drop root"))
struct PermissionCLITests {
    /// Runs herald as a user the modes apply to.
    func runUnprivileged(_ arguments: [String]) async throws -> CLI.Result {
        guard getuid() == 0 else { return try await CLI.run(arguments) }
        return try await CLI.runProgram("/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", CLI.binary] + arguments)
    }

    /// A repository everyone may read, with one post published to m1.
    func publishedRepository() throws -> TempDirectory {
        let repo = try TempDirectory()
        try repo.write("herald.yaml", "timezone: UTC\n")
        try repo.write("accounts.yaml", "accounts:\n  m1: { platform: mastodon, instance: https://one.example }\n")
        try repo.write("posts/sent.yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [m1]\ntext: Sent before\n")
        try repo.write("state/m1.state", "herald-state 1 account=m1\n2026-11-01T09:00:01Z published post=sent part=0 hash=0123456789abcdef id=1\n")
        for path in ["", "/posts", "/state"] { chmod(repo.root + path, 0o755) }
        return repo
    }

    /// A state folder herald may list but not enter (read, no search): its records
    /// cannot be read, so the account is blocked, not planned as new.
    /// Before, the file's lstat failed, was taken for "no file", and the
    /// published post showed as due again.
    @Test func aStateFolderHeraldCannotEnterBlocksItsAccounts() async throws {
        let repo = try publishedRepository()
        chmod(repo.root + "/state", getuid() == 0 ? 0o744 : 0o600)
        defer { chmod(repo.root + "/state", 0o755) }
        let plan = try await runUnprivileged(["plan", "-C", repo.root, "--detailed-exitcode"])
        #expect(plan.status == 1, "\(plan.stdout)\n\(plan.stderr)")
        #expect(plan.stderr.contains("state/m1.state:1:1: error: the state file cannot be read: Permission denied"), "\(plan.stderr)")
        #expect(plan.stdout.contains("! blocked      sent  m1  the state file of 'm1' cannot be read; make it readable first"), "\(plan.stdout)")
        #expect(!plan.stdout.contains("+ publish"), "\(plan.stdout)")
    }
}
