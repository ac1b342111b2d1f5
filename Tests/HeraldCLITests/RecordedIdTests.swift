import Foundation
import HeraldTestSupport
import Testing

extension StateResolveCLITests {
    /// A status id goes into the address of the next run's look-ups
    /// (`/api/v1/statuses/ID/context`): one that is no Mastodon id, given
    /// to `state resolve` or written into a state file by hand, would lead
    /// the request, and the token with it, to another path of the instance.
    @Test func aRecordedIdThatIsNoMastodonIdLeadsNoRequestElsewhere() async throws {
        let repo = try repository()
        let traversal = "../../../../_sandbox/limits?"
        let refused = try await CLI.run(["state", "resolve", "a", "--account", "m1", "--published", traversal, "-C", repo.root], environment: env)
        #expect(refused.status == 64)
        #expect(refused.stderr == "Error: --published '\(traversal)' is no Mastodon status id: letters and digits, "
            + "the end of the post's address (https://mastodon.social/@acme/115400000000000001)\n")
        #expect(try String(contentsOfFile: repo.root + "/state/m1.state", encoding: .utf8).components(separatedBy: "\n").count == 3)
        // Pleroma's and GoToSocial's ids are letters and digits.
        let taken = try await CLI.run(["state", "resolve", "a", "--account", "m1", "--published", "AbC123xyz", "-C", repo.root], environment: env)
        #expect(taken.status == 0, "\(taken.stderr)")

        // Written by hand: the thread's second part, a reply to it, is not sent, and nothing is asked with it.
        try repo.write(".herald/sandbox/state/m1.state", "herald-state 1 account=m1\n"
            + "2026-11-01T09:00:05Z published post=a part=0 hash=0123456789abcdef id=\(traversal) due=2026-11-01T09:00:00+00:00\n")
        let run = try await CLI.run(["publish", "-C", repo.root, "--sandbox", "--verbose"], environment: env)
        #expect(run.status == 2, "\(run.stdout)\n\(run.stderr)")
        #expect(run.stdout.contains("✗ failed     a [2/2] → m1  '\(traversal)' is no Mastodon id (letters, digits, '-' and '_'): "
            + "a state record edited by hand? nothing was asked with it"), "\(run.stdout)")
        #expect(!run.stderr.contains("_sandbox") && !run.stderr.contains("/statuses/"), "\(run.stderr)")
        #expect(run.stdout.contains("The sandbox holds no posts from this run."), "\(run.stdout)")
    }
}
