import Foundation

/// Where an account's secrets come from: the environment
/// (`HERALD_<ACCOUNT>_<FIELD>`, for CI) or the per-user credentials file
/// outside the repository (mode 0600).
public struct Credentials: Sendable {
    private var environment: [String: String]
    private var file: [String: [String: String]]
    /// Where the credentials file names each account, and each of its fields (lower case).
    private var entries: [String: (at: SourceLocation, fields: [String: SourceLocation])] = [:]
    /// Values of an account's entry that are no credential (`access_token: true`), by account:
    /// errors for an account of the repository, warnings for another's (`entryProblems(for:)`).
    private var valueProblems: [String: [Diagnostic]] = [:]
    /// Values read from entries that are not used (written twice): still
    /// secrets, redacted wherever they would be printed.
    private var withheld: [String] = []
    /// Why an account's entry is not used (a field written twice in it,
    /// and where), by account: its items' reason says so, rather than
    /// "add it to the credentials file", which holds it already.
    public private(set) var unusedEntries: [String: String] = [:]
    /// Why a credentials file that is there was not read (readable by
    /// others, inside the repository, not a file, no access): a missing
    /// credential's reason names it, or "add it to the credentials file"
    /// would send a person to a file that holds it already.
    public private(set) var fileNotRead: Diagnostic?

    /// `file`: account id → field → value; field names in any case.
    public init(environment: [String: String], file: [String: [String: String]] = [:]) {
        self.environment = environment
        self.file = file.mapValues { fields in
            Dictionary(fields.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        }
    }

    /// herald's own settings in the environment: not secrets.
    static let configurationVariables: Set<String> = ["HERALD_CREDENTIALS_FILE", "HERALD_TIMINGS"]

    /// `acme-mastodon` + `access_token` → `HERALD_ACME_MASTODON_ACCESS_TOKEN`.
    public static func environmentName(account: String, field: String) -> String {
        "\(environmentPrefix(account: account))_\(variableWord(field))"
    }

    /// `HERALD_ACME_X`: what every variable of the account starts with.
    public static func environmentPrefix(account: String) -> String {
        "HERALD_\(variableWord(account))"
    }

    private static func variableWord(_ s: String) -> String {
        String(s.uppercased().unicodeScalars.map { c -> Character in
            (c >= "A" && c <= "Z") || (c >= "0" && c <= "9") ? Character(c) : "_"
        })
    }

    /// The value of one credential field, environment first, without white
    /// space around it: a CI secret pasted with a trailing blank or line
    /// break is the same token (a line break would not even go in a header).
    /// One with a line break or another control character inside is none
    /// (`unsendable(for:)` says why): no request could carry it, and each
    /// run's failure would count toward `max_attempts`. So is an access
    /// token with a blank or a character outside ASCII inside.
    public func value(account: String, field: String) -> String? {
        written(account: account, field: field).flatMap { Self.whyUnsendable($0.value, field: field) == nil ? $0.value : nil }
    }

    /// What is written for a field, environment first, without the white
    /// space around it, and the variable it is in (nil: the credentials file).
    private func written(account: String, field: String) -> (value: String, variable: String?)? {
        let name = Self.environmentName(account: account, field: field)
        if let value = environment[name].map(Self.trimmed), !value.isEmpty { return (value, name) }
        if let value = file[account]?[field.lowercased()].map(Self.trimmed), !value.isEmpty { return (value, nil) }
        return nil
    }

    private static func trimmed(_ value: String) -> String {
        value.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Why no request can carry `value` as `field`, or nil. An access token
    /// goes in an `Authorization: Bearer` header, and is ASCII without
    /// blanks on every platform (OAuth's b64token): a typographic quote, a
    /// no-break space, bytes that are not UTF-8 (U+FFFD), or a token and a
    /// comment pasted together would only be refused by the platform, run
    /// after run. An app password goes in a JSON body, which carries any
    /// character but a control one.
    private static func whyUnsendable(_ value: String, field: String) -> (why: String, hint: String)? {
        let alone = "write the credential alone"
        if value.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) {
            return ("has a line break or a control character inside it, which no request can carry", alone)
        }
        guard field.uppercased() == "ACCESS_TOKEN" else { return nil }
        if value.utf8.contains(0x20) { return ("has a blank inside it, which no access token holds", alone) }
        guard let scalar = value.unicodeScalars.first(where: { !$0.isASCII }) else { return nil }
        let notText = scalar == "\u{FFFD}" ? " (bytes that are not UTF-8)" : ""
        return ("has \(TextRules.codePoint(scalar.value)) inside it\(notText), where an access token is ASCII alone",
                "copy the token again as the platform shows it: an editor or a chat may have changed its quotes or spaces")
    }

    /// Each credential of the accounts, in the environment or the
    /// credentials file, that no request can carry (two lines pasted, a
    /// token and a comment, a typographic quote in a token), which is not
    /// used: its account, what it is and why, and where the file writes it.
    private func unsendableValues(for accounts: [Account]) -> [(account: String, said: String, hint: String, at: SourceLocation?)] {
        var found: [(account: String, said: String, hint: String, at: SourceLocation?)] = []
        for account in accounts {
            for field in AccountKeys.requiredCredentials(for: account.platform) {
                guard let written = written(account: account.id, field: field),
                      let why = Self.whyUnsendable(written.value, field: field) else { continue }
                found.append(written.variable.map { (account.id, "\($0) \(why.why)", why.hint, nil) }
                             ?? (account.id, "'\(field.lowercased())' of '\(account.id)' in the credentials file \(why.why)", why.hint,
                                 entries[account.id]?.fields[field.lowercased()]))
            }
        }
        return found
    }

    /// An error for each credential `unsendableValues` finds; the value
    /// is not shown.
    public func unsendable(for accounts: [Account]) -> [Diagnostic] {
        unsendableValues(for: accounts).map { value in
            .error(value.said, at: value.at, hint: value.hint, conceals: value.at == nil ? nil : .file)
        }
    }

    /// Why an account's credential is missing when one is written but not
    /// used, and what to do, for its items' reason.
    public func unsendableReasons(for accounts: [Account]) -> [String: String] {
        Dictionary(unsendableValues(for: accounts).map { ($0.account, "\($0.said); \($0.hint)") }) { first, _ in first }
    }

    /// The required fields the account lacks.
    public func missing(for account: Account) -> [String] {
        AccountKeys.requiredCredentials(for: account.platform).filter { value(account: account.id, field: $0) == nil }
    }

    /// Why the credentials file gives none of what an account lacks, where
    /// it can be told: the account is written another way there
    /// (`acme_mastodon`), or its entry holds a field the account's platform
    /// does not read (`token` for a Mastodon account, which reads
    /// `access_token`). Warnings at the file's key; its lines are never shown.
    public func hints(for accounts: [Account]) -> [Diagnostic] {
        let ids = Set(accounts.map(\.id))
        var hints: [Diagnostic] = []
        for account in accounts {
            let missing = self.missing(for: account).map { $0.lowercased() }
            guard !missing.isEmpty else { continue }
            // A variable of the account with another field's name (`…_TOKEN` for `…_ACCESS_TOKEN`), not another account's.
            let prefix = Self.environmentPrefix(account: account.id) + "_"
            let wanted = missing.map { Self.environmentName(account: account.id, field: $0) }
            let misnamed = environment.keys.filter { $0.hasPrefix(prefix) && SecretScanner.isCredentialVariable($0) && !wanted.contains($0) }
            // Another account's prefix can start with this one's (acme_ and acme_m_): its variables are its own.
            let others = misnamed.isEmpty ? [] : accounts.map { Self.environmentPrefix(account: $0.id) + "_" }.filter { $0.count > prefix.count && $0.hasPrefix(prefix) }
            for name in misnamed.sorted() where !others.contains(where: name.hasPrefix) {
                hints.append(.warning("\(name) is not read: a \(account.platform.displayName) account reads \(wanted.joined(separator: " and "))", at: nil,
                                      hint: "rename the variable to \(wanted[0])"))
            }
            if let entry = entries[account.id] {
                // A field herald reads for no platform (`acces_token`) is warned of already, where the file is read.
                for (field, at) in entry.fields.sorted(by: { $0.value < $1.value })
                where !missing.contains(field) && SecretScanner.secretKeys.contains(field) && file[account.id]?[field].map(Self.trimmed)?.isEmpty == false {
                    hints.append(.warning("'\(field)' is not read for '\(account.id)': a \(account.platform.displayName) account reads \(missing.joined(separator: " and "))",
                                          at: at, hint: "rename the field to \(missing[0])", conceals: .file))
                }
            } else if let near = Suggest.closest(to: account.id, in: entries.keys.filter { !ids.contains($0) }), let at = entries[near]?.at {
                hints.append(.warning("credentials for '\(near)', which is no account of this repository", at: at,
                                      hint: "did you mean '\(account.id)', which has none?", conceals: .file))
            }
        }
        return hints
    }

    /// The credentials file's values that are no credential: an error
    /// under an account of this repository; under another, a warning, since
    /// the file is the user's, shared by every repository they publish from,
    /// and another's entry stops nothing here.
    public func entryProblems(for accounts: [Account]) -> [Diagnostic] {
        let ids = Set(accounts.map(\.id))
        // An entry shared through an alias (`b: *a`) has its problems once, not once per account.
        return Set(valueProblems.flatMap { account, problems in
            ids.contains(account) ? problems : problems.map { problem in
                var warning = problem
                warning.severity = .warning
                warning.message += " (under '\(account)', which is no account of this repository)"
                return warning
            }
        }).sorted()
    }

    /// Every secret value known, for redacting output.
    /// Trimmed, as they are sent and as a platform quotes them.
    public var allSecrets: [String] {
        // Variables named for a credential field only: `HERALD_BRANCH=main` is a CI's setting, and
        // taken for a secret it blocked every post with "main" in it (and printed `[REDACTED]tenance`).
        var values = environment.filter { name, _ in
            SecretScanner.isCredentialVariable(name) && !Self.configurationVariables.contains(name)
        }.map { Self.trimmed($0.value) }
        values += (file.values.flatMap(\.values) + withheld).map(Self.trimmed)
        return values.filter { $0.count >= 4 }
    }

    /// Replaces every secret this knows in text about to be printed or recorded.
    public var redactor: Redactor { Redactor(secrets: allSecrets) }

    /// The default credentials file: `$HERALD_CREDENTIALS_FILE`, else
    /// `$XDG_CONFIG_HOME/herald/credentials.yaml`, else `~/.config/herald/credentials.yaml`.
    public static func defaultFilePath(environment: [String: String]) -> String {
        if let path = environment["HERALD_CREDENTIALS_FILE"], !path.isEmpty { return path }
        let config = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.config")
        return config + "/herald/credentials.yaml"
    }

    /// The error for a credentials file inside the repository at `root`
    /// (where a commit would publish it); nil when it is elsewhere or absent.
    /// `validate`, a pull request's check, reports it too.
    public static func fileInsideRepository(environment: [String: String], root: String) -> Diagnostic? {
        let path = defaultFilePath(environment: environment)
        guard let file = realPath(path), let inside = realPath(root).map({ $0.hasSuffix("/") ? $0 : $0 + "/" }) else { return nil }
        // Named as every file of the repository is, from its top: an annotation finds it, whatever path the variable gave.
        // Or committed in the git repository the content repository is a folder of (-C site): as public.
        let named: String
        let hint: String
        if file.hasPrefix(inside) {
            named = String(file.dropFirst(inside.count))
            hint = "move it out of the repository (herald reads ~/.config/herald/credentials.yaml), or give the secrets as environment variables"
        } else if let (top, prefix) = GitIgnore.workTree(of: inside), !prefix.isEmpty, let gitTop = realPath(top).map({ $0.hasSuffix("/") ? $0 : $0 + "/" }),
                  file.hasPrefix(gitTop), GitIgnore.tracks(String(file.dropFirst(gitTop.count)), in: gitTop) {
            named = String(repeating: "../", count: prefix.split(separator: "/").count) + file.dropFirst(gitTop.count)
            // Where it is may be the right place (a HOME kept in git): it is git that must let it go.
            hint = "take it out of git (git -C \(Planner.shellWord(top)) rm --cached \(Planner.shellWord(String(file.dropFirst(gitTop.count)))), rotate its secrets, "
                + "and ignore it), or give the secrets as environment variables"
        } else {
            return nil
        }
        return .error("credentials file is inside the repository, where a commit would publish its secrets; it was not read",
                      at: SourceLocation(path: named, line: 1, column: 1), hint: hint, conceals: .file)
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Reads the credentials file (`accounts: { id: { field: value } }`).
    /// A missing file is no error unless `HERALD_CREDENTIALS_FILE` names it;
    /// a file readable by others is. A value that is no credential is kept
    /// for `entryProblems(for:)`, which knows the repository's accounts.
    /// One inside `repositoryRoot` is not read: secrets never live in the
    /// repository, where a commit would publish them.
    /// `covered`: whether the environment's credentials alone are all
    /// that is needed (every account has its own): then a default file
    /// herald cannot look at (a HOME it may not enter, as in a container
    /// run as another user) is a warning, not an error that fails every run.
    /// `forRedactionOnly`: its secrets are only to be hidden (under the
    /// sandbox), so a file others may read is read all the same.
    public static func load(environment: [String: String], repositoryRoot: String? = nil,
                            covered: ((Credentials) -> Bool)? = nil, forRedactionOnly: Bool = false) -> (Credentials, [Diagnostic]) {
        let path = defaultFilePath(environment: environment)
        let location = SourceLocation(path: path, line: 1, column: 1)
        let named = environment["HERALD_CREDENTIALS_FILE"].map { !$0.isEmpty } ?? false
        /// The environment's credentials alone: the file is there, and not read for `problem`.
        func unread(_ problem: Diagnostic) -> (Credentials, [Diagnostic]) {
            var credentials = Credentials(environment: environment)
            credentials.fileNotRead = problem
            return (credentials, [problem])
        }
        if let repositoryRoot, let inside = fileInsideRepository(environment: environment, root: repositoryRoot) {
            return unread(inside)
        }
        var info = stat()
        guard stat(path, &info) == 0 else {
            let reason = errno
            // No file where herald looks by default: the secrets are in the environment, or nowhere yet.
            guard named || (reason != ENOENT && reason != ENOTDIR) else { return (Credentials(environment: environment), []) }
            let what = reason == ENOENT || reason == ENOTDIR ? "does not exist" : "cannot be read: \(String(cString: strerror(reason)))"
            let fromEnvironment = Credentials(environment: environment)
            let severity: Severity = !named && covered?(fromEnvironment) == true ? .warning : .error
            return unread(Diagnostic(severity, at: location, "credentials file \(what)",
                            hint: named ? "HERALD_CREDENTIALS_FILE names it; correct the path, or unset the variable to read secrets from the environment and ~/.config/herald/credentials.yaml"
                                // A container run as another user with HOME left at /root: the folder is closed to it.
                                : "herald looks there by default (HOME, or XDG_CONFIG_HOME); with every secret in HERALD_* variables, "
                                    + "set HOME to a folder this user may enter, or HERALD_CREDENTIALS_FILE to a file it may read",
                            conceals: .file))
        }
        // A folder named for the file (HERALD_CREDENTIALS_FILE=~/.config/herald): its mode says nothing of a file.
        if info.st_mode & S_IFMT != S_IFREG {
            let folder = info.st_mode & S_IFMT == S_IFDIR
            let hint = folder && named ? "HERALD_CREDENTIALS_FILE names the file itself, such as \(path.hasSuffix("/") ? path : path + "/")credentials.yaml"
                : named ? "HERALD_CREDENTIALS_FILE names it; correct the path" : "herald reads the credentials file there; move what is there away"
            return unread(.error("credentials file is \(folder ? "a folder" : "not a regular file")", at: location, hint: hint, conceals: .file))
        }
        if info.st_mode & 0o077 != 0 && !forRedactionOnly {
            // Unread, its secrets are unknown to the redactor: no line of it is shown.
            return unread(.error("credentials file is readable by other users", at: location, hint: "run: chmod 600 \(Planner.shellWord(path))", conceals: .file))
        }
        // Its words may be secrets: no message quotes one (an alias or a key typed where a value belongs).
        let document = YAMLLoader.load(fileAt: path, path: path, options: YAMLLoadOptions(quotesContent: false))
        var fields: [String: [String: String]] = [:]
        var entries: [String: (at: SourceLocation, fields: [String: SourceLocation])] = [:]
        var problems = document.diagnostics
        // A value the loader refused (a character of hundreds of marks, read on cut) is no credential:
        // sent, it would be a token that is in no file.
        let refused = Set(document.diagnostics.filter { $0.severity == .error }.compactMap(\.location))
        var valueProblems: [String: [Diagnostic]] = [:]
        for account in document.root?["accounts"]?.pairs ?? [] {
            entries[account.keyString] = (account.key.location, [:])
            // `acme-x: abc…`: a value where the account's fields belong is read as none of them.
            if account.value.pairs == nil && !account.value.isNull {
                valueProblems[account.keyString, default: []].append(.error("an account's entry must be a mapping of its fields", at: account.value.location,
                                       hint: "write the field's name before the value, indented under the account: access_token: …"))
            }
            for pair in account.value.pairs ?? [] {
                entries[account.keyString]?.fields[pair.keyString.lowercased()] = pair.key.location
                if pair.value.isNull {
                    // `access_token: ~`, or left empty: not set, as an empty string is not (never the token "~").
                } else if let scalar = pair.value.scalar, scalar.style == .plain,
                          ["true", "false", "yes", "no", "on", "off"].contains(scalar.value.lowercased()) {
                    // A placeholder's `true`, or YAML's yes/no: no token. Not quoted: it may be a password after all.
                    valueProblems[account.keyString, default: []].append(.error("a credential must be a string, found a boolean", at: pair.value.location,
                                           hint: "write the token itself; a value that is truly this word goes in quotes"))
                } else if refused.contains(pair.value.location) {
                    // Said where the file is read: not set.
                } else if let value = pair.value.string {
                    fields[account.keyString, default: [:]][pair.keyString] = value
                } else if pair.value.scalar == nil {
                    valueProblems[account.keyString, default: []].append(.error("a credential must be a string, found a \(pair.value.kindName == "sequence" ? "list" : "mapping")",
                                                                                at: pair.value.location))
                }
                // A misspelt field is never read: the account would lack its credential with no word why.
                // Not quoted: a value pasted where the key belongs would be shown.
                if !SecretScanner.secretKeys.contains(pair.keyString.lowercased()) {
                    problems.append(.warning("herald reads no such field", at: pair.key.location,
                                             hint: Suggest.closest(to: pair.keyString, in: SecretScanner.secretKeys).map { "did you mean '\($0)'?" }
                                                ?? "the fields are \(SecretScanner.secretKeys.joined(separator: ", "))"))
                }
            }
        }
        // An account written twice, or a field twice in its entry: YAML keeps the first, but which was
        // meant cannot be told, so the entry is not used (its account's items wait for credentials).
        // A placeholder left out (`true`, `null`) is no secret: redacted, it would block every post holding the word.
        var withheld = document.notes.droppedValues.filter { !["", "~", "null", "true", "false", "yes", "no", "on", "off"].contains($0.lowercased()) }
        let accountsKey = document.root?.pairs?.first { $0.keyString == "accounts" }?.key.location
        var unusedEntries: [String: String] = [:]
        for (repeated, first) in document.notes.repeatedKeys.sorted(by: { $0.key < $1.key }) {
            let holding = AccountsDecoder.entries(holdingRepeated: first, in: document)
            // Said below, with what it means for the entry: the loader's bare "duplicate key" would say it a second time.
            if !holding.isEmpty { problems.removeAll { $0.location == repeated && $0.message == "duplicate key" } }
            for account in holding {
                withheld += fields.removeValue(forKey: account.keyString)?.values.map { $0 } ?? []
                let what = first == accountsKey ? "'accounts' is written twice"
                    : account.key.location == first ? "an account's entry is written twice" : "a field is written twice in an account's entry"
                valueProblems[account.keyString, default: []].append(.error("\(what) (first at line \(first.line)): which was meant cannot be told, so the entry is not used",
                                                                            at: repeated, hint: "keep one, and delete the other"))
                if unusedEntries[account.keyString] == nil {
                    unusedEntries[account.keyString] = "\(what.replacingOccurrences(of: "an account's entry", with: "it")), at \(repeated) and line \(first.line)"
                }
            }
        }
        if document.root != nil, document.root?["accounts"]?.pairs == nil {
            // Entries written at the top, as environment variables name them: the key they go under is named, not the words.
            let atTheTop = document.root?.pairs?.contains { pair in (pair.value.pairs ?? []).contains { SecretScanner.secretKey($0.keyString) != nil } } ?? false
            problems.append(.error("credentials file has no 'accounts' mapping", at: location,
                                   hint: atTheTop ? "each account's fields go under 'accounts:' and the account's id, indented: accounts: { ID: { access_token: … } }"
                                       : "write 'accounts:', and under it each account's id with its fields: accounts: { ID: { access_token: … } }"))
        }
        // Its lines hold secrets: a problem names the position, never the line.
        for i in problems.indices { problems[i].conceals = .file }
        var credentials = Credentials(environment: environment, file: fields)
        credentials.entries = entries
        credentials.withheld = withheld
        credentials.unusedEntries = unusedEntries
        credentials.valueProblems = valueProblems.mapValues { $0.map { var problem = $0; problem.conceals = .file; return problem } }
        // A syntax error leaves the file unread, as for its mode: a missing credential's reason says so.
        if document.failed, let error = problems.first(where: { $0.severity == .error }) {
            credentials.fileNotRead = Diagnostic(.error, at: error.location, "it has a YAML error" + (error.location.map { " at line \($0.line), column \($0.column)" } ?? ""),
                                                 conceals: .file)
        }
        return (credentials, problems)
    }
}
