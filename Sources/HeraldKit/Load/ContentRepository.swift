import Foundation

/// Everything read from a content repository: the model and every problem.
public struct ContentRepository: Sendable {
    public var root: String
    public var settings: Settings
    public var accounts: [Account]
    public var campaigns: [String: Campaign]
    public var posts: [Post]
    public var diagnostics: [Diagnostic]
    /// Ids of posts with at least one error; the plan blocks them.
    public var invalidPosts: [String: Diagnostic]
    /// Ids of post files that could not be read as a post (a syntax error,
    /// not a mapping, a link leading outside): not in `posts`, and each in
    /// `invalidPosts` with why. The plan shows each, blocked.
    public var unreadablePosts: [String] = []
    /// Folders under posts/ (or posts/ itself) that could not be listed:
    /// the ids their posts would have start with `prefix` (`2026/`; all of
    /// them for ""). A record of such a post is blocked at the error, not an
    /// orphan whose file is gone.
    public var unreadablePostFolders: [(prefix: String, problem: Diagnostic)] = []
    /// How many YAML files were read.
    public var filesRead: Int = 0
    /// What validation found each media path to hold (empty when media
    /// were not checked): how long an upload may take is known by its size.
    var inspectedMedia = InspectedMedia()

    /// The size of a media file as validation read it, when it did.
    func mediaBytes(_ path: String) -> Int? {
        if case .success(let facts)? = inspectedMedia[path] { return facts.bytes }
        return nil
    }
    /// Errors that concern one account of a post only (text too long for X).
    public var invalidTargets: [Target: Diagnostic] = [:]
    /// Every error that concerns some accounts of a post only, with those
    /// accounts: a CI job for other accounts (`--account`) is not failed by it.
    public var accountErrors: [Diagnostic: [String]] = [:]
    /// Accounts nothing is published to, with why: two accounts reading
    /// the same environment variables, or an entry of accounts.yaml that
    /// could not be read as an account (an unknown platform; such an id is
    /// not in `accounts`).
    public var invalidAccounts: [String: Diagnostic] = [:]
    /// Every account id accounts.yaml defines, valid or not.
    public var definedAccountIDs: Set<String> { Set(accounts.map(\.id)).union(invalidAccounts.keys) }
    /// Why accounts.yaml could not be read at all (its first error), or
    /// that there is none: every account a post names is unknown for that
    /// reason, not for a typo.
    public var accountsUnreadable: Diagnostic?
    /// Campaigns whose file has an error (the first), read or not: their
    /// posts would go out with the wrong hashtags, links or accounts.
    public var invalidCampaigns: [String: Diagnostic] = [:]
    /// Each post's images without alt text, as `diagnostics` holds them.
    var altTextProblems: [String: [Diagnostic]] = [:]

    /// One account of one post.
    public struct Target: Hashable, Sendable {
        public var post: String
        public var account: String

        public init(post: String, account: String) {
            self.post = post
            self.account = account
        }
    }

    /// What an account publishes for a post: as validation resolved and
    /// measured it, else resolved now.
    public func parts<Target: ResolutionTarget>(of post: Post, for account: Target) -> [ResolvedPart] {
        post.resolved.first { $0.account == account.id }?.parts
            ?? ContentResolver.parts(of: post, for: [account], campaign: post.campaign.flatMap { campaigns[$0.value] })[0]
    }

    /// What each of several accounts publishes for a post, in their order.
    /// For many accounts, what validation resolved is kept by account, and
    /// what it did not (a draft's) resolved for all of them at once: one
    /// account at a time, each would search all the others.
    public func parts(of post: Post, for accounts: [Account]) -> [[ResolvedPart]] {
        guard accounts.count > Post.fewEntries else { return accounts.map { parts(of: post, for: $0) } }
        var resolved = Dictionary(post.resolved.map { ($0.account, $0.parts) }, uniquingKeysWith: { first, _ in first })
        let missing = accounts.filter { resolved[$0.id] == nil }
        let campaign = post.campaign.flatMap { campaigns[$0.value] }
        for (account, parts) in zip(missing, ContentResolver.parts(of: post, for: missing, campaign: campaign)) {
            resolved[account.id] = parts
        }
        return accounts.map { resolved[$0.id]! }
    }

    /// The first error that stops this post from going to this account.
    public func blocker(post: String, account: String) -> Diagnostic? {
        if let problem = invalidPosts[post] { return problem }
        if !invalidAccounts.isEmpty, let problem = invalidAccounts[account] { return problem }
        return invalidTargets.isEmpty ? nil : invalidTargets[Target(post: post, account: account)]
    }

    public func account(_ id: String) -> Account? { accounts.first { $0.id == id } }

    /// The repository's problems and the state's, as validate, plan and
    /// publish tell them. An image without alt text is not told of once
    /// every account its post names has published every part: alt text
    /// written then would change published posts, which herald does not
    /// edit (the plan would show them drifted). Told while some are still
    /// to go out, it names the accounts that would show such a change.
    public func problems(with state: StateSnapshot) -> [Diagnostic] {
        var told = diagnostics
        if !altTextProblems.isEmpty {
            var replaced: [Diagnostic: Diagnostic?] = [:]
            for post in posts {
                guard let problems = altTextProblems[post.id] else { continue }
                let (published, whole) = publishedAccounts(post, in: state)
                guard !published.isEmpty else { continue }
                for problem in problems {
                    var changed = problem
                    let named = published.map { "'\($0)'" }.joined(separator: ", ")
                    changed.hint = (problem.hint.map { $0 + "; " } ?? "") + "\(named) \(published.count == 1 ? "has" : "have") published this post already: "
                        + "one written now shows it there as changed (drift), since herald does not edit what it published"
                    replaced[problem] = whole ? Diagnostic?.none : changed
                }
            }
            if !replaced.isEmpty { told = told.compactMap { replaced[$0] ?? $0 } }
        }
        return told + state.diagnostics(defining: definedAccountIDs)
    }

    /// The accounts the post names that have published any of its parts,
    /// in its order, and whether every account has published every part.
    private func publishedAccounts(_ post: Post, in state: StateSnapshot) -> (accounts: [String], whole: Bool) {
        var published: [String] = []
        var whole = true
        for account in ContentResolver.accounts(of: post, campaigns: campaigns) where !published.contains(account.value) {
            let parts = post.resolved.first { $0.account == account.value }?.parts ?? []
            let recorded = parts.filter { state[account.value, post.id, $0.index]?.published != nil }.count
            if recorded > 0 { published.append(account.value) }
            if parts.isEmpty || recorded < parts.count { whole = false }
        }
        return (published, whole && !published.isEmpty)
    }

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// The time zone of `herald.yaml`, if any; looked up once (plans format
    /// a time in it for nearly every item).
    public var timeZone: TimeZone?
}

public struct LoadOptions: Sendable {
    /// A file that cannot be loaded and names a credentials key has none of its lines quoted.
    public var yaml = YAMLLoadOptions(concealedKeys: SecretScanner.secretKeys)
    /// Check media files on disk (existence, type, size).
    public var checkMedia: Bool

    public init(checkMedia: Bool = true) {
        self.checkMedia = checkMedia
    }
}

public enum RepositoryLoader {
    /// herald.yaml alone, defaults where it is missing or broken: what a
    /// command needs before the rest loads. `load` reports its problems.
    public static func settings(root: String) -> Settings {
        let path = root + "/herald.yaml"
        guard FileWalker.isPresent(path) else {
            var settings = Settings()
            settings.stateDirectoryUnknown = misnamedSettings(root)
            return settings
        }
        if let problem = RepositoryPath.outsideLinkProblem(root: root, path: "herald.yaml") {
            return settings(from: YAMLDocument(root: nil, diagnostics: [problem])).0
        }
        return settings(from: YAMLLoader.load(fileAt: path, path: "herald.yaml", options: YAMLLoadOptions())).0
    }

    /// The settings a loaded herald.yaml holds, and its problems beyond the
    /// loader's. One that could not be read gives the defaults, but no
    /// state folder: it may have named another.
    static func settings(from document: YAMLDocument) -> (Settings, [Diagnostic]) {
        guard document.failed else {
            var (settings, problems) = SettingsDecoder.decode(document.root)
            // A key written twice (the first is read) or that is not text:
            // which state folder was meant is not certain.
            if let problem = document.diagnostics.first(where: { $0.severity == .error }) {
                settings.stateDirectoryUnknown = Located("herald.yaml is ambiguous (\(problem.message))", at: problem.location ?? SourceLocation(path: "herald.yaml", line: 1, column: 1))
            }
            return (settings, problems)
        }
        return (.unreadable(at: document.diagnostics.first?.location ?? SourceLocation(path: "herald.yaml", line: 1, column: 1)), [])
    }

    /// Why `root` is no content repository: it holds none of accounts.yaml,
    /// herald.yaml, posts/ or campaigns/ (run in the wrong folder, a plan
    /// would be empty). `nil` for a folder with any of them: what it lacks
    /// is then reported in its files' terms.
    public static func notARepository(_ root: String) -> String? {
        guard !["accounts.yaml", "herald.yaml", "posts", "campaigns"].contains(where: { FileWalker.exists(root + "/" + $0) }) else { return nil }
        let misnamed = misnamedEntries(root).map { "\($0.found) is here: herald reads \($0.meant)" }
        let hint = enclosingRepository(of: root).map { "\($0) above is one: \(runThere($0))" }
            ?? (misnamed.isEmpty ? "run herald in the repository, or pass -C PATH" : misnamed.joined(separator: "; "))
        return "\(root) is not a herald repository: it has no accounts.yaml, herald.yaml, posts/ or campaigns/ (\(hint))"
    }

    private static func runThere(_ repository: String) -> String { "run herald there, or pass -C \(Planner.shellWord(repository))" }

    /// Entries at the top of `root` that are one of herald's names written
    /// otherwise (`Posts/`, `herald.yml`, `Accounts.yaml`, `post/`) where
    /// the name itself is missing: a disk that ignores case (a Mac's) finds
    /// some of them, and CI on Linux would silently not; none is read.
    static func misnamedEntries(_ root: String) -> [(found: String, meant: String)] {
        // Not media/: posts name their media by any path, and a `Media/` they name is read.
        let expected = ["herald.yaml", "accounts.yaml", "posts/", "campaigns/"]
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: root) else { return [] }
        // Lower case, `.yml` as `.yaml`, and the singular as the plural (`post/`, `account.yaml`).
        func folded(_ name: String) -> String {
            let lower = name.lowercased()
            let yaml = lower.hasSuffix(".yml") ? String(lower.dropLast(4)) + ".yaml" : lower
            let (stem, suffix) = yaml.hasSuffix(".yaml") ? (String(yaml.dropLast(5)), ".yaml") : (yaml, "")
            return ["post", "campaign", "account"].contains(stem) ? stem + "s" + suffix : yaml
        }
        var found: [(found: String, meant: String)] = []
        for meant in expected {
            let name = meant.hasSuffix("/") ? String(meant.dropLast()) : meant
            guard !FileWalker.exists(root + "/" + name) else { continue }
            for entry in entries.sorted() where entry != name && folded(entry) == name {
                found.append((FileWalker.isDirectory(root + "/" + entry) ? entry + "/" : entry, meant))
            }
        }
        return found
    }

    /// With no herald.yaml, one written otherwise (`herald.yml`,
    /// `Herald.yaml`) that names a state folder, or may (a misspelt key, a
    /// file that cannot be read): it is not read, and where the records
    /// are is not guessed; the default folder may hold none of them.
    static func misnamedSettings(_ root: String) -> Located<String>? {
        // Each of them (Herald.yaml and herald.yml both): any may be the one meant.
        for found in misnamedEntries(root).filter({ $0.meant == "herald.yaml" && !$0.found.hasSuffix("/") }).map(\.found) {
            let document = YAMLLoader.load(fileAt: root + "/" + found, path: found, options: YAMLLoadOptions(quotesContent: false))
            let named = settings(from: document).0
            guard named.stateDirectoryUnknown != nil || named.stateDirectory != Settings().stateDirectory else { continue }
            return Located("\(found) is not read (herald reads herald.yaml), and it may name another state_dir", at: SourceLocation(path: found, line: 1, column: 1))
        }
        return nil
    }

    /// The nearest folder above `root` that holds an accounts.yaml.
    static func enclosingRepository(of root: String) -> String? {
        var folder = URL(fileURLWithPath: root).standardizedFileURL.path
        while folder.count > 1 {
            folder = (folder as NSString).deletingLastPathComponent
            let candidate = folder == "/" ? "/accounts.yaml" : folder + "/accounts.yaml"
            if FileWalker.exists(candidate) { return folder }
        }
        return nil
    }

    public static func load(root: String, options: LoadOptions = .init()) -> ContentRepository {
        let root = root.hasSuffix("/") && root.count > 1 ? String(root.dropLast()) : root
        var diagnostics: [Diagnostic] = []
        var filesRead = 0

        // A file that is a symbolic link leading out of the repository is
        // not read: a pull request could otherwise show any file of the CI
        // machine in its diagnostics.
        func read(_ path: String, link: Bool? = nil) -> YAMLDocument {
            filesRead += 1
            if let problem = RepositoryPath.outsideLinkProblem(root: root, path: path, isLink: link) {
                return YAMLDocument(root: nil, diagnostics: [problem])
            }
            let document = YAMLLoader.load(fileAt: root + "/" + path, path: path, options: options.yaml)
            var scanned = document
            scanned.diagnostics += SecretScanner.scan(document.root, aliasOrigins: document.notes.aliasOrigins)
            return scanned
        }

        for (found, meant) in misnamedEntries(root) {
            // Only the case differs: herald works where the disk ignores it, and finds nothing in CI.
            let caseOnly = found.lowercased() == meant
            // A folder is written with its slash, in the place and in the hint, so that it reads as one.
            diagnostics.append(Diagnostic(.warning, at: SourceLocation(path: found, line: 1, column: 1),
                                          "not read: herald reads \(meant)" + (caseOnly ? ", in lower case (a disk that ignores case finds it; CI on Linux does not)" : ""),
                                          hint: found.hasSuffix("/") ? "rename \(found) to \(meant)" : "rename it to \(meant)", conceals: .file))
        }
        var settings = Settings()
        if FileWalker.isPresent(root + "/herald.yaml") {
            let document = read("herald.yaml")
            let (decoded, problems) = RepositoryLoader.settings(from: document)
            settings = decoded
            diagnostics += document.diagnostics + problems
        } else {
            settings.stateDirectoryUnknown = misnamedSettings(root)
        }
        let zone = settings.timezone.flatMap { TimeZone(identifier: $0.value) }

        var accounts: [Account] = []
        var ignoreCheck: GitIgnore.Check?
        var invalidAccounts: [String: Diagnostic] = [:]
        var accountsUnreadable: Diagnostic?
        if FileWalker.isPresent(root + "/accounts.yaml") {
            let document = read("accounts.yaml")
            let (decoded, problems, unusable) = document.failed ? ([], [], [:]) : AccountsDecoder.decode(document.root, path: "accounts.yaml")
            accounts = decoded
            if document.failed { accountsUnreadable = document.diagnostics.first }
            let clashes = AccountsDecoder.variableClashes(decoded)
            let same = AccountsDecoder.sameAccounts(decoded)
            invalidAccounts = clashes.blocked.merging(unusable) { clash, _ in clash }
                .merging(AccountsDecoder.hidden(document)) { first, _ in first }
                .merging(AccountsDecoder.repeated(document)) { first, _ in first }
                .merging(same.blocked) { first, _ in first }
            diagnostics += document.diagnostics + problems + clashes.problems + same.problems
            // Answered while the posts are read.
            if settings.stateDirectoryUnknown == nil {
                ignoreCheck = GitIgnore.start(root: root, stateDirectory: settings.stateDirectory, accounts: decoded.map(\.id))
            }
        } else {
            // Run from posts/, say: the repository is a folder or two up.
            // (accounts.example.yaml, which documents every key, is in herald's own repository, not the user's.)
            let hint = enclosingRepository(of: root).map { "\($0) above has one: \(runThere($0))" }
            let missing = Diagnostic.error("no accounts.yaml in \(root)", at: nil,
                                           hint: hint ?? Self.accountsHint)
            diagnostics.append(missing)
            accountsUnreadable = missing
        }
        if settings.stateDirectoryUnknown == nil,
           let problem = GitAttributes.stateMergeProblem(root: root, stateDirectory: settings.stateDirectory,
                                                         accounts: (accounts.map(\.id) + invalidAccounts.keys).filter { !$0.contains("/") }) {
            diagnostics.append(problem)
        }

        var campaigns: [String: Campaign] = [:]
        var invalidCampaigns: [String: Diagnostic] = [:]
        let campaignFiles = FileWalker.yamlFiles(root: root, directory: "campaigns")
        diagnostics += notRead(campaignFiles, directory: "campaigns", root: root)
        for path in campaignFiles.paths {
            let document = read(path, link: campaignFiles.links.contains(path))
            let id = identifier(path, under: "campaigns")
            let (campaign, problems) = document.failed ? (nil, [])
                : CampaignDecoder.decode(document.root, id: id, path: path, wordComments: document.wordComments)
            diagnostics += document.diagnostics + problems
            if invalidCampaigns[id] == nil, let error = (document.diagnostics + problems).first(where: { $0.severity == .error }) {
                invalidCampaigns[id] = error
            }
            if let campaign {
                if let other = campaigns[id] {
                    // Which file is meant, only a person can tell: its posts are held, as a post's id used twice is.
                    let twice = Diagnostic.error("campaign id '\(id)' is also used by \(other.path)", at: SourceLocation(path: path, line: 1, column: 1))
                    diagnostics.append(twice)
                    if invalidCampaigns[id] == nil { invalidCampaigns[id] = twice }
                } else {
                    campaigns[id] = campaign
                }
            }
        }

        // Other files herald reads later still must parse and hold no secrets.
        for directory in ["contacts", "messages"] {
            let files = FileWalker.yamlFiles(root: root, directory: directory)
            diagnostics += notRead(files, directory: directory, root: root)
            for path in files.paths {
                diagnostics += read(path, link: files.links.contains(path)).diagnostics
            }
        }

        // CI configuration is not herald's, but where its credentials are set
        // for CI: one written there as a literal is in git as surely as in a post.
        for system in CISystem.all {
            var files: [(path: String, isLink: Bool?)] = system.files.map { ($0, nil) }
            for folder in system.folders {
                let listing = FileWalker.yamlFiles(root: root, directory: folder)
                files += listing.paths.map { ($0, listing.links.contains($0)) }
            }
            for file in files where FileWalker.isRegularFile(root + "/" + file.path)
                && RepositoryPath.outsideLinkProblem(root: root, path: file.path, isLink: file.isLink) == nil {
                let document = YAMLLoader.load(fileAt: root + "/" + file.path, path: file.path, options: options.yaml)
                diagnostics += SecretScanner.scanCI(document.root, system: system)
            }
        }

        Timings.mark("settings, accounts, campaigns")
        let postFiles = FileWalker.yamlFiles(root: root, directory: "posts")
        let postPaths = postFiles.paths
        let postsNotRead = notRead(postFiles, directory: "posts", root: root)
        diagnostics += postsNotRead
        let unreadableFolders: [(prefix: String, problem: Diagnostic)] = postsNotRead.compactMap { problem in
            guard problem.severity == .error, let path = problem.location?.path else { return nil }
            if path == "posts" { return ("", problem) }
            return postFiles.unreadable.contains { $0.path == path && $0.reason.hasPrefix("cannot read the folder") }
                ? (identifier(path, under: "posts") + "/", problem) : nil
        }
        let links = postFiles.links
        Timings.mark("list \(postPaths.count) post files")
        let yamlOptions = options.yaml
        let zoneProblem = settings.timezoneUnusable
        // Post files are opened relative to the root: the kernel then walks
        // three path components per file instead of the root's own as well.
        let rootDirectory = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        defer { if rootDirectory >= 0 { close(rootDirectory) } }
        let files = SourceFile.register(postPaths)
        // A link's file, when it is a post file of its own or another link's before it (sorted):
        // one post under a second id, published twice.
        let linkedTwice: [String: String] = links.isEmpty ? [:] : {
            var twice: [String: String] = [:]
            var firstFor: [String: String] = [:]
            // Each file by where it really is: `posts` may itself be a link (to `content/posts`), as a link's target is.
            var folders: [Substring: String] = [:]
            for path in postPaths where !links.contains(path) {
                let slash = path.lastIndex(of: "/") ?? path.startIndex
                let folder = path[..<slash]
                if folders[folder] == nil { folders[folder] = RepositoryPath.resolvedInside(root: root, path: String(folder)) ?? String(folder) }
                firstFor[folders[folder]! + path[slash...]] = path
            }
            for path in postPaths where links.contains(path) {
                guard let target = RepositoryPath.resolvedInside(root: root, path: path) else { continue }
                if let first = firstFor[target] { twice[path] = first } else { firstFor[target] = path }
            }
            return twice
        }()
        let decoded = parallelMap(postPaths.count) { i -> (Post?, [Diagnostic]) in
            let path = postPaths[i]
            if !links.isEmpty, let problem = RepositoryPath.outsideLinkProblem(root: root, path: path, isLink: links.contains(path)) {
                return (nil, [problem])
            }
            if let first = linkedTwice[path] {
                let target = RepositoryPath.resolvedInside(root: root, path: path) ?? first
                let what = !links.contains(first) ? "\(first), a post of its own" : "\(target), as \(first) is"
                return (nil, [.error("the file is a symbolic link to \(what): the same post would be published twice, as '\(identifier(path, under: "posts"))' and as '\(identifier(first, under: "posts"))'",
                                     at: SourceLocation(path: path, line: 1, column: 1), hint: "delete the link: a post's id is its file's path")])
            }
            let document = rootDirectory >= 0
                ? YAMLLoader.load(fileAt: path, in: rootDirectory, path: path, file: files[i], options: yamlOptions)
                : YAMLLoader.load(fileAt: root + "/" + path, path: path, options: yamlOptions)
            // A file the loader could not read has no content to decode.
            if document.failed { return (nil, document.diagnostics) }
            let (post, problems) = PostDecoder.decode(document.root, id: identifier(path, under: "posts"), path: path, zone: zone,
                                                      zoneProblem: zoneProblem, notes: document.notes)
            return (post, document.diagnostics + SecretScanner.scan(document.root, aliasOrigins: document.notes.aliasOrigins) + problems)
        }
        Timings.mark("read and decode posts")
        var posts: [Post] = []
        posts.reserveCapacity(decoded.count)
        var invalid: [String: Diagnostic] = [:]
        var unreadable: [String] = []
        // A post's id is its path without the extension: only a `.yaml` and
        // a `.yml` file of the same name can share one, or two names that
        // are the same text in other Unicode forms (`é` as one character, or
        // as `e` and a combining accent), which herald compares as equal.
        let idsMayRepeat = postPaths.contains { $0.hasSuffix(".yml") || !$0.utf8.allSatisfy { $0 < 0x80 } }
        var seen: [String: String] = [:]
        if idsMayRepeat { seen.reserveCapacity(decoded.count) }
        for (i, (post, problems)) in decoded.enumerated() {
            diagnostics += problems
            let path = postPaths[i]
            if let first = problems.first(where: { $0.severity == .error }) {
                invalid[identifier(path, under: "posts")] = first
            }
            guard let post else {
                if invalid[identifier(path, under: "posts")] != nil { unreadable.append(identifier(path, under: "posts")) }
                continue
            }
            if idsMayRepeat, let other = seen[post.id] {
                // Spelled out, since the two look alike: `caf\u00E9` and `cafe\u0301`.
                func spelled(_ id: String) -> String {
                    id.unicodeScalars.map { $0.isASCII ? String($0) : "\\u" + SourceText.hex($0.value, digits: 4) }.joined()
                }
                let otherForm = identifier(other, under: "posts").utf8.elementsEqual(post.id.utf8) ? nil
                    : ": the two names are the same letters in different Unicode forms (this one is \(spelled(post.id)), "
                        + "the other \(spelled(identifier(other, under: "posts")))): composed, or with combining marks"
                let problem = Diagnostic.error("post id '\(post.id)' is also used by \(other)\(otherForm ?? "")", at: post.location,
                                               hint: otherForm == nil ? "a post's id is its path under posts/ without .yaml or .yml" : "rename one of them")
                diagnostics.append(problem)
                invalid[post.id] = invalid[post.id] ?? problem
                continue
            }
            if idsMayRepeat { seen[post.id] = path }
            posts.append(post)
        }
        // A character in an id that shows as a blank or as nothing (a no-break or zero-width space): the
        // plan, the state's records and the commands herald prints name a post a person cannot tell apart.
        for post in posts where !post.id.utf8.allSatisfy({ $0 < 0x80 }) {
            guard let odd = post.id.unicodeScalars.first(where: { ($0.properties.isWhitespace && $0 != " ") || $0.properties.generalCategory == .format }) else { continue }
            diagnostics.append(.warning("post id '\(TerminalText.visible(post.id))' holds \(TextRules.codePoint(odd.value)), which shows as a blank or as nothing",
                                        at: post.location, hint: "rename the file without it: the plan, the state and herald's commands name the post by its id"))
        }
        // Ids that differ only in case: a Mac's or Windows' disk, which ignores it, keeps one of the two
        // files, and the other's records show it gone. Looked for only where a name has a capital or more than ASCII.
        if postPaths.contains(where: { $0.utf8.contains { ($0 >= 0x41 && $0 <= 0x5A) || $0 >= 0x80 } }) {
            var folded: [String: String] = [:]
            for post in posts {
                if let first = folded[post.id.lowercased()] {
                    diagnostics.append(.warning("post id '\(post.id)' differs from '\(first)' only in case: a checkout on a Mac or on Windows, "
                                                + "whose disks ignore case, holds one of the two files", at: post.location, hint: "rename one of them"))
                } else {
                    folded[post.id.lowercased()] = post.id
                }
            }
        }

        diagnostics += ignoreCheck?.result() ?? []
        // Handed over, not shared: validation writes into every post.
        var repository = ContentRepository(root: root, settings: settings, accounts: accounts, campaigns: campaigns,
                                           posts: consume posts, diagnostics: diagnostics, invalidPosts: invalid, timeZone: zone)
        repository.filesRead = filesRead + postPaths.count
        repository.unreadablePosts = unreadable
        repository.unreadablePostFolders = unreadableFolders
        repository.invalidAccounts = invalidAccounts
        repository.accountsUnreadable = accountsUnreadable
        repository.invalidCampaigns = invalidCampaigns
        Timings.mark("collect posts")
        Validator.validate(&repository, checkMedia: options.checkMedia)
        Timings.mark("validate")
        repository.diagnostics.sort()
        return repository
    }

    /// What of a listed tree is not read, said rather than left out without
    /// a word (a post left out would simply never be published): a warning
    /// for each file named like YAML in another case (herald reads `.yaml`
    /// and `.yml` only) and each link to a folder (not followed), an error
    /// for a tree that cannot be read (see `FileWalker.Listing.problem`). No
    /// line of a file in another case is shown: it was not read, so not
    /// checked for secrets (the printer quotes no folder, nor any file
    /// outside the repository).
    /// A link to a folder, not followed. One to a folder of the same tree
    /// is read where it is: its files linked one by one would be its posts
    /// under a second id.
    static func linkedFolderProblem(_ path: String, directory: String, root: String) -> Diagnostic {
        let location = SourceLocation(path: path, line: 1, column: 1)
        if let target = RepositoryPath.resolvedInside(root: root, path: path),
           let tree = RepositoryPath.resolvedInside(root: root, path: directory), target.hasPrefix(tree + "/") {
            return Diagnostic(.warning, at: location, "not followed: a symbolic link to \(directory + target.dropFirst(tree.count)), which herald reads where it is",
                              hint: directory == "posts" ? "delete the link: through it, its posts would have a second id" : "delete the link: its files would be read twice")
        }
        return Diagnostic(.warning, at: location, "not read: a symbolic link to a folder, which herald does not follow",
                          hint: "move the folder here, or link its files one by one")
    }

    static func notRead(_ listing: FileWalker.Listing, directory: String, root: String) -> [Diagnostic] {
        // The name it would have is another file's: renamed as told, it would replace that one. (On a
        // disk that ignores case, the name in lower case is the file itself.)
        func rename(_ path: String, to name: String, _ advice: String = "rename it to") -> String {
            func taken(_ name: String) -> Bool {
                var found = stat(), other = stat()
                return lstat(root + "/" + name, &other) == 0
                    && !(lstat(root + "/" + path, &found) == 0 && found.st_dev == other.st_dev && found.st_ino == other.st_ino)
            }
            // `a.yml` beside `a.yaml` is one id too.
            let sibling = name.hasSuffix(".yml") ? String(name.dropLast(4)) + ".yaml" : name.hasSuffix(".yaml") ? String(name.dropLast(5)) + ".yml" : nil
            if let held = [name, sibling].compactMap({ $0 }).first(where: taken) {
                return "\(held) is there already: give it another name, or move its content into that file"
            }
            return "\(advice) \(name)"
        }
        if let problem = listing.problem {
            return [.error(problem, at: SourceLocation(path: directory, line: 1, column: 1))]
        }
        return listing.otherCase.map { path in
            let dot = path.lastIndex(of: ".") ?? path.endIndex
            let renamed = path[..<dot] + path[dot...].lowercased().trimmingCharacters(in: .whitespaces)
            let blank = path.last?.isWhitespace == true
            return Diagnostic(.warning, at: SourceLocation(path: path, line: 1, column: 1),
                              blank ? "not read: its name ends in a blank after the extension, and herald reads files ending in .yaml or .yml"
                                    : "not read: herald reads files ending in .yaml or .yml, in lower case",
                              hint: rename(path, to: String(renamed)), conceals: .file)
        } + listing.misnamed.map { path, meant in
            Diagnostic(.warning, at: SourceLocation(path: path, line: 1, column: 1),
                       "not read: herald reads files ending in .yaml or .yml", hint: rename(path, to: meant, "if it is a post or a campaign, rename it to"), conceals: .file)
        } + listing.linkedFolders.map { path in
            linkedFolderProblem(path, directory: directory, root: root)
        } + listing.unreadable.map { path, reason, hint in
            Diagnostic(.error, at: SourceLocation(path: path, line: 1, column: 1), reason, hint: hint, conceals: .file)
        }
    }

    /// What to write in a repository with no accounts.yaml.
    static let accountsHint = "create it with the accounts posts may go to: 'accounts:' and below it, indented, "
        + "'acme-mastodon: { platform: mastodon, instance: https://mastodon.social }'; herald's README and its accounts.example.yaml list every platform's keys"

    /// `posts/2026/launch.yaml` → `2026/launch`.
    static func identifier(_ path: String, under directory: String) -> String {
        // Cut by bytes: as characters, `posts/` and a name starting with a
        // combining mark (`ำthai.yaml`) would share one, and the id lose it.
        var id = path.utf8.dropFirst(directory.utf8.count + 1)
        for suffix in [".yaml", ".yml"] where id.suffix(suffix.utf8.count).elementsEqual(suffix.utf8) {
            id = id.dropLast(suffix.utf8.count)
        }
        return String(decoding: id, as: UTF8.self)
    }
}

extension YAMLDocument {
    /// The loader stopped on an error: there is nothing to decode.
    var failed: Bool { root == nil && diagnostics.contains { $0.severity == .error } }
}
