import ArgumentParser
import Foundation
import HeraldKit

extension Herald {
    struct State: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "state",
            abstract: "Repair the state herald keeps of what it published (plan shows it).",
            subcommands: [Resolve.self]
        )
    }
}

extension Herald.State {
    struct Resolve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "resolve",
            abstract: "Record what a person found on the platform: an item herald could not tell about, or one published by hand.",
            discussion: """
                When publish reports an item as unknown, look at the account. If the post is \
                there, record it with --published ID (the next run treats it as done, or, \
                where publish found a status reading like the post before it was edited, as \
                changed since published); if it is not, record --absent (the next run sends it).

                An item the state has nothing for is recorded with --published ID as the \
                repository holds it now, so plan shows it as done rather than sending it \
                again: one published by hand or before herald, or whose record was lost \
                with the state folder (publish looks for such an item on the platform \
                first once it is over an hour overdue, where it can), or from a post file \
                since moved or renamed (plan blocks it and names this command). Plan holds \
                back a post that may be a file moved and edited (one whose file is gone was \
                due at its time): record it --published ID if it is that post, or --absent if \
                it is a new one (the next run sends it). The same --absent releases any item \
                plan holds as content published before (moved, split, merged, a part shifted, \
                an account renamed) when it is new content that is only the same.

                An ID already recorded for a post the repository still holds is refused (one \
                post on the platform is one part), and nothing is written to a state file \
                herald cannot read whole (a newer version's, a damaged record): repair it first.

                A record is the last line of the account's file in the state folder \
                (state/<account>.state, unless herald.yaml's state_dir says otherwise): to take \
                one back, delete that line.
                Exit status: 0 recorded; 1 nothing recorded, for the state (damaged, the lock \
                held, a folder herald may not write); 64 nothing recorded, for what was given \
                (a post, part or account the repository does not have, an id refused).
                """
        )

        @OptionGroup var repository: RepositoryOptions
        @OptionGroup var sandbox: SandboxOptions

        @Argument(help: ArgumentHelp("The post id (its path under posts/ without .yaml); one that starts with '-' goes last, after '--'.", valueName: "post-id"))
        var post: String

        @Option(help: ArgumentHelp("The account.", valueName: "id"))
        var account: String

        // Unconditional: `--part -1` reaches the check below, not the parser's "missing value".
        @Option(parsing: .unconditional, help: "The part: 1 for the post itself, 2… for thread parts.")
        var part = 1

        @Option(help: ArgumentHelp("The post exists on the platform with this id (Mastodon: 1154 in https://mastodon.social/@acme/1154).", valueName: "remote-id"))
        var published: String?

        @Option(help: ArgumentHelp("Its URL, with --published.", valueName: "url"))
        var url: String?

        @Flag(help: "The post is not on the platform; the next run may send it.")
        var absent = false

        func validate() throws {
            if post.isEmpty { throw ValidationError("<post-id> is empty: give the post's path under posts/ without .yaml") }
            if (published == nil) == !absent { throw ValidationError("give exactly one of --published ID or --absent") }
            if part < 1 { throw ValidationError("--part counts from 1") }
            if let published, published.allSatisfy(\.isWhitespace) { throw ValidationError("--published needs the post's id on the platform") }
            if let published { try Self.checkRemoteID(published, url: url) }
            if url != nil && published == nil { throw ValidationError("--url goes with --published") }
            // Shown in plans as a link: a web address, nothing a browser would run.
            if let url, !(url.lowercased().hasPrefix("https://") || url.lowercased().hasPrefix("http://")) || url.contains(where: \.isWhitespace) {
                throw ValidationError("--url takes the post's web address, as in https://mastodon.social/@acme/1154")
            }
        }

        func run() async throws {
            try repository.validateRoot()
            let session = try await PublishSession.make(root: repository.root, routing: sandbox.routing,
                                                        environment: ProcessInfo.processInfo.environment, startSandbox: false,
                                                        repositoryArgument: repository.commandLineRepository)
            guard let target = session.accounts.first(where: { $0.id == account }) else {
                throw unknownAccount(account, in: session.accounts)
            }
            // Asked with in a request's address by the next run's look-ups: `../x` would lead elsewhere.
            if let published, target.platform == .mastodon, !MastodonAdapter.isID(published) {
                throw usageError("--published '\(TerminalText.visible(published))' is no Mastodon status id: letters and digits, "
                                 + "the end of the post's address (https://mastodon.social/@acme/115400000000000001)")
            }
            let lock = try await session.store.lock(timeout: .seconds(60), waiting: { waitingForLock(seconds: 60) })
            defer { lock.release() }
            let snapshot = session.store.read()
            // A file herald cannot read whole (a newer format, a damaged record) is not written to:
            // a record added to it could contradict one herald cannot see.
            let unusable = snapshot.folderProblem.map { ($0.what, $0.location) }
                ?? snapshot.damaged[account].map { ("the state file of '\(account)' \($0.what)", $0.location) }
            if let (what, location) = unusable {
                let place = location.map { " (\($0))" } ?? ""
                StandardStreams.writeError("Error: " + TerminalText.visible("\(what)\(place); nothing recorded (herald validate shows the problems)") + "\n")
                throw ExitCode(1)
            }
            // The post as the repository holds it now, found once.
            let found = session.content.posts.first { $0.id == post }
            // One id is one post: given to a second, the part would show as done and never be sent. A
            // record may give its id on when its own item is gone (a file moved or renamed, an account
            // moved to a post of its own: plan names this command), or when its post was written anew
            // (its own text changed: a file moved, and a new one written at its old path) and this post
            // holds the content it recorded. A post still as recorded keeps its ids, whatever else
            // holds the same text.
            if let published, let holder = snapshot.part(publishedAs: published, account: account),
               holder.post != post || holder.part != part - 1,
               let recorded = snapshot[account, holder.post, holder.part]?.published?.hash,
               let holderPost = session.content.posts.first(where: { $0.id == holder.post }),
               let holderNow = liveHash(of: holderPost, part: holder.part, in: session.content) {
                let holderAsRecorded = holderNow == recorded
                    && liveHash(of: holderPost, part: 0, in: session.content) == snapshot[account, holder.post, 0]?.published?.hash
                let holdsRecorded = found.flatMap { liveHash(of: $0, part: part - 1, in: session.content) } == recorded
                if holderAsRecorded || !holdsRecorded {
                    throw usageError("\(published) is already recorded as \(holder.post) part \(holder.part + 1) on \(account): a post on the platform is one part; check the id")
                }
            }
            let current = snapshot[account, post, part - 1]
            if current?.published != nil {
                throw usageError("\(post) part \(part) is already recorded as published on \(account)")
            }
            if absent, let current, current.checkedAbsent, current.pendingIntent == nil, current.unknown == nil {
                throw usageError("\(post) part \(part) is already recorded as not on \(account): publish sends it when it is due")
            }
            // What a run sent, when there is a record; else what the repository holds now.
            // With records but none of them giving a hash (after --absent), what the repository holds,
            // when it still holds the post: one gone is recorded without, as before.
            let sent = current.flatMap { $0.unknown?.hash ?? $0.pendingIntent?.hash ?? $0.failures.last?.hash }
            // An id another record holds (a file moved, and edited in the same change) was published with
            // that record's content, which the platform keeps: recorded so, the plan shows the edit as drift.
            let publishedWith = published.flatMap { snapshot.part(publishedAs: $0, account: account) }.flatMap { holder in
                holder.post == post && holder.part == part - 1 ? nil : snapshot[account, holder.post, holder.part]?.published?.hash
            }
            // The post and part must be there all the same (a typo is refused, with a suggestion).
            let hash = current == nil ? try { let held = try contentHash(of: found, in: session.content); return publishedWith ?? held }()
                : sent ?? (try? contentHash(of: found, in: session.content))
            // A thread's later part is a reply to the part before: recorded while that one is not, the earlier part would be
            // sent anew and this one never (a --part typo, where 1 was meant).
            if published != nil, part > 1, snapshot[account, post, part - 2]?.published == nil {
                throw usageError("\(post) part \(part - 1) is not recorded as published on \(account), and part \(part) is a reply to it: "
                                 + "record part \(part - 1) first (--part \(part - 1), or no --part for part 1)")
            }
            // A published record says when its post was due, as publish writes it.
            let due = absent ? nil : found?.publishAt?.value
            let record = StateRecord(time: Date(), event: absent ? .absent : .published, post: post, part: part - 1, hash: hash,
                                     remoteID: published, url: url.map(session.redactor.callAsFunction),
                                     error: absent ? "checked by a person" : nil, due: due,
                                     dueOffset: due.map { (session.content.timeZone ?? TimeZone.gmt).secondsFromGMT(for: $0) },
                                     cause: absent ? nil : StateRecord.resolvedCause)
            try session.store.writer(account: account).append(record)
            // A post not yet due goes out at its time, not with the next run; on a platform this herald
            // cannot publish to, at neither.
            let platform = session.accounts.first { $0.id == account }?.platform
            let sends: String
            if let platform, !AdapterRegistry.supportedPlatforms.contains(platform) {
                sends = "herald \(HeraldInfo.version) cannot publish to \(platform.displayName) yet: a version that can will send it"
            } else if let found, let failed = current?.failures(since: Planner.countsFailuresFrom(found.publishAt?.value, account: account, post: post, part: part - 1,
                                                                                                state: snapshot, zone: session.content.timeZone), until: Date()),
                      failed.count >= session.content.settings.maxAttempts, let last = failed.last {
                // Now is later than the last failure only once the clock has passed it.
                // Checked absent, it is still given up: what was tried failed as often as max_attempts allows.
                sends = "it stays given up after \(failed.count) failures: to try again, set its publish_at later than the last "
                    + "(\(TimeParser.format(last.time, zone: session.content.timeZone, offset: nil)))" + (last.time <= Date() ? ", or to now" : "")
            } else if let found {
                let later = found.publishAt.flatMap { $0.value > Date() ? $0.value : nil }
                sends = later.map { "publish sends it when it is due, \(TimeParser.format($0, zone: session.content.timeZone, offset: nil))" }
                    ?? "the next publish sends it"
            } else {
                sends = "no publish sends it: there is no post '\(post)' (its file is gone)"
            }
            print(TerminalText.visible(absent ? "Recorded: \(post) part \(part) is not on \(account); \(sends)."
                                              : "Recorded: \(post) part \(part) is on \(account) as \(published ?? "")"))
        }

        /// The id a platform gave the post, as herald sends it back (a reply
        /// in a thread names it): no blank, nor the post's web address,
        /// which people copy from the browser.
        static func checkRemoteID(_ id: String, url: String?) throws {
            let lower = id.lowercased()
            if lower.hasPrefix("http://") || lower.hasPrefix("https://") {
                // The address's last path segment is the id on most platforms (…/@acme/1154, …/status/1154).
                let last = URL(string: id)?.pathComponents.last { $0 != "/" }
                let suggestion = url == nil ? last.map { ": --published \($0) --url \(id)" } ?? ": its id, and the address with --url" : ""
                throw ValidationError("--published takes the post's id on the platform, not its web address\(suggestion)")
            }
            if id.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.properties.generalCategory == .control }) {
                throw ValidationError("--published '\(TerminalText.visible(id))' is not an id: it has a blank or a control character in it")
            }
        }

        /// The hash of the item as the repository holds it: recorded for a
        /// post published by hand, so that the plan sees it as done (and as
        /// drift once its text changes).
        /// `found`: the post of this id in `content`, if there is one.
        /// The hash of a post's part (0 for the post itself) as the repository
        /// holds it now, when the post goes to the account and has that part.
        private func liveHash(of post: Post, part index: Int, in content: ContentRepository) -> String? {
            guard let target = content.account(account),
                  ContentResolver.accounts(of: post, campaigns: content.campaigns).contains(where: { $0.value == account }) else { return nil }
            let parts = content.parts(of: post, for: target)
            return index < parts.count ? parts[index].hash : nil
        }

        private func contentHash(of found: Post?, in content: ContentRepository) throws -> String {
            guard let found else {
                let hint = Suggest.postID(for: post, in: content.posts.map(\.id)).map { " (did you mean '\($0)'?)" } ?? ""
                throw usageError("the state has nothing for \(post) part \(part) on \(account), and there is no post '\(post)'\(hint)")
            }
            guard let target = content.account(account),
                  ContentResolver.accounts(of: found, campaigns: content.campaigns).contains(where: { $0.value == account }) else {
                throw usageError("post '\(post)' does not target \(account)")
            }
            let parts = content.parts(of: found, for: target)
            guard part <= parts.count else {
                throw usageError("post '\(post)' has \(parts.count == 1 ? "1 part" : "\(parts.count) parts") on \(account), not \(part)")
            }
            return parts[part - 1].hash
        }
    }
}
