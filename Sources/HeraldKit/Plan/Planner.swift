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
        /// What their adapters can do: which items publish looks for first.
        public var capabilities: [Platform: PlatformCapabilities]
        /// The credentials' values: content holding one is never published.
        public var secrets: Redactor
        /// The state is the sandbox's: the commands a reason names add
        /// `--sandbox`, so that they change that state, not the real one.
        public var sandboxed: Bool

        public init(repository: ContentRepository, state: StateSnapshot, now: Date, missingCredentials: [String: [String]],
                    publishable: Set<Platform> = AdapterRegistry.supportedPlatforms, secrets: Redactor = Redactor(secrets: []),
                    sandboxed: Bool = false, capabilities: [Platform: PlatformCapabilities] = AdapterRegistry.capabilities) {
            self.repository = repository
            self.state = state
            self.now = now
            self.missingCredentials = missingCredentials
            self.publishable = publishable
            self.capabilities = capabilities
            self.secrets = secrets
            self.sandboxed = sandboxed
        }
    }

    public static func plan(_ input: Input) -> Plan {
        let repository = input.repository
        let accounts = Dictionary(repository.accounts.map { ($0.id, PreparedAccount(account: $0)) }, uniquingKeysWith: { a, _ in a })
        // Items are ordered by (publish_at, post, account, part): the posts
        // are sorted, and each post's items come out in (account, part) order.
        let times = repository.posts.map { $0.publishAt?.value ?? .distantFuture }
        let ids = repository.posts.map(\.id)
        let order = ids.indices.sorted { i, j in times[i] != times[j] ? times[i] < times[j] : ids[i] < ids[j] }
        // Each post's destinations first, which give its item count; then every
        // post writes its items straight into its place in the plan, so no
        // item is copied from one array into another.
        let shared = ReadByEveryPost(accounts: accounts, campaigns: repository.campaigns)
        let destinations = parallelMap(order.count, local: { shared.copy() }) { shared, i in
            self.destinations(of: repository.posts[order[i]], repository: repository, shared: shared)
        }
        // Read in place: a copied destination retains every string it holds.
        let offsets = [Int](unsafeUninitializedCapacity: order.count + 1) { offsets, count in
            var total = 0
            offsets[0] = 0
            for i in destinations.indices {
                for j in destinations[i].indices { total += destinations[i][j].itemCount }
                if destinations[i].isEmpty { total += 1 }  // a post that goes nowhere: one item says why
                offsets[i + 1] = total
            }
            count = order.count + 1
        }
        var recorded = 0
        var items = [PlanItem](unsafeUninitializedCapacity: offsets[order.count]) { buffer, count in
            nonisolated(unsafe) let base = buffer.baseAddress!
            // In the chunks `destinations` was made in: the accounts each
            // chunk's destinations hold are that chunk's copies, and stay
            // with one core.
            recorded = parallelMap(order.count, local: {}) { _, i in
                var next = base + offsets[i]
                let end = base + offsets[i + 1]
                let found = planItems(for: repository.posts[order[i]], destinations: destinations[i], input: input, into: &next, end: end)
                precondition(next == end, "a post emitted fewer plan items than it counted")
                return found
            }.reduce(0, +)
            count = offsets[order.count]
        }
        // Every recorded state key that some item found is accounted for;
        // only when some are not is there an orphan to look for.
        var orphaned: [Orphan] = []
        if recorded != input.state.recordedCount {
            var planned: [String: Int] = [:]
            planned.reserveCapacity(order.count)
            for (i, index) in order.enumerated() { planned[ids[index]] = i }
            orphaned = orphans(input, accounts: accounts) { post, account, part in
                guard let i = planned[post] else { return false }
                return items[offsets[i]..<offsets[i + 1]].contains { $0.account == account && $0.part == part }
            }
        }
        let drifted = items.indices.filter { items[$0].action == .drift }
        if !orphaned.isEmpty || !drifted.isEmpty {
            holdMoved(&items, orphans: &orphaned, drifted: drifted, input: input)
        }
        items += orphaned.map(\.item)
        // A post file that cannot be read is no orphan, and has no items of
        // its own: one row says why, unless its records have theirs.
        let withRecords = repository.unreadablePosts.isEmpty ? [] : Set(orphaned.map(\.item.post))
        for id in repository.unreadablePosts where !withRecords.contains(id) {
            let problem = repository.invalidPosts[id]
            items.append(PlanItem(post: id, account: "", platform: nil, part: 0, partCount: 1, action: .blocked, publishAt: nil,
                                  reason: problem?.fullMessage, location: problem?.location))
        }
        return Plan(at: input.now, items: items, timeZone: repository.timeZone)
    }

    /// One account a post goes to, and its parts; no account when the
    /// post names one that does not exist.
    private struct Destination: Sendable {
        var reference: Located<String>
        var account: PreparedAccount?
        var parts: [ResolvedPart]

        /// How many items `planItems` emits for it.
        var itemCount: Int { account == nil ? 1 : parts.count }
    }

    /// A post's destinations in account order. An account listed twice (an
    /// error) is one destination.
    private static func destinations(of post: Post, repository: ContentRepository, shared: ReadByEveryPost) -> [Destination] {
        let accounts = shared.accounts
        let refs = ContentResolver.accounts(of: post, campaigns: shared.campaigns).sorted { $0.value < $1.value }
        var destinations: [Destination] = []
        destinations.reserveCapacity(refs.count)
        // A post to many accounts has their parts worked out together; a
        // few are looked up one by one, allocating nothing more.
        var together: [String: [ResolvedPart]] = [:]
        if refs.count > Post.fewEntries {
            var known: [Account] = []
            for ref in refs where known.last?.id != ref.value {
                if let account = accounts[ref.value]?.account { known.append(account) }
            }
            together = Dictionary(zip(known.map(\.id), repository.parts(of: post, for: known)), uniquingKeysWith: { first, _ in first })
        }
        // Sorted, an account listed twice comes twice in a row.
        for ref in refs where destinations.last?.reference.value != ref.value {
            let account = accounts[ref.value]
            let parts = account.map { together[$0.id] ?? repository.parts(of: post, for: $0) } ?? []
            destinations.append(Destination(reference: ref, account: account, parts: parts))
        }
        return destinations
    }

    /// Writes a post's items in order, each destination's parts in order (an
    /// unknown account gets one item): the items come out sorted. Returns
    /// how many of them the state has a record of.
    private static func planItems(for post: Post, destinations: [Destination], input: Input,
                                  into next: inout UnsafeMutablePointer<PlanItem>, end: UnsafeMutablePointer<PlanItem>) -> Int {
        func emit(_ item: consuming PlanItem) {
            precondition(next < end, "a post emitted more plan items than it counted")
            next.initialize(to: item)
            next += 1
        }
        let repository = input.repository
        if destinations.isEmpty {
            // It lists no account, or its campaign is unknown or cannot be used: still a row of
            // the plan (a pull request's comment shows every post), blocked by that error.
            let blocker = repository.blocker(post: post.id, account: "")
            let draft = blocker == nil && post.draft
            emit(PlanItem(post: post.id, account: "", platform: nil, part: 0, partCount: 1, action: draft ? .draft : .blocked,
                          publishAt: post.publishAt?.value, reason: blocker?.fullMessage ?? (draft ? "draft; it targets no accounts yet" : "targets no accounts"),
                          location: blocker?.location))
            return 0
        }
        var recorded = 0
        // Every waiting item of a post says when it is due: written once.
        var dueReason: String?
        // An unknown account blocks the post's other accounts too; their
        // items say so rather than repeat an error about another account.
        let unknown = destinations.first { $0.account == nil }?.reference
        for destination in destinations {
            guard let prepared = destination.account else {
                let blocker = repository.blocker(post: post.id, account: destination.reference.value)
                emit(PlanItem(post: post.id, account: destination.reference.value, platform: nil, part: 0, partCount: 1, action: .blocked,
                              publishAt: post.publishAt?.value, reason: blocker?.fullMessage ?? "unknown account '\(destination.reference.value)'",
                              location: blocker?.location ?? destination.reference.location))
                continue
            }
            // The prepared account, not a copy of its `Account`: every post
            // reads the same three, and a copy would count references to them.
            let account = prepared
            let parts = destination.parts
            // A part waits for the one before it; a blocked part blocks the rest.
            var earlierBlocked = false
            // The first part the state holds as published with each hash, read
            // once per thread (a part is checked against all parts before it).
            var firstPublished: [String: Int]?
            // Fields are read from `parts` in place: copying a ResolvedPart costs more than using it.
            for index in parts.indices {
                let hash = parts[index].hash
                var item = PlanItem(post: post.id, account: account.id, platform: account.platform, part: parts[index].index,
                                    partCount: parts.count, action: .publish, publishAt: post.publishAt?.value,
                                    text: parts[index].text, length: parts[index].length, limit: parts[index].limit, hash: hash)
                if !parts[index].text.isEmpty && parts[index].length == nil {
                    let measured = TextRules.measure(parts[index].text, platform: account.platform, options: prepared.options)
                    item.length = measured.length
                    item.limit = measured.limit
                }
                let state = input.state[account.id, post.id, parts[index].index]
                if state?.isRecorded == true { recorded += 1 }
                let secret = input.secrets.isEmpty ? nil : secretLocation(in: parts[index], secrets: input.secrets)
                var samePublished: Int?
                if state?.isRecorded != true, parts[index].index > 0 {
                    if firstPublished == nil {
                        var first: [String: Int] = [:]
                        for part in 0..<(parts.last?.index ?? 0) {
                            if let published = input.state[account.id, post.id, part]?.published?.hash, first[published] == nil {
                                first[published] = part
                            }
                        }
                        firstPublished = first
                    }
                    samePublished = firstPublished?[hash].flatMap { $0 < parts[index].index ? $0 : nil }
                }
                decide(&item, post: post, account: account, part: parts[index].index, hash: hash, state: state,
                       input: input, earlierBlocked: earlierBlocked, dueReason: &dueReason, unknownAccount: unknown, secretAt: secret,
                       samePublished: samePublished)
                if item.action == .blocked || item.action == .unknown { earlierBlocked = true }
                emit(consume item)
            }
        }
        return recorded
    }

    /// Where a part's text or a media description, both sent to the
    /// platform, holds a credential's value.
    private static func secretLocation(in part: ResolvedPart, secrets: Redactor) -> SourceLocation? {
        if secrets.finds(in: part.text) { return part.textLocation }
        return part.media.lazy.compactMap(\.alt).first { secrets.finds(in: $0.value) }?.location
    }

    private static func decide(_ item: inout PlanItem, post: Post, account: PreparedAccount, part: Int, hash: String, state: PartState?,
                               input: Input, earlierBlocked: Bool, dueReason: inout String?, unknownAccount: Located<String>?,
                               secretAt: SourceLocation?, samePublished: Int?) {
        if let published = state?.published {
            item.remoteID = published.remoteID
            item.url = published.url
            if published.hash == hash {
                item.action = .done
                item.reason = TimeParser.format(published.time, zone: input.repository.timeZone, offset: nil, after: "published ")
            } else {
                item.action = .drift
                item.reason = "changed after it was published on \(TimeParser.format(published.time, zone: input.repository.timeZone, offset: nil)); herald does not edit published posts"
            }
            return
        }
        if let unknown = state?.unknown {
            item.action = .unknown
            // The platform's words cut short (after their secrets are replaced): the command after them must show whole.
            let error = TerminalText.shortened(input.secrets(unknown.error ?? "no answer"), limit: Self.longestQuotedError)
            item.reason = "an earlier run could not tell whether it was published (\(error)); check the account, then run '\(resolveCommand(post: post.id, account: account.id, part: part, input: input))' (its id on the platform), or the same with --absent if it is not there"
            return
        }
        if let blocker = input.repository.blocker(post: post.id, account: account.id) {
            item.action = .blocked
            if let unknownAccount, blocker.location == unknownAccount.location {
                // Defined with an error that leaves it unreadable, it is not unknown: its own item says why.
                let named = input.repository.invalidAccounts[unknownAccount.value] == nil
                    ? "unknown account '\(unknownAccount.value)'" : "account '\(unknownAccount.value)', which cannot be used"
                item.reason = "the post also names \(named); none of its accounts is published until that is fixed"
            } else {
                item.reason = blocker.fullMessage
            }
            item.location = blocker.location
            return
        }
        if post.draft {
            item.action = .draft
            item.reason = "draft"
            return
        }
        // A part inserted into a published thread shifts the parts after it:
        // the last would go out again as a new reply. `samePublished` is the
        // earlier part published with this part's content, for a part with no record.
        if let earlier = samePublished {
            item.action = .blocked
            item.reason = "the same content as part \(earlier + 1), which is published: a published thread takes new parts only at its end"
            return
        }
        if let secretAt {
            item.action = .blocked
            item.reason = "\(secretAt) holds the value of a credential (from the environment or the credentials file); herald never publishes a secret"
            item.location = secretAt
            return
        }
        if !input.publishable.contains(account.platform) {
            item.action = .unsupported
            item.reason = "herald \(HeraldInfo.version) cannot publish to \(account.platform.displayName) yet"
            return
        }
        if let problem = input.state.folderProblem {
            item.action = .blocked
            item.reason = problem.what
            item.location = problem.location
            return
        }
        if let damage = input.state.damaged[account.id] {
            item.action = .blocked
            item.reason = "the state file of '\(account.id)' \(damage.what)"
            item.location = damage.location
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
            let due = dueReason ?? "due \(TimeParser.format(publishAt, zone: input.repository.timeZone, offset: nil))"
            dueReason = due
            item.reason = credentialProblem.map { "\(due); \($0)" } ?? due
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
            return
        }
        // As publish decides it: nothing sent by herald, and overdue.
        if state?.neverSent ?? true, let capabilities = input.capabilities[account.platform],
           Publisher.lookedForFirst(due: publishAt, now: input.now, capabilities: capabilities) {
            item.verify = true
            item.reason = "due over \(Publisher.trustedForWords(capabilities)) ago with no record: looked for on \(account.platform.displayName) first, sent only if not there"
        }
        if !failures.isEmpty {
            item.reason = "retry \(failures.count + 1) of \(maxAttempts) (last: \(failures.last?.error ?? "error"))"
        }
    }

    /// A post file moved or renamed after it was published gets a new id,
    /// and an account renamed in accounts.yaml a new state file: either way
    /// the state has no record of the item, and sending it would post it a
    /// second time; so would moving an account out of a post into a post of
    /// its own. An item with no record is blocked when its account published
    /// the same part with the same content under a post whose file is gone,
    /// or that no longer targets it, or whose file has changed since (moved,
    /// and a new file written at the old path: that one shows drift); or
    /// when its post did under an account accounts.yaml no longer has. It
    /// says how to carry the record over; the orphan, or the changed post's
    /// item, names it. A file moved and edited matches no content: a due
    /// first part with no record is held when a post whose file is gone was
    /// due at its very time (its record says), or published to its account
    /// soon after it (`movedAndEditedWindow`), and says how to tell herald
    /// which it is. The thread's later parts
    /// wait on a held part, as on any blocked part.
    private static func holdMoved(_ items: inout [PlanItem], orphans: inout [Orphan], drifted: [Int], input: Input) {
        /// The same part and content from a post that is gone, changed or no
        /// longer targets the account (to the same account), or to an account
        /// that is gone (from the same post).
        struct Content: Hashable {
            var post: String?
            var account: String?
            var part: Int
            var hash: String
        }
        /// Where that content's record shows in the plan: an orphan, or an
        /// item (done or drift) of a post with drift.
        enum Source {
            case orphan(Int)
            case changed(Int)
        }
        var published: [Content: Source] = [:]
        for i in orphans.indices where orphans[i].item.remoteID != nil {
            let orphan = orphans[i].item
            guard let hash = orphan.hash else { continue }
            let gone: Content? = switch orphans[i].gone {
            case .post, .target: Content(account: orphan.account, part: orphan.part, hash: hash)
            case .account: Content(post: orphan.post, part: orphan.part, hash: hash)
            case .part, .unreadable: nil
            }
            if let gone, published[gone] == nil { published[gone] = .orphan(i) }
        }
        // Every published part of a changed post, the unchanged ones too: a
        // moved thread matches part by part.
        var covered = 0
        for d in drifted where d >= covered {
            let parts = destination(around: d, in: items)
            for i in parts {
                guard let hash = input.state[items[i].account, items[i].post, items[i].part]?.published?.hash else { continue }
                let changed = Content(account: items[i].account, part: items[i].part, hash: hash)
                if published[changed] == nil { published[changed] = .changed(i) }
            }
            covered = parts.upperBound
        }
        // A file moved and edited in one change matches no content: its due
        // first part is held by a post whose file is gone, on the same
        // account, due at its time (`goneFile`), unless a moved file holds
        // that post's content.
        let unrecorded = items.indices.filter { i in
            (items[i].action == .publish || items[i].action == .wait) && items[i].hash != nil
                && input.state[items[i].account, items[i].post, items[i].part] == nil
        }
        let claimed = Set(unrecorded.compactMap { i -> Int? in
            guard let hash = items[i].hash, case .orphan(let o)? = published[Content(account: items[i].account, part: items[i].part, hash: hash)]
            else { return nil }
            return o
        })
        var goneFiles: [String: [(orphan: Int, time: Date, due: Date?)]] = [:]
        for i in orphans.indices where orphans[i].gone == .post && orphans[i].item.part == 0 && orphans[i].item.remoteID != nil && !claimed.contains(i) {
            let orphan = orphans[i].item
            guard let record = input.state[orphan.account, orphan.post, 0]?.published else { continue }
            goneFiles[orphan.account, default: []].append((i, record.time, record.due))
        }
        /// The gone post a due first part may be: the one due at its very
        /// time, where the record says when it was due (a moved file keeps
        /// its `publish_at`); else the first published within the window after it.
        func goneFile(for item: PlanItem) -> (orphan: Int, time: Date, due: Date?)? {
            guard item.action == .publish, item.part == 0, let due = item.publishAt, let gone = goneFiles[item.account] else { return nil }
            if let same = gone.first(where: { $0.due.map { abs($0.timeIntervalSince(due)) < 1 } ?? false }) { return same }
            return gone.filter { $0.due == nil && $0.time >= due && $0.time.timeIntervalSince(due) <= movedAndEditedWindow }
                .min { $0.time < $1.time }
        }
        guard !published.isEmpty || !goneFiles.isEmpty else { return }
        var held: [Int] = []
        for i in unrecorded {
            let item = items[i]
            guard let hash = item.hash else { continue }
            let part = item.part > 0 ? " (part \(item.part + 1))" : ""
            if let source = published[Content(account: item.account, part: item.part, hash: hash)] {
                // What the published content was, and how the plan says it.
                let old: PlanItem, was: String, moved: String, holds: String
                switch source {
                case .orphan(let o):
                    old = orphans[o].item
                    let target = orphans[o].gone == .target
                    was = target ? ", published, which no longer targets '\(item.account)'" : ", published, whose file is gone"
                    (moved, holds) = (target ? "it" : "the file", "the same content")
                case .changed(let c):
                    old = items[c]
                    was = " had when it was published (its file has changed since)"
                    (moved, holds) = ("the file", "the text it published")
                }
                guard let remoteID = old.remoteID else { continue }
                let command = resolveCommand(post: item.post, account: item.account, part: item.part, published: remoteID, input: input)
                items[i].reason = "same content as \(old.post)\(part)\(was): to send it again, change its text; if \(moved) moved here, run '\(command)'"
                let named = (old.reason ?? "") + "; \(item.post)\(part) holds \(holds)"
                switch source {
                case .orphan(let o): orphans[o].item.reason = named
                case .changed(let c): items[c].reason = named
                }
            } else if case .orphan(let o) = published[Content(post: item.post, part: item.part, hash: hash)] {
                let folder = input.state.directory + "/"
                let old = folder + orphans[o].item.account + StateStore.fileExtension, new = folder + item.account + StateStore.fileExtension
                // Renaming over a state file the new name already wrote would lose its records.
                let carry = input.state.accounts.contains(item.account) ? "add the records of \(old) (all but its first line) to the end of \(new)"
                    : "rename its state file \(old) to \(new)"
                items[i].reason = "published with the same content by account '\(orphans[o].item.account)', which accounts.yaml no longer has: if it was renamed '\(item.account)', \(carry); to send it again, change its text"
                orphans[o].item.reason = "the account is gone from accounts.yaml; '\(item.account)' would send the same content"
            } else if let gone = goneFile(for: item), let remoteID = orphans[gone.orphan].item.remoteID {
                let o = gone.orphan
                let old = orphans[o].item
                let moved = resolveCommand(post: item.post, account: item.account, part: 0, published: remoteID, input: input)
                let new = resolveCommand(post: item.post, account: item.account, part: 0, absent: true, input: input)
                let when = gone.due != nil ? "was due at the same time and published to \(item.account)" : "was published to \(item.account) soon after this post's time"
                items[i].reason = "no record, and \(old.post), whose file is gone, \(when): "
                    + "if this is its file, moved and edited, run '\(moved)'; if this is a new post, run '\(new)'"
                orphans[o].item.reason = (old.reason ?? "") + "; \(item.post) may be its file, moved and edited"
            } else {
                continue
            }
            items[i].action = .blocked
            held.append(i)
        }
        // Once each part had its own match, the parts after a held one wait on it.
        for i in held {
            for later in destination(around: i, in: items) where later > i && (items[later].action == .publish || items[later].action == .wait) {
                items[later].action = .blocked
                items[later].reason = "an earlier part of the thread cannot be published"
            }
        }
    }

    /// The items of one post to one account, around the item at `index`:
    /// next to each other in the plan, in part order.
    private static func destination(around index: Int, in items: [PlanItem]) -> Range<Int> {
        let post = items[index].post, account = items[index].account
        var lower = index, upper = index + 1
        while lower > 0 && items[lower - 1].post == post && items[lower - 1].account == account { lower -= 1 }
        while upper < items.count && items[upper].post == post && items[upper].account == account { upper += 1 }
        return lower..<upper
    }

    /// How much of a platform's error a reason quotes; the state keeps more.
    static let longestQuotedError = 120

    /// The command that records what a person found on the platform for an item.
    private static func resolveCommand(post: String, account: String, part: Int, published: String? = nil, absent: Bool = false,
                                       input: Input) -> String {
        "herald state resolve \(shellWord(post)) --account \(shellWord(account))\(part > 0 ? " --part \(part + 1)" : "")"
            + (absent ? " --absent" : published.map { " --published \(shellWord($0))" } ?? " --published ID") + (input.sandboxed ? " --sandbox" : "")
    }

    /// How long after a post's time the post whose file is gone must have
    /// been published for the post to be held as that file, moved and
    /// edited, when its record does not say when it was due (written by a
    /// herald before `due=`): runs are minutes apart, but a CI outage may
    /// last days.
    static let movedAndEditedWindow: TimeInterval = 7 * 24 * 3600

    /// A word as a POSIX shell reads it back: as it is when it holds only
    /// characters no shell treats specially, else in double quotes; in
    /// single quotes when it holds a `!`, which an interactive bash expands
    /// from its history even inside double quotes.
    static func shellWord(_ word: String) -> String {
        let plain = !word.isEmpty && word.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || "-_./:@%+=,".utf8.contains(byte)
        }
        if plain { return word }
        if word.contains("!") { return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        var quoted = "\""
        for character in word.unicodeScalars {
            if "\"\\$`".unicodeScalars.contains(character) { quoted += "\\" }
            quoted.unicodeScalars.append(character)
        }
        return quoted + "\""
    }

    /// State records whose post, account or part is no longer in the
    /// repository: every state key the plan has no item for.
    /// An orphan's item, and what of its record is gone from the repository.
    private struct Orphan {
        enum Gone { case post, account, target, part, unreadable }
        var item: PlanItem
        /// The post file (whatever the account); else the account in
        /// accounts.yaml, the post's target, or its thread part.
        var gone: Gone
    }

    private static func orphans(_ input: Input, accounts: [String: PreparedAccount],
                                isPlanned: (_ post: String, _ account: String, _ part: Int) -> Bool) -> [Orphan] {
        let repository = input.repository
        var orphans: [Orphan] = []
        var postsByID: [String: Int]?
        for (account, parts) in input.state.shards {
            for (key, part) in parts where !isPlanned(key.post, account, key.part) {
                guard part.isRecorded, let record = part.published ?? part.pendingIntent ?? part.unknown else { continue }
                if postsByID == nil {
                    postsByID = Dictionary(repository.posts.indices.map { (repository.posts[$0].id, $0) }, uniquingKeysWith: { a, _ in a })
                }
                let reason: String
                var gone = Orphan.Gone.post
                if let index = postsByID?[key.post] {
                    let targeted = ContentResolver.accounts(of: repository.posts[index], campaigns: repository.campaigns).contains { $0.value == account }
                    reason = accounts[account] == nil ? "the account is gone from accounts.yaml"
                        : targeted ? "the thread no longer has part \(key.part + 1)" : "the post no longer targets '\(account)'"
                    gone = accounts[account] == nil ? .account : targeted ? .part : .target
                } else if let problem = repository.invalidPosts[key.post] {
                    // The file is there but cannot be read: blocked until it is fixed, not gone.
                    orphans.append(Orphan(item: PlanItem(post: key.post, account: account, platform: accounts[account]?.account.platform, part: key.part,
                                                         partCount: key.part + 1, action: .blocked, publishAt: nil, reason: problem.fullMessage,
                                                         hash: record.hash, remoteID: part.published?.remoteID, url: part.published?.url,
                                                         location: problem.location),
                                          gone: .unreadable))
                    continue
                } else if accounts[account] == nil {
                    reason = "neither the post nor the account exists any more"
                } else {
                    reason = "the post file is gone"
                }
                orphans.append(Orphan(item: PlanItem(post: key.post, account: account, platform: accounts[account]?.account.platform, part: key.part,
                                                     partCount: key.part + 1, action: .orphan, publishAt: nil, reason: reason,
                                                     hash: record.hash, remoteID: part.published?.remoteID, url: part.published?.url),
                                      gone: gone))
            }
        }
        orphans.sort { ($0.item.account, $0.item.post, $0.item.part) < ($1.item.account, $1.item.post, $1.item.part) }
        // A thread's recorded parts are counted together (`2/3`), as its items were.
        var start = 0
        while start < orphans.count {
            var end = start + 1
            while end < orphans.count, orphans[end].item.account == orphans[start].item.account, orphans[end].item.post == orphans[start].item.post { end += 1 }
            let count = orphans[end - 1].item.part + 1
            for i in start..<end { orphans[i].item.partCount = count }
            start = end
        }
        return orphans
    }
}
