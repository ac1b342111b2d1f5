import Foundation
import HeraldTestSupport
import Testing

extension PublishSandboxTests {
    /// The in-process sandbox keeps its posts between runs in a file; one
    /// that cannot be read (cut short, edited by hand) leaves it empty, and
    /// that is said: a thread's next part would reply to a post it lacks.
    @Test func aSandboxPostsFileThatCannotBeReadIsSaid() async throws {
        let repo = try oneAccountRepository()
        try repo.write("posts/a.yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [m1]\ntext: One\n")
        let first = try await CLI.run(["publish", "-C", repo.root, "--sandbox"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(!first.stderr.contains("cannot be read"), "\(first.stderr)")
        try repo.write(".herald/sandbox/posts.json", "{")
        let second = try await CLI.run(["publish", "-C", repo.root, "--sandbox"])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stderr.contains("warning: .herald/sandbox/posts.json, where the sandbox keeps its posts between runs, cannot be read: it starts empty"),
                "\(second.stderr)")
    }
}
