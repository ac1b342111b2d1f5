import ArgumentParser
import Foundation
import HeraldKit

/// Where the content repository is and how output looks; shared by every
/// command that reads the repository.
struct RepositoryOptions: ParsableArguments {
    @Option(name: [.customShort("C"), .long], help: ArgumentHelp("The content repository.", valueName: "path"))
    var repo: String = "."

    @Flag(name: .long, help: "Never colour the output (NO_COLOR set and not empty in the environment, or TERM=dumb, does the same).")
    var noColor = false

    /// The repository root as an absolute path.
    var root: String { absolutePath(repo) }

    /// The repository as `-C` named it, when not the working folder: the
    /// commands a plan prints name it too.
    var commandLineRepository: String? {
        var named = Substring(repo)
        while named.hasPrefix("./") { named = named.dropFirst(2) }
        return named.isEmpty || named == "." || absolutePath(repo) == absolutePath(".") ? nil : repo
    }

    /// Colour only on a terminal that shows it (not `TERM=dumb`, as git and
    /// ls have it), never with NO_COLOR (set and not empty, as
    /// no-color.org has it) or --no-color.
    func color(for stream: Int32) -> Bool {
        let environment = ProcessInfo.processInfo.environment
        return !noColor && (environment["NO_COLOR"] ?? "").isEmpty && environment["TERM"] != "dumb" && isatty(stream) == 1
    }

    func validateRoot() throws {
        try requireRepositoryFolder(repo)
    }
}

extension RepositoryOptions {
    /// `herald -C PATH plan`, as git takes `-C`: a repository named before
    /// the command is moved to the end of the command's own arguments (or
    /// before a `--`), where the command's `-C` reads it. Several are taken
    /// as git takes them, each relative to the one before (`-C a -C b` is
    /// `a/b`; an empty one changes nothing). Anything else is left as it
    /// is, for the parser to accept or refuse.
    static func movingRepositoryAfterCommand(_ arguments: [String]) -> [String] {
        // `herald --no-color plan`, as `git --no-pager log`: moved after the command too.
        let given = leadingWithout("--no-color", arguments)
        // `text` and `sandbox` colour nothing (they take --no-color after them, for scripts): before them it is dropped.
        let noColor = given.count < arguments.count && !["text", "sandbox"].contains(leadingRepository(given).rest.first ?? "")
        let (path, rest) = leadingRepository(given)
        guard let command = rest.first, path != nil || given.count < arguments.count else { return arguments }
        // `herald -C site help plan`, `herald -C site --version`: they read no repository, and take no -C.
        if command == "help" || command.hasPrefix("-") { return Array(rest) }
        let end = rest.firstIndex(of: "--") ?? rest.endIndex
        return Array(rest[..<end]) + (path.map { ["-C", $0] } ?? []) + (noColor ? ["--no-color"] : []) + Array(rest[end...])
    }

    /// `arguments` with `flag` taken out from among the options before the
    /// command (not as the path of a `-C`).
    static func leadingWithout(_ flag: String, _ arguments: [String]) -> [String] {
        var out: [String] = []
        var i = 0
        while i < arguments.count {
            let word = arguments[i]
            if word == flag {
                i += 1
                continue
            }
            if word == "-C" || word == "--repo", i + 1 < arguments.count {
                out += [word, arguments[i + 1]]
                i += 2
                continue
            }
            if word.hasPrefix("--repo=") {
                out.append(word)
                i += 1
                continue
            }
            break
        }
        return out + arguments[i...]
    }

    /// `herald -C site` and nothing after (or a last `-C` without its
    /// path): the parser would call -C an unknown option, as it is one only
    /// after a command. What to say instead; nil when a command follows.
    static func repositoryWithoutCommand(_ arguments: [String]) -> String? {
        guard let first = arguments.first, first == "-C" || first == "--repo" || first.hasPrefix("--repo=") else { return nil }
        let rest = leadingRepository(arguments).rest
        guard rest.isEmpty || rest == ["-C"] || rest == ["--repo"] else { return nil }
        let option = first.hasPrefix("--repo") ? "--repo" : "-C"
        return "\(option) PATH names the repository of a command that follows it, as in 'herald \(option) PATH plan'"
    }

    /// `herald -C a plan -C b`, or `herald plan -C a -C b`: the parser would
    /// keep the last, and a command would run on a repository other than
    /// one its user named. What to say instead; nil when the repository is
    /// named once after the command, or only before it (where several chain).
    static func repositoryNamedTwice(_ arguments: [String]) -> String? {
        let (before, rest) = leadingRepository(leadingWithout("--no-color", arguments))
        let end = rest.firstIndex(of: "--") ?? rest.endIndex
        // `-C PATH`, `-C=PATH`, `-CPATH`, `--repo PATH`, `--repo=PATH`.
        let after = rest[..<end].filter { $0.hasPrefix("-C") || $0 == "--repo" || $0.hasPrefix("--repo=") }.count
        if before != nil && after > 0 {
            return "the repository is named both before the command and after it: name it once (-C PATH)"
        }
        if after > 1 {
            return "-C is given \(after) times after the command: name the repository once there (before the command, several chain as git's do: -C a -C b is a/b)"
        }
        return nil
    }

    /// Options that take one value, given more than once after the command
    /// (`--at a --at b`): the parser would keep the last, and a script that
    /// adds its own `--at` could publish early. What to say; nil when each is
    /// given once. (`--now` and `--account` take several.)
    static func optionGivenTwice(_ arguments: [String]) -> String? {
        let single = ["--at", "--format", "--jobs", "--lock-timeout", "--ca-file", "--sandbox-url", "--port", "--latency",
                      "--part", "--published", "--url", "--platform"]
        let end = arguments.firstIndex(of: "--") ?? arguments.endIndex
        // `state resolve` and `text count` take one account; publish and plan several.
        let command = leadingRepository(leadingWithout("--no-color", arguments)).rest.first { !$0.hasPrefix("-") }
        let oneAccount = command == "state" || command == "text"
        var counts: [String: Int] = [:]
        for argument in arguments[..<end] {
            let name = argument.split(separator: "=", maxSplits: 1).first.map(String.init) ?? argument
            if single.contains(name) || (oneAccount && name == "--account") { counts[name, default: 0] += 1 }
        }
        guard let (name, count) = counts.filter({ $0.value > 1 }).min(by: { $0.key < $1.key }) else { return nil }
        return "\(name) is given \(count) times: give it once (the parser would keep only the last)"
    }

    /// The repository the `-C` and `--repo` options before the command
    /// name, chained as git chains them, and the arguments after them.
    private static func leadingRepository(_ arguments: [String]) -> (path: String?, rest: ArraySlice<String>) {
        var path: String?
        var rest = arguments[...]
        while let first = rest.first {
            let next: String
            if (first == "-C" || first == "--repo") && rest.count >= 2 {
                next = rest.dropFirst().first!
                rest = rest.dropFirst(2)
            } else if first.hasPrefix("--repo=") {
                next = String(first.dropFirst("--repo=".count))
                rest = rest.dropFirst()
            } else {
                break
            }
            // An empty one changes nothing, as in git.
            if next.isEmpty {
                path = path ?? "."
            } else {
                path = path.map { next.hasPrefix("/") ? next : $0 + "/" + next } ?? next
            }
        }
        return (path, rest)
    }
}

/// Why the current directory cannot be named, when it cannot: another
/// process deleted it (or a folder above it) while the shell stayed there.
/// A relative -C starts from it, and would otherwise be taken from `/`.
func currentDirectoryProblem() -> String? {
    if let path = getcwd(nil, 0) {
        defer { free(path) }
        // Foundation reads such a path as none, and the folder was said not to exist ("no such directory: .").
        let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(path).assumingMemoryBound(to: UInt8.self), count: strlen(path))
        guard String(validating: bytes, as: UTF8.self) == nil else { return nil }
        var (scalars, parser, valid) = (bytes.makeIterator(), Unicode.UTF8.ForwardParser(), 0)
        while case .valid(let scalar) = parser.parseScalar(from: &scalars) { valid += scalar.count }
        let before = String(decoding: UnsafeBufferPointer(rebasing: bytes[..<valid]), as: UTF8.self)
        return "the current directory's path is not UTF-8 text (byte \(String(format: "0x%02X", bytes[valid])) after '\(before)'), "
            + "and herald reads paths as UTF-8: rename the folder, or pass -C with a path that is"
    }
    let why = errno == ENOENT ? "no longer exists" : "cannot be read (\(String(cString: strerror(errno))))"
    return "the current directory \(why); cd to the repository, or pass -C with its full path"
}

/// A usage error unless `repo` (as the user wrote it) names a content
/// repository; first, an error when herald may not open the files it needs
/// (`requireOpenFiles`), as every command that reads a repository comes here.
func requireRepositoryFolder(_ repo: String) throws {
    try requireOpenFiles()
    if !repo.hasPrefix("/"), let problem = currentDirectoryProblem() { throw usageError(problem) }
    let root = absolutePath(repo)
    try requireDirectory(root, shownAs: repo)
    try requireRepository(root)
}

/// An error (exit 1: the command line is fine) when herald may not open
/// the files a command needs at once, where it would stop with a crash
/// (see `OpenFileLimit`).
func requireOpenFiles() throws {
    guard let problem = OpenFileLimit.problem() else { return }
    StandardStreams.writeError("Error: \(problem)\n")
    throw ExitCode(1)
}

/// A usage error unless `path` is a directory; `shown` is how the user wrote it.
func requireDirectory(_ path: String, shownAs shown: String) throws {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
        throw usageError("no such directory: \(shown)")
    }
    guard isDirectory.boolValue else { throw usageError("not a directory: \(shown)") }
}

/// A usage error when `root` is no content repository (see `RepositoryLoader.notARepository`).
func requireRepository(_ root: String) throws {
    if let problem = RepositoryLoader.notARepository(root) { throw usageError(problem) }
}

/// `repo` as an absolute, standardized path.
func absolutePath(_ repo: String) -> String {
    let path = repo.hasPrefix("/") ? repo : FileManager.default.currentDirectoryPath + "/" + repo
    return URL(fileURLWithPath: path).standardizedFileURL.path
}

/// `--at TIME`, shared by plan and publish.
struct TimeOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Act as if it were this time (plan shows what is due by then; publish sends it, a later time sending posts before their time): RFC 3339 (2026-12-01T09:00:00+01:00), or a local time (2026-12-01T09:00) in herald.yaml's timezone. Default: now.", valueName: "time"))
    var at: String?

    /// `zoneProblem`: where herald.yaml's time zone could not be read, if so.
    func instant(zone: TimeZone?, zoneProblem: SourceLocation? = nil) throws -> Date {
        guard let at else { return Date() }
        switch TimeParser.wholeSecond(at, zone: zone) {
        case .success(let date): return date
        case .failure(.malformed):
            let mistake = TimeParser.mistake(in: at, zone: zone)
            throw usageError("--at '\(at)' is not a time" + (mistake.reason.map { ": \($0)" } ?? "")
                + (mistake.fix.map { "; write it as \($0)" } ?? (mistake.reason == nil ? " like 2026-12-01T09:00:00+01:00" : "")))
        case .failure(let failure):
            var message = failure.describe("--at '\(at)'", zone: zone, zoneProblem: zoneProblem)
            if let (a, b) = failure.candidates { message += "; give \(a) or \(b)" }
            throw usageError(message)
        }
    }
}

/// A problem with the command line that shows only once the command runs
/// (a post or account that does not exist, an --at time it cannot place):
/// printed alone, for the usage exit status, 64. A ValidationError thrown
/// from `run()` would be followed by the root command's usage line, which
/// says nothing about it.
func usageError(_ message: String) -> ExitCode {
    // It may quote what was typed (an ESC pasted into --at): shown escaped.
    StandardStreams.writeError("Error: \(TerminalText.visible(message))\n")
    return ExitCode.validationFailure
}

/// An --account that names no account, with the closest one when there is one.
func unknownAccount(_ id: String, in accounts: [Account]) -> ExitCode {
    usageError("unknown account '\(id)'" + (Suggest.account(for: id, in: accounts).map { " (did you mean '\($0)'?)" } ?? ""))
}

/// `--account ID`, repeated, shared by plan and publish: the items of
/// these accounts only, for a CI job that owns a shard of them.
struct AccountSelection: ParsableArguments {
    @Option(name: .customLong("account"), help: ArgumentHelp("Only these accounts (repeat the option); for CI jobs that each own a shard.", valueName: "id"))
    var ids: [String] = []

    /// Every id names an account of accounts.yaml.
    func check(in accounts: [Account]) throws {
        for id in ids where !accounts.contains(where: { $0.id == id }) {
            throw unknownAccount(id, in: accounts)
        }
    }

    /// The items of the selected accounts, or all of them when none is.
    func apply(to items: [PlanItem]) -> [PlanItem] {
        ids.isEmpty ? items : items.filter { ids.contains($0.account) }
    }

    /// The problems as a run for the selected accounts has them: an error
    /// in the state file of an account it does not work on, or in a post
    /// that goes to none of its accounts, blocks only other accounts,
    /// another job's, and is a warning here. A job for one shard is not
    /// failed, nor its "something due" hidden, by another's damage. A post
    /// whose accounts cannot be told (its file unreadable, its campaign
    /// broken), or that names one accounts.yaml does not define, may be this
    /// job's, or no job's: its errors stay errors. An error that concerns
    /// only other accounts of a post (its text too long for X, in the
    /// Mastodon job) is a warning too.
    func scoped(_ problems: [Diagnostic], state: StateSnapshot, content: ContentRepository) -> [Diagnostic] {
        guard !ids.isEmpty else { return problems }
        var others: [String: String] = [:]
        for (account, damage) in state.damaged where !ids.contains(account) {
            if let path = damage.location?.path { others[path] = "another account's state, which this run does not use" }
        }
        if problems.contains(where: { $0.severity == .error && $0.location?.path.hasPrefix("posts/") == true }) {
            // A name accounts.yaml does not define (a typo) is no other job's: that post would go out in none.
            let defined = content.definedAccountIDs
            for post in content.posts {
                let accounts = ContentResolver.accounts(of: post, campaigns: content.campaigns)
                guard !accounts.isEmpty, !accounts.contains(where: { ids.contains($0.value) || !defined.contains($0.value) }) else { continue }
                others[post.path] = "a post for other accounts, which this run does not publish"
            }
        }
        guard !others.isEmpty || !content.accountErrors.isEmpty else { return problems }
        return problems.map { problem in
            guard problem.severity == .error else { return problem }
            let whose: String
            if let path = problem.location?.path, let elsewhere = others[path] {
                whose = elsewhere
            } else if let accounts = content.accountErrors[problem], !accounts.contains(where: ids.contains) {
                let distinct = Set(accounts).sorted()
                let named = distinct.map { "'\($0)'" }.joined(separator: ", ")
                whose = "it concerns only \(distinct.count == 1 ? "account" : "accounts") \(named), which this run does not publish"
            } else {
                return problem
            }
            var scoped = problem
            scoped.severity = .warning
            scoped.hint = (problem.hint.map { $0 + "; " } ?? "") + whose
            return scoped
        }
    }
}

extension PublishSession {
    /// What the planner is given by plan and publish alike: the session's
    /// repository, credentials and secrets, the state as read, the time
    /// planned for and the real clock, and the repository as the command
    /// line named it (for the commands a reason prints).
    func plannerInput(state: StateSnapshot, now: Date, repository: RepositoryOptions) -> Planner.Input {
        var input = Planner.Input(repository: content, state: state, now: now, missingCredentials: missingCredentials,
                                  secrets: redactor, sandboxed: sandboxed)
        input.clock = Date()
        input.credentialsFileNotRead = credentialsFileNotRead?.fullMessage
        input.unusedCredentialEntries = unusedCredentialEntries
        input.unsendableCredentials = unsendableCredentials
        input.sharedTokenGroups = sharedTokenGroups
        input.repositoryArgument = repository.commandLineRepository
        return input
    }
}

extension DiagnosticFormat: ExpressibleByArgument {}
extension PlanFormat: ExpressibleByArgument {}

enum HeraldVersion {
    static let current = HeraldInfo.version
}

/// Ends the process with `code` without releasing what the command built:
/// freeing the model of a large repository takes tens of milliseconds, and
/// the process ends here anyway. `exit` flushes and checks standard output
/// (`StandardStreams.checkOutputAtExit`); a flush here would leave that
/// check a failed stream without the error that failed it.
func exitNow(_ code: Int32) -> Never {
    exit(code)
}

/// Said once when another run holds the state's lock: a run that waits in
/// silence looks hung at a terminal.
func waitingForLock(seconds: some BinaryInteger & CustomStringConvertible) {
    StandardStreams.writeError("herald: another run is publishing from this checkout (it holds the state's lock); waiting up to \(seconds) s for it to finish\n")
}
