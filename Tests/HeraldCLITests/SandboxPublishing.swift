import Foundation
import HeraldTestSupport
import Testing
import HeraldKit

/// Repositories and look-ups for the suites that publish to a sandbox run
/// as its own process.
protocol SandboxPublishing {}

extension SandboxPublishing {
    /// A repository with one Mastodon account, m1, and no posts yet.
    func oneAccountRepository() throws -> TempDirectory {
        let repo = try TempDirectory()
        try repo.write("herald.yaml", "timezone: UTC\n")
        try repo.write("accounts.yaml", "accounts:\n  m1: { platform: mastodon, instance: https://one.example }\n")
        return repo
    }

    /// A repository with three Mastodon accounts: a post with an image, a
    /// three-part thread, and `posts` plain posts to all three.
    func repository(posts: Int = 0, timeout: Int = 30) throws -> TempDirectory {
        let dir = try TempDirectory()
        try dir.write("herald.yaml", "timezone: UTC\nrequest_timeout: \(timeout)\nconcurrency: 4\n")
        try dir.write("accounts.yaml", """
            accounts:
              m1: { platform: mastodon, instance: https://one.example }
              m2: { platform: mastodon, instance: https://two.example }
              m3: { platform: mastodon, instance: https://three.example }

            """)
        try dir.write("media/pic.png", TestMedia.png(bytes: 72, fill: 7))
        try dir.write("posts/image.yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [m1]\ntext: With a picture\nmedia:\n  - path: media/pic.png\n    alt: A test pattern\n")
        try dir.write("posts/thread.yaml", "publish_at: 2026-11-01T09:05:00Z\naccounts: [m2]\ntext: Part one\nthread:\n  - Part two\n  - text: Part three\n")
        for i in 0..<posts {
            try dir.write("posts/bulk/p\(i).yaml", "publish_at: 2026-11-02T09:\(String(format: "%02d", i % 60)):00Z\naccounts: [m1, m2, m3]\ntext: Bulk post number \(i)\n")
        }
        return dir
    }

    /// Runs the command a blocked item's reason ends with (`… run 'herald …'`)
    /// through sh, as a person would paste it where herald ran: a plan run
    /// with `-C` prints it with `-C`, so it works from another folder.
    func runCommand(printedIn line: Substring, repo: TempDirectory) async throws {
        let command = try #require(line.range(of: "run 'herald ").map { line[$0.upperBound...].dropLast() }, "\(line)")
        #expect(command.hasPrefix("-C "), "printed without the repository herald ran on: \(command)")
        let resolved = try await CLI.runProgram("/bin/sh", ["-c", "\"$0\" \(command)", CLI.binary], directory: "/")
        #expect(resolved.status == 0, "\(command): \(resolved.stderr)")
    }

    /// Adds a fault on Mastodon requests of `method` to `path` (see README, "sandbox").
    func fault(_ sandbox: ServerProcess, _ method: String, _ path: String, _ effect: [String: Any], count: Int? = nil) async throws {
        var fault: [String: Any] = ["match": ["platform": "mastodon", "methods": [method], "path": path], "effect": effect]
        if let count { fault["count"] = count }
        try await JSONClient().post(sandbox.baseURL + "/_sandbox/faults", json: fault)
    }

    func posts(_ sandbox: ServerProcess) async throws -> [[String: Any]] {
        let object = try await JSONClient().get(sandbox.baseURL + "/_sandbox/posts?platform=mastodon") as? [String: Any]
        return object?["posts"] as? [[String: Any]] ?? []
    }

    /// The records of a run lost (the sandbox's state folder removed), and
    /// the sandbox's clock moved past Mastodon's hour, in which a post's
    /// idempotency key would bring its status back by itself.
    func loseRecordsPastTheKeysHour(_ sandbox: ServerProcess, _ repo: TempDirectory) async throws {
        try FileManager.default.removeItem(atPath: repo.root + "/.herald/sandbox/state")
        #expect(try await JSONClient().post(sandbox.baseURL + "/_sandbox/clock", json: ["offset_seconds": 4_000]) == 200)
    }

    /// The sandbox holds `count` posts, each of its own text: none twice.
    func expectEachPostedOnce(_ sandbox: ServerProcess, count: Int) async throws {
        let held = try await posts(sandbox)
        #expect(held.count == count)
        #expect(Set(held.compactMap { $0["text"] as? String }).count == count)
    }
}
