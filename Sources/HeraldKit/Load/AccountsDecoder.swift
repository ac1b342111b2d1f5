import Foundation

enum AccountsDecoder {
    /// Keys people write for an account key herald names otherwise; each
    /// applies where the platform has that key.
    static let otherNames = NodeReader.otherNames([
        "instance": ["server", "url", "host", "domain", "instance_url"],
        "handle": ["username", "user", "screen_name", "screenname", "login"],
        "organization": ["org", "organisation", "company", "company_id", "organization_id"],
        "person": ["member", "member_id", "person_id", "profile"],
        "page_id": ["page"],
        "user_id": ["userid", "id"],
        "owner_id": ["owner", "group", "group_id", "community", "community_id"],
    ])

    /// A Bluesky account's server is its PDS.
    static let blueskyOtherNames = otherNames.merging(["server": "pds", "url": "pds", "host": "pds", "service": "pds", "pds_url": "pds", "instance": "pds"]) { _, pds in pds }

    /// A Mastodon account is the token's: a name for it is no key.
    static let mastodonMeanings = Dictionary(uniqueKeysWithValues: ["username", "user", "handle", "acct", "account", "screen_name", "login"].map {
        ($0, "a Mastodon account is the one its access token belongs to: herald needs no user name, only the instance")
    })

    /// The accounts, the problems, and the first error of each account
    /// written in the file that could not be read as one (no platform, an
    /// unknown one): posts naming it say so, rather than that it is unknown.
    /// An account read with an error is there too, as one that cannot be
    /// used: the plan blocks its items.
    static func decode(_ root: YAMLNode?, path: String) -> (accounts: [Account], problems: [Diagnostic], unusable: [String: Diagnostic]) {
        var reader = NodeReader()
        guard reader.document(root, path: path, "accounts.yaml", empty: "accounts.yaml is empty",
                              hint: "add an 'accounts:' mapping; see accounts.example.yaml", keys: ["accounts"]) != nil,
              let root else {
            return ([], reader.diagnostics, [:])
        }
        guard let list = root["accounts"] else {
            reader.error("accounts.yaml has no 'accounts' mapping", at: root.location)
            return ([], reader.diagnostics, [:])
        }
        guard let entries = reader.mapping(list, "accounts") else { return ([], reader.diagnostics, [:]) }
        var accounts: [Account] = []
        var unusable: [String: Diagnostic] = [:]
        for entry in entries {
            let before = reader.diagnostics.count
            let account = decodeAccount(id: entry.keyString, keyNode: entry.key, node: entry.value, reader: &reader)
            if let account { accounts.append(account) }
            // A variant is keyed by a platform or an account id: one key both would be read as both.
            if let account, let named = Platform(rawValue: account.id), named != account.platform {
                reader.warning("account id '\(account.id)' is the name of a platform: a variant '\(account.id)' would be this \(account.platform.displayName) "
                                   + "account's and every \(named.displayName) account's", at: entry.key.location,
                               hint: "give it another id (and its state file the same name, if it has one)")
            }
            guard let problem = reader.diagnostics[before...].first(where: { $0.severity == .error }) else { continue }
            // Read, but with an error (an instance that is no server's address):
            // nothing is published to it until it is fixed, as for a post with one.
            unusable[entry.keyString] = account == nil ? problem : .cannotBeUsed("account", entry.keyString, at: problem.location, because: problem)
        }
        return (accounts, reader.diagnostics, unusable)
    }

    /// Accounts written twice, or with a key written twice in their entry
    /// (two `instance:`): YAML keeps the first, but which the author meant
    /// cannot be told, so nothing is published to them until it is fixed.
    static func repeated(_ document: YAMLDocument) -> [String: Diagnostic] {
        guard !document.notes.repeatedKeys.isEmpty else { return [:] }
        var blocked: [String: Diagnostic] = [:]
        for problem in document.diagnostics {
            guard let location = problem.location, let first = document.notes.repeatedKeys[location] else { continue }
            for entry in entries(holdingRepeated: first, in: document) where blocked[entry.keyString] == nil {
                blocked[entry.keyString] = .cannotBeUsed("account", entry.keyString, at: problem.location, because: problem)
            }
        }
        return blocked
    }

    /// Every account, when YAML read a line in accounts.yaml that an
    /// editor shows as more of a comment or a value (after a pasted LS):
    /// a key or an account nobody reviewed, such as an `api_base` that
    /// sends the token elsewhere, could be anywhere after it.
    static func hidden(_ document: YAMLDocument) -> [String: Diagnostic] {
        guard let first = document.notes.hiddenLines.first,
              let problem = document.diagnostics.first(where: { $0.location == first }) else { return [:] }
        let entries = document.root?["accounts"]?.pairs ?? []
        return Dictionary(entries.map { ($0.keyString, .cannotBeUsed("account", $0.keyString, at: first, because: problem)) }) { first, _ in first }
    }

    /// The entries under `accounts:` that a key written twice, whose kept
    /// key is at `first`, belongs to: the entry itself (an account written
    /// twice), or those holding the key (each an alias gives that mapping
    /// to); every entry, where `accounts:` itself is written twice. For
    /// accounts.yaml and the credentials file alike.
    static func entries(holdingRepeated first: SourceLocation, in document: YAMLDocument) -> [YAMLPair] {
        let entries = document.root?["accounts"]?.pairs ?? []
        if document.root?.pairs?.first(where: { $0.keyString == "accounts" })?.key.location == first { return entries }
        return entries.filter { $0.key.location == first || holdsKey(at: first, $0.value) }
    }

    /// Whether a key within `node`, at any depth, is at `location`.
    private static func holdsKey(at location: SourceLocation, _ node: YAMLNode) -> Bool {
        if let pairs = node.pairs { return pairs.contains { $0.key.location == location || holdsKey(at: location, $0.value) } }
        return node.items?.contains { holdsKey(at: location, $0) } ?? false
    }

    /// Accounts whose ids differ only in '-', '_' or '.' (acme-m, acme_m)
    /// read the same HERALD_ACME_M_… variables: one account's token would be
    /// sent to the other's server. Each after the first is an error, and
    /// every one of them is blocked: the value could be meant for any.
    static func variableClashes(_ accounts: [Account]) -> (problems: [Diagnostic], blocked: [String: Diagnostic]) {
        blocking(repeats(accounts, by: { Credentials.environmentPrefix(account: $0.id) }).map { account, earlier, prefix in
            (account, earlier, Diagnostic.error("account '\(account.id)' reads the same environment variables as '\(earlier.id)' (\(prefix)_…)",
                                                at: account.location, hint: "rename one: '-', '_' and '.' all become '_' in a variable's name"))
        })
    }

    /// Each account whose key (nil: none) an earlier account has, with the
    /// first that has it, in order.
    static func repeats(_ accounts: [Account], by key: (Account) -> String?) -> [(account: Account, earlier: Account, key: String)] {
        var first: [String: Account] = [:]
        var found: [(account: Account, earlier: Account, key: String)] = []
        for account in accounts {
            guard let value = key(account) else { continue }
            if let earlier = first[value] { found.append((account, earlier, value)) } else { first[value] = account }
        }
        return found
    }

    /// Each repeat's problem, which blocks both accounts (the earlier by its first).
    private static func blocking(_ repeats: [(account: Account, earlier: Account, problem: Diagnostic)]) -> (problems: [Diagnostic], blocked: [String: Diagnostic]) {
        var blocked: [String: Diagnostic] = [:]
        for (account, earlier, problem) in repeats {
            blocked[account.id] = problem
            if blocked[earlier.id] == nil { blocked[earlier.id] = problem }
        }
        return (repeats.map(\.problem), blocked)
    }

    /// Accounts that name one account on their platform (an entry copied
    /// for a rename and the old one left behind): each would publish every
    /// post to it, which would hold each twice. Both are blocked, as two ids
    /// reading the same variables are. Told by the key that names the
    /// account where accounts.yaml has one; a Mastodon account is named by
    /// its token alone, which publish asks the instance about
    /// (`Publisher.sharedAccounts`).
    static func sameAccounts(_ accounts: [Account]) -> (problems: [Diagnostic], blocked: [String: Diagnostic]) {
        // By platform too: an Instagram account and a Threads one may have one user id.
        blocking(repeats(accounts, by: { account in identity(of: account).map { "\(account.platform.rawValue) \($0.0) '\($0.1)'" } }).map { account, earlier, key in
            (account, earlier, Diagnostic.error("account '\(account.id)' is the \(account.platform.displayName) account of \(key.drop { $0 != " " }.dropFirst()), as '\(earlier.id)' is: "
                                                + "each would publish every post to it, which would hold each twice",
                                                at: account.location, hint: "keep one of them (an old entry left after a rename?)"))
        })
    }

    /// The key that names an account on its platform, and its value as the
    /// platform compares it (a handle in any case).
    private static func identity(of account: Account) -> (String, String)? {
        let keys: [String] = switch account.platform {
        case .x, .bluesky: ["handle"]
        case .linkedin: ["organization", "person"]
        case .facebook: ["page_id"]
        case .instagram, .threads: ["user_id"]
        case .vk: ["owner_id"]
        case .mastodon: []
        }
        guard let key = keys.first(where: { !(account[$0] ?? "").isEmpty }), let value = account[key] else { return nil }
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        return key == "handle" ? (key, trimmed.lowercased()) : (key, trimmed)
    }

    /// Lower-case letters, digits, '-', '_' and '.', starting with a letter
    /// or digit: an id names its state file, and a name starting with '.'
    /// is a hidden file, which the state reader passes over.
    static func validID(_ id: String) -> Bool {
        guard let first = id.utf8.first, (first >= 97 && first <= 122) || (first >= 48 && first <= 57) else { return false }
        return id.utf8.allSatisfy { c in
            (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c == 45 || c == 95 || c == 46
        }
    }

    /// The longest name a file may have on the file systems herald runs
    /// on (NAME_MAX on Linux and macOS), in bytes.
    static let maxFileNameBytes = 255

    /// The longest id whose state file (`<id>.state`, the only file herald
    /// names after an account) can be made: a longer one passed validate,
    /// and every publish to it failed with "File name too long".
    static let maxIDBytes = maxFileNameBytes - StateStore.fileExtension.utf8.count

    private static func decodeAccount(id: String, keyNode: YAMLNode, node: YAMLNode, reader: inout NodeReader) -> Account? {
        if !validID(id) {
            reader.error("account id '\(id)' may use only lower-case letters, digits, '-', '_' and '.', and must start with a letter or digit",
                         at: keyNode.location)
        }
        // Not quoted: the message would be the id, cut short in its middle.
        if id.utf8.count > maxIDBytes {
            reader.error("account id is \(id.utf8.count) bytes long: its state file's name, the id and '\(StateStore.fileExtension)', "
                            + "would be \(id.utf8.count + StateStore.fileExtension.utf8.count) bytes, and a file name may have at most \(maxFileNameBytes)",
                         at: keyNode.location, hint: "shorten it to at most \(maxIDBytes) bytes")
        }
        guard let pairs = reader.mapping(node, "account '\(id)'") else { return nil }
        guard let platformNode = node["platform"] else {
            // `platfrom:`: named at its key, as any other misspelt key is.
            if let typo = pairs.first(where: { Suggest.closest(to: $0.keyString, in: ["platform"]) != nil }) {
                reader.error("unknown key '\(typo.keyString)' in account '\(id)'", at: typo.key.location, hint: "did you mean 'platform'?")
                return nil
            }
            // Shared defaults merged in (`<<: *mastodon`), where its platform is: the merge key is the problem.
            if let merge = pairs.first(where: { $0.keyString == "<<" }) {
                reader.error("unknown key '<<' in account '\(id)'", at: merge.key.location,
                             hint: "merge keys ('<<: *anchor') are not supported: write the keys out, 'platform:' among them")
                return nil
            }
            reader.error("account '\(id)' has no platform", at: keyNode.location,
                         hint: "add 'platform:' with one of \(Platform.allCases.map(\.rawValue).joined(separator: ", "))")
            return nil
        }
        guard let platformName = reader.string(platformNode, "platform") else { return nil }
        guard let platform = Platform(rawValue: platformName.value) else {
            reader.error("unknown platform '\(platformName.value)'", at: platformName.location,
                         hint: Suggest.platform(for: platformName.value).map { "did you mean '\($0.rawValue)'?" }
                            ?? "use one of \(Platform.allCases.map(\.rawValue).joined(separator: ", "))")
            return nil
        }
        let specs = AccountKeys.common + AccountKeys.keys(for: platform)
        let allowed = specs.map(\.name)
        reader.checkKeys(pairs, allowed: allowed,
                         in: "\(platform.displayName) account '\(id)'", otherNames: platform == .bluesky ? Self.blueskyOtherNames : Self.otherNames,
                         meanings: platform == .mastodon ? Self.mastodonMeanings : [:])
        // A key written under another name has its error: it is not also missing.
        let meant = reader.keysMeant
        var fields: [String: String] = [:]
        for pair in pairs where pair.keyString != "platform" {
            guard let spec = specs.first(where: { $0.name == pair.keyString }) else { continue }
            guard let value = reader.string(pair.value, pair.keyString) else { continue }
            // A password in a URL is a secret in the repository: refused, and its line not shown.
            // So is a token in its query (`?access_token=…`), which no message quotes either.
            if spec.kind.isURL, let what = URL(string: value.value).flatMap({ url in
                url.user != nil || url.password != nil ? "a user name or password (before '@')"
                    : Redaction.redactURL(value.value) != value.value ? "a token, key or password in its query" : nil
            }) {
                let lines = Int(pair.value.scalar?.lineCount ?? 1)
                reader.append(contentsOf: [.error("\(pair.keyString) must not hold \(what): put credentials in the environment or the credentials file",
                                               at: value.location, conceals: .value(lastLine: value.location.line + lines - 1))])
                continue
            }
            if let problem = check(value.value, kind: spec.kind) {
                reader.error("\(pair.keyString) \(problem)", at: value.location)
                continue
            }
            fields[pair.keyString] = value.value
        }
        for spec in specs where spec.required && node[spec.name] == nil && meant[spec.name] == nil {
            reader.error("\(platform.displayName) account '\(id)' needs '\(spec.name)' (\(spec.summary))", at: keyNode.location)
        }
        // Only X's paid tiers and a Mastodon instance set a limit of their own (Facebook's and VK's are unconfirmed).
        if [.linkedin, .instagram, .threads, .bluesky].contains(platform), let raised = fields["max_characters"].flatMap(Int.init),
           raised > TextRules.defaultLimit(for: platform), let at = node["max_characters"]?.location {
            reader.error("max_characters cannot raise \(TextRules.possessive(platform)) text limit of \(TextRules.grouped(TextRules.defaultLimit(for: platform))), which the platform fixes",
                         at: at, hint: "remove it: a larger limit is for X's paid tiers and a Mastodon instance's own setting")
            // Not used either: texts are told of the platform's limit, not of this one as if it were the platform's.
            fields["max_characters"] = nil
        }
        // X's largest paid tier (Premium) takes 25,000: more is a typo (250000), and a post X refuses would pass.
        if platform == .x, let raised = fields["max_characters"].flatMap(Int.init), raised > TextRules.xPremiumLimit, let at = node["max_characters"]?.location {
            reader.error("max_characters \(TextRules.grouped(raised)) is over X's largest limit, \(TextRules.grouped(TextRules.xPremiumLimit)) (Premium)",
                         at: at, hint: "write \(TextRules.xPremiumLimit) for a Premium account, or leave it out for 280")
            fields["max_characters"] = nil
        }
        if platform == .linkedin {
            let set = ["organization", "person"].filter { node[$0] != nil || meant[$0] != nil }
            if set.count != 1 {
                reader.error("LinkedIn account '\(id)' needs exactly one of 'organization' or 'person'", at: keyNode.location)
            }
        }
        return Account(id: id, platform: platform, location: keyNode.location, fields: fields)
    }

    /// An X username (twitter-text: 1 to 15 letters, digits or `_`) or a
    /// Bluesky handle (a domain name: labels of letters, digits and `-`),
    /// as people write them otherwise: with `@`, or the profile's address.
    private static func handleProblem(_ value: String, domain: Bool) -> String? {
        let example = domain ? "acme.bsky.social" : "acme"
        if let url = URL(string: value), url.scheme != nil, url.host != nil {
            let name = url.pathComponents.last { $0 != "/" && $0 != "profile" }
            return "must be the name alone: \(name ?? example), not the profile's address '\(value)'"
        }
        if value.hasPrefix("@") { return "must be written without '@': \(value.dropFirst())" }
        let ascii = value.unicodeScalars.allSatisfy(\.isASCII)
        if domain {
            if value.hasPrefix("did:") { return nil }
            let labels = value.split(separator: ".", omittingEmptySubsequences: false)
            let valid = ascii && value.count <= 253 && labels.count >= 2 && labels.allSatisfy { label in
                (1...63).contains(label.count) && !label.hasPrefix("-") && !label.hasSuffix("-")
                    && label.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" }
            } && !(labels.last?.first?.isNumber ?? true)
            return valid ? nil : "must be a handle such as \(example) (a domain name), found '\(value)'"
        }
        let valid = ascii && (1...15).contains(value.count) && value.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
        return valid ? nil : "must be 1 to 15 letters, digits or '_' (an X handle such as \(example)), found '\(value)'"
    }

    private static func check(_ value: String, kind: AccountKeys.Kind) -> String? {
        switch kind {
        case .text:
            return nil
        case .integer:
            guard let number = Int(value) else { return "must be a whole number, found '\(value)'" }
            return number == 0 ? "must not be 0, which names no one" : nil
        case .positive:
            return Int(value).map { $0 > 0 } == true ? nil : "must be a whole number above 0, found '\(value)'"
        case .numericID:
            if !value.isEmpty && value.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
                return value.utf8.allSatisfy { $0 == 0x30 } ? "must be the platform's numeric id, found '\(value)', which names no one" : nil
            }
            // A URN (`urn:li:organization:2414183`) or an address ending in the id: the id is named.
            let digits = value.split(whereSeparator: { $0 == ":" || $0 == "/" }).last.map(String.init)
            let named = digits.flatMap { $0.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } ? ": write \($0)" : nil } ?? ""
            return "must be the platform's numeric id (digits only), found '\(value)'\(named)"
        case .memberID:
            // LinkedIn's member id (the OIDC `sub`): letters, digits, `-` and `_`, not its URN or profile address.
            if value.hasPrefix("urn:li:person:"), value.count > 14 { return "must be the member id alone: write \(value.dropFirst(14))" }
            let valid = !value.isEmpty && value.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
            return valid ? nil : "must be the member id (the OpenID Connect 'sub' of /v2/userinfo), found '\(value)'"
        case .language:
            return LanguageTag.problem(value)
        case .url, .server:
            guard let url = URL(string: value), let scheme = url.scheme?.lowercased(), ["https", "http"].contains(scheme),
                  let host = url.host, !host.isEmpty else {
                // A bare host name (mastodon.social), as people say it: the fix is to write the scheme.
                if !value.contains("://"), let bare = URL(string: "https://" + value), let host = bare.host,
                   host.contains("."), !host.hasPrefix("."), !host.hasSuffix(".") {
                    return "must be a URL starting with https://: https://\(value), not '\(value)'"
                }
                return "must be a URL such as https://example.social, found '\(value)'"
            }
            // Taken by the URL, refused by every request (each run's failure would count toward max_attempts).
            if let port = url.port, !(1...65535).contains(port) {
                return "has port \(port), which no server can have (a port is from 1 to 65535), in '\(value)'"
            }
            // The account's token goes there: in clear text only to this machine (a local proxy, a test server).
            if scheme == "http" && !["127.0.0.1", "::1", "[::1]", "localhost"].contains(host.lowercased()) {
                return "must use https, found '\(value)': herald sends the account's credentials there (http only to 127.0.0.1, ::1 or localhost)"
            }
            // A profile's address (https://mastodon.social/@acme) pasted for the server's: every request would miss.
            if case .server = kind, !["", "/"].contains(url.path) || url.query != nil || url.fragment != nil,
               var server = URLComponents(string: value) {
                (server.path, server.query, server.fragment) = ("", nil, nil)
                return "must be the server's address alone: \(server.string ?? value), not '\(value)' (herald adds the API's paths to it)"
            }
            return nil
        case .handle:
            return handleProblem(value, domain: false)
        case .domainHandle:
            return handleProblem(value, domain: true)
        case .choice(let options):
            return options.contains(value) ? nil : "must be one of \(options.joined(separator: ", ")), found '\(value)'"
        }
    }
}
