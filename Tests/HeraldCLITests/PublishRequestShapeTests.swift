import Foundation
import HeraldTestSupport
import Testing
import HeraldKit

// What a publish run asks the instance, and what it holds it to: round seven of mutation testing found these untested.

extension PublishInstanceLimitsTests {
    /// The instance's limits are the most it takes: a file of exactly
    /// image_size_limit bytes and an alt text of exactly description_limit
    /// characters go out. A GIF is made a video (gifv) as it is uploaded,
    /// so the instance holds it to video_size_limit, even when it is under
    /// the image limit: herald sends nothing for it, and says which limit.
    @Test func theInstancesLimitsAreInclusiveAndAGIFIsHeldToTheVideoLimit() async throws {
        let sandbox = try await ServerProcess.sandbox()
        _ = try await JSONClient().post(sandbox.baseURL + "/_sandbox/limits",
                                        json: ["mastodon": ["image_size_limit": 24, "video_size_limit": 20, "description_limit": 5]])
        let repo = try oneAccountRepository()
        try repo.write("media/exact.png", TestMedia.png(bytes: 24, fill: 1))  // 24 bytes
        try repo.write("media/anim.gif", Data(Array("GIF89a".utf8) + [UInt8](repeating: 2, count: 16)))  // 22 bytes
        try repo.write("posts/exact.yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [m1]\ntext: The exact post\nmedia:\n  - path: media/exact.png\n    alt: Five!\n")
        try repo.write("posts/gif.yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [m1]\ntext: The GIF post\nmedia:\n  - path: media/anim.gif\n    alt: Anim\n")
        let result = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        #expect(result.status == 2, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("media file 'media/anim.gif' is 22 bytes, over the instance's limit of 20 bytes for a GIF"), "\(result.stdout)")
        #expect(!result.stdout.contains("media/exact.png"), "\(result.stdout)")
        #expect(try await posts(sandbox).compactMap { $0["text"] as? String } == ["The exact post"])
    }
}

extension PublishSandboxTests {
    /// A post's own language is the status's: the account's is what a post
    /// without one is sent with.
    @Test func aPostsLanguageIsSentOverTheAccounts() async throws {
        let sandbox = try await ServerProcess.sandbox()
        let repo = try TempDirectory()
        try repo.write("herald.yaml", "timezone: UTC\n")
        try repo.write("accounts.yaml", "accounts:\n  m1: { platform: mastodon, instance: https://one.example, language: en }\n")
        try repo.write("posts/de.yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [m1]\nlanguage: de\ntext: Guten Morgen\n")
        try repo.write("posts/en.yaml", "publish_at: 2026-11-01T09:01:00Z\naccounts: [m1]\ntext: Good morning\n")
        let result = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        let held = try await posts(sandbox)
        let languages = Dictionary(held.compactMap { post in (post["text"] as? String).map { ($0, post["language"] as? String) } }, uniquingKeysWith: { a, _ in a })
        #expect(languages == ["Guten Morgen": "de", "Good morning": "en"])
    }
}

extension PublishCommandTests {
    /// One token given to two ids whose instance differs only in letter case
    /// and a trailing '/' is one account on one instance: both ids are held,
    /// as for the same instance written alike, not taken for a token pasted
    /// for the wrong instance.
    @Test func anInstanceWrittenInOtherCaseIsTheSameInstance() async throws {
        let repo = try TempDirectory()
        try repo.write("herald.yaml", "timezone: UTC\n")
        try repo.write("accounts.yaml", "accounts:\n  a1: { platform: mastodon, instance: https://a.example }\n  b1: { platform: mastodon, instance: https://A.Example/ }\n")
        try repo.write("posts/p.yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [a1, b1]\ntext: Due\n")
        let environment = CLI.environment(["HERALD_A1_ACCESS_TOKEN": "test-token-1", "HERALD_B1_ACCESS_TOKEN": "test-token-1"])
        let plan = try await CLI.run(["plan", "-C", repo.root, "--at", "2026-11-01T09:00:00Z"], environment: environment)
        #expect(plan.stderr.contains("accounts.yaml:3:3: warning: account 'b1' is given the same access token as 'a1', so they are one Mastodon account"), "\(plan.stderr)")
        #expect(!plan.stderr.contains("whose instance is written otherwise"), "\(plan.stderr)")
        #expect(plan.stdout.contains("'a1' and 'b1' are given one access token"), "\(plan.stdout)")
        #expect(!plan.stdout.contains("+ publish"), "\(plan.stdout)")
    }
}
