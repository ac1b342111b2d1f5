import Foundation

/// When herald trusts the state's silence about an item, and when it may
/// repeat or look for a send whose answer never came: times the executor
/// and the planner both go by.
extension Publisher {
    /// How long after an item is due herald trusts the state's silence
    /// about it, on a platform without idempotency keys.
    static let overdueAfter: Duration = .seconds(3600)

    /// How far the platform's clock may be ahead of herald's while a key's
    /// window is counted: a repeat after the key has expired would make a
    /// second post. As far as a look-up reads back for a clock behind
    /// (`MastodonAdapter.clockSlack`).
    static let keyClockSlack: TimeInterval = 600

    /// How long after a send whose answer never came herald leaves it alone:
    /// the platform may still be making the post (a run stopped at once and
    /// started again). Counted from the intent, which is written before the
    /// part's files go up: each file's upload and processing, then four
    /// times the transfer timeout (two minutes at least) for the request
    /// that makes the post, which the server may work on long after a
    /// gateway or herald stopped waiting for it.
    static func settleAfterSend(requestTimeout: Int, files: Int, capabilities: PlatformCapabilities) -> TimeInterval {
        let timeout = Double(requestTimeout)
        let uploads = Double(files) * (timeout + Double(capabilities.mediaProcessing.components.seconds))
        return uploads + max(120, 4 * timeout)
    }

    /// When a send whose answer never came may be repeated or looked for
    /// (`settleAfterSend`); nil when its intent is dated further ahead of
    /// this machine's clock than clocks may differ (`keyClockSlack`): a
    /// runner's clock was wrong, and how long ago it was sent cannot be told.
    static func settled(intent: StateRecord, requestTimeout: Int, files: Int, capabilities: PlatformCapabilities, now: Date) -> Date? {
        guard intent.time.timeIntervalSince(now) <= keyClockSlack else { return nil }
        return intent.time.addingTimeInterval(settleAfterSend(requestTimeout: requestTimeout, files: files, capabilities: capabilities))
    }

    /// Whether an item the state has no record of is looked for on the
    /// platform before it is sent: it was due longer ago than the platform
    /// keeps an idempotency key (an hour without one), so a run may have
    /// published it and lost its record (a state folder lost, or a CI job
    /// that does not commit it), or a person published it by hand.
    static func lookedForFirst(due: Date?, now: Date, capabilities: PlatformCapabilities) -> Bool {
        guard capabilities.lookup, let due else { return false }
        return now.timeIntervalSince(due) > Double(trustedFor(capabilities).components.seconds)
    }

    /// How long after an item is due the state's silence about it is trusted.
    static func trustedFor(_ capabilities: PlatformCapabilities) -> Duration {
        capabilities.idempotencyKeyWindow ?? overdueAfter
    }

    /// `trustedFor` in words: "an hour", "2 hours".
    static func trustedForWords(_ capabilities: PlatformCapabilities) -> String {
        let hours = trustedFor(capabilities).components.seconds / 3600
        return hours == 1 ? "an hour" : "\(hours) hours"
    }
}
