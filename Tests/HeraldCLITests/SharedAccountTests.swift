import Foundation
import HeraldTestSupport
import Testing
import HeraldKit

extension PublishMastodonMockTests {
    /// Two of herald's accounts that are one account on the instance (an
    /// entry copied for a rename and the old one left, both given the same
    /// token): each would publish every post to it, which would hold each
    /// twice. Before, both went out, side by side. Now nothing is sent to
    /// either, the run says why and exits 1; given tokens of their own, the
    /// two accounts each publish theirs.
    @Test func twoAccountIdsOfOneAccountSendNothing() async throws {
        let mock = try await ServerProcess.mastodonMock(demo: true)
        let repo = try TempDirectory()
        try repo.write("herald.yaml", "timezone: UTC\n")
        try repo.write("accounts.yaml", "accounts:\n  social:\n    platform: mastodon\n    instance: \(mock.baseURL)\n"
                       + "  social-old:\n    platform: mastodon\n    instance: \(mock.baseURL)\n")
        try repo.write("posts/hello.yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [social, social-old]\ntext: One account, two names.\n")
        func held(_ token: String) async throws -> [String] {
            let client = JSONClient(token: token)
            let me = try #require(try await client.get(mock.baseURL + "/api/v1/accounts/verify_credentials") as? [String: Any])
            let id = try #require(me["id"] as? String)
            let list = try #require(try await client.get(mock.baseURL + "/api/v1/accounts/\(id)/statuses") as? [[String: Any]])
            return list.map { plain($0["content"]) }
        }
        // The demo's accounts hold statuses of their own, newest first.
        let (grace, alan) = (try await held("grace_token"), try await held("alan_token"))
        let same = CLI.environment(["HERALD_SOCIAL_ACCESS_TOKEN": "grace_token", "HERALD_SOCIAL_OLD_ACCESS_TOKEN": "grace_token"])
        let run = try await CLI.run(["publish", "-C", repo.root], environment: same)
        #expect(run.status == 1, "\(run.stdout)\n\(run.stderr)")
        #expect(try await held("grace_token") == grace)
        #expect(run.stdout.contains("'social' and 'social-old' are one account on \(mock.baseURL.lowercased()) (@grace), which would get every post twice: "
            + "nothing is sent to either until accounts.yaml keeps one (an old entry left after a rename?) or each has its own token"), "\(run.stdout)")
        #expect(run.stdout.contains("Published 0, "), "\(run.stdout)")

        let own = CLI.environment(["HERALD_SOCIAL_ACCESS_TOKEN": "grace_token", "HERALD_SOCIAL_OLD_ACCESS_TOKEN": "alan_token"])
        let apart = try await CLI.run(["publish", "-C", repo.root], environment: own)
        #expect(apart.status == 0, "\(apart.stdout)\n\(apart.stderr)")
        #expect(try await held("grace_token") == ["One account, two names."] + grace)
        #expect(try await held("alan_token") == ["One account, two names."] + alan)
        #expect(apart.stdout.contains("Published 2, "), "\(apart.stdout)")
    }
}
