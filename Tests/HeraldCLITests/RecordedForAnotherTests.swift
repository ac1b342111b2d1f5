import Foundation
import HeraldTestSupport
import Testing
import HeraldKit

extension PublishLookupTests {
    /// Two posts published, their records lost, and a person records one
    /// by hand with the other's status id (`state resolve --published`,
    /// the wrong id copied). The other, overdue with no record, is looked
    /// for: its status is there, but the state gives that id to the first
    /// post, which held other words. Before, the look-up passed over it as
    /// another post's, found nothing, and sent the second post again. Now
    /// it is not sent, and the run says which record is wrong. Two posts of
    /// the same words each keep their own status.
    @Test func aStatusRecordedForAPostOfOtherWordsIsNotPassedOver() async throws {
        let sandbox = try await ServerProcess.sandbox()
        let repo = try oneAccountRepository()
        // One attempt allowed: the item held is not given up, whose way out (publish_at set to now) would send it.
        try repo.write("herald.yaml", "timezone: UTC\nmax_attempts: 1\n")
        try repo.write("posts/alpha.yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [m1]\ntext: Alpha release notes are out.\n")
        try repo.write("posts/beta.yaml", "publish_at: 2026-11-02T09:00:00Z\naccounts: [m1]\ntext: Beta webinar on Thursday.\n")
        try repo.write("posts/hello-1.yaml", "publish_at: 2026-11-03T09:00:00Z\naccounts: [m1]\ntext: Good morning from the team!\n")
        try repo.write("posts/hello-2.yaml", "publish_at: 2026-11-04T09:00:00Z\naccounts: [m1]\ntext: Good morning from the team!\n")
        let first = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        #expect(first.status == 0, "\(first.stdout)\n\(first.stderr)")
        let ids = try await posts(sandbox).compactMap { $0["id"] as? String }
        #expect(ids.count == 4)

        // Past the idempotency key's hour, which would bring a status back by itself.
        try await loseRecordsPastTheKeysHour(sandbox, repo)
        for (post, id) in [("alpha", ids[1]), ("hello-1", ids[2])] {
            let resolved = try await CLI.run(["state", "resolve", post, "--account", "m1", "--published", id, "-C", repo.root, "--sandbox"])
            #expect(resolved.status == 0, "\(resolved.stdout)\n\(resolved.stderr)")
        }
        // Twice: the second run says the same, and gives nothing up. A person must act: exit 1.
        _ = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        let again = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        #expect(try await posts(sandbox).count == 4, "\(again.stdout)")
        #expect(again.status == 1, "\(again.stdout)\n\(again.stderr)")
        #expect(!again.stdout.contains("given up"), "\(again.stdout)")
        #expect(again.stdout.contains("status \(ids[1]) is this part exactly, but the state records it as alpha, which was published with other words: "
            + "if that record is wrong, delete its line (published post=alpha … id=\(ids[1])) from the account's state file; not sent"), "\(again.stdout)")
        // hello-2, of hello-1's words, was found as its own status by the first of the two.
        #expect(again.stdout.contains("Published 0, found 0, failed 1, "), "\(again.stdout)")
        let plan = try await CLI.run(["plan", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        #expect(plan.stdout.contains("beta  m1  retried (last: status \(ids[1]) is this part exactly"), "\(plan.stdout)")
        // alpha's text corrected since: its words then are not known, and its record is not of beta's content.
        let written = try String(contentsOfFile: repo.root + "/posts/alpha.yaml", encoding: .utf8)
        try repo.write("posts/alpha.yaml", written.replacingOccurrences(of: "are out", with: "are out now"))
        let edited = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        #expect(edited.status == 1, "\(edited.stdout)\n\(edited.stderr)")
        #expect(edited.stdout.contains("status \(ids[1]) is this part exactly, but the state records it as alpha, edited since: "
            + "if that record is wrong, delete its line (published post=alpha … id=\(ids[1])) from the account's state file; if this is a new post of "
            + "its old words, run 'herald state resolve beta --account m1 --absent'"), "\(edited.stdout)")
        #expect(try await posts(sandbox).count == 4)
        try repo.write("posts/alpha.yaml", written)
        // Done as the message says, the next run finds both.
        let file = repo.root + "/.herald/sandbox/state/m1.state"
        let lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        try repo.write(".herald/sandbox/state/m1.state", lines.filter { !($0.contains("published post=alpha ") && $0.contains("id=\(ids[1])")) }.joined(separator: "\n"))
        let fixed = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        #expect(fixed.status == 0, "\(fixed.stdout)\n\(fixed.stderr)")
        #expect(fixed.stdout.contains("Published 0, found 2, failed 0, "), "\(fixed.stdout)")
        #expect(try await posts(sandbox).count == 4)
    }
}

extension PublishLookupTests {
    /// A weekly reminder: the same words and alt text, another picture; and
    /// the same words on other lines. The later post, due with no record,
    /// finds the earlier one's status, which reads as it: that status is
    /// the earlier post's, of the same words, and the later goes out. Not
    /// held as a record gone wrong, as it was while the rule compared the
    /// records' hashes, which tell pictures and line breaks apart.
    @Test func aPostOfAnEarlierPostsWordsGoesOut() async throws {
        let sandbox = try await ServerProcess.sandbox()
        let repo = try oneAccountRepository()
        try repo.write("media/week1.png", TestMedia.png(bytes: 108, fill: 1))
        try repo.write("media/week2.png", TestMedia.png(bytes: 108, fill: 2))
        func reminder(_ week: Int, due: String) throws {
            try repo.write("posts/week\(week).yaml", "publish_at: \(due)\naccounts: [m1]\ntext: Office hours today, come by!\n"
                           + "media:\n  - path: media/week\(week).png\n    alt: Office hours poster\n")
        }
        try reminder(1, due: "2026-11-02T09:00:00Z")
        try repo.write("posts/monday.yaml", "publish_at: 2026-11-02T10:00:00Z\naccounts: [m1]\ntext: \"Drop-in desk today,\\ncome by!\"\n")
        let first = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        #expect(first.status == 0, "\(first.stdout)\n\(first.stderr)")
        try reminder(2, due: "2026-11-09T09:00:00Z")
        try repo.write("posts/thursday.yaml", "publish_at: 2026-11-09T10:00:00Z\naccounts: [m1]\ntext: Drop-in desk today, come by!\n")
        let later = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        #expect(later.status == 0, "\(later.stdout)\n\(later.stderr)")
        #expect(later.stdout.contains("Published 2, found 0, failed 0, "), "\(later.stdout)")
        #expect(try await posts(sandbox).count == 4)
    }
}
