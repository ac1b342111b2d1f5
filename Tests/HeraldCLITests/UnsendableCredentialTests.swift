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
}
