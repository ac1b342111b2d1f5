import Foundation

/// What the state says about one part of one post on one account, folded
/// from its records in order.
public struct PartState: Sendable, Hashable {
    public var published: StateRecord? {
        get { _published?.record }
        set { _published = newValue.map(RecordBox.init) }
    }
    /// An intent with no result after it: an earlier run stopped (or lost
    /// the answer) after deciding to send.
    public var pendingIntent: StateRecord? {
        get { _pendingIntent?.record }
        set { _pendingIntent = newValue.map(RecordBox.init) }
    }
    /// herald could not tell whether the object was made.
    public var unknown: StateRecord? {
        get { _unknown?.record }
        set { _unknown = newValue.map(RecordBox.init) }
    }
    public var failures: [StateRecord] = []
    /// When the first intent that is still unanswered was written: an
    /// object it made, the platform dates from then on. Later attempts of
    /// the same part, answered or not, do not move it: a resend that the
    /// platform refused (a 429) or never got tells nothing of an earlier one.
    public private(set) var pendingSince: Date?
    /// Intents not answered by a record of what their own attempt did.
    private var unanswered = 0
    /// The part's last record was an intent (see `apply`).
    private var lastWasIntent = false
    /// The idempotency key used by the first intent; reused by every retry.
    public var key: String?
    /// How many intents were written: the attempt number of the last one.
    public var attempts: Int = 0
    /// A person checked: it is not on the platform (`state resolve --absent`).
    public var checkedAbsent = false

    /// herald never sent it: no intent was written (a failure came before
    /// any request that makes something, such as a look-up that could not
    /// tell), nothing was made, and no person said it is absent. Its
    /// state's silence is no more proof than no record at all.
    public var neverSent: Bool { attempts == 0 && _published == nil && _unknown == nil && !checkedAbsent }

    // A shard holds a PartState per part it ever recorded, and the plan
    // copies them: boxed, a record is one pointer here instead of about 130
    // bytes of fields, so a PartState is a fifth of the size and a copy
    // retains three boxes instead of every string of three records.
    private var _published: RecordBox?
    private var _pendingIntent: RecordBox?
    private var _unknown: RecordBox?

    private final class RecordBox: Sendable, Hashable {
        let record: StateRecord
        init(_ record: StateRecord) { self.record = record }
        static func == (a: RecordBox, b: RecordBox) -> Bool { a.record == b.record }
        func hash(into hasher: inout Hasher) { hasher.combine(record) }
    }

    /// Something was, or may have been, made: a plan accounts for it, or
    /// reports it as an orphan.
    public var isRecorded: Bool { _published != nil || _pendingIntent != nil || _unknown != nil }

    /// Folds `record` in. Returns the earlier publication it replaces when
    /// that one has another id: the part was published twice.
    ///
    /// A `failed` or `absent` record with an `attempt` answers that attempt
    /// alone: what one request did (refused, never arrived) says nothing of
    /// an earlier intent still unanswered, which keeps the part pending.
    /// `attempt=0` answers none: nothing was sent (the part could not go
    /// out as it is). An `absent` without one (a look-up found nothing, a
    /// person checked) answers every intent before it. A `failed` without
    /// one, written before attempts were noted on failures, answers the
    /// intent right before it, which is the attempt it failed.
    mutating func apply(_ record: consuming StateRecord) -> StateRecord? {
        // The record is boxed here, not through the setters: they would copy it.
        var replaced: StateRecord?
        switch record.event {
        case .intent:
            attempts = max(attempts + 1, record.attempt ?? 0)
            if key == nil { key = record.key }
            if unanswered == 0 { pendingSince = record.time }
            unanswered += 1
            _pendingIntent = RecordBox(record)
            lastWasIntent = true
            return nil
        case .published:
            if let earlier = _published?.record, earlier.remoteID != record.remoteID { replaced = earlier }
            _published = RecordBox(record)
            settlePending()
            unknown = nil
        case .failed:
            // The same line twice (a merge, a hand edit) is one failure: counted twice, it would give the
            // part up early, and answer an attempt still unanswered, which a repeat could then make twice.
            if failures.contains(record) { return nil }
            let attempt = record.attempt
            failures.append(record)
            if attempt.map({ $0 > 0 }) ?? lastWasIntent { answerOneAttempt() }
        case .unknown:
            _unknown = RecordBox(record)
            settlePending()
        case .absent:
            let attempt = record.attempt
            unknown = nil
            if let attempt {
                if attempt > 0 { answerOneAttempt() }
            } else {
                settlePending()
            }
            checkedAbsent = true
        }
        lastWasIntent = false
        return replaced
    }

    /// Every intent is answered.
    private mutating func settlePending() {
        pendingIntent = nil
        pendingSince = nil
        unanswered = 0
    }

    /// The last attempt is answered; earlier ones still unanswered keep the part pending.
    private mutating func answerOneAttempt() {
        unanswered = max(0, unanswered - 1)
        if unanswered == 0 { settlePending() }
    }

    /// When each of its records was written.
    var recordTimes: [Date] {
        [_published?.record.time, _pendingIntent?.record.time, _unknown?.record.time, pendingSince].compactMap { $0 } + failures.map(\.time)
    }

    /// Failures that count against `max_attempts`: those after the post's
    /// current `publish_at`, so rescheduling starts the count again, and
    /// not those of refused credentials, fixed at the token.
    /// Up to `now` as well, when given, and the clocks' allowance past it:
    /// a failure dated later (a runner's clock far ahead) would outlast
    /// every `publish_at` a person could set to try again.
    public func failures(since date: Date?, until now: Date?) -> [StateRecord] {
        let latest = now.map { $0.addingTimeInterval(600) } ?? .distantFuture
        return failures.filter { failure in
            !(failure.cause.map(StateRecord.uncountedCauses.contains) ?? false) && date.map { failure.time >= $0 } ?? true && failure.time <= latest
        }
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
    /// The account each shard's header names, where it is not the shard's own (a copy, a rename).
    var headerAccounts: [String: String] = [:]
    /// Accounts blocked by a file of their records under a name herald does
    /// not read (`StateStore.strays`), and that file.
    var strays: [String: String] = [:]

    /// The diagnostics, with those of a file of records under another name
    /// for an account accounts.yaml does not define (a removed account's,
    /// kept on purpose) as warnings: no item of it waits on the file.
    public func diagnostics(defining accounts: Set<String>) -> [Diagnostic] {
        let kept = strays.filter { !accounts.contains($0.key) }
        guard !kept.isEmpty else { return diagnostics }
        let files = Set(kept.values)
        return diagnostics.map { problem in
            guard problem.severity == .error, let path = problem.location?.path, files.contains(path) else { return problem }
            var warning = problem
            warning.severity = .warning
            warning.hint = "no account of accounts.yaml is named so: kept on purpose, nothing is read from it"
            return warning
        }
    }
    /// The state folder as people see it (`state`, `.herald/sandbox/state`): messages name files in it.
    public var directory = "state"
    public var diagnostics: [Diagnostic] = []
    /// What is wrong with a state file or folder, and where: blocked items
    /// carry the place, as items blocked by any file's problem do.
    public struct Damage: Sendable, Equatable {
        public var what: String
        public var location: SourceLocation?
    }

    /// Accounts whose shard cannot be trusted (a damaged record, not the
    /// torn last line; a link; another format), each with what is wrong,
    /// worded to follow "the state file of 'account'": herald will not
    /// publish there until a person repairs it.
    public var damaged: [String: Damage] = [:]

    /// Set when the state folder cannot be used at all (it leads outside the
    /// repository): why, in a whole sentence, for every item.
    public var folderProblem: Damage?

    /// Reports a problem with an account's shard and blocks the account;
    /// its items name the first problem.
    mutating func damage(_ account: String, _ what: String, _ problem: Diagnostic) {
        diagnostics.append(problem)
        if damaged[account] == nil { damaged[account] = Damage(what: what, location: problem.location) }
    }

    public init() {}

    public subscript(account: String, post: String, part: Int) -> PartState? {
        shards[account]?[PartKey(post: post, part: part)]
    }

    /// How many parts have a record (`PartState.isRecorded`); counted as
    /// shards are read, off the plan's path.
    public internal(set) var recordedCount = 0

    /// The remote ids the state records as published by `account`.
    public func remoteIDs(of account: String) -> Set<String> {
        Set((shards[account] ?? [:]).values.compactMap { $0.published?.remoteID })
    }

    /// What `account` records as published, by remote id (the first in
    /// post and part order, should two claim one id), with the words each
    /// was published with where `texts` (the plan's, by post and part:
    /// hash and text) holds them still.
    public func claimants(of account: String, texts: [String: (hash: String, text: String)]) -> [String: PartRequest.Claimant] {
        var claimants: [String: PartRequest.Claimant] = [:]
        for (key, state) in (shards[account] ?? [:]).sorted(by: { ($0.key.post, $0.key.part) < ($1.key.post, $1.key.part) }) {
            guard let published = state.published, let id = published.remoteID, claimants[id] == nil else { continue }
            let text = texts["\(key.post)#\(key.part)"].flatMap { $0.hash == published.hash ? $0.text : nil }
            let hash = published.hash == StateRecord.contentBeforeEdit ? nil : published.hash
            claimants[id] = PartRequest.Claimant(post: key.post, part: key.part, text: text, hash: hash)
        }
        return claimants
    }

    /// The platform's addresses of what `account` records as published.
    public func publishedURLs(of account: String) -> [String] {
        (shards[account] ?? [:]).values.compactMap { $0.published?.url }
    }

    /// The part `account` records as published with this remote id, if any
    /// (the first in post and part order, should two claim it).
    public func part(publishedAs remoteID: String, account: String) -> (post: String, part: Int)? {
        (shards[account] ?? [:]).filter { $0.value.published?.remoteID == remoteID }.keys
            .map { ($0.post, $0.part) }.min { ($0.0, $0.1) < ($1.0, $1.1) }
    }


}
