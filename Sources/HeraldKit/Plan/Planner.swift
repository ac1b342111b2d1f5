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
        /// Posts to publish now although not due yet (`publish --now`): they
        /// are checked as a due post is (credentials) instead of waiting.
        public var dueNow: Set<String> = []
        /// Why the credentials file was not read, when it is there: a missing
        /// credential's reason says so, rather than "add it to the file".
        public var credentialsFileNotRead: String?
        /// Accounts given one token, which are one account (`holdSharedTokens`).
        public var sharedTokenGroups: [[String]] = []
        /// Accounts whose entry in the credentials file is not used, and why.
        public var unusedCredentialEntries: [String: String] = [:]
        /// Accounts whose credential no request can carry (a line break inside, a quote
        /// in a token), with which, why and what to do.
        public var unsendableCredentials: [String: String] = [:]
        /// The real time, when `now` is another (`--at`): whether publish
        /// looks for an item first goes by whichever is later, as publish
        /// decides it (`PublishOptions.clock`). The planner reads no clock.
        public var clock: Date?
        /// The repository as the command line named it (`-C site`), when
        /// that is not the working folder: the commands and paths a reason
        /// names take it too, so that they work as printed where herald ran.
        public var repositoryArgument: String?

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
            // In the chunks `destinations` was made in (every `parallelMap`
            // splits the indices alike): the accounts each chunk's
            // destinations hold are that chunk's copies, and stay with one core.
            recorded = parallelMap(order.count) { i in
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
        var carried: [Carried] = []
        if recorded != input.state.recordedCount {
            var planned: [String: Int] = [:]
            planned.reserveCapacity(order.count)
            for (i, index) in order.enumerated() { planned[ids[index]] = i }
            (orphaned, carried) = orphans(input, accounts: accounts) { post, account, part in
                guard let i = planned[post] else { return false }
                return items[offsets[i]..<offsets[i + 1]].contains { $0.account == account && $0.part == part }
            }
        }
        let drifted = items.indices.filter { items[$0].action == .drift }
        if !orphaned.isEmpty || !drifted.isEmpty || !carried.isEmpty {
            holdMoved(&items, orphans: &orphaned, carried: carried, drifted: drifted, input: input)
        }
        items += orphaned.map(\.item)
        if !input.sharedTokenGroups.isEmpty { holdSharedTokens(&items, groups: input.sharedTokenGroups, repository: repository) }
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
                let name = destination.reference.value
                // accounts.yaml there but unreadable (a syntax error): no name is unknown, each cannot be used.
                let unreadable = repository.accountsUnreadable.flatMap { problem in
                    problem.location.map { _ in Diagnostic.cannotBeUsed("account", name, at: destination.reference.location, because: problem) }
                }
                // The post's first error may be at another name of it that accounts.yaml does not define at all:
                // the row of a name it does not define either tells of its own. (A name it defines with an
                // error is a problem of accounts.yaml, which every row of the post names.)
                func undefined(_ id: String) -> Bool { repository.account(id) == nil && repository.invalidAccounts[id] == nil }
                let blocker = unreadable ?? repository.blocker(post: post.id, account: name).flatMap { blocker in
                    undefined(name) && destinations.contains { other in
                        other.account == nil && other.reference.value != name && other.reference.location == blocker.location && undefined(other.reference.value)
                    } ? nil : blocker
                }
                emit(PlanItem(post: post.id, account: name, platform: nil, part: 0, partCount: 1, action: .blocked,
                              publishAt: post.publishAt?.value, reason: blocker?.fullMessage ?? "unknown account '\(name)'",
                              location: blocker?.location ?? destination.reference.location))
                continue
            }
            // The prepared account, not a copy of its `Account`: every post
            // reads the same three, and a copy would count references to them.
            let account = prepared
            let parts = destination.parts
            // A part waits for the one before it; a blocked part blocks the rest. Blocked only for
            // the credentials a pull request's job has not, they go out with it where they are set.
            var earlierBlocked = false
            var earlierAwaitsCredentials = false
            var heldFrom: PlanItem?
            // The first part the state holds as published with each hash, read
            // once per thread (a part is checked against all parts before it).
            var firstPublished: [String: Int]?
            // A part that holds what an earlier part published, and the highest part with a record:
            // the thread was shifted by an inserted part, and a part past its published ones may be
            // one of them, shifted and edited.
            var shifted: (part: Int, from: Int)?
            var lastPublished = -1
            // A credential's value in any part blocks the whole thread, at the part that holds it: the
            // first part alone would go out with nothing able to follow it.
            let secrets = input.secrets.isEmpty ? [] : parts.indices.map {
                secretLocation(in: parts[$0], of: post, for: account, repository: repository, secrets: input.secrets)
            }
            let anySecret = secrets.lazy.compactMap { $0 }.first
            // Fields are read from `parts` in place: copying a ResolvedPart costs more than using it.
            for index in parts.indices {
                let hash = parts[index].hash
                var item = PlanItem(post: post.id, account: account.id, platform: account.platform, part: parts[index].index,
                                    partCount: parts.count, action: .publish, publishAt: post.publishAt?.value,
                                    text: parts[index].text, media: parts[index].media, length: parts[index].length, limit: parts[index].limit, hash: hash)
                if !parts[index].text.isEmpty && parts[index].length == nil {
                    let measured = TextRules.measure(parts[index].text, platform: account.platform, options: prepared.options)
                    item.length = measured.length
                    item.limit = measured.limit
                }
                let state = input.state[account.id, post.id, parts[index].index]
                if state?.isRecorded == true { recorded += 1 }
                let secret = secrets.isEmpty ? nil : secrets[index] ?? anySecret
                var samePublished: Int?
                if state?.isRecorded != true, parts[index].index > 0 {
                    if firstPublished == nil {
                        var first: [String: Int] = [:]
                        // Only a part whose content has changed since (drift) was shifted by an
                        // inserted part: one published as it still is, repeated later (a thread's
                        // "More below 👇"), is the thread's own.
                        for part in 0..<(parts.last?.index ?? 0) {
                            guard let published = input.state[account.id, post.id, part]?.published?.hash else { continue }
                            lastPublished = part
                            if first[published] == nil, !parts.indices.contains(part) || parts[part].index != part || parts[part].hash != published {
                                first[published] = part
                            }
                        }
                        firstPublished = first
                        if !first.isEmpty, let k = parts.indices.first(where: { k in first[parts[k].hash].map { $0 < parts[k].index } ?? false }) {
                            shifted = (parts[k].index, first[parts[k].hash]!)
                        }
                    }
                    samePublished = firstPublished?[hash].flatMap { $0 < parts[index].index ? $0 : nil }
                }
                // Past the published parts of a shifted thread, and not said by a person to be new (--absent).
                let shiftedPast = shifted.flatMap { parts[index].index > lastPublished && state?.checkedAbsent != true && !earlierBlocked ? $0 : nil }
                decide(&item, post: post, account: account, part: parts[index].index, hash: hash, state: state,
                       input: input, earlierBlocked: earlierBlocked, earlierAwaitsCredentials: earlierAwaitsCredentials, dueReason: &dueReason,
                       unknownAccount: unknown, secretAt: secret, samePublished: samePublished, shifted: shiftedPast)
                if item.action == .blocked || item.action == .unknown {
                    earlierAwaitsCredentials = (earlierAwaitsCredentials || !earlierBlocked) && item.awaitsCredentials
                    earlierBlocked = true
                }
                // A part after one held (a send with no answer, which the platform may still be making) waits with it.
                if heldFrom != nil || item.heldUntil != nil { holdAfter(&item, &heldFrom, zone: input.repository.timeZone) }
                emit(consume item)
            }
        }
        return recorded
    }

    /// A thread's part after one held (a send with no answer, which the
    /// platform may still be making) waits with it. `held`: the first held.
    private static func holdAfter(_ item: inout PlanItem, _ held: inout PlanItem?, zone: TimeZone?) {
        guard let first = held, let until = first.heldUntil else {
            held = item
            return
        }
        guard item.action == .publish else { return }
        item.action = .wait
        item.heldUntil = until
        item.reason = "after part \(first.part + 1), held until \(TimeParser.format(until, zone: zone, offset: nil))"
    }

    /// Where a part's text or a media description, both sent to the
    /// platform, holds a credential's value: in the text, the text's own
    /// place when the post wrote it there (if a campaign value holds it as
    /// well, that is the next fix), else where the campaign's hashtag or
    /// link tagging that put it there is written.
    private static func secretLocation(in part: ResolvedPart, of post: Post, for account: PreparedAccount, repository: ContentRepository,
                                       secrets: Redactor) -> SourceLocation? {
        if secrets.finds(in: part.text) {
            // Looked up only here: every post reads the campaigns, and a plan with a secret known searches every part.
            guard let campaign = post.campaign.flatMap({ repository.campaigns[$0.value] }) else { return part.textLocation }
            let written = ContentResolver.parts(of: post, for: [account], campaign: nil)[0]
            if part.index < written.count, secrets.finds(in: written[part.index].text) { return part.textLocation }
            return (campaign.hashtags + campaign.taggingValues).first { secrets.finds(in: $0.value) }?.location ?? part.textLocation
        }
        return part.media.lazy.compactMap(\.alt).first { secrets.finds(in: $0.value) }?.location
    }

    private static func decide(_ item: inout PlanItem, post: Post, account: PreparedAccount, part: Int, hash: String, state: PartState?,
                               input: Input, earlierBlocked: Bool, earlierAwaitsCredentials: Bool = false, dueReason: inout String?, unknownAccount: Located<String>?,
                               secretAt: SourceLocation?, samePublished: Int?, shifted: (part: Int, from: Int)? = nil) {
        if let published = state?.published {
            item.remoteID = published.remoteID
            item.url = published.url
            // A record a person wrote (`state resolve --published`) has the time they wrote it, not the post's.
            let byPerson = published.cause == StateRecord.resolvedCause
            if published.hash == hash {
                item.action = .done
                // The record's string, which every done item keeps: the one just worked out is freed
                // at once, and its memory used again, not fresh memory the kernel must clear.
                item.hash = published.hash
                item.reason = byPerson ? TimeParser.format(published.time, zone: input.repository.timeZone, offset: nil, after: "recorded as published ")
                    : TimeParser.format(published.time, zone: input.repository.timeZone, offset: nil, after: "published ")
            } else {
                item.action = .drift
                item.reason = "changed after it was \(byPerson ? "recorded as published" : "published") on \(TimeParser.format(published.time, zone: input.repository.timeZone, offset: nil)); "
                    + "herald does not edit published posts"
                // Its time changed too: perhaps a new post written at a published one's path, which would never go out.
                if let due = published.due, let now = post.publishAt?.value, !published.isDue(at: now, zone: input.repository.timeZone) {
                    // Written before records kept the offset, the record cannot tell a publish_at changed from a time zone changed.
                    let zoneChanged = published.dueOffset == nil ? "; if only herald.yaml's timezone changed, it is the same post" : ""
                    item.reason! += " (it was due \(TimeParser.format(due, zone: input.repository.timeZone, offset: nil)) then: if this is a new post, "
                        + "give its file a new name, since a post's id is its path and the records of this one are the old post's\(zoneChanged))"
                }
                // Every post of a campaign that adds hashtags or tags links changes with it.
                if let campaign = post.campaign.flatMap({ input.repository.campaigns[$0.value] }), !campaign.hashtags.isEmpty || !campaign.taggingValues.isEmpty {
                    item.reason! += "; if its file did not change, campaign '\(campaign.id)' did (its hashtags or link tagging go into the text)"
                }
            }
            return
        }
        if let unknown = state?.unknown {
            item.action = .unknown
            // The platform's words cut short (after their secrets are replaced): the command after them must show whole.
            let error = input.secrets(unknown.error ?? "no answer")
            func reason(quoting error: String) -> String {
                "an earlier run could not tell whether it was published (\(error)); check the account, then run '\(resolveCommand(post: post.id, account: account.id, part: part, input: input))' (its id on the platform), or the same with --absent in place of --published ID if it is not there"
            }
            item.reason = reason(quoting: TerminalText.shortened(error, limit: Self.longestQuotedError))
            if error.count > Self.longestQuotedError { item.wholeReason = reason(quoting: error) }
            return
        }
        if let blocker = input.repository.blocker(post: post.id, account: account.id) {
            item.action = .blocked
            if let unknownAccount, blocker.location == unknownAccount.location {
                // Defined with an error that leaves it unreadable, it is not unknown: its own item says why.
                let named = input.repository.invalidAccounts[unknownAccount.value] == nil
                    ? "unknown account '\(unknownAccount.value)'" : "account '\(unknownAccount.value)', which cannot be used"
                let who = unknownAccount.location.file == post.location.file ? "the post also names" : "its campaign also names"
                item.reason = "\(who) \(named); none of its accounts is published until that is fixed"
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
        // Shifted and edited too, the last part matches nothing: that a part was inserted, an earlier one tells.
        if let shifted {
            item.action = .blocked
            item.reason = "part \(shifted.part + 1) holds what part \(shifted.from + 1) published, so a part was inserted before it, and this one may be "
                + "a published part, shifted and edited; a published thread takes new parts only at its end: if this is a new part, run '"
                + resolveCommand(post: post.id, account: account.id, part: part, absent: true, input: input) + "'"
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
        let credentialProblem = missingCredentialsReason(account: account.id, input: input)
        let failures = state?.failures(since: countsFailuresFrom(post.publishAt?.value, account: account.id, post: post.id, part: part, state: input.state,
                                                                          zone: input.repository.timeZone), until: input.clock) ?? []
        let maxAttempts = input.repository.settings.maxAttempts
        if failures.count >= maxAttempts {
            item.action = .blocked
            // Failures before publish_at do not count: a time after the last one starts the count again.
            let last = failures.last.map { " (\(TimeParser.format($0.time, zone: input.repository.timeZone, offset: nil)))" } ?? ""
            // Now is later than the last failure only once the clock has passed it (a runner's clock ahead dated it after now).
            let orNow = (failures.last.map { $0.time <= input.clock ?? input.now } ?? true) ? ", or to now" : ""
            item.reason = "failed \(failures.count == 1 ? "once" : "\(failures.count) times") (last: \(failures.last?.error ?? "unknown error")); to try again, set publish_at later than the last failure\(last)\(orNow)"
            return
        }
        if earlierBlocked {
            item.action = .blocked
            if earlierAwaitsCredentials, let credentialProblem {
                // As its first part says.
                awaitCredentials(&item, credentialProblem, overdue: post.publishAt.flatMap {
                    overdueReason(post: post.id, part: part, account: account, state: state, due: $0.value, input: input)
                })
            } else {
                item.reason = "an earlier part of the thread cannot be published"
            }
            return
        }
        guard let publishAt = post.publishAt?.value else { return }
        // A thread whose first part went out before its time (--now) goes on: its next part is not left for publish_at.
        // So does one whose send before its time had no answer (the run was stopped): it is settled now, not
        // shown waiting for days while its first part may be public. Only a send for this publish_at, or one
        // before its time (its intent's `due` says which): one made when an earlier time was due, and postponed
        // since, waits for the new time.
        let first = input.state[account.id, post.id, 0]
        let sentEarly = first?.pendingIntent.map { intent in
            // Sent for this publish_at, or before the time it was sent for (--now): not one sent when an earlier
            // time was due. A record written before intents kept `due`: the key of the first send, made from its publish_at.
            intent.due.map { due in intent.isDue(at: publishAt, zone: input.repository.timeZone) || intent.time < due }
                ?? (first?.key == PartRequest.idempotencyKey(post: post.id, account: account.id, part: 0, due: publishAt))
        } ?? false
        // Rescheduled since its first part went out, the rest of a thread goes out at the new time:
        // what rescheduling a given-up later part means.
        let begun = first?.published != nil && !rescheduled(first, post: post.id, account: account.id, to: publishAt, zone: input.repository.timeZone) || sentEarly
        if publishAt > input.now && !input.dueNow.contains(post.id) && !begun {
            // Not due yet: credentials may still be added before it is.
            item.action = .wait
            let due = dueReason ?? "due \(TimeParser.format(publishAt, zone: input.repository.timeZone, offset: nil))"
            dueReason = due
            item.reason = credentialProblem.map { "\(due); \($0)" } ?? due
            return
        }
        // Said of an item blocked for credentials too: a pull request's plan, which has none, shows what the run will send.
        func overdue() -> String? { overdueReason(post: post.id, part: part, account: account, state: state, due: publishAt, input: input) }
        if let credentialProblem {
            item.action = .blocked
            awaitCredentials(&item, credentialProblem, overdue: overdue())
            return
        }
        item.action = .publish
        if let state, let pending = state.pendingIntent {
            item.verify = true
            let capabilities = input.capabilities[account.platform]
            let realNow = input.clock ?? input.now
            // As publish decides it: within the key's window (less the clock allowance) a repeat, else a look-up.
            let firstSent = state.pendingSince ?? pending.time
            func next(at time: Date) -> String {
                Publisher.keyStillValid(firstSent: firstSent, window: capabilities?.idempotencyKeyWindow, now: time)
                    ? "repeats it with the same key, which brings back what it made, if anything" : "looks for it on the platform before sending again"
            }
            // A send the platform may still be making is neither repeated nor looked for: it waits.
            if let capabilities {
                let settled = Publisher.settled(state, requestTimeout: input.repository.settings.requestTimeout,
                                                fileBytes: item.media.map { input.repository.mediaBytes($0.path.value) ?? 0 }, capabilities: capabilities, now: realNow)
                guard let settled else {
                    item.action = .unknown
                    item.reason = "its last send is dated \(TimeParser.utc(pending.time)), after this machine's clock, so a runner's clock is wrong and herald "
                        + "cannot tell how long ago it was sent; check the account, then run '\(resolveCommand(post: post.id, account: account.id, part: part, input: input))' "
                        + "(its id on the platform), or the same with --absent in place of --published ID if it is not there"
                    return
                }
                if realNow < settled {
                    item.action = .wait
                    item.heldUntil = settled
                    item.reason = "sent at \(TimeParser.format(pending.time, zone: input.repository.timeZone, offset: nil)), its answer never came: "
                        + "the platform may still be making it; held until \(TimeParser.format(settled, zone: input.repository.timeZone, offset: nil)), "
                        + "when a run \(next(at: settled))"
                    return
                }
            }
            // A run that got no answer it could trust (a timeout, a gateway's 5xx) said so; one that stopped did not.
            if let last = state.failures.last, last.cause == StateRecord.unansweredCause, last.time >= pending.time {
                let count = state.failures.filter { $0.cause == StateRecord.unansweredCause }.count
                item.reason = "\(count <= 1 ? "the last send's" : "\(count) sends'") answer lost (last: \(last.error ?? "no answer")); the next run \(next(at: realNow))"
            } else {
                item.reason = "an earlier run stopped after sending; the next run \(next(at: realNow))"
            }
            return
        }
        let overdue = overdue()
        if let overdue {
            item.verify = true
            item.reason = overdue
        }
        if !failures.isEmpty {
            item.reason = "retry \(failures.count + 1) of \(maxAttempts) (last: \(failures.last?.error ?? "error"))"
        }
        // Refused credentials and a rate limit count against no max_attempts, and are said while they are the last word
        // (with how long ago the item was due, where it is looked for first).
        if let last = state?.failures.last, let cause = last.cause, StateRecord.uncountedCauses.contains(cause), last.time >= (failures.last?.time ?? .distantPast) {
            item.reason = "retried (last: \(last.error ?? "the platform refused the account's credentials"))" + (overdue.map { "; \($0)" } ?? "")
        }
    }

    /// From when a part's failures count toward max_attempts: from its
    /// `publish_at` (one sent early with `--now` does not count), or, for a
    /// later part of a thread begun before its time, from when its first
    /// part went out: it goes on before `publish_at`, and so does the count.
    /// A thread rescheduled since it began (its first part's record says
    /// when it was due then) counts from the new time, as a post does: the
    /// way to try a given-up part again is the same.
    public static func countsFailuresFrom(_ publishAt: Date?, account: String, post: String, part: Int, state: StateSnapshot, zone: TimeZone?) -> Date? {
        let head = state[account, post, 0]
        guard part > 0, let first = head?.published else { return publishAt }
        if let publishAt, rescheduled(head, post: post, account: account, to: publishAt, zone: zone) { return publishAt }
        return publishAt.map { min($0, first.time) } ?? first.time
    }

    /// Whether a thread's publish_at has changed since its first part went
    /// out, as that part's record says (`due=`). A record written before
    /// herald kept it is told by the key of the part's first send, made
    /// from the publish_at of then (a part sent once, or resent for the
    /// same time, as nearly every one is); with neither, the thread is not
    /// taken as moved.
    static func rescheduled(_ head: PartState?, post: String, account: String, to publishAt: Date, zone: TimeZone?) -> Bool {
        guard let published = head?.published else { return false }
        if published.due != nil { return !published.isDue(at: publishAt, zone: zone) }
        guard let key = head?.key else { return false }
        return key != PartRequest.idempotencyKey(post: post, account: account, part: 0, due: publishAt)
    }

    /// How much of a platform's error a reason quotes; the state keeps more.
    static let longestQuotedError = 120
}
