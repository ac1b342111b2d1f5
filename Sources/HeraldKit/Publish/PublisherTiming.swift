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
    /// Why an account's items are not sent this run, found before any is.
    struct Held: Sendable {
        var why: String
        /// It is one account with another of herald's: a person keeps one.
        var shared = false
        /// The platform refused its credentials when asked who it is.
        var refused = false
    }

    /// Accounts that are one account on the platform with another of
    /// herald's (an entry copied for a rename and the old one left, or two
    /// ids given tokens of one account): each would publish every post to
    /// it, so it would hold each twice. Asked, before anything is sent, of
    /// the accounts this run has credentials for whose adapter can be one
    /// of several (`identityScope`: a Mastodon account is its token's),
    /// where two or more share a scope and have posts to publish
    /// (`active`: in the plan before --now and --account chose, so that a
    /// job publishing one account still sees another that is the same one;
    /// an old entry no post names any more is no harm). And an account
    /// this run publishes to is one with another account accounts.yaml
    /// defines whose records hold posts under its page (`profile`): one
    /// whose twin published a post, a run or a job before, is not sent it
    /// again, whether or not this run has the twin's token. An account
    /// with items whose identity cannot be told this run is held too.
    func heldAccounts(_ accounts: [String], active: Set<String>, state: StateSnapshot, defined: Set<String>) async -> [String: Held] {
        var byScope: [String: [String]] = [:]
        for (account, adapter) in adapters where active.contains(account) || accounts.contains(account) {
            if let scope = adapter.identityScope { byScope[scope, default: []].append(account) }
        }
        let publishing = Set(accounts)
        // What other accounts published, by address: a twin's posts lie under this account's page.
        let recorded = state.accounts.filter(defined.contains).map { ($0, state.publishedURLs(of: $0)) }.filter { !$1.isEmpty }
        let groups = byScope.values.filter { $0.count > 1 && $0.contains(where: publishing.contains) }
        let alone = byScope.values.filter { $0.count == 1 }.joined().filter { account in
            publishing.contains(account) && recorded.contains { $0.0 != account }
        }
        guard !groups.isEmpty || !alone.isEmpty else { return [:] }
        let answers = await withTaskGroup(of: (String, IdentityAnswer).self) { group in
            for account in Array(groups.joined()) + alone {
                guard let adapter = adapters[account] else { continue }
                group.addTask { (account, await adapter.remoteIdentity()) }
            }
            var found: [String: IdentityAnswer] = [:]
            for await (account, answer) in group { found[account] = answer }
            return found
        }
        var held: [String: Held] = [:]
        for members in groups {
            var byIdentity: [String: [String]] = [:]
            var names: [String: String] = [:]
            for account in members.sorted() {
                switch answers[account] {
                case .known(let identity)?:
                    byIdentity[identity.id, default: []].append(account)
                    names[identity.id] = identity.name
                case .unknown(let why, let refused)? where publishing.contains(account):
                    let others = members.filter { $0 != account }.sorted().map { "'\($0)'" }.joined(separator: ", ")
                    held[account] = Held(why: "cannot tell whether '\(account)' is the same account on the platform as \(others) (\(why)): "
                                         + "nothing is sent to it this run", refused: refused)
                default: break
                }
            }
            for (identity, same) in byIdentity where same.count > 1 {
                let why = "\(same.map { "'\($0)'" }.joined(separator: " and ")) are one account, \(names[identity] ?? identity), which would get every post "
                    + "\(same.count == 2 ? "twice: nothing is sent to either" : "\(same.count) times: nothing is sent to any of them") until accounts.yaml "
                    + "keeps one (an old entry left after a rename?) or each has a token of an account of its own"
                for account in same { held[account] = Held(why: why, shared: true) }
            }
        }
        for account in publishing where held[account] == nil {
            guard case .known(let identity)? = answers[account], let profile = identity.profile?.lowercased() else { continue }
            let twin = recorded.first { other, urls in other != account && urls.contains { $0.lowercased().hasPrefix(profile + "/") } }
            if let (other, _) = twin {
                held[account] = Held(why: "'\(account)' is the account '\(other)' published to (its records hold posts under \(identity.profile!)), which would get "
                                     + "every post twice: nothing is sent to '\(account)' until accounts.yaml keeps one (an old entry left after a rename?) "
                                     + "or each has a token of an account of its own", shared: true)
            }
        }
        return held
    }

    /// Items of an account not worked this run, and why.
    func notSent(_ items: [PlanItem], because held: Held) -> [PublishOutcome] {
        items.map { item in
            var outcome = PublishOutcome(item: item, result: .failed(held.why))
            outcome.personMustAct = held.shared
            outcome.credentialsRefused = held.refused
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
