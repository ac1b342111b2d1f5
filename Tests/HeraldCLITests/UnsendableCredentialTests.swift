import Foundation
import HeraldTestSupport
import Testing

extension PublishCommandTests {
    /// A credential with a line break inside (two lines pasted): no request
    /// can carry it. Before, the plan showed the item to publish, and every
    /// run failed it, counting toward max_attempts until it was given up.
    /// It is a credentials problem now: the item waits, nothing is sent or
    /// recorded, and the value is not shown.
    @Test func aCredentialWithALineBreakInsideIsNoCredential() async throws {
        let repo = try TempDirectory()
        try repo.write("accounts.yaml", "accounts:\n  m1: { platform: mastodon, instance: https://one.example }\n")
        try repo.write("posts/a.yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [m1]\ntext: Hello\n")
        let env = CLI.environment(["HERALD_M1_ACCESS_TOKEN": "placeholder-one\nplaceholder-two"])
        let said = "HERALD_M1_ACCESS_TOKEN has a line break or a control character inside it, which no request can carry"
        let plan = try await CLI.run(["plan", "-C", repo.root], environment: env)
        #expect(plan.status == 1)
        #expect(plan.stderr.hasPrefix("error: \(said) (write the credential alone)\n"), "\(plan.stderr)")
        #expect(plan.stdout.contains("! blocked      a  m1  no credentials: \(said); write the credential alone;"), "\(plan.stdout)")
        let run = try await CLI.run(["publish", "-C", repo.root], environment: env)
        #expect(run.status == 1)
        #expect(run.stdout.contains("Published 0, found 0, failed 0, unknown 0, skipped 0."), "\(run.stdout)")
        #expect(!FileManager.default.fileExists(atPath: repo.root + "/state/m1.state"))
        #expect(!(plan.stdout + plan.stderr + run.stdout + run.stderr).contains("placeholder"))
    }

    /// An access token with a typographic quote around it (a word
    /// processor's), or with bytes that are not UTF-8: the platform would
    /// refuse it, run after run. It is a credentials problem now, told by
    /// the character, and nothing is sent.
    @Test func anAccessTokenWithATypographicQuoteIsNoCredential() async throws {
        let repo = try TempDirectory()
        try repo.write("accounts.yaml", "accounts:\n  m1: { platform: mastodon, instance: https://one.example }\n")
        try repo.write("posts/a.yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [m1]\ntext: Hello\n")
        let (secrets, env) = try CLI.credentialsFile("accounts:\n  m1:\n    access_token: \u{201C}placeholder\u{201D}\n")
        let plan = try await CLI.run(["plan", "-C", repo.root], environment: env)
        #expect(plan.status == 1)
        let said = "'access_token' of 'm1' in the credentials file has U+201C inside it, where an access token is ASCII alone"
        let hint = "copy the token again as the platform shows it: an editor or a chat may have changed its quotes or spaces"
        #expect(plan.stderr.hasPrefix("\(secrets.root)/credentials.yaml:3:5: error: \(said) (\(hint))\n"), "\(plan.stderr)")
        #expect(plan.stdout.contains("! blocked      a  m1  no credentials: \(said); \(hint);"), "\(plan.stdout)")
        let run = try await CLI.run(["publish", "-C", repo.root], environment: env)
        #expect(run.status == 1)
        #expect(run.stdout.contains("Published 0, found 0, failed 0, unknown 0, skipped 0."), "\(run.stdout)")
        #expect(!FileManager.default.fileExists(atPath: repo.root + "/state/m1.state"))
        #expect(!(plan.stdout + plan.stderr + run.stdout + run.stderr).contains("placeholder"))
        // Bytes that are not UTF-8, as a shell can put them in the environment.
        let bytes = try await CLI.runProgram("/bin/sh", ["-c", "HERALD_M1_ACCESS_TOKEN=\"$(printf 'place\\377holder')\" exec \"$0\" plan -C \"$1\"", CLI.binary, repo.root])
        #expect(bytes.stderr.hasPrefix("error: HERALD_M1_ACCESS_TOKEN has U+FFFD inside it (bytes that are not UTF-8), where an access token is ASCII alone"),
                "\(bytes.stderr)")
    }
}
