import Foundation
import Testing
import HeraldTestSupport
@testable import HeraldKit

/// A literal secret in any file of the repository is an error that says
/// where the credential belongs instead.
@Suite struct SecretValidationTests {
    @Test func literalSecretIsAnError() throws {
        let repo = try TempRepository(accounts: """
            accounts:
              acme-x:
                platform: x
                handle: acme
                access_token: not-a-real-token-0000

            """)
        #expect(repo.diagnostics() == [
            "accounts.yaml:5:19: error: literal secret under 'access_token'; herald never reads secrets from the repository (remove it, rotate it (it is in git history), and set HERALD_ACME_X_ACCESS_TOKEN or put it in the credentials file (~/.config/herald/credentials.yaml))",
        ])
    }

    /// The hint names the credential the account's platform reads, under
    /// whatever key the secret was written (`token`, `password`,
    /// `accessToken`), and no "did you mean" steers towards another key
    /// that would be an error in accounts.yaml too.
    @Test func literalSecretHintNamesTheCredentialThePlatformReads() throws {
        let repo = try TempRepository(accounts: """
            accounts:
              acme-mastodon:
                platform: mastodon
                instance: https://mastodon.example
                token: not-a-real-token-0000
              acme-bluesky:
                platform: bluesky
                handle: acme.bsky.social
                password: not-a-real-password
              acme-x:
                platform: x
                handle: acme
                accessToken: not-a-real-token-0001

            """)
        let credentials = "or put it in the credentials file (~/.config/herald/credentials.yaml)"
        #expect(repo.diagnostics() == [
            "accounts.yaml:5:12: error: literal secret under 'token'; herald never reads secrets from the repository (remove it, rotate it (it is in git history), and set HERALD_ACME_MASTODON_ACCESS_TOKEN \(credentials) as 'access_token')",
            "accounts.yaml:9:15: error: literal secret under 'password'; herald never reads secrets from the repository (remove it, rotate it (it is in git history), and set HERALD_ACME_BLUESKY_APP_PASSWORD \(credentials) as 'app_password')",
            "accounts.yaml:13:18: error: literal secret under 'accessToken'; herald never reads secrets from the repository (remove it, rotate it (it is in git history), and set HERALD_ACME_X_ACCESS_TOKEN \(credentials))",
        ])
    }

    /// A value in a list or mapping under a secret key is as much a
    /// literal secret: before, only a plain value was, and accounts.yaml
    /// dropped the key unchecked.
    @Test func literalSecretInAListOrMapping() throws {
        let repo = try TempRepository(accounts: """
            accounts:
              acme-mastodon:
                platform: mastodon
                instance: https://mastodon.example
                token: [not-a-real-token-0000]
              acme-x:
                platform: x
                handle: acme
                access_token:
                  value: not-a-real-token-0001
              acme-bluesky:
                platform: bluesky
                handle: acme.bsky.social
                app_password:
                  not-a-real-token-0002: x
                  ? not-a-real-token-0003

            """)
        let problems = repo.load().diagnostics
        #expect(problems.map(TempRepository.describe) == [
            "accounts.yaml:5:13: error: literal secret under 'token'; herald never reads secrets from the repository (remove it, rotate it (it is in git history), and set HERALD_ACME_MASTODON_ACCESS_TOKEN or put it in the credentials file (~/.config/herald/credentials.yaml) as 'access_token')",
            "accounts.yaml:10:14: error: literal secret under 'access_token'; herald never reads secrets from the repository (remove it, rotate it (it is in git history), and set HERALD_ACME_X_ACCESS_TOKEN or put it in the credentials file (~/.config/herald/credentials.yaml))",
            // A mapping's keys under the key may hold the secret (before, shown, and a key alone not found).
            "accounts.yaml:15:30: error: literal secret under 'app_password'; herald never reads secrets from the repository (remove it, rotate it (it is in git history), and set HERALD_ACME_BLUESKY_APP_PASSWORD or put it in the credentials file (~/.config/herald/credentials.yaml))",
            "accounts.yaml:16:9: error: literal secret under 'app_password'; herald never reads secrets from the repository (remove it, rotate it (it is in git history), and set HERALD_ACME_BLUESKY_APP_PASSWORD or put it in the credentials file (~/.config/herald/credentials.yaml))",
        ])
        expectHidden("not-a-real-token", in: problems, root: repo.root)
    }

    /// A secret anywhere in an account's entry (`credentials: { token: … }`)
    /// is that account's: the hint names the variable its platform reads,
    /// where it gave `HERALD_<ACCOUNT>_TOKEN`. A secret's key is one error
    /// in every file, not an unknown key as well; one with nothing written
    /// under it is an unknown key, where an account's was passed over.
    @Test func aSecretIsOneErrorNamingTheAccountsVariable() throws {
        let repo = try TempRepository(["herald.yaml": "timezone: UTC\naccess_token: placeholder-value-1\n",
                                       "posts/a.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: hi\ntoken: placeholder-value-2\n"],
                                      accounts: """
            accounts:
              acme-m2:
                platform: mastodon
                instance: https://mastodon.example
                credentials:
                  token: placeholder-value-3
              acme-x:
                platform: x
                handle: acme
                token:

            """)
        let credentials = "or put it in the credentials file (~/.config/herald/credentials.yaml)"
        let generic = "set it in the environment as the variable its account's platform reads, HERALD_<ACCOUNT>_ACCESS_TOKEN "
            + "(HERALD_<ACCOUNT>_APP_PASSWORD for Bluesky), or in the credentials file"
        #expect(repo.diagnostics() == [
            "accounts.yaml:5:5: error: unknown key 'credentials' in Mastodon account 'acme-m2'",
            "accounts.yaml:6:14: error: literal secret under 'token'; herald never reads secrets from the repository (remove it, rotate it (it is in git history), "
                + "and set HERALD_ACME_M2_ACCESS_TOKEN \(credentials) as 'access_token')",
            "accounts.yaml:10:5: error: unknown key 'token' in X account 'acme-x'",
            "herald.yaml:2:15: error: literal secret under 'access_token'; herald never reads secrets from the repository (remove it, rotate it (it is in git history), "
                + "and set it in the environment as HERALD_<ACCOUNT>_ACCESS_TOKEN or in the credentials file)",
            "posts/a.yaml:4:8: error: literal secret under 'token'; herald never reads secrets from the repository (remove it, rotate it (it is in git history), "
                + "and \(generic))",
        ])
        // Each of X's keys its own variable; a key the platform has none of, said so.
        let others = try TempRepository(accounts: """
            accounts:
              acme-x:
                platform: x
                handle: acme
                consumer_key: placeholder-value-4
                access_secret: placeholder-value-5
                api_secret: placeholder-value-7
              acme-mastodon:
                platform: mastodon
                instance: https://mastodon.example
                client_secret: placeholder-value-6

            """)
        #expect(others.diagnostics() == [
            "accounts.yaml:5:19: error: literal secret under 'consumer_key'; herald never reads secrets from the repository (remove it, rotate it (it is in git history), "
                + "and set HERALD_ACME_X_CONSUMER_KEY \(credentials))",
            "accounts.yaml:6:20: error: literal secret under 'access_secret'; herald never reads secrets from the repository (remove it, rotate it (it is in git history), "
                + "and set HERALD_ACME_X_ACCESS_SECRET \(credentials))",
            "accounts.yaml:7:17: error: literal secret under 'api_secret'; herald never reads secrets from the repository (remove it, rotate it (it is in git history), "
                + "and set HERALD_ACME_X_CONSUMER_SECRET \(credentials) as 'consumer_secret')",
            "accounts.yaml:11:20: error: literal secret under 'client_secret'; herald never reads secrets from the repository (remove it, rotate it (it is in git history), "
                + "and herald reads no 'client_secret' for a Mastodon account: its credential is HERALD_ACME_MASTODON_ACCESS_TOKEN "
                + "(or 'access_token' in the credentials file (~/.config/herald/credentials.yaml)))",
        ])
        // An account with no platform: the variable of each kind of credential, its own.
        let unnamed = try TempRepository(accounts: "accounts:\n  acme-q:\n    handle: acme\n    token: placeholder-value-8\n    consumer_key: placeholder-value-9\n"
                                         + "  acme-t:\n    platform: twiter\n    api_key: placeholder-value-10\n")
        #expect(unnamed.diagnostics().contains(
            "accounts.yaml:5:19: error: literal secret under 'consumer_key'; herald never reads secrets from the repository (remove it, rotate it (it is in git history), "
                + "and set HERALD_ACME_Q_CONSUMER_KEY or put it in the credentials file (~/.config/herald/credentials.yaml))"), "\(unnamed.diagnostics())")
        #expect(unnamed.diagnostics().contains(
            "accounts.yaml:4:12: error: literal secret under 'token'; herald never reads secrets from the repository (remove it, rotate it (it is in git history), "
                + "and set the variable its platform reads, HERALD_ACME_Q_ACCESS_TOKEN (HERALD_ACME_Q_APP_PASSWORD for Bluesky), "
                + "or put it in the credentials file (~/.config/herald/credentials.yaml))"), "\(unnamed.diagnostics())")
        // A platform misspelt: X's API key is its consumer key, which no other platform has. Before, the hint named only ACCESS_TOKEN.
        #expect(unnamed.diagnostics().contains(
            "accounts.yaml:8:14: error: literal secret under 'api_key'; herald never reads secrets from the repository (remove it, rotate it (it is in git history), "
                + "and set HERALD_ACME_T_CONSUMER_KEY for X (its API key), else HERALD_ACME_T_ACCESS_TOKEN "
                + "(HERALD_ACME_T_APP_PASSWORD for Bluesky), or put it in the credentials file)"), "\(unnamed.diagnostics())")
    }

    /// A command reading a file under a secret key (`$(cat /run/secrets/t)`)
    /// is no literal secret either; a command of any other shape may hold
    /// one, and is concealed as one.
    @Test func aCommandReadingAFileUnderASecretKeyIsNotRun() throws {
        let repo = try TempRepository(accounts: """
            accounts:
              acme-mastodon:
                platform: mastodon
                instance: https://mastodon.example
                access_token: $(cat /run/secrets/mastodon)
              acme-bluesky:
                platform: bluesky
                handle: acme.bsky.social
                app_password: $(echo Tr0ub4dor3xK9abcd)

            """)
        let problems = repo.load().diagnostics.filter { $0.severity == .error }
        #expect(problems.map { "\($0.location?.line ?? 0):\($0.message)" } == [
            "5:'access_token' is a shell command reading /run/secrets/mastodon, which herald does not run",
            "9:literal secret under 'app_password'; herald never reads secrets from the repository",
        ], "\(problems)")
        #expect(problems.first?.hint == "remove the line, and set HERALD_ACME_MASTODON_ACCESS_TOKEN or put it in the credentials file (~/.config/herald/credentials.yaml)")
        #expect(SecretScanner.commandReadingFile("$(< token.txt)") == "token.txt")
        #expect(SecretScanner.commandReadingFile("$(<~/.mastodon-token)") == "~/.mastodon-token")
        for other in ["$(cat s3cr3tV4lue)", "$(cat a b)", "$(curl https://x.example/t)", "$(cat /run/x;echo y)", "$()"] {
            #expect(SecretScanner.commandReadingFile(other) == nil, "\(other)")
        }
    }

    /// A variable under a secret key (`${MASTODON_TOKEN}`) is no literal
    /// secret to rotate: herald says it does not expand it, and where the
    /// secret goes instead.
    @Test func aVariableUnderASecretKeyIsNotExpanded() throws {
        let repo = try TempRepository(accounts: """
            accounts:
              acme-mastodon:
                platform: mastodon
                instance: https://mastodon.example
                access_token: ${MASTODON_TOKEN}

            """)
        #expect(repo.diagnostics() == [
            "accounts.yaml:5:19: error: 'access_token' names the variable MASTODON_TOKEN, which herald does not expand (remove the line, and set HERALD_ACME_MASTODON_ACCESS_TOKEN or put it in the credentials file (~/.config/herald/credentials.yaml))",
        ])
        #expect(SecretScanner.variableName("$MASTODON_TOKEN") == "MASTODON_TOKEN")
        #expect(SecretScanner.variableName("${{ secrets.MASTODON_TOKEN }}") == "secrets.MASTODON_TOKEN")
        #expect(SecretScanner.variableName("${MASTODON_TOKEN:-}") == "MASTODON_TOKEN")
        #expect(SecretScanner.variableName("${MASTODON_TOKEN?}") == "MASTODON_TOKEN")
        // A secret that starts with '$' is a literal secret, concealed as one.
        // A default written in (`${T:-…}`) is a literal secret as well.
        for secret in ["$2Fa9xQk7LmPz0Rt", "$abc-def", "${a}b", "$", "$Tr0ub4dor3xK9", "$hunter2hunter2", "${T:-Tr0ub4dor3xK9}", "${:-}"] {
            #expect(SecretScanner.variableName(secret) == nil, "\(secret)")
        }
        let literal = try TempRepository(accounts: "accounts:\n  m:\n    platform: mastodon\n    instance: https://m.example\n    access_token: \"$2Fa9xQk7LmPz0Rt\"\n")
        let problems = literal.load().diagnostics
        #expect(problems.map(\.message) == ["literal secret under 'access_token'; herald never reads secrets from the repository"])
        expectHidden("2Fa9", in: problems, root: literal.root)
    }

    /// A secret written at an anchor under another key (`nmae: &t abc…`)
    /// and taken through an alias under a secret key is reported at both,
    /// so neither line is shown by another problem of it (here the unknown
    /// key 'nmae').
    @Test func aSecretThroughAnAliasIsHiddenWhereItIsWritten() throws {
        let repo = try TempRepository(accounts: """
            accounts:
              acme-mastodon:
                platform: mastodon
                instance: https://mastodon.example
                nmae: &t not-a-real-token-0009
                access_token: *t
              acme-bluesky:
                platform: bluesky
                handle: acme.bsky.social
                other: &m {not-a-real-token-0010: x}
                app_password: *m

            """)
        let problems = repo.load().diagnostics
        #expect(problems.map { "\($0.location!.line):\($0.location!.column) \($0.message)" } == [
            "5:5 unknown key 'nmae' in Mastodon account 'acme-mastodon'",
            "5:11 literal secret under 'access_token' (through the alias at line 6); herald never reads secrets from the repository",
            "6:19 literal secret under 'access_token'; herald never reads secrets from the repository",
            // A mapping through an alias: its key, at the anchor, is hidden too (before, shown).
            "10:5 unknown key 'other' in Bluesky account 'acme-bluesky'",
            "10:39 literal secret under 'app_password'; herald never reads secrets from the repository",
        ])
        expectHidden("not-a-real-token", in: problems, root: repo.root)
    }

    @Test func literalSecretInAnyFile() throws {
        let repo = try TempRepository(["contacts/jane.yaml": "name: Jane\nx:\n  app_password: placeholder-value\n"])
        #expect(repo.diagnostics().count == 1)
        #expect(repo.diagnostics()[0].hasPrefix("contacts/jane.yaml:3:17: error: literal secret under 'app_password'"))
    }

    /// A secret key written another way (camel case, a dash, a typo) holds
    /// as much a secret: an error, and its line is not shown. A key
    /// that only shares a word with one (`keywords`) is no secret key.
    @Test func literalSecretUnderANearMissKey() throws {
        let repo = try TempRepository([
            "posts/a.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: hi\naccessToken: placeholder-near-1\n",
            "contacts/jane.yaml": "name: Jane\nx:\n  access-token: placeholder-near-2\n  acess_token: placeholder-near-3\n  keywords: launch\n",
            // Named as other tools name their secrets: the last word says it.
            "contacts/joe.yaml": "name: Joe\nx:\n  access_token_secret: placeholder-near-4\n  api_key_secret: placeholder-near-5\n"
                + "  mastodon_access_token: placeholder-near-6\n  oauthToken: placeholder-near-7\n  db-password: placeholder-near-8\n"
                + "  max_tokens: 100\n  public_key: placeholder-not-secret\n  token_count: 3\n",
        ])
        let problems = repo.load().diagnostics
        #expect(problems.filter { $0.message.hasPrefix("literal secret") }.map(TempRepository.describe) == [
            "contacts/jane.yaml:3:17: error: literal secret under 'access-token'; herald never reads secrets from the repository (remove it, rotate it (it is in git history), and set it in the environment as HERALD_<ACCOUNT>_ACCESS_TOKEN or in the credentials file)",
            "contacts/jane.yaml:4:16: error: literal secret under 'acess_token'; herald never reads secrets from the repository (remove it, rotate it (it is in git history), and set it in the environment as HERALD_<ACCOUNT>_ACCESS_TOKEN or in the credentials file)",
            "contacts/joe.yaml:3:24: error: literal secret under 'access_token_secret'; herald never reads secrets from the repository (remove it, rotate it (it is in git history), and set it in the environment as HERALD_<ACCOUNT>_ACCESS_SECRET or in the credentials file)",
            "contacts/joe.yaml:4:19: error: literal secret under 'api_key_secret'; herald never reads secrets from the repository (remove it, rotate it (it is in git history), and set it in the environment as HERALD_<ACCOUNT>_CONSUMER_SECRET or in the credentials file)",
            "contacts/joe.yaml:5:26: error: literal secret under 'mastodon_access_token'; herald never reads secrets from the repository (remove it, rotate it (it is in git history), and set it in the environment as HERALD_<ACCOUNT>_ACCESS_TOKEN or in the credentials file)",
            "contacts/joe.yaml:6:15: error: literal secret under 'oauthToken'; herald never reads secrets from the repository (remove it, rotate it (it is in git history), and set it in the environment as the variable its account's platform reads, HERALD_<ACCOUNT>_ACCESS_TOKEN (HERALD_<ACCOUNT>_APP_PASSWORD for Bluesky), or in the credentials file)",
            "contacts/joe.yaml:7:16: error: literal secret under 'db-password'; herald never reads secrets from the repository (remove it, rotate it (it is in git history), and set it in the environment as the variable its account's platform reads, HERALD_<ACCOUNT>_ACCESS_TOKEN (HERALD_<ACCOUNT>_APP_PASSWORD for Bluesky), or in the credentials file)",
            "posts/a.yaml:4:14: error: literal secret under 'accessToken'; herald never reads secrets from the repository (remove it, rotate it (it is in git history), and set it in the environment as HERALD_<ACCOUNT>_ACCESS_TOKEN or in the credentials file)",
        ])
        expectHidden("placeholder-near", in: problems, root: repo.root)
    }

    /// An unknown key that may name a secret, though not one herald takes
    /// for one (`tokn`, `tokens`, `bearer`, `pw`, `acces_tokn`), is an
    /// unknown key, its value kept from the line shown in every format,
    /// over all its lines. Before, the line showed it whole, in a CI log.
    @Test func aValueUnderAKeyThatMayNameASecretIsNotShown() throws {
        let repo = try TempRepository(["posts/s.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: hi\nacces_tokn: placeholder-near-5\n"
                                        + "keywords: [launch]\n"],
                                      accounts: """
            accounts:
              acme-mastodon:
                platform: mastodon
                instance: https://mastodon.example
                tokn: placeholder-near-1
                tokens: placeholder-near-2
                bearer: placeholder-near-3
                pw: |
                  placeholder-near-4

            """)
        let problems = repo.load().diagnostics
        #expect(problems.map(TempRepository.describe).filter { $0.contains("unknown key") }.count == 6, "\(problems.map(TempRepository.describe))")
        expectHidden("placeholder-near", in: problems, root: repo.root)
        let printed = DiagnosticPrinter(format: .text, color: false, root: repo.root).render(problems)
        #expect(printed.contains("accounts.yaml:5:5: error: unknown key 'tokn' in Mastodon account 'acme-mastodon'\n      tokn: [REDACTED]\n      ^\n"), "\(printed)")
        // A key that names nothing secret keeps its line.
        #expect(printed.contains("  keywords: [launch]\n"), "\(printed)")
    }

    /// A secret under a key written twice (YAML leaves the second out, so
    /// no secret error is about it), or under a key that may name one inside
    /// a value of the wrong type, is not shown on the line of whatever
    /// problem shows that line. Before, the duplicate key's line showed it.
    @Test func aSecretOnAnyLineShownIsCut() throws {
        let repo = try TempRepository(["posts/a.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-mastodon]\ntext: {pw: placeholder-near-1}\n"
                                        + "password: placeholder-near-2\npassword: placeholder-near-3\n"],
                                      accounts: """
            accounts:
              acme-mastodon:
                platform: mastodon
                instance: {tokn: placeholder-near-4}
                access_token: ${HERALD_ACME_MASTODON_ACCESS_TOKEN}
                access_token: placeholder-near-5

            """)
        let problems = repo.load().diagnostics
        let printed = DiagnosticPrinter(format: .text, color: false, root: repo.root).render(problems)
        #expect(!printed.contains("placeholder-near"), "\(printed)")
        #expect(printed.contains("accounts.yaml:6:5: error: duplicate key 'access_token' (first defined at line 5)\n      access_token: [REDACTED]\n      ^\n"), "\(printed)")
        #expect(printed.contains("posts/a.yaml:5:1: error: duplicate key 'password' (first defined at line 4)\n  password: [REDACTED]\n  ^\n"), "\(printed)")
        #expect(printed.contains("\n  text: {pw: [REDACTED]\n"), "\(printed)")
        #expect(printed.contains("\n      instance: {tokn: [REDACTED]\n"), "\(printed)")
    }

    /// An account whose id is a weak word (`pat`) has its lines shown
    /// under its problems: it holds a mapping, not a secret. Before, the
    /// line was cut after `pat:`, and a flow mapping's caret moved to it.
    @Test func anAccountNamedByAWeakWordIsShown() throws {
        let repo = try TempRepository([:], accounts: """
            accounts:
              pat:
                platform: mastodon
              pin: {platform: mastodon, instance: https://mastodon.example, colour: red}

            """)
        let printed = DiagnosticPrinter(format: .text, color: false, root: repo.root).render(repo.load().diagnostics)
        #expect(printed.contains("accounts.yaml:2:3: error: Mastodon account 'pat' needs 'instance' (the instance URL, https://…)\n    pat:\n    ^\n"), "\(printed)")
        #expect(printed.contains("accounts.yaml:4:65: error: unknown key 'colour' in Mastodon account 'pin'\n    pin: {platform: mastodon, instance: https://mastodon.example, colour: red}\n"), "\(printed)")
        #expect(!printed.contains(Redactor.mark), "\(printed)")
    }

    /// A media entry's `path:` and a mistyped `author:` are shown under
    /// their problems. Before, their values were cut, as keys that begin
    /// with a weak word's letters (`pat`, `auth`).
    @Test func keysThatOnlyBeginWithAWeakWordAreShown() throws {
        let repo = try TempRepository(["posts/m.yaml": "text: hi\npublish_at: 2026-12-01T10:00:00Z\naccounts: [acme-mastodon]\nauthor: Jane\n"
                                        + "media:\n  - path: media/none.png\n    alt: x\n"])
        let printed = DiagnosticPrinter(format: .text, color: false, root: repo.root).render(repo.load().diagnostics)
        #expect(printed.contains("posts/m.yaml:4:1: error: unknown key 'author' in a post\n  author: Jane\n"), "\(printed)")
        #expect(printed.contains("\n    - path: media/none.png\n"), "\(printed)")
        #expect(!printed.contains(Redactor.mark), "\(printed)")
    }

    /// Where on a line a value that may be a secret starts, as YAML and
    /// JSON write a key: blanks before the colon, a quoted key with none
    /// after it, a `? ` key; not at an id that only holds such letters.
    @Test(arguments: [("access_token : x", 16), ("\"access_token\":\"x\"", 16), ("{? tokn : x}", 11), ("text: my_token: is here", 17),
                      ("  pw:", 6), ("  tokyo-office: x", nil), ("author-blog: x", nil), ("keywords: [launch]", nil), ("url: https://a.example/x", nil),
                      ("authtoken: x", 12), ("smtpPassword: x", 15), ("pat: x", 6), ("  pat-blog: x", nil), ("cookie-shop: x", nil),
                      ("session_key: x", 14), ("authKey: x", 10), ("db_pass: x", 10), ("passcode: x", 11), ("otp_seed: x", 11),
                      // A weak word holding a mapping is an id (an account `pat`): cut only at a key inside it.
                      ("  pat:", nil), ("  pin:  # the shop's", nil), ("  pat: {platform: mastodon, instance: https://m.example}", nil),
                      ("  pat: {platform: mastodon, access_token: x}", 43), ("  pat: [x]", 8),
                      // Words that only begin or end with a weak word's letters name no secret; joined to a word that makes one, they do.
                      ("author: Jane", nil), ("  - path: media/a.png", nil), ("pinned: true", nil), ("credit: Photo by Jo", nil), ("bypass: yes", nil),
                      ("spin: x", nil), ("dbpass: x", 9), ("pincode: x", 10), ("oauth: x", 8), ("passphrase: x", 13),
                      // Words a weak word begins or ends: names of secrets (before the review's re-check, these were shown).
                      ("authorization: Bearer x", 16), ("totp: x", 7), ("cookies: x", 10), ("otpauth: x", 10), ("mot_de_passe: x", 15),
                      // With '-', as ids are written: as the last word, or before a word that makes it a secret's name.
                      ("x-auth: v", 9), ("db-pass: v", 10), ("pin-code: v", 11), ("session-id: v", 13), ("pat-blog: x", nil), ("cookie-shop: x", nil),
                      // A weak word holding a flow mapping that is no account's entry: cut where the mapping starts.
                      ("session: {key: x, y: [}", 10),
                      // Names of secrets the re-check found shown: joined words, other languages, '-' before header.
                      ("ssh_key: x", 10), ("encryption_key: x", 17), ("privKey: x", 10), ("jwt: x", 6), ("mnemonic: x", 11), ("seed_phrase: x", 14),
                      ("recovery_codes: x", 17), ("webhook_url: x", 14), ("kennwort: x", 11), ("contraseña: x", 13), ("пароль: x", 9), ("auth-header: x", 14),
                      ("authentic: x", nil), ("hmac_key: x", 11), ("dsn: x", 6), ("connection_string: x", 20), ("license_key: x", 14), ("lösenord: x", 11)]
            as [(String, Int?)])
    func whereASecretStartsOnALine(_ line: String, _ column: Int?) {
        #expect(SecretScanner.secretValueColumn(in: line) == column, "\(line)")
    }

    /// A value on the line after its key (a flow mapping written over
    /// lines, a plain value under its key) is cut from its first character
    /// when it is shown under a problem of the file that cannot be read;
    /// a line starting with a key of its own (an account `pat:`'s fields)
    /// is not. Before, the next line showed the secret. Blank and comment
    /// lines between, an anchor or a tag after the key, and the lines of a
    /// value written over several are passed over to the key.
    @Test(arguments: [("  placeholder-secret-8, y: [}", ["more: {x: 1, session:"], 3), ("    placeholder-secret-8 x: y", ["  tokn:"], 5),
                      ("  placeholder-secret-8", ["  tokn:   # the bot's"], 3), ("    platform: mastodon", ["  pat:"], nil), ("  hello", ["text: hi"], nil),
                      ("", ["tokn:"], nil), ("  value", ["url: https://x.example/a:"], nil), ("  # a comment", ["  tokn:"], nil),
                      ("  value-1, y: [}", ["more: {x: 1, tokn: &a"], 3), ("  value-2, y: [}", ["more: {x: 1, tokn: !!str"], 3),
                      ("  value-3, y: [}", ["", "more: {x: 1, tokn:"], 3), ("  value-4, y: [}", ["  # the bot's", "more: {x: 1, tokn:"], 3),
                      ("  value-5\", y: [}", ["more: {x: 1, tokn: \"fake-secret-"], 3),
                      // A mapping under a secret's key: its keys' values are secrets too (before the last re-check, shown).
                      ("  hello", ["  text: hi", "tokn:"], 3), ("  mastodon: fake-1, y: [}", ["secrets:"], 13), ("  hello", ["- item", "tokn:"], 3),
                      // A list's later items, a key's later lines after -----BEGIN…: the key's. Before the re-check, shown.
                      ("  - fake-secret-2", ["  - fake-secret-1", "tokens:"], 3), ("  AAAAfake", ["  -----BEGIN PRIVATE KEY-----", "private_key: |"], 3),
                      ("  - media/b.png", ["  - media/a.png", "media:"], nil),
                      // A complex key's value, on the line after `? tokn`, and the lines carrying it on. Before, shown.
                      ("  : \"fake-secret-3", ["  ? tokn"], 5), ("  : fake-secret-4", ["  ? \"access_token\"  # old"], 5),
                      ("    more-of-it", ["  : fake-secret-5", "  ? tokn"], 5), ("  :", ["  ? tokn"], nil), ("  : hello", ["  ? text"], nil),
                      ("  : hello", ["  ? tokenizer"], nil)] as [(String, [String], Int?)])
    func whereASecretOnTheNextLineStarts(_ line: String, _ previous: [String], _ column: Int?) {
        #expect(SecretScanner.continuedSecretColumn(in: line, after: previous) == column, "\(previous) / \(line)")
    }

    /// A syntax error's hint quotes no line of a file holding a key that
    /// names or may name a secret (`tokens:`): it would show the value the
    /// excerpt cuts. Before the last re-check, only herald's own keys kept it quiet.
    @Test func aSyntaxHintQuotesNoSecret() throws {
        for key in ["tokens", "authorization", "ssh_key", "HERALD_ACME_MASTODON_ACCESS_TOKEN", "pw"] {
            let repo = try TempRepository(["posts/b.yaml": "text: hi\npublish_at: 2026-12-01T10:00:00Z\naccounts: [acme-mastodon]\n\(key): placeholder-near-9 note: rotated\n"])
            let printed = DiagnosticPrinter(format: .text, color: false, root: repo.root).render(repo.load().diagnostics)
            #expect(printed.contains("YAML syntax error"), "\(printed)")
            #expect(!printed.contains("placeholder-near"), "\(key): \(printed)")
        }
        // Nor under a complex key (`? tokens`), its value after ': ' on the next line; under `? text`, the hint quotes it.
        for (key, quoted) in [("tokens", false), ("text", true)] {
            let repo = try TempRepository(["posts/b.yaml": "text: hi\npublish_at: 2026-12-01T10:00:00Z\naccounts: [acme-mastodon]\n? \(key)\n: @placeholder-near-10 note\n"])
            let printed = DiagnosticPrinter(format: .text, color: false, root: repo.root).render(repo.load().diagnostics)
            #expect(printed.contains("YAML does not let a value start with '@' unquoted"), "\(printed)")
            #expect(printed.contains("placeholder-near") == quoted, "\(key): \(printed)")
        }
    }

    /// A file that cannot be read, holding a secret's key written as a
    /// complex key (`? access_token`, its value after `: ` on the next
    /// line), shows none of its lines, as with `access_token:`; a key
    /// that may name one cuts its value. Before, the value was shown.
    @Test func aSecretUnderAComplexKeyIsNotShown() throws {
        let repo = try TempRepository(["posts/a.yaml": "text: hi\nmore:\n  ? tokn\n  : \"placeholder-complex-2\n",
                                       "posts/c.yaml": "text: hi\n? tokenizer\n: \"shown-value\n"],
                                      accounts: "accounts:\n  acme-mastodon:\n    platform: mastodon\n    ? access_token\n    : \"placeholder-complex-1\n")
        let problems = repo.load().diagnostics
        #expect(problems.map(TempRepository.describe) == [
            "accounts.yaml:5:7: error: YAML syntax error: the file ends inside this quoted text: its closing \" is missing",
            "posts/a.yaml:4:5: error: YAML syntax error: the file ends inside this quoted text: its closing \" is missing",
            "posts/c.yaml:3:3: error: YAML syntax error: the file ends inside this quoted text: its closing \" is missing",
        ])
        expectHidden("placeholder-complex", in: problems, root: repo.root)
        let printed = DiagnosticPrinter(format: .text, color: false, root: repo.root).render(problems)
        // accounts.yaml names herald's key: none of its lines is shown. posts/a.yaml's value is cut.
        #expect(printed.hasPrefix("accounts.yaml:5:7: error: YAML syntax error: the file ends inside this quoted text: its closing \" is missing\nposts/a.yaml:4:5:"),
                "\(printed)")
        #expect(printed.contains("\n    : [REDACTED]\n"), "\(printed)")
        // A key that only begins with a secret key's letters hides nothing.
        #expect(printed.contains("\n  : \"shown-value\n"), "\(printed)")
    }

    @Test func aSecretOnTheLineAfterItsKeyIsCut() throws {
        let repo = try TempRepository(["posts/a.yaml": "text: hi\npublish_at: 2026-12-01T10:00:00Z\naccounts: [acme-mastodon]\n"
                                        + "more: {x: 1, tokn:\n  placeholder-near-7, y: [}\n"])
        let printed = DiagnosticPrinter(format: .text, color: false, root: repo.root).render(repo.load().diagnostics)
        #expect(!printed.contains("placeholder-near"), "\(printed)")
        #expect(printed.contains("posts/a.yaml:5:27: error: YAML syntax error: did not find expected node content, while parsing a flow node\n    [REDACTED]\n"), "\(printed)")
    }

    /// A GitHub workflow is where herald's credentials are set for CI: a
    /// literal value of one of its variables there is an error; the CI
    /// system's secret, another variable, and every other key are not.
    @Test func literalSecretInAWorkflow() throws {
        let repo = try TempRepository([".github/workflows/publish.yml": """
            on: push
            jobs:
              publish:
                steps:
                  - uses: actions/checkout@v4
                    with: { token: not-herald-business }
                  - run: HERALD_ACME_X_APP_PASSWORD=not-a-real-token-1111 herald publish
                  - run: HERALD_ACME_X_ACCESS_TOKEN="$TOKEN" herald publish
                  - run: herald publish
                    env:
                      HERALD_ACME_X_ACCESS_TOKEN: not-a-real-token-0000
                      HERALD_ACME_X_ACCESS_SECRET: ${{ secrets.HERALD_ACME_X_ACCESS_SECRET }}
                      HERALD_ACME_X_CONSUMER_KEY: $CONSUMER_KEY
                      HERALD_CREDENTIALS_FILE: /run/secrets/herald.yaml

            """,
            // A broken workflow is GitHub's to report, not herald's.
            ".github/workflows/broken.yaml": "jobs: [\n",
        ])
        #expect(repo.diagnostics() == [
            ".github/workflows/publish.yml:7:14: error: literal secret in HERALD_ACME_X_APP_PASSWORD, set in a command; herald never reads secrets from the repository (remove it, rotate it (it is in git history), and store it in the CI system's secrets: HERALD_ACME_X_APP_PASSWORD: ${{ secrets.HERALD_ACME_X_APP_PASSWORD }})",
            ".github/workflows/publish.yml:11:39: error: literal secret in HERALD_ACME_X_ACCESS_TOKEN; herald never reads secrets from the repository (remove it, rotate it (it is in git history), and store it in the CI system's secrets: HERALD_ACME_X_ACCESS_TOKEN: ${{ secrets.HERALD_ACME_X_ACCESS_TOKEN }})",
        ])
    }

    /// Other CI systems keep their configuration in the repository too, each
    /// with its own way to write a variable (GitLab's `value:`, Azure's
    /// `name:`/`value:` list) and to take a secret (`$(…)`, `from_secret:`).
    @Test func literalSecretInOtherCISystems() throws {
        let repo = try TempRepository([
            ".gitlab-ci.yml": """
                variables:
                  HERALD_ACME_X_ACCESS_TOKEN: not-a-real-token-0001
                  HERALD_ACME_X_ACCESS_SECRET:
                    value: not-a-real-secret-0002
                    description: the app's secret
                  HERALD_ACME_X_CONSUMER_KEY: $ACME_KEY
                publish:
                  script:
                    - HERALD_ACME_X_APP_PASSWORD=not-a-real-token-0006 herald publish

                """,
            "azure-pipelines.yml": """
                variables:
                  - name: HERALD_ACME_MASTODON_ACCESS_TOKEN
                    value: not-a-real-token-0003
                  - name: HERALD_ACME_X_CONSUMER_SECRET
                    value: $(consumerSecret)

                """,
            ".woodpecker/publish.yaml": """
                steps:
                  - name: publish
                    environment:
                      HERALD_ACME_X_ACCESS_TOKEN: { from_secret: herald_acme_x_access_token }
                      HERALD_ACME_BLUESKY_APP_PASSWORD: not-a-real-password-0004

                """,
            ".circleci/config.yml": "jobs:\n  publish:\n    environment:\n      HERALD_ACME_X_ACCESS_TOKEN: \"\"\n",
            // Commands in a list (GitLab's and Bitbucket's script:, Woodpecker's commands:).
            ".drone.yml": """
                steps:
                  - name: publish
                    commands:
                      - export HERALD_ACME_X_ACCESS_TOKEN=not-a-real-token-0005
                      - HERALD_ACME_X_ACCESS_SECRET="$SECRET" herald publish

                """,
            // A folder named like a CI file is not one.
            "bitbucket-pipelines.yml/README": "not yaml",
        ])
        #expect(repo.diagnostics() == [
            ".drone.yml:4:9: error: literal secret in HERALD_ACME_X_ACCESS_TOKEN, set in a command; herald never reads secrets from the repository (remove it, rotate it (it is in git history), and store it as a secret of the repository and pass it to the step: HERALD_ACME_X_ACCESS_TOKEN: { from_secret: herald_acme_x_access_token })",
            ".gitlab-ci.yml:2:31: error: literal secret in HERALD_ACME_X_ACCESS_TOKEN; herald never reads secrets from the repository (remove it, rotate it (it is in git history), and store it as a masked CI/CD variable of the project (Settings > CI/CD > Variables), which every job sees as $HERALD_ACME_X_ACCESS_TOKEN)",
            ".gitlab-ci.yml:4:12: error: literal secret in HERALD_ACME_X_ACCESS_SECRET; herald never reads secrets from the repository (remove it, rotate it (it is in git history), and store it as a masked CI/CD variable of the project (Settings > CI/CD > Variables), which every job sees as $HERALD_ACME_X_ACCESS_SECRET)",
            ".gitlab-ci.yml:9:7: error: literal secret in HERALD_ACME_X_APP_PASSWORD, set in a command; herald never reads secrets from the repository (remove it, rotate it (it is in git history), and store it as a masked CI/CD variable of the project (Settings > CI/CD > Variables), which every job sees as $HERALD_ACME_X_APP_PASSWORD)",
            ".woodpecker/publish.yaml:5:41: error: literal secret in HERALD_ACME_BLUESKY_APP_PASSWORD; herald never reads secrets from the repository (remove it, rotate it (it is in git history), and store it as a secret of the repository and pass it to the step: HERALD_ACME_BLUESKY_APP_PASSWORD: { from_secret: herald_acme_bluesky_app_password })",
            "azure-pipelines.yml:3:12: error: literal secret in HERALD_ACME_MASTODON_ACCESS_TOKEN; herald never reads secrets from the repository (remove it, rotate it (it is in git history), and store it as a secret variable of the pipeline and pass it to the step: HERALD_ACME_MASTODON_ACCESS_TOKEN: $(HERALD_ACME_MASTODON_ACCESS_TOKEN))",
        ])
    }

    /// That no diagnostic format prints `secret` anywhere in what it shows of `problems`.
    private func expectHidden(_ secret: String, in problems: [Diagnostic], root: String,
                              sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        for format in DiagnosticFormat.allCases {
            let printed = DiagnosticPrinter(format: format, color: false, root: root).render(problems)
            #expect(!printed.contains(secret), "\(format): \(printed)", sourceLocation: sourceLocation)
        }
    }

    /// Forgejo and Gitea read workflows from folders of their own, as
    /// GitHub does: a literal credential in one is the same error.
    @Test func literalSecretInForgejoAndGiteaWorkflows() throws {
        let workflow = "on: push\njobs:\n  publish:\n    steps:\n      - run: herald publish\n        env:\n          HERALD_ACME_X_ACCESS_TOKEN: not-a-real-token-0007\n"
        let repo = try TempRepository([".forgejo/workflows/publish.yml": workflow, ".gitea/workflows/publish.yaml": workflow])
        let said = "error: literal secret in HERALD_ACME_X_ACCESS_TOKEN; herald never reads secrets from the repository (remove it, rotate it (it is in git history), "
            + "and store it in the CI system's secrets: HERALD_ACME_X_ACCESS_TOKEN: ${{ secrets.HERALD_ACME_X_ACCESS_TOKEN }})"
        #expect(repo.diagnostics() == [".forgejo/workflows/publish.yml:7:39: " + said, ".gitea/workflows/publish.yaml:7:39: " + said])
    }
}
