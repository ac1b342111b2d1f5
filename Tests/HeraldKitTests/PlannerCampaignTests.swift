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

    /// An account added to a running campaign gets its past posts, each
    /// looked for first: the plan says how long ago each was due and, on a
    /// post another account published while this one has no record of it,
    /// that adding an account does so, for the pull request that adds it to
    /// show before a run sends them all. Said as well where the pull
    /// request's job has no credentials and the items are blocked for them.
    @Test func anAccountAddedToARunningCampaignIsToldOf() throws {
        let repo = try TempRepository([
            "campaigns/c.yaml": "name: C\naccounts: [acme-x, acme-mastodon]\n",
            "posts/old.yaml": "publish_at: 2026-11-12T09:00:00Z\ncampaign: c\ntext: hi\nthread: [more]\n",
            "posts/new.yaml": "publish_at: 2026-12-01T06:30:00Z\ncampaign: c\ntext: there\n",
        ])
        let lookable = PlatformCapabilities(threads: true, idempotencyKeyWindow: nil, lookup: true, edit: false, delete: false)
        let hash = { (text: String) in ContentResolver.hash(text: text, media: []) }
        let xState = "2026-11-12T09:00:01Z published post=old part=0 hash=\(hash("hi")) id=1 url=https://x.example/1\n"
            + "2026-11-12T09:00:02Z published post=old part=1 hash=\(hash("more")) id=2 url=https://x.example/2\n"
        let added = try plan(repo, state: xState, capabilities: [.x: lookable, .mastodon: lookable])
        #expect(added.items.map(row) == ["publish old#0 acme-mastodon", "publish old#1 acme-mastodon", "done old#0 acme-x", "done old#1 acme-x",
                                         "publish new#0 acme-mastodon", "publish new#0 acme-x"])
        let overdue = "due over 19 days ago with no record: looked for on Mastodon first, sent only if not there"
        let hint = "; 'acme-x' published it, 'acme-mastodon' has no record of it: an account added to a campaign or a post's list "
            + "gets every post already due (to start it from now on, list it on the posts still to come instead; records lost, "
            + "the look-up finds what it published)"
        #expect(added.items.map(\.reason) == [
            overdue + hint, overdue, "published 2026-11-12T09:00:01+00:00", "published 2026-11-12T09:00:02+00:00",
            "due over 3 hours ago with no record: looked for on Mastodon first, sent only if not there",
            "due over 3 hours ago with no record: looked for on X first, sent only if not there",
        ])
        // A pull request's job, with no credentials: blocked for them, and said what the run will do once they are set.
        let review = try plan(repo, state: xState, credentials: false, capabilities: [.x: lookable, .mastodon: lookable])
        #expect(review.items[0].reason == "no credentials: set HERALD_ACME_MASTODON_ACCESS_TOKEN or add access_token for 'acme-mastodon' to the credentials file; "
            + "once they are set, it is " + overdue + hint)
        // An account that has a record of the post (its send failed) was not added since: no word of campaigns.
        try repo.write("state/acme-mastodon.state", "herald-state 1 account=acme-mastodon\n"
                       + "2026-11-12T09:00:05Z failed post=old part=0 hash=\(hash("hi")) attempt=0 error=HTTP%20401 cause=credentials\n")
        let tried = try plan(repo, state: xState, capabilities: [.x: lookable, .mastodon: lookable])
        #expect(tried.items[0].reason == "retried (last: HTTP 401); " + overdue, "\(tried.items[0].reason ?? "")")
        // Overdue by the machine's clock, not by the plan's time (--at): said so.
        let content = repo.load()
        let snapshot = StateStore(directory: repo.root + "/state", displayDirectory: "state").read()
        var input = Planner.Input(repository: content, state: snapshot, now: date("2026-12-01T07:00:00Z"), missingCredentials: [:],
                                  publishable: Set(Platform.allCases), capabilities: [.x: lookable, .mastodon: lookable])
        input.clock = date("2026-12-02T10:00:00Z")
        #expect(Planner.plan(input).items.first { $0.post == "new" && $0.account == "acme-x" }?.reason
            == "due over a day ago by this machine's clock with no record: looked for on X first, sent only if not there")
    }

    /// How long ago an item was due, in the words of its reason.
    @Test func howLongAgoInWords() {
        let hour = 3600.0
        #expect([1.01, 1.99, 2, 23.9, 24, 47.9, 48, 24 * 19 + 5].map { Planner.agoWords($0 * hour) }
            == ["over an hour ago", "over an hour ago", "over 2 hours ago", "over 23 hours ago", "over a day ago", "over a day ago",
                "over 2 days ago", "over 19 days ago"])
    }
}
