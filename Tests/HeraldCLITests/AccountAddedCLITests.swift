import Foundation
import HeraldTestSupport
import Testing

extension PublishCommandTests {
    /// The example published, then a second Mastodon account added to its
    /// campaign: the dry run names what adding it sends, whole (before, its
    /// 300-character cut left out the words that said so), and the run
    /// sends those posts to the new account once, looked for first.
    @Test func anAccountAddedToTheCampaignIsToldOfInTheDryRun() async throws {
        let repo = try exampleCopy()
        let at = ["--at", "2026-11-21T12:00:00+01:00"]
        let first = try await CLI.run(["publish", "--sandbox"] + at, directory: repo.root)
        #expect(first.status == 0, "\(first.stdout)\n\(first.stderr)")
        let accounts = try String(contentsOfFile: repo.root + "/accounts.yaml", encoding: .utf8)
        try repo.write("accounts.yaml", accounts.replacingOccurrences(of: "accounts:\n", with: "accounts:\n  acme-fosstodon:\n    platform: mastodon\n    instance: https://fosstodon.org\n"))
        let campaign = try String(contentsOfFile: repo.root + "/campaigns/winter-launch.yaml", encoding: .utf8)
        try repo.write("campaigns/winter-launch.yaml", campaign.replacingOccurrences(of: "accounts: [acme-mastodon,", with: "accounts: [acme-mastodon, acme-fosstodon,"))
        let dry = try await CLI.run(["publish", "--sandbox", "--dry-run"] + at, directory: repo.root)
        #expect(dry.status == 0, "\(dry.stdout)\n\(dry.stderr)")
        #expect(dry.stdout.contains("would publish  2026/launch-teaser → acme-fosstodon  (due over 3 days ago with no record: looked for on Mastodon first, "
            + "sent only if not there; 'acme-mastodon' published it, 'acme-fosstodon' has no record of it: an account added to a campaign or a post's list "
            + "gets every post already due (to start it from now on, list it on the posts still to come instead; records lost, "
            + "the look-up finds what it published))\n"), "\(dry.stdout)")
        #expect(dry.stdout.contains("Dry run: 3 items would be published"), "\(dry.stdout)")
        let second = try await CLI.run(["publish", "--sandbox"] + at, directory: repo.root)
        #expect(second.status == 0, "\(second.stdout)\n\(second.stderr)")
        #expect(second.stdout.contains("Published 3, found 0, "), "\(second.stdout)")
        // An in-process sandbox starts empty each run: it holds this run's three, the new account's.
        #expect(second.stdout.components(separatedBy: "mastodon/acme-fosstodon  #").count == 4, "\(second.stdout)")
    }
}
