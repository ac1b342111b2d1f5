import Foundation
import HeraldTestSupport
import Testing

extension PublishSandboxTests {
    /// An image without alt text is told of until every account its post
    /// names has published every part: alt text written after that would
    /// change published posts (drift), and `alt_text: error` would fail
    /// every later run for a post that is out.
    @Test func anImageWithoutAltTextIsNotToldOfOncePublishedEverywhere() async throws {
        let repo = try oneAccountRepository()
        try repo.write("accounts.yaml", "accounts:\n  m1: { platform: mastodon, instance: https://one.example }\n"
            + "  m2: { platform: mastodon, instance: https://two.example }\n")
        try repo.write("media/pic.png", TestMedia.png(bytes: 72, fill: 7))
        try repo.write("posts/out.yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [m1]\ntext: One\nmedia: [media/pic.png]\nthread:\n  - Two\n")
        try repo.write("posts/half.yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [m1, m2]\ntext: Half\nmedia: [media/pic.png]\n")
        try repo.write("posts/later.yaml", "publish_at: 2099-11-01T09:00:00Z\naccounts: [m1]\ntext: Later\nmedia: [media/pic.png]\n")
        func warned(_ output: String) -> [String] {
            output.split(separator: "\n").filter { $0.contains("has no alt text") }.map { String($0.prefix { $0 != " " }) }
        }
        let published = try await CLI.run(["publish", "-C", repo.root, "--sandbox", "--account", "m1"])
        #expect(published.status == 0, "\(published.stdout)\n\(published.stderr)")
        #expect(warned(published.stderr) == ["posts/half.yaml:4:9:", "posts/later.yaml:4:9:", "posts/out.yaml:4:9:"])
        #expect(published.stdout.contains("Published 3, "), "\(published.stdout)")

        // half.yaml waits for m2, later.yaml for its time: both are still told of.
        let plan = try await CLI.run(["plan", "-C", repo.root, "--sandbox"])
        #expect(warned(plan.stderr) == ["posts/half.yaml:4:9:", "posts/later.yaml:4:9:"], "\(plan.stderr)")
        // half.yaml's says what alt text written now would do where it is out.
        #expect(plan.stderr.contains("posts/half.yaml:4:9: warning: image 'media/pic.png' has no alt text (add 'alt:' under its path, "
            + "a description of the image: screen readers read it out, and every platform herald publishes to shows it to those who cannot see the image; "
            + "'m1' has published this post already: one written now shows it there as changed (drift), since herald does not edit what it published)\n"),
            "\(plan.stderr)")
        #expect(!plan.stderr.contains("posts/later.yaml:4:9: warning: image 'media/pic.png' has no alt text (add 'alt:' under its path, a description of the image: "
            + "screen readers read it out, and every platform herald publishes to shows it to those who cannot see the image;"), "\(plan.stderr)")
        // validate reads state/: the sandbox's records copied there count the same.
        let unrecorded = try await CLI.run(["validate", "-C", repo.root])
        #expect(warned(unrecorded.stdout).count == 3, "\(unrecorded.stdout)")
        try repo.write(".gitattributes", "state/*.state merge=union eol=lf\n")
        try repo.write("state/m1.state", String(contentsOfFile: repo.root + "/.herald/sandbox/state/m1.state", encoding: .utf8))
        let validated = try await CLI.run(["validate", "-C", repo.root])
        #expect(warned(validated.stdout) == ["posts/half.yaml:4:9:", "posts/later.yaml:4:9:"], "\(validated.stdout)")

        // Held as an error, only the posts still to go out fail the run.
        try repo.write("herald.yaml", "timezone: UTC\nalt_text: error\n")
        try FileManager.default.removeItem(atPath: repo.root + "/posts/half.yaml")
        try FileManager.default.removeItem(atPath: repo.root + "/posts/later.yaml")
        let held = try await CLI.run(["plan", "-C", repo.root, "--sandbox"])
        #expect(held.status == 0, "\(held.stdout)\n\(held.stderr)")
        #expect(held.stderr.isEmpty, "\(held.stderr)")
        #expect(held.stdout.contains("Plan: 0 to publish, 0 waiting, 2 done, 0 blocked"), "\(held.stdout)")
    }
}
