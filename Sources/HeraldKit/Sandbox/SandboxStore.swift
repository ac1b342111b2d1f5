import Foundation

/// One thing a platform part created: a status, an uploaded media file, a
/// container. Common fields are typed so `/_sandbox/posts` can list them for
/// every platform; anything platform-specific goes in `fields`.
public struct SandboxObject: Sendable, Equatable, Codable {
    public var platform: Platform
    /// The herald account id the object belongs to (from `sandbox-<account>`).
    public var account: String
    public var id: String
    /// `status`, `media`, … as the platform part names them.
    public var kind: String
    public var text: String?
    public var mediaIDs: [String]
    public var altText: String?
    public var replyTo: String?
    public var visibility: String?
    public var language: String?
    /// For media: the uploaded file's Content-Type and size.
    public var contentType: String?
    public var byteCount: Int?
    public var createdAt: Date
    /// Raw, platform-specific fields (`spoiler_text`, `focus`, processing state).
    public var fields: [String: String]

    public init(platform: Platform, account: String, id: String, kind: String, text: String? = nil,
                mediaIDs: [String] = [], altText: String? = nil, replyTo: String? = nil,
                visibility: String? = nil, language: String? = nil, contentType: String? = nil,
                byteCount: Int? = nil, createdAt: Date, fields: [String: String] = [:]) {
        self.platform = platform
        self.account = account
        self.id = id
        self.kind = kind
        self.text = text
        self.mediaIDs = mediaIDs
        self.altText = altText
        self.replyTo = replyTo
        self.visibility = visibility
        self.language = language
        self.contentType = contentType
        self.byteCount = byteCount
        self.createdAt = createdAt
        self.fields = fields
    }
}

/// A rate-limit window as the platform reports it in headers.
public struct SandboxRateWindow: Sendable, Equatable {
    public var limit: Int
    public var remaining: Int
    public var resetAt: Date
    /// True when this request went over the limit and must get a 429.
    public var exceeded: Bool
}

/// Everything the sandbox remembers: created objects per (platform, account),
/// idempotency keys, rate-limit counters, the accounts seen, and the global
/// latency and limits. An actor, so concurrent requests see one consistent state;
/// `create(…)` checks an idempotency key and inserts in one step.
public actor SandboxStore {
    private struct Key: Hashable {
        var platform: Platform
        var id: String
    }

    private struct IdempotencyKey: Hashable {
        var platform: Platform
        var account: String
        var key: String
    }

    private struct RateKey: Hashable {
        var platform: Platform
        var bucket: String
    }

    private var objects: [Key: SandboxObject] = [:]
    private var creationOrder: [Key: Int] = [:]
    private var createdCount = 0
    private var idempotency: [IdempotencyKey: (id: String, expires: Date)] = [:]
    private var rateWindows: [RateKey: SandboxRateWindow] = [:]
    private var accountsSeen: [Platform: Set<String>] = [:]
    private var lastIDMillis: UInt64 = 0
    private var idSequence: UInt64 = 0
    private let initialLatency: Duration

    /// The delay added to every platform request (not to the control plane).
    public private(set) var latency: Duration
    /// Limits set through the control plane, per platform, over its defaults.
    private var limitsSet: [Platform: [String: Int]] = [:]

    public init(latency: Duration = .zero) {
        self.initialLatency = latency
        self.latency = latency
    }

    public func setLatency(_ latency: Duration) {
        self.latency = latency
    }

    /// How far the platforms' clock is ahead of this machine's (behind,
    /// when negative): their times, and the `Date` of their answers.
    public private(set) var clockOffset: TimeInterval = 0

    public func setClockOffset(_ offset: TimeInterval) {
        clockOffset = offset
    }

    /// A platform's limits: its defaults, with those set over them.
    public func limits(of part: any SandboxPlatform) -> [String: Int] {
        part.limits.merging(limitsSet[part.platform] ?? [:]) { $1 }
    }

    /// Sets some of a platform's limits; the others keep their values.
    public func setLimits(_ values: [String: Int], on platform: Platform) {
        limitsSet[platform, default: [:]].merge(values) { $1 }
    }

    /// Forgets every object, key, counter and account, and restores the
    /// latency the store was created with.
    public func reset() {
        objects = [:]
        creationOrder = [:]
        idempotency = [:]
        rateWindows = [:]
        accountsSeen = [:]
        latency = initialLatency
        limitsSet = [:]
        clockOffset = 0
    }

    // MARK: Objects

    /// A new id, unique in this store and increasing with time, shaped like
    /// Mastodon's and X's snowflakes: milliseconds since 1970 shifted left 16
    /// bits plus a sequence number.
    public func makeID(now: Date) -> String {
        let millis = UInt64(max(0, now.timeIntervalSince1970 * 1000))
        if millis > lastIDMillis {
            lastIDMillis = millis
            idSequence = 0
        } else {
            idSequence += 1
            if idSequence > 0xFFFF {
                lastIDMillis += 1
                idSequence = 0
            }
        }
        return String(lastIDMillis << 16 | idSequence)
    }

    public func insert(_ object: SandboxObject) {
        let key = Key(platform: object.platform, id: object.id)
        if creationOrder[key] == nil {
            createdCount += 1
            creationOrder[key] = createdCount
        }
        objects[key] = object
    }

    /// Creates an object unless `idempotencyKey` was used by the same account
    /// within `keptFor`; then returns the object made the first time. `make`
    /// gets the new id. The check and the insert happen in one step, so two
    /// concurrent requests with one key make one object.
    /// `reusing`: whether a key kept meanwhile brings back what it made;
    /// false where the platform looked the key up before its work, and
    /// keeps it after (Mastodon, under the `slow_create` fault).
    public func create(platform: Platform, account: String, idempotencyKey: String?, keptFor: TimeInterval,
                       now: Date, reusing: Bool = true, make: @Sendable (String) -> SandboxObject) -> (object: SandboxObject, isNew: Bool) {
        let slot = idempotencyKey.map { IdempotencyKey(platform: platform, account: account, key: $0) }
        if reusing, let slot, let remembered = idempotency[slot] {
            if remembered.expires > now, let original = objects[Key(platform: platform, id: remembered.id)] {
                return (original, false)
            }
            idempotency[slot] = nil
        }
        let object = make(makeID(now: now))
        insert(object)
        if let slot {
            idempotency[slot] = (object.id, now.addingTimeInterval(keptFor))
        }
        return (object, true)
    }

    /// What an unexpired idempotency key made, without creating anything:
    /// nil when the key is unknown or expired; `.some(nil)` when the object
    /// it made has been deleted since.
    public func remembered(platform: Platform, account: String, idempotencyKey: String,
                           now: Date) -> SandboxObject?? {
        let slot = IdempotencyKey(platform: platform, account: account, key: idempotencyKey)
        guard let remembered = idempotency[slot], remembered.expires > now else { return nil }
        return .some(objects[Key(platform: platform, id: remembered.id)])
    }

    public func object(_ platform: Platform, id: String) -> SandboxObject? {
        objects[Key(platform: platform, id: id)]
    }

    /// Changes a stored object in place and returns the new value.
    @discardableResult
    public func update(_ platform: Platform, id: String,
                       _ change: @Sendable (inout SandboxObject) -> Void) -> SandboxObject? {
        let key = Key(platform: platform, id: id)
        guard var object = objects[key] else { return nil }
        change(&object)
        objects[key] = object
        return object
    }

    @discardableResult
    public func remove(_ platform: Platform, id: String) -> SandboxObject? {
        let key = Key(platform: platform, id: id)
        creationOrder[key] = nil
        return objects.removeValue(forKey: key)
    }

    /// Stored objects in creation order, optionally narrowed.
    public func objects(platform: Platform? = nil, account: String? = nil,
                        kinds: Set<String>? = nil) -> [SandboxObject] {
        objects
            .filter { key, object in
                (platform == nil || key.platform == platform)
                    && (account == nil || object.account == account)
                    && (kinds == nil || kinds!.contains(object.kind))
            }
            .sorted { creationOrder[$0.key, default: 0] < creationOrder[$1.key, default: 0] }
            .map(\.value)
    }

    // MARK: Accounts

    /// Records that a token for `account` was used on `platform`.
    public func noteAccount(_ account: String, on platform: Platform) {
        accountsSeen[platform, default: []].insert(account)
    }

    public func accounts(on platform: Platform) -> Set<String> {
        accountsSeen[platform] ?? []
    }

    // MARK: Rate limits

    /// Counts one request against a fixed window of `window` seconds for
    /// `bucket` (an account, an IP, an endpoint family) and reports what is left.
    public func countRequest(platform: Platform, bucket: String, limit: Int, window: TimeInterval,
                             now: Date) -> SandboxRateWindow {
        let key = RateKey(platform: platform, bucket: bucket)
        var current = rateWindows[key] ?? SandboxRateWindow(
            limit: limit, remaining: limit, resetAt: now.addingTimeInterval(window), exceeded: false)
        if current.resetAt <= now {
            current = SandboxRateWindow(
                limit: limit, remaining: limit, resetAt: now.addingTimeInterval(window), exceeded: false)
        }
        current.exceeded = current.remaining == 0
        current.remaining = max(0, current.remaining - 1)
        rateWindows[key] = current
        return current
    }
}
