import Foundation
import HeraldTestSupport
import Testing
import HeraldKit

/// herald's Mastodon adapter against a third-party server: mastodon_mock
/// from PyPI (installed into .venv by .ci/run). Assertions read the mock's
/// own statuses through its API.
@Suite(.serialized, .enabled(if: ServerProcess.mastodonMockExecutable != nil, "mastodon_mock is not installed; run .ci/run"))
struct PublishMastodonMockTests {
    func repository(mock: ServerProcess, timeout: Int = 30) throws -> TempDirectory {
        let dir = try TempDirectory()
        try dir.write("herald.yaml", "timezone: UTC\nrequest_timeout: \(timeout)\n")
        try dir.write("accounts.yaml", "accounts:\n  mock:\n    platform: mastodon\n    instance: \(mock.baseURL)\n    language: en\n")
        try dir.write("media/pic.png", TestMedia.png(bytes: 108, fill: 1))
        return dir
    }

    let env = CLI.environment(["HERALD_MOCK_ACCESS_TOKEN": "mock_token"])

    /// The mock account's statuses, oldest first.
    func statuses(_ mock: ServerProcess) async throws -> [[String: Any]] {
        let client = JSONClient(token: "mock_token")
        let me = try #require(try await client.get(mock.baseURL + "/api/v1/accounts/verify_credentials") as? [String: Any])
        let id = try #require(me["id"] as? String)
        let list = try #require(try await client.get(mock.baseURL + "/api/v1/accounts/\(id)/statuses?limit=40") as? [[String: Any]])
        return list.reversed()
    }

    /// A text, an image with its description, and a thread of `thread` after "One", due a month ago.
    func writeTextImageAndThread(_ repo: TempDirectory, thread: String) throws {
        try repo.write("posts/a-text.yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [mock]\ntext: Hello from herald\n")
        try repo.write("posts/b-image.yaml", "publish_at: 2026-11-01T09:01:00Z\naccounts: [mock]\ntext: A picture\nmedia:\n  - path: media/pic.png\n    alt: Grey square\n")
        try repo.write("posts/c-thread.yaml", "publish_at: 2026-11-01T09:02:00Z\naccounts: [mock]\ntext: One\nthread: \(thread)\n")
    }

    func plain(_ html: Any?) -> String {
        MastodonAdapter.plain(MastodonAdapter.stripHTML(html as? String ?? ""))
    }

    @Test func textImageAndThread() async throws {
        let mock = try await ServerProcess.mastodonMock()
        let repo = try repository(mock: mock)
        try writeTextImageAndThread(repo, thread: "[Two, Three]")
        let result = try await CLI.run(["publish", "-C", repo.root], environment: env)
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")

        let held = try await statuses(mock)
        #expect(held.map { plain($0["content"]) } == ["Hello from herald", "A picture", "One", "Two", "Three"])
        let image = held[1]
        let attachments = try #require(image["media_attachments"] as? [[String: Any]])
        #expect(attachments.count == 1)
        #expect(attachments.first?["description"] as? String == "Grey square")
        #expect(held[0]["language"] as? String == "en")
        #expect(held[3]["in_reply_to_id"] as? String == held[2]["id"] as? String)
        #expect(held[4]["in_reply_to_id"] as? String == held[3]["id"] as? String)

        // The state holds the mock's ids; a second run sends nothing.
        let state = try String(contentsOfFile: repo.root + "/state/mock.state", encoding: .utf8)
        #expect(state.contains("id=\(held[0]["id"] as? String ?? "?")"))
        let again = try await CLI.run(["publish", "-C", repo.root], environment: env)
        #expect(again.stdout.contains("Nothing to publish."))
        #expect(try await statuses(mock).count == 5)
    }

    /// mastodon_mock renders `**bold**` as <strong>, which real Mastodon
    /// does not: the status it answers holds another text than herald sent.
    /// Made in this run, it is no earlier attempt's status brought back by
    /// the key: recorded with the part's hash, so the plan says done, not drift.
    @Test func aStatusRenderedOtherwiseIsRecordedAsSent() async throws {
        let mock = try await ServerProcess.mastodonMock()
        let repo = try repository(mock: mock)
        try repo.write("posts/bold.yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [mock]\ntext: A **bold** launch\n")
        let result = try await CLI.run(["publish", "-C", repo.root], environment: env)
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("Published 1, "), "\(result.stdout)")
        let held = try await statuses(mock)
        #expect(held.map { plain($0["content"]) } == ["A bold launch"])
        let plan = try await CLI.run(["plan", "-C", repo.root, "--format", "json"], environment: env)
        #expect(plan.stdout.contains("\"action\" : \"done\""), "\(plan.stdout)")

        // Its answer lost (a run killed after sending: the intent alone), the key brings it back
        // on the next run. The intent says what was sent, the part as it is: recorded so, not as
        // the mock renders it, so the plan says done, not drift.
        let shard = repo.root + "/state/mock.state"
        let lines = try String(contentsOfFile: shard, encoding: .utf8).split(separator: "\n")
        try (lines.filter { !$0.contains(" published ") }.joined(separator: "\n") + "\n").write(toFile: shard, atomically: true, encoding: .utf8)
        try repo.passTime(900, stateFolder: "state")
        let again = try await CLI.run(["publish", "-C", repo.root], environment: env)
        #expect(again.status == 0, "\(again.stdout)\n\(again.stderr)")
        #expect(try await statuses(mock).count == 1)
        let records = try String(contentsOfFile: shard, encoding: .utf8).split(separator: "\n")
        let intentHash = records.first { $0.contains(" intent ") }?.split(separator: " ").first { $0.hasPrefix("hash=") }
        let publishedHash = records.first { $0.contains(" published ") }?.split(separator: " ").first { $0.hasPrefix("hash=") }
        #expect(intentHash != nil && publishedHash == intentHash, "\(records)")
        let replan = try await CLI.run(["plan", "-C", repo.root, "--format", "json"], environment: env)
        #expect(replan.stdout.contains("\"action\" : \"done\""), "\(replan.stdout)")
    }

    /// mastodon_mock renders `**bold**` as <strong>: with the state lost
    /// and the key's hour past, the look-up reads what was typed (`/source`)
    /// of the status that shows the text without its markers, finds the
    /// post, and does not send it a second time.
    @Test func aPostWithMarkdownIsFoundWhenItsRecordIsLost() async throws {
        let mock = try await ServerProcess.mastodonMock()
        let repo = try repository(mock: mock)
        try repo.write("posts/bold.yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [mock]\ntext: A **bold** launch\nthread: [And a `code` reply]\n")
        let first = try await CLI.run(["publish", "-C", repo.root], environment: env)
        #expect(first.status == 0, "\(first.stdout)\n\(first.stderr)")
        let held = try await statuses(mock).map { $0["id"] as? String }
        #expect(held.count == 2)

        try FileManager.default.removeItem(atPath: repo.root + "/state")
        let again = try await CLI.run(["publish", "-C", repo.root], environment: env)
        #expect(again.status == 0, "\(again.stdout)\n\(again.stderr)")
        #expect(again.stdout.contains("Published 0, found 2, "), "\(again.stdout)")
        #expect(try await statuses(mock).map { $0["id"] as? String } == held)
        let state = try String(contentsOfFile: repo.root + "/state/mock.state", encoding: .utf8)
        #expect(state.contains(" id=\(held[0] ?? "?")") && state.contains(" id=\(held[1] ?? "?")"), "\(state)")
        let plan = try await CLI.run(["plan", "-C", repo.root], environment: env)
        #expect(plan.stdout.contains("No changes."), "\(plan.stdout)")
    }

    @Test func createDelayedPastTheTimeoutMakesNoDuplicate() async throws {
        let mock = try await ServerProcess.mastodonMock()
        let repo = try repository(mock: mock, timeout: 3)
        try repo.write("posts/slow.yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [mock]\ntext: Sent once, whatever happens\n")
        try await JSONClient().post(mock.baseURL + "/api/v1/_mock/faults", json: [
            "match": ["methods": ["POST"], "path": "/api/v1/statuses"],
            "effect": ["type": "timeout", "delay_ms": 30000], "count": 1,
        ] as [String: Any])
        let started = Date()
        let result = try await CLI.run(["publish", "-C", repo.root], environment: env)
        // Not repeated while the first request may still be at work: the next run does.
        #expect(result.status == 2, "\(result.stdout)\n\(result.stderr)")
        let later = LeftForLater.time(in: result.stdout, failure: "", repeats: true)
        #expect(later != nil, "\(result.stdout)")
        // A run started again at once does not repeat it either: the mock looks the key up when the
        // request reaches its handler, and the first has not yet; a repeat now would make a second status.
        let atOnce = try await CLI.run(["publish", "-C", repo.root], environment: env)
        #expect(atOnce.status == 0, "\(atOnce.stdout)\n\(atOnce.stderr)")
        #expect(atOnce.stdout.contains("~ wait       slow → mock  sent at ") && atOnce.stdout.contains("held until "), "\(atOnce.stdout)")
        // Until the time the first run gave.
        let until = atOnce.stdout.components(separatedBy: "held until ").dropFirst().first?.prefix { $0 != "," }
        #expect(until.flatMap { ISO8601DateFormatter().date(from: String($0)) } == later, "\(atOnce.stdout)")
        // The held request reaches the mock's handler 30 s after it was sent; wait for it.
        let wait = 33 - Date().timeIntervalSince(started)
        if wait > 0 { try await Task.sleep(for: .seconds(wait)) }
        try repo.passTime(900, stateFolder: "state")
        let again = try await CLI.run(["publish", "-C", repo.root], environment: env)
        #expect(again.status == 0, "\(again.stdout)\n\(again.stderr)")
        let held = try await statuses(mock)
        #expect(held.filter { plain($0["content"]) == "Sent once, whatever happens" }.count == 1)
    }

    @Test func invalidTokenIsReportedWithoutTheToken() async throws {
        let mock = try await ServerProcess.mastodonMock()
        let repo = try repository(mock: mock)
        try repo.write("posts/a.yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [mock]\ntext: Hello\n")
        let secret = "not-the-mock-token-93b1"
        let result = try await CLI.run(["publish", "-C", repo.root, "--verbose"], environment: CLI.environment(["HERALD_MOCK_ACCESS_TOKEN": secret]))
        // Refused credentials need a person: 1, said once.
        #expect(result.status == 1)
        #expect(result.stdout.contains("HTTP 401"))
        #expect(result.stdout.components(separatedBy: "the platform refused the account's credentials").count == 2, "\(result.stdout)")
        #expect(!(result.stdout + result.stderr).contains(secret))
        #expect(try await statuses(mock).isEmpty)
    }

    /// The records are in the folder herald.yaml names. While herald.yaml
    /// cannot be read (or names no usable folder), herald does not fall
    /// back to the default folder, where nothing is recorded: that sent
    /// every post again. Nothing is sent or written until it is fixed.
    @Test func aBrokenHeraldYAMLSendsNothingAgain() async throws {
        let mock = try await ServerProcess.mastodonMock()
        let repo = try repository(mock: mock)
        let settings = "timezone: UTC\nstate_dir: ops/state\n"
        try repo.write("herald.yaml", settings)
        try repo.write("posts/a.yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [mock]\ntext: Sent once\n")
        let first = try await CLI.run(["publish", "-C", repo.root], environment: env)
        #expect(first.status == 0, "\(first.stdout)\n\(first.stderr)")
        #expect(FileManager.default.fileExists(atPath: repo.root + "/ops/state/mock.state"))
        try repo.write("posts/b.yaml", "publish_at: 2026-11-01T10:00:00Z\naccounts: [mock]\ntext: Sent later\n")

        for (broken, at) in [(settings + "concurrency: [2\n", "herald.yaml:3:14"), ("state_dir: ../ops/state\n", "herald.yaml:1:12"),
                             ("state_dir: .git/herald\n", "herald.yaml:1:12"), ("timezone: UTC\nstatedir: ops/state\n", "herald.yaml:2:1")] {
            try repo.write("herald.yaml", broken)
            let result = try await CLI.run(["publish", "-C", repo.root], environment: env)
            #expect(result.status == 1, "\(broken)\n\(result.stdout)\n\(result.stderr)")
            #expect(result.stderr.contains("(\(at)), so the state folder is not known; fix herald.yaml first (nothing was published or recorded)"), "\(result.stderr)")
            let plan = try await CLI.run(["plan", "-C", repo.root, "--at", "2026-11-02T00:00:00Z"], environment: env)
            #expect(plan.status == 1)
            #expect(plan.stdout.contains("! blocked      a  mock  "), "\(plan.stdout)")
            #expect(plan.stdout.contains("so the state folder is not known; nothing is published until herald.yaml is fixed"), "\(plan.stdout)")
            #expect(!plan.stdout.contains("+ publish"), "\(plan.stdout)")
        }
        #expect(try await statuses(mock).map { plain($0["content"]) } == ["Sent once"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: repo.root).sorted() == ["accounts.yaml", "herald.yaml", "media", "ops", "posts"])

        try repo.write("herald.yaml", settings)
        let fixed = try await CLI.run(["publish", "-C", repo.root], environment: env)
        #expect(fixed.status == 0, "\(fixed.stdout)\n\(fixed.stderr)")
        #expect(try await statuses(mock).map { plain($0["content"]) } == ["Sent once", "Sent later"])
    }

    /// A state folder lost after a run (a CI job that did not commit it)
    /// sends nothing again: every item, due over an hour ago with no
    /// record, is looked for on the server first, found, and recorded with
    /// the id the server gave it; thread parts are found as the replies they
    /// are, and two posts of the same text each find their own.
    @Test func aLostStateSendsNothingAgain() async throws {
        let mock = try await ServerProcess.mastodonMock()
        let repo = try repository(mock: mock)
        try writeTextImageAndThread(repo, thread: "[Two]")
        for week in 1...2 {
            try repo.write("posts/d-friday-\(week).yaml", "publish_at: 2026-11-0\(week + 1)T09:00:00Z\naccounts: [mock]\ntext: Happy Friday\nthread: [See you Monday]\n")
        }
        let first = try await CLI.run(["publish", "-C", repo.root], environment: env)
        #expect(first.status == 0, "\(first.stdout)\n\(first.stderr)")
        let held = try await statuses(mock)
        #expect(held.count == 8)
        let recorded = try String(contentsOfFile: repo.root + "/state/mock.state", encoding: .utf8)

        try FileManager.default.removeItem(atPath: repo.root + "/state")
        let again = try await CLI.run(["publish", "-C", repo.root], environment: env)
        #expect(again.status == 0, "\(again.stdout)\n\(again.stderr)")
        #expect(again.stdout.contains("Published 0, found 8, "), "\(again.stdout)")
        #expect(try await statuses(mock).map { $0["id"] as? String } == held.map { $0["id"] as? String })
        // Each item holds the id it held before the state was lost.
        func ids(_ state: String) -> [String] {
            state.split(separator: "\n").filter { $0.contains(" published ") }
                .map { line in line.split(separator: " ").filter { $0.hasPrefix("post=") || $0.hasPrefix("part=") || $0.hasPrefix("id=") }.joined(separator: " ") }
                .sorted()
        }
        let state = try String(contentsOfFile: repo.root + "/state/mock.state", encoding: .utf8)
        #expect(ids(state) == ids(recorded))
        #expect(Set(ids(state).map { $0.split(separator: " ").last ?? "" }).count == 8)
        let plan = try await CLI.run(["plan", "-C", repo.root], environment: env)
        #expect(plan.stdout.contains("No changes."), "\(plan.stdout)")
    }

    /// A post sent before it was due (`publish --now`) and its record then
    /// lost: the look-up reads on past its publish_at, which it went out
    /// before, and finds the status. Made before the post was due, it is the
    /// post only if herald's application made it; mastodon_mock names no
    /// application for its token, so herald cannot tell, and sends nothing
    /// (before, it looked only since publish_at and sent it a second time).
    @Test func aPostSentBeforeItWasDueIsNotSentAgainWhenItsRecordIsLost() async throws {
        let mock = try await ServerProcess.mastodonMock()
        let repo = try repository(mock: mock)
        try repo.write("posts/early.yaml", "publish_at: 2030-06-01T09:00:00Z\naccounts: [mock]\ntext: Out before it was due\n")
        let first = try await CLI.run(["publish", "-C", repo.root, "--now", "early"], environment: env)
        #expect(first.status == 0, "\(first.stdout)\n\(first.stderr)")
        let held = try await statuses(mock).map { $0["id"] as? String }
        #expect(held.count == 1)

        try FileManager.default.removeItem(atPath: repo.root + "/state")
        let again = try await CLI.run(["publish", "-C", repo.root, "--at", "2030-06-01T11:00:00Z"], environment: env)
        #expect(again.status == 2, "\(again.stdout)\n\(again.stderr)")
        #expect(again.stdout.contains("status \(held[0] ?? "?") holds this part's content but was made before it was due, and the instance does not name the token's application"), "\(again.stdout)")
        #expect(try await statuses(mock).map { $0["id"] as? String } == held)
    }

    /// A post of media alone, overdue with no record, is looked for first.
    /// A boost on the account has empty content too, as has a picture with
    /// another alt text: neither is the post, and it is sent. Before, the
    /// look-up compared the text alone and recorded the boost as the post.
    @Test func aPostOfMediaAloneIsNotTakenForABoostOrAnotherPicture() async throws {
        let mock = try await ServerProcess.mastodonMock()
        let repo = try repository(mock: mock)
        let client = JSONClient(token: "mock_token")
        let other = try #require(try await client.postReading(mock.baseURL + "/api/v1/statuses", json: ["status": "Something worth a boost"]) as? [String: Any])
        _ = try await client.post(mock.baseURL + "/api/v1/statuses/\(try #require(other["id"] as? String))/reblog", json: [:])
        try repo.write("posts/picture.yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [mock]\nmedia:\n  - path: media/pic.png\n    alt: Grey square\n")
        let first = try await CLI.run(["publish", "-C", repo.root], environment: env)
        #expect(first.status == 0, "\(first.stdout)\n\(first.stderr)")
        #expect(first.stdout.contains("Published 1, found 0, "), "\(first.stdout)")
        var held = try await statuses(mock)
        #expect(held.count == 3)
        let attached = held.last?["media_attachments"] as? [[String: Any]]
        #expect(attached?.count == 1 && attached?.first?["description"] as? String == "Grey square", "\(held.last ?? [:])")

        // The same picture under another alt text, in a post of its own: a new post.
        try FileManager.default.removeItem(atPath: repo.root + "/posts/picture.yaml")
        try FileManager.default.removeItem(atPath: repo.root + "/state")
        try repo.write("posts/picture-2.yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [mock]\nmedia:\n  - path: media/pic.png\n    alt: A grey square, larger\n")
        let again = try await CLI.run(["publish", "-C", repo.root], environment: env)
        #expect(again.status == 0, "\(again.stdout)\n\(again.stderr)")
        #expect(again.stdout.contains("Published 1, found 0, "), "\(again.stdout)")
        held = try await statuses(mock)
        #expect(held.count == 4)
        #expect((held.last?["media_attachments"] as? [[String: Any]])?.first?["description"] as? String == "A grey square, larger")

        // The post as it was published, its record lost again: found, not sent.
        try FileManager.default.removeItem(atPath: repo.root + "/state")
        let third = try await CLI.run(["publish", "-C", repo.root], environment: env)
        #expect(third.stdout.contains("Published 0, found 1, "), "\(third.stdout)")
        #expect(try await statuses(mock).count == 4)
    }

    /// A part added to a thread published long ago, on an account that has
    /// made hundreds of statuses since: whether it is there is read from
    /// its parent's replies, not from the account's statuses back to the
    /// thread's time. It is sent; with its record lost, it is found. Before,
    /// the look-up gave up past 400 statuses, and every run failed until
    /// max_attempts gave the part up.
    @Test func aPartAddedToAnOldThreadOnABusyAccountIsLookedForAmongItsParentsReplies() async throws {
        let mock = try await ServerProcess.mastodonMock()
        let repo = try repository(mock: mock)
        try repo.write("posts/t.yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [mock]\ntext: Start of the thread\n")
        let first = try await CLI.run(["publish", "-C", repo.root], environment: env)
        #expect(first.status == 0, "\(first.stdout)\n\(first.stderr)")
        let client = JSONClient(token: "mock_token")
        for i in 0..<410 { try await client.post(mock.baseURL + "/api/v1/statuses", json: ["status": "Busy status \(i)"]) }
        try repo.write("posts/t.yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [mock]\ntext: Start of the thread\nthread: [Added weeks later]\n")
        let added = try await CLI.run(["publish", "-C", repo.root], environment: env)
        #expect(added.status == 0, "\(added.stdout)\n\(added.stderr)")
        #expect(added.stdout.contains("Published 1, found 0, "), "\(added.stdout)")
        let recorded = try String(contentsOfFile: repo.root + "/state/mock.state", encoding: .utf8)
        func id(part: Int) -> String? {
            recorded.split(separator: "\n").last { $0.contains(" published ") && $0.contains(" part=\(part) ") }?
                .split(separator: " ").first { $0.hasPrefix("id=") }.map { String($0.dropFirst(3)) }
        }
        let replyID = try #require(id(part: 1))
        let reply = try #require(try await client.get(mock.baseURL + "/api/v1/statuses/\(replyID)") as? [String: Any])
        #expect(plain(reply["content"]) == "Added weeks later" && reply["in_reply_to_id"] as? String == id(part: 0))
        func count() async throws -> Int? {
            (try await client.get(mock.baseURL + "/api/v1/accounts/verify_credentials") as? [String: Any])?["statuses_count"] as? Int
        }
        let made = try await count()

        // Its record lost: found among the parent's replies, not sent again.
        try repo.write("state/mock.state", recorded.split(separator: "\n").filter { !$0.contains(" part=1 ") }.joined(separator: "\n") + "\n")
        let again = try await CLI.run(["publish", "-C", repo.root], environment: env)
        #expect(again.status == 0, "\(again.stdout)\n\(again.stderr)")
        #expect(again.stdout.contains("Published 0, found 1, "), "\(again.stdout)")
        #expect(try await count() == made && made == 412)
    }

    /// The mock says its images may be 10 MiB (/api/v2/instance), less than
    /// Mastodon's 16 MiB, which validation checks: an image between the two
    /// is not uploaded, and no status made, the mock's limit named.
    @Test func anImageOverTheInstancesLimitIsNotUploaded() async throws {
        let mock = try await ServerProcess.mastodonMock()
        let repo = try repository(mock: mock)
        try repo.write("media/big.png", TestMedia.png(bytes: 11_000_000, fill: 1))
        try repo.write("posts/big.yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [mock]\ntext: A large picture\nmedia:\n  - path: media/big.png\n    alt: Grey\n")
        let result = try await CLI.run(["publish", "-C", repo.root, "--verbose"], environment: env)
        #expect(result.status == 2, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("media file 'media/big.png' is 11,000,000 bytes, over the instance's limit of 10,485,760 bytes (10 MiB) for an image"),
                "\(result.stdout)")
        #expect(!result.stderr.contains("/api/v2/media"), "\(result.stderr)")
        #expect(try await statuses(mock).isEmpty)
    }

    /// The mock keeps its database and media in its TMPDIR, which the test
    /// removes with the server: test runs leave nothing in /tmp.
    @Test func theMockLeavesNothingBehind() async throws {
        var mock: ServerProcess? = try await ServerProcess.mastodonMock()
        let scratch = try #require(mock?.scratch.root)
        let held = try FileManager.default.contentsOfDirectory(atPath: scratch)
        #expect(held.contains { $0.hasPrefix("mastodon_mock_") && $0.hasSuffix(".sqlite") }, "\(held)")
        #expect(held.contains { $0.hasPrefix("mastodon_mock_media_") }, "\(held)")
        mock?.stop()
        mock = nil
        #expect(!FileManager.default.fileExists(atPath: scratch))
    }
}
