import Foundation
import HeraldTestSupport
import Testing

@Suite struct ValidatePlanCLITests {
    let example = CLI.packageRoot
    let broken = CLI.packageRoot + "/Tests/HeraldCLITests/Fixtures/broken"
    /// A fixed time, so the plan does not depend on the day the tests run.
    let at = "2026-11-21T12:00:00+01:00"

    @Test func validateExampleIsClean() async throws {
        let result = try await CLI.run(["validate", "-C", example])
        #expect(result.status == 0)
        #expect(result.stdout == "0 errors, 0 warnings in 7 files\n")
    }

    /// validate reads the state folder's records too: a merge that left
    /// conflict markers, or a line edited by hand, fails the check.
    @Test func validateChecksTheState() async throws {
        let repo = try TempDirectory()
        try repo.write("accounts.yaml", "accounts:\n  acme-x: { platform: x, handle: acme }\n")
        try repo.write("posts/a.yaml", "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: hi\n")
        try repo.write(".gitattributes", "state/*.state merge=union eol=lf\n")
        let record = "2026-12-01T09:00:01Z published post=a part=0 hash=h id=1\n"
        try repo.write("state/acme-x.state", "herald-state 1 account=acme-x\n<<<<<<< HEAD\n" + record + "=======\n"
            + "2026-12-01T09:00:02Z publishd post=a part=0 hash=h id=2\n>>>>>>> other\n")
        let result = try await CLI.run(["validate", "-C", repo.root, "--format", "github"])
        #expect(result.status == 1)
        let marker = "a git merge conflict marker (records are only ever added: keep the lines of both sides and delete the markers; herald will not publish to 'acme-x' until then)"
        #expect(result.stdout == """
            ::error file=state/acme-x.state,line=2,col=1::\(marker)
            ::error file=state/acme-x.state,line=4,col=1::\(marker)
            ::error file=state/acme-x.state,line=5,col=22::unreadable state record: unknown event 'publishd': did you mean 'published'? (herald will not publish to 'acme-x' until this line is repaired)
            ::error file=state/acme-x.state,line=6,col=1::\(marker)

            """)
        try repo.write("state/acme-x.state", "herald-state 1 account=acme-x\n" + record)
        let repaired = try await CLI.run(["validate", "-C", repo.root])
        #expect(repaired.status == 0, "\(repaired.stdout)")
        #expect(repaired.stdout == "0 errors, 0 warnings in 3 files\n")
    }

    /// In a GitHub job, `-C site` names files as the workspace holds them
    /// (`site/posts/a.yaml`), where GitHub attaches annotations; at the
    /// workspace's root, or outside it, paths are the repository's own.
    @Test func annotationsNameFilesAsTheWorkspaceHoldsThem() async throws {
        let workspace = try TempDirectory()
        try workspace.write("site/accounts.yaml", "accounts:\n  acme-x: { platform: x, handle: acme }\n")
        try workspace.write("site/posts/a.yaml", "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-y]\ntext: hi\n")
        let site = workspace.root + "/site"
        let nested = try await CLI.run(["validate", "-C", site, "--format", "github"], environment: CLI.environment(["GITHUB_WORKSPACE": workspace.root]))
        #expect(nested.stdout.hasPrefix("::error file=site/posts/a.yaml,line=2,col=12::unknown account 'acme-y'"), "\(nested.stdout)")
        for environment in [["GITHUB_WORKSPACE": site], [:], ["GITHUB_WORKSPACE": "/nonexistent"]] {
            let result = try await CLI.run(["validate", "-C", site, "--format", "github"], environment: CLI.environment(environment))
            #expect(result.stdout.hasPrefix("::error file=posts/a.yaml,line=2,col=12::"), "\(environment): \(result.stdout)")
        }
    }

    /// As git takes it: `herald -C PATH validate` (also `--repo PATH` and
    /// `--repo=PATH`, and a nested command) reads the same repository as
    /// `herald validate -C PATH`.
    @Test(arguments: [["-C", "{}", "validate"], ["--repo", "{}", "validate", "--format", "text"], ["--repo={}", "validate"]])
    func repositoryBeforeTheCommand(arguments: [String]) async throws {
        let result = try await CLI.run(arguments.map { $0.replacingOccurrences(of: "{}", with: broken) })
        #expect(result.status == 1)
        try Golden.check(result.stdout, "validate-broken.txt")
    }

    /// Several, as git takes them: each relative to the one before, an
    /// absolute one starting afresh, an empty one changing nothing; a
    /// --no-color among them is taken too.
    @Test func severalRepositoriesBeforeTheCommandChain() async throws {
        let parent = (broken as NSString).deletingLastPathComponent
        let name = (broken as NSString).lastPathComponent
        for arguments in [["-C", parent, "-C", name], ["-C", "/no-such-folder", "--repo", broken], ["-C", "", "--repo=\(parent)", "-C", "", "-C", name],
                          ["--no-color", "-C", parent, "-C", name], ["-C", parent, "--no-color", "-C", name]] {
            let result = try await CLI.run(arguments + ["validate"])
            #expect(result.status == 1, "\(arguments): \(result.stderr)")
            try Golden.check(result.stdout, "validate-broken.txt")
        }
    }

    /// Named before the command and after it, or twice after it: the parser
    /// would keep the last, and plan a repository other than one named.
    @Test func aRepositoryNamedTwiceIsRefused() async throws {
        for (arguments, message) in [
            (["-C", broken, "plan", "-C", example], "the repository is named both before the command and after it: name it once (-C PATH)"),
            (["--repo=\(broken)", "validate", "--repo", example], "the repository is named both before the command and after it: name it once (-C PATH)"),
            (["plan", "-C", broken, "-C", example], "-C is given 2 times after the command: name the repository once there (before the command, several chain as git's do: -C a -C b is a/b)"),
            (["plan", "-C", broken, "-C=\(example)"], "-C is given 2 times after the command: name the repository once there (before the command, several chain as git's do: -C a -C b is a/b)"),
            (["--no-color", "-C", broken, "validate", "-C=\(example)"], "the repository is named both before the command and after it: name it once (-C PATH)"),
        ] {
            let result = try await CLI.run(arguments)
            #expect(result.status == 64, "\(arguments)")
            #expect(result.stdout == "")
            #expect(result.stderr == "Error: \(message)\n")
        }
    }

    /// An option that takes one value, given twice (a script that adds its
    /// own `--at`): refused, where the parser kept the last and could
    /// publish early. Options that take several are not.
    @Test func anOptionOfOneValueGivenTwiceIsRefused() async throws {
        for (arguments, message) in [
            (["publish", "--sandbox", "--dry-run", "-C", example, "--at", "2026-12-01T00:00:00Z", "--at=2026-12-20T00:00:00Z"],
             "--at is given 2 times: give it once (the parser would keep only the last)"),
            (["plan", "-C", example, "--format", "json", "--format", "text"], "--format is given 2 times: give it once (the parser would keep only the last)"),
            // state resolve takes one account: the last would be recorded, silently.
            (["-C", example, "state", "resolve", "2026/launch", "--account", "acme-mastodon", "--account=acme-x", "--absent"],
             "--account is given 2 times: give it once (the parser would keep only the last)"),
        ] {
            let result = try await CLI.run(arguments)
            #expect(result.status == 64, "\(arguments)")
            #expect(result.stdout == "")
            #expect(result.stderr == "Error: \(message)\n")
        }
        let repeated = try await CLI.run(["publish", "--sandbox", "--dry-run", "-C", example, "--at", "2026-11-21T12:00:00+01:00",
                                          "--now", "2026/launch", "--now", "2026/launch-teaser"])
        #expect(repeated.status != 64, "\(repeated.stderr)")
    }

    /// Every option of one value, of every command (as the parser describes
    /// them, `--experimental-dump-help`), is refused given twice: the list
    /// the check keeps (`RepositoryOptions.optionGivenTwice`) cannot fall
    /// behind an option added later. `-C`/`--repo` has its own rule.
    @Test func everyOptionOfOneValueIsCheckedForRepeats() async throws {
        let dump = try await CLI.run(["--experimental-dump-help"])
        let tool = try #require(try JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any])
        var checked: [([String], String)] = []
        func walk(_ command: [String: Any], path: [String]) {
            for argument in command["arguments"] as? [[String: Any]] ?? [] where argument["kind"] as? String == "option" && argument["isRepeating"] as? Bool == false {
                for name in argument["names"] as? [[String: Any]] ?? [] where name["kind"] as? String == "long" {
                    if let long = name["name"] as? String, long != "repo" { checked.append((path, "--" + long)) }
                }
            }
            for sub in command["subcommands"] as? [[String: Any]] ?? [] { walk(sub, path: path + [sub["commandName"] as? String ?? ""]) }
        }
        walk(try #require(tool["command"] as? [String: Any]), path: [])
        #expect(checked.count >= 20, "\(checked)")
        for (path, option) in checked {
            // Values no option takes: a repeat the check missed fails to parse (or, for a path, is not found) rather than run.
            let result = try await CLI.run(path + [option, "?x", option, "?y"])
            #expect(result.status == 64 && result.stderr.contains("\(option) is given 2 times"), "\(path) \(option): \(result.stderr)")
        }
    }

    /// As `git -C site help`: the help command reads no repository.
    @Test func repositoryBeforeHelp() async throws {
        let result = try await CLI.run(["-C", example, "help", "plan"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("OVERVIEW: Show what publish would do"))
    }

    /// `herald -C site` with no command says what -C is for, rather than
    /// call it an unknown option; before --version or --help it is ignored.
    @Test func repositoryWithoutACommand() async throws {
        for (arguments, option) in [(["-C", example], "-C"), (["--repo=" + example], "--repo"), (["-C", example, "--repo", example], "-C")] {
            let result = try await CLI.run(arguments)
            #expect(result.status == 64, "\(arguments)")
            #expect(result.stdout == "")
            #expect(result.stderr == "Error: \(option) PATH names the repository of a command that follows it, as in 'herald \(option) PATH plan'\n")
        }
        let version = try await CLI.run(["-C", example, "--version"])
        #expect(version.status == 0, "\(version.stderr)")
        #expect(try await version.stdout == CLI.run(["--version"]).stdout)
        #expect(!version.stdout.isEmpty)
    }

    /// `herald help nope` is a usage error naming the commands, not the
    /// top-level help with status 0, which hides a typo in a script.
    @Test func helpForACommandThatDoesNotExist() async throws {
        let typo = try await CLI.run(["help", "plann"])
        #expect(typo.status == 64)
        #expect(typo.stdout.isEmpty)
        #expect(typo.stderr == "Error: 'herald' has no command 'plann'; did you mean 'plan'?\n")
        let unknown = try await CLI.run(["help", "nope"])
        #expect(unknown.status == 64)
        #expect(unknown.stderr == "Error: 'herald' has no command 'nope' (it has 'validate', 'plan', 'publish', 'sandbox', 'state', 'text')\n")
        let nested = try await CLI.run(["help", "state", "reslove"])
        #expect(nested.stderr == "Error: 'herald state' has no command 'reslove'; did you mean 'resolve'?\n")
        let leaf = try await CLI.run(["-C", example, "help", "plan", "nope"])
        #expect(leaf.status == 64)
        #expect(leaf.stderr == "Error: 'herald plan' has no command 'nope'\n")
        let fine = try await CLI.run(["help", "state", "resolve"])
        #expect(fine.status == 0, "\(fine.stderr)")
        #expect(fine.stdout.hasPrefix("OVERVIEW: Record what a person found"))
    }

    @Test func repositoryBeforeANestedCommand() async throws {
        let result = try await CLI.run(["-C", example, "text", "count", "--account", "acme-x", "--format", "json"], stdin: "hello")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("\"platform\" : \"x\""))
    }

    @Test(arguments: [("text", "validate-broken.txt"), ("json", "validate-broken.json"), ("github", "validate-broken.github.txt")])
    func validateBroken(format: String, golden: String) async throws {
        let result = try await CLI.run(["validate", "-C", broken, "--format", format])
        #expect(result.status == 1)
        try Golden.check(result.stdout, golden)
    }

    @Test(arguments: [("text", "plan-example.txt"), ("markdown", "plan-example.md"), ("json", "plan-example.json")])
    func planExample(format: String, golden: String) async throws {
        let env = CLI.environment(["HERALD_ACME_MASTODON_ACCESS_TOKEN": "placeholder", "HERALD_ACME_X_ACCESS_TOKEN": "placeholder",
                                   "HERALD_ACME_LINKEDIN_ACCESS_TOKEN": "placeholder"])
        let result = try await CLI.run(["plan", "-C", example, "--at", at, "--format", format], environment: env)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr == "")
        try Golden.check(result.stdout, golden)
    }

    @Test func planDetailedExitCode() async throws {
        let due = try await CLI.run(["plan", "-C", example, "--at", at, "--detailed-exitcode"],
                              environment: CLI.environment(["HERALD_ACME_MASTODON_ACCESS_TOKEN": "placeholder"]))
        #expect(due.status == 2)
        let early = try await CLI.run(["plan", "-C", example, "--at", "2026-01-01T00:00:00Z", "--detailed-exitcode"])
        #expect(early.status == 0)
        #expect(early.stdout.contains("No changes."))
        // Due but blocked for want of credentials is due: a job that asks plan
        // first must run publish, which has them or fails, not skip it.
        let noCredentials = try await CLI.run(["plan", "-C", example, "--at", at, "--account", "acme-mastodon", "--detailed-exitcode"],
                                              environment: CLI.environment([:]))
        #expect(noCredentials.status == 2, "\(noCredentials.stderr)")
        #expect(noCredentials.stdout.contains("no credentials: set HERALD_ACME_MASTODON_ACCESS_TOKEN"))
        #expect(!noCredentials.stdout.contains("+ publish"))
        let errors = try await CLI.run(["plan", "-C", broken, "--at", at, "--detailed-exitcode"])
        #expect(errors.status == 1)
        #expect(errors.stderr.contains("posts/typo.yaml:2:12: error: unknown account 'acme-twiter' (did you mean 'acme-x'?)"))
    }

    /// `plan --account ID`, as `publish --account ID` takes it: the shard a
    /// CI job owns, and whether anything of it is due.
    @Test func planOfSomeAccounts() async throws {
        let env = CLI.environment(["HERALD_ACME_MASTODON_ACCESS_TOKEN": "placeholder"])
        let mastodon = try await CLI.run(["plan", "-C", example, "--at", at, "--account", "acme-mastodon", "--detailed-exitcode", "--format", "json"],
                                         environment: env)
        #expect(mastodon.status == 2, "\(mastodon.stderr)")
        let plan = try #require(try JSONSerialization.jsonObject(with: Data(mastodon.stdout.utf8)) as? [String: Any])
        let items = try #require(plan["items"] as? [[String: Any]])
        #expect(items.map { $0["account"] as? String } == Array(repeating: "acme-mastodon", count: 5))
        #expect((plan["summary"] as? [String: Int])?.filter { $0.value > 0 } == ["publish": 3, "wait": 1, "draft": 1])
        // The other accounts have nothing due at that time: a job for them has nothing to do.
        let others = try await CLI.run(["plan", "-C", example, "--at", at, "--account", "acme-x", "--account", "acme-linkedin", "--detailed-exitcode"],
                                       environment: env)
        #expect(others.status == 0, "\(others.stderr)")
        #expect(others.stdout.contains("No changes. Nothing is due."))
        #expect(!others.stdout.contains("acme-mastodon"))
        let typo = try await CLI.run(["plan", "-C", example, "--at", at, "--account", "acme-mastdon"], environment: env)
        #expect(typo.status == 64)
        #expect(typo.stdout == "")
        #expect(typo.stderr == "Error: unknown account 'acme-mastdon' (did you mean 'acme-mastodon'?)\n")
    }

    @Test func planBrokenBlocksOnlyWhatIsBroken() async throws {
        let env = CLI.environment(["HERALD_ACME_MASTODON_ACCESS_TOKEN": "placeholder"])
        let result = try await CLI.run(["plan", "-C", broken, "--at", at, "--format", "json"], environment: env)
        #expect(result.status == 1)
        try Golden.check(result.stdout, "plan-broken.json")
        // A post that goes to no account has its row in every format, its account shown as none.
        let text = try await CLI.run(["plan", "-C", broken, "--at", at], environment: env)
        #expect(text.stdout.contains("\n  ! blocked      stray   (no account)   post targets no accounts (add 'accounts: [...]' or a campaign with accounts)\n"))
        // So does a post file that cannot be read.
        #expect(text.stdout.contains("\n  ! blocked      syntax  (no account)   YAML syntax error: did not find expected ',' or ']', while parsing a flow sequence (it began at line 2, column 11)\n"))
        // The markdown plan, a pull request's comment, lists the problems under its summary.
        let markdown = try await CLI.run(["plan", "-C", broken, "--at", at, "--format", "markdown"], environment: env)
        #expect(markdown.status == 1)
        try Golden.check(markdown.stdout, "plan-broken.md")
    }

    /// A literal secret committed to the repository and a broken credentials
    /// file are reported by position; no command prints either secret.
    @Test func secretsInBrokenFilesAreNotPrinted() async throws {
        let repo = try TempDirectory()
        try repo.write("accounts.yaml", """
            accounts:
              acme-mastodon: { platform: mastodon, instance: https://mastodon.example, access_token: placeholder-secret-111 }

            """)
        try repo.write("posts/a.yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [acme-mastodon]\ntext: hi\n")
        // A credential's value written where an account's name goes: the error quotes the name.
        try repo.write("posts/b.yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [placeholder-secret-333]\ntext: hi\n")
        // The credentials file lives outside the repository, as it must.
        let (home, env) = try CLI.credentialsFile("accounts:\n  acme-mastodon:\n    access_token: \"placeholder-secret-222\n",
                                                  ["HERALD_ACME_MASTODON_ACCESS_TOKEN": "placeholder-secret-333"])
        try repo.write(".github/workflows/publish.yml", "jobs:\n  p:\n    env:\n      HERALD_ACME_MASTODON_ACCESS_TOKEN: placeholder-secret-444\n")
        var runs: [CLI.Result] = []
        for arguments in [["validate"], ["plan"], ["publish", "--dry-run"], ["publish", "--sandbox"], ["plan", "--format", "markdown"],
                          ["plan", "--format", "json"], ["validate", "--format", "json"], ["validate", "--format", "github"]] {
            runs.append(try await CLI.run(arguments + ["-C", repo.root], environment: env))
        }
        #expect(runs.map(\.status) == [1, 1, 1, 1, 1, 1, 1, 1])
        for run in runs {
            #expect(!(run.stdout + run.stderr).contains("placeholder-secret"), "\(run.stdout)\(run.stderr)")
        }
        #expect(runs[0].stdout.contains("accounts.yaml:2:90: error: literal secret under 'access_token'"))
        #expect(runs[0].stdout.contains("  acme-mastodon: { platform: mastodon, instance: https://mastodon.example, access_token: [REDACTED]\n"))
        #expect(runs[0].stdout.contains(".github/workflows/publish.yml:4:42: error: literal secret in HERALD_ACME_MASTODON_ACCESS_TOKEN"))
        #expect(runs[0].stdout.contains("\n        HERALD_ACME_MASTODON_ACCESS_TOKEN: [REDACTED]\n"))
        #expect(runs[1].stderr.contains("\(home.root)/credentials.yaml:3:19: error: YAML syntax error: the file ends inside this quoted text"))
        #expect(runs[4].stdout.contains("- `posts/b.yaml:2:12` error: unknown account '\\[REDACTED\\]' (accounts.yaml defines acme-mastodon)\n"), "\(runs[4].stdout)")
    }

    /// A credential kept in the credentials file, pasted into a post, is not
    /// shown by validate either, in any format; the file's own problems
    /// (a misspelt field) are left to plan and publish.
    @Test func validateRedactsTheCredentialsFilesValues() async throws {
        let repo = try TempDirectory()
        try repo.write("accounts.yaml", "accounts:\n  acme-mastodon: { platform: mastodon, instance: https://mastodon.example }\n")
        try repo.write("posts/a.yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [acme-mastodon, placeholder-file-secret-777]\ntext: hi\n")
        let (home, env) = try CLI.credentialsFile("accounts:\n  acme-mastodon:\n    access_token: placeholder-file-secret-777\n    acces_token: x\n")
        for format in ["text", "json", "github"] {
            let run = try await CLI.run(["validate", "-C", repo.root, "--format", format], environment: env)
            #expect(run.status == 1)
            #expect(run.stdout.contains("unknown account '[REDACTED]'"), "\(run.stdout)")
            #expect(!(run.stdout + run.stderr).contains("placeholder-file-secret"), "\(run.stdout)\(run.stderr)")
            #expect(!(run.stdout + run.stderr).contains("credentials.yaml"), "\(run.stdout)\(run.stderr)")
        }
    }

    /// A mistyped HERALD_CREDENTIALS_FILE is named, and plan and publish fail
    /// on it, rather than showing every account as lacking its secrets.
    @Test func aMissingNamedCredentialsFileFailsPlanAndPublish() async throws {
        let repo = try TempDirectory()
        try repo.write("accounts.yaml", "accounts:\n  acme-mastodon: { platform: mastodon, instance: https://mastodon.example }\n")
        try repo.write("posts/a.yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [acme-mastodon]\ntext: hi\n")
        let env = CLI.environment(["HERALD_CREDENTIALS_FILE": repo.root + "/credentals.yaml"])
        for arguments in [["plan"], ["publish", "--dry-run"]] {
            let run = try await CLI.run(arguments + ["-C", repo.root], environment: env)
            #expect(run.status == 1, "\(arguments)")
            #expect(run.stderr.contains("\(repo.root)/credentals.yaml:1:1: error: credentials file does not exist (HERALD_CREDENTIALS_FILE names it;"), "\(run.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: repo.root + "/state"))
    }

    /// A credentials file kept in the checkout fails validate, a pull
    /// request's check, as well as plan: a commit would publish it. Its
    /// secrets are still redacted, and no line of it is shown.
    @Test func aCredentialsFileInTheRepositoryFailsValidate() async throws {
        let repo = try TempDirectory()
        try repo.write("accounts.yaml", "accounts:\n  acme-mastodon: { platform: mastodon, instance: https://mastodon.example }\n")
        try repo.write("posts/a.yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [acme-mastodon]\ntext: hi placeholder-secret-777\n")
        try repo.write(".herald/credentials.yaml", "accounts:\n  acme-mastodon:\n    access_token: placeholder-secret-777\n")
        chmod(repo.root + "/.herald/credentials.yaml", 0o600)
        let env = CLI.environment(["HERALD_CREDENTIALS_FILE": repo.root + "/.herald/credentials.yaml"])
        for arguments in [["validate"], ["plan"]] {
            let run = try await CLI.run(arguments + ["-C", repo.root], environment: env)
            #expect(run.status == 1, "\(arguments)")
            #expect((run.stdout + run.stderr).contains("\n.herald/credentials.yaml:1:1: error: credentials file is inside the repository")
                    || (run.stdout + run.stderr).hasPrefix(".herald/credentials.yaml:1:1: error: credentials file is inside the repository"), "\(run.stdout)\(run.stderr)")
        }
        let validate = try await CLI.run(["validate", "-C", repo.root], environment: env)
        #expect(!(validate.stdout + validate.stderr).contains("placeholder-secret"))
    }

    /// A token that YAML reads as something else, an alias (`*…`) or a key,
    /// is not quoted by the credentials file's problems either.
    @Test func credentialsFileProblemsQuoteNoWordOfIt() async throws {
        let repo = try TempDirectory()
        try repo.write("accounts.yaml", "accounts:\n  acme-mastodon: { platform: mastodon, instance: https://mastodon.example }\n")
        let (home, env) = try CLI.credentialsFile("""
            accounts:
              acme-mastodon:
                access_token: *placeholder-secret-555
              placeholder-secret-666: {}
              placeholder-secret-666: {}

            """)
        let run = try await CLI.run(["plan", "-C", repo.root], environment: env)
        #expect(run.status == 1)
        #expect(!(run.stdout + run.stderr).contains("placeholder-secret"), "\(run.stdout)\(run.stderr)")
        let markdown = try await CLI.run(["plan", "-C", repo.root, "--format", "markdown"], environment: env)
        #expect(markdown.stdout.contains("- `\(home.root)/credentials.yaml:3:19` error: unknown anchor (YAML reads a value starting with '\\*' "), "\(markdown.stdout)")
        #expect(!(markdown.stdout + markdown.stderr).contains("placeholder-secret"), "\(markdown.stdout)\(markdown.stderr)")
        #expect(run.stderr.contains("\(home.root)/credentials.yaml:3:19: error: unknown anchor (YAML reads a value starting with '*' as an alias, a reference to an anchor (&name): quote the value if the '*' is part of it)\n"))
        #expect(run.stderr.contains("\(home.root)/credentials.yaml:5:3: error: duplicate key (first defined at line 4)\n"))
    }

    /// Formats escape characters a secret may hold (GitHub's annotations
    /// write `%` as `%25`, markdown `_` as `\_`): secrets are replaced before.
    @Test func secretsAreRedactedBeforeFormatsEscapeThem() async throws {
        let secret = "placeholder_env%333,x:y"
        let repo = try TempDirectory()
        try repo.write("accounts.yaml", "accounts:\n  acme-mastodon: { platform: mastodon, instance: https://mastodon.example }\n")
        try repo.write("posts/b.yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [acme-mastodon, \"\(secret)\"]\ntext: hi\n")
        let env = CLI.environment(["HERALD_ACME_MASTODON_ACCESS_TOKEN": secret])
        var runs: [CLI.Result] = []
        for arguments in [["validate", "--format", "github"], ["validate", "--format", "json"], ["validate"],
                          ["plan", "--format", "markdown"], ["plan", "--format", "json"], ["plan"]] {
            runs.append(try await CLI.run(arguments + ["-C", repo.root], environment: env))
        }
        #expect(runs[0].stdout.contains("::error file=posts/b.yaml,line=2,col=27::unknown account '[REDACTED]'"), "\(runs[0].stdout)")
        for run in runs {
            #expect(run.status == 1)
            #expect(!(run.stdout + run.stderr).contains("placeholder"), "\(run.stdout)\(run.stderr)")
        }
    }

    /// A credential's value from the environment, written into a file by
    /// mistake, is shown as [REDACTED] in diagnostics, plans and dry runs,
    /// the sandbox's included.
    @Test func environmentCredentialsAreRedactedEverywhere() async throws {
        let repo = try TempDirectory()
        try repo.write("accounts.yaml", "accounts:\n  acme-mastodon: { platform: mastodon, instance: https://mastodon.example }\n")
        try repo.write("posts/b.yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [acme-mastodon, placeholder-env-333]\ntext: hi\n")
        let plan = try await CLI.run(["plan", "-C", repo.root], environment: CLI.environment(["HERALD_ACME_MASTODON_ACCESS_TOKEN": "placeholder-env-333"]))
        #expect(plan.stderr.contains("posts/b.yaml:2:27: error: unknown account '[REDACTED]'"))
        #expect(plan.stderr.contains("  accounts: [acme-mastodon, [REDACTED]]\n"))
        #expect(!(plan.stdout + plan.stderr).contains("placeholder-env"), "\(plan.stdout)\(plan.stderr)")
        #expect(plan.stdout.contains("unknown account '[REDACTED]'"))
        for format in ["text", "json", "github"] {
            let validate = try await CLI.run(["validate", "-C", repo.root, "--format", format],
                                       environment: CLI.environment(["HERALD_ACME_MASTODON_ACCESS_TOKEN": "placeholder-env-333"]))
            #expect(validate.stdout.contains("unknown account '[REDACTED]'"))
            #expect(!validate.stdout.contains("placeholder-env"), "\(validate.stdout)")
        }
        for format in ["json", "markdown"] {
            let other = try await CLI.run(["plan", "-C", repo.root, "--format", format],
                                    environment: CLI.environment(["HERALD_ACME_MASTODON_ACCESS_TOKEN": "placeholder-env-333"]))
            // Markdown escapes the mark's brackets, as any text in a table cell.
            #expect(other.stdout.contains(format == "markdown" ? "\\[REDACTED\\]" : "[REDACTED]"))
            #expect(!(other.stdout + other.stderr).contains("placeholder-env"), "\(other.stdout)")
        }
        try FileManager.default.removeItem(atPath: repo.root + "/posts/b.yaml")
        try repo.write("posts/placeholder-env-333.yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [acme-mastodon]\ntext: hi\n")
        for format in ["text", "json"] {
            let dry = try await CLI.run(["publish", "-C", repo.root, "--sandbox", "--dry-run", "--format", format],
                                  environment: CLI.environment(["HERALD_ACME_MASTODON_ACCESS_TOKEN": "placeholder-env-333"]))
            #expect(dry.stdout.contains("[REDACTED]"))
            #expect(!(dry.stdout + dry.stderr).contains("placeholder-env"), "\(dry.stdout)")
        }
    }

    @Test func colourNeverWithoutTTY() async throws {
        let result = try await CLI.run(["validate", "-C", broken])
        #expect(!result.stdout.contains("\u{1B}["))
    }

    @Test func missingRepository() async throws {
        let result = try await CLI.run(["validate", "-C", "/nonexistent/herald"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("no such directory: /nonexistent/herald"))
    }

    @Test(arguments: [
        ("tomorrow", "is not a time like 2026-12-01T09:00:00+01:00"),
        ("2026-12-01T09:00:00+0100", "is not a time; write it as 2026-12-01T09:00:00+01:00"),
        ("2026-11-31T09:00", "is not a time: November 2026 has 30 days"),
        ("2026-12-01", "is not a time: the time of day is missing, as in 2026-12-01T09:00"),
        ("2026-12-01T09:00 Europe/London", "is not a time: a zone's name cannot follow the time, only its offset; write it as 2026-12-01T09:00:00+00:00"),
        ("01.12.2026 9:00", "is not a time: dates are written year first: 2026-12-01 09:00 if the day comes first, 2026-01-12 09:00 if the month does"),
        // Read as the time, not as an option after a time left out ("Missing value").
        ("-1", "is not a time like 2026-12-01T09:00:00+01:00"),
        ("-1h", "is not a time like 2026-12-01T09:00:00+01:00"),
    ])
    func badAtTime(at: String, problem: String) async throws {
        let result = try await CLI.run(["plan", "-C", example, "--at", at])
        #expect(result.status == 64)
        #expect(result.stderr == "Error: --at '\(at)' \(problem)\n")
    }

    /// What was typed is quoted with its control characters escaped.
    @Test func badAtTimeWithAControlCharacter() async throws {
        let result = try await CLI.run(["plan", "-C", example, "--at", "x\u{1B}[2J"])
        #expect(result.status == 64)
        #expect(result.stderr == "Error: --at 'x\\e[2J' is not a time like 2026-12-01T09:00:00+01:00\n")
    }

    /// A local --at names herald.yaml's timezone that cannot be used, rather than say there is none.
    @Test func localAtWithATimeZoneThatCannotBeUsed() async throws {
        let repo = try TempDirectory()
        try repo.write("herald.yaml", "timezone: Europe/Berln\n")
        try repo.write("accounts.yaml", "accounts: {}\n")
        let result = try await CLI.run(["plan", "-C", repo.root, "--at", "2026-12-01T09:00"])
        #expect(result.status == 64)
        #expect(result.stderr == "Error: --at '2026-12-01T09:00' has no UTC offset, and herald.yaml's timezone cannot be used: see herald.yaml:1:11\n")
    }

    /// A local --at is read in herald.yaml's time zone (Europe/Berlin in the
    /// example); at a daylight-saving change it is refused as publish_at is, naming both instants.
    @Test func atTimeAtADaylightSavingChange() async throws {
        let gap = try await CLI.run(["plan", "-C", example, "--at", "2026-03-29T02:30:00"])
        #expect(gap.status == 64)
        #expect(gap.stderr == "Error: --at '2026-03-29T02:30:00' does not exist in Europe/Berlin: the clocks skip it at a daylight-saving change; give 2026-03-29T02:30:00+01:00 or 2026-03-29T02:30:00+02:00\n")
        let twice = try await CLI.run(["plan", "-C", example, "--at", "2026-10-25T02:30:00"])
        #expect(twice.status == 64)
        #expect(twice.stderr == "Error: --at '2026-10-25T02:30:00' happens twice in Europe/Berlin at a daylight-saving change; give 2026-10-25T02:30:00+02:00 or 2026-10-25T02:30:00+01:00\n")
        let local = try await CLI.run(["plan", "-C", example, "--at", "2026-11-21T12:00:00", "--format", "json"])
        #expect(local.status == 0)
        #expect(local.stdout.contains("\"at\" : \"2026-11-21T11:00:00Z\""), "read as Berlin time, UTC+1")
        // In whole seconds, as times are shown: a post due at the second the plan is for is due.
        let repo = try TempDirectory()
        try repo.write("accounts.yaml", "accounts:\n  m1: { platform: mastodon, instance: https://one.example }\n")
        try repo.write("posts/a.yaml", "publish_at: 2026-12-24T09:00:00.5Z\naccounts: [m1]\ntext: hi\n")
        let fraction = try await CLI.run(["plan", "-C", repo.root, "--at", "2026-12-24T09:00:00.2Z"], environment: CLI.environment(["HERALD_M1_ACCESS_TOKEN": "x"]))
        #expect(fraction.stdout.hasPrefix("herald plan at 2026-12-24T09:00:00+00:00\n\n  + publish      a  m1\n"), "\(fraction.stdout)")
    }
}

/// Colour on a terminal, never with NO_COLOR, --no-color or TERM=dumb: `script` gives
/// herald a real pseudo-terminal.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "needs script(1) from util-linux"))
struct ColourCLITests {
    let broken = CLI.packageRoot + "/Tests/HeraldCLITests/Fixtures/broken"

    func onTerminal(_ command: String, environment: [String: String] = [:]) async throws -> String {
        try await CLI.runProgram("/usr/bin/script", ["-qec", "\(CLI.binary) \(command)", "/dev/null"], environment: CLI.environment(environment)).stdout
    }

    @Test func colourOnATerminal() async throws {
        #expect(try await onTerminal("validate -C \(broken)").contains("\u{1B}[1;31merror:"))
    }

    @Test func noColourWithNoColor() async throws {
        #expect(!(try await onTerminal("validate -C \(broken)", environment: ["NO_COLOR": "1"])).contains("\u{1B}["))
        #expect(!(try await onTerminal("validate -C \(broken) --no-color")).contains("\u{1B}["))
        // Before the command too, as -C is taken (git --no-pager log).
        let before = try await onTerminal("--no-color -C \(broken) validate")
        #expect(!before.contains("\u{1B}[") && before.contains("error:"), "\(before)")
        // Set but empty, it asks for nothing (no-color.org).
        #expect(try await onTerminal("validate -C \(broken)", environment: ["NO_COLOR": ""]).contains("\u{1B}[1;31merror:"))
        // A terminal that shows no colour (an editor's shell), as git and ls have it.
        let dumb = try await onTerminal("validate -C \(broken)", environment: ["TERM": "dumb"])
        #expect(!dumb.contains("\u{1B}[") && dumb.contains("error:"), "\(dumb)")
        #expect(try await onTerminal("validate -C \(broken)", environment: ["TERM": "xterm-256color"]).contains("\u{1B}[1;31merror:"))
    }
}

/// What herald prints reaches CI logs, where GitHub Actions acts on a line
/// that starts with `::` (after blanks) and on `##[` anywhere in one. Text
/// from files, state and accounts must never make such a line, in any
/// format: a post could otherwise hide text in the log (`::add-mask::`) or
/// stop the job's own commands (`::stop-commands::`).
@Suite struct WorkflowCommandCLITests {
    /// The lines a runner would read as commands, GitHub's and Azure's.
    func commands(_ output: String) -> [String] {
        output.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r" }).map(String.init).filter { line in
            line.drop { $0 == " " || $0 == "\t" }.hasPrefix("::") || line.contains("##[") || line.contains("##vso[")
        }
    }

    @Test func textFromFilesMakesNoCommandInAnyFormat() async throws {
        let repo = try TempDirectory()
        try repo.write("accounts.yaml", "accounts:\n  m1: { platform: mastodon, instance: https://one.example }\n")
        let text = "Hello\\n::add-mask::tok\\n  ::stop-commands::abc\\nsee ##[warning]y and ##vso[task.setvariable]z"
        try repo.write("posts/a.yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [m1]\ntext: \"\(text)\"\n")
        try repo.write("posts/b.yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [m1, \"##[add-mask]m1\"]\ntext: Hi\n")
        // A source line shown under a diagnostic.
        try repo.write("posts/c.yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [m1]\ntext: |\n  hello\n::stop-commands::pwn\n")
        try repo.write("state/m1.state", "herald-state 1 account=m1\n2026-11-01T09:00:01Z failed post=a part=0 hash=0123456789abcdef attempt=1 error=%0A::error::x%0D##[warning]y\n")
        let env = CLI.environment(["HERALD_M1_ACCESS_TOKEN": "placeholder"])
        var outputs: [String] = []
        for format in ["text", "markdown", "json"] {
            let plan = try await CLI.run(["plan", "-C", repo.root, "--at", "2026-11-02T00:00:00Z", "--format", format], environment: env)
            #expect(plan.status == 1)
            outputs += [plan.stdout, plan.stderr]
        }
        for format in ["text", "json", "github"] {
            let validate = try await CLI.run(["validate", "-C", repo.root, "--format", format], environment: env)
            #expect(validate.status == 1)
            // The github format's own lines are commands, with their data escaped.
            outputs += [format == "github" ? validate.stdout.split(separator: "\n").map(\.annotationData).joined(separator: "\n") : validate.stdout,
                        validate.stderr]
        }
        for output in outputs {
            #expect(commands(output).isEmpty, "\(output)")
        }
        // Written so, the text itself is unchanged: JSON reads back the same, and the preview shows it.
        let json = try await CLI.run(["plan", "-C", repo.root, "--at", "2026-11-02T00:00:00Z", "--format", "json"], environment: env)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let accounts = (object["items"] as? [[String: Any]] ?? []).compactMap { $0["account"] as? String }
        #expect(accounts.contains("##[add-mask]m1"))
        #expect(json.stdout.contains("\"\\u0023#[add-mask]m1\""))
        let markdown = try await CLI.run(["plan", "-C", repo.root, "--at", "2026-11-02T00:00:00Z", "--format", "markdown"], environment: env)
        #expect(markdown.stdout.contains(":\u{200B}:add-mask::tok\n  :\u{200B}:stop-commands::abc\nsee #\u{200B}#[warning]y"))
    }
}

private extension Substring {
    /// What follows `::error file=…::`: the part of an annotation that is data.
    var annotationData: String {
        guard hasPrefix("::"), let end = self.dropFirst(2).range(of: "::") else { return String(self) }
        return String(self[end.upperBound...])
    }
}
