import Foundation

/// Carries out the `publish` actions of a plan: intent → request → result,
/// each record fsynced, accounts in parallel, parts of one account in order.
public struct Publisher: Sendable {
    public var options: PublishOptions
    public var store: StateStore
    /// Account id → adapter; accounts without one are reported, not skipped silently.
    public var adapters: [String: any PlatformAdapter]
    /// Called once per finished item, from any task.
    public var report: @Sendable (PublishOutcome) -> Void

    public init(options: PublishOptions, store: StateStore, adapters: [String: any PlatformAdapter],
                report: @escaping @Sendable (PublishOutcome) -> Void) {
        self.options = options
        self.store = store
        self.adapters = adapters
        self.report = report
    }

    /// `whole`: the plan's items before --now chose among them, where a
    /// send with no answer yet may be that a look-up finds.
    public func run(_ plan: Plan, state: StateSnapshot, repository: ContentRepository, whole: [PlanItem]? = nil) async -> [PublishOutcome] {
        let started = RunStart()
        let now = max(plan.at, options.clock())
        var byAccount: [String: [PlanItem]] = [:]
        for item in plan.items where item.action == .publish { byAccount[item.account, default: []].append(item) }
        let unanswered = Self.unansweredSends(of: whole ?? plan.items, state: state)
        // What each item was published with, as the repository holds it: a status another item's record holds is its.
        let texts = Self.publishedTexts(of: whole ?? plan.items)
        let accounts = byAccount.keys.sorted()
        let posts = Dictionary(repository.posts.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        // Accounts posts go to (published ones too: a twin held one run is compared again the next), whichever this run sends.
        let active = Set((whole ?? plan.items).filter { [.publish, .wait, .blocked, .unknown].contains($0.action) }.map(\.account))
        let held = await heldAccounts(accounts, active: active, state: state, defined: Set(repository.accounts.map(\.id)))
        return await withTaskGroup(of: [PublishOutcome].self) { group in
            var outcomes: [PublishOutcome] = []
            var next = 0
            func start() {
                let account = accounts[next]
                next += 1
                let (items, sends) = (byAccount[account] ?? [], unanswered[account] ?? [])
                group.addTask {
                    if let why = held[account] { return self.notSent(items, because: why) }
                    return await self.work(account: account, items: items, unanswered: sends, posts: posts, state: state, repository: repository, now: now,
                                           started: started, texts: texts[account] ?? [:])
                }
            }
            while next < accounts.count && next < max(1, options.concurrency) { start() }
            for await finished in group {
                outcomes += finished
                if next < accounts.count { start() }
            }
            return outcomes
        }
    }

    /// One account: items in plan order (publish_at, post, part).
    /// `started`: when this run began; a post the platform made before it
    /// was made by an earlier run.
    private func work(account accountID: String, items: [PlanItem], unanswered held: [PartRequest.UnansweredSend], posts: [String: Post], state: StateSnapshot,
                      repository: ContentRepository, now: Date, started: RunStart, texts: [String: (hash: String, text: String)]) async -> [PublishOutcome] {
        var outcomes: [PublishOutcome] = []
        // With the sends of this run whose answer never came, as they fail: later items' look-ups may find what they made.
        var unanswered = held
        func finish(_ item: PlanItem, _ result: PublishOutcome.Result, givenUp: Bool = false, stateUnwritten: Bool = false, credentialsRefused: Bool = false,
                    personMustAct: Bool = false) {
            var outcome = PublishOutcome(item: item, result: result)
            outcome.givenUp = givenUp
            outcome.personMustAct = personMustAct
            outcome.stateUnwritten = stateUnwritten
            outcome.credentialsRefused = credentialsRefused
            outcomes.append(outcome)
            report(outcome)
        }
        guard let adapter = adapters[accountID], let account = repository.account(accountID) else {
            for item in items { finish(item, .failed("herald cannot publish to \(item.platform?.displayName ?? "this platform") yet")) }
            return outcomes
        }
        let writer: StateWriter
        do { writer = try store.writer(account: accountID) } catch {
            for item in items { finish(item, .failed("\(error)"), stateUnwritten: true) }
            return outcomes
        }
        await adapter.prepare()
        // Remote ids of parts published so far, for threads: (post, part) → id.
        var remoteIDs: [String: String] = [:]
        // Every id the account's items hold: a lookup does not give one to another item.
        var claimed = state.remoteIDs(of: accountID)
        let claimants = state.claimants(of: accountID, texts: texts)
        // Ids of posts this run made (not found, not brought back by a key): nothing can reply to
        // them yet, and an overdue item's lookup need not read them.
        var made: Set<String> = []
        var stoppedPosts: Set<String> = []
        // Threads whose part was given up: their later parts wait on it for good, as the plan will say.
        var givenUpPosts: Set<String> = []
        // Threads whose part could not be recorded (a full disk): their later parts are held by it.
        var unwrittenPosts: Set<String> = []
        // Content a part of a post turned out to hold on the platform this run, other than its own
        // (a key brought back what an earlier attempt sent before a part was inserted): post → hash → part.
        var shifted: [String: [String: Int]] = [:]
        // The platform refused the account's credentials: nothing more is sent with them this run.
        var credentialsRefused = false
        // The account's rate limit, reached for longer than the run waits: nothing more is sent to it.
        var rateLimited = false
        for item in items {
            guard let post = posts[item.post] else { continue }
            if options.interruption.isRequested {
                finish(item, .skipped(Self.interrupted))
                continue
            }
            if credentialsRefused {
                finish(item, .skipped("not sent: the platform refused the account's credentials earlier in this run (check its access token); the next run tries again"),
                       credentialsRefused: true)
                continue
            }
            if rateLimited {
                finish(item, .skipped("not sent: the account's rate limit was reached earlier in this run; the next run tries again"))
                continue
            }
            if stoppedPosts.contains(item.post) {
                // Held by an earlier part's state that could not be written: as that part, no retry gets further.
                finish(item, .skipped("an earlier part of this thread did not go out"), givenUp: givenUpPosts.contains(item.post),
                       stateUnwritten: unwrittenPosts.contains(item.post))
                continue
            }
            // As validation resolved them (the same text the plan showed).
            let parts = repository.parts(of: post, for: account)
            guard item.part < parts.count else { continue }
            let part = parts[item.part]
            var replyTo: String?
            if item.part > 0 {
                replyTo = remoteIDs["\(item.post)#\(item.part - 1)"] ?? state[accountID, item.post, item.part - 1]?.published?.remoteID
                if replyTo == nil {
                    stoppedPosts.insert(item.post)
                    finish(item, .skipped("the previous part is not published"))
                    continue
                }
            }
            // The plan's rule for a part inserted into a published thread, for what this run found: the
            // content an earlier part holds on the platform is not sent again as a later part.
            if let earlier = shifted[item.post]?[part.hash], earlier < item.part {
                stoppedPosts.insert(item.post)
                finish(item, .skipped("the same content as part \(earlier + 1), which is on the platform: a published thread takes new parts only at its end"))
                continue
            }
            let previous = state[accountID, item.post, item.part]
            // A part whose previous part this run has just made cannot be on the platform: there is nothing to look for.
            let overdue = (previous?.neverSent ?? true) && !(replyTo.map(made.contains) ?? false)
                && Self.lookedForFirst(due: item.publishAt, now: now, capabilities: adapter.capabilities)
            // An overdue item is looked for among what the account made since it was due; an
            // unanswered attempt, since the first of them (a later one may have had its answer).
            let since = overdue ? item.publishAt : previous?.pendingSince
            var request = PartRequest(postID: item.post, account: account, part: part, replyTo: replyTo,
                                      idempotencyKey: previous?.key ?? PartRequest.idempotencyKey(post: item.post, account: accountID, part: item.part, due: item.publishAt),
                                      language: post.language?.value, intentTime: since ?? Date())
            request.claimed = claimed
            request.claimants = claimants
            request.due = item.publishAt
            request.dueOffset = item.publishAt.map { (repository.timeZone ?? TimeZone.gmt).secondsFromGMT(for: $0) }
            request.mayPredateIntent = overdue
            request.madeThisRun = made
            request.unanswered = overdue ? unanswered : []
            // The thread's parts still to go: checked with this one before it is sent.
            let later = parts[(item.part + 1)...].filter { state[accountID, item.post, $0.index]?.published == nil }
            let sentFrom = Date()
            let attempted = await publishOne(item: item, request: request, later: later, previous: previous, overdue: overdue,
                                             requestTimeout: repository.settings.requestTimeout, zone: repository.timeZone,
                                             fileBytes: part.media.map { repository.mediaBytes($0.path.value) ?? 0 }, adapter: adapter,
                                             writer: writer, started: started)
            var result = attempted.result
            if attempted.cause == StateRecord.unansweredCause {
                unanswered.append(.init(text: part.text, media: part.media, since: sentFrom, replyTo: replyTo))
            }
            // The failure just recorded may be the last the plan allows: the next run blocks the item.
            // It counts as the plan counts failures (`Planner.countsFailuresFrom`): from publish_at on, so that
            // one sent before its time (--now) does not, or from when the thread began, for its later parts.
            var givenUp = false
            var unwritten = false
            if case .failed = result { unwritten = writer.hasFailed }
            let countFrom = Planner.countsFailuresFrom(item.publishAt, account: accountID, post: item.post, part: item.part, state: state,
                                                          zone: repository.timeZone)
            // Refused credentials, a rate limit and a lost answer count against no max_attempts: the
            // token is fixed, the limit resets, the next run settles the send; the post is not at fault.
            let refusedHere = attempted.cause == StateRecord.credentialsCause
            if refusedHere { credentialsRefused = true }
            if attempted.cause == StateRecord.rateLimitCause { rateLimited = true }
            if case .failed(let message) = result, !unwritten, attempted.cause == nil, countFrom.map({ $0 <= options.clock() }) ?? true {
                let failures = (previous?.failures(since: countFrom, until: Date()).count ?? 0) + 1
                let allowed = repository.settings.maxAttempts
                if failures >= allowed {
                    givenUp = true
                    givenUpPosts.insert(item.post)
                    // Its own sentence's full stop left out (`…exist.; given up`).
                    let said = message.hasSuffix(".") ? String(message.dropLast()) : message
                    result = .failed(said + "; given up: that was failure \(failures) of max_attempts \(allowed), so no run tries again until publish_at is set later than now")
                }
            }
            if unwritten { unwrittenPosts.insert(item.post) }
            finish(item, result, givenUp: givenUp, stateUnwritten: unwritten, credentialsRefused: refusedHere,
                   personMustAct: attempted.cause == StateRecord.contestedCause)
            switch result {
            case .published(let object), .alreadyThere(let object):
                remoteIDs["\(item.post)#\(item.part)"] = object.remoteID
                claimed.insert(object.remoteID)
                // Made in this run by the platform's own clock; not a status a key brought back.
                if case .published = result, let created = object.createdAt, created >= started.date { made.insert(object.remoteID) }
                // Found holding other content than the part's now, and recorded so: what it holds.
                if let held = object.recordedHash, held != part.hash { shifted[item.post, default: [:]][held] = item.part }
            default:
                stoppedPosts.insert(item.post)
            }
        }
        return outcomes
    }

    /// What one item's turn came to and, for a failure that is not the
    /// post's, its cause as the state records it (`StateRecord`'s causes):
    /// the rest of the account's turn goes by it.
    private struct Attempted {
        var result: PublishOutcome.Result
        var cause: String?

        init(_ result: PublishOutcome.Result, cause: String? = nil) {
            self.result = result
            self.cause = cause
        }
    }

    /// `hash`: the content's, when it is not the part's as the repository holds it now.
    private func record(_ writer: StateWriter, _ event: StateRecord.Event, _ request: PartRequest, attempt: Int? = nil,
                        object: PublishedObject? = nil, error: String? = nil, hash: String? = nil, cause: String? = nil, settle: Int? = nil,
                        at time: Date = Date()) -> String? {
        do {
            try writer.append(StateRecord(time: time, event: event, post: request.postID, part: request.part.index,
                                          hash: hash ?? request.part.hash, key: event == .intent ? request.idempotencyKey : nil,
                                          remoteID: object?.remoteID, url: object?.url.map(options.redactor.callAsFunction), attempt: attempt,
                                          error: error.map { TerminalText.shortened(options.redactor($0), limit: Self.longestRecordedError) },
                                          due: event == .published || event == .intent ? request.due : nil,
                                          dueOffset: request.dueOffset, cause: cause, settle: settle))
            return nil
        } catch {
            return "\(error)"
        }
    }

    /// `later`: the parts of its thread after it that are not published.
    private func publishOne(item: PlanItem, request: PartRequest, later: [ResolvedPart], previous: PartState?, overdue: Bool,
                            requestTimeout: Int, zone: TimeZone?, fileBytes: [Int],
                            adapter: any PlatformAdapter, writer: StateWriter, started: RunStart) async -> Attempted {
        // When a later run may act, in herald.yaml's zone, as the plan says it.
        let time = { (date: Date) in TimeParser.format(date, zone: zone, offset: nil) }
        if overdue, let result = await verify(request, doubt: .overdue, adapter: adapter, writer: writer) {
            return result
        }
        let window = adapter.capabilities.idempotencyKeyWindow
        var attempt = previous?.attempts ?? 0
        // An earlier run wrote an intent and never learnt the result; the hash of what it sent,
        // when the text has been edited since.
        let editedSince = previous?.pendingIntent?.hash.flatMap { $0 == request.part.hash ? nil : $0 }
        // A repeat of a send whose answer was lost, within its key's window: the same request,
        // whose answer says whether the first made the post.
        var repeating = false
        if let previous, let pending = previous.pendingIntent {
            // A run stopped at once (a second Ctrl-C, a kill) and started again leaves a request
            // the platform may still be at work on: Mastodon looks a key up before it makes the
            // status and keeps it only after, and a look-up finds a status only once it is made.
            // Either, sent meanwhile, could make a second post; nothing is, until the send has settled.
            // The plan leaves such an item waiting, by the platform's capabilities; this holds it by the
            // adapter's own where the plan was given none for the platform, and so did not.
            // By the clock the records are written with: the real one.
            let now = Date()
            guard let settled = Self.settled(previous, requestTimeout: requestTimeout, fileBytes: fileBytes,
                                             capabilities: adapter.capabilities, now: now) else {
                // Repeated now, with a key the platform may have dropped long ago, or looked for while it is
                // still being made: either could make a second post.
                let message = "unknown — check the account: its last send is dated \(TimeParser.utc(pending.time)), after this machine's clock "
                    + "(\(TimeParser.utc(now))), so a runner's clock is wrong and herald cannot tell how long ago it was sent"
                _ = record(writer, .unknown, request, error: message)
                return Attempted(.unknown(message))
            }
            if now < settled {
                let action = window == nil ? "looks for it" : "repeats it with the same key"
                return Attempted(.failed("sent at \(time(pending.time)), its answer never came: the platform may still be making it; "
                    + "a run from \(time(settled)) on \(action)"), cause: StateRecord.unansweredCause)
            }
            // The platform keeps a key from the first request that made something, and a
            // repeat does not renew it: the window runs from the first unanswered attempt.
            // The platform counts the hour by its own clock, which may be ahead of herald's (or the
            // runner that wrote the intent was behind): herald repeats only while 10 minutes are left.
            let firstSent = previous.pendingSince ?? pending.time
            let keyStillValid = Self.keyStillValid(firstSent: firstSent, window: window, now: Date())
            repeating = keyStillValid
            if !keyStillValid {
                // When the text was edited since, not finding today's text answers nothing: no `absent`
                // is written before the `unknown` below, which a crash between the two would leave alone.
                switch await verify(request, doubt: .attempt, adapter: adapter, writer: writer, answersIntent: editedSince == nil) {
                case .some(let result): return result
                case .none:
                    // The text now in the file is not there. Neither, then, is what was sent, when it was that
                    // text; an earlier text, edited since, herald cannot look for: sent, this would be a second post.
                    if let sent = editedSince {
                        let message = "unknown — check the account (sent before its text was edited; herald can look only for the text the file holds now)"
                        _ = record(writer, .unknown, request, error: message, hash: sent)
                        return Attempted(.unknown(message))
                    }
                }
            }
        }
        // A stop that came while herald looked: the look-up was the request in flight, and
        // nothing new is sent after it. What the look-up settled is recorded; the next run sends.
        if options.interruption.isRequested { return Attempted(.skipped(Self.interrupted)) }
        // What the platform would refuse is not sent, once herald knows it is not there already; nor is a
        // thread's first part when a later one would be refused: it would go out with nothing able to follow it.
        // A repeat within its key's window is not checked itself (its answer says whether the first made it),
        // but the parts after it are: if nothing was made, the repeat begins the thread anew.
        if let problem = (repeating ? nil : adapter.check(request.part, root: options.repositoryRoot))
            ?? later.lazy.compactMap({ part in
                adapter.check(part, root: options.repositoryRoot).map { "part \(part.index + 1)/\(item.partCount) of the thread: \($0); no part is sent until every part fits" }
            }).first {
            // Nothing was sent: an earlier attempt still unanswered stays so (attempt 0).
            _ = record(writer, .failed, request, attempt: 0, error: problem)
            return Attempted(.failed(problem))
        }
        var tries = 0
        var delay = options.backoff
        var mediaIDs: [String] = []
        // Where the key's window began: at the first unanswered send, an earlier run's when this repeats it.
        var firstSent: Date? = repeating ? previous?.pendingSince ?? previous?.pendingIntent?.time : nil
        /// Nothing more this run: recorded as failed, and the next run tries again.
        func giveUp(_ failure: PublishFailure, interrupted: Bool = false) -> Attempted {
            // A 429 the run does not wait out: the account's limit, for its other items as well, and no fault of the post.
            let limited: String? = if case .temporary(429, _, let retryAfter) = failure, !interrupted {
                Self.rateLimitNote(resetAfter: retryAfter)
            } else { nil }
            let cause = failure.refusesCredentials ? StateRecord.credentialsCause : limited != nil ? StateRecord.rateLimitCause : nil
            // It answers this attempt alone: an earlier one still unanswered stays so.
            _ = record(writer, .failed, request, attempt: attempt, error: failure.description + (limited ?? ""), cause: cause)
            return Attempted(.failed(failure.description + (limited ?? "") + (interrupted ? "; not retried: the run was interrupted" : "")), cause: cause)
        }
        /// Stopped while waiting to try again after a failure that made nothing (its record says so):
        /// the wait was cut short, not the item's chance, and the failure counts toward no max_attempts.
        func stoppedWaiting(_ failure: PublishFailure) -> Attempted {
            Attempted(.skipped("\(failure.description); not tried again: the run was interrupted, and the next run publishes it"))
        }
        while true {
            tries += 1
            attempt += 1
            // With how long the platform may be at work on what it sends: a run started again meanwhile holds it.
            let settle = Int(Self.settleAfterSend(requestTimeout: requestTimeout, fileBytes: fileBytes, capabilities: adapter.capabilities))
            let intentTime = Date()
            if firstSent == nil { firstSent = intentTime }
            if let failure = record(writer, .intent, request, attempt: attempt, settle: settle, at: intentTime) {
                return Attempted(.failed("state not written, nothing sent: \(failure)"))
            }
            var failure: PublishFailure
            var creating = false
            do {
                // Uploaded by an earlier try of this run, they are sent again as they were: a
                // repeat with the same key is then the same request.
                for media in request.part.media.dropFirst(mediaIDs.count) {
                    mediaIDs.append(try await adapter.uploadMedia(media, root: options.repositoryRoot, interruption: options.interruption))
                }
                // Stopped while a file went up (a video can take minutes): the post itself
                // would be a new request. Nothing was made by this attempt, and that is recorded.
                if options.interruption.isRequested {
                    _ = record(writer, .absent, request, attempt: attempt, error: "not sent: the run was interrupted")
                    return Attempted(.skipped(Self.interrupted))
                }
                creating = true
                let object = try await adapter.publish(request, mediaIDs: mediaIDs)
                // The content changed after an attempt that reached the platform: its key brought back
                // what that attempt made, recorded as it was, so the plan shows the change as drift;
                // an alt text or a file changed too, where the text the platform shows is the same.
                // With no intent left of it (the state lost), the hash is of the text the platform
                // shows, when the platform made the post before this run began.
                let replayed = object.createdAt.map { $0 < started.date } ?? false
                let held = object.heldHash(of: request.part)
                let sent = editedSince.flatMap { replayed || held != nil ? $0 : nil }
                    ?? (previous?.pendingIntent == nil ? held.flatMap { replayed ? $0 : nil } : nil)
                if let problem = record(writer, .published, request, object: object, hash: sent) {
                    return Attempted(.unknown("published as \(object.remoteID) but the state could not be written: \(problem)"))
                }
                // Made before this run began, its key brought it back: found, not published again.
                guard let sent else { return Attempted(replayed ? .alreadyThere(object) : .published(object)) }
                // Recorded as what it holds: a later part of that content is not sent again (`work`).
                var found = object
                found.recordedHash = sent
                return Attempted(.alreadyThere(found))
            } catch {
                failure = error
            }
            // Stopped while a file went up or was processed: nothing was made by this attempt.
            if !creating, options.interruption.isRequested {
                _ = record(writer, .absent, request, attempt: attempt, error: "not sent: the run was interrupted")
                return Attempted(.skipped(Self.interrupted))
            }
            // A server error to the request that makes the post does not say it was not made: a
            // gateway answers 502, 503 (Varnish) or 504 when the server behind it was slow, which
            // may still be making it. A 500 is the server's own, its request over.
            if creating, case .temporary(let status, let message, _) = failure, status >= 500 {
                failure = .uncertain("HTTP \(status): \(message)", answered: status == 500)
            }
            switch failure {
            case .rejected:
                return giveUp(failure)
            case .temporary(_, _, let retryAfter):
                // Nothing was made: the next run tries again.
                guard let wait = retryWait(tries: tries, delay: delay, retryAfter: retryAfter) else { return giveUp(failure) }
                _ = record(writer, .absent, request, attempt: attempt, error: failure.description)
                guard await options.interruption.pause(wait) else { return stoppedWaiting(failure) }
            case .notSent(_, let retryable):
                if !retryable || tries >= options.triesPerRun { return giveUp(failure) }
                _ = record(writer, .absent, request, attempt: attempt, error: failure.description)
                guard await options.interruption.pause(jittered(delay)) else { return stoppedWaiting(failure) }
            case .uncertain(_, let answered) where creating && !answered:
                // The request may still be at work on the platform: Mastodon looks a key up before
                // making the status and keeps it only after, so a repeat sent now (or a look-up,
                // where there is no key) could make a second post. The attempt stays unanswered
                // (attempt 0 answers none), and a run once it has settled (`settled`, from these two
                // records) repeats it with the same key, or looks.
                let failedTime = Date()
                let settled = max(intentTime.addingTimeInterval(Double(settle)),
                                  failedTime.addingTimeInterval(Self.settleAfterCreate(requestTimeout: requestTimeout)))
                // While the key's window lasts (less the clocks' allowance), a repeat; after it, a look-up.
                let keyEnds = Self.keyRepeatsUntil(firstSent: firstSent ?? intentTime, window: window)
                // When first, and the failure after: a long one (a URL, curl's words) is cut in its middle on a terminal.
                let next = keyEnds.map { $0 > settled } ?? false
                    ? "from \(time(settled)) until \(time(keyEnds!)) one repeats it with the same key, then one looks for it first"
                    : "from \(time(settled)) one looks for it first"
                let message = "left for a later run: \(next) (\(failure.description); the platform may still be making it)"
                // Counted against no max_attempts: the post may be out, and only the next run can tell. The
                // record keeps what happened; what a later run does is the plan's to say, by then.
                _ = record(writer, .failed, request, attempt: 0, error: failure.description, cause: StateRecord.unansweredCause, at: failedTime)
                return Attempted(.failed(message), cause: StateRecord.unansweredCause)
            case .uncertain:
                // Over, its answer unreadable (or an upload's, which makes no post): the same key
                // makes a repeat harmless, the platform returns the original. Interrupted, herald
                // looks instead, so that the run ends knowing.
                let repeated = window != nil && tries < options.triesPerRun ? await options.interruption.pause(jittered(delay)) : false
                if !repeated {
                    switch await verify(request, doubt: .attempt, adapter: adapter, writer: writer, runStarted: started.date) {
                    case .some(let result): return result
                    case .none:
                        if tries >= options.triesPerRun { return giveUp(failure) }
                        if options.interruption.isRequested { return giveUp(failure, interrupted: true) }
                    }
                }
            }
            delay = delay * 2
        }
    }

    /// Why herald looks at the platform before sending.
    private enum Doubt {
        /// An attempt whose result herald never learnt: when it cannot tell,
        /// the item is unknown and a person must check.
        case attempt
        /// An overdue item the state has no record of: when herald cannot
        /// tell, nothing was sent this run, so the item fails and the next
        /// run looks again.
        case overdue
    }

    /// Looks for the item on the platform. nil means "absent, send it";
    /// otherwise the item's outcome. `answersIntent`: an attempt's intent is
    /// answered `absent` when the look-up finds nothing. `runStarted`, for
    /// an attempt of this run: what it finds made since is this run's post,
    /// published, not one found already there.
    private func verify(_ request: PartRequest, doubt: Doubt, adapter: any PlatformAdapter, writer: StateWriter,
                        answersIntent: Bool = true, runStarted: Date? = nil) async -> Attempted? {
        guard adapter.capabilities.lookup else {
            let message = "the platform may have it and herald cannot look; check the account"
            _ = record(writer, .unknown, request, error: message)
            return Attempted(.unknown(message))
        }
        var request = request
        // An attempt of this run may be among the posts it made: only an overdue item's lookup skips them.
        if doubt != .overdue { request.madeThisRun = [] }
        let answer = await lookup(request, adapter: adapter)
        switch answer {
        case .found(let object):
            if let problem = record(writer, .published, request, object: object) { return Attempted(.unknown(problem)) }
            if let runStarted, object.createdAt.map({ $0 >= runStarted }) ?? false { return Attempted(.published(object)) }
            return Attempted(.alreadyThere(object))
        case .absent:
            // An attempt's intent is answered; an overdue item has nothing to answer.
            if doubt == .attempt, answersIntent, let problem = record(writer, .absent, request) { return Attempted(.failed(problem)) }
            return nil
        case .rateLimited(let why, let retryAfter):
            // The account's rate limit, met while looking: no word on the post, and nothing more is
            // asked of the account this run. An attempt looked for stays unanswered (attempt 0).
            let message = why + Self.rateLimitNote(resetAfter: retryAfter)
            _ = record(writer, .failed, request, attempt: 0, error: message, cause: StateRecord.rateLimitCause)
            return Attempted(.failed(message), cause: StateRecord.rateLimitCause)
        case .unavailable where doubt == .attempt && options.interruption.isRequested:
            // Left as a run that died would leave it, its intent unanswered: the next run asks again,
            // where an answer now would say unknown, for a person to check.
            return Attempted(.skipped("the run was interrupted before herald could tell whether it was published; the next run looks again"))
        case .refusedCredentials(let why) where doubt == .overdue:
            // Refused credentials are fixed at the token; publish_at has nothing to do with them.
            let message = why + Self.overdueNotSent(adapter.capabilities)
            _ = record(writer, .failed, request, attempt: 0, error: message, cause: StateRecord.credentialsCause)
            return Attempted(.failed(message), cause: StateRecord.credentialsCause)
        case .recordedForAnother(let why):
            // Sent, it would be there twice; taken, two items would hold one post. Looked for again
            // each run, the send's intent (if any) left unanswered, until a person corrects the record:
            // counted against no max_attempts, whose way out (publish_at set to now) would send it.
            let message = why + "; not sent"
            _ = record(writer, .failed, request, attempt: 0, error: message, cause: StateRecord.contestedCause)
            return Attempted(.failed(message), cause: StateRecord.contestedCause)
        case .cannotTell(let why) where doubt == .overdue, .unavailable(let why, _) where doubt == .overdue:
            let message = why + Self.overdueNotSent(adapter.capabilities) + " (if it was never published, setting publish_at to now sends it)"
            _ = record(writer, .failed, request, attempt: 0, error: message)
            return Attempted(.failed(message))
        case .refusedCredentials(let why):
            // Refused credentials say nothing of the post: the attempt stays unanswered, and the
            // next run, with the token fixed, asks again (attempt 0 answers none).
            _ = record(writer, .failed, request, attempt: 0, error: why, cause: StateRecord.credentialsCause)
            return Attempted(.failed(why), cause: StateRecord.credentialsCause)
        case .cannotTell(let why), .unavailable(let why, _), .perhaps(let why):
            let message = "unknown — check the account (\(why))"
            // A post that may be the item before an edit (sent, it could be a second) is recorded with no hash of
            // its content, which the platform holds as it was: resolved as published, the plan shows it as drift.
            let edited = if case .perhaps = answer { true } else { false }
            _ = record(writer, .unknown, request, error: message, hash: edited ? StateRecord.contentBeforeEdit : nil)
            return Attempted(.unknown(message))
        }
    }

    /// The platform's answer, asked again while it is unavailable (a 503, a
    /// dropped connection) or rate limited for less than the run waits,
    /// with the backoff and limits of a send: a
    /// look-up changes nothing on the platform, and a blip would otherwise
    /// hold the item until the next run, or make it unknown.
    private func lookup(_ request: PartRequest, adapter: any PlatformAdapter) async -> LookupResult {
        var delay = options.backoff
        var tries = 1
        while true {
            let result = await adapter.lookup(request)
            let retryAfter: Duration?
            switch result {
            case .unavailable(_, let after), .rateLimited(_, let after): retryAfter = after
            default: return result
            }
            guard let wait = retryWait(tries: tries, delay: delay, retryAfter: retryAfter),
                  await options.interruption.pause(wait) else { return result }
            tries += 1
            delay = delay * 2
        }
    }

    /// How long to wait before asking again after a temporary refusal,
    /// the `tries`-th, whose backoff is now `delay`: at least what the
    /// platform asked for. Nil once the run's tries are spent, or when the
    /// platform asks for longer than a run waits.
    private func retryWait(tries: Int, delay: Duration, retryAfter: Duration?) -> Duration? {
        let wait = max(retryAfter ?? .zero, jittered(delay))
        return tries >= options.triesPerRun || wait > options.maxWait ? nil : wait
    }

    private func jittered(_ duration: Duration) -> Duration {
        duration * Double.random(in: 0.5...1.0)
    }
}
