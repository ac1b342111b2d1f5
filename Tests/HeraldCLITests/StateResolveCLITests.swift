import Foundation
import HeraldTestSupport
import Testing
import HeraldKit

@Suite struct StateResolveCLITests {
    func repository() throws -> TempDirectory {
        let repo = try TempDirectory()
        try repo.write("accounts.yaml", "accounts:\n  m1: { platform: mastodon, instance: https://one.example }\n")
        try repo.write("posts/a.yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [m1]\ntext: Hello\nthread: [Two]\n")
        try repo.write("state/m1.state", "herald-state 1 account=m1\n2026-11-01T09:00:01Z unknown post=a part=0 hash=0123456789abcdef error=timed%20out\n")
        return repo
    }

    let env = CLI.environment(["HERALD_M1_ACCESS_TOKEN": "placeholder"])

    func actions(_ repo: TempDirectory) async throws -> [String] {
        let plan = try await CLI.run(["plan", "-C", repo.root, "--at", "2026-11-02T00:00:00Z", "--format", "json"], environment: env)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(plan.stdout.utf8)) as? [String: Any])
        return (object["items"] as? [[String: Any]] ?? []).map { "\($0["part"] as? Int ?? -1):\($0["action"] as? String ?? "")" }
    }

    @Test func unknownThenResolvedAsPublished() async throws {
        let repo = try repository()
        await #expect(try actions(repo) == ["0:unknown", "1:blocked"])
        // Run from its folder, the command names no repository; with -C, it names the one herald ran on.
        let plan = try await CLI.run(["plan", "--at", "2026-11-02T00:00:00Z"], environment: env, directory: repo.root)
        #expect(plan.stdout.contains("then run 'herald state resolve a --account m1 --published ID' (its id on the platform), or the same with --absent in place of --published ID if it is not there"))
        let named = try await CLI.run(["plan", "-C", repo.root, "--at", "2026-11-02T00:00:00Z"], environment: env)
        #expect(named.stdout.contains("then run 'herald -C \(repo.root) state resolve a --account m1 --published ID'"), "\(named.stdout)")
        let result = try await CLI.run(["state", "resolve", "a", "--account", "m1", "--published", "109", "-C", repo.root], environment: env)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "Recorded: a part 1 is on m1 as 109\n")
        // Recorded with the hash of what was sent, so the plan sees it as published (drift here: the text hash differs).
        await #expect(try actions(repo) == ["0:drift", "1:publish"])
    }

    /// A platform's long answer is quoted cut short, so that the command to
    /// run after it shows whole: in the plan, its markdown, and publish.
    @Test func aLongErrorLeavesTheCommandWhole() async throws {
        let repo = try repository()
        let long = "gateway%20said%3A%20" + String(repeating: "x", count: 900) + "%20end"
        try repo.write("state/m1.state", "herald-state 1 account=m1\n2026-11-01T09:00:01Z unknown post=a part=0 hash=0123456789abcdef error=\(long)\n")
        let command = "then run 'herald -C \(repo.root) state resolve a --account m1 --published ID' (its id on the platform), or the same with --absent in place of --published ID if it is not there"
        let plan = try await CLI.run(["plan", "-C", repo.root, "--at", "2026-11-02T00:00:00Z"], environment: env)
        let markdown = try await CLI.run(["plan", "-C", repo.root, "--at", "2026-11-02T00:00:00Z", "--format", "markdown"], environment: env)
        let publish = try await CLI.run(["publish", "-C", repo.root, "--dry-run"], environment: env)
        for output in [plan.stdout, markdown.stdout.replacingOccurrences(of: "\\", with: ""), publish.stdout] {
            #expect(output.contains(command), "\(output)")
            #expect(output.contains("(gateway said: xxx"), "\(output)")
            #expect(!output.contains(String(repeating: "x", count: 200)), "\(output)")
        }
    }

    /// An id already recorded for another part is refused: recorded twice,
    /// the second post would show as done and never be sent.
    @Test func anIdRecordedForAnotherPartIsRefused() async throws {
        let repo = try repository()
        try repo.write("posts/b.yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [m1]\ntext: Other\n")
        let first = try await CLI.run(["state", "resolve", "a", "--account", "m1", "--published", "109", "-C", repo.root], environment: env)
        #expect(first.status == 0, "\(first.stderr)")
        let second = try await CLI.run(["state", "resolve", "b", "--account", "m1", "--published", "109", "-C", repo.root], environment: env)
        #expect(second.status == 64)
        #expect(second.stderr == "Error: 109 is already recorded as a part 1 on m1: a post on the platform is one part; check the id\n")
        let state = try String(contentsOfFile: repo.root + "/state/m1.state", encoding: .utf8)
        #expect(!state.contains("post=b"))
        // The same text in two posts (a reminder each week): the id of one is not the other's.
        try repo.write("posts/c.yaml", "publish_at: 2026-11-08T09:00:00Z\naccounts: [m1]\ntext: Office hours today!\n")
        try repo.write("posts/d.yaml", "publish_at: 2026-11-15T09:00:00Z\naccounts: [m1]\ntext: Office hours today!\n")
        let weekOne = try await CLI.run(["state", "resolve", "c", "--account", "m1", "--published", "555", "-C", repo.root], environment: env)
        #expect(weekOne.status == 0, "\(weekOne.stderr)")
        let weekTwo = try await CLI.run(["state", "resolve", "d", "--account", "m1", "--published", "555", "-C", repo.root], environment: env)
        #expect(weekTwo.status == 64)
        #expect(weekTwo.stderr == "Error: 555 is already recorded as c part 1 on m1: a post on the platform is one part; check the id\n")
    }

    /// A state file herald cannot read whole (a newer version's, a damaged
    /// record) is not written to: the account stays blocked until repaired.
    @Test func aStateFileHeraldCannotReadIsNotWritten() async throws {
        let repo = try repository()
        for content in ["herald-state 2 account=m1\n", "herald-state 1 account=m1\n2026-11-01T09:00:01Z publishd post=a part=0 hash=0123456789abcdef id=1\n"] {
            try repo.write("state/m1.state", content)
            let result = try await CLI.run(["state", "resolve", "a", "--account", "m1", "--published", "109", "-C", repo.root], environment: env)
            #expect(result.status == 1)
            #expect(result.stderr.hasPrefix("Error: the state file of 'm1' "), "\(result.stderr)")
            #expect(result.stderr.hasSuffix("; nothing recorded (herald validate shows the problems)\n"), "\(result.stderr)")
            #expect(try String(contentsOfFile: repo.root + "/state/m1.state", encoding: .utf8) == content)
        }
    }

    /// A post not yet due, found absent, goes out at its time: said so.
    @Test func absentBeforeItsTimeGoesOutAtItsTime() async throws {
        let repo = try repository()
        try repo.write("posts/later.yaml", "publish_at: 2098-01-01T09:00:00Z\naccounts: [m1]\ntext: Later\n")
        try repo.write("state/m1.state", "herald-state 1 account=m1\n2097-12-01T09:00:01Z unknown post=later part=0 hash=0123456789abcdef error=x\n")
        let later = try await CLI.run(["state", "resolve", "later", "--account", "m1", "--absent", "-C", repo.root], environment: env)
        #expect(later.stdout == "Recorded: later part 1 is not on m1; publish sends it when it is due, 2098-01-01T09:00:00+00:00.\n", "\(later.stderr)")
        // On a platform this herald cannot publish to, no publish sends it: said so.
        try repo.write("accounts.yaml", "accounts:\n  m1: { platform: mastodon, instance: https://one.example }\n  x1: { platform: x, handle: acme }\n")
        try repo.write("posts/x.yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [x1]\ntext: For X\n")
        let x = try await CLI.run(["state", "resolve", "x", "--account", "x1", "--absent", "-C", repo.root], environment: env)
        #expect(x.stdout == "Recorded: x part 1 is not on x1; herald \(HeraldInfo.version) cannot publish to X yet: a version that can will send it.\n", "\(x.stderr)")
        // A post whose file is gone: no publish sends it, said so.
        try repo.write("state/m1.state", "herald-state 1 account=m1\n2026-11-01T09:00:01Z unknown post=gone part=0 hash=0123456789abcdef error=x\n")
        let gone = try await CLI.run(["state", "resolve", "gone", "--account", "m1", "--absent", "-C", repo.root], environment: env)
        #expect(gone.stdout == "Recorded: gone part 1 is not on m1; no publish sends it: there is no post 'gone' (its file is gone).\n", "\(gone.stderr)")
    }

    @Test func unknownThenResolvedAsAbsent() async throws {
        let repo = try repository()
        let result = try await CLI.run(["state", "resolve", "a", "--account", "m1", "--absent", "-C", repo.root], environment: env)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "Recorded: a part 1 is not on m1; the next publish sends it.\n")
        await #expect(try actions(repo) == ["0:publish", "1:publish"])
        // Said once: a second time is refused, not recorded again.
        let again = try await CLI.run(["state", "resolve", "a", "--account", "m1", "--absent", "-C", repo.root], environment: env)
        #expect(again.status == 64)
        #expect(again.stderr == "Error: a part 1 is already recorded as not on m1: publish sends it when it is due\n")
        // Found after all (posted by hand): recorded with the text the repository holds, so done, not drift.
        let found = try await CLI.run(["state", "resolve", "a", "--account", "m1", "--published", "21", "-C", repo.root], environment: env)
        #expect(found.status == 0, "\(found.stderr)")
        await #expect(try actions(repo) == ["0:done", "1:publish"])
    }

    /// A post held back as perhaps a file moved and edited is released by
    /// either command the plan names: --absent sends it, and the old record
    /// stays an orphan; --published records it with the content that id was
    /// published with, which the platform keeps, so the edit shows as drift
    /// (it was shown done, and nobody saw that the edit never went out); the
    /// old record, the same post on the platform, is no orphan any more.
    @Test func aPostHeldAsMovedAndEditedIsReleased() async throws {
        for (answer, after) in [(["--absent"], ["0:publish", "0:orphan"]), (["--published", "21"], ["0:drift"])] {
            let repo = try TempDirectory()
            try repo.write("accounts.yaml", "accounts:\n  m1: { platform: mastodon, instance: https://one.example }\n")
            try repo.write("posts/2026/b.yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [m1]\ntext: Hello, edited\n")
            try repo.write("state/m1.state", "herald-state 1 account=m1\n2026-11-01T09:00:01Z published post=a part=0 hash=0123456789abcdef id=21\n")
            await #expect(try actions(repo) == ["0:blocked", "0:orphan"])
            let plan = try await CLI.run(["plan", "-C", repo.root, "--at", "2026-11-02T00:00:00Z"], environment: env)
            #expect(plan.stdout.contains("run 'herald -C \(repo.root) state resolve 2026/b --account m1 --published 21'; "
                                         + "if this is a new post, run 'herald -C \(repo.root) state resolve 2026/b --account m1 --absent'"), "\(plan.stdout)")
            // A post mistyped is refused, whatever record holds the id.
            let typo = try await CLI.run(["state", "resolve", "2026/bb", "--account", "m1", "--published", "21", "-C", repo.root], environment: env)
            #expect(typo.status == 64, "\(typo.stdout)")
            #expect(typo.stderr.contains("there is no post '2026/bb' (did you mean '2026/b'?)"), "\(typo.stderr)")
            let result = try await CLI.run(["state", "resolve", "2026/b", "--account", "m1"] + answer + ["-C", repo.root], environment: env)
            #expect(result.status == 0, "\(result.stderr)")
            await #expect(try actions(repo) == after)
        }
    }

    @Test func refusesWhatItCannotResolve() async throws {
        let repo = try repository()
        let both = try await CLI.run(["state", "resolve", "a", "--account", "m1", "--absent", "--published", "1", "-C", repo.root])
        #expect(both.status == 64)
        #expect(both.stderr.contains("give exactly one of --published ID or --absent"))
        let account = try await CLI.run(["state", "resolve", "a", "--account", "m2", "--absent", "-C", repo.root])
        #expect(account.stderr.contains("unknown account 'm2'"))
        // An empty id would record a post as done that nobody can find.
        let empty = try await CLI.run(["state", "resolve", "a", "--account", "m1", "--published", " ", "-C", repo.root])
        #expect(empty.status == 64)
        #expect(empty.stderr.contains("--published needs the post's id on the platform"))
        let url = try await CLI.run(["state", "resolve", "a", "--account", "m1", "--absent", "--url", "https://one.example/@m1/1", "-C", repo.root])
        #expect(url.status == 64)
        #expect(url.stderr.contains("--url goes with --published"))
        // The web address copied from the browser is not the id a thread's next part replies to.
        for (given, said) in [
            ("https://one.example/@m1/1154", "--published takes the post's id on the platform, not its web address: --published 1154 --url https://one.example/@m1/1154\n"),
            ("HTTPS://one.example/", "--published takes the post's id on the platform, not its web address: its id, and the address with --url\n"),
            ("1154 ", "--published '1154 ' is not an id: it has a blank or a control character in it\n"),
            ("11\u{7}54", "--published '11\\x0754' is not an id: it has a blank or a control character in it\n"),
        ] {
            let address = try await CLI.run(["state", "resolve", "a", "--account", "m1", "--published", given, "-C", repo.root], environment: env)
            #expect(address.status == 64)
            #expect(address.stderr.hasPrefix("Error: " + said), "\(address.stderr)")
        }
        // A web address is what --url takes: nothing a browser would run, no blank.
        for given in ["javascript:alert(1)", "ftp://one.example/1", "https://one.example/ 1"] {
            let link = try await CLI.run(["state", "resolve", "a", "--account", "m1", "--published", "1", "--url", given, "-C", repo.root], environment: env)
            #expect(link.status == 64)
            #expect(link.stderr.hasPrefix("Error: --url takes the post's web address, as in https://mastodon.social/@acme/1154\n"), "\(link.stderr)")
        }
        // Nothing refused was recorded.
        await #expect(try actions(repo) == ["0:unknown", "1:blocked"])
    }

    /// A post published by hand (or before herald, or with the state lost)
    /// is recorded with the hash of what the repository holds: the plan sees
    /// it as done, and as drift once its text changes.
    @Test func handPublishedItemIsRecordedAsItStands() async throws {
        let repo = try repository()
        try FileManager.default.removeItem(atPath: repo.root + "/state")
        await #expect(try actions(repo) == ["0:publish", "1:publish"])
        let result = try await CLI.run(["state", "resolve", "a", "--account", "m1", "--published", "109", "-C", repo.root], environment: env)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "Recorded: a part 1 is on m1 as 109\n")
        await #expect(try actions(repo) == ["0:done", "1:publish"])
        let plan = try await CLI.run(["plan", "-C", repo.root, "--at", "2026-11-02T00:00:00Z", "--format", "json"], environment: env)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(plan.stdout.utf8)) as? [String: Any])
        let hash = try #require((object["items"] as? [[String: Any]])?.first?["hash"] as? String)
        let shard = try String(contentsOfFile: repo.root + "/state/m1.state", encoding: .utf8)
        // As publish writes it, with when its post was due, and that a person recorded it.
        #expect(shard.hasSuffix(" published post=a part=0 hash=\(hash) id=109 due=2026-11-01T09:00:00+00:00 cause=resolved\n"), "\(shard)")
        // Its time is when the person recorded it, and the plan says so. Before, it said "published" at that time.
        let reason = try #require((object["items"] as? [[String: Any]])?.first?["reason"] as? String)
        #expect(reason.hasPrefix("recorded as published 20"), "\(reason)")
        try repo.write("posts/a.yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [m1]\ntext: Hello again\nthread: [Two]\n")
        await #expect(try actions(repo) == ["0:drift", "1:publish"])
        let drift = try await CLI.run(["plan", "-C", repo.root, "--at", "2026-11-02T00:00:00Z"], environment: env)
        #expect(drift.stdout.contains("changed after it was recorded as published on 20"), "\(drift.stdout)")
    }

    @Test func refusesWhatTheRepositoryDoesNotHold() async throws {
        let repo = try repository()
        try FileManager.default.removeItem(atPath: repo.root + "/state")
        try repo.write("accounts.yaml", "accounts:\n  m1: { platform: mastodon, instance: https://one.example }\n  m2: { platform: mastodon, instance: https://two.example }\n")
        let cases: [([String], String)] = [
            (["b", "--account", "m1", "--published", "1"], "the state has nothing for b part 1 on m1, and there is no post 'b' (did you mean 'a'?)"),
            (["a", "--account", "m2", "--published", "1"], "post 'a' does not target m2"),
            (["a", "--account", "m1", "--part", "3", "--published", "1"], "post 'a' has 2 parts on m1, not 3"),
            // A mistyped id is named as one, with --absent too: it was told publish would send it.
            (["b", "--account", "m1", "--absent"], "the state has nothing for b part 1 on m1, and there is no post 'b' (did you mean 'a'?)"),
            (["a", "--account", "m2", "--absent"], "post 'a' does not target m2"),
            (["a", "--account", "m1", "--part", "3", "--absent"], "post 'a' has 2 parts on m1, not 3"),
            // A later part, its parent not recorded: part 1 would be sent anew and part 2 never. Before, recorded.
            (["a", "--account", "m1", "--part", "2", "--published", "42"],
             "a part 1 is not recorded as published on m1, and part 2 is a reply to it: record part 1 first (--part 1, or no --part for part 1)"),
        ]
        for (arguments, message) in cases {
            let result = try await CLI.run(["state", "resolve"] + arguments + ["-C", repo.root], environment: env)
            #expect(result.status == 64, "\(arguments)")
            #expect(result.stderr == "Error: \(message)\n", "\(arguments)")
        }
        let empty = try await CLI.run(["state", "resolve", "", "--account", "m1", "--absent", "-C", repo.root], environment: env)
        #expect(empty.status == 64)
        #expect(empty.stderr.hasPrefix("Error: <post-id> is empty: give the post's path under posts/ without .yaml\n"), "\(empty.stderr)")
        #expect(!FileManager.default.fileExists(atPath: repo.root + "/state/m1.state"))
        await #expect(try actions(repo) == ["0:publish", "1:publish"])
    }

    /// An id with the record's own separators in it ('%', '=') is
    /// recorded escaped and read back as given; one with a line break is
    /// refused (no platform gives one; a paste gone wrong). On an account
    /// of a platform whose ids herald does not check (a Mastodon id is
    /// letters and digits: RecordedIdTests).
    @Test func oddIdsAreRecordedAndShownSafely() async throws {
        let repo = try repository()
        let broken = try await CLI.run(["state", "resolve", "a", "--account", "m1", "--published", "x\ny", "-C", repo.root], environment: env)
        #expect(broken.status == 64)
        #expect(broken.stderr.hasPrefix("Error: --published 'x\\ny' is not an id: it has a blank or a control character in it\n"), "\(broken.stderr)")
        try repo.write("accounts.yaml", "accounts:\n  x1: { platform: x, handle: acme }\n")
        try repo.write("posts/a.yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [x1]\ntext: Hello\nthread: [Two]\n")
        let result = try await CLI.run(["state", "resolve", "a", "--account", "x1", "--published", "x%0Ay=1", "-C", repo.root], environment: env)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "Recorded: a part 1 is on x1 as x%0Ay=1\n")
        #expect(try String(contentsOfFile: repo.root + "/state/x1.state", encoding: .utf8).hasSuffix(" id=x%250Ay%3D1 due=2026-11-01T09:00:00+00:00 cause=resolved\n"))
        let snapshot = StateStore(directory: repo.root + "/state", displayDirectory: "state").read()
        #expect(snapshot["x1", "a", 0]?.published?.remoteID == "x%0Ay=1")
        let actions = try await actions(repo)
        // m1's record of the post, which now goes to x1 alone, is an orphan.
        #expect(actions == ["0:done", "1:unsupported", "0:orphan"], "\(actions)")
    }

    /// A part given up after failures, checked absent: it is still given up
    /// (its failures count as before), and the command says so, with the
    /// way to try again. Before, it said the next publish would send it.
    @Test func absentOnAGivenUpPartSaysItStaysGivenUp() async throws {
        let repo = try repository()
        let failures = (1...5).map { "2026-11-01T09:0\($0):00Z failed post=a part=0 hash=0123456789abcdef attempt=\($0) error=HTTP%20422\n" }.joined()
        try repo.write("state/m1.state", "herald-state 1 account=m1\n" + failures)
        let result = try await CLI.run(["state", "resolve", "a", "--account", "m1", "--absent", "-C", repo.root], environment: env)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "Recorded: a part 1 is not on m1; it stays given up after 5 failures: to try again, set its publish_at later than "
            + "the last (2026-11-01T09:05:00+00:00), or to now.\n", "\(result.stdout)")
        await #expect(try actions(repo) == ["0:blocked", "1:blocked"])

        // Failures a runner whose clock is a few minutes ahead dated after this machine's now: publish_at set to
        // now would come before the last of them, so the way to try again does not offer it.
        let formatter = ISO8601DateFormatter()
        let times = (1...5).map { formatter.string(from: Date().addingTimeInterval(Double(60 * $0))) }
        try repo.write("state/m1.state", "herald-state 1 account=m1\n" + times.enumerated().map { i, time in
            "\(time) failed post=a part=0 hash=0123456789abcdef attempt=\(i + 1) error=HTTP%20422\n"
        }.joined())
        let ahead = try await CLI.run(["state", "resolve", "a", "--account", "m1", "--absent", "-C", repo.root], environment: env)
        #expect(ahead.status == 0, "\(ahead.stderr)")
        #expect(ahead.stdout.hasSuffix("set its publish_at later than the last (\(times[4].dropLast())+00:00).\n"), "\(ahead.stdout)")
    }
}
