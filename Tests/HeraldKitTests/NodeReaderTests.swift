import Foundation
import Testing
@testable import HeraldKit

/// How a key or a value written not quite as herald reads it is told:
/// misnamed keys, and values of the wrong spelling.
@Suite struct NodeReaderTests {
    let due = "publish_at: 2026-12-01T09:00:00+01:00\n"

    /// Of two keys misnamed for one (`drafts`, then `Draft`), the first
    /// stands for it: this post is a draft, and is not also said to lack
    /// publish_at and accounts.
    @Test func theFirstOfTwoMisnamedKeysStandsForTheKey() throws {
        let repo = try TempRepository(["posts/a.yaml": "drafts: true\nDraft: false\ntext: later\n"])
        #expect(repo.diagnostics() == [
            "posts/a.yaml:1:1: error: unknown key 'drafts' in a post (did you mean 'draft'?)",
            "posts/a.yaml:2:1: error: unknown key 'Draft' in a post (did you mean 'draft'?)",
        ])
    }

    /// `True` unquoted is told to be written in lowercase: the hint about
    /// quotes is for a quoted `"true"` only, which this is not.
    @Test func trueWithACapitalIsToldToBeLowercase() throws {
        let repo = try TempRepository(["posts/a.yaml": due + "accounts: [acme-x]\ntext: hi\ndraft: True\n"])
        #expect(repo.diagnostics() == ["posts/a.yaml:4:8: error: draft must be true or false, found 'True' (write true, in lowercase and without quotes)"])
    }

    /// A value of the wrong kind is quoted in the error up to 40 characters
    /// whole; a longer one, its first 40 and "…".
    @Test func aWrongValueIsQuotedUpToFortyCharacters() throws {
        let forty = String(repeating: "ab", count: 20)
        let repo = try TempRepository([
            "posts/a.yaml": due + "accounts: [acme-x]\ntext: hi\ndraft: \(forty)\n",
            "posts/b.yaml": due + "accounts: [acme-x]\ntext: hi\ndraft: \(forty)c\n",
        ])
        #expect(repo.diagnostics() == [
            "posts/a.yaml:4:8: error: draft must be true or false, found '\(forty)'",
            "posts/b.yaml:4:8: error: draft must be true or false, found '\(forty)…'",
        ])
    }

    /// A mistake that is told once, not again as what follows from it: a
    /// draft written `yes` holds the post as a draft would (it was also
    /// told to lack publish_at and accounts), a post whose campaign or
    /// account has an error of its own is not told that its variant
    /// matches none of its accounts, and one whose campaign is no name
    /// (a list) is not told it targets no accounts.
    @Test func aMistakeIsNotToldAgainAsWhatFollowsFromIt() throws {
        let repo = try TempRepository([
            "campaigns/c.yaml": "name: C\naccounts: [acme-mastodon]\nstarts: 2026-13-01\n",
            "posts/a.yaml": "draft: yes\ntext: hi\n",
            "posts/b.yaml": due + "campaign: c\ntext: hi\nvariants:\n  mastodon: { text: yo }\n",
            "posts/c.yaml": due + "accounts: [acme-mastodn]\ntext: hi\nvariants:\n  mastodon: { text: yo }\n",
            "posts/d.yaml": due + "accounts: [acme-x]\ntext: hi\nvariants:\n  mastodon: { text: yo }\n",
            "posts/e.yaml": due + "campaign: [c]\ntext: hi\n",
        ])
        let plan = Planner.plan(.init(repository: repo.load(), state: StateSnapshot(), now: Date(), missingCredentials: [:]))
        #expect(plan.items.first { $0.post == "a" }?.action == .blocked)
        #expect(repo.diagnostics() == [
            "campaigns/c.yaml:3:9: error: starts must be a date like 2026-11-25, found '2026-13-01': there is no month 13",
            "posts/a.yaml:1:8: error: draft must be true or false, found 'yes' (write true, in lowercase and without quotes)",
            "posts/c.yaml:2:12: error: unknown account 'acme-mastodn' (did you mean 'acme-mastodon'?)",
            "posts/d.yaml:5:3: warning: variant 'mastodon' matches none of this post's accounts",
            "posts/e.yaml:2:11: error: campaign must be a string, found a list",
        ])
    }
}
