import Foundation
import Testing
import HeraldTestSupport
@testable import HeraldKit

/// The rules for accounts.yaml: ids, platforms and their keys, values, URLs.
@Suite struct AccountValidationTests {
    /// An id names its state file: one starting with '.' (a hidden file,
    /// which the state reader passes over) would be published again and again.
    @Test(arguments: ["Acme X", ".m", "-m", "_m"])
    func accountIdCharacters(id: String) throws {
        let repo = try TempRepository(accounts: "accounts:\n  \"\(id)\":\n    platform: x\n    handle: acme\n")
        #expect(repo.diagnostics() == [
            "accounts.yaml:2:3: error: account id '\(id)' may use only lower-case letters, digits, '-', '_' and '.', and must start with a letter or digit",
        ])
    }

    /// An id names its state file, `<id>.state`: one whose file name would
    /// be over the 255 bytes a file name may have could never be written,
    /// and every publish to it failed ("File name too long") after validate
    /// passed. An error at the id, which blocks the account (its posts go
    /// nowhere); 249 bytes, whose state file can be made, is the longest.
    @Test func accountIdLongerThanItsStateFileAllows() throws {
        for length in [249, 250, 300] {
            let id = String(repeating: "a", count: length)
            let repo = try TempRepository(["posts/p.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [\(id)]\ntext: hi\n"],
                                          accounts: "accounts:\n  \(id):\n    platform: x\n    handle: acme\n")
            #expect(repo.diagnostics() == (length <= 249 ? [] : [
                "accounts.yaml:2:3: error: account id is \(length) bytes long: its state file's name, the id and '.state', "
                    + "would be \(length + 6) bytes, and a file name may have at most 255 (shorten it to at most 249 bytes)",
            ]))
            #expect((repo.load().invalidAccounts[id] != nil) == (length > 249))
            // The file system agrees: a state file of the longest id can be made, one byte more cannot.
            #expect(FileManager.default.createFile(atPath: repo.root + "/" + id + ".state", contents: nil) == (length <= 249))
        }
    }

    @Test func accountsFileWithoutAccounts() throws {
        let repo = try TempRepository(accounts: "acme-x:\n  platform: x\n")
        #expect(repo.diagnostics().first == "accounts.yaml:1:1: error: accounts.yaml has no 'accounts' mapping")
    }

    @Test func noAccountsFile() throws {
        let repo = try TempRepository(accounts: nil)
        #expect(repo.diagnostics() == [
            "error: no accounts.yaml in \(repo.root) (\(RepositoryLoader.accountsHint))",
        ])
    }

    /// Without accounts.yaml, or with one that cannot be read at all, every
    /// account a post names is unknown for that reason: each says so, not
    /// that accounts.yaml defines none, and no variant is checked against
    /// accounts nobody can know.
    @Test func postsNameAccountsOfAnUnreadableAccountsFile() throws {
        let post = "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: hi\nvariants:\n  acme-x: { text: yo }\n  mastodon: { text: toot }\n"
        let repo = try TempRepository(["posts/a.yaml": post], accounts: "accounts:\n  acme-x:\n   platform: x\n    handle: acme\n")
        #expect(repo.diagnostics() == [
            "accounts.yaml:4:11: error: YAML syntax error: mapping values are not allowed in this context (this line is indented further "
                + "than the line above, so YAML reads it as more of the value there: start it in the same column as the key above, "
                + "or quote that value if it goes on over lines)",
            "posts/a.yaml:2:12: error: account 'acme-x' cannot be used: accounts.yaml has an error in it (accounts.yaml:4:11: YAML syntax error: mapping values are not allowed in this context)",
        ])
        try FileManager.default.removeItem(atPath: repo.root + "/accounts.yaml")
        #expect(repo.diagnostics() == [
            "error: no accounts.yaml in \(repo.root) (\(RepositoryLoader.accountsHint))",
            "posts/a.yaml:2:12: error: unknown account 'acme-x' (there is no accounts.yaml)",
        ])
    }

    /// Run from a folder inside the repository (posts/), herald names the
    /// repository above rather than suggest making a new accounts.yaml.
    @Test func noAccountsFileInAFolderOfARepository() throws {
        let repo = try TempRepository(["posts/2026/a.yaml": "text: hi\n"])
        let inside = RepositoryLoader.load(root: repo.root + "/posts/2026").diagnostics.map(TempRepository.describe)
        #expect(inside == ["error: no accounts.yaml in \(repo.root)/posts/2026 (\(repo.root) above has one: run herald there, or pass -C \(repo.root))"])
    }

    @Test func accountNeedsPlatformKeys() throws {
        let repo = try TempRepository(accounts: """
            accounts:
              m:
                platform: mastodon
              l:
                platform: linkedin
              b:
                platform: blusky
              x2:
                platform: x
                handel: acme

            """)
        #expect(repo.diagnostics() == [
            "accounts.yaml:2:3: error: Mastodon account 'm' needs 'instance' (the instance URL, https://…)",
            "accounts.yaml:4:3: error: LinkedIn account 'l' needs exactly one of 'organization' or 'person'",
            "accounts.yaml:7:15: error: unknown platform 'blusky' (did you mean 'bluesky'?)",
            // Misspelt, not missing: one error, at the misspelling.
            "accounts.yaml:10:5: error: unknown key 'handel' in X account 'x2' (did you mean 'handle'?)",
        ])
    }

    /// A platform written by another of its names is named; an account
    /// that could not be read (an unknown platform, none) is not "unknown"
    /// to the posts and campaigns that name it: they point at its error,
    /// and the plan blocks them with it.
    /// A misspelt `platform` is named at its key, as any misspelt key is,
    /// not reported as a platform missing from the account.
    @Test func aMisspeltPlatformKeyIsNamed() throws {
        let repo = try TempRepository([
            "posts/a.yaml": "publish_at: 2026-11-20T09:00:00Z\naccounts: [acme-b]\ntext: hi\n",
        ], accounts: """
            accounts:
              acme-b:
                platfrom: bluesky
                handle: acme.bsky.social

            """)
        #expect(repo.diagnostics() == [
            "accounts.yaml:3:5: error: unknown key 'platfrom' in account 'acme-b' (did you mean 'platform'?)",
            "posts/a.yaml:2:12: error: account 'acme-b' cannot be used: accounts.yaml has an error in it (accounts.yaml:3:5: unknown key 'platfrom' in account 'acme-b')",
        ])
    }

    @Test func accountsThatCouldNotBeRead() throws {
        let repo = try TempRepository([
            "campaigns/c.yaml": "name: C\naccounts: [acme-b]\n",
            "posts/a.yaml": "publish_at: 2026-11-20T09:00:00Z\naccounts: [acme-x, acme-i, acme-m, acme-q]\ntext: hi\n",
        ], accounts: """
            accounts:
              acme-x: { platform: twitter, handle: acme }
              acme-b: { platform: BSKY, handle: acme.bsky.social }
              acme-i: { handle: acme }
              acme-m: { platform: mastodon, instance: https://mastodon.example }

            """)
        let unreadable = "cannot be used: accounts.yaml has an error in it"
        #expect(repo.diagnostics() == [
            "accounts.yaml:2:23: error: unknown platform 'twitter' (did you mean 'x'?)",
            "accounts.yaml:3:23: error: unknown platform 'BSKY' (did you mean 'bluesky'?)",
            "accounts.yaml:4:3: error: account 'acme-i' has no platform (add 'platform:' with one of x, linkedin, facebook, instagram, threads, vk, mastodon, bluesky)",
            "campaigns/c.yaml:2:12: error: account 'acme-b' \(unreadable) (accounts.yaml:3:23: unknown platform 'BSKY')",
            "posts/a.yaml:2:12: error: account 'acme-x' \(unreadable) (accounts.yaml:2:23: unknown platform 'twitter')",
            "posts/a.yaml:2:20: error: account 'acme-i' \(unreadable) (accounts.yaml:4:3: account 'acme-i' has no platform)",
            "posts/a.yaml:2:36: error: unknown account 'acme-q' (did you mean 'acme-m'?)",
        ])
        let plan = Planner.plan(.init(repository: repo.load(), state: StateSnapshot(), now: Date(), missingCredentials: [:]))
        #expect(plan.items.map(\.reason) == Array(repeating: "account 'acme-x' \(unreadable) (accounts.yaml:2:23: unknown platform 'twitter')", count: 4))
        // Its platform merged in from shared defaults: the merge key is named, not "no platform", which was written. Before, it said "has no platform".
        let merged = try TempRepository(["posts/a.yaml": "text: hi\naccounts: [am1]\n"],
                                        accounts: "x-defaults: &mastodon\n  platform: mastodon\n  instance: https://mastodon.example\naccounts:\n  am1:\n    <<: *mastodon\n")
        #expect(merged.diagnostics().contains("accounts.yaml:6:5: error: unknown key '<<' in account 'am1' (merge keys ('<<: *anchor') are not supported: "
                                              + "write the keys out, 'platform:' among them)"), "\(merged.diagnostics())")
        #expect(!merged.diagnostics().contains { $0.contains("has no platform") }, "\(merged.diagnostics())")
        // With none readable, the hint no longer says there are none.
        let none = try TempRepository(["posts/a.yaml": "text: hi\naccounts: [acme-y]\n"], accounts: "accounts:\n  acme-x: { platform: twitter }\n")
        #expect(none.diagnostics().last == "posts/a.yaml:2:12: error: unknown account 'acme-y' (accounts.yaml defines acme-x)")
    }

    /// A platform's name where an account is meant is told the platform's
    /// accounts, or that there is none; so is a short name for one id.
    @Test func aPlatformWhereAnAccountIsMeant() throws {
        let repo = try TempRepository([
            "posts/a.yaml": "draft: true\ntext: hi\naccounts: [x, twitter, mastodon, facebook, Bluesky]\n",
            "campaigns/c.yaml": "name: C\naccounts: [sky]\n",
        ], accounts: """
            accounts:
              acme-x: { platform: x, handle: acme }
              acme-m1: { platform: mastodon, instance: https://one.example }
              acme-m2: { platform: mastodon, instance: https://two.example }
              acme-bluesky: { platform: bluesky, handle: acme.bsky.social }

            """)
        let platform = "is a platform; an account is named by its id in accounts.yaml"
        #expect(repo.diagnostics() == [
            "campaigns/c.yaml:2:12: error: unknown account 'sky' ('sky' \(platform): did you mean 'acme-bluesky'?)",
            "posts/a.yaml:3:12: error: unknown account 'x' ('x' \(platform): did you mean 'acme-x'?)",
            "posts/a.yaml:3:15: error: unknown account 'twitter' ('twitter' \(platform): did you mean 'acme-x'?)",
            "posts/a.yaml:3:24: error: unknown account 'mastodon' ('mastodon' \(platform): its accounts are acme-m1, acme-m2)",
            "posts/a.yaml:3:34: error: unknown account 'facebook' ('facebook' \(platform), which defines no Facebook account)",
            "posts/a.yaml:3:44: error: unknown account 'Bluesky' ('Bluesky' \(platform): did you mean 'acme-bluesky'?)",
        ])
    }

    /// Hints for unknown names stay short and cheap however long the
    /// lists: past 12 accounts the hint names ten and counts the rest, and
    /// past 50 unknown names in one file the rest get no suggestion.
    @Test func unknownNamesAmongManyAccounts() throws {
        let accounts = "accounts:\n" + (0..<30).map { "  acct-\($0): { platform: mastodon, instance: https://m.example }\n" }.joined()
        let unknown = (0..<30).map { "akct-\($0)" } + (0..<22).map { "ackt-\($0)" }
        let repo = try TempRepository(["posts/a.yaml": "draft: true\ntext: hi\naccounts: [\(unknown.joined(separator: ", ")), nobody]\nvariants:\n  acct-3x: { text: yo }\n"],
                                      accounts: accounts)
        let found = repo.diagnostics()
        let defined = "accounts.yaml defines acct-0, acct-1, acct-2, acct-3, acct-4, acct-5, acct-6, acct-7, acct-8, acct-9 and 20 more"
        #expect(found.count == 54)
        #expect(found[0] == "posts/a.yaml:3:12: error: unknown account 'akct-0' (did you mean 'acct-0'?)")
        #expect(found[49].hasSuffix("error: unknown account 'ackt-19' (did you mean 'acct-19'?)"))
        #expect(found[50].hasSuffix("error: unknown account 'ackt-20' (\(defined))"))
        #expect(found[52].hasSuffix("error: unknown account 'nobody' (\(defined))"))
        // The variant is the post's 54th unknown name: no suggestion either.
        #expect(found[53] == "posts/a.yaml:5:3: error: variant 'acct-3x' names no platform or account")
    }

    /// Past 300 distinct unknown names across the repository (accounts
    /// renamed under thousands of posts), none gets a suggestion, whichever
    /// files are read first; up to it, each name is looked for once, however
    /// many posts name it. Before, every post's names were searched anew
    /// (10,000 posts took 48 s).
    @Test func unknownNamesAcrossManyPostsAreLookedForWithinABound() throws {
        let accounts = "accounts:\n" + (0..<40).map { "  acme-mastodon-\($0): { platform: mastodon, instance: https://m.example }\n" }.joined()
        var files: [String: String] = [:]
        for i in 0..<301 { files["posts/p\(i).yaml"] = "draft: true\ntext: hi\naccounts: [acme-mastdon-\(i % 40), other-\(i)]\n" }
        let many = try TempRepository(files, accounts: accounts)
        let manyFound = many.diagnostics()
        #expect(manyFound.count == 602)
        #expect(!manyFound.contains { $0.contains("did you mean") }, "\(manyFound.prefix(3))")
        files = files.filter { $0.key < "posts/p2" }
        let few = try TempRepository(files, accounts: accounts)
        let fewFound = few.diagnostics()
        #expect(fewFound.contains("posts/p17.yaml:3:12: error: unknown account 'acme-mastdon-17' (did you mean 'acme-mastodon-17'?)"), "\(fewFound.prefix(3))")
    }

    @Test func emptyAccountsFile() throws {
        let repo = try TempRepository(accounts: "# none yet\n")
        #expect(repo.diagnostics() == ["accounts.yaml:1:1: error: accounts.yaml is empty (add an 'accounts:' mapping; see accounts.example.yaml)"])
        let empty = try TempRepository(["campaigns/c.yaml": ""])
        #expect(empty.diagnostics() == ["campaigns/c.yaml:1:1: error: campaign file is empty (a campaign needs at least a name)"])
    }

    @Test func accountKeyValues() throws {
        let repo = try TempRepository(accounts: """
            accounts:
              m:
                platform: mastodon
                instance: mastodon.social
                visibility: secret
              v:
                platform: vk
                owner_id: community
                language: Russian
              t: { platform: threads, user_id: 1.5, max_characters: 0 }
              i: { platform: instagram, user_id: "17841400000000000", page_id: my-page, max_characters: -5 }
              f: { platform: facebook, page_id: 104512345678901, max_characters: 1000 }
              n: { platform: mastodon, instance: mastodon }

            """)
        #expect(repo.diagnostics() == [
            "accounts.yaml:4:15: error: instance must be a URL starting with https://: https://mastodon.social, not 'mastodon.social'",
            "accounts.yaml:5:17: error: visibility must be one of public, unlisted, private, found 'secret'",
            "accounts.yaml:8:15: error: owner_id must be a whole number, found 'community'",
            "accounts.yaml:9:15: error: language must be a language code such as 'en' or 'pt-BR' (ISO 639), found 'Russian'",
            "accounts.yaml:10:36: error: user_id must be the platform's numeric id (digits only), found '1.5'",
            "accounts.yaml:10:57: error: max_characters must be a whole number above 0, found '0'",
            "accounts.yaml:11:68: error: page_id must be the platform's numeric id (digits only), found 'my-page'",
            "accounts.yaml:11:93: error: max_characters must be a whole number above 0, found '-5'",
            "accounts.yaml:13:38: error: instance must be a URL such as https://example.social, found 'mastodon'",
        ])
    }

    /// Ids as people paste them: a LinkedIn URN or page address for the
    /// number, an id of 0, which names no wall or account; and a
    /// max_characters above a limit the platform fixes (only X's paid tiers
    /// and a Mastodon instance have limits of their own).
    @Test func idsAndLimitsAsPeoplePasteThem() throws {
        let repo = try TempRepository(accounts: """
            accounts:
              li1: { platform: linkedin, organization: "urn:li:organization:2414183" }
              li2: { platform: linkedin, person: "urn:li:person:abc123" }
              li3: { platform: linkedin, organization: "https://www.linkedin.com/company/acme/" }
              li4: { platform: linkedin, person: abc-123_XYZ, max_characters: 3000 }
              th: { platform: threads, user_id: 0 }
              vk1: { platform: vk, owner_id: 0 }
              vk2: { platform: vk, owner_id: "-0" }
              bs: { platform: bluesky, handle: acme.bsky.social, max_characters: 1000 }
              ig: { platform: instagram, user_id: "1", max_characters: 5000 }
              x: { platform: x, handle: acme, max_characters: 25000 }
              fb: { platform: facebook, page_id: "1", max_characters: 70000 }
              x2: { platform: x, handle: acme2, max_characters: 250000 }

            """)
        #expect(repo.diagnostics() == [
            "accounts.yaml:2:44: error: organization must be the platform's numeric id (digits only), found 'urn:li:organization:2414183': write 2414183",
            "accounts.yaml:3:38: error: person must be the member id alone: write abc123",
            "accounts.yaml:4:44: error: organization must be the platform's numeric id (digits only), found 'https://www.linkedin.com/company/acme/'",
            "accounts.yaml:6:37: error: user_id must be the platform's numeric id, found '0', which names no one",
            "accounts.yaml:7:34: error: owner_id must not be 0, which names no one",
            "accounts.yaml:8:34: error: owner_id must not be 0, which names no one",
            "accounts.yaml:9:70: error: max_characters cannot raise Bluesky's text limit of 300, which the platform fixes (remove it: a larger limit is for X's paid tiers and a Mastodon instance's own setting)",
            "accounts.yaml:10:60: error: max_characters cannot raise Instagram's text limit of 2,200, which the platform fixes (remove it: a larger limit is for X's paid tiers and a Mastodon instance's own setting)",
            // Over Premium's 25,000: a typo, with which a post X refuses would pass. Before, taken.
            "accounts.yaml:13:53: error: max_characters 250,000 is over X's largest limit, 25,000 (Premium) (write 25000 for a Premium account, or leave it out for 280)",
        ])
        // A limit refused is not used: a text is told of the platform's limit, not of the refused one as if it were the platform's.
        let decoded = AccountsDecoder.decode(YAMLLoader.load(bytes: Array("accounts:\n  bs: { platform: bluesky, handle: acme.bsky.social, max_characters: 1000 }\n"
                                                                          .utf8), path: "accounts.yaml").root, path: "accounts.yaml").0
        #expect(decoded.map(\.id) == ["bs"])
        #expect(decoded.first?.textOptions.maxLength == nil)
    }

    /// An account's token goes to its instance or api_base: in clear text
    /// only to this machine. A URL holding a password is a secret in the
    /// repository: refused, and the password not shown.
    @Test func plainHTTPOnlyToThisMachine() throws {
        let repo = try TempRepository(accounts: """
            accounts:
              m: { platform: mastodon, instance: "http://mastodon.example" }
              b: { platform: bluesky, handle: acme.example, pds: "https://pds.example", api_base: "http://proxy.example:8080/xrpc" }
              local: { platform: mastodon, instance: "http://127.0.0.1:8080", api_base: "http://localhost:9000" }
              six: { platform: mastodon, instance: "HTTP://[::1]:8080" }
              userinfo: { platform: mastodon, instance: "https://bot:placeholder@mastodon.example" }
              query: { platform: mastodon, instance: "https://mastodon.example?access_token=placeholder-q1" }

            """)
        #expect(repo.diagnostics() == [
            "accounts.yaml:2:38: error: instance must use https, found 'http://mastodon.example': herald sends the account's credentials there (http only to 127.0.0.1, ::1 or localhost)",
            "accounts.yaml:3:87: error: api_base must use https, found 'http://proxy.example:8080/xrpc': herald sends the account's credentials there (http only to 127.0.0.1, ::1 or localhost)",
            "accounts.yaml:6:45: error: instance must not hold a user name or password (before '@'): put credentials in the environment or the credentials file",
            "accounts.yaml:7:42: error: instance must not hold a token, key or password in its query: put credentials in the environment or the credentials file",
        ])
        let printed = DiagnosticPrinter(format: .text, color: false, root: repo.root).render(repo.load().diagnostics)
        #expect(!printed.contains("placeholder"), "\(printed)")
    }

    /// A Mastodon instance or a Bluesky PDS is a server: herald adds the
    /// API's paths to it. A profile's address pasted there would send every
    /// request to a page that is not the API (api_base may have a path).
    @Test func serversAreAddressesWithoutAPath() throws {
        let repo = try TempRepository(accounts: """
            accounts:
              profile: { platform: mastodon, instance: "https://mastodon.example/@acme" }
              api: { platform: mastodon, instance: "https://mastodon.example:8443/api/v1/" }
              query: { platform: mastodon, instance: "https://mastodon.example?lang=en" }
              xrpc: { platform: bluesky, handle: acme.example, pds: "https://pds.example/xrpc" }
              fine: { platform: mastodon, instance: "https://mastodon.example/", api_base: "http://127.0.0.1:8787/mastodon" }
              local: { platform: bluesky, handle: local.example, pds: "http://[::1]:2583" }
              far: { platform: mastodon, instance: "https://mastodon.example:99999" }
              zero: { platform: mastodon, instance: "https://mastodon.example", api_base: "http://127.0.0.1:0/mastodon" }
              top: { platform: mastodon, instance: "https://mastodon.example:65535" }

            """)
        #expect(repo.diagnostics() == [
            "accounts.yaml:2:44: error: instance must be the server's address alone: https://mastodon.example, not 'https://mastodon.example/@acme' (herald adds the API's paths to it)",
            "accounts.yaml:3:40: error: instance must be the server's address alone: https://mastodon.example:8443, not 'https://mastodon.example:8443/api/v1/' (herald adds the API's paths to it)",
            "accounts.yaml:4:42: error: instance must be the server's address alone: https://mastodon.example, not 'https://mastodon.example?lang=en' (herald adds the API's paths to it)",
            "accounts.yaml:5:57: error: pds must be the server's address alone: https://pds.example, not 'https://pds.example/xrpc' (herald adds the API's paths to it)",
            // Taken by a URL, refused by every request: each run's failure counted toward max_attempts.
            "accounts.yaml:8:40: error: instance has port 99999, which no server can have (a port is from 1 to 65535), in 'https://mastodon.example:99999'",
            "accounts.yaml:9:79: error: api_base has port 0, which no server can have (a port is from 1 to 65535), in 'http://127.0.0.1:0/mastodon'",
        ])
    }

    /// Handles as people copy them: with '@', or the profile's address.
    @Test func handlesAreNamesAlone() throws {
        let repo = try TempRepository(accounts: """
            accounts:
              x1: { platform: x, handle: "@acme" }
              x2: { platform: x, handle: "https://x.com/acme" }
              x3: { platform: x, handle: "acme corp" }
              b1: { platform: bluesky, handle: "@acme.bsky.social" }
              b2: { platform: bluesky, handle: "https://bsky.app/profile/acme.bsky.social" }
              b3: { platform: bluesky, handle: acme }
              b4: { platform: bluesky, handle: "me@example.com" }
              fine1: { platform: x, handle: Acme_2026 }
              fine2: { platform: bluesky, handle: acme-corp.example.co.uk }
              fine3: { platform: bluesky, handle: "did:plc:placeholder" }

            """)
        #expect(repo.diagnostics() == [
            "accounts.yaml:2:30: error: handle must be written without '@': acme",
            "accounts.yaml:3:30: error: handle must be the name alone: acme, not the profile's address 'https://x.com/acme'",
            "accounts.yaml:4:30: error: handle must be 1 to 15 letters, digits or '_' (an X handle such as acme), found 'acme corp'",
            "accounts.yaml:5:36: error: handle must be written without '@': acme.bsky.social",
            "accounts.yaml:6:36: error: handle must be the name alone: acme.bsky.social, not the profile's address 'https://bsky.app/profile/acme.bsky.social'",
            "accounts.yaml:7:36: error: handle must be a handle such as acme.bsky.social (a domain name), found 'acme'",
            "accounts.yaml:8:36: error: handle must be a handle such as acme.bsky.social (a domain name), found 'me@example.com'",
        ])
    }

    @Test func accountsExampleDocumentsEveryKey() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        let text = try String(contentsOfFile: root + "/accounts.example.yaml", encoding: .utf8)
        for platform in Platform.allCases {
            #expect(text.contains("platform: \(platform.rawValue)"), "no \(platform) example")
            for key in AccountKeys.keys(for: platform) + AccountKeys.common {
                #expect(text.contains("\(key.name)"), "\(key.name) of \(platform) undocumented")
            }
        }
        // And the file itself is a valid accounts file.
        let (accounts, problems, _) = AccountsDecoder.decode(YAMLLoader.load(fileAt: root + "/accounts.example.yaml", path: "accounts.example.yaml").root, path: "accounts.example.yaml")
        #expect(problems.isEmpty)
        #expect(Set(accounts.map(\.platform)) == Set(Platform.allCases))
    }

    /// Several accounts written as one name, with a comma or a blank
    /// between them and no list around them (or the comma left out): the
    /// hint shows the list, in a post and in a campaign, a misspelt name in
    /// it as it is likely meant. A name that is not all known accounts, or
    /// close to them, is an unknown name as before.
    @Test func severalAccountsWrittenAsOneName() throws {
        let repo = try TempRepository([
            "posts/a.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: acme-x, acme-mastodon\ntext: hi\n",
            "posts/b.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x acme-bluesky]\ntext: hi\n",
            "posts/c.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x nobody]\ntext: hi\n",
            "posts/d.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: acme-x, acme-mastodn\ntext: hi\n",
            "campaigns/w.yaml": "name: W\naccounts: [acme-x acme-mastodon]\n",
        ])
        #expect(repo.diagnostics() == [
            "campaigns/w.yaml:2:12: error: unknown account 'acme-x acme-mastodon' (several accounts are written as a list, each name apart: [acme-x, acme-mastodon])",
            "posts/a.yaml:2:11: error: unknown account 'acme-x, acme-mastodon' (several accounts are written as a list, each name apart: [acme-x, acme-mastodon])",
            "posts/b.yaml:2:12: error: unknown account 'acme-x acme-bluesky' (several accounts are written as a list, each name apart: [acme-x, acme-bluesky])",
            "posts/c.yaml:2:12: error: unknown account 'acme-x nobody' (accounts.yaml defines acme-x, acme-mastodon, acme-bluesky)",
            "posts/d.yaml:2:11: error: unknown account 'acme-x, acme-mastodn' (several accounts are written as a list, each name apart: [acme-x, acme-mastodon])",
        ])
    }

    /// A key people write for an account key herald names otherwise is told
    /// which, where the platform has that key; and so for a campaign's keys.
    /// The key it stands for is not also said to be missing.
    @Test func accountAndCampaignKeysWrittenUnderAnotherName() throws {
        let repo = try TempRepository([
            "campaigns/w.yaml": "title: W\ntags: ['#a']\nutm: { utm_source: x }\nuntil: 2026-12-31\n",
        ], accounts: """
            accounts:
              m: { platform: mastodon, server: https://mastodon.example }
              x: { platform: x, username: acme }
              l: { platform: linkedin, org: "123" }
              t: { platform: x, handle: acme, server: https://x.example }
              v: { platform: vk, group: "-123" }
              i: { platform: instagram, user: "17841400000000000" }
              b: { platform: bluesky, handle: acme.bsky.social, server: https://pds.example }
              c: { platform: bluesky, handle: acmf.bsky.social, instance: https://pds.example }
              n: { platform: mastodon, instance: https://mastodon.example, username: acme }

            """)
        #expect(repo.diagnostics() == [
            "accounts.yaml:2:28: error: unknown key 'server' in Mastodon account 'm' (herald calls it 'instance')",
            "accounts.yaml:3:21: error: unknown key 'username' in X account 'x' (herald calls it 'handle')",
            "accounts.yaml:4:28: error: unknown key 'org' in LinkedIn account 'l' (herald calls it 'organization')",
            // X has no instance: no such hint.
            "accounts.yaml:5:35: error: unknown key 'server' in X account 't'",
            "accounts.yaml:6:22: error: unknown key 'group' in VK account 'v' (herald calls it 'owner_id')",
            "accounts.yaml:7:29: error: unknown key 'user' in Instagram account 'i' (did you mean 'user_id'?)",
            // A Bluesky account's server is its PDS; a Mastodon account is its token's.
            "accounts.yaml:8:53: error: unknown key 'server' in Bluesky account 'b' (herald calls it 'pds')",
            "accounts.yaml:9:53: error: unknown key 'instance' in Bluesky account 'c' (herald calls it 'pds')",
            "accounts.yaml:10:64: error: unknown key 'username' in Mastodon account 'n' (a Mastodon account is the one its access token belongs to: "
                + "herald needs no user name, only the instance)",
            "campaigns/w.yaml:1:1: error: unknown key 'title' in a campaign (herald calls it 'name')",
            "campaigns/w.yaml:2:1: error: unknown key 'tags' in a campaign (herald calls it 'hashtags')",
            "campaigns/w.yaml:3:1: error: unknown key 'utm' in a campaign (herald calls it 'link_tagging')",
            "campaigns/w.yaml:4:1: error: unknown key 'until' in a campaign (herald calls it 'ends')",
        ])
    }

    /// Two ids for one account on its platform (an entry copied for a
    /// rename and the old one left behind): each would publish every post
    /// to it. An error at the later id, and neither is published to; a
    /// handle is compared as the platform does, in any case. Other
    /// accounts of the platform are not touched, nor one id on two platforms.
    @Test func twoIdsOfOneAccountAreAnError() throws {
        let repo = try TempRepository(["posts/a.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [x-old, x-new, x-eu, li, li-copy]\ntext: hi\n"], accounts: """
            accounts:
              x-old: { platform: x, handle: Acme }
              x-new: { platform: x, handle: acme }
              x-eu: { platform: x, handle: acme_eu }
              li: { platform: linkedin, organization: "2414183" }
              li-copy: { platform: linkedin, organization: "2414183" }
              bs: { platform: bluesky, handle: acme.bsky.social }
              ig: { platform: instagram, user_id: "17841400000000000" }
              th: { platform: threads, user_id: "17841400000000000" }

            """)
        #expect(repo.diagnostics() == [
            "accounts.yaml:3:3: error: account 'x-new' is the X account of handle 'acme', as 'x-old' is: each would publish every post to it, "
                + "which would hold each twice (keep one of them (an old entry left after a rename?))",
            "accounts.yaml:6:3: error: account 'li-copy' is the LinkedIn account of organization '2414183', as 'li' is: each would publish every post to it, "
                + "which would hold each twice (keep one of them (an old entry left after a rename?))",
        ])
        let plan = Planner.plan(.init(repository: repo.load(), state: StateSnapshot(), now: try TimeParser.instant("2026-12-01T10:00:00Z", zone: nil).get(), missingCredentials: [:],
                                      publishable: Set(Platform.allCases)))
        #expect(plan.items.map { "\($0.action) \($0.account)" } == ["blocked li", "blocked li-copy", "publish x-eu", "blocked x-new", "blocked x-old"])
    }

    /// An account whose id is another platform's name: a variant of that
    /// key is read as both, and went to every account of that platform too.
    @Test func anAccountIdThatIsAPlatformsNameIsAWarning() throws {
        let repo = try TempRepository(["posts/a.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [mastodon]\ntext: hi\n"], accounts: """
            accounts:
              mastodon: { platform: x, handle: acme_eu }
              x: { platform: x, handle: acme }

            """)
        #expect(repo.diagnostics() == [
            "accounts.yaml:2:3: warning: account id 'mastodon' is the name of a platform: a variant 'mastodon' would be this X account's "
                + "and every Mastodon account's (give it another id (and its state file the same name, if it has one))",
        ])
    }

    /// A user name alone before '@' in a server's address is a credential
    /// (`https://TOKEN@host`): refused, and not shown.
    @Test func aUserNameAloneInAnAccountURLIsRefused() throws {
        let repo = try TempRepository(accounts: """
            accounts:
              m: { platform: mastodon, instance: "https://placeholder-token@mastodon.example" }

            """)
        #expect(repo.diagnostics() == [
            "accounts.yaml:2:38: error: instance must not hold a user name or password (before '@'): put credentials in the environment or the credentials file",
        ])
        let printed = DiagnosticPrinter(format: .text, color: false, root: repo.root).render(repo.load().diagnostics)
        #expect(!printed.contains("placeholder"), "\(printed)")
    }

    /// A '- ' before one account's name (`"- acme-x"`, a list item quoted
    /// whole) is that name written wrong, and told so: the hint of an item
    /// indented further needs an item above it, so at least three pieces.
    @Test func aDashBeforeOneAccountIsNotAnIndentedListItem() throws {
        let repo = try TempRepository(["posts/a.yaml": "publish_at: 2026-12-01T09:00:00Z\n" + "accounts: [\"- acme-x\"]\ntext: hi\n"])
        #expect(repo.diagnostics() == ["posts/a.yaml:2:12: error: unknown account '- acme-x' (did you mean 'acme-x'?)"])
    }

    /// Names written as one are shown as a list only when one of them is
    /// an account: two misspelt names, neither an account, are not both
    /// guessed at; the hint lists the accounts there are.
    @Test func namesWrittenAsOneNoneOfThemAnAccountAreNotGuessedAsAList() throws {
        let repo = try TempRepository(["posts/a.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: acme-mastodn, acme-blusky\ntext: hi\n"])
        #expect(repo.diagnostics() == [
            "posts/a.yaml:2:11: error: unknown account 'acme-mastodn, acme-blusky' (accounts.yaml defines acme-x, acme-mastodon, acme-bluesky)",
        ])
    }

    /// Twelve accounts are all named in an unknown name's hint: only past
    /// 12 does it name ten and count the rest.
    @Test func twelveAccountsAreAllNamedInTheHint() throws {
        let accounts = "accounts:\n" + (0..<12).map { "  acct-\($0): { platform: mastodon, instance: https://m.example }\n" }.joined()
        let repo = try TempRepository(["posts/a.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [nobody]\ntext: hi\n"], accounts: accounts)
        #expect(repo.diagnostics() == ["posts/a.yaml:2:12: error: unknown account 'nobody' (accounts.yaml defines "
            + (0..<12).map { "acct-\($0)" }.joined(separator: ", ") + ")"])
    }
}
