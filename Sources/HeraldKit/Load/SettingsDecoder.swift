import Foundation

enum SettingsDecoder {
    static let keys = ["timezone", "state_dir", "max_attempts", "concurrency", "request_timeout", "alt_text"]

    /// An IANA name: Area/Location (Europe/London, Etc/GMT+2), or UTC or
    /// GMT. Foundation also takes abbreviations (BST, IST, EST) and offsets
    /// (UTC+2), which read one way here and mean another to their writer.
    private static func isIANAName(_ name: String) -> Bool {
        // IANA's names of UTC itself (links in tzdata's `backward`), written as the database writes them.
        name.contains("/") || ["UTC", "GMT", "UCT", "Universal", "Zulu", "Greenwich", "GMT0", "GMT+0", "GMT-0"].contains(name)
    }

    /// Why git would not keep state written to `path`, or nil: inside
    /// `.git` it is never committed, so lost with the checkout (and every
    /// post sent again); `.herald` is herald's own working folder.
    private static func notKept(_ path: String) -> String? {
        switch path.split(separator: "/").first(where: { $0 != "." }) {
        case ".git": "is inside .git, which git does not commit: the records would be lost with the checkout, and every post sent again"
        case ".herald": "is inside .herald, herald's own working folder (the sandbox's state is kept there)"
        default: nil
        }
    }

    /// `UTC+06:00`, `UTC-03:30`.
    private static func offset(_ seconds: Int) -> String {
        let minutes = abs(seconds) / 60
        return "UTC" + (seconds < 0 ? "-" : "+") + String(format: "%02d:%02d", minutes / 60, minutes % 60)
    }

    /// Keys people write for a herald.yaml key herald names otherwise.
    static let otherNames = NodeReader.otherNames([
        "state_dir": ["state", "state_folder", "state_directory", "state_path", "statefolder", "statedirectory", "records",
                      "records_dir", "record_dir", "state_location"],
        "timezone": ["tz", "zone", "timezone_name"],
        "max_attempts": ["retries", "max_retries", "attempts", "retry"],
        "concurrency": ["jobs", "parallel", "parallelism", "workers", "threads"],
        "request_timeout": ["timeout", "http_timeout"],
        "alt_text": ["alt", "alttext", "require_alt_text", "alt_texts"],
    ])

    /// Words people write for an `alt_text` rule: the one meant.
    static let altTextMeant = ["warning": "warn", "warnings": "warn", "true": "error", "required": "error", "require": "error",
                               "false": "off", "none": "off", "ignore": "off", "no": "off", "disabled": "off"]

    /// Keys of other files written in herald.yaml: where they go.
    static let keyMeanings: [String: String] = [
        "accounts": "accounts are defined in accounts.yaml, beside herald.yaml",
        "hashtags": "hashtags go in a post's text, or under 'hashtags' in a campaign, which adds them to each of its posts",
        "language": "a post's language is its account's: set 'language' under the account in accounts.yaml, or in the post",
        "visibility": "visibility is an account's: set it under the account in accounts.yaml",
        "max_characters": "a text limit is an account's: set 'max_characters' under the account in accounts.yaml",
        "link_tagging": "link tagging is a campaign's: set it in the campaign file",
    ]

    /// A key meant as state_dir (or misspelt) inside `node`, at any depth;
    /// not another name for it (`state: on` under another key is not one).
    private static func nestedStateDirectory(in node: YAMLNode) -> YAMLPair? {
        for pair in node.pairs ?? [] {
            let written = Array(pair.keyString.lowercased().unicodeScalars)
            if Suggest.editDistance(written, Array("state_dir".unicodeScalars), atMost: 2) != nil { return pair }
            if let found = nestedStateDirectory(in: pair.value) { return found }
        }
        return (node.items ?? []).lazy.compactMap(nestedStateDirectory(in:)).first
    }

    static func decode(_ root: YAMLNode?) -> (Settings, [Diagnostic]) {
        var settings = Settings()
        var reader = NodeReader()
        guard let root, !root.isNull else { return (settings, []) }
        guard let pairs = reader.mapping(root, "herald.yaml") else { return (.unreadable(at: root.location), reader.diagnostics) }
        reader.checkKeys(pairs, allowed: keys, in: "herald.yaml", otherNames: otherNames, meanings: keyMeanings)
        // Where the records are is not guessed: a key that may be meant as
        // state_dir (`statedir`, `State_Dir`, `state_folder`) leaves the
        // folder unknown, rather than the default folder read (without the
        // records there, and every post sent again).
        if let misspelt = pairs.first(where: { $0.keyString != "state_dir" && (Suggest.closest(to: $0.keyString, in: keys) == "state_dir"
                                                                                || otherNames[$0.keyString.lowercased()] == "state_dir") }) {
            settings.stateDirectoryUnknown = Located("herald.yaml's '\(misspelt.keyString)' may be meant as state_dir", at: misspelt.key.location)
        } else if let nested = pairs.lazy.compactMap({ nestedStateDirectory(in: $0.value) }).first {
            // Written under another key (`herald:`, `settings:`) or a merge key (`<<: {state_dir: …}`), which herald does not read.
            settings.stateDirectoryUnknown = Located("herald.yaml's '\(nested.keyString)' is not at the top of the file, where herald reads state_dir",
                                                     at: nested.key.location)
        }
        for pair in pairs {
            let value = pair.value
            switch pair.keyString {
            case "timezone":
                settings.timezoneUnusable = value.location  // until it is read
                if let zone = reader.string(value, "timezone") {
                    if let found = TimeZone(identifier: zone.value) {
                        if Self.isIANAName(zone.value) {
                            settings.timezone = zone
                            settings.timezoneUnusable = nil
                            // POSIX's sign: Etc/GMT+2 is two hours behind UTC, which its writer seldom means.
                            if zone.value.hasPrefix("Etc/GMT"), let sign = zone.value.dropFirst(7).first, sign == "+" || sign == "-",
                               found.secondsFromGMT() != 0 {
                                // Etc/GMT-14 has no Etc/GMT+14 to turn into: no zone is 14 hours behind UTC.
                                let flipped = "Etc/GMT" + (sign == "+" ? "-" : "+") + zone.value.dropFirst(8)
                                let meant = Self.offset(-found.secondsFromGMT())
                                reader.warning("time zone '\(zone.value)' is \(Self.offset(found.secondsFromGMT())): in these names the sign is "
                                               + "the other way round, behind UTC for '+'", at: zone.location,
                                               hint: TimeZone(identifier: flipped) == nil
                                                   ? "no zone is at \(meant); if \(Self.offset(found.secondsFromGMT())) is meant, a city's zone there reads more plainly"
                                                   : "if \(meant) was meant, write \(flipped), or a city's zone such as Europe/Berlin")
                            }
                        } else {
                            // BST reads as Bangladesh, IST as India, EST without daylight saving: a post would go out hours off.
                            reader.error("time zone '\(zone.value)' is an abbreviation or an offset, not an IANA name "
                                         + "(this system reads it as \(Self.offset(found.secondsFromGMT())) today)",
                                         at: zone.location, hint: "use an IANA name such as Europe/London, America/New_York, or UTC")
                        }
                    } else {
                        reader.error("unknown time zone '\(zone.value)'", at: zone.location,
                                     hint: ["Z", "ZULU", "UTC", "UTC+0", "UTC+00:00", "+00:00"].contains(zone.value.uppercased()) ? "did you mean 'UTC'?"
                                        : Suggest.hint(for: zone.value, in: TimeZone.knownTimeZoneIdentifiers) ?? "use an IANA name such as Europe/Berlin")
                    }
                }
            case "state_dir":
                let dir = reader.string(value, "state_dir")
                if let dir, let problem = RepositoryPath.problem(dir.value) {
                    reader.error("state_dir \(problem)", at: dir.location)
                } else if let dir, let problem = notKept(dir.value) {
                    reader.error("state_dir \(problem)", at: dir.location, hint: "use a folder git keeps, such as state")
                } else if let dir {
                    settings.stateDirectory = dir.value
                    break
                }
                guard settings.stateDirectoryUnknown == nil else { break }
                settings.stateDirectoryUnknown = Located("state_dir in herald.yaml cannot be used", at: dir?.location ?? value.location)
            case "max_attempts":
                settings.maxAttempts = reader.integer(value, "max_attempts", range: 1...100) ?? settings.maxAttempts
            case "concurrency":
                settings.concurrency = reader.integer(value, "concurrency", range: 1...64) ?? settings.concurrency
            case "request_timeout":
                settings.requestTimeout = reader.integer(value, "request_timeout", range: 1...600) ?? settings.requestTimeout
            case "alt_text":
                guard let rule = reader.string(value, "alt_text") else { break }
                if let known = Settings.AltTextRule(rawValue: rule.value) {
                    settings.altText = known
                } else {
                    let rules = Settings.AltTextRule.allCases.map(\.rawValue)
                    reader.error("alt_text must be one of \(rules.joined(separator: ", ")), found '\(rule.value)'", at: rule.location,
                                 hint: Self.altTextMeant[rule.value.lowercased()].map { "did you mean '\($0)'?" } ?? Suggest.hint(for: rule.value, in: rules))
                }
            default:
                break
            }
        }
        return (settings, reader.diagnostics)
    }
}

/// Rules for paths written in repository files.
enum RepositoryPath {
    /// Why a relative path is unacceptable, or nil.
    static func problem(_ path: String) -> String? {
        if path.hasPrefix("/") || path.hasPrefix("~") { return "must be relative to the repository, not absolute" }
        if path.split(separator: "/", omittingEmptySubsequences: false).contains("..") {
            return "must stay inside the repository ('..' is not allowed)"
        }
        if path.contains("\\") { return "must use '/' as the separator" }
        return nil
    }

    /// Where `path` really is, through symbolic links, when that is outside
    /// the repository; nil when it stays inside (or is the repository
    /// itself: `state_dir: .`), or leads nowhere (the reader then says it
    /// cannot be read).
    static func resolvedOutside(root: String, path: String) -> String? {
        guard let real = realpath(root + "/" + path, nil) else { return nil }
        defer { free(real) }
        guard let realRoot = realpath(root, nil) else { return nil }
        defer { free(realRoot) }
        let resolved = String(cString: real)
        let resolvedRoot = String(cString: realRoot)
        return resolved == resolvedRoot || resolved.hasPrefix(resolvedRoot == "/" ? "/" : resolvedRoot + "/") ? nil : resolved
    }

    /// Where `path` leads through its links, relative to the repository,
    /// when that is inside it.
    static func resolvedInside(root: String, path: String) -> String? {
        guard let real = realpath(root + "/" + path, nil) else { return nil }
        defer { free(real) }
        guard let realRoot = realpath(root, nil) else { return nil }
        defer { free(realRoot) }
        let resolved = String(cString: real), prefix = String(cString: realRoot) == "/" ? "/" : String(cString: realRoot) + "/"
        return resolved.hasPrefix(prefix) ? String(resolved.dropFirst(prefix.count)) : nil
    }

    /// The error for a repository file that is a symbolic link leading
    /// outside the repository: such a file is not read. `isLink` when the
    /// directory listing told already; else one `lstat`.
    static func outsideLinkProblem(root: String, path: String, isLink: Bool? = nil) -> Diagnostic? {
        guard isLink ?? FileWalker.isSymbolicLink(root + "/" + path), resolvedOutside(root: root, path: path) != nil else { return nil }
        return .error("the file is a symbolic link that leads outside the repository; herald reads only files inside it",
                      at: SourceLocation(path: path, line: 1, column: 1))
    }
}
