import Foundation
import HeraldTestSupport
import Testing
import HeraldKit

/// The instance's own limits (/api/v2/instance), which validation cannot
/// know, checked before anything is sent: against the built-in sandbox, its
/// limits set as an instance configured otherwise has them.
@Suite(.serialized) struct PublishInstanceLimitsTests: SandboxPublishing {
    /// An account's max_characters above what the instance reports
    /// (/api/v2/instance: 500 in the sandbox) lets validation pass, but not
    /// the send: the instance would refuse it on every run. Nothing is sent.
    @Test func theInstancesLimitHoldsOverALargerMaxCharacters() async throws {
        let sandbox = try await ServerProcess.sandbox()
        let repo = try TempDirectory()
        try repo.write("herald.yaml", "timezone: UTC\n")
        try repo.write("accounts.yaml", "accounts:\n  m1: { platform: mastodon, instance: https://one.example, max_characters: 1000 }\n")
        try repo.write("posts/long.yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [m1]\ntext: \(String(repeating: "a", count: 700))\n")
        let result = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        #expect(result.status == 2, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("700 characters, over the instance's limit of 500 (the account's max_characters, 1000, is more than the instance takes)"), "\(result.stdout)")
        #expect(try await posts(sandbox).isEmpty)
    }

    /// An instance whose media limits are lower than Mastodon's (which
    /// validation checks) would refuse a post's files after they went up:
    /// herald reads its limits (/api/v2/instance) and sends nothing for such
    /// a post, neither a file nor a status, saying which limit; the
    /// account's other posts go out.
    @Test func theInstancesMediaLimitsAreCheckedBeforeAnyUpload() async throws {
        let sandbox = try await ServerProcess.sandbox()
        _ = try await JSONClient().post(sandbox.baseURL + "/_sandbox/limits",
                                        json: ["mastodon": ["image_size_limit": 50, "max_media_attachments": 1, "description_limit": 5]])
        let repo = try oneAccountRepository()
        try repo.write("media/pic.png", TestMedia.png(bytes: 72, fill: 7))
        try repo.write("media/one.png", TestMedia.png(bytes: 24, fill: 1))
        try repo.write("media/two.png", TestMedia.png(bytes: 24, fill: 2))
        func post(_ name: String, _ media: String) throws {
            try repo.write("posts/\(name).yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [m1]\ntext: The \(name) post\nmedia:\n\(media)")
        }
        try post("big", "  - path: media/pic.png\n    alt: Pic\n")
        try post("two", "  - path: media/one.png\n    alt: One\n  - path: media/two.png\n    alt: Two\n")
        try post("described", "  - path: media/one.png\n    alt: A longer description\n")
        try repo.write("posts/plain.yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [m1]\ntext: The plain post\n")
        let result = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL, "--verbose"])
        #expect(result.status == 2, "\(result.stdout)\n\(result.stderr)")
        for message in ["media file 'media/pic.png' is 72 bytes, over the instance's limit of 50 bytes for an image",
                        "2 media files, over the instance's limit of 1 a post",
                        "the alt text of 'media/one.png' is 20 characters, over the instance's limit of 5"] {
            #expect(result.stdout.contains(message), "\(result.stdout)")
        }
        #expect(!result.stderr.contains("/api/v2/media"), "\(result.stderr)")
        #expect(try await posts(sandbox).compactMap { $0["text"] as? String } == ["The plain post"])
    }

    /// A thread whose later part the instance would refuse is not begun:
    /// its first part alone would go out with nothing able to follow it.
    @Test func aThreadWhoseLaterPartTheInstanceWouldRefuseIsNotBegun() async throws {
        let sandbox = try await ServerProcess.sandbox()
        _ = try await JSONClient().post(sandbox.baseURL + "/_sandbox/limits", json: ["mastodon": ["max_media_attachments": 2]])
        let repo = try oneAccountRepository()
        for i in 1...3 { try repo.write("media/p\(i).png", TestMedia.png(bytes: 24, fill: UInt8(i))) }
        try repo.write("posts/t.yaml", """
            publish_at: 2026-11-01T09:00:00Z
            accounts: [m1]
            text: Thread part one
            thread:
              - text: Thread part two
                media: [{ path: media/p1.png, alt: One }, { path: media/p2.png, alt: Two }, { path: media/p3.png, alt: Three }]

            """)
        let result = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        #expect(result.status == 2, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("part 2/2 of the thread: 3 media files, over the instance's limit of 2 a post; no part is sent until every part fits"),
                "\(result.stdout)")
        #expect(try await posts(sandbox).isEmpty)
    }
}
