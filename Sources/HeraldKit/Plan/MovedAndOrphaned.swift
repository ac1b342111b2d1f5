import Foundation

/// What the plan says of state records the repository no longer has an item
/// for (orphans), and of items with no record whose content such a record
/// holds (a post file moved or renamed, an account renamed): `Planner.plan`
/// calls these once every item is decided.
extension Planner {
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
    static func holdMoved(_ items: inout [PlanItem], orphans: inout [Orphan], carried: [Carried], drifted: [Int], input: Input) {
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
        // An orphan sent with no answer recorded (an intent, or unknown) may
        // be on the platform as well: its content is held the same way.
        var published: [Content: Source] = [:]
        for i in orphans.indices {
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
        // A gone post a moved file holds the content of is still one a second copy, edited, may be
        // (moved to two paths, one edited), at its very time: not within the window, where it is no sign.
        var goneFiles: [String: [(orphan: Int, time: Date, due: Date?, dueOffset: Int?)]] = [:]
        for i in orphans.indices where orphans[i].gone == .post && orphans[i].item.part == 0 && orphans[i].item.remoteID != nil {
            let orphan = orphans[i].item
            guard let record = input.state[orphan.account, orphan.post, 0]?.published, !claimed.contains(i) || record.due != nil else { continue }
            goneFiles[orphan.account, default: []].append((i, record.time, record.due, record.dueOffset))
        }
        /// The gone post a due first part may be: the one due at its very
        /// time, where the record says when it was due (a moved file keeps
        /// its `publish_at`); else the first published within the window after it.
        let zone = input.repository.timeZone
        func goneFile(for item: PlanItem) -> (orphan: Int, time: Date, due: Date?, dueOffset: Int?)? {
            guard item.action == .publish, item.part == 0, let due = item.publishAt, let gone = goneFiles[item.account] else { return nil }
            if let same = gone.first(where: { StateRecord.sameDue($0.due, offset: $0.dueOffset, as: due, zone: zone) }) { return same }
            return gone.filter { $0.due == nil && $0.time >= due && $0.time.timeIntervalSince(due) <= movedAndEditedWindow }
                .min { $0.time < $1.time }
        }
        // Records carried over to the post a file moved to: a second file with that content (the
        // post moved to two paths, by two branches whose merge kept both) is that move's copy.
        var carriedContent: [Content: Carried] = [:]
        var carriedFirsts: [String: [Carried]] = [:]
        for record in carried {
            if carriedContent[Content(account: record.account, part: record.part, hash: record.hash)] == nil {
                carriedContent[Content(account: record.account, part: record.part, hash: record.hash)] = record
            }
            if record.part == 0 && record.due != nil { carriedFirsts[record.account, default: []].append(record) }
        }
        /// The carried-over post a due first part may be a copy of: one due at its very time (a
        /// moved file keeps its `publish_at`; edited on one branch, both kept paths hold the edit).
        func carriedAtItsTime(_ item: PlanItem) -> Carried? {
            guard item.part == 0, let due = item.publishAt else { return nil }
            return carriedFirsts[item.account]?.first { StateRecord.sameDue($0.due, offset: $0.dueOffset, as: due, zone: zone) }
        }
        // A part a thread no longer has matches no content at its own part: split off, it is at another.
        guard !published.isEmpty || !goneFiles.isEmpty || !carriedContent.isEmpty || orphans.contains(where: { $0.gone == .part }) else { return }
        /// The post each destination's first part was held as (moved from it);
        /// and as which it holds that post's content (moved, not perhaps edited).
        var firstHeldAs: [String: String] = [:]
        var firstMovedFrom: [String: String] = [:]
        func destinationKey(_ item: PlanItem) -> String { item.post + "\u{0}" + item.account }
        /// Whether a later part's match with `old` can be a move: a moved
        /// file matches from its first part on. Its first part is held as
        /// `old`, or already carried over (recorded with `old`'s first id).
        /// A new post that shares a later part (a footer) with one gone or
        /// changed is no move.
        func movedWhole(_ item: PlanItem, from old: String, heldAs: [String: String]? = nil) -> Bool {
            guard item.part > 0 else { return true }
            if (heldAs ?? firstHeldAs)[destinationKey(item)] == old { return true }
            guard let first = input.state[item.account, item.post, 0]?.published?.remoteID else { return false }
            return input.state[item.account, old, 0]?.published?.remoteID == first
        }
        /// Whether a later part's first part was carried over (`state resolve`) from the part of
        /// `old`'s post as many parts before `old`: the same thread, moved to other parts.
        func carriedOver(_ item: PlanItem, from old: PlanItem) -> Bool {
            guard old.part >= item.part, let first = input.state[item.account, item.post, 0]?.published?.remoteID else { return false }
            return input.state[item.account, old.post, old.part - item.part]?.published?.remoteID == first
        }
        /// Orphaned later parts of posts whose file is gone, by account and part.
        var goneParts: [String: [Int]]?
        /// The gone post's record of a later part of a thread moved from it
        /// (its first part held as it, or carried over), whatever it holds:
        /// the file moved and that part edited.
        func movedPart(_ item: PlanItem) -> Int? {
            guard item.part > 0 else { return nil }
            if goneParts == nil {
                goneParts = [:]
                for o in orphans.indices where orphans[o].gone == .post && orphans[o].item.part > 0 && orphans[o].item.remoteID != nil {
                    goneParts?[orphans[o].item.account + "\u{0}\(orphans[o].item.part)", default: []].append(o)
                }
            }
            return goneParts?[item.account + "\u{0}\(item.part)"]?.first { movedWhole(item, from: orphans[$0].item.post, heldAs: firstMovedFrom) }
        }
        /// Published parts whose post is gone, no longer targets the account, or no longer has
        /// them, by account and content, whatever their part: split or merged, they move to another.
        var orphanedContent: [String: Int] = [:]
        for o in orphans.indices where [.post, .target, .part].contains(orphans[o].gone) && orphans[o].item.remoteID != nil {
            guard let hash = orphans[o].item.hash else { continue }
            let key = orphans[o].item.account + "\u{0}" + hash
            if orphanedContent[key] == nil { orphanedContent[key] = o }
        }
        /// Parts published by accounts accounts.yaml no longer has, by post and part.
        var goneAccountParts: [String: Int] = [:]
        for o in orphans.indices where orphans[o].gone == .account && orphans[o].item.remoteID != nil {
            let key = orphans[o].item.post + "\u{0}\(orphans[o].item.part)"
            if goneAccountParts[key] == nil { goneAccountParts[key] = o }
        }
        var held: [Int] = []
        for i in unrecorded {
            let item = items[i]
            guard let hash = item.hash else { continue }
            let part = item.part > 0 ? " (part \(item.part + 1))" : ""
            if let source = published[Content(account: item.account, part: item.part, hash: hash)],
               movedWhole(item, from: { switch source { case .orphan(let o): orphans[o].item.post; case .changed(let c): items[c].post } }()) {
                // What the published content was, and how the plan says it.
                let old: PlanItem, was: String, moved: String, holds: String
                var went = "its file went"
                switch source {
                case .orphan(let o):
                    old = orphans[o].item
                    let target = orphans[o].gone == .target
                    was = target ? ", published, which no longer targets '\(item.account)'" : ", published, whose file is gone"
                    (moved, holds) = (target ? "it" : "the file", "the same content")
                    if target { went = "it stopped targeting '\(item.account)'" }
                case .changed(let c):
                    old = items[c]
                    was = " had when it was published (its file has changed since)"
                    (moved, holds) = ("the file", "the text it published")
                }
                var named = (old.reason ?? "") + "; \(item.post)\(part) holds \(holds)"
                if let remoteID = old.remoteID {
                    let command = resolveCommand(post: item.post, account: item.account, part: item.part, published: remoteID, input: input)
                    items[i].reason = "same content as \(old.post)\(part)\(was): to send it again, change its text; if \(moved) moved here, run '\(command)'"
                } else {
                    // Sent under the old name with no answer recorded: whether it is there, only the platform tells.
                    let found = resolveCommand(post: item.post, account: item.account, part: item.part, input: input)
                    let absent = resolveCommand(post: item.post, account: item.account, part: item.part, absent: true, input: input)
                    items[i].reason = "same content as \(old.post)\(part), which was being sent with no answer recorded when \(went)"
                        + ": check '\(item.account)' on the platform; if it is there, run '\(found)'; if not, run '\(absent)'"
                    named = (old.reason ?? "") + "; sent with no answer recorded, and \(item.post)\(part) holds the same content"
                }
                switch source {
                case .orphan(let o): orphans[o].item.reason = named
                case .changed(let c): items[c].reason = named
                }
                if item.part == 0 { (firstHeldAs[destinationKey(item)], firstMovedFrom[destinationKey(item)]) = (old.post, old.post) }
            } else if let record = carriedContent[Content(account: item.account, part: item.part, hash: hash)].flatMap({ record in
                          // The same text at another time is a new post (a weekly "We are live!"), as beside a file still there.
                          record.due == nil || StateRecord.sameDue(record.due, offset: record.dueOffset, as: item.publishAt, zone: zone) ? record : nil
                      }),
                      item.part == 0 || firstHeldAs[destinationKey(item)] == record.post {
                // Before the record was carried over, this file was held as a move of the same post; it still is.
                let again = resolveCommand(post: item.post, account: item.account, part: item.part, absent: true, input: input)
                let was = record.part > 0 ? " (part \(record.part + 1))" : ""
                items[i].reason = "same content as \(record.post)\(was), published, whose file is gone, and recorded since as \(record.to)'s: "
                    + "to send it again, change its text, or run '\(again)'"
                if item.part == 0 { firstHeldAs[destinationKey(item)] = record.post }
            } else if let record = carriedAtItsTime(item), item.post != record.to {
                // Moved to two paths and edited: its content matches nothing, its time does.
                let new = resolveCommand(post: item.post, account: item.account, part: 0, absent: true, input: input)
                items[i].reason = "no record, and \(record.post), whose file is gone, was due at the same time and is recorded since as \(record.to)'s: "
                    + "if this is a copy of that move, edited, delete it; if it is a new post, run '\(new)'"
                firstHeldAs[destinationKey(item)] = record.post
            } else if case .orphan(let o) = published[Content(post: item.post, part: item.part, hash: hash)],
                      !recordTheSamePost(orphans[o].item.account, and: item.account, in: input.state) {
                let again = resolveCommand(post: item.post, account: item.account, part: item.part, absent: true, input: input)
                items[i].reason = "published with the same content by account '\(orphans[o].item.account)', which accounts.yaml no longer has: "
                    + "if it was renamed '\(item.account)', \(carryRecords(from: orphans[o].item.account, to: item.account, input: input)); "
                    + "if '\(item.account)' is another account, run '\(again)'"
                orphans[o].item.reason = "the account is gone from accounts.yaml; '\(item.account)' would send the same content"
            } else if let o = orphanedContent[item.account + "\u{0}" + hash],
                      item.part == 0 || firstHeldAs[destinationKey(item)] == orphans[o].item.post || carriedOver(item, from: orphans[o].item)
                        || orphans[o].item.part == 0 && input.state[item.account, item.post, 0]?.published != nil,
                      let remoteID = orphans[o].item.remoteID {
                // The same content at another part: a thread split into two files (the new file's first part
                // was a later one), or a post merged into a published thread as a later part (it was a first
                // part). New content that happens to be the same (a footer) is said to be so with --absent.
                let old = orphans[o].item
                let was = old.part > 0 ? " (part \(old.part + 1))" : ""
                let gone = orphans[o].gone == .part ? "which its thread no longer has" : orphans[o].gone == .target ? "which no longer targets '\(item.account)'" : "whose file is gone"
                let command = resolveCommand(post: item.post, account: item.account, part: item.part, published: remoteID, input: input)
                let again = resolveCommand(post: item.post, account: item.account, part: item.part, absent: true, input: input)
                items[i].reason = "same content as \(old.post)\(was), published, \(gone): if it moved here, run '\(command)'; "
                    + "to send it again, change its text, or run '\(again)'"
                orphans[o].item.reason = (old.reason ?? "") + "; \(item.post)\(part) holds the same content"
                if item.part == 0 { firstHeldAs[destinationKey(item)] = old.post }
            } else if let o = goneAccountParts[item.post + "\u{0}\(item.part)"],
                      !recordTheSamePost(orphans[o].item.account, and: item.account, in: input.state) {
                // Renamed, and the text (or its campaign's hashtags) edited in the same change: the same post
                // and part, published by an account that is gone, to an account that was not beside it (its
                // records of the gone one's posts come after), until a person says which (--absent, or the rename).
                let old = orphans[o].item
                let new = resolveCommand(post: item.post, account: item.account, part: item.part, absent: true, input: input)
                items[i].reason = "no record, and account '\(old.account)', which accounts.yaml no longer has, published this post\(part) (its text "
                    + "has changed since): if it was renamed '\(item.account)', \(carryRecords(from: old.account, to: item.account, input: input)); "
                    + "if '\(item.account)' is another account, run '\(new)'"
                orphans[o].item.reason = "the account is gone from accounts.yaml; '\(item.account)' may be it, renamed"
            } else if let gone = goneFile(for: item), let remoteID = orphans[gone.orphan].item.remoteID {
                let o = gone.orphan
                let old = orphans[o].item
                let moved = resolveCommand(post: item.post, account: item.account, part: 0, published: remoteID, input: input)
                let new = resolveCommand(post: item.post, account: item.account, part: 0, absent: true, input: input)
                let when = gone.due != nil ? "was due at the same time and published to \(item.account)" : "was published to \(item.account) soon after this post's time"
                // Several files gone that were due at that time (a folder moved, and a link edited in each): which
                // one this is, only a person can tell, and each is named with its own command.
                let alike = gone.due == nil ? [] : (goneFiles[item.account] ?? []).filter { other in
                    other.orphan != o && orphans[other.orphan].item.remoteID != nil
                        && StateRecord.sameDue(other.due, offset: other.dueOffset, as: gone.due, zone: zone)
                }
                if alike.isEmpty {
                    items[i].reason = "no record, and \(old.post), whose file is gone, \(when): "
                        + "if this is its file, moved and edited, run '\(moved)'; if this is a new post, run '\(new)'"
                } else {
                    let each = ([gone] + alike).map { candidate in
                        let id = orphans[candidate.orphan].item.remoteID!
                        return "if it is \(orphans[candidate.orphan].item.post)'s, run '\(resolveCommand(post: item.post, account: item.account, part: 0, published: id, input: input))'"
                    }
                    items[i].reason = "no record, and \(([gone] + alike).count) posts whose files are gone were due at the same time and published to \(item.account), "
                        + "one of which this may be, moved and edited: " + each.joined(separator: "; ") + "; if this is a new post, run '\(new)'"
                }
                for candidate in [gone] + alike {
                    orphans[candidate.orphan].item.reason = (orphans[candidate.orphan].item.reason ?? "") + "; \(item.post) may be its file, moved and edited"
                }
                firstHeldAs[destinationKey(item)] = old.post
            } else if let o = movedPart(item), let remoteID = orphans[o].item.remoteID {
                // Sent as a new reply, the edited part would be the thread's second copy of it.
                let old = orphans[o].item
                let command = resolveCommand(post: item.post, account: item.account, part: item.part, published: remoteID, input: input)
                items[i].reason = "\(old.post) (part \(item.part + 1)) was published with other text, and its file moved here: herald does not edit"
                    + " published posts, and the platform keeps the text as it was; run '\(command)' to record it as this part"
                orphans[o].item.reason = (old.reason ?? "") + "; \(item.post) (part \(item.part + 1)) is its file, moved, with this part edited"
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

    /// How a renamed account's records are carried to its new name: its
    /// state file renamed, or, where the new name has records already (a
    /// rename over them would lose them), its records added to the end.
    static func carryRecords(from gone: String, to account: String, input: Input) -> String {
        let folder = (input.repositoryArgument.map { $0.hasSuffix("/") ? $0 : $0 + "/" } ?? "") + input.state.directory + "/"
        let old = shellWord(folder + gone + StateStore.fileExtension), new = shellWord(folder + account + StateStore.fileExtension)
        return input.state.accounts.contains(account) ? "add the records of \(old) (all but its first line) to the end of \(new), then delete \(old)"
            : "rename its state file \(old) to \(new)"
    }

    /// Whether two accounts both have records of one post, the account's
    /// from before the gone one's last record: they were two accounts at
    /// once, and neither is the other renamed. (A renamed account's records
    /// all come after its old name's last: a post it sent since, edited, is
    /// no sign it was another account.)
    static func recordTheSamePost(_ gone: String, and account: String, in state: StateSnapshot) -> Bool {
        guard let theirs = state.shards[gone], let ours = state.shards[account],
              let newest = theirs.values.lazy.flatMap(\.recordTimes).max() else { return false }
        let posts = Set(theirs.keys.map(\.post))
        return ours.contains { key, part in posts.contains(key.post) && part.recordTimes.contains { $0 <= newest } }
    }

    /// The items of one post to one account, around the item at `index`:
    /// next to each other in the plan, in part order.
    static func destination(around index: Int, in items: [PlanItem]) -> Range<Int> {
        let post = items[index].post, account = items[index].account
        var lower = index, upper = index + 1
        while lower > 0 && items[lower - 1].post == post && items[lower - 1].account == account { lower -= 1 }
        while upper < items.count && items[upper].post == post && items[upper].account == account { upper += 1 }
        return lower..<upper
    }

    /// Whether two times are one `publish_at` (records keep whole seconds).
    static func sameTime(_ a: Date?, _ b: Date?) -> Bool {
        guard let a, let b else { return false }
        return abs(a.timeIntervalSince(b)) < 1
    }

    /// How long after a post's time the post whose file is gone must have
    /// been published for the post to be held as that file, moved and
    /// edited, when its record does not say when it was due (written by a
    /// herald before `due=`): runs are minutes apart, but a CI outage may
    /// last days.
    static let movedAndEditedWindow: TimeInterval = 7 * 24 * 3600

    /// An orphan's item, and what of its record is gone from the repository.
    struct Orphan {
        enum Gone { case post, account, target, part, unreadable }
        var item: PlanItem
        /// The post file (whatever the account); else the account in
        /// accounts.yaml, the post's target, or its thread part.
        var gone: Gone
    }

    /// A record of a post whose file is gone, carried over to the post
    /// it moved to (`state resolve --published` gave that one its id): no
    /// orphan, but its content is published all the same.
    struct Carried {
        var post: String
        var account: String
        var part: Int
        var hash: String
        /// The post that holds its id now.
        var to: String
        /// The `publish_at` it was sent for, where its record says.
        var due: Date?
        var dueOffset: Int?
    }

    /// State records whose post, account or part is no longer in the
    /// repository: every state key the plan has no item for; and, apart,
    /// those carried over to a post that is.
    static func orphans(_ input: Input, accounts: [String: PreparedAccount],
                        isPlanned: (_ post: String, _ account: String, _ part: Int) -> Bool) -> (orphans: [Orphan], carried: [Carried]) {
        let repository = input.repository
        var orphans: [Orphan] = []
        var carried: [Carried] = []
        var postsByID: [String: Int]?
        /// Whether the repository has a post file of that id (readable or not).
        func isPost(_ id: String) -> Bool {
            if postsByID == nil {
                postsByID = Dictionary(repository.posts.indices.map { (repository.posts[$0].id, $0) }, uniquingKeysWith: { a, _ in a })
            }
            return postsByID?[id] != nil || repository.invalidPosts[id] != nil
        }
        for (account, parts) in input.state.shards {
            // Remote ids recorded for items the plan has: a record of a post moved or renamed,
            // whose new name `state resolve --published` gave the same id, is that post, not an orphan.
            var liveIDs: [String: String]?
            var liveContent: [String: String]?
            // A post moved twice and resolved each time, both names gone since: the earlier name's
            // record holds the id the later one's does. One status: one orphan, the latest name's.
            var latestGone: [String: (post: String, time: Date)]?
            for (key, part) in parts where !isPlanned(key.post, account, key.part) {
                guard part.isRecorded, let record = part.published ?? part.pendingIntent ?? part.unknown else { continue }
                if let id = part.published?.remoteID {
                    if liveIDs == nil {
                        liveIDs = Dictionary(parts.compactMap { key, part in
                            isPlanned(key.post, account, key.part) ? part.published?.remoteID.map { ($0, key.post) } : nil
                        }, uniquingKeysWith: { a, b in min(a, b) })
                    }
                    if let live = liveIDs?[id] {
                        if let hash = record.hash, !isPost(key.post) {
                            carried.append(Carried(post: key.post, account: account, part: key.part, hash: hash, to: live, due: record.due, dueOffset: record.dueOffset))
                        }
                        continue
                    }
                    if latestGone == nil {
                        var latest: [String: (post: String, time: Date)] = [:]
                        for (key, part) in parts where !isPlanned(key.post, account, key.part) {
                            guard let published = part.published, let id = published.remoteID else { continue }
                            if let held = latest[id], (held.time, held.post) > (published.time, key.post) { continue }
                            latest[id] = (key.post, published.time)
                        }
                        latestGone = latest
                    }
                    if let latest = latestGone?[id], latest.post != key.post, !isPost(key.post) { continue }
                } else if let hash = record.hash, !isPost(key.post) {
                    // Sent with no answer when its file moved: once the moved file's part is recorded
                    // published with that content (`state resolve --published`, as its row said), it is
                    // that post, settled, not an orphan for good.
                    if liveContent == nil {
                        liveContent = Dictionary(parts.compactMap { key, part in
                            isPlanned(key.post, account, key.part) ? part.published?.hash.map { ("\(key.part) \($0)", key.post) } : nil
                        }, uniquingKeysWith: { a, b in min(a, b) })
                    }
                    if let live = liveContent?["\(key.part) \(hash)"] {
                        carried.append(Carried(post: key.post, account: account, part: key.part, hash: hash, to: live, due: record.due, dueOffset: record.dueOffset))
                        continue
                    }
                }
                if postsByID == nil {
                    postsByID = Dictionary(repository.posts.indices.map { (repository.posts[$0].id, $0) }, uniquingKeysWith: { a, _ in a })
                }
                let reason: String
                var gone = Orphan.Gone.post
                let found = postsByID?[key.post].map { repository.posts[$0] }
                // A post going to its campaign's accounts, the campaign unknown or unreadable (renamed, an
                // error in its file): whom it targets cannot be told, so its records are blocked at that error.
                let untold = found.flatMap { post in
                    post.accounts == nil && post.campaign.map { repository.campaigns[$0.value] == nil } == true ? repository.invalidPosts[post.id] : nil
                }
                if let post = found, untold == nil {
                    let targeted = ContentResolver.accounts(of: post, campaigns: repository.campaigns).contains { $0.value == account }
                    reason = accounts[account] == nil ? "the account is gone from accounts.yaml"
                        : targeted ? "the thread no longer has part \(key.part + 1)" : "the post no longer targets '\(account)'"
                    gone = accounts[account] == nil ? .account : targeted ? .part : .target
                } else if let problem = untold ?? repository.invalidPosts[key.post]
                            ?? repository.unreadablePostFolders.first(where: { key.post.hasPrefix($0.prefix) })?.problem {
                    // The file is there but cannot be read, or may be in a folder that cannot, or its campaign
                    // cannot: blocked until it is fixed, not gone.
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
        return (orphans, carried)
    }
}
