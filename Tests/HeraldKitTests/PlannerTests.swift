import Foundation
import Testing
@testable import HeraldKit

@Suite struct PlannerTests {
    func date(_ s: String) -> Date { try! TimeParser.instant(s, zone: nil).get() }

    func plan(_ repo: TempRepository, at: String = "2026-12-01T10:00:00Z", state: String = "", credentials: Bool = true,
              publishable: Set<Platform> = Set(Platform.allCases), secrets: [String] = [], sandboxed: Bool = false,
              capabilities: [Platform: PlatformCapabilities] = AdapterRegistry.capabilities) throws -> Plan {
        if !state.isEmpty { try repo.write("state/acme-x.state", "herald-state 1 account=acme-x\n" + state) }
        let content = repo.load()
        let snapshot = StateStore(directory: repo.root + "/state", displayDirectory: "state").read()
        var missing: [String: [String]] = [:]
        for account in content.accounts { missing[account.id] = credentials ? [] : AccountKeys.requiredCredentials(for: account.platform) }
        // The planner's rules, whatever adapters this version has.
        return Planner.plan(.init(repository: content, state: snapshot, now: date(at), missingCredentials: missing,
                                  publishable: publishable, secrets: Redactor(secrets: secrets), sandboxed: sandboxed,
                                  capabilities: capabilities))
    }

    /// A credential's value pasted into a post's text, a thread part or a
    /// media description is never sent: those parts are blocked at the spot,
    /// and a thread's other parts with them, so its first part does not go
    /// out alone. Drafts stay drafts.
    @Test func contentHoldingACredentialIsBlocked() throws {
        let repo = try TempRepository([
            "posts/text.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: token placeholder-sec-9999\n",
            "posts/thread.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: fine\nthread:\n  - oops placeholder-sec-9999\n  - after\n",
            "posts/alt.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-mastodon]\ntext: photo\nmedia:\n  - path: media/a.png\n    alt: placeholder-sec-9999\n",
            "posts/later.yaml": "publish_at: 2026-12-09T09:00:00Z\naccounts: [acme-x]\ntext: placeholder-sec-9999\n",
            "posts/idea.yaml": "draft: true\naccounts: [acme-x]\ntext: placeholder-sec-9999\n",
        ])
        try repo.write("media/a.png", TempRepository.png)
        let result = try plan(repo, secrets: ["placeholder-sec-9999"])
        #expect(result.items.map(row) == [
            "blocked alt#0 acme-mastodon", "blocked text#0 acme-x", "blocked thread#0 acme-x", "blocked thread#1 acme-x",
            "blocked thread#2 acme-x", "blocked later#0 acme-x", "draft idea#0 acme-x",
        ])
        let secretReason = " holds the value of a credential (from the environment or the credentials file); herald never publishes a secret"
        #expect(result.items[0].reason == "posts/alt.yaml:6:10" + secretReason)
        #expect(result.items[0].location?.description == "posts/alt.yaml:6:10")
        #expect(result.items[1].location?.description == "posts/text.yaml:3:7")
        #expect(result.items[2...4].allSatisfy { $0.location?.description == "posts/thread.yaml:5:5" && $0.reason == "posts/thread.yaml:5:5" + secretReason })
        #expect(result.items[5].reason == "posts/later.yaml:3:7" + secretReason)
        // Without the secret known, the same repository publishes.
        #expect(try plan(repo).items.filter { $0.action == .blocked }.isEmpty)
    }

    /// A link in a post may carry a credential percent-encoded, as a URL writes it.
    @Test func contentHoldingACredentialPercentEncodedIsBlocked() throws {
        let repo = try TempRepository([
            "posts/link.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: see https://example.com/?t=placeholder%2Bsec%2F9999\n",
        ])
        let result = try plan(repo, secrets: ["placeholder+sec/9999"])
        #expect(result.items.map(row) == ["blocked link#0 acme-x"])
        #expect(result.items[0].location?.description == "posts/link.yaml:3:7")
    }

    /// The hash a state record of acme-x holds for a part of a post as the repository has it.
    func stateHashes(_ repo: TempRepository) throws -> (_ post: String, _ part: Int) -> String {
        let content = repo.load()
        let x = try #require(content.account("acme-x"))
        return { id, part in ContentResolver.parts(of: content.posts.first { $0.id == id }!, for: x, campaign: nil)[part].hash }
    }

    func row(_ item: PlanItem) -> String { "\(item.action.rawValue) \(item.post)#\(item.part) \(item.account)" }

    /// A problem in a thread part names it as the plan's row does: the
    /// post's own text is part 1, the second item under `thread:` part 3.
    @Test func aThreadPartsProblemIsNumberedAsThePlanNumbersIt() throws {
        let long = String(repeating: "y", count: 300)
        let repo = try TempRepository([
            "posts/th.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: first\nthread:\n  - second\n  - \(long)\n",
        ])
        let result = try plan(repo)
        let reason = "part 3/3 of the thread is too long for X (acme-x): 300 weighted characters, over X's limit of 280 "
            + "(the first 280 characters fit, up to '…\(String(repeating: "y", count: 30))')"
        #expect(result.items.map { "\(PlanRenderer.label($0)) \($0.action.rawValue)" } == ["th [1/3] blocked", "th [2/3] blocked", "th [3/3] blocked"])
        #expect(result.items.last?.reason == reason)
    }

    @Test func publishWaitDraft() throws {
        let repo = try TempRepository([
            "posts/due.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x, acme-mastodon]\ntext: now\nthread: [two]\n",
            "posts/later.yaml": "publish_at: 2026-12-02T09:00:00Z\naccounts: [acme-x]\ntext: later\n",
            "posts/idea.yaml": "draft: true\naccounts: [acme-x]\ntext: idea\n",
        ])
        let result = try plan(repo)
        #expect(result.items.map(row) == [
            "publish due#0 acme-mastodon", "publish due#1 acme-mastodon", "publish due#0 acme-x", "publish due#1 acme-x",
            "wait later#0 acme-x", "draft idea#0 acme-x",
        ])
        #expect(result.hasDueItems)
    }

    /// `--detailed-exitcode` says 2 for what publish would act on or report:
    /// an item to publish, one unknown, or one blocked whose time has come.
    /// A blocked item not yet due, a draft, a wait or an orphan is nothing due.
    @Test func dueItemsIncludeBlockedOnesWhoseTimeHasCome() throws {
        let repo = try TempRepository([
            "posts/due.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-mastodon]\ntext: now placeholder-value-one\n",
            "posts/later.yaml": "publish_at: 2026-12-02T09:00:00Z\naccounts: [acme-mastodon]\ntext: later placeholder-value-two\n",
        ])
        let without = try plan(repo, credentials: false)
        #expect(without.items.map(row) == ["blocked due#0 acme-mastodon", "wait later#0 acme-mastodon"])
        #expect(without.hasDueItems)
        #expect(!(try plan(repo, at: "2026-12-01T08:00:00Z", credentials: false)).hasDueItems)
        let secret = try plan(repo, secrets: ["placeholder-value-one"])
        #expect(secret.items.map(row).first == "blocked due#0 acme-mastodon")
        #expect(secret.hasDueItems)
        #expect(!(try plan(repo, at: "2026-12-01T08:00:00Z", secrets: ["placeholder-value-two"])).hasDueItems)
        var unknown = Plan(at: date("2026-12-01T10:00:00Z"), items: without.items, timeZone: nil)
        unknown.items[0].action = .unknown
        unknown.items[0].publishAt = nil
        #expect(unknown.hasDueItems)
        unknown.items[0].action = .orphan
        #expect(!unknown.hasDueItems)
    }

    /// `plan --at` half an hour after a post was due, days later: the plan
    /// marks it looked for first, as publish decides it by the real clock too.
    @Test func verifyGoesByTheRealClockUnderAt() throws {
        let repo = try TempRepository(["posts/a.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-mastodon]\ntext: hi\n"])
        var input = Planner.Input(repository: repo.load(), state: .init(), now: date("2026-12-01T09:30:00Z"), missingCredentials: [:])
        #expect(Planner.plan(input).items.map(\.verify) == [false])
        input.clock = date("2026-12-06T09:00:00Z")
        #expect(Planner.plan(input).items.map(\.verify) == [true])
        // Blocked only for credentials (a pull request's plan): as publish will where they are set. Before, false.
        input.missingCredentials = ["acme-mastodon": ["ACCESS_TOKEN"]]
        #expect(Planner.plan(input).items.map(\.action) == [.blocked])
        #expect(Planner.plan(input).items.map(\.verify) == [true])
        input.clock = nil
        #expect(Planner.plan(input).items.map(\.verify) == [false])
        // A thread's later parts too, with the same words. Before the re-check, false and without them.
        try repo.write("posts/a.yaml", "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-mastodon]\ntext: hi\nthread: [two]\n")
        input = Planner.Input(repository: repo.load(), state: .init(), now: date("2026-12-01T09:30:00Z"), missingCredentials: ["acme-mastodon": ["ACCESS_TOKEN"]])
        input.clock = date("2026-12-06T09:00:00Z")
        let thread = Planner.plan(input).items
        #expect(thread.map(\.verify) == [true, true])
        #expect(thread.allSatisfy { $0.reason?.contains("; once they are set, it is due over 5 days ago by this machine's clock with no record") == true }, "\(thread.map(\.reason))")
    }

    @Test func doneDriftOrphanUnknownVerify() throws {
        let repo = try TempRepository([
            "posts/a.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: hello\n",
            "posts/b.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: changed\n",
            "posts/c.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: maybe\n",
            "posts/d.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: interrupted\n",
        ])
        let hash = try stateHashes(repo)
        let result = try plan(repo, state: """
            2026-12-01T09:00:01Z published post=a part=0 hash=\(hash("a", 0)) id=1
            2026-12-01T09:00:01Z published post=b part=0 hash=0000000000000000 id=2
            2026-12-01T09:00:01Z unknown post=c part=0 hash=\(hash("c", 0)) error=timeout
            2026-12-01T09:00:01Z intent post=d part=0 hash=\(hash("d", 0)) key=k attempt=1
            2026-12-01T09:00:01Z published post=gone part=0 hash=x id=3

            """)
        #expect(result.items.map(row) == ["done a#0 acme-x", "drift b#0 acme-x", "unknown c#0 acme-x", "publish d#0 acme-x", "orphan gone#0 acme-x"])
        #expect(result.items[3].verify)
        #expect(result.items[4].remoteID == "3")
    }

    /// A run on the sandbox reads the sandbox's state: the commands its
    /// reasons name say so, or they would change the real state.
    @Test func commandsInReasonsNameTheSandboxState() throws {
        let repo = try TempRepository([
            "posts/c.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: maybe\n",
            "posts/moved.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: launch\n",
        ])
        let hash = try stateHashes(repo)
        let state = """
            2026-12-01T09:00:01Z unknown post=c part=0 hash=\(hash("c", 0)) error=timeout
            2026-11-30T09:00:01Z published post=launch part=0 hash=\(hash("moved", 0)) id=11

            """
        let real = try plan(repo, state: state).items.map { $0.reason ?? "" }
        // The command runs as printed once the id is put in: it names --published, or says --absent.
        #expect(real[0].hasSuffix("then run 'herald state resolve c --account acme-x --published ID' (its id on the platform), or the same with --absent in place of --published ID if it is not there"))
        #expect(real[1].hasSuffix("run 'herald state resolve moved --account acme-x --published 11'"))
        let sandboxed = try plan(repo, state: state, sandboxed: true).items.map { $0.reason ?? "" }
        #expect(sandboxed[0].hasSuffix("then run 'herald state resolve c --account acme-x --published ID --sandbox' (its id on the platform), or the same with --absent in place of --published ID if it is not there"))
        #expect(sandboxed[1].hasSuffix("run 'herald state resolve moved --account acme-x --published 11 --sandbox'"))
    }

    /// Each kind of orphan, next to state the plan accounts for: a failed
    /// attempt alone made nothing, and an account missing from accounts.yaml
    /// still has its (blocked) item.
    @Test func orphansOfEveryKind() throws {
        let repo = try TempRepository([
            "posts/short.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: one part now\n",
            "posts/moved.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-mastodon]\ntext: elsewhere\n",
            "posts/lost.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x, acme-old]\ntext: account gone\n",
            "posts/tried.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: tried\n",
        ])
        try repo.write("state/acme-old.state", """
            herald-state 1 account=acme-old
            2026-12-01T09:00:01Z published post=lost part=0 hash=x id=8
            2026-12-01T09:00:01Z published post=gone part=0 hash=x id=9

            """)
        let result = try plan(repo, state: """
            2026-12-01T09:00:01Z published post=short part=0 hash=x id=1
            2026-12-01T09:00:01Z published post=short part=1 hash=x id=2
            2026-12-01T09:00:01Z published post=moved part=0 hash=x id=3
            2026-12-01T09:00:01Z failed post=tried part=0 hash=x error=503

            """)
        let orphans = result.items.filter { $0.action == .orphan }
        #expect(orphans.map(row) == ["orphan gone#0 acme-old", "orphan moved#0 acme-x", "orphan short#1 acme-x"])
        #expect(orphans.map(\.reason) == [
            "neither the post nor the account exists any more", "the post no longer targets 'acme-x'", "the thread no longer has part 2",
        ])
        #expect(result.items.contains { row($0) == "blocked lost#0 acme-old" })
        // A deleted thread's parts are counted together, as its items were: 1/2 and 2/2.
        try FileManager.default.removeItem(atPath: repo.root + "/posts/short.yaml")
        let thread = try plan(repo).items.filter { $0.post == "short" }
        #expect(thread.map(row) == ["orphan short#0 acme-x", "orphan short#1 acme-x"])
        #expect(thread.map(\.partCount) == [2, 2])
    }

    @Test(arguments: [
        ("launch", "launch"), ("2026/a-b_c.d", "2026/a-b_c.d"), ("moved here", "\"moved here\""), ("it's", "\"it's\""),
        ("$HOME `x` \"q\" \\", "\"\\$HOME \\`x\\` \\\"q\\\" \\\\\""), ("", "\"\""), ("日本", "\"日本\""),
        ("launch!", "'launch!'"), ("it's !now $HOME", "'it'\\''s !now $HOME'"),
    ])
    func commandWordsAreQuotedForAShell(word: String, quoted: String) throws {
        #expect(Planner.shellWord(word) == quoted)
        // Read back as printed: by sh, and by an interactive bash (history expansion on).
        let line = "printf '<%s>' \(Planner.shellWord(word))\n"
        #expect(try run("/bin/sh", ["-c", line]) == "<\(word)>")
        #expect(try run("/bin/bash", ["--norc", "--noprofile", "-i"], input: line).hasPrefix("<\(word)>"))
    }

    /// A control character (a line break in a file's name) is written as
    /// bash's and zsh's $'…' reads it: a `\n` in double quotes is a
    /// backslash and an n. (dash, Debian's sh, has no $'…'; people paste
    /// into bash or zsh.)
    @Test func aControlCharacterIsQuotedForBash() throws {
        for (word, quoted) in [("nl\nx", "$'nl\\nx'"), ("ls\u{2028}nel\u{85}", "$'ls\\u2028nel\\u0085'"), ("tab\there's \\ \u{7F}\u{1}2", "$'tab\\there\\'s \\\\ \\x7f\\x012'")] {
            #expect(Planner.shellWord(word) == quoted)
            let line = "printf '<%s>' \(Planner.shellWord(word))\n"
            #expect(try run("/bin/bash", ["--norc", "--noprofile", "-i"], input: line).hasPrefix("<\(word)>"))
        }
    }

    /// What a program prints on standard output.
    private func run(_ program: String, _ arguments: [String], input: String = "") throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        process.environment = ["PATH": "/usr/bin:/bin", "HOME": "/nonexistent", "LC_ALL": "C.UTF-8"]
        let out = Pipe(), stdin = Pipe()
        process.standardOutput = out
        process.standardInput = stdin
        process.standardError = FileHandle.nullDevice
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// An account listed twice gives its items once, so the count of state
    /// records the items found still tells that an orphan exists.
    @Test func accountListedTwicePlansOnce() throws {
        let repo = try TempRepository([
            "posts/a.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x, acme-x]\ntext: hello\n",
        ])
        let result = try plan(repo, state: """
            2026-12-01T09:00:01Z published post=a part=0 hash=x id=1
            2026-12-01T09:00:01Z published post=gone part=0 hash=x id=2

            """)
        #expect(result.items.map(row) == ["drift a#0 acme-x", "orphan gone#0 acme-x"])
    }

    @Test func blockedReasons() throws {
        let repo = try TempRepository([
            "posts/bad.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: [oops]\n",
            "posts/ok.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: fine\n",
            "posts/thread.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: one\nthread: [two, three]\n",
            "posts/secret.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: one\nthread: [token placeholder-sec-9999, three]\n",
        ])
        let result = try plan(repo, credentials: false, secrets: ["placeholder-sec-9999"])
        #expect(result.items.map(row) == ["blocked bad#0 acme-x", "blocked ok#0 acme-x", "blocked secret#0 acme-x", "blocked secret#1 acme-x",
                                          "blocked secret#2 acme-x", "blocked thread#0 acme-x", "blocked thread#1 acme-x", "blocked thread#2 acme-x"])
        #expect(result.items[0].reason == "text must be a string, found a list (" + TempRepository.textAsList + ")")
        // Blocked only for credentials, a part is previewed in a pull request's comment, a thread's later parts too (they
        // go out with it); an invalid one is not, nor a thread one part of which holds a secret (all its parts are held).
        #expect(result.items.map(\.awaitsCredentials) == [false, true, false, false, false, true, true, true])
        #expect(result.items[7].reason == result.items[1].reason)
        #expect(result.items[0].location?.description == "posts/bad.yaml:3:7")
        #expect(result.items[1].reason == "no credentials: set HERALD_ACME_X_ACCESS_TOKEN or add access_token for 'acme-x' to the credentials file")
    }

    /// A shard herald cannot trust blocks its account's items, and their
    /// reason says what is wrong with it, not only that it is damaged.
    @Test func anUntrustedShardBlocksItsAccountAndSaysWhy() throws {
        let repo = try TempRepository([
            "posts/a.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x, acme-mastodon]\ntext: fine\n",
        ])
        let result = try plan(repo, state: "<<<<<<< HEAD\n=======\n>>>>>>> other\n")
        #expect(result.items.map(row) == ["publish a#0 acme-mastodon", "blocked a#0 acme-x"])
        #expect(result.items[1].reason == "the state file of 'acme-x' has a git merge conflict marker; resolve the conflict first")
        #expect(result.items[1].location?.description == "state/acme-x.state:2:1", "as for an item blocked by any file's problem")
        #expect(result.items[0].location == nil)
    }

    /// acme-m and acme_m both read HERALD_ACME_M_ACCESS_TOKEN: a token set
    /// for one would go to the other's server. Every account of the clash is
    /// blocked, the first too; another account of the post still publishes.
    @Test func accountsReadingTheSameVariablesAreBlocked() throws {
        let accounts = TempRepository.defaultAccounts + """
              acme-m:
                platform: mastodon
                instance: https://a.example
              acme_m:
                platform: mastodon
                instance: https://b.example

            """
        let repo = try TempRepository(["posts/a.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-m, acme_m, acme-x]\ntext: hi\n"],
                                      accounts: accounts)
        let problem = "accounts.yaml:14:3: error: account 'acme_m' reads the same environment variables as 'acme-m' (HERALD_ACME_M_…) "
            + "(rename one: '-', '_' and '.' all become '_' in a variable's name)"
        #expect(repo.diagnostics() == [problem])
        let result = try plan(repo)
        #expect(result.items.map(row) == ["blocked a#0 acme-m", "publish a#0 acme-x", "blocked a#0 acme_m"])
        #expect(result.items[0].location?.description == "accounts.yaml:14:3")
        #expect(result.items[2].reason == result.items[0].reason)
    }

    /// A post naming an unknown account is not published anywhere; its
    /// other accounts say why without repeating an error about another account.
    @Test func unknownAccountBlocksTheOthers() throws {
        let repo = try TempRepository([
            "posts/a.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-mastodon, acme-twiter]\ntext: hi\n",
            "posts/b.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-mastodon, nobody]\ntext: [oops]\n",
        ])
        let result = try plan(repo)
        #expect(result.items.map(row) == ["blocked a#0 acme-mastodon", "blocked a#0 acme-twiter", "blocked b#0 acme-mastodon", "blocked b#0 nobody"])
        #expect(result.items[0].reason == "the post also names unknown account 'acme-twiter'; none of its accounts is published until that is fixed")
        #expect(result.items[0].location?.description == "posts/a.yaml:2:27")
        #expect(result.items[1].reason == "unknown account 'acme-twiter' (did you mean 'acme-x'?)")
        // Another error came first: it is the reason, as for any invalid post.
        #expect(result.items[2].reason == "text must be a string, found a list (" + TempRepository.textAsList + ")")
        // Two unknown names: each row tells of its own, not of the first.
        try repo.write("posts/a.yaml", "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-twiter, acme-mastodn]\ntext: hi\n")
        let two = try plan(repo).items.filter { $0.post == "a" }
        #expect(two.map { $0.reason ?? "" } == ["unknown account 'acme-mastodn'", "unknown account 'acme-twiter' (did you mean 'acme-x'?)"])
        #expect(two.map { $0.location?.description ?? "" } == ["posts/a.yaml:2:25", "posts/a.yaml:2:12"])
    }

    /// An account accounts.yaml defines with an error that leaves it
    /// unreadable blocks the post's other accounts too; they do not call it unknown.
    @Test func anUnusableAccountBlocksTheOthersWithoutBeingCalledUnknown() throws {
        let repo = try TempRepository(
            ["posts/a.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-mastodon, acme-tw]\ntext: hi\n"],
            accounts: TempRepository.defaultAccounts + "  acme-tw:\n    platform: twitter\n")
        let result = try plan(repo)
        #expect(result.items.map(row) == ["blocked a#0 acme-mastodon", "blocked a#0 acme-tw"])
        #expect(result.items[0].reason == "the post also names account 'acme-tw', which cannot be used; none of its accounts is published until that is fixed")
        #expect(result.items[1].reason?.hasPrefix("account 'acme-tw' cannot be used: accounts.yaml has an error in it (accounts.yaml:") == true)
    }

    /// An account written twice, or with a key written twice in its entry
    /// (a second `instance:`): YAML keeps the first, but which was meant
    /// cannot be told, and nothing is published to it. Before, it was
    /// published to the first instance, beside the error. The others are not
    /// held by it.
    @Test func anAccountWrittenTwiceOrWithAKeyTwiceIsBlocked() throws {
        let post = "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-mastodon, acme-x]\ntext: hi\n"
        let twice = try TempRepository(["posts/a.yaml": post], accounts: TempRepository.defaultAccounts
            + "  acme-mastodon:\n    platform: mastodon\n    instance: https://other.example\n")
        let rows = try plan(twice).items.map { "\($0.action) \($0.account): \($0.reason ?? "")" }
        #expect(rows == [
            "blocked acme-mastodon: account 'acme-mastodon' cannot be used: accounts.yaml has an error in it (accounts.yaml:11:3: duplicate key 'acme-mastodon')",
            "publish acme-x: ",
        ], "\(rows)")
        let key = try TempRepository(["posts/a.yaml": post], accounts: TempRepository.defaultAccounts.replacingOccurrences(
            of: "    instance: https://mastodon.example\n", with: "    instance: https://mastodon.example\n    instance: https://other.example\n"))
        let reason = try plan(key).items.first?.reason
        #expect(reason == "account 'acme-mastodon' cannot be used: accounts.yaml has an error in it (accounts.yaml:8:5: duplicate key 'instance')", "\(reason ?? "")")
        // Written in flow style over several lines, or given through an alias: the entries that hold the key.
        let flow = try TempRepository(["posts/a.yaml": post], accounts: "accounts:\n  acme-mastodon: {platform: mastodon,\ninstance: https://a.example,\n"
            + "instance: https://b.example}\n  acme-x: {platform: x, handle: acme}\n")
        #expect(try plan(flow).items.map(\.action) == [.blocked, .publish])
        let aliased = try TempRepository(["posts/a.yaml": post], accounts: "accounts:\n  acme-m1: &m\n    platform: mastodon\n    instance: https://a.example\n"
            + "    instance: https://b.example\n  acme-mastodon: *m\n  acme-x: {platform: x, handle: acme}\n")
        #expect(try plan(aliased).items.map(\.action) == [.blocked, .publish])
        // 'accounts:' itself written twice: each of its accounts.
        let whole = try TempRepository(["posts/a.yaml": post], accounts: TempRepository.defaultAccounts + "accounts:\n  acme-x: {platform: x, handle: other}\n")
        #expect(try plan(whole).items.map(\.action) == [.blocked, .blocked])
        // A key written twice elsewhere in the file holds no account.
        let elsewhere = try TempRepository(["posts/a.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-mastodon]\ntext: hi\n"],
                                           accounts: TempRepository.defaultAccounts + "x: 1\nx: 2\nx-notes:\n  owner: a\n  owner: b\n")
        #expect(try plan(elsewhere).items.map(\.action) == [.publish])
    }

    /// accounts.yaml there but unreadable (a syntax error): every account a
    /// post names cannot be used, each row says so of its own, as validate
    /// does, where all but the first were called unknown.
    @Test func anUnreadableAccountsFileMakesNoAccountUnknown() throws {
        let repo = try TempRepository(["posts/a.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-mastodon, acme-x, acme-bluesky]\ntext: hi\n"],
                                      accounts: "accounts:\n  acme-x:\n   platform: x\n    handle: acme\n")
        let result = try plan(repo)
        let because = "cannot be used: accounts.yaml has an error in it (accounts.yaml:4:11: YAML syntax error: mapping values are not allowed in this context)"
        #expect(result.items.map { $0.reason ?? "" } == ["acme-bluesky", "acme-mastodon", "acme-x"].map { "account '\($0)' \(because)" })
        #expect(result.items.map { $0.location?.description ?? "" } == ["posts/a.yaml:2:35", "posts/a.yaml:2:12", "posts/a.yaml:2:27"])
    }

    /// A post that goes to no account still has its row, blocked by why:
    /// it lists none, its campaign is unknown, or its campaign cannot be
    /// used. A draft without accounts is a draft.
    @Test func aPostThatGoesNowhereHasARow() throws {
        let repo = try TempRepository([
            "posts/none.yaml": "publish_at: 2026-12-01T09:00:00Z\ntext: hi\n",
            "posts/typo.yaml": "publish_at: 2026-12-01T09:00:00Z\ncampaign: sprng\ntext: hi\n",
            "posts/broken.yaml": "publish_at: 2026-12-01T09:00:00Z\ncampaign: spring\ntext: hi\n",
            "posts/idea.yaml": "draft: true\ntext: later\n",
            "campaigns/spring.yaml": "name: Spring\naccounts: {acme-x: 1}\n",
        ])
        let result = try plan(repo)
        #expect(result.items.map(row) == ["blocked broken#0 ", "blocked none#0 ", "blocked typo#0 ", "draft idea#0 "])
        #expect(result.items.map(\.accountName) == Array(repeating: "(no account)", count: 4))
        #expect(result.items[0].reason == "campaign 'spring' cannot be used: campaigns/spring.yaml has an error in it (campaigns/spring.yaml:2:11: accounts must be a list, found a mapping)")
        #expect(result.items[0].location?.description == "posts/broken.yaml:2:11")
        #expect(result.items[1].reason == "post targets no accounts (add 'accounts: [...]' or a campaign with accounts)")
        #expect(result.items[1].location?.description == "posts/none.yaml:1:1")
        #expect(result.items[2].reason == "unknown campaign 'sprng' (did you mean 'spring'?)")
        #expect(result.items[3].reason == "draft; it targets no accounts yet")
        #expect(result.items.allSatisfy { $0.platform == nil && $0.partCount == 1 })
    }

    /// A thread may repeat a part's text ("More below 👇"): a part with no
    /// record whose text an earlier part published, as that part still is,
    /// is the thread's own and goes out. Only an earlier part changed since
    /// (shifted by a part inserted before it) holds it back. Before, any
    /// stop mid-thread left the repeated part blocked for good.
    @Test func aThreadMayRepeatAPartsText() throws {
        let repo = try TempRepository(["posts/a.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: start\nthread: [More below, Second point, More below]\n"])
        let hash = try stateHashes(repo)
        let result = try plan(repo, state: """
            2026-12-01T09:00:01Z published post=a part=0 hash=\(hash("a", 0)) id=1
            2026-12-01T09:00:02Z published post=a part=1 hash=\(hash("a", 1)) id=2
            2026-12-01T09:00:03Z published post=a part=2 hash=\(hash("a", 2)) id=3

            """)
        #expect(result.items.map(row) == ["done a#0 acme-x", "done a#1 acme-x", "done a#2 acme-x", "publish a#3 acme-x"])
    }

    @Test func retryReason() throws {
        let repo = try TempRepository(["posts/a.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: hi\n"])
        let result = try plan(repo, state: "2026-12-01T09:01:00Z failed post=a part=0 hash=h error=HTTP%20503\n")
        #expect(result.items[0].reason == "retry 2 of 5 (last: HTTP 503)")
    }

    /// An item due longer ago than the platform keeps an idempotency key,
    /// with no record, is looked for before it is sent (a state lost, or a
    /// post made by hand): the plan says so, as publish will do. Not an item
    /// due within the hour, one the state has a record of, nor one on a
    /// platform herald cannot look on.
    @Test func overdueItemsWithoutARecordSayTheyAreLookedForFirst() throws {
        let repo = try TempRepository([
            "posts/old.yaml": "publish_at: 2026-12-01T08:59:59Z\naccounts: [acme-x, acme-mastodon]\ntext: hi\nthread: [two]\n",
            "posts/recent.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-mastodon]\ntext: hi\n",
            "posts/tried.yaml": "publish_at: 2026-12-01T07:00:00Z\naccounts: [acme-x]\ntext: hi\n",
        ])
        let lookable = PlatformCapabilities(threads: true, idempotencyKeyWindow: nil, lookup: true, edit: false, delete: false)
        let result = try plan(repo, state: "2026-12-01T07:01:00Z failed post=tried part=0 hash=h error=HTTP%20503\n",
                              capabilities: [.mastodon: lookable])
        #expect(result.items.map(row) == ["publish tried#0 acme-x", "publish old#0 acme-mastodon", "publish old#1 acme-mastodon",
                                          "publish old#0 acme-x", "publish old#1 acme-x", "publish recent#0 acme-mastodon"])
        let note = "due over an hour ago with no record: looked for on Mastodon first, sent only if not there"
        #expect(result.items.map(\.reason) == ["retry 2 of 5 (last: HTTP 503)", note, note, nil, nil, nil])
        #expect(result.items.map(\.verify) == [false, true, true, false, false, false])
        // A platform that keeps idempotency keys longer is trusted as long.
        let keyed = PlatformCapabilities(threads: true, idempotencyKeyWindow: .seconds(7200), lookup: true, edit: false, delete: false)
        #expect(try plan(repo, capabilities: [.mastodon: keyed]).items.allSatisfy { !$0.verify })
        #expect(try plan(repo, at: "2026-12-01T11:00:00Z", capabilities: [.mastodon: keyed]).items[1].reason
            == "due over 2 hours ago with no record: looked for on Mastodon first, sent only if not there")
    }

    /// A post file that cannot be read is not gone: its records are blocked
    /// at the error, not orphans, and one that has no records still has a
    /// row, so a pull request's plan shows it.
    @Test func anUnreadablePostFileIsBlockedNotGone() throws {
        let repo = try TempRepository([
            "posts/sent.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: [\n",
            "posts/new.yaml": "- publish_at: 2026-12-01T09:00:00Z\n",
        ])
        let result = try plan(repo, state: "2026-12-01T09:00:01Z published post=sent part=0 hash=h id=7\n")
        #expect(result.items.map(row) == ["blocked sent#0 acme-x", "blocked new#0 "])
        #expect(result.items.map(\.reason) == ["YAML syntax error: the file ends inside this list: its closing ']' is missing",
                                               "a post must be a mapping, found a list"])
        #expect(result.items.map { $0.location?.description } == ["posts/sent.yaml:3:7", "posts/new.yaml:1:1"])
        #expect(result.items[0].remoteID == "7")
    }

    /// An account read with an error (an instance that is no server's
    /// address) is not published to, as a post with an error is not: its
    /// items are blocked at the error, not tried and failed run after run.
    @Test func anAccountWithAnErrorIsBlocked() throws {
        let accounts = TempRepository.defaultAccounts.replacingOccurrences(of: "https://mastodon.example", with: "http://mastodon.example")
        let repo = try TempRepository(["posts/a.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-mastodon, acme-x]\ntext: hi\n"],
                                      accounts: accounts)
        let result = try plan(repo)
        #expect(result.items.map(row) == ["blocked a#0 acme-mastodon", "publish a#0 acme-x"])
        #expect(result.items[0].reason == "account 'acme-mastodon' cannot be used: accounts.yaml has an error in it (accounts.yaml:7:15: "
            + "instance must use https, found 'http://mastodon.example': herald sends the account's credentials there (http only to 127.0.0.1, ::1 or localhost))")
        #expect(result.items[0].location?.description == "accounts.yaml:7:15")
    }

    @Test func platformsWithoutAnAdapterAreUnsupported() throws {
        let repo = try TempRepository(["posts/a.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x, acme-mastodon]\ntext: hi\n"])
        let result = try plan(repo, publishable: [.mastodon])
        #expect(result.items.map(row) == ["publish a#0 acme-mastodon", "unsupported a#0 acme-x"])
        #expect(result.items[1].reason == "herald \(HeraldInfo.version) cannot publish to X yet")
    }

    @Test func campaignHashtagsAndVariants() throws {
        let repo = try TempRepository([
            "campaigns/w.yaml": "name: W\naccounts: [acme-x, acme-mastodon]\nhashtags: ['#herald', '#ci']\n",
            "posts/a.yaml": "publish_at: 2026-12-01T09:00:00Z\ncampaign: w\ntext: |\n  Hello #herald\nvariants:\n  x: { text: short }\n",
        ])
        let result = try plan(repo)
        #expect(result.items.map { $0.text ?? "" } == ["Hello #herald\n\n#ci", "short\n\n#herald #ci"])
    }

    /// A hashtag listed twice, in any case, is added once (the list keeps
    /// the first); validation warns about the repeat.
    @Test func aRepeatedCampaignHashtagIsAddedOnce() throws {
        let repo = try TempRepository([
            "campaigns/w.yaml": "name: W\naccounts: [acme-mastodon]\nhashtags: ['#herald', '#ci', '#Herald', '#ci']\n",
            "posts/a.yaml": "publish_at: 2026-12-01T09:00:00Z\ncampaign: w\ntext: Hello\n",
        ])
        #expect(try plan(repo).items.map { $0.text ?? "" } == ["Hello\n\n#herald #ci"])
    }

    /// Only the tags a text lacks are added, on a line of their own (the
    /// only line of an empty text); a tag matches whole and in any case.
    @Test(arguments: [
        ("", "#herald #ci"),
        ("Hello", "Hello\n\n#herald #ci"),
        ("Hello #HERALD and #ci.", "Hello #HERALD and #ci."),
        ("Hello #heraldry", "Hello #heraldry\n\n#herald #ci"),
        ("Hello #ci", "Hello #ci\n\n#herald"),
        // No tag where the platforms see none: a link's fragment, a '#' after a letter or an '&'.
        ("docs at https://example.com/guide#herald #ci", "docs at https://example.com/guide#herald #ci\n\n#herald"),
        ("built with#herald (#ci)", "built with#herald (#ci)\n\n#herald"),
        ("https://example.com/#herald &#ci", "https://example.com/#herald &#ci\n\n#herald #ci"),
        // After another letter Mastodon sees a tag (X does not): it counts as there.
        ("(#herald) 日本#ci", "(#herald) 日本#ci"),
        // Punctuation, a symbol or an emoji past ASCII ends a tag, as ASCII punctuation does.
        ("We love #herald… and #ci’s CI", "We love #herald… and #ci’s CI"),
        ("#herald—#ci🎉", "#herald—#ci🎉"),
        ("#herald\u{00A0}! #ci。", "#herald\u{00A0}! #ci。"),
        // A letter or a mark goes on it: a longer tag.
        ("#heraldé #ciー", "#heraldé #ciー\n\n#herald #ci"),
        // In a link's query, '#' starts the fragment, whatever is before it.
        ("Link https://example.com/page?x=#herald and www.example.com/?a=#ci", "Link https://example.com/page?x=#herald and www.example.com/?a=#ci\n\n#herald #ci"),
    ])
    func campaignHashtagsAreAppendedWhenMissing(_ text: String, _ expected: String) {
        #expect(ContentResolver.appendingHashtags(["#herald", "#ci"], to: text) == expected)
    }
}
