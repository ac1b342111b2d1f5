import Foundation

/// What publishing would do for one (post, account, part).
public enum PlanAction: String, Sendable, Codable, CaseIterable {
    /// Due now and not yet published.
    case publish
    /// Due later.
    case wait
    /// Already published with this content.
    case done
    /// Cannot go out: invalid, credentials missing, damaged state, or given up after failures.
    case blocked
    /// Published, but the content changed since; herald does not edit published posts.
    case drift
    /// The state records it, but the post (or its account) is gone from the repository.
    case orphan
    /// An earlier run could not tell whether the platform made it: a person must check.
    case unknown
    /// A draft: never published.
    case draft
    /// This version of herald has no adapter for the platform yet.
    case unsupported

    /// Terraform-like symbol for the text renderer.
    public var symbol: String {
        switch self {
        case .publish: "+"
        case .wait: "~"
        case .done: "="
        case .blocked: "!"
        case .drift: "≠"
        case .orphan: "-"
        case .unknown: "?"
        case .draft: "·"
        case .unsupported: "×"
        }
    }
}

public struct PlanItem: Sendable, Hashable {
    public var post: String
    public var account: String
    public var platform: Platform?
    /// 0 for the post itself, 1… for thread parts.
    public var part: Int
    public var partCount: Int
    public var action: PlanAction
    public var publishAt: Date?
    /// Why, in a few words (the blocking error, the wait time, "retry 2 of 5").
    public var reason: String?
    /// The reason with the error it quotes whole, where `reason` cuts that
    /// short so that the command after it shows whole in a terminal's
    /// line: JSON gives this one.
    public var wholeReason: String?
    public var text: String?
    /// The part's media, as it goes out: shown with its alt text in a
    /// pull request's preview.
    public var media: [MediaRef] = []
    public var length: Int?
    public var limit: Int?
    public var hash: String?
    public var remoteID: String?
    public var url: String?
    /// For blocked items caused by a file problem.
    public var location: SourceLocation?
    /// Set when an earlier attempt's intent has no result: herald verifies before sending.
    public var verify: Bool = false
    /// Blocked only because the account's credentials are not set here (a
    /// pull request's job has none): the part goes out where they are, and
    /// a pull request's comment shows it with what goes out.
    public var awaitsCredentials: Bool = false
    /// Waiting after a send whose answer never came, until then: the
    /// platform may still be making it (`Publisher.settled`). The thread's
    /// later parts wait with it.
    public var heldUntil: Date?

    /// Whether a pull request's comment shows the text that goes out: a
    /// text for a platform herald does not publish to yet too, for the
    /// reviewer of a campaign to read each platform's.
    public var isPreviewed: Bool {
        text != nil && ([.publish, .wait, .drift, .unsupported].contains(action) || awaitsCredentials)
    }

    /// The account as people read it. A post that goes to no account (it
    /// lists none, or its campaign is unknown or cannot be used) has one
    /// item, whose account is empty: JSON keeps it empty.
    public var accountName: String { account.isEmpty ? "(no account)" : account }
}

public struct Plan: Sendable {
    public var at: Date
    public var items: [PlanItem]
    public var timeZone: TimeZone?

    public init(at: Date, items: [PlanItem], timeZone: TimeZone?) {
        self.at = at
        self.items = items
        self.timeZone = timeZone
    }

    // These read `items[i].action` in place: a closure over the items would
    // copy every (large) item.

    public func count(_ action: PlanAction) -> Int {
        var count = 0
        for i in items.indices where items[i].action == action { count += 1 }
        return count
    }

    /// Something is due now: an item to publish, one unknown (publish
    /// exits 3 for it until a person resolves it), or a blocked one whose
    /// time has come (its credentials not set, a credential's value in its
    /// text, given up), for which publish would fail. `--detailed-exitcode`
    /// says 2 for any of them, so a job that asks plan before it publishes
    /// runs publish, which sends the item or reports it, rather than skip it
    /// without a word.
    public var hasDueItems: Bool {
        items.contains { item in
            switch item.action {
            case .publish, .unknown: return true
            case .blocked: return item.publishAt.map { $0 <= at } ?? false
            default: return false
            }
        }
    }

    /// Nothing to publish, nothing needing attention.
    /// Nothing to list: a send held after it had no answer is listed, with until when.
    public var isQuiet: Bool { [.publish, .blocked, .drift, .orphan, .unknown].allSatisfy { count($0) == 0 } && !items.contains { $0.heldUntil != nil } }
}

extension Plan {
    /// The plan with every secret the redactor knows replaced in the items'
    /// words: done before rendering, because a format escapes characters a
    /// secret may hold (markdown writes `a_b` as `a\_b`), and a secret so
    /// escaped would no longer be found in the output.
    public func redacted(by redactor: Redactor) -> Plan {
        guard !redactor.isEmpty else { return self }
        // Found first, read in place: writing to every item would copy the whole plan.
        // Searched on all cores, 256 items per task (one task per item costs more than its search).
        let items = self.items
        let chunk = 256
        let holding = parallelMap((items.count + chunk - 1) / chunk) { c in
            (c * chunk..<min(items.count, (c + 1) * chunk)).filter { i in
                redactor.finds(in: items[i].post) || redactor.finds(in: items[i].account) || redactor.finds(in: items[i].reason ?? "")
                    || redactor.finds(in: items[i].text ?? "") || redactor.finds(in: items[i].remoteID ?? "")
                    || redactor.finds(in: items[i].url ?? "") || redactor.finds(in: items[i].location?.path ?? "")
            }
        }.joined()
        guard !holding.isEmpty else { return self }
        var plan = self
        for i in holding {
            plan.items[i].post = redactor(plan.items[i].post)
            plan.items[i].account = redactor(plan.items[i].account)
            plan.items[i].reason = plan.items[i].reason.map { redactor($0) }
            plan.items[i].text = plan.items[i].text.map { redactor($0) }
            plan.items[i].remoteID = plan.items[i].remoteID.map { redactor($0) }
            plan.items[i].url = plan.items[i].url.map { redactor($0) }
            if let path = plan.items[i].location?.path { plan.items[i].location?.path = redactor(path) }
        }
        return plan
    }
}
