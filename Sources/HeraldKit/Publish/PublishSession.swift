import Foundation

/// Everything a command that talks to platforms needs before it starts: the
/// repository, where each account's requests go (the platform, or the
/// sandbox), credentials, the state store, and a redactor for output.
public final class PublishSession: @unchecked Sendable {
    public enum Routing: Sendable {
        /// The real platforms, with real credentials.
        case platforms
        /// A sandbox herald starts in this process.
        case inProcessSandbox
        /// A sandbox already running (`herald sandbox`), at this base URL.
        case sandbox(URL)

        var isSandbox: Bool {
            if case .platforms = self { return false }
            return true
        }
    }

    public let content: ContentRepository
    /// The repository's accounts, with `api_base` pointing at the sandbox when routed there.
    public let accounts: [Account]
    public let store: StateStore
    /// The state, when `make` was asked to read it while loading.
    public let state: StateSnapshot?
    public let problems: [Diagnostic]
    public let redactor: Redactor
    public let missingCredentials: [String: [String]]
    /// Why the credentials file, which is there, was not read: missing credentials' reasons say it.
    public let credentialsFileNotRead: Diagnostic?
    /// Accounts given one token, where the account is its token's (Mastodon):
    /// each group, in accounts.yaml's order. Their items are held (`Planner.holdSharedTokens`).
    public let sharedTokenGroups: [[String]]
    /// Accounts whose entry in the credentials file is not used (a field written twice), and why.
    public var unusedCredentialEntries: [String: String] { sandboxed ? [:] : credentials.unusedEntries }
    /// Accounts whose credential is written with a line break inside, with which.
    public var unsendableCredentials: [String: String] { sandboxed ? [:] : credentials.unsendableReasons(for: accounts) }
    private let credentials: Credentials
    /// Routed to a sandbox, whose state is kept apart from the real one.
    public let sandboxed: Bool
    private let server: SandboxServer?
    /// What the in-process sandbox held when it started: kept in
    /// `sandboxPostsFile` from run to run, as its records are, and written
    /// back when the run changed it.
    private var keptObjects: [SandboxObject] = []
    private let sandboxBase: URL?

    /// The state folder used under a sandbox, so sandbox runs never mark real posts as done.
    public static let sandboxStateDirectory = ".herald/sandbox/state"

    /// Where the in-process sandbox keeps what it holds between runs: its
    /// records of a thread's first part name a status a later part replies
    /// to, which an empty sandbox would answer with a 404 on every run.
    public static let sandboxPostsFile = ".herald/sandbox/posts.json"

    /// With `startSandbox: false` an in-process sandbox is only pretended
    /// (state and credentials as under the sandbox, no server): for `plan`.
    /// With `readState`, the state is read while the repository loads (for
    /// commands that take no lock before reading it) and kept in `state`.
    public static func make(root: String, routing: Routing, environment: [String: String],
                            startSandbox: Bool = true, readState: Bool = false,
                            repositoryArgument: String? = nil) async throws -> PublishSession {
        let content: ContentRepository
        var state: StateSnapshot?
        let store: StateStore
        if readState {
            (content, store, state) = await loadWithState(root: root, sandboxed: routing.isSandbox, repositoryArgument: repositoryArgument)
        } else {
            content = RepositoryLoader.load(root: root)
            store = stateStore(root: content.root, settings: content.settings, sandboxed: routing.isSandbox, repositoryArgument: repositoryArgument)
        }
        var server: SandboxServer?
        var base: URL?
        switch routing {
        case .platforms: break
        case .inProcessSandbox where !startSandbox:
            base = URL(string: "http://127.0.0.1:0")
        case .inProcessSandbox:
            let started = SandboxServer()
            base = try await started.start()
            server = started
        case .sandbox(let url): base = url
        }
        let session = PublishSession(content: content, environment: environment, server: server, sandboxBase: base, store: store, state: state)
        if let server {
            // A file that cannot be read (written by hand, cut short) is a sandbox that starts empty, and said to be.
            let file = content.root + "/" + sandboxPostsFile
            if let data = try? Data(contentsOf: URL(fileURLWithPath: file)) {
                if let kept = try? JSONDecoder().decode([SandboxObject].self, from: data) {
                    session.keptObjects = kept
                } else {
                    StandardStreams.writeError("warning: \(sandboxPostsFile), where the sandbox keeps its posts between runs, cannot be read: it starts empty, "
                                               + "and a thread's later parts reply to posts it does not hold (delete the file, and .herald/sandbox/state with it, to start afresh)\n")
                }
            }
            for object in session.keptObjects { await server.store.insert(object) }
        }
        return session
    }

    /// The repository and its state, read at once: where the state lives
    /// needs herald.yaml only, so the shards are read while the rest loads.
    /// `repositoryArgument` is the repository as `-C` named it, for the
    /// commands the state's problems print.
    public static func loadWithState(root: String, sandboxed: Bool,
                                     repositoryArgument: String? = nil) async -> (ContentRepository, StateStore, StateSnapshot) {
        let early = stateStore(root: root, settings: RepositoryLoader.settings(root: root), sandboxed: sandboxed, repositoryArgument: repositoryArgument)
        async let shards = early.read()
        let content = RepositoryLoader.load(root: root)
        var state = await shards
        let store = stateStore(root: content.root, settings: content.settings, sandboxed: sandboxed, repositoryArgument: repositoryArgument)
        if store.directory != early.directory { state = store.read() }  // herald.yaml changed meanwhile
        return (content, store, state)
    }

    /// Where the state lives: `state_dir` of herald.yaml, or the sandbox's own folder.
    static func stateStore(root: String, settings: Settings, sandboxed: Bool, repositoryArgument: String?) -> StateStore {
        var store = sandboxed
            ? StateStore(directory: root + "/" + sandboxStateDirectory, displayDirectory: sandboxStateDirectory, repositoryRoot: root)
            : StateStore(directory: root + "/" + settings.stateDirectory, displayDirectory: settings.stateDirectory, repositoryRoot: root,
                         unknown: settings.stateDirectoryUnknown, isConfigured: true)
        store.commandRepository = repositoryArgument
        return store
    }

    private init(content: ContentRepository, environment: [String: String], server: SandboxServer?, sandboxBase: URL?,
                 store: StateStore, state: StateSnapshot?) {
        self.content = content
        self.store = store
        self.state = state
        self.server = server
        self.sandboxBase = sandboxBase
        sandboxed = sandboxBase != nil
        let defined = content.accounts
        let (loaded, problems) = Credentials.load(environment: environment, repositoryRoot: content.root,
                                                  covered: { found in sandboxBase != nil || defined.allSatisfy { found.missing(for: $0).isEmpty } })
        // The sandbox sends none of them: its problems are warnings there, not errors that stop a demo.
        let credentials = sandboxBase == nil ? loaded : Credentials(environment: [:])
        self.credentials = credentials
        credentialsFileNotRead = sandboxBase == nil ? loaded.fileNotRead : nil
        let shared = sandboxBase == nil ? Self.sharedTokens(defined, credentials) : []
        sharedTokenGroups = Self.groups(shared)
        self.problems = sandboxBase == nil ? problems + loaded.entryProblems(for: defined) + credentials.hints(for: defined) + credentials.unsendable(for: defined) + Self.warnings(shared)
            + Self.pastedTokens(defined, credentials)
            : (problems + loaded.entryProblems(for: defined)).map { var warning = $0; warning.severity = .warning; return warning }
        if let sandboxBase {
            accounts = content.accounts.map { account in
                var routed = account
                routed.fields["api_base"] = sandboxBase.appendingPathComponent(account.platform.rawValue).absoluteString
                return routed
            }
            missingCredentials = [:]
        } else {
            accounts = content.accounts
            var missing: [String: [String]] = [:]
            for account in content.accounts { missing[account.id] = credentials.missing(for: account) }
            missingCredentials = missing
        }
        // The sandbox uses no credentials, but those in the environment and the credentials file
        // (of the machine a demo runs on) are still not printed, nor published: the file is read for
        // that even where it may not be used (readable by others, inside the repository).
        redactor = (sandboxBase == nil ? credentials : Credentials.load(environment: environment, forRedactionOnly: true).0).redactor
    }

    /// Accounts given one token, of a platform whose account is its
    /// token's (Mastodon): one account, to which each would publish every
    /// post. Told without asking anything, for `plan` and a dry run as for
    /// publish: a warning, since an old entry no post names is no harm, and
    /// their items are held while posts go to both (`Planner.holdSharedTokens`).
    /// Of one instance as written: a token is its instance's, and one
    /// given for two instances is a paste gone wrong, refused by the one
    /// that did not issue it (`pastedTokens`). Tokens of one user that
    /// differ, or an instance written two ways, publish asks the platform
    /// about (`Publisher.heldAccounts`).
    static func sharedTokens(_ accounts: [Account], _ credentials: Credentials) -> [(account: Account, earlier: Account, key: String)] {
        AccountsDecoder.repeats(accounts.filter { $0.platform == .mastodon }) { account in
            token(account, credentials).map { $0 + "\n" + instance(account) }
        }
    }

    private static func token(_ account: Account, _ credentials: Credentials) -> String? {
        credentials.value(account: account.id, field: AccountKeys.requiredCredentials(for: account.platform)[0]).flatMap { $0.isEmpty ? nil : $0 }
    }

    private static func instance(_ account: Account) -> String {
        var base = account.apiBase.lowercased()
        while base.hasSuffix("/") { base.removeLast() }
        return base
    }

    private static func warnings(_ shared: [(account: Account, earlier: Account, key: String)]) -> [Diagnostic] {
        shared.map { account, earlier, _ in
            .warning("account '\(account.id)' is given the same access token as '\(earlier.id)', so they are one Mastodon account, "
                                     + "which would get every post twice: nothing is sent to it through either while posts go to both",
                                     at: account.location, hint: "keep one of them (an old entry left after a rename?), or give each the token of an account of its own")
        }
    }

    /// One token given to accounts of two instances: not one account, but
    /// a token pasted for the wrong account, which that instance refuses.
    static func pastedTokens(_ accounts: [Account], _ credentials: Credentials) -> [Diagnostic] {
        AccountsDecoder.repeats(accounts.filter { $0.platform == .mastodon }) { token($0, credentials) }
            .filter { instance($0.account) != instance($0.earlier) }
            .map { account, earlier, _ in
                .warning("account '\(account.id)' is given the same access token as '\(earlier.id)', whose instance is written otherwise: "
                         + "one instance written two ways (then they are one account, which publish asks about and sends nothing to), "
                         + "or a token pasted for the wrong account, which its instance refuses",
                         at: account.location, hint: "write the instance one way, or give each the token its own instance issued")
            }
    }

    /// Each token's accounts, the first to have it first; the tokens themselves are not kept.
    private static func groups(_ shared: [(account: Account, earlier: Account, key: String)]) -> [[String]] {
        var groups: [String: [String]] = [:]
        var order: [String] = []
        for (account, earlier, key) in shared {
            if groups[key] == nil { groups[key] = [earlier.id]; order.append(key) }
            groups[key]!.append(account.id)
        }
        return order.map { groups[$0]! }
    }

    /// The token an adapter sends for this account.
    public func token(for account: Account) -> String? {
        if sandboxed { return SandboxServer.token(forAccount: account.id) }
        let field = AccountKeys.requiredCredentials(for: account.platform)[0]
        return credentials.value(account: account.id, field: field)
    }

    /// What the in-process sandbox holds, for people to see the result.
    public func sandboxSummary() async -> String? {
        guard let server else { return nil }
        let objects = await server.store.objects(kinds: ["status"])
        guard !objects.isEmpty else { return "The sandbox holds no posts from this run.\n" }
        var out = "\nThe sandbox now holds \(objects.count) post\(objects.count == 1 ? "" : "s"):\n"
        for object in objects {
            // Redacted before it is cut short, so no part of a secret is left.
            let text = redactor((object.text ?? "").split(separator: "\n").first.map(String.init) ?? "")
            let media = object.mediaIDs.isEmpty ? "" : "  [\(object.mediaIDs.count) media]"
            let reply = object.replyTo.map { "  ↳ reply to \($0)" } ?? ""
            out += TerminalText.line("  \(object.platform.rawValue)/\(object.account)  #\(object.id)  \(text.prefix(60))\(media)\(reply)", redactor: redactor) + "\n"
        }
        return out
    }

    public func close() async {
        guard let server else { return }
        // Written only when the run changed what the sandbox holds: a dry run leaves no file.
        let held = await server.store.objects()
        if held != keptObjects {
            let file = URL(fileURLWithPath: content.root + "/" + Self.sandboxPostsFile)
            // What another run wrote meanwhile (two --account jobs at once) is kept beside this run's.
            func key(_ object: SandboxObject) -> String { object.platform.rawValue + "/" + object.id }
            let known = Set((held + keptObjects).map(key))
            let others = ((try? JSONDecoder().decode([SandboxObject].self, from: Data(contentsOf: file))) ?? []).filter { !known.contains(key($0)) }
            try? FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            do {
                try encoder.encode(held + others).write(to: file, options: .atomic)
            } catch {
                // Its records are written: the next run sends nothing again, but its sandbox lacks these posts.
                // (Foundation's reason on Linux is a bare "NSCocoaErrorDomain error 512".)
                StandardStreams.writeError("warning: \(Self.sandboxPostsFile), where the sandbox keeps its posts between runs, could not be written "
                                           + "(is it a folder, or one herald may not write?): the next run's sandbox will not hold this run's posts, "
                                           + "and a thread's later parts would reply to posts it does not hold\n")
            }
        }
        await server.stop()
    }
}
