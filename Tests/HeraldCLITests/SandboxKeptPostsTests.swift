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

    /// A posts file that cannot be written (a folder in its place here; a
    /// folder herald may not write, for a user other than root) was lost
    /// without a word: the run's records are written, and the next run's
    /// sandbox lacks its posts. It is said.
    @Test func aSandboxPostsFileThatCannotBeWrittenIsSaid() async throws {
        let repo = try oneAccountRepository()
        try repo.write("posts/a.yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [m1]\ntext: One\n")
        try repo.write(".herald/sandbox/posts.json/placeholder", "")
        let run = try await CLI.run(["publish", "-C", repo.root, "--sandbox"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("The sandbox now holds 1 post"), "\(run.stdout)")
        #expect(run.stderr.contains("warning: .herald/sandbox/posts.json, where the sandbox keeps its posts between runs, could not be written "
            + "(is it a folder, or one herald may not write?): the next run's sandbox will not hold this run's posts"), "\(run.stderr)")
        let again = try await CLI.run(["publish", "-C", repo.root, "--sandbox"])
        #expect(again.stdout.contains("Nothing to publish."), "\(again.stdout)")
    }
}

extension PublishSandboxTests {
    /// The in-process sandbox's file holds each post once: a run that adds
    /// one writes back what it held, which includes the posts it was
    /// started with, and not those posts a second time from the file.
    /// Before the check, each run that changed the sandbox added every
    /// earlier post to the file again, and the file grew run by run.
    @Test func theSandboxPostsFileHoldsEachPostOnce() async throws {
        let repo = try oneAccountRepository()
        let file = repo.root + "/.herald/sandbox/posts.json"
        func kept() throws -> [[String: Any]] {
            try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file))) as? [[String: Any]])
        }
        for (i, text) in ["One", "Two", "Three"].enumerated() {
            try repo.write("posts/p\(i).yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [m1]\ntext: \(text)\n")
            let run = try await CLI.run(["publish", "-C", repo.root, "--sandbox"])
            #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
            #expect(run.stdout.contains("The sandbox now holds \(i + 1) post"), "\(run.stdout)")
        }
        let statuses = try kept().filter { $0["kind"] as? String == "status" }
        #expect(statuses.compactMap { $0["text"] as? String }.sorted() == ["One", "Three", "Two"], "\(statuses)")
        let ids = try kept().compactMap { ($0["platform"] as? String ?? "") + "/" + ($0["id"] as? String ?? "") }
        #expect(Set(ids).count == ids.count, "\(ids)")
    }
}
