import Foundation

/// Turns the repository, the state and a time into a plan. Pure: it reads
/// no clock, file or network; everything arrives as arguments.
public enum Planner {
    public struct Input: Sendable {
        public var repository: ContentRepository
        public var state: StateSnapshot
        public var now: Date
        /// Account id → credential fields it lacks (presence only).
        public var missingCredentials: [String: [String]]
        /// Platforms this herald can publish to.
        public var publishable: Set<Platform>

        public init(repository: ContentRepository, state: StateSnapshot, now: Date, missingCredentials: [String: [String]],
                    publishable: Set<Platform> = AdapterRegistry.supportedPlatforms) {
            self.repository = repository
            self.state = state
            self.now = now
            self.missingCredentials = missingCredentials
            self.publishable = publishable
        }
    }

    public static func plan(_ input: Input) -> Plan {
        let repository = input.repository
        let accounts = Dictionary(repository.accounts.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let posts = repository.posts
        let perPost = parallelMap(posts.count) { i in planItems(for: posts[i], input: input, accounts: accounts) }
        let unsorted = perPost.flatMap { $0 }
        // Sort indices, then move each item once: PlanItem is large.
        let keys = unsorted.map { ($0.publishAt ?? Date.distantFuture, $0.post, $0.account, $0.part) }
        let order = keys.indices.sorted { i, j in
            let a = keys[i], b = keys[j]
            if a.0 != b.0 { return a.0 < b.0 }
            return (a.1, a.2, a.3) < (b.1, b.2, b.3)
        }
        var items = order.map { unsorted[$0] }
        let planned = Set(items.map { StateSnapshot.Key(account: $0.account, post: $0.post, part: $0.part) })
        items += orphans(input, planned: planned, accounts: accounts)
        return Plan(at: input.now, items: items, timeZone: repository.timeZone)
    }

    private static func planItems(for post: Post, input: Input, accounts: [String: Account]) -> [PlanItem] {
        let repository = input.repository
        var items: [PlanItem] = []
        for ref in ContentResolver.accounts(of: post, campaigns: repository.campaigns) {
            guard let account = accounts[ref.value] else {
                let blocker = repository.blocker(post: post.id, account: ref.value)
                items.append(PlanItem(post: post.id, account: ref.value, platform: nil, part: 0, partCount: 1, action: .blocked,
                                      publishAt: post.publishAt?.value, reason: blocker?.fullMessage ?? "unknown account '\(ref.value)'",
                                      location: blocker?.location ?? ref.location))
                continue
            }
            let parts = repository.parts(of: post, for: account)
            // A part waits for the one before it; a blocked part blocks the rest.
            var earlierBlocked = false
            for part in parts {
                var item = PlanItem(post: post.id, account: account.id, platform: account.platform, part: part.index,
                                    partCount: parts.count, action: .publish, publishAt: post.publishAt?.value,
                                    text: part.text, length: part.length, limit: part.limit, hash: part.hash)
                if !part.text.isEmpty && part.length == nil {
                    let measured = TextRules.measure(part.text, platform: account.platform, options: account.textOptions)
                    item.length = measured.length
                    item.limit = measured.limit
                }
                decide(&item, post: post, account: account, part: part, input: input, earlierBlocked: earlierBlocked)
                if item.action == .blocked || item.action == .unknown { earlierBlocked = true }
                items.append(item)
            }
        }
        return items
    }

    private static func decide(_ item: inout PlanItem, post: Post, account: Account, part: ResolvedPart, input: Input, earlierBlocked: Bool) {
        let state = input.state[account.id, post.id, part.index]
        if let published = state?.published {
            item.remoteID = published.remoteID
            item.url = published.url
            if published.hash == part.hash {
                item.action = .done
                item.reason = "published \(TimeParser.format(published.time, zone: input.repository.timeZone, offset: nil))"
            } else {
                item.action = .drift
                item.reason = "changed after it was published on \(TimeParser.format(published.time, zone: input.repository.timeZone, offset: nil)); herald does not edit published posts"
            }
            return
        }
        if let unknown = state?.unknown {
            item.action = .unknown
            item.reason = "an earlier run could not tell whether it was published (\(unknown.error ?? "no answer")); check the account, then run 'herald state resolve \(post.id) --account \(account.id)\(part.index > 0 ? " --part \(part.index + 1)" : "")'"
            return
        }
        if let blocker = input.repository.blocker(post: post.id, account: account.id) {
            item.action = .blocked
            item.reason = blocker.fullMessage
            item.location = blocker.location
            return
        }
        if post.draft {
            item.action = .draft
            item.reason = "draft"
            return
        }
        if !input.publishable.contains(account.platform) {
            item.action = .unsupported
            item.reason = "herald \(HeraldInfo.version) cannot publish to \(account.platform.displayName) yet"
            return
        }
        if input.state.damaged.contains(account.id) {
            item.action = .blocked
            item.reason = "the state file of '\(account.id)' has a damaged record; repair it first"
            return
        }
        var credentialProblem: String?
        if let missing = input.missingCredentials[account.id], !missing.isEmpty {
            let names = missing.map { Credentials.environmentName(account: account.id, field: $0) }
            credentialProblem = "no credentials: set \(names.joined(separator: " and ")) or add \(missing.map { $0.lowercased() }.joined(separator: " and ")) for '\(account.id)' to the credentials file"
        }
        let failures = state?.failures(since: post.publishAt?.value) ?? []
        let maxAttempts = input.repository.settings.maxAttempts
        if failures.count >= maxAttempts {
            item.action = .blocked
            item.reason = "failed \(failures.count) times (last: \(failures.last?.error ?? "unknown error")); edit publish_at to try again"
            return
        }
        if earlierBlocked {
            item.action = .blocked
            item.reason = "an earlier part of the thread cannot be published"
            return
        }
        guard let publishAt = post.publishAt?.value else { return }
        if publishAt > input.now {
            // Not due yet: credentials may still be added before it is.
            item.action = .wait
            item.reason = "due \(TimeParser.format(publishAt, zone: input.repository.timeZone, offset: nil))"
                + (credentialProblem.map { "; \($0)" } ?? "")
            return
        }
        if let credentialProblem {
            item.action = .blocked
            item.reason = credentialProblem
            return
        }
        item.action = .publish
        if state?.pendingIntent != nil {
            item.verify = true
            item.reason = "an earlier run stopped after sending; herald checks the platform before sending again"
        } else if !failures.isEmpty {
            item.reason = "retry \(failures.count + 1) of \(maxAttempts) (last: \(failures.last?.error ?? "error"))"
        }
    }

    /// State records whose post, account or part is no longer in the repository:
    /// every state key the plan did not produce an item for.
    private static func orphans(_ input: Input, planned: Set<StateSnapshot.Key>, accounts: [String: Account]) -> [PlanItem] {
        let repository = input.repository
        let postsByID = Dictionary(repository.posts.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var orphans: [PlanItem] = []
        for (key, part) in input.state.parts where !planned.contains(key) {
            guard let record = part.published ?? part.pendingIntent ?? part.unknown else { continue }
            let reason: String
            if let post = postsByID[key.post] {
                let targeted = ContentResolver.accounts(of: post, campaigns: repository.campaigns).contains { $0.value == key.account }
                reason = targeted ? "the thread no longer has part \(key.part + 1)" : "the post no longer targets '\(key.account)'"
            } else if accounts[key.account] == nil {
                reason = "neither the post nor the account exists any more"
            } else {
                reason = "the post file is gone"
            }
            orphans.append(PlanItem(post: key.post, account: key.account, platform: accounts[key.account]?.platform, part: key.part,
                                    partCount: key.part + 1, action: .orphan, publishAt: nil, reason: reason,
                                    hash: record.hash, remoteID: part.published?.remoteID, url: part.published?.url))
        }
        return orphans.sorted { ($0.account, $0.post, $0.part) < ($1.account, $1.post, $1.part) }
    }
}
