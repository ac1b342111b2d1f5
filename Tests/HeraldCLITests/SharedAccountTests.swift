import Foundation
import HeraldTestSupport
import Testing
import HeraldKit

extension PublishMastodonMockTests {
    /// A repository with two Mastodon accounts on mastodon_mock's demo
    /// instance, `social` and `social-old`, the second at `otherInstance`.
    func twoAccounts(_ mock: ServerProcess, otherInstance: String? = nil, post accounts: String = "[social, social-old]") throws -> TempDirectory {
        let repo = try TempDirectory()
        try repo.write("herald.yaml", "timezone: UTC\n")
        try repo.write("accounts.yaml", "accounts:\n  social:\n    platform: mastodon\n    instance: \(mock.baseURL)\n"
                       + "  social-old:\n    platform: mastodon\n    instance: \(otherInstance ?? mock.baseURL)\n")
        try repo.write("posts/hello.yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: \(accounts)\ntext: One account, two names.\n")
        return repo
    }

    /// A new token of a demo user, besides `<user>_token` (mastodon_mock's log-in shortcut).
    func anotherToken(_ mock: ServerProcess, of username: String) async throws -> String {
        let login = try #require(try await JSONClient(token: "").postReading(mock.baseURL + "/api/v1/_mock/login", json: ["username": username]) as? [String: Any])
        let token = try #require(login["access_token"] as? String)
        #expect(token != "\(username)_token")
        return token
    }

    /// The statuses of the demo user a token is for, newest first.
    func held(_ mock: ServerProcess, _ token: String) async throws -> [String] {
        let client = JSONClient(token: token)
        let me = try #require(try await client.get(mock.baseURL + "/api/v1/accounts/verify_credentials") as? [String: Any])
        let id = try #require(me["id"] as? String)
        let list = try #require(try await client.get(mock.baseURL + "/api/v1/accounts/\(id)/statuses") as? [[String: Any]])
        return list.map { plain($0["content"]) }
    }

    /// Two of herald's accounts that are one account on the instance (an
    /// entry copied for a rename and the old one left, both given the same
    /// token, or each a token of one user): each would publish every post
    /// to it, which would hold each twice. Before, both went out, side by
    /// side. Now nothing is sent to either, the run says why and exits 1;
    /// given tokens of accounts of their own, the two each publish theirs.
    @Test func twoAccountIdsOfOneAccountSendNothing() async throws {
        let mock = try await ServerProcess.mastodonMock(demo: true)
        let repo = try twoAccounts(mock)
        // The demo's accounts hold statuses of their own.
        let (grace, alan) = (try await held(mock, "grace_token"), try await held(mock, "alan_token"))
        let same = CLI.environment(["HERALD_SOCIAL_ACCESS_TOKEN": "grace_token", "HERALD_SOCIAL_OLD_ACCESS_TOKEN": "grace_token"])
        // One token given to two ids is told without asking: the plan and a dry run hold their items as the run does.
        // Before, they said "publish" and the dry run exited 0.
        let warning = "accounts.yaml:5:3: warning: account 'social-old' is given the same access token as 'social', so they are one Mastodon account, "
            + "which would get every post twice: nothing is sent to it through either while posts go to both (keep one of them (an old entry left "
            + "after a rename?), or give each the token of an account of its own)"
        let oneToken = "'social' and 'social-old' are given one access token, so they are one account, which would get every post twice: nothing is sent "
            + "to either until accounts.yaml keeps one (an old entry left after a rename?) or each has a token of an account of its own"
        for command in [["plan"], ["publish", "--dry-run"], ["publish"], ["publish", "--account", "social"]] {
            let told = try await CLI.run(command + ["-C", repo.root], environment: same)
            #expect(told.stderr.contains(warning), "\(told.stderr)")
            #expect(told.stdout.contains("hello  social      \(oneToken)") || told.stdout.contains("hello → social  \(oneToken)"), "\(told.stdout)")
            #expect(command == ["plan"] ? told.status == 0 : told.status == 1, "\(command) \(told.stdout)\n\(told.stderr)")
            #expect(try await held(mock, "grace_token") == grace)
        }
        // Two tokens of one user cannot be told apart without asking: the run asks whom each is for.
        let second = try await anotherToken(mock, of: "grace")
        let twoOfOne = CLI.environment(["HERALD_SOCIAL_ACCESS_TOKEN": "grace_token", "HERALD_SOCIAL_OLD_ACCESS_TOKEN": second])
        let run = try await CLI.run(["publish", "-C", repo.root], environment: twoOfOne)
        #expect(run.status == 1, "\(run.stdout)\n\(run.stderr)")
        #expect(try await held(mock, "grace_token") == grace)
        #expect(run.stdout.contains("'social' and 'social-old' are one account, ") && run.stdout.contains("/@grace, which would get every post twice: "
            + "nothing is sent to either until accounts.yaml keeps one (an old entry left after a rename?) or each has a token of an account of its own"),
                "\(run.stdout)")
        #expect(run.stdout.contains("Published 0, "), "\(run.stdout)")
        // A job publishing one of them (--account) sees the other, which its own job would publish to.
        let one = try await CLI.run(["publish", "-C", repo.root, "--account", "social"], environment: twoOfOne)
        #expect(one.status == 1, "\(one.stdout)\n\(one.stderr)")
        #expect(try await held(mock, "grace_token") == grace)

        let own = CLI.environment(["HERALD_SOCIAL_ACCESS_TOKEN": "grace_token", "HERALD_SOCIAL_OLD_ACCESS_TOKEN": "alan_token"])
        let apart = try await CLI.run(["publish", "-C", repo.root], environment: own)
        #expect(apart.status == 0, "\(apart.stdout)\n\(apart.stderr)")
        #expect(try await held(mock, "grace_token") == ["One account, two names."] + grace)
        #expect(try await held(mock, "alan_token") == ["One account, two names."] + alan)
        #expect(apart.stdout.contains("Published 2, "), "\(apart.stdout)")
    }

    /// The second id's token set a run later (or in a job of its own,
    /// without the first's): the first has published the post by then, and
    /// its records hold it under the account's page, which the second's
    /// token is for. Before, only accounts with posts still to go out were
    /// compared, and the second sent it again.
    @Test func anIdGivenTheSameTokenLaterSendsNothing() async throws {
        let mock = try await ServerProcess.mastodonMock(demo: true)
        let repo = try twoAccounts(mock)
        let grace = try await held(mock, "grace_token")
        let first = try await CLI.run(["publish", "-C", repo.root], environment: CLI.environment(["HERALD_SOCIAL_ACCESS_TOKEN": "grace_token"]))
        #expect(first.status == 1, "\(first.stdout)\n\(first.stderr)")
        #expect(try await held(mock, "grace_token") == ["One account, two names."] + grace)
        let later = try await CLI.run(["publish", "-C", repo.root, "--account", "social-old"],
                                      environment: CLI.environment(["HERALD_SOCIAL_OLD_ACCESS_TOKEN": "grace_token"]))
        #expect(later.status == 1, "\(later.stdout)\n\(later.stderr)")
        #expect(later.stdout.contains("'social-old' is the account 'social' published to (its records hold posts under ")
            && later.stdout.contains("/@grace), which would get every post twice: nothing is sent to 'social-old' until accounts.yaml keeps one"),
                "\(later.stdout)")
        #expect(try await held(mock, "grace_token") == ["One account, two names."] + grace)
        // With both ids' one token, told without asking, in the plan and a dry run as in the run, though 'social' has published
        // and has nothing more to send. Before the re-check, the plan and the dry run said publish.
        let both = CLI.environment(["HERALD_SOCIAL_ACCESS_TOKEN": "grace_token", "HERALD_SOCIAL_OLD_ACCESS_TOKEN": "grace_token"])
        for command in [["plan"], ["publish", "--dry-run"], ["publish", "--account", "social-old"]] {
            let told = try await CLI.run(command + ["-C", repo.root], environment: both)
            #expect(told.stdout.contains("'social' and 'social-old' are given one access token, so they are one account"), "\(told.stdout)")
            #expect(command == ["plan"] ? told.status == 0 : told.status == 1, "\(command) \(told.stdout)")
            #expect(try await held(mock, "grace_token") == ["One account, two names."] + grace)
        }
    }

    /// The instance written two ways (`127.0.0.1` and `localhost`), each
    /// id with a token of one user: the profile address the instance gives
    /// tells they are one account.
    @Test func oneAccountOnAnInstanceWrittenTwoWaysSendsNothing() async throws {
        let mock = try await ServerProcess.mastodonMock(demo: true)
        let repo = try twoAccounts(mock, otherInstance: mock.baseURL.replacingOccurrences(of: "127.0.0.1", with: "localhost"))
        let grace = try await held(mock, "grace_token")
        let second = try await anotherToken(mock, of: "grace")
        let same = CLI.environment(["HERALD_SOCIAL_ACCESS_TOKEN": "grace_token", "HERALD_SOCIAL_OLD_ACCESS_TOKEN": second])
        let run = try await CLI.run(["publish", "-C", repo.root], environment: same)
        #expect(run.status == 1, "\(run.stdout)\n\(run.stderr)")
        #expect(try await held(mock, "grace_token") == grace, "\(run.stdout)")
    }

    /// An old entry left in accounts.yaml that no post names any more
    /// publishes nothing: the account it shares goes on.
    @Test func anOldEntryNoPostNamesHoldsNothing() async throws {
        let mock = try await ServerProcess.mastodonMock(demo: true)
        let repo = try twoAccounts(mock, post: "[social]")
        let grace = try await held(mock, "grace_token")
        let same = CLI.environment(["HERALD_SOCIAL_ACCESS_TOKEN": "grace_token", "HERALD_SOCIAL_OLD_ACCESS_TOKEN": "grace_token"])
        let run = try await CLI.run(["publish", "-C", repo.root], environment: same)
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        #expect(try await held(mock, "grace_token") == ["One account, two names."] + grace)
    }
}

extension PublishLookupTests {
    /// Two Mastodon accounts, and the instance cannot say whom a token is
    /// for (a 503 on verify_credentials, three times): whether they are one
    /// account cannot be told, so nothing is sent to either this run (exit
    /// 2); the next run asks again and publishes. Before, a failed question
    /// let the run go on, and a double post through.
    @Test func accountsThatCannotBeToldApartWaitForTheNextRun() async throws {
        let sandbox = try await ServerProcess.sandbox()
        let repo = try oneAccountRepository()
        try repo.write("accounts.yaml", "accounts:\n  m1: { platform: mastodon, instance: https://one.example }\n"
                       + "  m2: { platform: mastodon, instance: https://two.example }\n")
        try repo.write("posts/a.yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [m1, m2]\ntext: Told apart first.\n")
        try await fault(sandbox, "GET", "/api/v1/accounts/verify_credentials", ["type": "status", "status": 503], count: 6)
        let first = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        #expect(first.status == 2, "\(first.stdout)\n\(first.stderr)")
        #expect(first.stdout.contains("cannot tell whether 'm1' is the same account on the platform as 'm2' (verify_credentials: HTTP 503"), "\(first.stdout)")
        #expect(try await posts(sandbox).isEmpty)
        let second = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        #expect(second.status == 0, "\(second.stdout)\n\(second.stderr)")
        #expect(try await posts(sandbox).count == 2)
    }
}
