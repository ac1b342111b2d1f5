import Foundation
import HeraldTestSupport
import Testing
import HeraldKit

// A rate limit met for a moment while publish looks for what it may have sent: waited out and asked again,
// not read as an answer (round eight of mutation testing found these untested).

extension PublishLookupTests {
    /// What was typed (`/source`) asked while the account's rate limit is
    /// met for a moment (a 429 resetting in a second): the run waits and
    /// asks again, reads that the status of other words is not the part,
    /// and sends the overdue part. Taken as an instance without `/source`,
    /// herald could not tell, and sent nothing.
    @Test func aRateLimitedSourceIsAskedAgainNotTakenAsAbsent() async throws {
        let sandbox = try await ServerProcess.sandbox()
        let (repo, plain) = try await plainStatusWithoutItsPost(on: sandbox)

        try repo.write("posts/bold.yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [m1]\ntext: A **bold** launch\n")
        try await fault(sandbox, "GET", "/api/v1/statuses/\(plain)/source", ["type": "ratelimit", "reset_seconds": 1], count: 1)
        let run = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        #expect(run.stdout.contains("Published 1, found 0, "), "\(run.stdout)")
        #expect(!run.stdout.contains("reads as this part without its Markdown markers"), "\(run.stdout)")
        let held = try await posts(sandbox)
        #expect(held.compactMap { $0["text"] as? String }.sorted() == ["A **bold** launch", "A bold launch"], "\(held)")
        // The fault was met: the 429 was answered, and the source asked again.
        let faults = try #require(try await JSONClient().get(sandbox.baseURL + "/_sandbox/faults") as? [String: Any])
        #expect((faults["faults"] as? [[String: Any]])?.isEmpty ?? false, "\(faults)")
    }
}

extension PublishLookupTests {
    /// The token's application asked while the account's rate limit is met
    /// for a moment (a 429 resetting in a second): the run waits and asks
    /// again, learns the application, and sends the overdue post whose words
    /// were posted by hand through another application long before. Taken
    /// as a token with no application, herald could not tell that status
    /// from the post sent early, and sent nothing.
    @Test func aRateLimitedApplicationIsAskedAgainNotTakenAsNone() async throws {
        let sandbox = try await ServerProcess.sandbox()
        let repo = try oneAccountRepository()
        let text = "Happy New Year from all of us!"
        try await JSONClient().post(sandbox.baseURL + "/_sandbox/posts", json: [
            "platform": "mastodon", "account": "m1", "text": text, "created_at": "2025-01-01T00:00:03Z", "application": "Web",
        ])
        try repo.write("posts/newyear.yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [m1]\ntext: \(text)\n")
        try await fault(sandbox, "GET", "/api/v1/apps/verify_credentials", ["type": "ratelimit", "reset_seconds": 1], count: 1)
        let run = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        #expect(run.stdout.contains("Published 1, found 0, "), "\(run.stdout)")
        #expect(try await posts(sandbox).count == 2)
        let faults = try #require(try await JSONClient().get(sandbox.baseURL + "/_sandbox/faults") as? [String: Any])
        #expect((faults["faults"] as? [[String: Any]])?.isEmpty ?? false, "\(faults)")
    }
}

extension PublishLookupTests {
    /// A status "A bold launch" published to m1, and its post file and records then gone: the
    /// repository and the status's id, for a post of other words ("A **bold** launch") to be looked for.
    func plainStatusWithoutItsPost(on sandbox: ServerProcess) async throws -> (TempDirectory, String) {
        let repo = try oneAccountRepository()
        try repo.write("posts/plain.yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [m1]\ntext: A bold launch\n")
        let first = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        #expect(first.status == 0, "\(first.stdout)\n\(first.stderr)")
        let plain = try #require(try await posts(sandbox).first?["id"] as? String)
        try FileManager.default.removeItem(atPath: repo.root + "/posts/plain.yaml")
        try FileManager.default.removeItem(atPath: repo.root + "/.herald")
        return (repo, plain)
    }
}
