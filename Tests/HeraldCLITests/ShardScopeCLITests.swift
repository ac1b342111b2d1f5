import Foundation
import HeraldTestSupport
import Testing
import HeraldKit

/// CI jobs that each own a shard of the accounts (`--account`): another
/// shard's problems neither fail a job nor hide what is due in it.
@Suite(.serialized) struct ShardScopeCLITests: SandboxPublishing {
    /// A job for one shard (`--account`) is neither failed nor told that
    /// nothing is due by another account's damaged state file: that error
    /// blocks the other account, and is a warning here. A run for every
    /// account still fails on it.
    @Test func anotherAccountsDamagedStateDoesNotFailAShardsJob() async throws {
        let sandbox = try await ServerProcess.sandbox()
        let repo = try repository()
        try FileManager.default.createDirectory(atPath: repo.root + "/.herald/sandbox/state", withIntermediateDirectories: true)
        try repo.write(".herald/sandbox/state/m1.state", "herald-state 1 account=m1\ngarbage line\n")
        let plan = try await CLI.run(["plan", "-C", repo.root, "--sandbox", "--account", "m2", "--detailed-exitcode"])
        #expect(plan.status == 2, "\(plan.stdout)\n\(plan.stderr)")
        #expect(plan.stderr.contains(".herald/sandbox/state/m1.state:2:1: warning: unreadable state record"), "\(plan.stderr)")
        #expect(plan.stderr.contains("another account's state, which this run does not use"), "\(plan.stderr)")
        let all = try await CLI.run(["plan", "-C", repo.root, "--sandbox", "--detailed-exitcode"])
        #expect(all.status == 1, "\(all.stderr)")
        let published = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL, "--account", "m2"])
        #expect(published.status == 0, "\(published.stdout)\n\(published.stderr)")
        #expect(try await posts(sandbox).count == 3)
    }

    /// Nor by an error in a post that goes to none of its accounts: that
    /// blocks another job's items, and is a warning here. A post whose
    /// accounts cannot be told (its file unreadable) may be this job's.
    @Test func anotherAccountsBrokenPostDoesNotFailAShardsJob() async throws {
        let sandbox = try await ServerProcess.sandbox()
        let repo = try repository()
        try repo.write("posts/bad.yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [m1]\ntext: \"bad \\x07 one\"\n")
        let plan = try await CLI.run(["plan", "-C", repo.root, "--sandbox", "--account", "m2", "--detailed-exitcode"])
        #expect(plan.status == 2, "\(plan.stdout)\n\(plan.stderr)")
        #expect(plan.stderr.contains("posts/bad.yaml:3:12: warning: text contains U+0007"), "\(plan.stderr)")
        #expect(plan.stderr.contains("a post for other accounts, which this run does not publish"), "\(plan.stderr)")
        #expect(try await CLI.run(["plan", "-C", repo.root, "--sandbox", "--account", "m1"]).status == 1)
        let published = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL, "--account", "m2"])
        #expect(published.status == 0, "\(published.stdout)\n\(published.stderr)")
        #expect(try await posts(sandbox).count == 3)
        try repo.write("posts/unreadable.yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [m1\n")
        #expect(try await CLI.run(["plan", "-C", repo.root, "--sandbox", "--account", "m2"]).status == 1)
        // A post to a name accounts.yaml does not define goes out in no job: every job fails on it.
        try FileManager.default.removeItem(atPath: repo.root + "/posts/unreadable.yaml")
        try repo.write("posts/typo.yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [M2]\ntext: meant for m2\n")
        #expect(try await CLI.run(["plan", "-C", repo.root, "--sandbox", "--account", "m2"]).status == 1)
    }

    /// Nor by an error that concerns only another account of a post that
    /// also goes to this job's (m1's variant too long): the post goes out
    /// to m2, and only m1's job fails on it.
    @Test func anErrorOfAnotherAccountsVariantDoesNotFailAShardsJob() async throws {
        let sandbox = try await ServerProcess.sandbox()
        let repo = try oneAccountRepository()
        try repo.write("accounts.yaml", "accounts:\n  m1: { platform: mastodon, instance: https://one.example }\n  m2: { platform: mastodon, instance: https://two.example }\n")
        try repo.write("posts/both.yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [m1, m2]\ntext: For both\nvariants:\n  m1:\n    text: \(String(repeating: "a", count: 600))\n")
        let plan = try await CLI.run(["plan", "-C", repo.root, "--sandbox", "--account", "m2", "--detailed-exitcode"])
        #expect(plan.status == 2, "\(plan.stdout)\n\(plan.stderr)")
        #expect(plan.stderr.contains("posts/both.yaml:6:11: warning: "), "\(plan.stderr)")
        #expect(plan.stderr.contains("it concerns only account 'm1', which this run does not publish"), "\(plan.stderr)")
        #expect(try await CLI.run(["plan", "-C", repo.root, "--sandbox", "--account", "m1"]).status == 1)
        #expect(try await CLI.run(["plan", "-C", repo.root, "--sandbox", "--account", "m1", "--account", "m2"]).status == 1)
        let published = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL, "--account", "m2"])
        #expect(published.status == 0, "\(published.stdout)\n\(published.stderr)")
        #expect(try await posts(sandbox).map { $0["text"] as? String } == ["For both"])
        let mine = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL, "--account", "m1"])
        #expect(mine.status == 1, "\(mine.stdout)\n\(mine.stderr)")
        #expect(try await posts(sandbox).count == 1)
    }
}
