import Foundation

/// What happened to one item in a publish run.
public struct PublishOutcome: Sendable {
    public enum Result: Sendable, Equatable {
        case published(PublishedObject)
        /// Found on the platform after an uncertain attempt: recorded, not sent again.
        case alreadyThere(PublishedObject)
        /// Not made; retried next run.
        case failed(String)
        /// herald cannot tell whether it was made: a person must check.
        case unknown(String)
        /// Not attempted this run (an earlier thread part failed, rate limited).
        case skipped(String)
    }

    public var item: PlanItem
    public var result: Result
    /// A failure that was the last of `max_attempts`: no run retries it
    /// until its `publish_at` is set later than that failure.
    public var givenUp = false
    /// Not sent because the state could not be written (a full disk, a
    /// state file herald may not write): no run gets further until a
    /// person sees to it, and no failure could be recorded to count.
    public var stateUnwritten = false
    /// Not sent because the platform refused the account's credentials
    /// (401): the next run tries again, but only a person fixes the token.
    public var credentialsRefused = false
    /// Not sent for what only a person settles: another of herald's
    /// accounts is the same account on the platform (`heldAccounts`), or
    /// the state records the item's post for another item
    /// (`LookupResult.recordedForAnother`).
    public var personMustAct = false

    /// Whether only a person gets it further: no run retries it as it is.
    public var needsPerson: Bool { givenUp || stateUnwritten || credentialsRefused || personMustAct }
}

public struct PublishOptions: Sendable {
    /// Accounts worked at once.
    public var concurrency: Int = 4
    /// Tries per item within one run (temporary errors, uncertain requests with a key).
    public var triesPerRun: Int = 4
    /// First backoff; doubles each try, with jitter.
    public var backoff: Duration = .seconds(1)
    /// A single wait longer than this ends the item's turn for this run.
    public var maxWait: Duration = .seconds(60)
    public var repositoryRoot: String = "."
    /// Applied to what a platform answered before it is recorded: the state
    /// is committed to git, and an error message may quote a credential.
    public var redactor = Redactor(secrets: [])
    /// Set by a signal: no item starts after it, and no retry is waited for.
    public var interruption = Interruption()
    /// The real time. A platform keeps an idempotency key for a span of real
    /// time, so whether an overdue item is looked for first is decided by
    /// this clock as well as by the plan's time (`publish --at`), whichever
    /// is later: an `--at` soon after a post was due must not skip the
    /// look-up that the hours since then call for. Tests set it.
    public var clock: @Sendable () -> Date = { Date() }

    public init() {}
}
