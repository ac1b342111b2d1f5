import ArgumentParser
import Foundation
import HeraldKit

extension Herald {
    struct Publish: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "publish",
            abstract: "Publish what is due, recording each result in state/ as it happens.",
            // Written out: the generated line, too long for a terminal, would be `herald publish <options>`.
            usage: "herald publish [--repo <path>] [--at <time>] [--sandbox | --sandbox-url <url>] [--now <post-id> ...] "
                + "[--account <id> ...] [--dry-run] [--format <format>] [<other options>]",
            discussion: """
                Every (post, account, part) is made at most once: herald records its intent \
                before each request and the result after it, and after an interrupted run it \
                asks the platform (or resends with the same idempotency key) before sending again, \
                once the platform can no longer be making it (the plan says until when). \
                An item the state has no record of, due over an hour ago, is looked for on the \
                platform first, where herald can look (a state folder lost or not committed): \
                found, it is recorded and not sent.
                Failed items are retried by the next run, up to max_attempts (herald.yaml); \
                setting publish_at later than the last failure starts the count again.
                --at publishes what is due by that time: a later time sends posts before their \
                time, and each is marked so; whether an overdue item is looked for first goes by the \
                real clock as well.

                Exit status: 0 everything due went out; 1 errors in files or state (those \
                items were blocked, the rest went out), credentials missing or refused (HTTP 401), \
                an item failed for the last time max_attempts allows, the state not writable, \
                two account ids that are one account on the platform (nothing is sent to them), \
                a status the state records for another post, or the lock held by another run; \
                2 some items failed and will be retried; \
                3 some items are unknown — check the account, then 'herald state resolve'; \
                130 or 143 stopped by SIGINT or SIGTERM: the requests in flight were finished and \
                recorded, nothing new was sent, and the next run publishes the rest (a second \
                signal stops at once; the next run settles what was in flight); 64 bad usage; \
                74 standard output could not be written (what was published is recorded). When \
                several apply, the first of 3, 1 and 2: an item that needs a person is not hidden \
                by another that the next run retries.
                """
        )

        @OptionGroup var repository: RepositoryOptions
        @OptionGroup var time: TimeOptions
        @OptionGroup var sandbox: SandboxOptions

        @Option(name: .customLong("now"), help: ArgumentHelp("Publish this post at once, whatever its publish_at (repeat the option for more); only these posts go out this run. Commit state/ after: were the record lost, the run at its publish_at would send it again. An id that starts with '-' is given as --now=-id.", valueName: "post-id"))
        var nowPosts: [String] = []

        @OptionGroup var accounts: AccountSelection

        @Flag(help: "Show what would be published; send nothing, write nothing. Exits as the run would if every request succeeded.")
        var dryRun = false

        @Option(help: "Output format: text or json.")
        var format: OutputFormat = .text

        @Flag(name: .shortAndLong, help: "Log every HTTP request (secrets redacted) to standard error.")
        var verbose = false

        // Unconditional, so that `--lock-timeout -1` reaches the check below
        // rather than being taken for an option (also for the numbers below).
        @Option(parsing: .unconditional, help: ArgumentHelp("Seconds to wait for another run on this checkout to finish.", valueName: "seconds"))
        var lockTimeout = 60

        @Option(parsing: .unconditional, help: ArgumentHelp("Accounts worked at once (default: herald.yaml's concurrency).", valueName: "n"))
        var jobs: Int?

        @Option(help: ArgumentHelp("A PEM file of extra certificate authorities to trust, besides the system's.", valueName: "file"))
        var caFile: String?

        func validate() throws {
            if let jobs, !(1...64).contains(jobs) { throw ValidationError("--jobs must be from 1 to 64, as herald.yaml's concurrency") }
            if lockTimeout < 0 { throw ValidationError("--lock-timeout cannot be negative") }
            // Before anything is planned or sent: a mistyped path would fail every request.
            if let problem = HTTPClientConfiguration(extraCAFile: caFile).extraCAFileProblem {
                throw ValidationError("--ca-file: \(problem)")
            }
        }

        func run() async throws {
            try repository.validateRoot()
            // A reader that goes away (`publish | head`, a log collector that stops) must not stop a run
            // between a send and its record: writes to it fail instead, and are told at the end.
            signal(SIGPIPE, SIG_IGN)
            let session = try await PublishSession.make(root: repository.root, routing: sandbox.routing,
                                                        environment: ProcessInfo.processInfo.environment,
                                                        repositoryArgument: repository.commandLineRepository)
            do {
                try await publish(session)
                await session.close()
            } catch {
                await session.close()
                throw error
            }
        }

        private func publish(_ session: PublishSession) async throws {
            let content = session.content
            let redact = session.redactor
            let now = try time.instant(zone: content.timeZone, zoneProblem: content.settings.timezoneUnusable)
            // Before the lock: a mistyped account should not wait for another run to finish.
            try accounts.check(in: content.accounts)

            // A dry run writes nothing, not even the state folder.
            let lock: StateLock?
            do {
                // With --lock-timeout 0 there is no waiting to announce: the error says the lock is held.
                let waiting = lockTimeout > 0 ? { waitingForLock(seconds: lockTimeout) } : nil
                lock = try await dryRun ? session.store.lockIfPresent(timeout: .seconds(lockTimeout), waiting: waiting)
                                        : session.store.lock(timeout: .seconds(lockTimeout), waiting: waiting)
            } catch {
                StandardStreams.writeError("error: " + TerminalText.line("\(error)", redactor: redact) + "\n")
                throw ExitCode(1)
            }
            defer { lock?.release() }
            // From the moment the lock is held: a signal before the requests begin (while the plan is
            // made) ends the run as one during them does, its lock's file removed, not left behind.
            // Stopped at once by a second signal, the run still removes its lock's file: a CI job
            // that commits state/ after a cancelled run would commit it.
            // A dry run sends nothing: a signal ends it at once, its lock's file removed as well.
            let stop = StopSignals(atOnce: dryRun, beforeStopping: { lock?.release() })
            defer { stop.restore() }
            // Read the state under the lock, so a run that just finished is seen.
            let state = session.store.read()
            var input = session.plannerInput(state: state, now: now, repository: repository)
            input.dueNow = Set(nowPosts)
            var plan = Planner.plan(input)
            let whole = plan.items
            let left: Int
            (plan.items, left) = try select(plan.items, now: now)

            let problems = accounts.scoped(content.problems(with: state) + session.problems, state: state, content: content).sorted()
            if !problems.isEmpty {
                StandardStreams.writeError(DiagnosticPrinter(format: .text, color: repository.color(for: STDERR_FILENO), root: repository.root,
                                             redactor: redact).render(problems))
            }
            if format == .text {
                // What will not go out this run and needs someone's attention, with why; a dry run too, or it fails unexplained.
                // And a send held while the platform may still be making it: a later run settles it, and says so.
                for item in plan.items where PublishReport.isShownUnsent(item) {
                    print(PublishReport.attention(item, redactor: redact))
                }
            }
            if dryRun {
                let due = plan.items.filter { $0.action == .publish }
                if format == .json {
                    // With what will not go out and why, as the text lists them: the status below is explained.
                    let shown = Plan(at: plan.at, items: plan.items.filter { $0.action == .publish || PublishReport.isShownUnsent($0) },
                                     timeZone: plan.timeZone).redacted(by: redact)
                    print(PlanRenderer.render(shown, format: .json, color: false), terminator: "")
                } else {
                    for item in due {
                        // An item looked for first, repeated with its key, or held after a send with no answer: said how.
                        let how = item.verify ? item.reason.map { "  (\($0))" } ?? "" : ""
                        // As long as the plan's reasons: one says how long ago a post was due, and why.
                        print(TerminalText.line("would publish  \(PlanRenderer.label(item)) → \(item.account)\(how)", redactor: redact, limit: TerminalText.longestReason))
                    }
                    print("Dry run: \(due.count) item\(due.count == 1 ? "" : "s") would be published; nothing was sent."
                          + PublishReport.leftByNow(left))
                }
                // The status the run would end with if every request succeeded: a CI check fails on what publish would fail on.
                let exit = PublishReport.exit([], plan: plan, hasErrors: problems.contains { $0.severity == .error })
                if exit != .ok { throw ExitCode(exit.rawValue) }
                return
            }

            let verbose = self.verbose
            var http = HTTPClientConfiguration()
            http.timeout = .seconds(content.settings.requestTimeout)
            http.extraCAFile = caFile
            if verbose { http.log = { line in StandardStreams.writeError(redact(line) + "\n") } }
            let client = HTTPClient(configuration: http)
            var adapters: [String: any PlatformAdapter] = [:]
            for account in session.accounts {
                guard let token = session.token(for: account),
                      let adapter = AdapterRegistry.adapter(for: account, token: token, http: client) else { continue }
                adapters[account.id] = adapter
            }
            var options = PublishOptions()
            options.concurrency = jobs ?? content.settings.concurrency
            options.repositoryRoot = repository.root
            options.redactor = redact
            options.interruption = stop.interruption
            let textOutput = format == .text
            let zone = content.timeZone
            let publisher = Publisher(options: options, store: session.store, adapters: adapters) { outcome in
                // Out at once, to a pipe or a file too (a CI log): a second signal or a kill ends the process
                // at once, and a block still buffered would lose the lines of posts that went out and were recorded.
                if textOutput {
                    print(PublishReport.line(outcome, redactor: redact, zone: zone))
                    StandardStreams.flushOutput()
                }
            }
            var withRouting = content
            withRouting.accounts = session.accounts
            let outcomes = await publisher.run(plan, state: state, repository: withRouting, whole: whole)
            if textOutput {
                if outcomes.isEmpty {
                    // Items listed above as blocked or unknown are held, not "nothing to publish" (drift is a published post's).
                    let held = plan.items.contains { $0.action == .blocked || $0.action == .unknown }
                    print(held ? "Nothing sent: the items above need attention first." : "Nothing to publish.")
                }
                print(PublishReport.summary(outcomes, plan: plan) + PublishReport.leftByNow(left))
                if let shown = await session.sandboxSummary() { print(shown, terminator: "") }
            } else {
                let attention = plan.items.filter(PublishReport.isShownUnsent)
                print(PublishReport.json(outcomes, attention: attention, leftByNow: left, at: now, dryRun: false, redactor: redact), terminator: "")
            }
            // Stopped by a signal: the status the signal would have given, once all is recorded.
            if let status = stop.exitStatus { throw ExitCode(status) }
            let exit = PublishReport.exit(outcomes, plan: plan, hasErrors: problems.contains { $0.severity == .error })
            if exit != .ok { throw ExitCode(exit.rawValue) }
        }

        /// Applies --now and --account; with the items due now that --now
        /// leaves for a later run (posts it does not name).
        private func select(_ all: [PlanItem], now: Date) throws -> (items: [PlanItem], left: Int) {
            var items = accounts.apply(to: all)
            if !nowPosts.isEmpty {
                for id in nowPosts {
                    let its = items.filter { $0.post == id }
                    if its.isEmpty {
                        // Every post has an item: either there is no such post, or --account leaves it out.
                        if all.contains(where: { $0.post == id }) {
                            throw usageError("post '\(id)' does not go to \(accounts.ids.count == 1 ? "account" : "any of the accounts") \(accounts.ids.map { "'\($0)'" }.joined(separator: ", "))")
                        }
                        let hint = Suggest.postID(for: id, in: Set(all.map(\.post)).sorted()).map { "; did you mean '\($0)'?" }
                        throw usageError("no post '\(id)' (ids are paths under posts/ without .yaml)" + (hint ?? ""))
                    }
                    if its.allSatisfy({ $0.action == .draft }) { throw usageError("post '\(id)' is a draft; remove 'draft: true' first") }
                }
                let chosen = Set(nowPosts)
                let left = items.count { $0.action == .publish && !chosen.contains($0.post) }
                items = items.filter { chosen.contains($0.post) }
                // Planned as due (`Planner.Input.dueNow`): one not due yet says why it goes out,
                // unless the plan says more (an earlier run's intent, checked first).
                for i in items.indices where items[i].action == .publish && items[i].reason == nil && items[i].publishAt.map({ $0 > now }) == true {
                    items[i].reason = "published now (--now)"
                }
                return (items, left)
            }
            return (items, 0)
        }
    }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}
