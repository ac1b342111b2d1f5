/// An account content may target, from `accounts.yaml`. Never holds secrets.
public struct Account: Sendable, Hashable {
    public var id: String
    public var platform: Platform
    /// Where the account's id is written in `accounts.yaml`.
    public var location: SourceLocation
    /// Platform-specific keys (`handle`, `instance`, `organization`, …) as
    /// written, already checked against `AccountKeys`.
    public var fields: [String: String]

    public init(id: String, platform: Platform, location: SourceLocation, fields: [String: String] = [:]) {
        self.id = id
        self.platform = platform
        self.location = location
        self.fields = fields
    }

    public subscript(key: String) -> String? { fields[key] }

    /// The account's own limit (`max_characters`), for paid tiers and
    /// instances with a larger limit.
    public var maxCharacters: Int? { fields["max_characters"].flatMap(Int.init) }

    /// How this account's texts are counted: its own limit, and for Threads
    /// the emoji rule (unconfirmed in PLATFORMS.md, so configurable).
    public var textOptions: TextRuleOptions {
        TextRuleOptions(maxLength: maxCharacters,
                        threadsEmojiCounting: fields["emoji_counting"].flatMap(ThreadsEmojiCounting.init(rawValue:)) ?? .utf8Bytes)
    }

    /// Where herald sends API requests: `api_base` when set, else the
    /// account's server, else the platform's public endpoint.
    public var apiBase: String {
        if let base = fields["api_base"] { return base }
        switch platform {
        case .mastodon: return fields["instance"] ?? ""
        case .bluesky: return fields["pds"] ?? "https://bsky.social"
        case .x: return "https://api.x.com"
        case .linkedin: return "https://api.linkedin.com"
        case .facebook, .instagram: return "https://graph.facebook.com/v21.0"
        case .threads: return "https://graph.threads.net/v1.0"
        case .vk: return "https://api.vk.com/method"
        }
    }
}

/// An account as validation and planning use it, with what it asks of
/// every part worked out once. A class: each post's list of accounts holds
/// references, one retain each where a copied `Account` costs four.
final class PreparedAccount: Sendable, ResolutionTarget {
    let account: Account
    let options: TextRuleOptions
    let limits: MediaLimits
    var id: String { account.id }
    var platform: Platform { account.platform }

    init(account: Account) {
        self.account = account
        options = account.textOptions
        limits = MediaLimits.limits(for: account.platform)
    }

    private init(account: Account, options: TextRuleOptions, limits: MediaLimits) {
        self.account = account
        self.options = options
        self.limits = limits
    }

    /// Another object with the same contents, for a worker of its own
    /// (`ReadByEveryPost`).
    func copy() -> PreparedAccount {
        PreparedAccount(account: account, options: options, limits: limits)
    }
}

/// A post's language as platforms take it: an ISO 639 code (`en`, `ast`),
/// with optional BCP 47 subtags (`pt-BR`, `sr-Latn`), in the usual case. A
/// platform treats a code it does not know without a word: Mastodon matches
/// codes exactly, then tries the part before `-` or `_`, so `pt-br` becomes
/// plain `pt` and `EN` or `english` leaves the post's language unset. A
/// typo is caught here.
public enum LanguageTag {
    /// Why `value` is no language code, or nil when it is one.
    public static func problem(_ value: String) -> String? {
        // `en_US`, as a POSIX locale writes it (`en_US.UTF-8`): the code meant, with a hyphen.
        if value.contains("_"), !value.contains("-"), let meant = canonical(String(value.prefix { $0 != "." }).replacingOccurrences(of: "_", with: "-")) {
            return "must be a language code such as 'en' or 'pt-BR' (ISO 639), written with '-': '\(meant)', found '\(value)'"
        }
        guard let canonical = canonical(value) else {
            return "must be a language code such as 'en' or 'pt-BR' (ISO 639), found '\(value)'"
        }
        return canonical == value ? nil : "must be written '\(canonical)', found '\(value)'"
    }

    /// The code in the case BCP 47 recommends (language lower, script
    /// title, region upper); nil when `value` is no language code.
    static func canonical(_ value: String) -> String? {
        let subtags = value.split(separator: "-", omittingEmptySubsequences: false)
        let primaryIsCode = (2...3).contains(subtags[0].count) && subtags[0].allSatisfy { $0.isASCII && $0.isLetter }
        let restAreSubtags = subtags.dropFirst().allSatisfy { (1...8).contains($0.count) && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } }
        guard primaryIsCode && restAreSubtags else { return nil }
        return subtags.enumerated().map { index, subtag in
            if index > 0 && subtag.count == 2 { return subtag.uppercased() }
            if index > 0 && subtag.count == 4 { return subtag.prefix(1).uppercased() + subtag.dropFirst().lowercased() }
            return subtag.lowercased()
        }.joined(separator: "-")
    }
}

/// Which keys an account entry accepts, per platform: the single table that
/// validation, `accounts.example.yaml` and the docs follow.
public enum AccountKeys {
    public struct Key: Sendable {
        public var name: String
        public var required: Bool
        public var kind: Kind
        public var summary: String
    }

    /// `server`: a URL with no path, query or fragment (herald adds the
    /// API's paths to it), where `url` may have any. `handle`: an X
    /// username; `domainHandle`: a Bluesky handle, a domain name.
    public enum Kind: Sendable {
        case text, url, server, handle, domainHandle, integer, language, choice([String])
        /// A whole number above zero (a limit).
        case positive
        /// A platform's numeric id, written as digits (too long for some JSON readers as a number).
        case numericID
        /// A LinkedIn member's id (the OpenID Connect `sub`): letters, digits, `-`, `_`.
        case memberID

        var isURL: Bool {
            switch self {
            case .url, .server: true
            default: false
            }
        }
    }

    /// Accepted by every platform.
    public static let common: [Key] = [
        Key(name: "platform", required: true, kind: .choice(Platform.allCases.map(\.rawValue)), summary: "which platform the account is on"),
        Key(name: "name", required: false, kind: .text, summary: "a label for people; herald does not use it"),
        Key(name: "api_base", required: false, kind: .url, summary: "API base URL override, for proxies and tests"),
        Key(name: "max_characters", required: false, kind: .positive, summary: "a larger text limit (paid tier, instance setting)"),
        Key(name: "language", required: false, kind: .language, summary: "default post language (an ISO 639 code: en, pt-BR)"),
    ]

    public static func keys(for platform: Platform) -> [Key] {
        switch platform {
        case .x:
            [Key(name: "handle", required: true, kind: .handle, summary: "the @handle, without @")]
        case .linkedin:
            [Key(name: "organization", required: false, kind: .numericID, summary: "organization id, to post as a company page (exactly one of organization, person)"),
             Key(name: "person", required: false, kind: .memberID, summary: "member id (OIDC sub), to post as a member (exactly one of organization, person)")]
        case .facebook:
            [Key(name: "page_id", required: true, kind: .numericID, summary: "the Facebook Page id")]
        case .instagram:
            [Key(name: "user_id", required: true, kind: .numericID, summary: "the Instagram professional account id"),
             Key(name: "page_id", required: false, kind: .numericID, summary: "the linked Facebook Page (Facebook Login)")]
        case .threads:
            [Key(name: "user_id", required: true, kind: .numericID, summary: "the Threads user id"),
             Key(name: "emoji_counting", required: false, kind: .choice(ThreadsEmojiCounting.allCases.map(\.rawValue)),
                 summary: "how an emoji counts toward the 500 limit (unconfirmed; default: its UTF-8 bytes)")]
        case .vk:
            [Key(name: "owner_id", required: true, kind: .integer, summary: "wall owner: negative for a community, positive for a user")]
        case .mastodon:
            [Key(name: "instance", required: true, kind: .server, summary: "the instance URL, https://…"),
             Key(name: "visibility", required: false, kind: .choice(["public", "unlisted", "private"]), summary: "post visibility (default public)")]
        case .bluesky:
            [Key(name: "handle", required: true, kind: .domainHandle, summary: "the handle, e.g. acme.bsky.social"),
             Key(name: "pds", required: false, kind: .server, summary: "the PDS URL (default https://bsky.social)")]
        }
    }

    /// The credential fields a platform's account reads, its main one
    /// first: X's OAuth 1.0a keys beside its token (accounts.example.yaml).
    public static func credentialFields(for platform: Platform) -> [String] {
        platform == .x ? ["ACCESS_TOKEN", "ACCESS_SECRET", "CONSUMER_KEY", "CONSUMER_SECRET"] : requiredCredentials(for: platform)
    }

    /// The credential fields that must be present (environment or credentials
    /// file) before herald can publish. Presence only; validity is `accounts check`.
    public static func requiredCredentials(for platform: Platform) -> [String] {
        switch platform {
        case .bluesky: ["APP_PASSWORD"]
        default: ["ACCESS_TOKEN"]
        }
    }
}
