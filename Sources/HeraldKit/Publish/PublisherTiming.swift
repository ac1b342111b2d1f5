import Foundation

/// When herald trusts the state's silence about an item, and when it may
/// repeat or look for a send whose answer never came: times the executor
/// and the planner both go by; and which sends have no answer yet.
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
    /// part's files go up: each file's upload, for as long as herald allows
    /// it (`PlatformCapabilities.uploadTimeout`), and processing, then four
    /// times the transfer timeout (two minutes at least) for the request
    /// that makes the post, which the server may work on long after a
    /// gateway or herald stopped waiting for it.
    static func settleAfterSend(requestTimeout: Int, fileBytes: [Int], capabilities: PlatformCapabilities) -> TimeInterval {
        let base = Duration.seconds(requestTimeout)
        let uploads = fileBytes.reduce(Duration.zero) { $0 + PlatformCapabilities.uploadTimeout(bytes: $1, base: base) + capabilities.mediaProcessing }
        return Double(uploads.components.seconds) + settleAfterCreate(requestTimeout: requestTimeout)
    }

    /// The part of `settleAfterSend` for the request that makes the post.
    static func settleAfterCreate(requestTimeout: Int) -> TimeInterval {
        max(120, 4 * Double(requestTimeout))
    }

    /// When a send whose answer never came may be repeated or looked for:
    /// `settleAfterSend` after its intent, and `settleAfterCreate` after a
    /// failure that left it unanswered (written when herald stopped waiting
    /// for the post, however long its files took). Nil when the part has no
    /// unanswered intent (callers ask only of one that has), or when it is
    /// dated further ahead of this machine's clock than clocks may differ
    /// (`keyClockSlack`): a runner's clock was wrong, and how long ago it
    /// was sent cannot be told.
    static func settled(_ state: PartState, requestTimeout: Int, fileBytes: [Int], capabilities: PlatformCapabilities, now: Date) -> Date? {
        guard let intent = state.pendingIntent else { return nil }
        guard intent.time.timeIntervalSince(now) <= keyClockSlack else { return nil }
        // As the run that sent it worked it out, from what it sent; else from the post as it is now.
        let after = intent.settle.map(Double.init) ?? settleAfterSend(requestTimeout: requestTimeout, fileBytes: fileBytes, capabilities: capabilities)
        var settled = intent.time.addingTimeInterval(after)
        if let left = state.failures.last(where: { $0.cause == StateRecord.unansweredCause && $0.time >= intent.time }) {
            settled = max(settled, left.time.addingTimeInterval(settleAfterCreate(requestTimeout: requestTimeout)))
        }
        return settled
    }

    /// Whether a send whose answer never came is repeated with its key (the
    /// platform then answers for the first) rather than looked for: while
    /// the key's window, counted from the first unanswered attempt (a repeat
    /// does not renew it), has more than `keyClockSlack` left.
    static func keyStillValid(firstSent: Date, window: Duration?, now: Date) -> Bool {
        keyRepeatsUntil(firstSent: firstSent, window: window).map { now < $0 } ?? false
    }

    /// Until when a repeat goes with the key (`keyStillValid`); nil on a
    /// platform without keys.
    static func keyRepeatsUntil(firstSent: Date, window: Duration?) -> Date? {
        window.map { firstSent.addingTimeInterval(Double($0.components.seconds) - keyClockSlack) }
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

    /// The sends with no answer yet (held, waiting on a send a killed run
    /// made), by account: a status one may have made is not an edited
    /// post's (`PartRequest.unanswered`). Not every item's: one never sent
    /// can have made nothing, and its text, the same as an edited post's
    /// before the edit, would hide that post's status. A later part whose
    /// part before has no record replied to what herald cannot say.
    static func unansweredSends(of items: [PlanItem], state: StateSnapshot) -> [String: [PartRequest.UnansweredSend]] {
        var sends: [String: [PartRequest.UnansweredSend]] = [:]
        for item in items {
            guard let text = item.text, let part = state[item.account, item.post, item.part], let intent = part.pendingIntent else { continue }
            let replyTo = item.part == 0 ? nil : state[item.account, item.post, item.part - 1]?.published?.remoteID
            if item.part > 0 && replyTo == nil { continue }
            sends[item.account, default: []].append(.init(text: text, media: item.media, since: part.pendingSince ?? intent.time, replyTo: replyTo))
        }
        return sends
    }
}

extension Publisher {
    /// Accounts that are one account on the platform with another of
    /// herald's (an entry copied for a rename and the old one left, or two
    /// ids given one token): each would publish every post to it, so it
    /// would hold each twice. Account id → why nothing is sent to it. Asked
    /// only of accounts that share a scope (`identityScope`: two on one
    /// Mastodon instance), before anything is sent.
    func sharedAccounts(_ accounts: [String]) async -> [String: String] {
        var byScope: [String: [String]] = [:]
        for account in accounts {
            if let scope = adapters[account]?.identityScope { byScope[scope, default: []].append(account) }
        }
        let asked = byScope.values.filter { $0.count > 1 }.flatMap { $0 }
        guard !asked.isEmpty else { return [:] }
        let identities = await withTaskGroup(of: (String, RemoteIdentity?).self) { group in
            for account in asked { group.addTask { (account, await adapters[account]?.remoteIdentity()) } }
            var found: [String: RemoteIdentity] = [:]
            for await (account, identity) in group { found[account] = identity }
            return found
        }
        var shared: [String: String] = [:]
        for (scope, members) in byScope where members.count > 1 {
            let byIdentity = Dictionary(grouping: members.filter { identities[$0] != nil }) { identities[$0]!.id }
            for (_, same) in byIdentity where same.count > 1 {
                let names = same.sorted()
                let who = identities[names[0]]?.name.map { " (\($0))" } ?? ""
                let why = "\(names.map { "'\($0)'" }.joined(separator: " and ")) are one account on \(scope)\(who), which would get every post "
                    + "\(names.count == 2 ? "twice: nothing is sent to either" : "\(names.count) times: nothing is sent to any of them") until accounts.yaml "
                    + "keeps one (an old entry left after a rename?) or each has its own token"
                for name in names { shared[name] = why }
            }
        }
        return shared
    }

    /// Items of an account not worked this run, for `why`: a person must act.
    func notSent(_ items: [PlanItem], because why: String) -> [PublishOutcome] {
        items.map { item in
            var outcome = PublishOutcome(item: item, result: .failed(why))
            outcome.personMustAct = true
            report(outcome)
            return outcome
        }
    }
}

extension Publisher {
    /// What each item done was published with, as the repository holds it,
    /// by account, then post and part: a status another item's record
    /// holds is that item's when it holds its words (`PartRequest.claimants`).
    static func publishedTexts(of items: [PlanItem]) -> [String: [String: (hash: String, text: String)]] {
        var texts: [String: [String: (hash: String, text: String)]] = [:]
        for item in items where item.action == .done || item.action == .drift {
            if let hash = item.hash, let text = item.text { texts[item.account, default: [:]]["\(item.post)#\(item.part)"] = (hash, text) }
        }
        return texts
    }
}
