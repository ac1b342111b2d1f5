import Foundation

/// Rules that span files: references, media on disk, required content and
/// per-platform text length. Runs after decoding; adds to the repository's
/// diagnostics and marks posts with errors as invalid.
enum Validator {
    static func validate(_ repository: inout ContentRepository, checkMedia: Bool) {
        let accounts = Dictionary(repository.accounts.map { ($0.id, PreparedAccount(account: $0)) }, uniquingKeysWith: { a, _ in a })
        var names = Names(repository)
        if checkMedia { names.mediaRoot = repository.root }
        var problems: [Diagnostic] = []

        // A campaign's first unknown account, by campaign: its posts that go to the campaign's accounts
        // are held on all of them, as a post naming one itself is (below).
        var unknownInCampaign: [String: Diagnostic] = [:]
        for campaign in repository.campaigns.values.sorted(by: { $0.id < $1.id }) {
            var suggested = 0
            for ref in campaign.accounts ?? [] where accounts[ref.value] == nil {
                let problem = unknownAccount(ref, repository: repository, names: names, suggesting: &suggested)
                problems.append(problem)
                if unknownInCampaign[campaign.id] == nil && problem.severity == .error { unknownInCampaign[campaign.id] = problem }
            }
        }

        let media = checkMedia ? inspectMedia(repository) : InspectedMedia()
        repository.inspectedMedia = media
        // Taken out while written: the array must not be shared, or writing
        // one post's parts would copy all of them.
        var posts = repository.posts
        repository.posts = []
        defer { repository.posts = posts }
        let perPost = validatePosts(&posts, of: repository, shared: ReadByEveryPost(accounts: accounts, campaigns: repository.campaigns),
                                    names: names, media: media)
        // A post sent to its campaign's accounts, one of which is unknown, goes to none of them until
        // the name is fixed: else that account would get every overdue post of the campaign at once.
        for post in posts where !unknownInCampaign.isEmpty && post.accounts == nil {
            guard let ref = post.campaign, let problem = unknownInCampaign[ref.value], repository.invalidPosts[post.id] == nil else { continue }
            repository.invalidPosts[post.id] = problem
        }
        // A campaign with errors would put the wrong hashtags or links out: block its posts.
        for post in posts where !repository.invalidCampaigns.isEmpty {
            guard let ref = post.campaign, repository.campaigns[ref.value] != nil,
                  let problem = repository.invalidCampaigns[ref.value] else { continue }
            let id = post.id
            if repository.invalidPosts[id] == nil {
                repository.invalidPosts[id] = cannotBeUsed("campaign", ref, because: problem)
            }
        }
        // Most posts have no problem: only those that do are looked at.
        for i in perPost.indices where !perPost[i].post.isEmpty || !perPost[i].accounts.isEmpty {
            let id = posts[i].id
            problems += perPost[i].post
            if perPost[i].altText > 0 { repository.altTextProblems[id] = Array(perPost[i].post.suffix(perPost[i].altText)) }
            if let first = perPost[i].post.first(where: { $0.severity == .error }), repository.invalidPosts[id] == nil {
                repository.invalidPosts[id] = first
            }
            for (account, diagnostics) in perPost[i].accounts {
                problems += diagnostics
                if let first = diagnostics.first(where: { $0.severity == .error }) {
                    repository.invalidTargets[.init(post: id, account: account)] = first
                }
                for error in diagnostics where error.severity == .error {
                    repository.accountErrors[error, default: []].append(account)
                }
            }
        }
        repository.diagnostics += problems
    }

    /// Every post on all cores; each iteration writes its own post's
    /// resolved parts in place. Returns each post's problems, and each
    /// account's (only accounts with problems are listed).
    private static func validatePosts(_ posts: inout [Post], of repository: ContentRepository, shared: ReadByEveryPost,
                                      names: Names, media: InspectedMedia)
        -> [(post: [Diagnostic], accounts: [(String, [Diagnostic])], altText: Int)] {
        posts.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let posts = buffer
            return parallelMap(posts.count, local: { shared.copy() }) { shared, i in
                let (found, perAccount, resolved, altText) = validate(post: posts[i], repository: repository, shared: shared,
                                                                      names: names, media: media)
                posts[i].resolved = resolved
                return (found, perAccount, altText)
            }
        }
    }

    /// What the hints for unknown names compare them with, prepared once
    /// for every post.
    private struct Names: Sendable {
        /// Past this many unknown names in one file, the rest get no
        /// suggestion: each compares a name with up to a thousand, and a
        /// file may hold 100,000 of them (20,000 unknown names among 900
        /// accounts took 15 s).
        static let suggestionsPerFile = 50

        var accounts: Suggest.AccountNames
        /// The ids accounts.yaml defines, readable or not.
        var ids: Set<String>
        /// `accounts.yaml defines …`, for a name close to none of them.
        var defined: String
        var variantKeys: Suggest.Candidates
        var campaigns: Suggest.Candidates
        /// The repository, when media files are looked at: a media path
        /// refused or missing is told of the file it likely meant.
        var mediaRoot: String?

        init(_ repository: ContentRepository) {
            let accounts = repository.accounts
            let known = accounts.map(\.id) + Set(repository.invalidAccounts.keys).subtracting(accounts.map(\.id)).sorted()
            ids = Set(known)
            // Counted before any post is read, so that the same names get hints whatever the order.
            var unknown: Set<String> = []
            for campaign in repository.campaigns.values { for ref in campaign.accounts ?? [] where !ids.contains(ref.value) { unknown.insert(ref.value) } }
            for post in repository.posts where unknown.count <= Suggest.AccountNames.maxUnknownNames {
                for ref in post.accounts ?? [] where !ids.contains(ref.value) { unknown.insert(ref.value) }
            }
            self.accounts = Suggest.AccountNames(accounts, suggesting: unknown.count <= Suggest.AccountNames.maxUnknownNames)
            // A long list is summed up: each unknown name's hint would repeat it.
            let shown = known.count <= 12 ? known.joined(separator: ", ")
                : known.prefix(10).joined(separator: ", ") + " and \(TextRules.grouped(known.count - 10)) more"
            defined = known.isEmpty ? "accounts.yaml defines no accounts" : "accounts.yaml defines \(shown)"
            variantKeys = Suggest.Candidates(Platform.allCases.map(\.rawValue) + accounts.map(\.id))
            campaigns = Suggest.Candidates(Set(repository.campaigns.keys).union(repository.invalidCampaigns.keys).sorted())
        }
    }

    /// A reference to an account accounts.yaml does not define, or defines
    /// with an error that left it unreadable (then that error is named).
    private static func unknownAccount(_ ref: Located<String>, repository: ContentRepository, names: Names,
                                       suggesting suggested: inout Int) -> Diagnostic {
        // Not among the accounts, yet invalid: written, but not readable as one.
        if let problem = repository.invalidAccounts[ref.value] {
            return cannotBeUsed("account", ref, because: problem)
        }
        // No account is known: the file is not there, or not readable at all.
        if let problem = repository.accountsUnreadable {
            return problem.location == nil ? .error("unknown account '\(ref.value)'", at: ref.location, hint: "there is no accounts.yaml")
                : cannotBeUsed("account", ref, because: problem)
        }
        // 'acme-x, acme-mastodon' or '[acme-x acme-mastodon]': several accounts written as one name.
        // A misspelt one among them is written as it is likely meant.
        let pieces = ref.value.split { $0 == "," || $0.isWhitespace }.map(String.init)
        // `- acme-mastodon` and then `   - acme-x` a space further: YAML reads the second as more of the first name.
        if pieces.count > 2, pieces.contains("-"), pieces.filter({ $0 != "-" }).allSatisfy(names.ids.contains) {
            return .error("unknown account '\(ref.value)'", at: ref.location,
                          hint: "a '- ' indented further than the item above is read as more of it: start each '- ' of the list in the same column")
        }
        if pieces.count > 1 {
            let meant = pieces.map { names.ids.contains($0) ? $0 : names.accounts.closest(to: $0) }
            if pieces.contains(where: names.ids.contains), meant.allSatisfy({ $0 != nil }) {
                return .error("unknown account '\(ref.value)'", at: ref.location,
                              hint: "several accounts are written as a list, each name apart: [\(meant.map { $0! }.joined(separator: ", "))]")
            }
        }
        suggested += 1
        if suggested <= Names.suggestionsPerFile, let hint = platformNamed(ref.value, accounts: repository.accounts) {
            return .error("unknown account '\(ref.value)'", at: ref.location, hint: hint)
        }
        let close = suggested > Names.suggestionsPerFile ? nil : names.accounts.closest(to: Self.withoutFileName(ref.value, folder: nil))
        let hint = close.map { "did you mean '\($0)'?" } ?? names.defined
        return .error("unknown account '\(ref.value)'", at: ref.location, hint: hint)
    }

    /// A name written as a file's (`campaigns/launch.yaml`, as the README
    /// lays the files out) without its folder and extension, to suggest from.
    static func withoutFileName(_ name: String, folder: String?) -> String {
        var name = Substring(name)
        if let folder, name.hasPrefix(folder + "/") { name = name.dropFirst(folder.count + 1) }
        for ext in [".yaml", ".yml"] where name.lowercased().hasSuffix(ext) && name.count > ext.count { return String(name.dropLast(ext.count)) }
        return String(name)
    }

    /// `x` or `twitter` where an account is meant: the hint names the
    /// platform's accounts.
    private static func platformNamed(_ word: String, accounts: [Account]) -> String? {
        guard let platform = Platform(rawValue: word.lowercased()) ?? Suggest.platform(aliased: word) else { return nil }
        let ids = accounts.filter { $0.platform == platform }.map(\.id)
        let said = "'\(word)' is a platform; an account is named by its id in accounts.yaml"
        switch ids.count {
        case 0: return said + ", which defines no \(platform.displayName) account"
        case 1: return said + ": did you mean '\(ids[0])'?"
        case ...5: return said + ": its accounts are \(ids.joined(separator: ", "))"
        default: return said + ": its accounts are \(ids.prefix(5).joined(separator: ", ")) and \(ids.count - 5) more"
        }
    }

    /// `account 'acme-x' cannot be used: accounts.yaml has an error in it
    /// (accounts.yaml:2:23: unknown platform 'twitter')`: the file is the
    /// one the error is in.
    private static func cannotBeUsed(_ kind: String, _ ref: Located<String>, because problem: Diagnostic) -> Diagnostic {
        .cannotBeUsed(kind, ref.value, at: ref.location, because: problem)
    }

    private static func validate(post: Post, repository: ContentRepository, shared: ReadByEveryPost,
                                 names: Names, media: InspectedMedia)
        -> (post: [Diagnostic], accounts: [(String, [Diagnostic])], resolved: [(account: String, parts: [ResolvedPart])], altText: Int) {
        let accounts = shared.accounts
        var found: [Diagnostic] = []
        var campaign: Campaign?
        if let ref = post.campaign {
            campaign = shared.campaigns[ref.value]
            if campaign == nil {
                // Its file may be there, but not readable as a campaign.
                found.append(repository.invalidCampaigns[ref.value].map { cannotBeUsed("campaign", ref, because: $0) }
                    ?? .error("unknown campaign '\(ref.value)'", at: ref.location,
                              hint: names.campaigns.closest(to: Self.withoutFileName(ref.value, folder: "campaigns")).map { "did you mean '\($0)'?" }))
            }
        }
        let refs = ContentResolver.accounts(of: post, campaigns: shared.campaigns)
        var targets: [PreparedAccount] = []
        targets.reserveCapacity(refs.count)
        // A post lists a few accounts: earlier ones are searched in order,
        // those of a long list kept in a set.
        let longList = refs.count > Post.fewEntries
        var listed: Set<String> = []
        var suggested = 0
        for (index, ref) in refs.enumerated() {
            if longList ? !listed.insert(ref.value).inserted : refs[..<index].contains(where: { $0.value == ref.value }) {
                // A campaign's list says so itself, once.
                if post.accounts != nil { found.append(.error("account '\(ref.value)' is listed twice", at: ref.location)) }
            } else if let target = accounts[ref.value] {
                targets.append(target)
            } else if post.accounts != nil {
                found.append(unknownAccount(ref, repository: repository, names: names, suggesting: &suggested))
            }
        }
        // What the post's accounts answer to, kept in a set for many variants.
        let targetKeys = post.variants.count > Post.fewEntries ? Set(targets.flatMap { [$0.id, $0.platform.rawValue] }) : []
        // Without accounts.yaml, which accounts a variant may name is not known.
        for variant in post.variants where repository.accountsUnreadable == nil {
            let key = variant.key.value
            if Platform(rawValue: key) == nil && accounts[key] == nil {
                suggested += 1
                found.append(.error("variant '\(key)' names no platform or account", at: variant.key.location,
                                    hint: Suggest.platform(aliased: key).map { "did you mean '\($0.rawValue)'?" }
                                        ?? (suggested > Names.suggestionsPerFile ? nil
                                            : names.variantKeys.closest(to: key).map { "did you mean '\($0)'?" })))
            } else if targets.count == Set(refs.map(\.value)).count, post.campaign == nil || campaign != nil,
                      post.variants.count > Post.fewEntries ? !targetKeys.contains(key)
                        : !targets.contains(where: { $0.id == key || $0.platform.rawValue == key }) {
                // Only when every account is known: one unknown, or a campaign that cannot be used, has its own error.
                found.append(.warning("variant '\(key)' matches none of this post's accounts", at: variant.key.location))
            } else if Platform(rawValue: key) != nil, case let same = targets.filter({ $0.platform.rawValue == key }), !same.isEmpty,
                      same.allSatisfy({ target in post.variants.contains { $0.key.value == target.id } }) {
                // An account's variant is used whole, not combined with its platform's: this one goes nowhere.
                let named = same.map { "'\($0.id)'" }.joined(separator: ", ")
                found.append(.warning("variant '\(key)' is used by none of this post's accounts: \(named) \(same.count == 1 ? "has a variant" : "have variants") of \(same.count == 1 ? "its" : "their") own",
                                      at: variant.key.location, hint: "an account's variant is used instead of its platform's, not with it: move what the account's lacks into it, or remove this one"))
            }
        }
        let items = allMedia(of: post)
        for item in items {
            found += mediaProblems(item, facts: media[item.path.value], root: names.mediaRoot, postPath: post.path)
        }
        if post.draft { return (found, [], [], 0) }
        // Last among the post's problems: one of them is the post's blocker only when no other error is.
        var altText: [Diagnostic] = []
        for item in items where repository.settings.altText != .off && hasNoAltText(item) {
            // A file with an error of its own is not warned of too; one not inspected (media not checked) is known by its name.
            let kind: MediaKind?
            switch media[item.path.value] {
            case .success(let facts)?: kind = facts.kind
            case .failure?: kind = nil
            case nil: kind = RepositoryPath.problem(item.path.value) == nil ? MediaKind.named(item.path.value) : nil
            }
            guard let kind, !kind.isVideo else { continue }
            altText.append(Diagnostic(repository.settings.altText == .error ? .error : .warning, at: item.path.location,
                                      "image '\(item.path.value)' has no alt text", hint: Self.altHint))
        }

        if post.publishAt == nil && !post.hasPublishAtKey {
            found.append(.error("post has no publish_at", at: post.location,
                                hint: "add 'publish_at:' and the time it goes out, in the form YYYY-MM-DDThh:mm:ss±hh:mm, or 'draft: true' to keep it unpublished"))
        }
        if refs.isEmpty && (post.campaign == nil || campaign != nil) && !post.campaignUnread {
            if let written = post.accountsLocation {
                // A value that is not a list, or an entry that is not a name, has its own error already.
                if post.accounts != nil && !post.accountsListsUnread {
                    let campaignHasAccounts = !(campaign?.accounts ?? []).isEmpty
                    found.append(.error("post targets no accounts: its list of accounts is empty", at: written,
                                        hint: campaignHasAccounts ? "an empty list replaces the campaign's accounts; remove 'accounts' to use them" : nil))
                }
            } else {
                found.append(.error("post targets no accounts", at: post.location,
                                    hint: post.campaign == nil ? "add 'accounts: [...]' or a campaign with accounts" : "add 'accounts: [...]'; its campaign lists none"))
            }
        }
        // Dates that end before they start are the campaign file's error, said there once.
        if let publishAt = post.publishAt, let campaign, campaign.starts != nil || campaign.ends != nil,
           campaign.starts.flatMap({ starts in campaign.ends.map { $0.value < starts.value } }) != true {
            let day = TimeParser.format(publishAt.value, zone: repository.timeZone, offset: nil).prefix(10)
            // The day is herald.yaml's: said, since publish_at may be written in another zone's.
            let zone = repository.timeZone?.identifier ?? "UTC"
            if let starts = campaign.starts, day < starts.value.description {
                found.append(.warning("publish_at is before campaign '\(campaign.id)' starts (\(starts.value)): it is \(day) in \(zone)", at: publishAt.location))
            }
            if let ends = campaign.ends, day > ends.value.description {
                found.append(.warning("publish_at is after campaign '\(campaign.id)' ends (\(ends.value)): it is \(day) in \(zone)", at: publishAt.location))
            }
        }
        // A tag typed with the full-width '＃' (an input method's): the campaign adds it again, and the
        // platforms read both as one tag. Not left out, which would change what published posts hold.
        // U+FF03 is EF BC 83 in UTF-8: a text with no such byte, most, is not searched tag by tag.
        if let campaign, let text = post.text, !campaign.hashtagTexts.isEmpty, text.value.utf8.contains(0xEF) {
            for tag in campaign.hashtagTexts where ContentResolver.carriesFullWidthTag(tag, in: text.value) && !ContentResolver.containsTag(tag, in: text.value) {
                found.append(.warning("the text has '\u{FF03}\(tag.dropFirst())' with a full-width '\u{FF03}', and campaign '\(campaign.id)' adds '\(tag)': "
                                      + "the platforms read both as one tag, which would be there twice", at: text.location, hint: "write '\(tag)' in the text"))
            }
        }
        // Each account's parts are measured in place.
        var resolved = ContentResolver.parts(of: post, for: targets, campaign: campaign)
        var perAccount: [(String, [Diagnostic])] = []
        var measured: [(account: String, parts: [ResolvedPart])] = []
        measured.reserveCapacity(targets.count)
        for (i, target) in targets.enumerated() {
            let problems = contentProblems(parts: &resolved[i], target: target, media: media,
                                           reported: post.textsReportedMissing, postStart: post.location,
                                           written: campaign.map { (post, $0) })
            if !problems.isEmpty { perAccount.append((target.id, problems)) }
            measured.append((target.id, resolved[i]))
        }
        if !altText.isEmpty { found += altText }
        return (found, perAccount, measured, altText.count)
    }

    /// What an image without alt text is told: every platform herald
    /// publishes to shows one.
    static let altHint = "add 'alt:' under its path, a description of the image: screen readers read it out, "
        + "and every platform herald publishes to shows it to those who cannot see the image"

    /// Whether a media entry has no alt text that shows something (none,
    /// `alt: ""`, `alt: "\u200B"`), and no alt key with an error of its
    /// own (`alt_text:`, `alt: [a list]`).
    private static func hasNoAltText(_ item: MediaRef) -> Bool {
        item.alt == nil ? !item.altWritten : !TextRules.showsSomething(item.sentAlt ?? "")
    }

    private static func allMedia(of post: Post) -> [MediaRef] {
        // Closures, not key paths: `\.media.isEmpty` is built at run time, on every call.
        let none = post.media.isEmpty && post.thread.allSatisfy { $0.media.isEmpty }
            && post.variants.allSatisfy { ($0.media ?? []).isEmpty && ($0.thread ?? []).allSatisfy { $0.media.isEmpty } }
        if none { return [] }
        return post.media + post.thread.flatMap(\.media)
            + post.variants.flatMap { ($0.media ?? []) + ($0.thread ?? []).flatMap(\.media) }
    }

    /// `root`: where to look for the file a refused or missing path meant.
    private static func mediaProblems(_ item: MediaRef, facts: Result<MediaFacts, MediaInspector.Problem>?,
                                      root: String?, postPath: String) -> [Diagnostic] {
        let path = item.path
        var meant: String? {
            root.flatMap { MediaInspector.meant(path.value, root: $0, postFolder: (postPath as NSString).deletingLastPathComponent) }
                .map { $0 == path.value.replacingOccurrences(of: "\\", with: "/") ? "write it as '\($0)'"
                    : "write it as '\($0)': media paths start at the repository's top" }
        }
        if let problem = RepositoryPath.problem(path.value) {
            return [.error("media path \(problem)", at: path.location, hint: meant)]
        }
        switch facts {
        case .failure(.missing(let hint))?:
            return [.error("media file '\(path.value)' does not exist", at: path.location, hint: hint ?? meant)]
        case .failure(.unreadable(let why))?:
            return [.error("media file '\(path.value)' cannot be read: \(why)", at: path.location, hint: "make it readable to the user herald runs as")]
        case .failure(.notAFile)?:
            return [.error("media path '\(path.value)' is not a file", at: path.location)]
        case .failure(.outsideRepository)?:
            return [.error("media path '\(path.value)' leads outside the repository through a symbolic link", at: path.location)]
        case .failure(.empty)?:
            return [.error("media file '\(path.value)' is empty (0 bytes)", at: path.location, hint: "a copy cut short? put the whole file there")]
        case .failure(.lfsPointer)?:
            return [.error("media file '\(path.value)' is a Git LFS pointer, not the file", at: path.location,
                           hint: "fetch the files: git lfs pull, or in a GitHub job actions/checkout with 'lfs: true'")]
        case .failure(.cutShort(let kind, let bytes, let needed))?:
            return [.error("media file '\(path.value)' is cut short: the file has \(TextRules.grouped(bytes)) bytes, and as \(kind.withArticle) it needs at least "
                           + TextRules.grouped(needed), at: path.location, hint: "a copy or download interrupted? put the whole file there")]
        case .failure(.endMissing(let kind, let bytes))?:
            return [.error("media file '\(path.value)' is cut short: the file has \(TextRules.grouped(bytes)) bytes and ends before "
                           + (kind == .gif ? "a GIF's trailer (3B)" : "\(kind.withArticle)'s end marker (FF D9)"), at: path.location, hint: "a copy or download interrupted? put the whole file there")]
        case .failure(.unknownType)?:
            return [.error("media file '\(path.value)' is not an image or video herald knows (PNG, JPEG, GIF, WebP, HEIC, MP4, MOV, WebM)", at: path.location)]
        case .success?, nil:
            return []
        }
    }

    /// Of a part too long with what its campaign adds (hashtags, link
    /// tags), how much that is, said where the campaign is what puts it
    /// over; nil for a text too long on its own. Worked out only then: the
    /// post is resolved again without the campaign.
    private static func campaignShare(of part: ResolvedPart, in post: Post, _ campaign: Campaign, target: PreparedAccount) -> String? {
        let written = ContentResolver.parts(of: post, for: [target], campaign: nil)[0]
        guard let length = part.length, part.index < written.count, written[part.index].text != part.text else { return nil }
        let own = TextRules.measure(written[part.index].text, platform: target.account.platform, options: target.options).length
        guard length > own, own <= part.limit ?? .max else { return nil }
        // What of the campaign changed this part: its hashtags, its link tagging, or both.
        var hashtagsOnly = campaign, taggingOnly = campaign
        hashtagsOnly.linkTagging = nil
        taggingOnly.hashtags = []
        // By length, as the platform counts: a tagged link adds nothing where a link counts 23 (X).
        let by = [(hashtagsOnly, "its hashtags"), (taggingOnly, "its link tagging")].compactMap { variant, what -> String? in
            let parts = ContentResolver.parts(of: post, for: [target], campaign: variant)[0]
            guard parts.indices.contains(part.index) else { return nil }
            return TextRules.measure(parts[part.index].text, platform: target.account.platform, options: target.options).length > own ? what : nil
        }
        return "; campaign '\(campaign.id)' adds \(length - own) of them (\(by.isEmpty ? "its hashtags, link tagging" : by.joined(separator: " and ")))"
    }

    /// Of a part over Instagram's 30 hashtags with its campaign's, how
    /// many the campaign adds, said where they are what puts it over.
    private static func campaignHashtagShare(of part: ResolvedPart, in post: Post, _ campaign: Campaign, target: PreparedAccount) -> String? {
        guard target.account.platform == .instagram, case let tags = TextRules.Counting.instagramHashtagCount(part.text),
              tags > TextRules.instagramMaxHashtags else { return nil }
        let written = ContentResolver.parts(of: post, for: [target], campaign: nil)[0]
        guard part.index < written.count, case let own = TextRules.Counting.instagramHashtagCount(written[part.index].text),
              tags > own, own <= TextRules.instagramMaxHashtags else { return nil }
        return "; campaign '\(campaign.id)' adds \(tags - own) of them (its hashtags)"
    }

    /// Problems of one account's parts; records each part's measured length.
    /// A text at one of the `reported` places was written as nothing or
    /// under another key's name, an error already; its part is not said
    /// again to have no text. A post with no text written is placed at
    /// `postStart`.
    private static func contentProblems(parts: inout [ResolvedPart], target: PreparedAccount,
                                        media: InspectedMedia,
                                        reported: [SourceLocation], postStart: SourceLocation,
                                        written: (post: Post, campaign: Campaign)?) -> [Diagnostic] {
        var found: [Diagnostic] = []
        let account = target.account
        let limits = target.limits
        var name: String { "\(account.platform.displayName) (\(account.id))" }
        // Looked up once per part: a post of thousands of parts written wrong has as many.
        let reportedSet = reported.count > 8 ? Set(reported) : nil
        for index in parts.indices {
            let part = parts[index]
            // Numbered as plan numbers parts ([3/3]): the post's own text is part 1.
            let label = part.index == 0 ? "post" : "part \(part.index + 1)/\(parts.count) of the thread"
            let textReported = part.text.isEmpty && (reportedSet?.contains(part.textLocation) ?? reported.contains(part.textLocation))
            if part.text.isEmpty && part.media.isEmpty {
                // A thread written wholly under 'thread:' leaves the post itself empty.
                let hint = part.index == 0 && parts.count > 1 && part.textLocation == postStart
                    ? "the post's own text is the thread's first part, and 'thread:' lists the replies after it: move the first entry of 'thread:' up to 'text:'"
                    : nil
                if !textReported { found.append(.error("\(label) has no text and no media for \(name)", at: part.textLocation, hint: hint)) }
                continue
            }
            // Only characters that show nothing (U+200B, a soft hyphen, the braille blank): a blank post.
            if part.media.isEmpty, let invisible = TextRules.invisibleTextProblem(part.text) {
                found.append(.error("\(label) has no visible text for \(name): \(invisible)", at: part.textLocation))
                continue
            }
            // Where a thread's later parts are comments (PLATFORMS.md), each is text alone: its media
            // is an error, and no rule of the post's media applies; its text is measured as any.
            if part.index > 0 && limits.repliesAreComments {
                if part.text.isEmpty && !textReported {
                    found.append(.error("\(label) is a comment on \(name), which needs text", at: part.textLocation))
                }
                if let first = part.media.first {
                    found.append(.error("\(label) is a comment on \(name), which carries no media", at: first.path.location,
                                        hint: "put the media in the post itself, or in a post of its own"))
                }
            } else {
                found += partMediaProblems(part, label: label, name: name, target: target, media: media, textReported: textReported)
            }
            if !part.text.isEmpty {
                let measured = TextRules.measure(part.text, platform: account.platform, options: target.options)
                parts[index].length = measured.length
                parts[index].limit = measured.limit
                if !measured.valid {
                    let detail = measured.problems.isEmpty ? "\(measured.length) characters, over the limit of \(measured.limit)" : measured.problems.joined(separator: "; ")
                    // Not every problem is length: X refuses some characters outright.
                    let tooLong = measured.isTooLong
                    let share = written.flatMap { tooLong ? campaignShare(of: parts[index], in: $0.post, $0.campaign, target: target)
                        : campaignHashtagShare(of: parts[index], in: $0.post, $0.campaign, target: target) } ?? ""
                    let hint = TextRules.fittingHint(part.text, measured: measured, options: target.options)
                    found.append(.error("\(label) \(tooLong ? "is too long for" : "cannot go to") \(name): \(detail)\(share)", at: part.textLocation, hint: hint))
                }
            }
        }
        return found
    }

    /// The platform's rules for the media of a part that is a post:
    /// whether it needs text or media, how many files, which kinds go
    /// alone, and each file's alt text, kind and size.
    private static func partMediaProblems(_ part: ResolvedPart, label: String, name: String, target: PreparedAccount,
                                          media: InspectedMedia, textReported: Bool) -> [Diagnostic] {
        var found: [Diagnostic] = []
        let account = target.account
        let limits = target.limits
        if part.text.isEmpty && !limits.allowsMediaOnly && !textReported {
            found.append(.error("\(label) needs text on \(name)", at: part.textLocation))
        }
        if part.media.isEmpty && limits.requiresMedia {
            found.append(.error("\(label) needs an image or video on \(name)", at: part.textLocation))
        }
        if part.media.count > limits.maxItems {
            found.append(.error("\(label) has \(part.media.count) media files; \(name) takes at most \(limits.maxItems)",
                                at: part.media[limits.maxItems].path.location))
        } else if part.media.count > 1, !limits.aloneKinds.isEmpty,
                  let alone = part.media.first(where: { item in
                      if case .success(let facts)? = media[item.path.value] { return limits.aloneKinds.contains(facts.kind) }
                      return false
                  }), case .success(let facts)? = media[alone.path.value] {
            // Refused by the platform at every run otherwise, each run uploading the files again.
            let what = facts.kind == .gif ? "a GIF" : "a video"
            found.append(.error("\(label) has \(what) and \(part.media.count - 1) other media file\(part.media.count == 2 ? "" : "s"); "
                                + "\(name) takes \(what) alone", at: alone.path.location,
                                hint: "put it in a post or thread part of its own"))
        }
        for item in part.media {
            if let alt = item.alt, let cap = limits.maxAltCharacters, case let count = (item.sentAlt ?? "").unicodeScalars.count, count > cap {
                found.append(.error("alt text is \(count) characters; \(name) takes at most \(cap)", at: alt.location))
            }
            guard case .success(let facts)? = media[item.path.value] else { continue }
            if !limits.kinds.contains(facts.kind) {
                // Judged by its bytes: a name that says otherwise (a PNG saved as .jpg) is named, or the message reads as wrong.
                let named = MediaKind.named(item.path.value).flatMap { $0 == facts.kind ? nil : $0 }
                let despite = named.map { _ in " ('\(item.path.value)' is \(facts.kind.withArticle) file by its bytes, whatever its name says)" } ?? ""
                found.append(.error("\(account.platform.displayName) does not take \(facts.kind.name) files (\(account.id))\(despite)",
                                    at: item.path.location))
            }
            let cap = facts.kind.isVideo ? limits.maxVideoBytes : facts.kind == .gif ? limits.maxGIFBytes ?? limits.maxImageBytes : limits.maxImageBytes
            if facts.bytes > cap {
                found.append(.error("media file '\(item.path.value)' is \(TextRules.grouped(facts.bytes)) bytes; \(name) takes at most \(Self.bytesInWords(cap))",
                                    at: item.path.location))
            }
        }
        return found
    }

    /// "16,777,216 bytes (16 MiB)", "5,000,000 bytes (5 MB)": a cap in
    /// bytes, and in the unit the platform states it in.
    static func bytesInWords(_ bytes: Int) -> String {
        let unit = bytes % 1_048_576 == 0 ? " (\(bytes / 1_048_576) MiB)" : bytes % 1_000_000 == 0 ? " (\(TextRules.grouped(bytes / 1_000_000)) MB)" : ""
        return "\(TextRules.grouped(bytes)) bytes" + unit
    }

    /// Inspects every distinct media path once.
    private static func inspectMedia(_ repository: ContentRepository) -> InspectedMedia {
        var results = InspectedMedia()
        for i in repository.posts.indices {
            for item in allMedia(of: repository.posts[i]) where results[item.path.value] == nil && RepositoryPath.problem(item.path.value) == nil {
                results[item.path.value] = MediaInspector.inspect(root: repository.root, path: item.path.value)
            }
        }
        return results
    }
}

/// What each media path a post names holds, by the path's exact bytes: a
/// `String` key would take `café` written with a combining accent for the
/// file named with `é` as one letter, which the file system does not.
struct InspectedMedia: Sendable {
    private var results: [ExactPath: Result<MediaFacts, MediaInspector.Problem>] = [:]

    subscript(path: String) -> Result<MediaFacts, MediaInspector.Problem>? {
        get { results[ExactPath(path: path)] }
        set { results[ExactPath(path: path)] = newValue }
    }

    /// A path compared and hashed by its bytes, with no copy of them: it is
    /// looked up for every media item of every account of every post.
    private struct ExactPath: Hashable, Sendable {
        var path: String

        static func == (a: ExactPath, b: ExactPath) -> Bool { a.path.utf8.elementsEqual(b.path.utf8) }

        func hash(into hasher: inout Hasher) {
            var path = path
            path.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        }
    }
}
