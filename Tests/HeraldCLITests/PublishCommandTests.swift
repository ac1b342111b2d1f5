import Foundation
import HeraldTestSupport
import Testing

/// publish's options and the README's main command, with the in-process sandbox.
@Suite struct PublishCommandTests {
    /// A copy of this repository's example content (the README's demo).
    func exampleCopy() throws -> TempDirectory {
        let dir = try TempDirectory()
        for item in ["herald.yaml", "accounts.yaml", "campaigns", "posts", "media"] {
            try FileManager.default.copyItem(atPath: CLI.packageRoot + "/" + item, toPath: dir.root + "/" + item)
        }
        return dir
    }

    @Test func readmeMainCommandPublishesOnceThenNothing() async throws {
        let repo = try exampleCopy()
        let first = try await CLI.run(["publish", "--sandbox", "--at", "2026-11-21T12:00:00+01:00"], directory: repo.root)
        #expect(first.status == 0, "\(first.stdout)\n\(first.stderr)")
        #expect(first.stdout.contains("+ published  2026/launch-teaser → acme-mastodon"))
        #expect(first.stdout.contains("+ published  2026/launch [2/2] → acme-mastodon"))
        #expect(first.stdout.contains("The sandbox now holds 3 posts:"))
        #expect(first.stdout.contains("[1 media]"))
        // Sandbox state stays out of state/.
        #expect(!FileManager.default.fileExists(atPath: repo.root + "/state"))
        // The lock file goes with the run: nothing but state is left to commit.
        #expect(try FileManager.default.contentsOfDirectory(atPath: repo.root + "/.herald/sandbox/state") == ["acme-mastodon.state"])
        let second = try await CLI.run(["publish", "--sandbox", "--at", "2026-11-21T12:00:00+01:00"], directory: repo.root)
        #expect(second.status == 0)
        #expect(second.stdout.contains("Nothing to publish."))
        #expect(second.stdout.contains("Published 0,"))
    }

    /// An account whose entry in the credentials file is not used (its
    /// token written twice): plan and publish say so, and where, rather
    /// than "add access_token to the credentials file", which holds it
    /// twice already; the error is said once, not per account an alias
    /// gives the entry to, nor also as a bare "duplicate key".
    @Test func anUnusedCredentialsEntryIsNamedByItsItems() async throws {
        let repo = try TempDirectory()
        try repo.write("herald.yaml", "timezone: UTC\n")
        try repo.write("accounts.yaml", "accounts:\n  m1: { platform: mastodon, instance: https://one.example }\n  m2: { platform: mastodon, instance: https://two.example }\n")
        try repo.write("posts/a.yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [m1, m2]\ntext: Due\n")
        let home = try TempDirectory()
        try home.write("credentials.yaml", "accounts:\n  m1: &shared\n    access_token: placeholder-twice-1\n    access_token: placeholder-twice-2\n  m2: *shared\n")
        chmod(home.root + "/credentials.yaml", 0o600)
        let file = home.root + "/credentials.yaml"
        let environment = CLI.environment(["HERALD_CREDENTIALS_FILE": file])
        for command in [["plan"], ["publish", "--at", "2026-11-02T09:00:00Z"]] {
            let result = try await CLI.run(command + ["-C", repo.root], environment: environment)
            #expect(result.status == 1, "\(result.stdout)\n\(result.stderr)")
            for account in ["m1", "m2"] {
                #expect(result.stdout.contains("no credentials: the credentials file's entry for '\(account)' is not used (a field is written twice in it, at \(file):4:5 "
                                               + "and line 3); keep one of what is written twice, or set HERALD_\(account.uppercased())_ACCESS_TOKEN"), "\(result.stdout)")
            }
            #expect(result.stderr.components(separatedBy: "\(file):4:5: error:").count == 2, "\(result.stderr)")
            #expect(result.stderr.contains("\(file):4:5: error: a field is written twice in an account's entry (first at line 3): which was meant cannot be told, "
                                           + "so the entry is not used (keep one, and delete the other)"), "\(result.stderr)")
            #expect(!(result.stdout + result.stderr).contains("placeholder-twice"))
        }
    }

    /// One token given to accounts of two instances is no account shared,
    /// but a token pasted for the wrong one: a warning says so, and neither
    /// is held as one account (the instance that did not issue it refuses
    /// it). Before, both were blocked as "one account".
    @Test func aTokenGivenForTwoInstancesIsAPasteNotOneAccount() async throws {
        let repo = try TempDirectory()
        try repo.write("herald.yaml", "timezone: UTC\n")
        try repo.write("accounts.yaml", "accounts:\n  a1: { platform: mastodon, instance: https://a.example }\n  b1: { platform: mastodon, instance: https://b.example }\n")
        try repo.write("posts/p.yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [a1, b1]\ntext: Due\n")
        let environment = CLI.environment(["HERALD_A1_ACCESS_TOKEN": "test-token-1", "HERALD_B1_ACCESS_TOKEN": "test-token-1"])
        let plan = try await CLI.run(["plan", "-C", repo.root, "--at", "2026-11-01T09:00:00Z"], environment: environment)
        #expect(plan.stderr.contains("accounts.yaml:3:3: warning: account 'b1' is given the same access token as 'a1', whose instance is written otherwise: "
                                     + "one instance written two ways (then they are one account, which publish asks about and sends nothing to), or a token "
                                     + "pasted for the wrong account, which its instance refuses (write the instance one way, or give each the token its own "
                                     + "instance issued)"), "\(plan.stderr)")
        #expect(!plan.stdout.contains("one access token"), "\(plan.stdout)")
        #expect(plan.stdout.contains("+ publish      p  a1") && plan.stdout.contains("+ publish      p  b1"), "\(plan.stdout)")
    }

    /// The in-process sandbox keeps what it holds from run to run, as its
    /// records are kept: a part added to a published thread replies to its
    /// first parts there. Before, each run started an empty sandbox, and
    /// the new part failed with a 404 on every run until it was given up.
    @Test func theInProcessSandboxKeepsItsPostsBetweenRuns() async throws {
        let repo = try exampleCopy()
        let at = ["--at", "2026-11-21T12:00:00+01:00"]
        let dry = try await CLI.run(["publish", "--sandbox", "--dry-run"] + at, directory: repo.root)
        #expect(dry.status == 0)
        #expect(!FileManager.default.fileExists(atPath: repo.root + "/.herald"), "a dry run writes nothing")
        let first = try await CLI.run(["publish", "--sandbox"] + at, directory: repo.root)
        #expect(first.status == 0, "\(first.stdout)\n\(first.stderr)")
        let thread = repo.root + "/posts/2026/launch.yaml"
        try (String(contentsOfFile: thread, encoding: .utf8) + "  - text: Part three, added later.\n").write(toFile: thread, atomically: true, encoding: .utf8)
        let second = try await CLI.run(["publish", "--sandbox"] + at, directory: repo.root)
        #expect(second.status == 0, "\(second.stdout)\n\(second.stderr)")
        #expect(second.stdout.contains("+ published  2026/launch [3/3] → acme-mastodon"), "\(second.stdout)")
        #expect(second.stdout.contains("The sandbox now holds 4 posts:"), "\(second.stdout)")
        let rows = second.stdout.split(separator: "\n").filter { $0.hasPrefix("  mastodon/acme-mastodon  #") }
        let ids = rows.map { $0.split(separator: " ")[1].dropFirst() }
        #expect(rows.count == 4 && rows[3].hasSuffix("↳ reply to \(ids[2])"), "\(rows)")
    }

    /// Two runs at once, one per account, each keep their posts in the
    /// in-process sandbox's file, beside the other's. Before the re-check,
    /// the last run to end wrote over the other's.
    @Test func twoSandboxRunsAtOnceKeepBothTheirPosts() async throws {
        let repo = try TempDirectory()
        try repo.write("herald.yaml", "timezone: UTC\n")
        try repo.write("accounts.yaml", "accounts:\n  m1: { platform: mastodon, instance: https://one.example }\n  m2: { platform: mastodon, instance: https://two.example }\n")
        for i in 0..<6 { try repo.write("posts/p\(i).yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [m\(i % 2 + 1)]\ntext: Post \(i)\n") }
        let root = repo.root
        async let one = CLI.run(["publish", "--sandbox", "--account", "m1", "-C", root])
        async let two = CLI.run(["publish", "--sandbox", "--account", "m2", "-C", root])
        let (first, second) = try await (one, two)
        #expect(first.status == 0 && second.status == 0, "\(first.stdout)\n\(second.stdout)")
        let kept = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: repo.root + "/.herald/sandbox/posts.json"))) as? [[String: Any]])
        #expect(kept.filter { $0["kind"] as? String == "status" }.compactMap { $0["account"] as? String }.sorted() == ["m1", "m1", "m1", "m2", "m2", "m2"])
    }

    @Test func dryRunSendsAndWritesNothing() async throws {
        let repo = try exampleCopy()
        let result = try await CLI.run(["publish", "--sandbox", "--dry-run", "--at", "2026-11-21T12:00:00+01:00"], directory: repo.root)
        #expect(result.status == 0)
        #expect(result.stdout == """
            would publish  2026/launch-teaser → acme-mastodon  (due over 3 days ago with no record: looked for on Mastodon first, sent only if not there)
            would publish  2026/launch [1/2] → acme-mastodon  (due over a day ago with no record: looked for on Mastodon first, sent only if not there)
            would publish  2026/launch [2/2] → acme-mastodon  (due over a day ago with no record: looked for on Mastodon first, sent only if not there)
            Dry run: 3 items would be published; nothing was sent.

            """)
        // Not even the state folder or its lock.
        #expect(!FileManager.default.fileExists(atPath: repo.root + "/.herald"))
        // With a state folder, the dry run waits for the lock like a run, and leaves no lock file behind.
        try repo.write(".herald/sandbox/state/README", "kept\n")
        let again = try await CLI.run(["publish", "--sandbox", "--dry-run", "--at", "2026-11-21T12:00:00+01:00"], directory: repo.root)
        #expect(again.stdout == result.stdout)
        #expect(try FileManager.default.contentsOfDirectory(atPath: repo.root + "/.herald/sandbox/state") == ["README"])
    }

    /// A file where the state folder should be stops the run before anything
    /// is sent, with the path in the way; the dry run says so too.
    @Test func aFileInTheWayOfTheStateFolderIsAClearError() async throws {
        let repo = try exampleCopy()
        try repo.write(".herald/sandbox", "not a folder\n")
        for dry in [["--dry-run"], []] {
            let result = try await CLI.run(["publish", "--sandbox", "--at", "2026-11-21T12:00:00+01:00"] + dry, directory: repo.root)
            #expect(result.status == 1)
            #expect(result.stderr.hasSuffix("/.herald/sandbox: it is a file; herald keeps its state in a folder there\n"), "\(result.stderr)")
            #expect(result.stderr.hasPrefix("error: cannot write state at /"))
            #expect(!result.stdout.contains("published"))
        }
        #expect(try String(contentsOfFile: repo.root + "/.herald/sandbox", encoding: .utf8) == "not a folder\n")
    }

    /// A state file that stops growing part way through a record (a full
    /// disk; here the file size limit, `ulimit -f`) keeps none of it: the
    /// write is cut off again, nothing is sent, and the run exits 1, since
    /// no run gets further until a person sees to it. Before, the part
    /// written stayed (`hash=4af83` with no newline), read as a record that
    /// blocked the account, and the run exited 2, "retried next run".
    @Test func aRecordTheStateFileHasNoRoomForLeavesNothingOfItself() async throws {
        let repo = try TempDirectory()
        try repo.write("herald.yaml", "timezone: UTC\n")
        try repo.write("accounts.yaml", "accounts:\n  m1: { platform: mastodon, instance: https://one.example }\n")
        try repo.write("posts/full.yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [m1]\ntext: Sent when the disk is full\n")
        // 976 bytes of records: the next one crosses the limit of 1,024 (two blocks of 512).
        let records = (0..<12).map { "2026-10-01T09:00:0\($0 % 10)Z published post=old-\($0) part=0 hash=0123456789abcdef id=\(1000 + $0)\n" }
        let state = "herald-state 1 account=m1\n" + records.joined()
        #expect(state.utf8.count == 976)
        try repo.write(".herald/sandbox/state/m1.state", state)
        let result = try await CLI.runProgram("/bin/sh", ["-c", "trap '' XFSZ; ulimit -f 2; exec \"$0\" publish --sandbox -C \"$1\"", CLI.binary, repo.root])
        #expect(result.status == 1, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("✗ failed     full → m1  state not written, nothing sent: cannot write state at "), "\(result.stdout)")
        #expect(result.stdout.contains("The sandbox holds no posts from this run."))
        #expect(try String(contentsOfFile: repo.root + "/.herald/sandbox/state/m1.state", encoding: .utf8) == state)

        // Room for the intent, not for the answer: the intent stays whole, and nothing of the answer.
        let shorter = "herald-state 1 account=m1\n" + records.dropLast(2).joined()
        try repo.write(".herald/sandbox/state/m1.state", shorter)
        let second = try await CLI.runProgram("/bin/sh", ["-c", "trap '' XFSZ; ulimit -f 2; exec \"$0\" publish --sandbox -C \"$1\"", CLI.binary, repo.root])
        #expect(second.status == 3, "\(second.stdout)\n\(second.stderr)")
        #expect(second.stdout.contains("but the state could not be written"), "\(second.stdout)")
        let written = try String(contentsOfFile: repo.root + "/.herald/sandbox/state/m1.state", encoding: .utf8)
        #expect(written.hasPrefix(shorter) && written.hasSuffix("\n"), "\(written)")
        #expect(written.dropFirst(shorter.count).split(separator: "\n").map { $0.split(separator: " ")[1] } == ["intent"], "\(written)")
        let plan = try await CLI.run(["plan", "--sandbox", "-C", repo.root])
        #expect(!plan.stderr.contains("state record"), "\(plan.stderr)")

        // A thread: its later parts, held by the part that could not be recorded, exit 1 with it, not 2.
        try repo.write("posts/full.yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [m1]\ntext: Sent when the disk is full\nthread: [And more]\n")
        try repo.write(".herald/sandbox/state/m1.state", state)
        // A sandbox without the status the run before made (it keeps what it holds from run to run), as the records say.
        try FileManager.default.removeItem(atPath: repo.root + "/.herald/sandbox/posts.json")
        let thread = try await CLI.runProgram("/bin/sh", ["-c", "trap '' XFSZ; ulimit -f 2; exec \"$0\" publish --sandbox -C \"$1\"", CLI.binary, repo.root])
        #expect(thread.status == 1, "\(thread.stdout)\n\(thread.stderr)")
        #expect(thread.stdout.contains("- skipped    full [2/2] → m1  an earlier part of this thread did not go out"), "\(thread.stdout)")
    }

    /// A dry run in a CI check fails where the run would: errors in files or
    /// blocked items exit 1, as publish does, and still nothing is sent.
    @Test func dryRunExitsAsTheRunWould() async throws {
        let repo = try exampleCopy()
        try repo.write("posts/typo.yaml", "publish_at: 2026-11-20T09:00:00Z\naccounts: [acme-mastodon, acme-twiter]\ntext: hi\n")
        let result = try await CLI.run(["publish", "--sandbox", "--dry-run", "--at", "2026-11-21T12:00:00+01:00"], directory: repo.root)
        #expect(result.status == 1)
        #expect(result.stderr.contains("posts/typo.yaml:2:27: error: unknown account 'acme-twiter' (did you mean 'acme-x'?)"))
        #expect(result.stdout.hasSuffix("Dry run: 3 items would be published; nothing was sent.\n"))
        // What will not go out is listed with why, as in a run: the exit status is explained.
        #expect(result.stdout.hasPrefix("! blocked    typo → acme-mastodon  the post also names unknown account 'acme-twiter'; none of its accounts is published until that is fixed\n"
            + "! blocked    typo → acme-twiter  unknown account 'acme-twiter' (did you mean 'acme-x'?)\n"), "\(result.stdout)")
        #expect(!FileManager.default.fileExists(atPath: repo.root + "/.herald/sandbox/state/acme-mastodon.state"))
    }

    /// The JSON report lists what did not go out and needs someone, with
    /// why, as the text report does: a script reading it can tell why the
    /// run exited 1.
    @Test func jsonReportListsWhatNeedsAttention() async throws {
        let repo = try exampleCopy()
        try repo.write("posts/typo.yaml", "publish_at: 2026-11-20T09:00:00Z\naccounts: [acme-twiter]\ntext: hi\n")
        let result = try await CLI.run(["publish", "--sandbox", "--at", "2026-11-21T12:00:00+01:00", "--format", "json"], directory: repo.root)
        #expect(result.status == 1, "\(result.stdout)\n\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let results = try #require(object["results"] as? [[String: Any]])
        let blocked = results.filter { $0["result"] as? String == "blocked" }
        #expect(blocked.map { $0["post"] as? String } == ["typo"])
        #expect(blocked.first?["message"] as? String == "unknown account 'acme-twiter' (did you mean 'acme-x'?)")
        #expect(results.filter { $0["result"] as? String == "published" }.count == 3)
        #expect(results.filter { $0["result"] as? String == "published" }.allSatisfy { $0["early"] as? Bool == false && $0["publish_at"] is String })
        let summary = try #require(object["summary"] as? [String: Int])
        #expect(summary["blocked"] == 1 && summary["published"] == 3)
    }

    @Test func nowPublishesOnePostWhateverItsTime() async throws {
        let repo = try exampleCopy()
        let result = try await CLI.run(["publish", "--sandbox", "--now", "2026/holiday-hours", "--at", "2026-11-21T12:00:00+01:00", "--format", "json"],
                                 directory: repo.root)
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["schema"] as? String == "herald.publish/v1")
        let results = try #require(object["results"] as? [[String: Any]])
        #expect(results.map { $0["post"] as? String } == ["2026/holiday-hours"])
        #expect(results.first?["result"] as? String == "published")
        let draft = try await CLI.run(["publish", "--sandbox", "--now", "drafts/roadmap"], directory: repo.root)
        #expect(draft.status == 64)
        #expect(draft.stderr.contains("post 'drafts/roadmap' is a draft; remove 'draft: true' first"))
        let missing = try await CLI.run(["publish", "--sandbox", "--now", "nope"], directory: repo.root)
        #expect(missing.status == 64)
        #expect(missing.stderr == "Error: no post 'nope' (ids are paths under posts/ without .yaml)\n")
        // A file's path where the id goes: the id it names.
        let path = try await CLI.run(["publish", "--sandbox", "--now", "./posts/2026/holiday-hours.yaml"], directory: repo.root)
        #expect(path.stderr == "Error: no post './posts/2026/holiday-hours.yaml' (ids are paths under posts/ without .yaml); did you mean '2026/holiday-hours'?\n")
        let misspelt = try await CLI.run(["publish", "--sandbox", "--now", "posts/2026/holiday-hour.yaml"], directory: repo.root)
        #expect(misspelt.stderr == "Error: no post 'posts/2026/holiday-hour.yaml' (ids are paths under posts/ without .yaml); did you mean '2026/holiday-hours'?\n")
        let typo = try await CLI.run(["publish", "--sandbox", "--now", "2026/holiday-hour"], directory: repo.root)
        #expect(typo.status == 64)
        #expect(typo.stderr == "Error: no post '2026/holiday-hour' (ids are paths under posts/ without .yaml); did you mean '2026/holiday-hours'?\n")
        let elsewhere = try await CLI.run(["publish", "--sandbox", "--now", "2026/holiday-hours", "--account", "acme-x"], directory: repo.root)
        #expect(elsewhere.status == 64)
        #expect(elsewhere.stderr == "Error: post '2026/holiday-hours' does not go to account 'acme-x'\n")
    }

    /// `--now` sends only the posts it names; the due items it leaves for a
    /// later run are counted, so a run that sent one post is not read as
    /// all caught up.
    @Test func nowCountsTheDueItemsItLeaves() async throws {
        let repo = try exampleCopy()
        let args = ["publish", "--sandbox", "--now", "2026/holiday-hours", "--at", "2026-12-31T12:00:00+01:00"]
        let dry = try await CLI.run(args + ["--dry-run"], directory: repo.root)
        #expect(dry.stdout.hasSuffix("Dry run: 1 item would be published; nothing was sent. 3 other due items left for a later run (posts --now did not name).\n"),
                "\(dry.stdout)")
        let json = try await CLI.run(args + ["--format", "json"], directory: repo.root)
        #expect(json.status == 0, "\(json.stdout)\n\(json.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let summary = try #require(object["summary"] as? [String: Int])
        #expect(summary["published"] == 1 && summary["left_by_now"] == 3)
        // The three left go out on the next run, which names none.
        let rest = try await CLI.run(["publish", "--sandbox", "--at", "2026-12-31T12:00:00+01:00"], directory: repo.root)
        #expect(rest.stdout.contains("Published 3, found 0") && !rest.stdout.contains("left for a later run"), "\(rest.stdout)")
    }

    /// A dry run's JSON lists what will not go out with why, as its text
    /// does: a CI step reading it sees the blocked item its status fails on.
    @Test func aDryRunsJSONListsWhatWillNotGoOut() async throws {
        let repo = try exampleCopy()
        try repo.write("posts/bad.yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [acme-mastodon]\ntext: \"bad \\x07 one\"\n")
        let result = try await CLI.run(["publish", "--sandbox", "--dry-run", "--format", "json", "--at", "2026-12-31T12:00:00+01:00"],
                                       directory: repo.root)
        #expect(result.status == 1, "\(result.stdout)\n\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let items = try #require(object["items"] as? [[String: Any]])
        let actions = items.map { "\($0["post"] ?? "") \($0["action"] ?? "")" }
        #expect(actions.contains("bad blocked") && actions.contains("2026/holiday-hours publish"), "\(actions)")
        #expect(!actions.contains { $0.hasSuffix(" wait") || $0.hasSuffix(" done") }, "\(actions)")
        let summary = try #require(object["summary"] as? [String: Int])
        #expect(summary["blocked"] == 1 && summary["publish"] == 4, "\(summary)")
        let blocked = try #require(items.first { $0["post"] as? String == "bad" })
        #expect((blocked["reason"] as? String ?? "").contains("U+0007"), "\(blocked)")
    }

    /// `publish --at` a later time sends what is due by then, before its
    /// time, and says so on each line, the due time in herald.yaml's zone as
    /// the plan shows it; what is due by the clock is not marked.
    @Test func atALaterTimeSendsEarlyAndSaysSo() async throws {
        let repo = try exampleCopy()
        try "publish_at: 2098-06-01T00:00:00Z\naccounts: [acme-mastodon]\ntext: Far ahead.\n"
            .write(toFile: repo.root + "/posts/far.yaml", atomically: true, encoding: .utf8)
        let result = try await CLI.run(["publish", "--sandbox", "--at", "2099-01-01T00:00:00Z"], directory: repo.root)
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        let published = result.stdout.split(separator: "\n").filter { $0.hasPrefix("+ published") }
        #expect(published.contains { $0.contains(" far → acme-mastodon") && $0.hasSuffix(" (before its time: due 2098-06-01T02:00:00+02:00)") })
        #expect(published.contains { $0.contains("2026/launch-teaser") && !$0.contains("before its time") })
        // The JSON report says it as well, with the time it was due.
        try "publish_at: 2098-06-02T00:00:00Z\naccounts: [acme-mastodon]\ntext: Farther ahead.\n"
            .write(toFile: repo.root + "/posts/farther.yaml", atomically: true, encoding: .utf8)
        let json = try await CLI.run(["publish", "--sandbox", "--at", "2099-01-01T00:00:00Z", "--format", "json"], directory: repo.root)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let results = try #require(object["results"] as? [[String: Any]])
        #expect(results.count == 1)
        #expect(results.first?["post"] as? String == "farther")
        #expect(results.first?["publish_at"] as? String == "2098-06-02T00:00:00Z")
        #expect(results.first?["early"] as? Bool == true)
    }

    /// A proxy in the environment (a CI runner's) is not used for this
    /// machine: the sandbox, or a local instance over plain http, whose
    /// token would otherwise travel to the proxy.
    @Test func noProxyCarriesRequestsToThisMachine() async throws {
        let repo = try exampleCopy()
        let result = try await CLI.run(["publish", "--sandbox"], environment: CLI.environment(["http_proxy": "http://127.0.0.1:1", "HTTP_PROXY": "http://127.0.0.1:1"]),
                                       directory: repo.root)
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("Published 3,"), "\(result.stdout)")
    }

    /// A post not due yet, published with --now to an account without
    /// credentials, is blocked for them, as a due post is: nothing is sent.
    @Test func nowChecksCredentialsAsForADuePost() async throws {
        let repo = try exampleCopy()
        let result = try await CLI.run(["publish", "--now", "2026/holiday-hours", "--at", "2026-11-21T12:00:00+01:00"], directory: repo.root)
        #expect(result.status == 1, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("! blocked    2026/holiday-hours → acme-mastodon  no credentials: set HERALD_ACME_MASTODON_ACCESS_TOKEN"),
                "\(result.stdout)")
        #expect(result.stdout.contains("Published 0, found 0, failed 0"), "\(result.stdout)")
    }

    /// --now repeated publishes each post named; one it cannot find stops
    /// the run before anything is sent. It took only the last.
    @Test func nowRepeatedPublishesEachPost() async throws {
        let repo = try exampleCopy()
        try repo.write("posts/later.yaml", "publish_at: 2027-01-10T09:00:00Z\naccounts: [acme-mastodon]\ntext: Later, now.\n")
        let bad = try await CLI.run(["publish", "--sandbox", "--now", "later", "--now", "nope", "--at", "2026-11-21T12:00:00+01:00"], directory: repo.root)
        #expect(bad.status == 64)
        #expect(!FileManager.default.fileExists(atPath: repo.root + "/.herald/sandbox/state/acme-mastodon.state"))
        let result = try await CLI.run(["publish", "--sandbox", "--now", "2026/holiday-hours", "--now", "later", "--at", "2026-11-21T12:00:00+01:00",
                                        "--format", "json"], directory: repo.root)
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let results = try #require(object["results"] as? [[String: Any]])
        #expect(Set(results.compactMap { $0["post"] as? String }) == ["2026/holiday-hours", "later"])
        #expect(results.allSatisfy { $0["result"] as? String == "published" })
    }

    @Test func badOptionsAreUsageErrors() async throws {
        for count in ["0", "65", "1000"] {
            let jobs = try await CLI.run(["publish", "--sandbox", "--jobs", count])
            #expect(jobs.status == 64)
            #expect(jobs.stderr.contains("--jobs must be from 1 to 64, as herald.yaml's concurrency"), "\(jobs.stderr)")
        }
        let both = try await CLI.run(["publish", "--sandbox", "--sandbox-url", "http://127.0.0.1:1"])
        #expect(both.status == 64)
        #expect(both.stderr.contains("use --sandbox or --sandbox-url, not both"))
    }

    /// A mistyped --ca-file is refused before anything is planned or sent;
    /// it would otherwise fail every request and count against every item.
    @Test func unusableCAFileIsAUsageError() async throws {
        let repo = try exampleCopy()
        try repo.write("notes.txt", "not a certificate\n")
        let cases = [
            (repo.root + "/missing.pem", "extra CA file \(repo.root)/missing.pem: cannot read the file: No such file or directory"),
            (repo.root + "/media", "extra CA file \(repo.root)/media: not a regular file"),
            (repo.root + "/notes.txt", "extra CA file \(repo.root)/notes.txt holds no PEM certificate"),
        ]
        for (path, message) in cases {
            let result = try await CLI.run(["publish", "--sandbox", "--at", "2026-11-21T12:00:00+01:00", "--ca-file", path], directory: repo.root)
            #expect(result.status == 64)
            #expect(result.stderr.hasPrefix("Error: --ca-file: \(message)\n"), "\(result.stderr)")
            #expect(result.stdout.isEmpty)
        }
        #expect(!FileManager.default.fileExists(atPath: repo.root + "/.herald"), "nothing was recorded")
    }

    @Test func missingCredentialsBlockAndExitOne() async throws {
        let repo = try exampleCopy()
        let result = try await CLI.run(["publish", "--at", "2026-11-21T12:00:00+01:00"], directory: repo.root)
        #expect(result.status == 1)
        // What is due is blocked, listed above: not "nothing to publish".
        #expect(result.stdout.contains("Nothing sent: the items above need attention first."))
        #expect(!result.stdout.contains("Nothing to publish."))
        #expect(result.stdout.contains("3 blocked"))
        #expect(result.stdout.contains("! blocked    2026/launch-teaser → acme-mastodon  no credentials: set HERALD_ACME_MASTODON_ACCESS_TOKEN or add access_token for 'acme-mastodon' to the credentials file"))
    }

    /// A post that goes to no account is named with what needs fixing; the rest is published.
    @Test func aPostThatGoesNowhereIsNamed() async throws {
        let repo = try exampleCopy()
        try repo.write("posts/2026/stray.yaml", "publish_at: 2026-11-20T09:00:00Z\ncampaign: winter-lunch\ntext: Where does this go?\n")
        let result = try await CLI.run(["publish", "--sandbox", "--at", "2026-11-21T12:00:00+01:00"], directory: repo.root)
        #expect(result.status == 1)
        #expect(result.stdout.contains("! blocked    2026/stray → (no account)  unknown campaign 'winter-lunch' (did you mean 'winter-launch'?)\n"), "\(result.stdout)")
        #expect(result.stdout.contains("Published 3, "), "\(result.stdout)")
    }

    /// The credentials file is the user's, for every repository they
    /// publish from: a value that is no credential under another
    /// repository's account is a warning here, and the plan exits 0; under
    /// an account of this repository, it is an error. The value is never shown.
    @Test func aBrokenEntryOfAnotherRepositorysAccountDoesNotStopThisOne() async throws {
        let repo = try exampleCopy()
        let home = try TempDirectory()
        let env = CLI.environment(["HERALD_CREDENTIALS_FILE": home.root + "/credentials.yaml"])
        let at = ["--at", "2026-11-01T12:00:00+01:00"]
        try home.write("credentials.yaml", "accounts:\n  other-repo:\n    access_token: yes\n  acme-x:\n    access_token: placeholder-cred-71\n")
        chmod(home.root + "/credentials.yaml", 0o600)
        let other = try await CLI.run(["plan"] + at, environment: env, directory: repo.root)
        #expect(other.status == 0, "\(other.stdout)\n\(other.stderr)")
        #expect(other.stderr.contains("credentials.yaml:3:19: warning: a credential must be a string, found a boolean (under 'other-repo', which is no account of this repository)"), "\(other.stderr)")

        try home.write("credentials.yaml", "accounts:\n  acme-mastodon:\n    access_token: yes\n")
        chmod(home.root + "/credentials.yaml", 0o600)
        let own = try await CLI.run(["plan"] + at, environment: env, directory: repo.root)
        #expect(own.status == 1, "\(own.stdout)\n\(own.stderr)")
        #expect(own.stderr.contains("credentials.yaml:3:19: error: a credential must be a string, found a boolean"), "\(own.stderr)")
        for run in [other, own] { #expect(!(run.stdout + run.stderr).contains("placeholder-cred"), "\(run.stdout)\(run.stderr)") }
    }
}
