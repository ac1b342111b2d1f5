import Crypto
import Foundation

/// What an adapter can do beyond posting; the executor decides how to
/// recover from an uncertain request from these.
public struct PlatformCapabilities: Sendable, Hashable {
    /// Thread parts can reply to the previous part.
    public var threads: Bool
    /// The platform honours an idempotency key, and for how long.
    public var idempotencyKeyWindow: Duration?
    /// herald can look up whether a part already exists remotely.
    public var lookup: Bool
    public var edit: Bool
    public var delete: Bool
    /// How long the adapter waits for the platform to process one uploaded
    /// file before the post that attaches it is sent.
    public var mediaProcessing: Duration = .zero

    /// An upload's time limit: the run's request timeout, and a second more
    /// for each 128 KiB (1 Mbit/s, a slow uplink), so a 99 MB video is not
    /// cut off where a status would long be answered.
    public static func uploadTimeout(bytes: Int, base: Duration) -> Duration {
        base + .seconds(bytes / 131_072)
    }
}

/// One part to publish on one account.
public struct PartRequest: Sendable {
    public var postID: String
    public var account: Account
    public var part: ResolvedPart
    /// The remote id of the part this one replies to (threads).
    public var replyTo: String?
    /// Stable for this (post, account, part): every retry sends the same key.
    public var idempotencyKey: String
    public var language: String?
    /// When herald first decided to send it (the intent's time), or when it
    /// was due (an overdue item the state has no record of): a lookup looks
    /// among what the account made since.
    public var intentTime: Date
    /// The state has no record of the item, so `intentTime` is only when it
    /// was due: it may have gone out before (`publish --now`, or a
    /// `publish_at` moved later), and a lookup looks further back too.
    public var mayPredateIntent = false
    /// When the post was due (its `publish_at`), recorded with what is
    /// published: a file moved and edited is told by it.
    public var due: Date?
    /// The offset of herald.yaml's time zone at `due`, recorded with it
    /// (`StateRecord.dueOffset`).
    public var dueOffset: Int?
    /// Remote ids the state or this run gave to other items: a lookup does
    /// not take one of them for this item (two posts of the same text).
    public var claimed: Set<String> = []
    /// The items the state records with each of those ids, and the words
    /// each was published with: a status that is this part exactly,
    /// recorded for an item of other words, tells that one of the two
    /// records is wrong (a `state resolve --published` given another
    /// post's id), where taking it as another post's would send this again.
    public var claimants: [String: Claimant] = [:]
    /// The posts this run made on the account (after it began, by the
    /// platform's clock), given to the lookup of an overdue item: what it
    /// looks for was made before them, so it need not read them.
    public var madeThisRun: Set<String> = []
    /// The account's other items whose send has no answer yet (a run
    /// killed before it recorded it, held since): a status one of them may
    /// have made is not this part as published before an edit.
    public var unanswered: [UnansweredSend] = []

    /// An item the state records as published with a remote id.
    public struct Claimant: Sendable, Hashable {
        public var post: String
        public var part: Int
        /// The words it was published with, where the repository still
        /// holds them (its content hashes as its record says); else nil.
        public var text: String?
        /// Its record's hash of what it was published with; nil where the
        /// record cannot say (`StateRecord.contentBeforeEdit`).
        public var hash: String?

        public init(post: String, part: Int, text: String?, hash: String?) {
            (self.post, self.part, self.text, self.hash) = (post, part, text, hash)
        }
    }

    /// A send with no answer yet: it made at most one status, holding its
    /// text and its media, after it was sent, in reply to its part before
    /// (or to nothing, a first part).
    public struct UnansweredSend: Sendable, Hashable {
        public var text: String
        public var media: [MediaRef]
        public var since: Date
        public var replyTo: String?

        public init(text: String, media: [MediaRef], since: Date, replyTo: String?) {
            (self.text, self.media, self.since, self.replyTo) = (text, media, since, replyTo)
        }
    }

    /// `herald-` + 32 hex digits of SHA-256 over post id, account, part
    /// and the post's `publish_at`. The platform keeps a key per account:
    /// without the time, a post of the same name (`posts/news.yaml`) in
    /// another repository, or a name used again for a new post, sent to the
    /// account within the key's hour, got the first post back and was
    /// recorded as found, never sent. A text corrected after a lost answer
    /// keeps its time, and its key.
    public static func idempotencyKey(post: String, account: String, part: Int, due: Date?) -> String {
        let digest = SHA256.hash(data: Data("\(post)\u{0}\(account)\u{0}\(part)\u{0}\(due.map(TimeParser.utc) ?? "")".utf8))
        return "herald-" + digest.prefix(16).map { String(format: "%02x", $0) }.joined()
    }
}

public struct PublishedObject: Sendable, Hashable {
    public var remoteID: String
    public var url: String?
    /// The platform answered a send with a post whose text is not the one
    /// sent: what an earlier attempt with the same idempotency key made,
    /// before the text was changed. That post's text, as the platform
    /// shows it.
    public var otherText: String?
    /// Likewise, the alt texts of that post's attachments, when they are
    /// not the ones sent (one per attachment, in order; empty for none).
    public var otherAlts: [String]?
    /// When the platform says it made the post.
    public var createdAt: Date?
    /// Set by the publisher when it recorded the post as holding other
    /// content than the part's (a key's replay): that content's hash.
    public var recordedHash: String?

    public init(remoteID: String, url: String?, otherText: String? = nil, otherAlts: [String]? = nil, createdAt: Date? = nil) {
        self.remoteID = remoteID
        self.url = url
        self.otherText = otherText
        self.otherAlts = otherAlts
        self.createdAt = createdAt
    }

    /// The content hash of what the platform holds, when it answered with
    /// another post's content (`otherText`, `otherAlts`): that of `part`
    /// with the text and alt texts it shows.
    public func heldHash(of part: ResolvedPart) -> String? {
        guard otherText != nil || otherAlts != nil else { return nil }
        var media = part.media
        if let alts = otherAlts {
            media = alts.indices.map { i in
                let path = i < part.media.count ? part.media[i].path : Located("", at: part.textLocation)
                return MediaRef(path: path, alt: alts[i].isEmpty ? nil : Located(alts[i], at: path.location))
            }
        }
        return ContentResolver.hash(text: otherText ?? part.text, media: media)
    }
}

public enum LookupResult: Sendable, Equatable {
    case found(PublishedObject)
    case absent
    /// The platform's answer cannot settle it, and asking again will not
    /// (a refused token, more statuses than herald searches).
    case cannotTell(String)
    /// Not the item, but a post that may be it as it was published before
    /// the post was edited (an item the state has no record of): only a
    /// person can tell, and asking again will not.
    case perhaps(String)
    /// The item is there, but the state records its post for another item
    /// that held other content: one of the two records is wrong. Not sent,
    /// and asked again each run until a person corrects the record.
    case recordedForAnother(String)
    /// The platform refused the account's credentials (401): no word on
    /// the post, and only a person fixing the token changes that.
    case refusedCredentials(String)
    /// The platform could not be asked this time: a temporary refusal (429,
    /// 5xx) or a request that did not get through. A look-up changes
    /// nothing, so the publisher asks again within the run, after at least
    /// `retryAfter` when the platform said how long to wait.
    case unavailable(String, retryAfter: Duration?)
    /// The account's rate limit (a 429): asked again as `.unavailable` is
    /// while the run can wait for it; past that, the account's limit, no
    /// word on the post.
    case rateLimited(String, retryAfter: Duration?)

    /// A failed look-up request as a result: `.unavailable` (`.rateLimited`
    /// for a 429) when the failure is one asking again may get past,
    /// `.cannotTell` otherwise.
    public static func failed(_ failure: PublishFailure, saying message: String) -> LookupResult {
        switch failure {
        case .temporary(429, _, let retryAfter): .rateLimited(message, retryAfter: retryAfter)
        case .temporary(_, _, let retryAfter): .unavailable(message, retryAfter: retryAfter)
        case .notSent, .uncertain: .unavailable(message, retryAfter: nil)
        case .rejected(let status, _) where status == 401:
            .refusedCredentials(message.contains(credentialsRefused) ? message : message + " (" + credentialsRefused + ")")
        case .rejected(let status, _) where status == 403: .cannotTell(message + " (the platform refused access: check the token's scopes)")
        case .rejected: .cannotTell(message)
        }
    }

    /// Said of a request answered 401: what to do is about the token, not the post.
    public static let credentialsRefused = "the platform refused the account's credentials: check its access token"
}

/// Rate-limit state read from a response.
public struct RateLimit: Sendable, Equatable {
    public var remaining: Int?
    public var reset: Date?
}

/// Why a request did not produce the object. The executor's whole
/// exactly-once logic rests on the difference between `.notCreated*` and
/// `.uncertain`.
public enum PublishFailure: Error, Sendable, CustomStringConvertible {
    /// The platform answered and refused: retrying this run will not help.
    case rejected(status: Int, message: String)
    /// The platform answered with a temporary refusal (429, 5xx): nothing was
    /// made; retry after the given wait when known.
    case temporary(status: Int, message: String, retryAfter: Duration?)
    /// The request certainly did not arrive (connection refused, DNS).
    /// Not `retryable` when herald could not make it (a file to upload
    /// that cannot be read): asking again this run changes nothing.
    case notSent(String, retryable: Bool = true)
    /// The request may have arrived and the object may exist. `answered`:
    /// the platform answered (a success herald could not read), so the
    /// request is over, and what it made is kept under its key; else (a
    /// timeout, a gateway's 5xx) it may still be at work.
    case uncertain(String, answered: Bool = false)

    /// The platform refused the account's credentials (401): fixed at the
    /// token, for every post of the account. (A 403 may be one request's:
    /// a scope the token lacks for media, or a platform's answer to one post.)
    public var refusesCredentials: Bool {
        if case .rejected(let status, _) = self { return status == 401 }
        return false
    }

    public var description: String {
        switch self {
        case let .rejected(status, message) where status == 401:
            "HTTP \(status): \(message) (\(LookupResult.credentialsRefused))"
        case let .rejected(status, message): "HTTP \(status): \(message)"
        case let .temporary(status, message, _): "HTTP \(status): \(message)"
        case let .notSent(message, _): message
        case let .uncertain(message, _): message
        }
    }
}

/// One platform's API, as herald's executor uses it. Implementations live in
/// `Platforms/<Name>/` beside their sandbox part.
public protocol PlatformAdapter: Sendable {
    var capabilities: PlatformCapabilities { get }
    /// Reads what the platform says about limits before the first post
    /// (a Mastodon instance's character limit); errors here are not fatal.
    func prepare() async
    /// Checks a part against what `prepare` learnt; a message when it
    /// cannot go out. `root`: the repository, where its media files are.
    func check(_ part: ResolvedPart, root: String) -> String?
    /// Uploads one media file with its alt text; returns the platform's media id.
    /// A wait for the platform to process it ends when `interruption` is
    /// requested (SIGINT, SIGTERM): it throws, and nothing is posted.
    func uploadMedia(_ media: MediaRef, root: String, interruption: Interruption) async throws(PublishFailure) -> String
    func publish(_ request: PartRequest, mediaIDs: [String]) async throws(PublishFailure) -> PublishedObject
    /// Whether the part already exists remotely (after an uncertain attempt).
    func lookup(_ request: PartRequest) async -> LookupResult
    /// Where two of herald's accounts may be one account on the platform
    /// (Mastodon's, each the account its token is for): the accounts of
    /// one scope are asked `remoteIdentity()` before a run sends anything.
    /// nil where accounts.yaml names the account itself (a handle).
    var identityScope: String? { get }
    /// The account the credentials are for, as the platform names it.
    func remoteIdentity() async -> IdentityAnswer
}

/// Builds the adapter for an account.
public enum AdapterRegistry {
    /// The platforms with an adapter in this version.
    public static let supportedPlatforms: Set<Platform> = [.mastodon]

    /// What each platform's adapter can do, for the planner, which sees no
    /// adapter: it says which items publish will look for first.
    public static let capabilities: [Platform: PlatformCapabilities] = [.mastodon: MastodonAdapter.platformCapabilities]

    public static func adapter(for account: Account, token: String, http: HTTPClient) -> (any PlatformAdapter)? {
        switch account.platform {
        case .mastodon: MastodonAdapter(account: account, token: token, http: http)
        default: nil
        }
    }
}

extension HTTPError {
    /// The adapter-level meaning of a transport failure.
    var publishFailure: PublishFailure {
        mayHaveReachedServer ? .uncertain("\(kind) (\(method) \(url)): \(message)")
            : .notSent("\(kind) (\(method) \(url)): \(message)", retryable: kind != .fileUnreadable)
    }
}

/// An account as the platform knows it: what tells it from every other
/// (a Mastodon account's profile address, however its instance is written),
/// and a name for messages.
public struct RemoteIdentity: Sendable, Hashable {
    public var id: String
    public var name: String?
    /// The account's page, under which the platform's address of each of
    /// its posts lies (Mastodon: `…/@name`, `…/@name/ID`), when it says.
    public var profile: String?

    public init(id: String, name: String?, profile: String? = nil) {
        (self.id, self.name, self.profile) = (id, name, profile)
    }
}

public enum IdentityAnswer: Sendable, Equatable {
    case known(RemoteIdentity)
    /// Not told: why, and whether the platform refused the credentials.
    case unknown(String, refused: Bool)
}

extension PlatformAdapter {
    public var identityScope: String? { nil }
    public func remoteIdentity() async -> IdentityAnswer { .unknown("this platform does not say", refused: false) }
}
