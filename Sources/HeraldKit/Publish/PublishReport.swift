import Foundation

/// How a publish run ended, for people and for scripts.
public enum PublishExit: Int32, Sendable {
    /// Everything due went out (or nothing was due).
    case ok = 0
    /// Problems in files or state: some items were blocked.
    case invalidInput = 1
    /// Some items failed; the next run retries them.
    case failed = 2
    /// Some items may or may not exist on the platform: a person must check.
    case unknown = 3
}

public enum PublishReport {
    /// One line per outcome; the post id, account and a platform's message
    /// are shown with any control characters escaped.
    /// The redactor is applied before escaping: an escaped secret would no longer be found.
    /// `zone`: herald.yaml's, in which a post sent before its time says when it was due, as the plan says it.
    /// As long as a plan's reason: a message that ends with what to do (a
    /// record to delete, a command) shows whole.
    public static func line(_ outcome: PublishOutcome, redactor: Redactor = Redactor(secrets: []), zone: TimeZone? = nil) -> String {
        TerminalText.line(unescapedLine(outcome, zone: zone), redactor: redactor, limit: TerminalText.longestReason)
    }

    /// Whether an item will not go out this run and needs someone: it is
    /// blocked, unknown (a send no run could settle), or changed since published.
    public static func needsAttention(_ item: PlanItem) -> Bool {
        item.action == .blocked || item.action == .unknown || item.action == .drift
    }

    /// Whether a run lists an item it does not send: one that needs
    /// attention, or a send held while the platform may still be making it.
    public static func isShownUnsent(_ item: PlanItem) -> Bool {
        needsAttention(item) || item.heldUntil != nil
    }

    /// An item that will not go out this run and needs someone's attention
    /// (blocked, unknown, drift), with why. The reason is shortened on its
    /// own, as the plan shows it: cut with the line, a long one lost the
    /// command it ends with.
    public static func attention(_ item: PlanItem, redactor: Redactor = Redactor(secrets: [])) -> String {
        let head = TerminalText.line("\(item.action.symbol) \(PlanRenderer.pad(item.action.rawValue, 9))  \(PlanRenderer.label(item)) → \(item.accountName)", redactor: redactor)
        return head + (item.reason.map { "  " + TerminalText.line($0, redactor: redactor, limit: TerminalText.longestReason) } ?? "")
    }

    private static func unescapedLine(_ outcome: PublishOutcome, zone: TimeZone?) -> String {
        let item = outcome.item
        let label = item.partCount > 1 ? "\(item.post) [\(item.part + 1)/\(item.partCount)]" : item.post
        switch outcome.result {
        case .published(let object):
            // Sent before its time (--now, or --at a later time): said where it is seen.
            let early = sentEarly(item) ? " (before its time: due \(TimeParser.format(item.publishAt!, zone: zone, offset: nil)))" : ""
            return "+ published  \(label) → \(item.account)  \(object.url ?? object.remoteID)\(early)"
        case .alreadyThere(let object):
            return "= found      \(label) → \(item.account)  \(object.url ?? object.remoteID) (already on the platform: recorded, not sent again)"
        case .failed(let message):
            // Given up, said at the head of the line: a long message shortened in its middle lost the words.
            return "✗ \(outcome.givenUp ? "given up" : "failed  ")   \(label) → \(item.account)  \(message)"
        case .unknown(let message):
            return "? unknown    \(label) → \(item.account)  \(message)"
        case .skipped(let message):
            return "- skipped    \(label) → \(item.account)  \(message)"
        }
    }

    /// Whether an item is sent before its `publish_at` by the real clock
    /// (`--now`, or `--at` a later time).
    static func sentEarly(_ item: PlanItem) -> Bool {
        item.publishAt.map { $0 > Date() } ?? false
    }

    public struct Counts: Sendable, Encodable {
        public var published = 0, found = 0, failed = 0, unknown = 0, skipped = 0
        /// Not sent for a problem in files or state; changed since published;
        /// due, but of posts `--now` did not name (json only).
        public var blocked = 0, drift = 0, left_by_now = 0
    }

    public static func counts(_ outcomes: [PublishOutcome]) -> Counts {
        var counts = Counts()
        for outcome in outcomes {
            switch outcome.result {
            case .published: counts.published += 1
            case .alreadyThere: counts.found += 1
            case .failed: counts.failed += 1
            case .unknown: counts.unknown += 1
            case .skipped: counts.skipped += 1
            }
        }
        return counts
    }

    public static func summary(_ outcomes: [PublishOutcome], plan: Plan) -> String {
        let c = counts(outcomes)
        var text = "Published \(c.published), found \(c.found), failed \(c.failed), unknown \(c.unknown), skipped \(c.skipped)."
        text += " (\(plan.count(.wait)) waiting, \(plan.count(.done)) already done, \(plan.count(.blocked)) blocked"
        // Unknown before this run began: an earlier run could not tell, or a send is dated ahead of the clock.
        if plan.count(.unknown) > 0 { text += ", \(plan.count(.unknown)) unknown before this run, for a person to check" }
        if plan.count(.drift) > 0 { text += ", \(plan.count(.drift)) changed since published" }
        if plan.count(.unsupported) > 0 { text += ", \(plan.count(.unsupported)) on platforms herald cannot publish to yet" }
        text += ")"
        return text
    }

    /// Said after the summary when `--now` left due items of posts it did
    /// not name: they go out on a later run.
    public static func leftByNow(_ count: Int) -> String {
        count == 0 ? "" : " \(count) other due item\(count == 1 ? "" : "s") left for a later run (posts --now did not name)."
    }

    public static func exit(_ outcomes: [PublishOutcome], plan: Plan, hasErrors: Bool) -> PublishExit {
        let c = counts(outcomes)
        if c.unknown > 0 || plan.count(.unknown) > 0 { return .unknown }
        // A failure no run retries (the last of max_attempts) is no "retried next run": it needs a person, as a blocked item does.
        // (A thread's parts after a given-up one are skipped for good as well.)
        // So is one the state could not be written for: no retry gets further, and none is counted.
        // Refused credentials are retried, but only a person fixes the token, as missing ones.
        // So are accounts that are one account on the platform: a person keeps one of them.
        let givenUp = outcomes.contains { $0.needsPerson }
        // What needs a person comes before what the next run retries: a CI job may leave 2 to the
        // schedule, and a token refused would go unseen for as long as another item kept failing.
        if hasErrors || plan.count(.blocked) > 0 || givenUp { return .invalidInput }
        if outcomes.contains(where: { outcome in
            if outcome.needsPerson { return false }
            switch outcome.result {
            case .failed, .skipped: return true
            default: return false
            }
        }) { return .failed }
        return .ok
    }

    struct JSONResult: Encodable {
        var post: String, account: String, platform: String?, part: Int, result: String
        var remote_id: String?, url: String?, message: String?
        /// The post's time (UTC), and for what went out, whether it went before it.
        var publish_at: String?, early: Bool?
    }

    struct JSONDocument: Encodable {
        var schema = "herald.publish/v1"
        var at: String
        var dry_run: Bool
        var results: [JSONResult]
        var summary: Counts
    }

    /// Each value is redacted before JSON escapes it (a secret holding `"` would be written `\"`).
    /// `attention`: the plan's items that did not go out and need someone
    /// (blocked, unknown, drift), listed with their
    /// reason and counted, as the text output lists them. `leftByNow`: due
    /// items of posts `--now` did not name, counted.
    public static func json(_ outcomes: [PublishOutcome], attention: [PlanItem] = [], leftByNow: Int = 0, at: Date, dryRun: Bool,
                            redactor: Redactor = Redactor(secrets: [])) -> String {
        var summary = counts(outcomes)
        summary.left_by_now = leftByNow
        for item in attention {
            switch item.action {
            case .blocked: summary.blocked += 1
            case .unknown: summary.unknown += 1
            case .drift: summary.drift += 1
            default: break
            }
        }
        let waiting = attention.map { item in
            JSONResult(post: redactor(item.post), account: redactor(item.account), platform: item.platform?.rawValue, part: item.part,
                       result: item.action.rawValue, message: (item.wholeReason ?? item.reason).map { redactor($0) }, publish_at: item.publishAt.map(TimeParser.utc))
        }
        let results = waiting + outcomes.map { outcome -> JSONResult in
            let item = outcome.item
            var result = JSONResult(post: redactor(item.post), account: redactor(item.account), platform: item.platform?.rawValue,
                                    part: item.part, result: "", publish_at: item.publishAt.map(TimeParser.utc))
            switch outcome.result {
            case .published(let o):
                result.result = "published"; result.remote_id = redactor(o.remoteID); result.url = o.url.map { redactor($0) }
                result.early = sentEarly(item)
            case .alreadyThere(let o): result.result = "found"; result.remote_id = redactor(o.remoteID); result.url = o.url.map { redactor($0) }
            case .failed(let m): result.result = "failed"; result.message = redactor(m)
            case .unknown(let m): result.result = "unknown"; result.message = redactor(m)
            case .skipped(let m): result.result = "skipped"; result.message = redactor(m)
            }
            return result
        }
        return JSONOutput.encode(JSONDocument(at: TimeParser.utc(at), dry_run: dryRun, results: results, summary: summary))
    }
}
