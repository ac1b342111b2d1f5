import Foundation
import Testing
import HeraldTestSupport
@testable import HeraldKit

/// A post to more than 16 accounts, or with more than 16 variants, is
/// resolved, validated and planned through look-ups by key rather than by
/// searching short lists; what comes out is the same.
@Suite struct ManyAccountsTests {
    static let platforms: [(Platform, String)] = [
        (.mastodon, "instance: https://m.example"), (.bluesky, "handle: a%d.bsky.social"), (.x, "handle: acme%d"),
    ]

    /// 40 accounts on three platforms, a campaign that tags links, and
    /// variants by platform and by account (`variants` of them in all).
    func repository(variants: Int, draft: Bool = false) throws -> TempRepository {
        let accounts = "accounts:\n" + (0..<40).map { i in
            let (platform, key) = Self.platforms[i % 3]
            // Each its own account on the platform: one handle for two would be an error.
            return "  a\(i): { platform: \(platform.rawValue), \(key.replacingOccurrences(of: "%d", with: "\(i)")) }\n"
        }.joined()
        let keys = ["mastodon"] + (0..<(variants - 1)).map { "a\($0 * 2 + 1)" }
        let post = (draft ? "draft: true\n" : "publish_at: 2026-11-01T09:00:00Z\n") + "campaign: w\ntext: base https://ex.com/b\n"
            + "thread:\n  - text: two https://ex.com/2\naccounts: [" + (0..<40).map { "a\($0)" }.joined(separator: ", ") + "]\n"
            + "variants:\n" + keys.map { "  \($0): { text: \"for \($0) https://ex.com/\($0)\" }\n" }.joined()
        return try TempRepository(["campaigns/w.yaml": "name: W\nlink_tagging:\n  utm_medium: social\n", "posts/p.yaml": post],
                                  accounts: accounts)
    }

    /// What one account publishes, resolved as for a post to it alone.
    func expected(_ account: Account, variants: Int) -> [String] {
        // Variants name a1, a3, … (after the one for Mastodon), then stop.
        let index = Int(account.id.dropFirst())!
        let hasOwn = index % 2 == 1 && index < 2 * variants - 1
        let key = hasOwn ? account.id : account.platform == .mastodon ? "mastodon" : nil
        let link = key.map { "https://ex.com/\($0)" } ?? "https://ex.com/b"
        let tags = "utm_source=\(account.platform.rawValue)&utm_medium=social&utm_campaign=w"
        return [(key.map { "for \($0) " } ?? "base ") + link + "?" + tags, "two https://ex.com/2?\(tags)"]
    }

    @Test(arguments: [(8, false), (20, false), (20, true)])
    func partsAreTheSameAsForEachAccountAlone(variants: Int, draft: Bool) throws {
        let repo = try repository(variants: variants, draft: draft)
        let loaded = repo.load()
        #expect(loaded.diagnostics.isEmpty, "\(loaded.diagnostics)")
        let post = try #require(loaded.posts.first)
        let campaign = loaded.campaigns["w"]
        let accounts = loaded.accounts
        let together = ContentResolver.parts(of: post, for: accounts, campaign: campaign)
        for (account, parts) in zip(accounts, together) {
            let alone = ContentResolver.parts(of: post, for: account, campaign: campaign)
            #expect(parts == alone, "\(account.id)")
            #expect(parts.map(\.text) == expected(account, variants: variants), "\(account.id)")
        }
        // What validation kept (nothing for a draft), and what plan hashes,
        // for every account and part.
        #expect(post.resolved.map(\.account) == (draft ? [] : accounts.map(\.id)))
        let plan = Planner.plan(.init(repository: loaded, state: StateSnapshot(), now: Date(timeIntervalSince1970: 1_800_000_000),
                                      missingCredentials: Dictionary(uniqueKeysWithValues: accounts.map { ($0.id, []) }),
                                      capabilities: AdapterRegistry.capabilities))
        let planned = plan.items.filter { !$0.account.isEmpty }
        #expect(planned.count == 80)
        // Only Mastodon is publishable in this version: the others are unsupported.
        #expect(Set(planned.map(\.action)) == (draft ? [.draft] : [.publish, .unsupported]))
        for item in planned {
            let account = try #require(accounts.first { $0.id == item.account })
            let parts = ContentResolver.parts(of: post, for: account, campaign: campaign)
            #expect(item.hash == parts[item.part].hash, "\(item.account) \(item.part)")
        }
    }

    /// Variants that name an account the post does not go to are warned
    /// about with many variants as with few.
    @Test func aVariantForAnAccountNotTargetedWithManyVariants() throws {
        let accounts = "accounts:\n" + (0..<20).map { "  a\($0): { platform: mastodon, instance: https://m.example }\n" }.joined()
        let post = "publish_at: 2026-11-01T09:00:00Z\ntext: hi\naccounts: [a0, a1]\nvariants:\n"
            + (0..<20).map { "  a\($0): { text: v\($0) }\n" }.joined()
        let repo = try TempRepository(["posts/p.yaml": post], accounts: accounts)
        let warnings = repo.diagnostics()
        #expect(warnings.count == 18)
        #expect(warnings.first == "posts/p.yaml:7:3: warning: variant 'a2' matches none of this post's accounts")
        #expect(repo.load().posts[0].resolved.map { $0.parts[0].text } == ["v0", "v1"])
    }

    /// Exactly 16 variants, the most searched one by one: each finds its
    /// account, and none is said to match none of the post's accounts.
    @Test func sixteenVariantsAreMatchedAsFewAndManyAre() throws {
        let repo = try repository(variants: Post.fewEntries)
        #expect(repo.diagnostics() == [])
    }
}
