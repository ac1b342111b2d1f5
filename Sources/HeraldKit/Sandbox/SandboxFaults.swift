import Foundation

/// A fault to inject into platform requests, as posted to `/_sandbox/faults`:
///
///     {"match": {"platform": "mastodon", "methods": ["POST"], "path": "/api/v1/statuses"},
///      "effect": {"type": "timeout_after_create", "delay_ms": 2000},
///      "count": 1}
///
/// `count` omitted means the fault stays until deleted. Faults never touch
/// the control plane.
public struct SandboxFault: Sendable, Codable, Equatable {
    public struct Match: Sendable, Codable, Equatable {
        /// Only this platform's requests; any platform when `nil`.
        public var platform: Platform?
        /// Only these methods (case-insensitive); any method when `nil`.
        public var methods: [String]?
        /// The path after the platform prefix (`/api/v1/statuses`) or the
        /// full path (`/mastodon/api/v1/statuses`); a trailing `*` matches
        /// any rest. Any path when `nil`.
        public var path: String?

        public init(platform: Platform? = nil, methods: [String]? = nil, path: String? = nil) {
            self.platform = platform
            self.methods = methods
            self.path = path
        }

        func matches(platform: Platform, method: String, relativePath: String, fullPath: String) -> Bool {
            if let expected = self.platform, expected != platform { return false }
            if let methods, !methods.contains(where: { $0.uppercased() == method.uppercased() }) { return false }
            guard let pattern = path else { return true }
            return Self.path(pattern, matches: relativePath) || Self.path(pattern, matches: fullPath)
        }

        private static func path(_ pattern: String, matches path: String) -> Bool {
            if pattern.hasSuffix("*") {
                return path.hasPrefix(String(pattern.dropLast()))
            }
            return pattern == path
        }
    }

    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// Waits `delay_ms`, then serves the request normally.
        case latency
        /// Answers `status` in the platform's error shape without doing the work.
        case status
        /// Answers 429 with the platform's rate-limit headers without doing the work.
        case ratelimit
        /// Answers 200 with a truncated JSON body without doing the work.
        case malformed
        /// Does the work, then waits `delay_ms` before answering: the client
        /// times out although the object exists.
        case timeoutAfterCreate = "timeout_after_create"
        /// Does the work, then answers `status` (502 by default) in the
        /// platform's error shape: a gateway that gave up on a slow server
        /// that made the object all the same.
        case statusAfterCreate = "status_after_create"
        /// Waits `delay_ms`, then does the work.
        case timeout
        /// Mastodon's order for a status (`PostStatusService`): the
        /// Idempotency-Key is looked up, the work takes `delay_ms`, and only
        /// then is the status made and the key kept. A repeat sent meanwhile
        /// with the same key finds none, and makes a second status.
        case slowCreate = "slow_create"
        /// Does the work, then answers without the response header named
        /// in `header` (`Link`): a server of the platform's API that sends
        /// fewer headers than the platform does.
        case withoutHeader = "without_header"
    }

    public struct Effect: Sendable, Codable, Equatable {
        public var type: Kind
        public var delayMS: Int?
        public var status: Int?
        public var resetSeconds: Int?
        /// The error message for `status` and `ratelimit`; a generic one when `nil`.
        public var message: String?
        /// The response header `without_header` leaves out.
        public var header: String?

        enum CodingKeys: String, CodingKey {
            case type
            case delayMS = "delay_ms"
            case status
            case resetSeconds = "reset_seconds"
            case message
            case header
        }

        public init(type: Kind, delayMS: Int? = nil, status: Int? = nil, resetSeconds: Int? = nil,
                    message: String? = nil, header: String? = nil) {
            self.type = type
            self.delayMS = delayMS
            self.status = status
            self.resetSeconds = resetSeconds
            self.message = message
            self.header = header
        }

        /// The delay, with defaults of 1 s for `latency` and 30 s for the timeouts.
        public var delay: Duration {
            .milliseconds(delayMS ?? (type == .latency ? 1_000 : 30_000))
        }
    }

    /// Assigned by the sandbox when the fault is added (`f1`, `f2`, …).
    public var id: String?
    public var match: Match
    public var effect: Effect
    /// How many more requests the fault applies to; forever when `nil`.
    public var count: Int?

    public init(id: String? = nil, match: Match = .init(), effect: Effect, count: Int? = nil) {
        self.id = id
        self.match = match
        self.effect = effect
        self.count = count
    }

    enum CodingKeys: String, CodingKey {
        case id, match, effect, count
    }

    /// `match` may be left out to match every platform request.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decodeIfPresent(String.self, forKey: .id)
        match = try container.decodeIfPresent(Match.self, forKey: .match) ?? Match()
        effect = try container.decode(Effect.self, forKey: .effect)
        count = try container.decodeIfPresent(Int.self, forKey: .count)
    }

    /// Why the fault cannot be used, or `nil` when it can.
    var problem: String? {
        if let count, count < 1 { return "count must be at least 1 (omit it for a fault that stays)" }
        if let delay = effect.delayMS, !(0...SandboxServer.maxDelayMilliseconds).contains(delay) {
            return "effect.delay_ms must be from 0 to \(SandboxServer.maxDelayMilliseconds) (10 minutes)"
        }
        if let status = effect.status, !(100...599).contains(status) {
            return "effect.status must be an HTTP status between 100 and 599"
        }
        if let reset = effect.resetSeconds, reset < 0 { return "effect.reset_seconds must not be negative" }
        if let path = match.path, !path.hasPrefix("/") { return "match.path must start with '/'" }
        if effect.type == .withoutHeader, effect.header?.isEmpty ?? true { return "effect.header must name the response header to leave out, as in \"Link\"" }
        return nil
    }
}

/// The active faults, consumed in the order they were added: a request gets
/// the effect of the first fault that matches it, and that fault's count
/// goes down by one.
actor SandboxFaultBook {
    private var faults: [SandboxFault] = []
    private var added = 0

    func add(_ fault: SandboxFault) -> SandboxFault {
        added += 1
        var fault = fault
        fault.id = "f\(added)"
        faults.append(fault)
        return fault
    }

    func all() -> [SandboxFault] { faults }

    func removeAll() { faults = [] }

    func remove(id: String) -> Bool {
        let before = faults.count
        faults.removeAll { $0.id == id }
        return faults.count != before
    }

    func take(platform: Platform, method: String, relativePath: String, fullPath: String) -> SandboxFault.Effect? {
        guard let index = faults.firstIndex(where: {
            $0.match.matches(platform: platform, method: method, relativePath: relativePath, fullPath: fullPath)
        }) else { return nil }
        let effect = faults[index].effect
        if let count = faults[index].count {
            if count <= 1 {
                faults.remove(at: index)
            } else {
                faults[index].count = count - 1
            }
        }
        return effect
    }
}
