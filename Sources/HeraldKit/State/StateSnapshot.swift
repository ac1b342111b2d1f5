import Foundation

/// What the state says about one part of one post on one account, folded
/// from its records in order.
public struct PartState: Sendable, Hashable {
    public var published: StateRecord?
    /// An intent with no result after it: an earlier run stopped (or lost
    /// the answer) after deciding to send.
    public var pendingIntent: StateRecord?
    /// herald could not tell whether the object was made.
    public var unknown: StateRecord?
    public var failures: [StateRecord] = []
    /// The idempotency key used by the first intent; reused by every retry.
    public var key: String?
    /// How many intents were written: the attempt number of the last one.
    public var attempts: Int = 0

    /// Something was, or may have been, made: a plan accounts for it, or
    /// reports it as an orphan.
    public var isRecorded: Bool { published != nil || pendingIntent != nil || unknown != nil }

    mutating func apply(_ record: StateRecord) {
        switch record.event {
        case .intent:
            pendingIntent = record
            attempts = max(attempts + 1, record.attempt ?? 0)
            if key == nil { key = record.key }
        case .published:
            published = record
            pendingIntent = nil
            unknown = nil
        case .failed:
            failures.append(record)
            pendingIntent = nil
        case .unknown:
            unknown = record
            pendingIntent = nil
        case .absent:
            unknown = nil
            pendingIntent = nil
        }
    }

    /// Failures that count against `max_attempts`: those after the post's
    /// current `publish_at`, so rescheduling starts the count again.
    public func failures(since date: Date?) -> [StateRecord] {
        guard let date else { return failures }
        return failures.filter { $0.time >= date }
    }
}

/// The state of every shard, read once per run.
public struct StateSnapshot: Sendable {
    /// One part of one post, within an account's shard.
    struct PartKey: Hashable, Sendable {
        var post: String
        var part: Int
    }

    /// Account → what its shard says, per part. Kept per shard so shards
    /// read in parallel join without rehashing.
    var shards: [String: [PartKey: PartState]] = [:]
    /// Accounts that have a shard.
    public var accounts: Set<String> = []
    public var diagnostics: [Diagnostic] = []
    /// Accounts whose shard has a damaged record (not the torn last line):
    /// herald will not publish there until a person repairs it.
    public var damaged: Set<String> = []

    public init() {}

    public subscript(account: String, post: String, part: Int) -> PartState? {
        shards[account]?[PartKey(post: post, part: part)]
    }

    /// How many parts have a record (`PartState.isRecorded`); counted as
    /// shards are read, off the plan's path.
    public internal(set) var recordedCount = 0


}
