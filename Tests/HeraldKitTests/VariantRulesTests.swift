import Testing
import HeraldTestSupport
@testable import HeraldKit

/// Which variant an account's post is made from: its own, else its
/// platform's, never both combined.
@Suite struct VariantRulesTests {
    let due = "publish_at: 2026-12-01T09:00:00+01:00\n"

    /// A platform's variant that every account of that platform overrides
    /// with its own is used by none: a warning, since what it holds (media,
    /// say) is likely meant to go out too.
    @Test func aPlatformsVariantEveryAccountOverridesIsWarnedOf() throws {
        let repo = try TempRepository([
            "posts/a.yaml": due + "accounts: [acme-mastodon]\ntext: hi\nvariants:\n  mastodon: { text: for all }\n  acme-mastodon: { text: mine }\n",
            "posts/b.yaml": due + "accounts: [acme-mastodon, acme-x]\ntext: hi\nvariants:\n  mastodon: { text: for all }\n  acme-x: { text: mine }\n",
        ])
        #expect(repo.diagnostics() == [
            "posts/a.yaml:5:3: warning: variant 'mastodon' is used by none of this post's accounts: 'acme-mastodon' has a variant of its own "
                + "(an account's variant is used instead of its platform's, not with it: move what the account's lacks into it, or remove this one)",
        ])
        let content = repo.load()
        let account = try #require(content.account("acme-mastodon"))
        #expect(content.parts(of: content.posts[0], for: account).first?.text == "mine")
    }
}
