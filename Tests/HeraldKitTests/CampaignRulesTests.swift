import Foundation
import Testing
import HeraldTestSupport
@testable import HeraldKit

/// What a campaign adds to its posts and the dates it keeps: hashtags are
/// no text of their own, and a post outside the dates is a warning.
@Suite struct CampaignRulesTests {
    let due = "publish_at: 2026-12-01T09:00:00+01:00\n"

    /// A campaign's hashtags are no text of their own: a post of a campaign
    /// with no text (a thread written wholly under 'thread:', or an account
    /// with no variant when another has one) is still an error, not a
    /// status of the hashtags alone. A picture with no text gets them.
    @Test func aCampaignsHashtagsAloneAreNoPost() throws {
        let repo = try TempRepository([
            "campaigns/launch.yaml": "name: Launch\naccounts: [acme-x, acme-mastodon]\nhashtags: [\"#herald\"]\n",
            "posts/a.yaml": due + "campaign: launch\nthread:\n  - text: one\n",
            "posts/b.yaml": due + "campaign: launch\nvariants:\n  acme-x: { text: only on X }\n",
        ])
        #expect(repo.diagnostics() == [
            "posts/a.yaml:1:1: error: post has no text and no media for Mastodon (acme-mastodon) (the post's own text is the thread's first part, "
                + "and 'thread:' lists the replies after it: move the first entry of 'thread:' up to 'text:')",
            "posts/a.yaml:1:1: error: post has no text and no media for X (acme-x) (the post's own text is the thread's first part, "
                + "and 'thread:' lists the replies after it: move the first entry of 'thread:' up to 'text:')",
            "posts/b.yaml:1:1: error: post has no text and no media for Mastodon (acme-mastodon)",
        ])
        try repo.write("media/pic.png", TestMedia.png(bytes: 72, fill: 7))
        try repo.write("posts/a.yaml", due + "campaign: launch\nmedia: [{path: media/pic.png, alt: a picture}]\n")
        try repo.write("posts/b.yaml", due + "campaign: launch\ntext: hello\n")
        let content = repo.load()
        let x = try #require(content.account("acme-x"))
        let post = try #require(content.posts.first { $0.id == "a" })
        #expect(ContentResolver.parts(of: post, for: x, campaign: content.campaigns["launch"])[0].text == "#herald")
    }

    @Test func campaignWindowWarning() throws {
        let repo = try TempRepository([
            "campaigns/w.yaml": "name: W\nstarts: 2026-12-05\nends: 2026-11-30\naccounts: [acme-x]\n",
            "posts/a.yaml": due + "campaign: w\ntext: hi\n",
            "campaigns/later.yaml": "name: Later\nstarts: 2026-12-05\nends: 2026-12-30\naccounts: [acme-x]\n",
            "posts/b.yaml": due + "campaign: later\ntext: hi\n",
        ])
        // Dates that end before they start are the campaign's error, said once, not a warning per post.
        #expect(repo.diagnostics() == [
            "campaigns/w.yaml:3:7: error: campaign ends (2026-11-30) before it starts (2026-12-05)",
            "posts/b.yaml:1:13: warning: publish_at is before campaign 'later' starts (2026-12-05): it is 2026-12-01 in UTC",
        ])
        // The day is herald.yaml's time zone's, and the warning says which: 23:30 UTC is the next day in Berlin.
        try repo.write("herald.yaml", "timezone: Europe/Berlin\n")
        try repo.write("posts/b.yaml", "publish_at: 2026-12-30T23:30:00Z\ncampaign: later\ntext: hi\n")
        #expect(repo.diagnostics().last == "posts/b.yaml:1:13: warning: publish_at is after campaign 'later' ends (2026-12-30): it is 2026-12-31 in Europe/Berlin")
    }

    /// A post pushed past Instagram's 30 hashtags by its campaign's is told
    /// how many the campaign adds, as a text pushed past its length is.
    @Test func hashtagsACampaignAddsOnInstagramAreCounted() throws {
        let accounts = TempRepository.defaultAccounts + "  acme-ig: { platform: instagram, user_id: \"17841400000000000\" }\n"
        let own = (1...28).map { "#tag\($0)" }.joined(separator: " ")
        let repo = try TempRepository([
            "campaigns/c.yaml": "name: C\naccounts: [acme-ig]\nhashtags: [\"#one\", \"#two\", \"#three\", \"#four\", \"#five\"]\n",
            "posts/a.yaml": due + "campaign: c\ntext: \"\(own)\"\nmedia: [media/a.jpg]\n",
        ], accounts: accounts)
        try repo.write("media/a.jpg", TempRepository.jpeg)
        #expect(repo.diagnosticsBesidesAlt() == [
            "posts/a.yaml:3:7: error: post cannot go to Instagram (acme-ig): 33 hashtags, over Instagram's limit of 30; campaign 'c' adds 5 of them (its hashtags)",
        ])
    }

    /// A campaign's hashtags and extra link parameters go into every post:
    /// past what a post can carry (Instagram's 30 hashtags), or 100 extra
    /// parameters, the list is an error at the first one too many. Before,
    /// 80,000 hashtags under 4,000 posts took 2.5 GB to validate.
    @Test func aCampaignsListsAreBounded() throws {
        let tags = (1...31).map { "\"#tag\($0)\"" }.joined(separator: ", ")
        let extra = (1...101).map { "p\($0): v" }.joined(separator: ", ")
        let repo = try TempRepository([
            "campaigns/c.yaml": "name: C\naccounts: [acme-x]\nhashtags: [\(tags)]\nlink_tagging: { extra: { \(extra) } }\n",
            "posts/a.yaml": due + "campaign: c\ntext: hi\n",
        ])
        let found = repo.diagnostics()
        #expect(found.contains("campaigns/c.yaml:3:\(12 + (1...30).map { "\"#tag\($0)\", ".count }.reduce(0, +)): error: campaign has more than 30 hashtags; "
                               + "they are added to every post, and no platform takes that many (keep the few that matter: Instagram takes 30 in a post, "
                               + "and on other platforms they take its length)"), "\(found)")
        #expect(found.contains { $0.hasPrefix("campaigns/c.yaml:4:") && $0.contains("error: extra has 101 parameters; at most 100, added to every link of every post") }, "\(found)")
    }

    /// A hashtag the platforms end early ('#launch!', '#herald.dev') is
    /// warned of, with the tag they make; so is a tag the text carries with
    /// the full-width '＃', which Mastodon and X read as '#': it is added all
    /// the same, as it was to posts published before, which would otherwise
    /// show as changed since.
    @Test func hashtagsAsThePlatformsReadThem() throws {
        let repo = try TempRepository([
            "campaigns/c.yaml": "name: C\naccounts: [acme-mastodon]\nhashtags: [\"#launch!\", \"#herald.dev\", \"#ok\", \"#a_b\", \"#été\", \"#new\", \"#!x\"]\n",
            "posts/a.yaml": due + "campaign: c\ntext: \"Big ＃ok day\"\n",
        ])
        #expect(repo.diagnostics() == [
            "campaigns/c.yaml:3:12: warning: hashtag '#launch!' ends at '!' on the platforms: they make '#launch' a tag, and the rest is text after it (write '#launch')",
            "campaigns/c.yaml:3:24: warning: hashtag '#herald.dev' ends at '.' on the platforms: they make '#herald' a tag, and the rest is text after it (write '#herald')",
            "campaigns/c.yaml:3:70: warning: hashtag '#!x' ends at '!' on the platforms: they make no tag of it",
            "posts/a.yaml:3:7: warning: the text has '＃ok' with a full-width '＃', and campaign 'c' adds '#ok': the platforms read both as one tag, "
                + "which would be there twice (write '#ok' in the text)",
        ])
        let content = repo.load()
        let account = try #require(content.account("acme-mastodon"))
        let parts = ContentResolver.parts(of: content.posts[0], for: account, campaign: content.campaigns["c"])
        #expect(parts.first?.text == "Big ＃ok day\n\n#launch! #herald.dev #ok #a_b #été #new #!x")
    }

    /// A full-width '＃' (an input method's) where a hashtag's '#' goes: the
    /// hint writes '#' in its place. It said to write '#＃launch'.
    @Test func aFullWidthHashIsToldToBeAHash() throws {
        let repo = try TempRepository(["campaigns/c.yaml": "name: C\naccounts: [acme-mastodon]\nhashtags: [\"＃launch\", \"＃\", \"herald\"]\n"])
        #expect(repo.diagnostics() == [
            "campaigns/c.yaml:3:12: error: hashtag '＃launch' must start with '#' and contain no spaces (write '#launch')",
            "campaigns/c.yaml:3:23: error: hashtag '＃' must start with '#' and contain no spaces",
            "campaigns/c.yaml:3:28: error: hashtag 'herald' must start with '#' and contain no spaces (write '#herald')",
        ])
    }

    /// A text a campaign puts over X's limit names what of it did so, by
    /// X's count: a tagged link counts 23 as it did, so only the hashtags.
    @Test func whatOfACampaignPutsATextOverIsCountedThePlatformsWay() throws {
        let text = "See https://example.com/a " + String(repeating: "w", count: 245)
        let repo = try TempRepository([
            "campaigns/c.yaml": "name: C\naccounts: [acme-x]\nhashtags: [\"#launch\"]\nlink_tagging: { utm_source: x }\n",
            "posts/a.yaml": due + "campaign: c\ntext: \(text)\n",
        ])
        let found = repo.diagnostics()
        #expect(found.count == 1 && found[0].contains("campaign 'c' adds 9 of them (its hashtags) (it fits, up to"), "\(found)")
    }

    /// A campaign of one day ends on the day it starts: no error, and a
    /// post on that day is inside its window.
    @Test func aCampaignOfOneDayEndsOnTheDayItStarts() throws {
        let repo = try TempRepository([
            "campaigns/day.yaml": "name: Day\nstarts: 2026-12-01\nends: 2026-12-01\naccounts: [acme-x]\n",
            "posts/a.yaml": due + "campaign: day\ntext: hi\n",
        ])
        #expect(repo.diagnostics() == [])
    }

    /// A campaign of one day (`starts` and `ends` the same day) has a
    /// window too: a post the day after it is warned of, as for a longer one.
    @Test func aPostAfterACampaignOfOneDayIsWarnedOf() throws {
        let repo = try TempRepository([
            "campaigns/day.yaml": "name: Day\nstarts: 2026-12-01\nends: 2026-12-01\naccounts: [acme-x]\n",
            "posts/a.yaml": "publish_at: 2026-12-02T09:00:00Z\ncampaign: day\ntext: hi\n",
        ])
        #expect(repo.diagnostics() == ["posts/a.yaml:1:13: warning: publish_at is after campaign 'day' ends (2026-12-01): it is 2026-12-02 in UTC"])
    }
}
