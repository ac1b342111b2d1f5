/// Finds literal secrets written into repository files. Secrets belong in
/// the environment or the per-user credentials file, never in git.
enum SecretScanner {
    /// Keys whose values are credentials wherever they appear.
    static let secretKeys = [
        "access_token", "access_secret", "consumer_key", "consumer_secret", "app_password",
        "refresh_token", "client_secret", "password", "token", "api_key", "api_secret", "bearer_token", "secret",
    ]

    /// `aliasOrigins`: where the value of an alias (`access_token: *t`) is
    /// written; a secret found through one is reported there too, whose line
    /// is then never shown either.
    static func scan(_ root: YAMLNode?, aliasOrigins: [SourceLocation: SourceLocation] = [:]) -> [Diagnostic] {
        guard let root else { return [] }
        var found: [Diagnostic] = []
        forEachMapping(in: root, keys: (nil, nil, nil)) { pairs, keys in
            // Every key of every file passes here: read in place, not copied.
            for index in pairs.indices {
                guard let key = secretKey(pairs[index].keyString) else { continue }
                let pair = pairs[index]
                let platform = keys.account?.platform
                // A value in a list or mapping under the key (`token: [abc…]`) is one as well. Such a list or mapping is
                // concealed whole, from its start: a key of it may be the secret, written where the value belongs
                // (`abc…: x`).
                let whole: Diagnostic.Concealment? = if case .scalar = pair.value.kind { nil } else { concealing(pair.value) }
                forEachScalar(in: pair.value, keys: .withNoValue) { node, value in
                    guard !node.isNull, !value.value.isEmpty else { return }
                    // `${MASTODON_TOKEN}`, `$(cat /run/secrets/token)`: meant to be expanded, or run, which herald does not do.
                    // No secret, and none to rotate.
                    let unexpanded = variableName(value.value).map { "names the variable \($0), which herald does not expand" }
                        ?? commandReadingFile(value.value).map { "is a shell command reading \($0), which herald does not run" }
                    if let unexpanded {
                        let read = hint(field: key, keys: keys, platform: platform).dropFirst(rotate.count)
                        found.append(.error("'\(pair.keyString)' \(unexpanded)", at: node.location, hint: "remove the line, and " + read))
                        return
                    }
                    found.append(literalSecret("under '\(pair.keyString)'", node, value, hint: hint(field: key, keys: keys, platform: platform),
                                               conceals: whole))
                    if let origin = aliasOrigins[node.location] {
                        var written = node
                        written.location = origin
                        found.append(literalSecret("under '\(pair.keyString)' (through the alias at line \(node.location.line))", written, value,
                                                   hint: hint(field: key, keys: keys, platform: platform)))
                    }
                }
            }
        }
        // An anchored secret under a secret key, and aliased under another: one error at it.
        var reported: Set<SourceLocation> = []
        return found.filter { $0.location.map { reported.insert($0).inserted } ?? true }
    }

    /// Literal values of herald's credential variables in a CI system's
    /// configuration: `HERALD_ACME_X_ACCESS_TOKEN: abc…`, GitLab's
    /// `HERALD_…: { value: abc… }` and Azure's `- name: HERALD_…` with
    /// `value: abc…`. A value that takes the CI system's secret
    /// (`${{ secrets.… }}`, `from_secret:`) or another variable (`$…`,
    /// `$(…)`) is not one. Nothing else in the file is herald's business.
    static func scanCI(_ root: YAMLNode?, system: CISystem) -> [Diagnostic] {
        guard let root else { return [] }
        var found: [Diagnostic] = []
        func check(_ name: String, _ node: YAMLNode) {
            guard let value = node.scalar, !node.isNull, !value.value.isEmpty,
                  !value.value.contains("${{"), !value.value.hasPrefix("$") else { return }
            found.append(literalSecret("in \(name)", node, value,
                                       hint: "remove it, rotate it (it is in git history), and " + system.keepSecret(name)))
        }
        forEachMapping(in: root, keys: (nil, nil, nil)) { pairs, keys in
            for pair in pairs where isCredentialVariable(pair.keyString) {
                check(pair.keyString, pair.value)
            }
            if let name = keys.parent, isCredentialVariable(name), let value = pairs.first(where: { $0.keyString == "value" }) {
                check(name, value.value)
            }
            if let name = pairs.first(where: { $0.keyString == "name" })?.value.scalar?.value, isCredentialVariable(name),
               let value = pairs.first(where: { $0.keyString == "value" }) {
                check(name, value.value)
            }
        }
        // A command that sets one: `run: HERALD_ACME_X_ACCESS_TOKEN=abc… herald publish`, or an item
        // of a list of commands (GitLab's and Bitbucket's `script:`, Woodpecker's `commands:`).
        forEachScalar(in: root) { node, command in
            guard command.value.contains("HERALD_"), let name = assignedCredential(in: command.value) else { return }
            found.append(literalSecret("in \(name), set in a command", node, command,
                                       hint: "remove it, rotate it (it is in git history), and " + system.keepSecret(name)))
        }
        return found
    }

    /// Which of a mapping's keys `forEachScalar` passes: none, those with
    /// no value (under a secret's key, `? abc…` holds it as much as a value
    /// does), or all of them.
    private enum Keys { case none, withNoValue, all }

    /// Calls `body` with every scalar value in `node` (a mapping's values, a
    /// list's items, at any depth), `node` itself if a scalar, and a
    /// mapping's `keys`, each before its value.
    private static func forEachScalar(in node: YAMLNode, keys: Keys = .none, _ body: (YAMLNode, YAMLScalar) -> Void) {
        switch node.kind {
        case .scalar:
            if let value = node.scalar { body(node, value) }
        case .sequence(let items):
            for index in items.indices { forEachScalar(in: items[index], keys: keys, body) }
        case .mapping(let pairs):
            for index in pairs.indices {
                let noValue = pairs[index].value.isNull || pairs[index].value.scalar?.value.isEmpty == true
                if keys == .all || (keys == .withNoValue && noValue), let key = pairs[index].key.scalar { body(pairs[index].key, key) }
                forEachScalar(in: pairs[index].value, keys: keys, body)
            }
        }
    }

    /// The first credential variable `command` sets to a literal value
    /// (`HERALD_ACME_X_ACCESS_TOKEN=abc…`, not `=$SECRET` nor `="${{ … }}"`).
    static func assignedCredential(in command: String) -> String? {
        let bytes = Array(command.utf8)
        var i = 0
        while i + 7 <= bytes.count {
            defer { i += 1 }
            guard bytes[i] == UInt8(ascii: "H"), bytes[i..<(i + 7)].elementsEqual("HERALD_".utf8),
                  i == 0 || !(bytes[i - 1] == UInt8(ascii: "_") || (bytes[i - 1] | 0x20 >= 97 && bytes[i - 1] | 0x20 <= 122) || (48...57).contains(bytes[i - 1]))
            else { continue }
            var end = i + 7
            while end < bytes.count, (65...90).contains(bytes[end]) || (48...57).contains(bytes[end]) || bytes[end] == UInt8(ascii: "_") { end += 1 }
            guard end < bytes.count, bytes[end] == UInt8(ascii: "=") else { continue }
            let name = String(decoding: bytes[i..<end], as: UTF8.self)
            var value = end + 1
            while value < bytes.count, bytes[value] == UInt8(ascii: "\"") || bytes[value] == UInt8(ascii: "'") { value += 1 }
            guard isCredentialVariable(name), value < bytes.count, bytes[value] != UInt8(ascii: "$"),
                  bytes[value] != UInt8(ascii: " "), bytes[value] != UInt8(ascii: "\n") else { continue }
            return name
        }
        return nil
    }

    /// `HERALD_<ACCOUNT>_<FIELD>` for a secret field.
    static func isCredentialVariable(_ name: String) -> Bool {
        name.hasPrefix("HERALD_") && secretKeys.contains { name.hasSuffix("_" + $0.uppercased()) }
    }

    /// The last two keys above a node, and the account whose entry it is
    /// in (`accounts.<id>`, its platform, whose credential herald reads), at
    /// any depth of it (`credentials: { token: … }`): all a hint needs, and
    /// kept without building a path for every node of every file.
    private typealias Above = (grandparent: String?, parent: String?, account: (id: String, platform: Platform?)?)

    /// Calls `body` with the pairs of every mapping in `node` and the two
    /// keys above that mapping.
    private static func forEachMapping(in node: YAMLNode, keys: Above, _ body: ([YAMLPair], Above) -> Void) {
        switch node.kind {
        case .scalar:
            break
        case .sequence(let items):
            for index in items.indices { forEachMapping(in: items[index], keys: keys, body) }
        case .mapping(let pairs):
            var keys = keys
            if keys.grandparent == "accounts", let id = keys.parent {
                keys.account = (id, pairs.first { $0.keyString == "platform" }?.value.scalar.flatMap { Platform(rawValue: $0.value) })
            }
            body(pairs, keys)
            for index in pairs.indices {
                if case .scalar = pairs[index].value.kind { continue }
                forEachMapping(in: pairs[index].value, keys: (keys.parent, pairs[index].keyString, keys.account), body)
            }
        }
    }

    /// A literal secret `what` (`under 'access_token'`) at `node`: its value
    /// is concealed wherever the line is shown, over all its lines.
    private static func literalSecret(_ what: String, _ node: YAMLNode, _ value: YAMLScalar, hint: String,
                                      conceals: Diagnostic.Concealment? = nil) -> Diagnostic {
        .error("literal secret \(what); herald never reads secrets from the repository", at: node.location, hint: hint,
               conceals: conceals ?? .value(lastLine: node.location.line + Int(value.lineCount) - 1))
    }

    /// Whether `scan` reports `pair`: a secret's key, however spelt, with a
    /// value written (a literal, a variable, a command). Such a key is its
    /// error to name, not an unknown key's as well, whose "did you mean
    /// 'access_token'?" would steer towards a key that is an error too.
    static func reports(_ pair: YAMLPair) -> Bool {
        guard secretKey(pair.keyString) != nil else { return false }
        var written = false
        forEachScalar(in: pair.value, keys: .withNoValue) { node, value in written = written || (!node.isNull && !value.value.isEmpty) }
        return written
    }

    /// Whether a key not herald's may name a secret, though not one of its
    /// secret keys (`tokn`, `tokens`, `bearer`, `pw`, `acces_tokn`): its
    /// value is not shown under the unknown key's error, since a CI log is
    /// read more widely than the repository. By its words (apart at `_`,
    /// `-`, `.`, a blank and a capital after a small letter), so that an id
    /// such as `tokyo-office` or `author-blog` is not one; and the whole
    /// key within two edits of a secret key.
    static func mayNameASecret(_ key: String) -> Bool { naming(key) != nil }

    /// How surely a key names a secret: by a word that only ever means
    /// one, or by a weak word, which an id may be (`pat`, `pin`).
    enum Naming { case strong, weak }

    /// How surely a key names a secret: surely if it is one of herald's.
    static func naming(ofKey key: String) -> Naming? {
        secretKey(key) != nil ? .strong : naming(key)
    }

    private static func naming(_ key: String) -> Naming? {
        let words = words(of: key)
        // A strong word, at the end of a word too (`authtoken`, `smtppassword`), or the whole key near a secret key's.
        if words.contains(where: { word in secretWords.contains(word) || secretEndings.contains(where: word.hasSuffix) }) { return .strong }
        // Words that name one together (`ssh_key`, `seed_phrase`, `recovery_codes`, `webhook_url`, whose address holds its token).
        let joined = words.joined()
        if secretCompounds.contains(where: joined.hasSuffix) { return .strong }
        let letters = Array(words.joined().unicodeScalars)
        let nearSecretKey = letters.count >= 4 && secretKeys.contains { secret in
            let written = Array(secret.unicodeScalars.filter { $0 != "_" })
            return Suggest.editDistance(written, letters, atMost: 2) != nil
        }
        if nearSecretKey { return .strong }
        // In a key written with '-', as ids are (`pat-blog`, `cookie-shop`): only as its last word, or before
        // a word that makes it a secret's name (`db-pass`, `x-auth`, `pin-code`, `session-id`).
        let hyphened = key.contains("-")
        if words.indices.contains(where: { i in
            namesAWeakSecret(words[i]) && (!hyphened || i == words.count - 1 || weakSecretEndings.contains(words[i + 1]))
        }) { return .weak }
        return nil
    }

    /// Words of a key that name a secret, or a misspelling of one.
    private static let secretWords: Set<String> = [
        "tok", "tokn", "toke", "token", "tokens", "secret", "secrets", "secet", "passwd", "password", "passphrase", "pwd", "pw",
        "bearer", "creds", "credential", "credentials", "apikey", "privatekey", "accesskey",
        "jwt", "mnemonic", "privkey", "hmac", "dsn", "keyphrase", "токен",
        // Password in other languages.
        "passwort", "kennwort", "contraseña", "contrasena", "senha", "parola", "wachtwoord", "salasana", "hasło", "haslo", "heslo", "lösenord", "losenord", "пароль", "密码", "密碼", "パスワード",
    ]

    /// Endings of a word joined from several that name a secret (`authtoken`, `oauthsecret`).
    private static let secretEndings = ["token", "tokens", "secret", "secrets", "password", "passwd", "pwd", "apikey", "credentials"]

    /// Names of a secret written as several words, joined.
    private static let secretCompounds = ["privkey", "sshkey", "encryptionkey", "masterkey", "signingkey", "deploykey", "secretkey", "clientkey", "gpgkey", "pgpkey",
                                          "seedphrase", "recoveryphrase", "recoverycode", "recoverycodes", "backupcode", "backupcodes", "webhookurl",
                                          "webhook", "authheader", "sessionkey", "cookiesecret",
                                          "hmackey", "enckey", "licensekey", "connectionstring"]

    /// Words that name a secret in a key (`pat:`, `session_key:`), not in
    /// an id (`pat-blog`, `cookie-shop`).
    private static let weakSecretWords: Set<String> = ["pass", "auth", "cred", "session", "cookie", "pin", "otp", "pat"]

    /// A word that begins or ends with a weak word (`authorization`,
    /// `cookies`, `totp`, `dbpass`, `passcode`), but none of the common
    /// words that only share its letters (`path`, `author`, `pinned`,
    /// `credit`, `bypass`, `spin`), whose values were cut from every line
    /// shown (each media entry's `path:`).
    private static func namesAWeakSecret(_ word: String) -> Bool {
        !innocentWords.contains(word) && weakSecretWords.contains { word.hasPrefix($0) || word.hasSuffix($0) }
    }

    private static let innocentWords: Set<String> = [
        "path", "paths", "pathname", "pathnames", "pathway", "patch", "patches", "patent", "pattern", "patterns", "patio", "patron",
        "author", "authors", "authored", "authority", "authorities", "pinned", "pink", "pine", "pint", "pinch", "pinterest",
        "credit", "credits", "credo", "bypass", "compass", "surpass", "trespass", "encompass", "overpass", "underpass",
        "passage", "passenger", "passengers", "passive", "passion", "spin", "hairpin", "spat", "authentic", "authenticity",
    ]

    /// Words after a weak one, in a key written with '-', that make it a secret's name (`pin-code`, `session-id`).
    private static let weakSecretEndings: Set<String> = ["code", "codes", "key", "keys", "word", "phrase", "seed", "id", "hash", "number", "string",
                                                         "value", "token", "secret", "header"]

    /// The concealment of a value, over all its lines, from where it or
    /// the first scalar in it (a key too) starts: a list or mapping given
    /// through an alias is written at its anchor, lines before the alias.
    static func concealing(_ value: YAMLNode) -> Diagnostic.Concealment {
        var first = (line: value.location.line, column: value.location.column), last = value.location.line
        forEachScalar(in: value, keys: .all) { node, scalar in
            if (node.location.line, node.location.column) < first { first = (node.location.line, node.location.column) }
            last = max(last, node.location.line + Int(scalar.lineCount) - 1)
        }
        return .valueAt(line: first.line, column: first.column, lastLine: last)
    }

    /// The secret key `key` names, ignoring case; nil for any other key.
    /// Every key of every file comes here: ASCII keys are compared without
    /// lowercasing them first.
    static func secretKey(_ key: String) -> String? {
        let ascii = key.withUTF8Bytes { bytes -> String?? in
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
            return .some(secretKeys.first { secret in
                secret.utf8.count == bytes.count && zip(secret.utf8, bytes).allSatisfy { $0 == ($1 >= 65 && $1 <= 90 ? $1 + 32 : $1) }
            })
        }
        if let ascii { return ascii ?? nearMiss(key) }
        let lowered = key.lowercased()
        return secretKeys.contains(lowered) ? lowered : nearMiss(key)
    }

    /// The secret key `key` is written for another way (`accessToken`,
    /// `access-token`, `acess_token`): its value is as much a secret. Looked
    /// at only for a key holding a secret key's word, so the keys of every
    /// post cost a scan of their bytes and nothing more.
    private static func nearMiss(_ key: String) -> String? {
        // One pass over the bytes for "tok", "secr", "pass", "pwd" or "key", in any case.
        let mayBeOne = key.withUTF8Bytes { bytes in
            func at(_ i: Int, _ word: StaticString) -> Bool {
                guard i + word.utf8CodeUnitCount <= bytes.count else { return false }
                for j in 0..<word.utf8CodeUnitCount where bytes[i + j] | 0x20 != word.utf8Start[j] { return false }
                return true
            }
            for i in bytes.indices {
                switch bytes[i] | 0x20 {
                case UInt8(ascii: "t"): if at(i, "tok") { return true }
                case UInt8(ascii: "s"): if at(i, "secr") { return true }
                case UInt8(ascii: "p"): if at(i, "pass") || at(i, "pwd") { return true }
                case UInt8(ascii: "k"): if at(i, "key") { return true }
                default: break
                }
            }
            return false
        }
        guard mayBeOne else { return nil }
        let squeezed = Array(key.lowercased().unicodeScalars.filter { $0 != "_" && $0 != "-" && $0 != " " })
        let near = secretKeys.first { secret in
            let written = Array(secret.unicodeScalars.filter { $0 != "_" })
            return written == squeezed || (written.count >= 8 && Suggest.editDistance(written, squeezed, atMost: 1) != nil)
        }
        return near ?? namedLikeASecret(key)
    }

    /// A key's words, in lower case: apart at `_`, `-`, `.`, a blank, and a
    /// capital after a small letter (`oauthToken`).
    private static func words(of key: String) -> [String] {
        var words: [String] = [""]
        var previousLower = false
        for scalar in key.unicodeScalars {
            let separator = "_-. ".unicodeScalars.contains(scalar)
            if separator || (scalar.properties.isUppercase && previousLower) { words.append("") }
            if !separator { words[words.count - 1] += scalar.properties.lowercaseMapping }
            previousLower = scalar.properties.isLowercase
        }
        return words
    }

    /// A key whose last word names a secret, as other tools name theirs:
    /// `access_token_secret` and `api_key_secret` (X's developer portal),
    /// `mastodon_access_token`, `auth_token`, `oauth_token`, `accessToken`,
    /// `db-password`, `private_key`. Which of herald's keys it stands for.
    private static func namedLikeASecret(_ key: String) -> String? {
        let words = words(of: key).filter { !$0.isEmpty }
        guard let last = words.last else { return nil }
        switch last {
        case "token": return ["access", "refresh", "bearer"].contains(words.dropLast().last ?? "") ? words.dropLast().last! + "_token" : "token"
        // X's portal names its secrets after their keys: the access token's, the API key's.
        case "secret": return words.dropLast().last == "token" ? "access_secret" : words.dropLast().last == "key" ? "consumer_secret" : "secret"
        case "password", "passwd", "passphrase", "pwd": return "password"
        case "key", "apikey":
            let before = words.dropLast().last
            return last == "apikey" || ["api", "private", "secret", "access", "app", "consumer", "client", "signing"].contains(before ?? "") ? "api_key" : nil
        default: return nil
        }
    }

    private static let rotate = "remove it, rotate it (it is in git history), and "

    /// `MASTODON_TOKEN` of a value that is a variable and nothing else:
    /// `$MASTODON_TOKEN`, `${MASTODON_TOKEN}`, `${MASTODON_TOKEN:-}`, or a CI expression
    /// `${{ secrets.MASTODON_TOKEN }}` (its inside). `nil` for anything
    /// else, a secret that happens to start with `$` (`$2Fa9…`) included.
    static func variableName(_ value: String) -> String? {
        let v = value.trimmingCharacters(in: .whitespaces)
        if v.hasPrefix("${{"), v.hasSuffix("}}") {
            let inside = v.dropFirst(3).dropLast(2).trimmingCharacters(in: .whitespaces)
            return inside.isEmpty ? nil : inside
        }
        // An environment variable's name as they are written: capitals, digits, `_` (a secret has lower case too).
        func isName(_ s: Substring) -> Bool {
            guard let first = s.first, first.isASCII, first.isUppercase || first == "_" else { return false }
            return s.allSatisfy { $0.isASCII && ($0.isUppercase || $0.isNumber || $0 == "_") }
        }
        if v.hasPrefix("${"), v.hasSuffix("}") {
            let inside = v.dropFirst(2).dropLast()
            if isName(inside) { return String(inside) }
            // A shell's `${NAME:-}` and `${NAME?}`: a name and nothing else; a default written in is a literal, as any.
            for operation in [":-", "-", ":?", "?"] where inside.hasSuffix(operation) && isName(inside.dropLast(operation.count)) {
                return String(inside.dropLast(operation.count))
            }
        }
        if v.hasPrefix("$"), isName(v.dropFirst()) { return String(v.dropFirst()) }
        return nil
    }

    /// A shell command that reads a file, written as a value: `$(cat
    /// /run/secrets/token)`, `$(< token.txt)`; the file's path. Only a
    /// path of one word is one: anything else may hold the secret.
    static func commandReadingFile(_ value: String) -> String? {
        let v = value.trimmingCharacters(in: .whitespaces)
        guard v.hasPrefix("$("), v.hasSuffix(")") else { return nil }
        let words = v.dropFirst(2).dropLast().split(separator: " ")
        let path: Substring
        switch words.count {
        case 2 where words[0] == "cat" || words[0] == "<": path = words[1]
        case 1 where words[0].hasPrefix("<") && words[0].count > 1: path = words[0].dropFirst()
        default: return nil
        }
        // A path, with a folder or an extension: `cat s3cr3tV4lue` may be the secret itself.
        guard path.contains("/") || path.contains("."),
              path.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "/._-~".contains($0)) }) else { return nil }
        return String(path)
    }

    /// The credential fields some platform reads (`ACCESS_TOKEN`, `CONSUMER_KEY`).
    private static let readByAnyPlatform = Set(Platform.allCases.flatMap(AccountKeys.credentialFields(for:)))

    /// Keys people write for an account's one credential (`token` where
    /// Mastodon reads `access_token`, `password` where Bluesky reads
    /// `app_password`).
    private static let mainCredentialNames: Set<String> = ["token", "bearer_token", "password", "api_key", "secret"]

    /// X's developer portal names its consumer key and secret the API key and secret.
    private static let xPortalNames = ["api_key": "consumer_key", "api_secret": "consumer_secret"]

    /// `field` is the secret's key (`token`, `consumer_key`): the hint names
    /// the variable the account's platform reads for it, its main
    /// credential's for a name people give that (`token`), and says so of a
    /// field the platform has none of (a Mastodon `client_secret`).
    private static func hint(field: String, keys: Above, platform: Platform? = nil) -> String {
        let credentialsFile = "the credentials file (~/.config/herald/credentials.yaml)"
        if let account = keys.account?.id {
            guard let platform else {
                // No platform named (or none herald knows): the field's own variable, where a platform reads one
                // of its name (X's consumer_key), else the variable of each kind of credential.
                let prefix = Credentials.environmentPrefix(account: account)
                if readByAnyPlatform.contains(field.uppercased()) {
                    return rotate + "set \(prefix)_\(field.uppercased()) or put it in \(credentialsFile)"
                }
                // X's API key and secret are the names its developer portal gives its consumer key and secret.
                if let consumer = xPortalNames[field] {
                    // Short enough to be shown whole.
                    return rotate + "set \(prefix)_\(consumer.uppercased()) for X (its API \(field == "api_key" ? "key" : "secret")), else \(prefix)_ACCESS_TOKEN "
                        + "(\(prefix)_APP_PASSWORD for Bluesky), or put it in the credentials file"
                }
                return rotate + "set the variable its platform reads, \(prefix)_ACCESS_TOKEN (\(prefix)_APP_PASSWORD for Bluesky), or put it in \(credentialsFile)"
            }
            let read = AccountKeys.credentialFields(for: platform)
            let meant = platform == .x ? xPortalNames[field] ?? field : field
            if !read.contains(meant.uppercased()), !mainCredentialNames.contains(meant) {
                let article = platform == .x || "AEIOU".contains(platform.displayName.prefix(1)) ? "an" : "a"
                return rotate + "herald reads no '\(field)' for \(article) \(platform.displayName) account: its credential is "
                    + "\(Credentials.environmentName(account: account, field: read[0].lowercased())) (or '\(read[0].lowercased())' in \(credentialsFile))"
            }
            let named = read.contains(meant.uppercased()) ? meant : read[0].lowercased()
            return rotate + "set \(Credentials.environmentName(account: account, field: named)) or put it in \(credentialsFile)"
                + (named == field ? "" : " as '\(named)'")
        }
        // Not in an account's entry: the variable of the account it is meant for, as its platform names it.
        let variable = readByAnyPlatform.contains(field.uppercased()) ? "HERALD_<ACCOUNT>_\(field.uppercased())"
            : "the variable its account's platform reads, HERALD_<ACCOUNT>_ACCESS_TOKEN (HERALD_<ACCOUNT>_APP_PASSWORD for Bluesky),"
        return rotate + "set it in the environment as \(variable) or in the credentials file"
    }
}
