import Foundation
import Testing
@testable import HeraldKit

/// A post that goes to its campaign's accounts is held on all of them
/// while the campaign cannot say which they are, or names one that does not
/// exist, as a post naming them itself is.
extension PlannerTests {
    /// A campaign id used by two files (`c.yaml`, `c.yml`): which one is
    /// meant, only a person can tell. Its posts are blocked, where they went
    /// out with the accounts and hashtags of the file that sorts first.
    @Test func aCampaignIdUsedTwiceHoldsItsPosts() throws {
        let repo = try TempRepository([
            "campaigns/c.yaml": "name: Old\naccounts: [acme-x]\nhashtags: [\"#old\"]\n",
            "campaigns/c.yml": "name: New\naccounts: [acme-mastodon]\nhashtags: [\"#new\"]\n",
            "posts/a.yaml": "publish_at: 2026-12-01T09:00:00Z\ncampaign: c\ntext: hi\n",
        ])
        let result = try plan(repo)
        #expect(result.items.map(row) == ["blocked a#0 acme-x"])
        #expect(result.items[0].reason == "campaign 'c' cannot be used: campaigns/c.yml has an error in it (campaigns/c.yml:1:1: campaign id 'c' is also used by campaigns/c.yaml)")
    }

    /// An unknown account in a campaign's list holds its posts on every
    /// account, as one in a post's own list does: else the others went out,
    /// and once the name was fixed, that account got every overdue post of
    /// the campaign at once. A post with its own list is not held.
    @Test func anUnknownAccountInACampaignHoldsItsPosts() throws {
        let repo = try TempRepository([
            "campaigns/c.yaml": "name: C\naccounts: [acme-x, acme-mastodon, acme-mastodn]\n",
            "posts/a.yaml": "publish_at: 2026-12-01T09:00:00Z\ncampaign: c\ntext: hi\n",
            "posts/own.yaml": "publish_at: 2026-12-01T09:00:00Z\ncampaign: c\naccounts: [acme-x]\ntext: mine\n",
        ])
        let result = try plan(repo)
        #expect(result.items.map(row) == ["blocked a#0 acme-mastodn", "blocked a#0 acme-mastodon", "blocked a#0 acme-x", "publish own#0 acme-x"])
        #expect(result.items[0].reason == "unknown account 'acme-mastodn' (did you mean 'acme-mastodon'?)")
        #expect(result.items[1].reason == "its campaign also names unknown account 'acme-mastodn'; none of its accounts is published until that is fixed")
        #expect(result.items[1].location?.description == "campaigns/c.yaml:2:35")
    }

    /// A campaign renamed, or with an error in its file, leaves its posts'
    /// accounts untold: their records are blocked at that error, not
    /// orphans of posts that "no longer target" their accounts.
    @Test func theRecordsOfAPostWhoseCampaignCannotBeReadAreNoOrphans() throws {
        let repo = try TempRepository([
            "campaigns/c.yaml": "name: C\naccounts: [acme-x]\n",
            "posts/a.yaml": "publish_at: 2026-12-01T09:00:00Z\ncampaign: c\ntext: hi\n",
        ])
        let hash = try stateHashes(repo)
        let state = "2026-12-01T09:00:01Z published post=a part=0 hash=\(hash("a", 0)) id=1\n"
        #expect(try plan(repo, state: state).items.map(row) == ["done a#0 acme-x"])
        try FileManager.default.moveItem(atPath: repo.root + "/campaigns/c.yaml", toPath: repo.root + "/campaigns/c2.yaml")
        let renamed = try plan(repo, state: state)
        #expect(renamed.items.map(row) == ["blocked a#0 ", "blocked a#0 acme-x"])
        #expect(renamed.items[1].reason == "unknown campaign 'c' (did you mean 'c2'?)")
        try FileManager.default.moveItem(atPath: repo.root + "/campaigns/c2.yaml", toPath: repo.root + "/campaigns/c.yaml")
        try repo.write("campaigns/c.yaml", "name: C\naccounts: [acme-x\n")
        #expect(try plan(repo, state: state).items.map(row) == ["blocked a#0 ", "blocked a#0 acme-x"])
        // The post's own list tells its accounts whatever its campaign: a record of another is an orphan.
        try repo.write("posts/a.yaml", "publish_at: 2026-12-01T09:00:00Z\ncampaign: c\naccounts: [acme-mastodon]\ntext: hi\n")
        #expect(try plan(repo, state: state).items.map(row).contains("orphan a#0 acme-x"))
    }
}
