import Foundation
import HeraldTestSupport
import Testing
@testable import HeraldKit

/// Where secrets come from: the environment first, then the per-user
/// credentials file, which must not be readable by others. Values here are
/// placeholders, not real-looking tokens.
@Suite struct CredentialsTests {
    func credentialsFile(_ text: String, mode: mode_t = 0o600) throws -> (TempDirectory, [String: String]) {
        let dir = try TempDirectory()
        try dir.write("credentials.yaml", text)
        chmod(dir.root + "/credentials.yaml", mode)
        return (dir, ["HERALD_CREDENTIALS_FILE": dir.root + "/credentials.yaml"])
    }

    @Test func environmentNames() {
        #expect(Credentials.environmentName(account: "acme-mastodon", field: "access_token") == "HERALD_ACME_MASTODON_ACCESS_TOKEN")
        #expect(Credentials.environmentName(account: "acme.x", field: "app_password") == "HERALD_ACME_X_APP_PASSWORD")
    }

    @Test func environmentComesBeforeTheFile() throws {
        let (dir, environment) = try credentialsFile("accounts:\n  acme-x:\n    access_token: from-file\n  acme-mastodon:\n    ACCESS_TOKEN: file-only\n")
        var env = environment
        env["HERALD_ACME_X_ACCESS_TOKEN"] = "from-env"
        let (credentials, problems) = Credentials.load(environment: env)
        #expect(problems.isEmpty)
        #expect(credentials.value(account: "acme-x", field: "access_token") == "from-env")
        #expect(credentials.value(account: "acme-mastodon", field: "access_token") == "file-only")
        #expect(credentials.value(account: "acme-bluesky", field: "app_password") == nil)
        #expect(Set(credentials.allSecrets) == ["from-env", "from-file", "file-only"])
        _ = dir
    }

    /// A variable of an account under another field's name
    /// (`…_TOKEN`, where a Mastodon account reads `…_ACCESS_TOKEN`) is
    /// named, with the one read; not one of another account whose id
    /// starts as this one's does, nor one of an account that has its own.
    @Test func aVariableUnderAnotherFieldsNameIsNamed() {
        let at = SourceLocation(path: "accounts.yaml", line: 1, column: 1)
        let accounts = [Account(id: "acme", platform: .mastodon, location: at), Account(id: "acme-m", platform: .mastodon, location: at),
                        Account(id: "set", platform: .mastodon, location: at)]
        let credentials = Credentials(environment: ["HERALD_ACME_TOKEN": "placeholder-1", "HERALD_ACME_M_TOKEN": "placeholder-2",
                                                    "HERALD_SET_ACCESS_TOKEN": "placeholder-3", "HERALD_SET_PASSWORD": "placeholder-4",
                                                    "HERALD_ACME_NAME": "not a credential's name"])
        #expect(credentials.hints(for: accounts).map(\.fullMessage) == [
            "HERALD_ACME_TOKEN is not read: a Mastodon account reads HERALD_ACME_ACCESS_TOKEN (rename the variable to HERALD_ACME_ACCESS_TOKEN)",
            "HERALD_ACME_M_TOKEN is not read: a Mastodon account reads HERALD_ACME_M_ACCESS_TOKEN (rename the variable to HERALD_ACME_M_ACCESS_TOKEN)",
        ])
    }

    /// A file with a YAML syntax error is read as none, and a missing
    /// credential's reason says why: before, it said only to add it to
    /// the file, which may hold it.
    @Test func aFileWithASyntaxErrorIsToldAsNotRead() throws {
        let (dir, environment) = try credentialsFile("accounts:\n  acme-x:\n    access_token: [placeholder-unclosed\n")
        let (credentials, problems) = Credentials.load(environment: environment)
        #expect(problems.map(\.message) == ["YAML syntax error: the file ends inside this list: its closing ']' is missing"])
        #expect(credentials.value(account: "acme-x", field: "access_token") == nil)
        #expect(credentials.fileNotRead?.message == "it has a YAML error at line 3, column 19")
        #expect(credentials.fileNotRead?.conceals == .file)
        let read = try credentialsFile("accounts:\n  acme-x:\n    access_token: placeholder-fine\n")
        #expect(Credentials.load(environment: read.1).0.fileNotRead == nil)
        _ = (dir, read.0)
    }

    /// A field left empty or null (`~`) is not set: before, `~` or `null`
    /// was taken for the token, sent, and redacted from every post.
    @Test func aNullFieldIsNotSet() throws {
        let (dir, environment) = try credentialsFile("accounts:\n  acme-x:\n    access_token: ~\n  acme-mastodon:\n    access_token: null\n  acme-bluesky:\n    app_password:\n")
        let (credentials, problems) = Credentials.load(environment: environment)
        #expect(problems.isEmpty)
        for (account, field) in [("acme-x", "access_token"), ("acme-mastodon", "access_token"), ("acme-bluesky", "app_password")] {
            #expect(credentials.value(account: account, field: field) == nil)
        }
        #expect(credentials.allSecrets.isEmpty)
        _ = dir
        // `true` or `no` is no token either: an error, and not a secret that blocks every post saying "true".
        let (boolDir, boolEnvironment) = try credentialsFile("accounts:\n  acme-x:\n    access_token: true\n  acme-mastodon:\n    access_token: 'no'\n  other-repo:\n    access_token: [a, b]\n")
        let (read, boolProblems) = Credentials.load(environment: boolEnvironment)
        #expect(boolProblems.isEmpty)
        // The file is the user's, for every repository: an entry of another's warns, and stops nothing here.
        let accounts = ["acme-x", "acme-mastodon"].map { Account(id: $0, platform: .mastodon, location: SourceLocation(path: "accounts.yaml", line: 1, column: 1)) }
        #expect(read.entryProblems(for: accounts).map { "\($0.severity) \($0.location!.line):\($0.location!.column) \($0.message)" } == [
            "error 3:19 a credential must be a string, found a boolean",
            "warning 7:19 a credential must be a string, found a list (under 'other-repo', which is no account of this repository)",
        ])
        #expect(read.entryProblems(for: accounts).allSatisfy { $0.conceals != nil })
        #expect(read.value(account: "acme-x", field: "access_token") == nil)
        #expect(read.value(account: "acme-mastodon", field: "access_token") == "no")
        _ = boolDir
    }

    /// An account written twice in the file, or a field twice in its
    /// entry: which was meant cannot be told, so the entry is not used (the
    /// account's items wait for credentials) and an error says why. Before,
    /// the first was sent.
    @Test func anEntryWrittenTwiceIsNotUsed() throws {
        let (dir, environment) = try credentialsFile("accounts:\n  acme-x:\n    access_token: placeholder-old\n  acme-x:\n    access_token: placeholder-new\n"
            + "  acme-mastodon:\n    access_token: placeholder-a\n    access_token: placeholder-b\n  acme-bluesky:\n    app_password: placeholder-c\n")
        let (credentials, problems) = Credentials.load(environment: environment)
        // Said once, with what it means for the entry: not also as the loader's bare "duplicate key".
        #expect(problems.isEmpty, "\(problems)")
        let accounts = ["acme-x", "acme-mastodon", "a", "b"].map { Account(id: $0, platform: .mastodon, location: SourceLocation(path: "accounts.yaml", line: 1, column: 1)) }
        #expect(credentials.entryProblems(for: accounts).map { "\($0.location!.line):\($0.location!.column) \($0.message)" } == [
            "4:3 an account's entry is written twice (first at line 2): which was meant cannot be told, so the entry is not used",
            "8:5 a field is written twice in an account's entry (first at line 7): which was meant cannot be told, so the entry is not used",
        ])
        // The items' reason says why, rather than "add access_token to the credentials file".
        let path = environment["HERALD_CREDENTIALS_FILE"]!
        #expect(credentials.unusedEntries == ["acme-x": "it is written twice, at \(path):4:3 and line 2",
                                              "acme-mastodon": "a field is written twice in it, at \(path):8:5 and line 7"])
        #expect(credentials.value(account: "acme-x", field: "access_token") == nil)
        #expect(credentials.value(account: "acme-mastodon", field: "access_token") == nil)
        #expect(credentials.value(account: "acme-bluesky", field: "app_password") == "placeholder-c")
        // A placeholder left out is no secret, to block posts holding the word.
        let (placeholderDir, placeholderEnvironment) = try credentialsFile("accounts:\n  a:\n    access_token: placeholder-1\n    access_token: true\n")
        #expect(Credentials.load(environment: placeholderEnvironment).0.allSecrets == ["placeholder-1"])
        _ = placeholderDir
        // Given through an alias, the entry is each alias's; 'accounts:' written twice, every entry's.
        let (aliasDir, aliasEnvironment) = try credentialsFile("accounts:\n  a: &x\n    access_token: placeholder-1\n    access_token: placeholder-2\n  b: *x\n")
        let (aliased, aliasProblems) = Credentials.load(environment: aliasEnvironment)
        #expect(aliased.value(account: "a", field: "access_token") == nil && aliased.value(account: "b", field: "access_token") == nil)
        // One error for the one field written twice, not one per account the alias gives it to. Before, it was said twice.
        #expect((aliasProblems + aliased.entryProblems(for: accounts)).map { "\($0.location!.line):\($0.location!.column) \($0.message)" } == [
            "4:5 a field is written twice in an account's entry (first at line 3): which was meant cannot be told, so the entry is not used",
        ])
        #expect(aliased.unusedEntries.keys.sorted() == ["a", "b"])
        let (twiceDir, twiceEnvironment) = try credentialsFile("accounts:\n  a:\n    access_token: placeholder-1\naccounts:\n  a:\n    access_token: placeholder-2\n")
        let (twice, _) = Credentials.load(environment: twiceEnvironment)
        #expect(twice.value(account: "a", field: "access_token") == nil)
        _ = (aliasDir, twiceDir)
        // Still secrets to keep from output: the values read are redacted all the same.
        // Those YAML left out as well.
        #expect(Set(credentials.allSecrets) == ["placeholder-old", "placeholder-new", "placeholder-a", "placeholder-b", "placeholder-c"])
        _ = dir
    }

    /// A value the loader refuses (a character of hundreds of marks, which
    /// it reads on cut) is no credential: sent, it would be a token in no
    /// file. The account has none, and the error says where.
    @Test func aRefusedValueIsNoCredential() throws {
        let (dir, environment) = try credentialsFile("accounts:\n  acme-x:\n    access_token: placeholder-e\(String(repeating: "\u{301}", count: 300))x\n")
        let (credentials, problems) = Credentials.load(environment: environment)
        #expect(problems.map { "\($0.location!.line):\($0.location!.column) \($0.message)" } == ["3:19 a character carries 300 combining marks; herald reads at most 256 on one character"])
        #expect(credentials.value(account: "acme-x", field: "access_token") == nil)
        _ = dir
    }

    /// Where the credentials file holds an account's secret under a name
    /// herald does not read for it, a warning at that key says which name
    /// it reads; the file's lines are never shown.
    @Test func credentialsWrittenForAnotherNameAreWarnedOf() throws {
        let (dir, environment) = try credentialsFile("""
            accounts:
              acme_mastodon:
                access_token: placeholder-1
              acme-other:
                token: placeholder-2
                acces_token: placeholder-5
              acme-x:
                access_token: placeholder-3
              elsewhere:
                access_token: placeholder-4

            """)
        let (credentials, problems) = Credentials.load(environment: environment)
        // A field read for no platform is warned of once, where the file is read; not again among the hints.
        #expect(problems.map(\.message) == ["herald reads no such field"])
        let accounts = ["acme-mastodon", "acme-other", "acme-x"].map { Account(id: $0, platform: .mastodon, location: SourceLocation(path: "accounts.yaml", line: 1, column: 1)) }
        let hints = credentials.hints(for: accounts)
        #expect(hints.map { "\($0.location!.line):\($0.location!.column) \($0.message) (\($0.hint ?? ""))" } == [
            "2:3 credentials for 'acme_mastodon', which is no account of this repository (did you mean 'acme-mastodon', which has none?)",
            "5:5 'token' is not read for 'acme-other': a Mastodon account reads access_token (rename the field to access_token)",
        ])
        #expect(hints.allSatisfy { $0.severity == .warning && $0.conceals == .file })
        _ = dir
    }

    /// A credential of four characters or more is redacted and blocks a
    /// text that holds it; a shorter one (a test's `abc`) would match
    /// ordinary words, and is not.
    @Test func secretsOfFourCharactersCountShorterOnesDoNot() {
        let credentials = Credentials(environment: ["HERALD_ACME_X_ACCESS_TOKEN": "abcd", "HERALD_ACME_BLUESKY_APP_PASSWORD": "abc"])
        #expect(credentials.allSecrets == ["abcd"])
        #expect(credentials.redactor("x abcd abc y") == "x [REDACTED] abc y")
    }

    /// Only variables named for a credential field hold secrets: a CI's
    /// own `HERALD_BRANCH=main` or `HERALD_VERSION=1.4.2` is no secret, and
    /// a post about maintenance or version 1.4.2 is not blocked for it.
    @Test func onlyCredentialVariablesAreSecrets() throws {
        let repo = try TempRepository(["posts/a.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-mastodon]\ntext: maintenance for version 1.4.2\n"])
        let credentials = Credentials(environment: ["HERALD_BRANCH": "main", "HERALD_VERSION": "1.4.2", "HERALD_ACME_X_ACCESS_TOKEN": "placeholder-token-123",
                                                    "HERALD_ACME_BLUESKY_APP_PASSWORD": "placeholder-pass", "HERALD_CREDENTIALS_FILE": "/nowhere/file"])
        #expect(Set(credentials.allSecrets) == ["placeholder-token-123", "placeholder-pass"])
        let content = repo.load()
        let plan = Planner.plan(.init(repository: content, state: StateSnapshot(), now: Date(timeIntervalSince1970: 1_800_000_000),
                                      missingCredentials: [:], secrets: credentials.redactor))
        #expect(plan.items.map(\.action) == [.publish])
    }

    /// A credential's value a campaign puts into a post (a hashtag, link
    /// tagging) blocks the post at the campaign's line that holds it, not
    /// at the post's text, which does not; a post whose own text holds it
    /// too is blocked at its text.
    @Test func aSecretACampaignAddsIsBlamedOnTheCampaign() throws {
        let repo = try TempRepository([
            "campaigns/tags.yaml": "name: Tags\nhashtags: ['#Placeholder77']\n",
            "campaigns/links.yaml": "name: Links\nlink_tagging:\n  extra:\n    ref: Placeholder77\n",
            "posts/a.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-mastodon]\ncampaign: tags\ntext: hello\n",
            "posts/b.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-mastodon]\ncampaign: links\ntext: see https://example.com/a\n",
            "posts/c.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-mastodon]\ncampaign: tags\ntext: mine Placeholder77 too\n",
        ])
        let secrets = Redactor(secrets: ["Placeholder77"])
        let plan = Planner.plan(.init(repository: repo.load(), state: StateSnapshot(), now: Date(timeIntervalSince1970: 1_800_000_000),
                                      missingCredentials: [:], secrets: secrets))
        #expect(plan.items.map { "\($0.post) \($0.action) \($0.location.map { "\($0.path):\($0.line):\($0.column)" } ?? "-")" } == [
            "a blocked campaigns/tags.yaml:2:12",
            "b blocked campaigns/links.yaml:4:10",
            // The post's text holds it as well: the text, its own words, first (posts a and b name the campaign).
            "c blocked posts/c.yaml:4:7",
        ])
    }

    /// A secret pasted with a blank or a line break around it is the same
    /// token: sent without them, and redacted as the platform quotes it.
    @Test func valuesAreTrimmed() {
        let credentials = Credentials(environment: ["HERALD_ACME_MASTODON_ACCESS_TOKEN": "placeholder-token-123 \n"],
                                      file: ["acme-x": ["access_token": "\tplaceholder-file-456"]])
        #expect(credentials.value(account: "acme-mastodon", field: "access_token") == "placeholder-token-123")
        #expect(credentials.value(account: "acme-x", field: "access_token") == "placeholder-file-456")
        #expect(credentials.redactor("HTTP 401: The access token 'placeholder-token-123' is invalid") == "HTTP 401: The access token '[REDACTED]' is invalid")
        #expect(credentials.redactor.finds(in: "my token is placeholder-token-123."))
        #expect(Credentials(environment: ["HERALD_ACME_X_ACCESS_TOKEN": "  \n"]).value(account: "acme-x", field: "access_token") == nil)
    }

    /// An access token goes in a header, and is ASCII without blanks on
    /// every platform: one with a blank, a typographic quote, a no-break
    /// space or bytes that are not UTF-8 (read as U+FFFD) inside is none,
    /// and the error says which character, not the value. An app password
    /// goes in a JSON body, which carries them.
    @Test func anAccessTokenNoHeaderCarriesIsNoCredential() throws {
        let account = { (id: String, platform: Platform) in
            Account(id: id, platform: platform, location: SourceLocation(path: "accounts.yaml", line: 1, column: 1))
        }
        let credentials = Credentials(environment: ["HERALD_M1_ACCESS_TOKEN": "placeholder one", "HERALD_M2_ACCESS_TOKEN": "\u{201C}placeholder\u{201D}",
                                                    "HERALD_M3_ACCESS_TOKEN": "place\u{A0}holder", "HERALD_M4_ACCESS_TOKEN": "place\u{FFFD}holder",
                                                    "HERALD_M5_ACCESS_TOKEN": "placeholder-_.~+/=", "HERALD_B1_APP_PASSWORD": "pläce holder"])
        for id in ["m1", "m2", "m3", "m4"] { #expect(credentials.value(account: id, field: "access_token") == nil) }
        #expect(credentials.value(account: "m5", field: "ACCESS_TOKEN") == "placeholder-_.~+/=")
        #expect(credentials.value(account: "b1", field: "APP_PASSWORD") == "pläce holder")
        let accounts = ["m1", "m2", "m3", "m4", "m5"].map { account($0, .mastodon) } + [account("b1", .bluesky)]
        #expect(credentials.unsendable(for: accounts).map(\.message) == [
            "HERALD_M1_ACCESS_TOKEN has a blank inside it, which no access token holds",
            "HERALD_M2_ACCESS_TOKEN has U+201C inside it, where an access token is ASCII alone",
            "HERALD_M3_ACCESS_TOKEN has U+00A0 inside it, where an access token is ASCII alone",
            "HERALD_M4_ACCESS_TOKEN has U+FFFD inside it (bytes that are not UTF-8), where an access token is ASCII alone",
        ])
        #expect(credentials.missing(for: account("m2", .mastodon)) == ["ACCESS_TOKEN"])
        #expect(credentials.unsendableReasons(for: accounts)["m2"]
            == "HERALD_M2_ACCESS_TOKEN has U+201C inside it, where an access token is ASCII alone; copy the token again as the platform shows it: "
            + "an editor or a chat may have changed its quotes or spaces")
    }

    /// A credentials file inside the repository (committed, or about to be)
    /// is not read: the account lacks its secrets, and the error says why.
    @Test func aCredentialsFileInsideTheRepositoryIsNotRead() throws {
        let repo = try TempDirectory()
        try repo.write(".herald/credentials.yaml", "accounts:\n  acme-x:\n    access_token: placeholder-in-repo\n")
        chmod(repo.root + "/.herald/credentials.yaml", 0o600)
        let environment = ["HERALD_CREDENTIALS_FILE": repo.root + "/.herald/../.herald/credentials.yaml"]
        let (credentials, problems) = Credentials.load(environment: environment, repositoryRoot: repo.root)
        #expect(credentials.value(account: "acme-x", field: "access_token") == nil)
        #expect(problems.map(\.message) == ["credentials file is inside the repository, where a commit would publish its secrets; it was not read"])
        // Named from the repository's top, as its other files are, whatever path the variable gives. Before, the path as given.
        #expect(problems.map { $0.location?.description } == [".herald/credentials.yaml:1:1"])
        // Outside the repository, the same file is read.
        let elsewhere = try TempDirectory()
        let (read, none) = Credentials.load(environment: environment, repositoryRoot: elsewhere.root)
        #expect(none.isEmpty)
        #expect(read.value(account: "acme-x", field: "access_token") == "placeholder-in-repo")
    }

    @Test func missingFieldsAreNamed() throws {
        let repo = try TempRepository()
        let bluesky = try #require(repo.load().account("acme-bluesky"))
        let credentials = Credentials(environment: [:])
        #expect(credentials.missing(for: bluesky) == AccountKeys.requiredCredentials(for: .bluesky))
        let filled = Credentials(environment: [:], file: ["acme-bluesky": Dictionary(uniqueKeysWithValues:
            AccountKeys.requiredCredentials(for: .bluesky).map { ($0, "placeholder") })])
        #expect(filled.missing(for: bluesky).isEmpty)
    }

    @Test func noFileWhereHeraldLooksByDefaultIsNoProblem() {
        let (credentials, problems) = Credentials.load(environment: ["XDG_CONFIG_HOME": "/nonexistent/config", "HOME": "/nonexistent"])
        #expect(problems.isEmpty)
        #expect(credentials.value(account: "acme-x", field: "access_token") == nil)
    }

    /// A file named by HERALD_CREDENTIALS_FILE is meant to be there: a
    /// mistyped path would otherwise show only as accounts without secrets.
    @Test func aNamedFileThatIsMissingIsAnError() {
        let path = "/nonexistent/herald/credentials.yaml"
        let (credentials, problems) = Credentials.load(environment: ["HERALD_CREDENTIALS_FILE": path, "HERALD_ACME_X_ACCESS_TOKEN": "placeholder-env-1"])
        #expect(problems.map(\.fullMessage) == ["credentials file does not exist (HERALD_CREDENTIALS_FILE names it; correct the path, or unset the variable to read secrets from the environment and ~/.config/herald/credentials.yaml)"])
        #expect(problems.first?.location == SourceLocation(path: path, line: 1, column: 1))
        #expect(problems.first?.severity == .error)
        #expect(credentials.value(account: "acme-x", field: "access_token") == "placeholder-env-1")
    }

    /// A folder named where the file belongs (HERALD_CREDENTIALS_FILE set to
    /// the folder that holds it), or a pipe, is said to be one: its mode
    /// says nothing of a file, so "readable by other users" would mislead.
    @Test func aFolderOrPipeWhereTheFileBelongsIsNamedAsSuch() throws {
        let dir = try TempDirectory()
        try dir.write("herald/credentials.yaml", "accounts: {}\n")
        let folder = dir.root + "/herald"
        chmod(folder, 0o755)
        var (_, problems) = Credentials.load(environment: ["HERALD_CREDENTIALS_FILE": folder])
        #expect(problems.map(\.fullMessage) == ["credentials file is a folder (HERALD_CREDENTIALS_FILE names the file itself, such as \(folder)/credentials.yaml)"])
        #expect(problems.first?.location == SourceLocation(path: folder, line: 1, column: 1))
        // Where herald looks by default: ~/.config/herald/credentials.yaml made a folder.
        try FileManager.default.createDirectory(atPath: dir.root + "/config/herald/credentials.yaml", withIntermediateDirectories: true)
        (_, problems) = Credentials.load(environment: ["XDG_CONFIG_HOME": dir.root + "/config"])
        #expect(problems.map(\.fullMessage) == ["credentials file is a folder (herald reads the credentials file there; move what is there away)"])
        let pipe = dir.root + "/pipe"
        #expect(mkfifo(pipe, 0o600) == 0)
        (_, problems) = Credentials.load(environment: ["HERALD_CREDENTIALS_FILE": pipe])
        #expect(problems.map(\.fullMessage) == ["credentials file is not a regular file (HERALD_CREDENTIALS_FILE names it; correct the path)"])
    }

    @Test func fileReadableByOthersIsRefusedUnread() throws {
        let (dir, environment) = try credentialsFile("{accounts: {acme-x: {access_token: placeholder-unread-1}}}\n", mode: 0o644)
        var (credentials, problems) = Credentials.load(environment: environment)
        let path = dir.root + "/credentials.yaml"
        #expect(problems.map(\.fullMessage) == ["credentials file is readable by other users (run: chmod 600 \(path))"])
        // Unread, its secrets are unknown to the redactor: the line holding one is not shown.
        for format in DiagnosticFormat.allCases {
            #expect(!DiagnosticPrinter(format: format, color: false, root: dir.root).render(problems).contains("placeholder-unread-1"))
        }
        #expect(problems.first?.location == SourceLocation(path: path, line: 1, column: 1))
        #expect(credentials.value(account: "acme-x", field: "access_token") == nil)
        // A path with a blank (a home folder's, on a Mac) is quoted, so that the command works pasted.
        try dir.write("my creds.yaml", "{accounts: {acme-x: {access_token: placeholder-unread-1}}}\n")
        #expect(chmod(dir.root + "/my creds.yaml", 0o644) == 0)
        (_, problems) = Credentials.load(environment: ["HERALD_CREDENTIALS_FILE": dir.root + "/my creds.yaml"])
        #expect(problems.map(\.fullMessage) == ["credentials file is readable by other users (run: chmod 600 \"\(dir.root)/my creds.yaml\")"])
    }

    /// A misspelt field is never read: a warning at its key says what was
    /// meant. Nothing of the line is shown: a token pasted as a key would be.
    @Test func aMisspeltFieldIsAWarning() throws {
        let (dir, environment) = try credentialsFile("accounts:\n  acme-x:\n    acces_token: placeholder-cred-1\n    placeholder-cred-2: x\n")
        let (credentials, problems) = Credentials.load(environment: environment)
        let path = dir.root + "/credentials.yaml"
        #expect(problems.map { "\($0.location?.description ?? ""): \($0.fullMessage)" } == [
            "\(path):3:5: herald reads no such field (did you mean 'access_token'?)",
            "\(path):4:5: herald reads no such field (the fields are \(SecretScanner.secretKeys.joined(separator: ", ")))",
        ])
        #expect(credentials.value(account: "acme-x", field: "access_token") == nil)
        let printed = DiagnosticPrinter(format: .text, color: false, root: nil).render(problems)
        #expect(!printed.contains("placeholder-cred"), "\(printed)")
    }

    /// A token written where the account's fields belong, or a field holding
    /// a list, is an error at its place, never quoted; an empty field is none.
    @Test func anEntryThatIsNotFieldsIsAnError() throws {
        let (dir, environment) = try credentialsFile("accounts:\n  acme-x: placeholder-cred-3\n  acme-mastodon:\n    access_token: [placeholder-cred-4]\n    refresh_token:\n  acme-bluesky:\n")
        let (credentials, _) = Credentials.load(environment: environment)
        let accounts = ["acme-x", "acme-mastodon"].map { Account(id: $0, platform: .mastodon, location: SourceLocation(path: "accounts.yaml", line: 1, column: 1)) }
        let problems = credentials.entryProblems(for: accounts)
        let path = dir.root + "/credentials.yaml"
        #expect(problems.map { "\($0.location?.description ?? ""): \($0.fullMessage)" } == [
            "\(path):2:11: an account's entry must be a mapping of its fields (write the field's name before the value, indented under the account: access_token: …)",
            "\(path):4:19: a credential must be a string, found a list",
        ])
        #expect(credentials.value(account: "acme-x", field: "access_token") == nil)
        let printed = DiagnosticPrinter(format: .text, color: false, root: nil).render(problems)
        #expect(!printed.contains("placeholder-cred"), "\(printed)")
    }

    /// Accounts written at the top are told the key they go under; the
    /// hint quotes no word of the file.
    @Test func fileWithoutAccountsMapping() throws {
        let (dir, environment) = try credentialsFile("acme-x:\n  access_token: placeholder\n")
        let (_, problems) = Credentials.load(environment: environment)
        #expect(problems.map(\.fullMessage) == ["credentials file has no 'accounts' mapping (each account's fields go under 'accounts:' "
            + "and the account's id, indented: accounts: { ID: { access_token: … } })"])
        let (other, otherEnvironment) = try credentialsFile("tokens: [placeholder]\n")
        #expect(Credentials.load(environment: otherEnvironment).1.map(\.fullMessage) == ["credentials file has no 'accounts' mapping "
            + "(write 'accounts:', and under it each account's id with its fields: accounts: { ID: { access_token: … } })"])
        _ = (dir, other)
    }

    @Test func defaultPathFollowsTheEnvironment() {
        #expect(Credentials.defaultFilePath(environment: ["HERALD_CREDENTIALS_FILE": "/x/c.yaml", "XDG_CONFIG_HOME": "/cfg"]) == "/x/c.yaml")
        #expect(Credentials.defaultFilePath(environment: ["XDG_CONFIG_HOME": "/cfg", "HOME": "/home/u"]) == "/cfg/herald/credentials.yaml")
        #expect(Credentials.defaultFilePath(environment: ["HOME": "/home/u"]) == "/home/u/.config/herald/credentials.yaml")
    }
}
