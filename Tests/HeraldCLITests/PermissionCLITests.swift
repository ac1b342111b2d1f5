import Foundation
import HeraldTestSupport
import Testing

/// Files and folders herald may not read or enter. The binary runs as an
/// unprivileged user (`nobody`, through setpriv, when the tests run as
/// root, who may read anything), so the modes apply.
@Suite(.enabled(if: getuid() != 0 || FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv"), "needs setpriv to drop root"))
struct PermissionCLITests {
    /// Runs herald as a user the modes apply to.
    func runUnprivileged(_ arguments: [String], environment: [String: String] = CLI.environment()) async throws -> CLI.Result {
        guard getuid() == 0 else { return try await CLI.run(arguments, environment: environment) }
        return try await CLI.runProgram("/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", CLI.binary] + arguments,
                                        environment: environment)
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

    /// A credentials file others may read is not read: the items whose
    /// credential it holds say so, rather than "add it to the credentials
    /// file", which already has it.
    @Test func aCredentialsFileNotReadIsNamedByTheItemsItWouldServe() async throws {
        let repo = try TempDirectory()
        try repo.write("herald.yaml", "timezone: UTC\n")
        try repo.write("accounts.yaml", "accounts:\n  m1: { platform: mastodon, instance: https://one.example }\n")
        try repo.write("posts/a.yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [m1]\ntext: Due\n")
        let home = try TempDirectory()
        try home.write("credentials.yaml", "accounts:\n  m1:\n    access_token: placeholder-open-file\n")
        chmod(home.root + "/credentials.yaml", 0o644)
        let plan = try await CLI.run(["plan", "-C", repo.root], environment: CLI.environment(["HERALD_CREDENTIALS_FILE": home.root + "/credentials.yaml"]))
        #expect(plan.status == 1)
        #expect(plan.stdout.contains("for 'm1' to the credentials file (which was not read: credentials file is readable by other users (run: chmod 600 "),
                "\(plan.stdout)")
        #expect(!(plan.stdout + plan.stderr).contains("placeholder-open-file"))
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

    /// A state folder herald may enter but not list (search, no read): the
    /// error says to make it readable, not to make it a folder.
    @Test func aStateFolderHeraldCannotListSaysSo() async throws {
        let repo = try publishedRepository()
        chmod(repo.root + "/state", getuid() == 0 ? 0o711 : 0o300)
        defer { chmod(repo.root + "/state", 0o755) }
        let plan = try await runUnprivileged(["plan", "-C", repo.root, "--detailed-exitcode"])
        #expect(plan.status == 1, "\(plan.stdout)\n\(plan.stderr)")
        #expect(plan.stderr.contains("state:1:1: error: the state folder state cannot be read: Permission denied (herald must be able to read the folder "
            + "and the folders on the way (check their permissions and owner); nothing is published until then)"), "\(plan.stderr)")
        #expect(plan.stdout.contains("! blocked      sent  m1  the state folder state cannot be read: Permission denied; nothing is published until herald can read it"),
                "\(plan.stdout)")
    }

    /// A media file herald may not read, or in a folder it may not enter, is
    /// there: the error says it cannot be read, not that it does not exist
    /// (with a hint at another spelling of its name).
    @Test func aMediaFileHeraldCannotReadIsNotCalledMissing() async throws {
        let repo = try publishedRepository()
        try repo.write("media/locked.png", TestMedia.png(bytes: 72, fill: 7))
        try repo.write("closed/pic.png", TestMedia.png(bytes: 72, fill: 7))
        try repo.write("posts/pictures.yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [m1]\ntext: Two pictures\n"
            + "media:\n  - path: media/locked.png\n    alt: one\n  - path: closed/pic.png\n    alt: two\n")
        chmod(repo.root + "/posts/pictures.yaml", 0o644)
        chmod(repo.root + "/media", 0o755)
        chmod(repo.root + "/media/locked.png", 0o600)
        chmod(repo.root + "/closed", 0o700)
        defer { chmod(repo.root + "/closed", 0o755) }
        let result = try await runUnprivileged(["validate", "-C", repo.root])
        #expect(result.status == 1)
        #expect(result.stdout.contains("posts/pictures.yaml:5:11: error: media file 'media/locked.png' cannot be read: Permission denied (make it readable to the user herald runs as)"), "\(result.stdout)")
        #expect(result.stdout.contains("posts/pictures.yaml:7:11: error: media file 'closed/pic.png' cannot be read: Permission denied"), "\(result.stdout)")
        #expect(!result.stdout.contains("does not exist"), "\(result.stdout)")
    }

    /// A folder under posts/ herald may not read may hold published posts:
    /// their records are blocked at its error, not orphans whose file is
    /// gone.
    @Test func aPostFolderHeraldCannotReadKeepsItsRecordsBlocked() async throws {
        let repo = try publishedRepository()
        try repo.write("posts/closed/inside.yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [m1]\ntext: In a closed folder\n")
        try repo.write("state/m1.state", "herald-state 1 account=m1\n2026-11-01T09:00:01Z published post=closed/inside part=0 hash=0123456789abcdef id=2\n")
        chmod(repo.root + "/posts/closed", 0o700)
        defer { chmod(repo.root + "/posts/closed", 0o755) }
        let plan = try await runUnprivileged(["plan", "-C", repo.root])
        #expect(plan.status == 1)
        #expect(plan.stderr.contains("posts/closed:1:1: error: cannot read the folder: Permission denied"), "\(plan.stderr)")
        #expect(plan.stdout.contains("! blocked      closed/inside  m1  cannot read the folder: Permission denied"), "\(plan.stdout)")
        #expect(!plan.stdout.contains("- orphan"), "\(plan.stdout)")
    }

    /// A HOME this user may not enter (a container run as another user,
    /// HOME left at /root): herald cannot tell whether a credentials file
    /// is there, and says how to run with the environment's secrets alone;
    /// with every account's secret in the environment, the file is not
    /// needed, and that is a warning (before, every run exited 1).
    @Test func aHomeHeraldCannotEnterSaysWhatToSet() async throws {
        let repo = try publishedRepository()
        let home = try TempDirectory()
        chmod(home.root, 0o700)
        let plan = try await runUnprivileged(["plan", "-C", repo.root], environment: CLI.environment(["HOME": home.root]))
        #expect(plan.stderr.contains("/.config/herald/credentials.yaml:1:1: error: credentials file cannot be read: Permission denied "
            + "(herald looks there by default (HOME, or XDG_CONFIG_HOME); with every secret in HERALD_* variables, "
            + "set HOME to a folder this user may enter, or HERALD_CREDENTIALS_FILE to a file it may read)"), "\(plan.stderr)")
        #expect(plan.status == 1)
        // Every account's secret in the environment: the file is not needed, and its folder is a warning only.
        let covered = try await runUnprivileged(["plan", "-C", repo.root],
                                                environment: CLI.environment(["HOME": home.root, "HERALD_M1_ACCESS_TOKEN": "placeholder-token"]))
        #expect(covered.status == 0, "\(covered.stdout)\n\(covered.stderr)")
        #expect(covered.stderr.contains("/.config/herald/credentials.yaml:1:1: warning: credentials file cannot be read: Permission denied"), "\(covered.stderr)")
    }

    /// A dry run writes nothing, so it runs where nothing may be written (a
    /// checkout of another user's, read-only): it makes no lock file there.
    /// Before, it failed making one ("Permission denied"), and the pull
    /// request's check with it.
    @Test func aDryRunNeedsNoWritableStateFolder() async throws {
        let repo = try publishedRepository()
        try repo.write("posts/new.yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [m1]\ntext: New one\n")
        chmod(repo.root + "/posts/new.yaml", 0o644)
        let result = try await runUnprivileged(["publish", "--dry-run", "-C", repo.root],
                                               environment: CLI.environment(["HERALD_M1_ACCESS_TOKEN": "placeholder-token"]))
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("would publish  new → m1"), "\(result.stdout)")
        #expect(!FileManager.default.fileExists(atPath: repo.root + "/state/.lock"))
    }
}
