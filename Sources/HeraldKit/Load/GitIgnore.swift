import Foundation

/// `.gitignore` and the state: a shard that git ignores, and does not track
/// yet, is never added by `git add -- state/`, which exits 0 all the same
/// (README, "Running from CI"). The records publish writes there never
/// reach the branch, and the next job sends every post again.
enum GitIgnore {
    /// git at work on the question, started on another thread while the
    /// posts are read: the answer, and starting a process, cost the run
    /// none of its time.
    final class Check: @unchecked Sendable {
        private let done = DispatchGroup()
        private var answer: [Diagnostic] = []
        /// git's process, once started: ended when it takes too long.
        fileprivate var process: Process?

        fileprivate init(_ ask: @escaping @Sendable (Check) -> [Diagnostic]) {
            done.enter()
            // A thread of its own: it waits on git, and dispatch's threads are busy reading the posts.
            Thread { [self] in
                answer = ask(self)
                done.leave()
            }.start()
        }

        /// How long git may take: it answers in milliseconds, and one that
        /// hangs (waiting on a lock, a network mount) holds no run up.
        static let patience: DispatchTimeInterval = .seconds(10)

        /// A warning at the ignoring pattern for each account's shard that
        /// git would leave out. Nothing when git could not answer in time.
        func result() -> [Diagnostic] {
            guard done.wait(timeout: .now() + Self.patience) == .timedOut else { return answer }
            // Its signals may be blocked (the thread it was started from): killed outright, not left behind.
            if let process, process.isRunning { kill(process.processIdentifier, SIGKILL) }
            return []
        }
    }

    /// Asks git (`git check-ignore`, which knows every ignore file and the
    /// index) whether it ignores each account's shard, without waiting for
    /// the answer. Nil when the repository is in no git work tree, or git
    /// is not installed: git is not herald's to require.
    static func start(root: String, stateDirectory: String, accounts: [String]) -> Check? {
        guard !accounts.isEmpty, let (top, prefix) = workTree(of: root), let git = executable() else { return nil }
        var trimmed = Substring(stateDirectory)
        while trimmed.hasPrefix("./") { trimmed = trimmed.dropFirst(2) }
        while trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        let folder = String(trimmed)
        return Check { check in
            let shards = accounts.map { prefix + folder + "/" + $0 + StateStore.fileExtension }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: git)
            // -z: paths as they are, not quoted (a folder named in another script than ASCII).
            process.arguments = ["-C", top, "check-ignore", "--verbose", "-z", "--stdin"]
            let (input, output) = (Pipe(), Pipe())
            process.standardInput = input
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            guard (try? process.run()) != nil else { return [] }
            check.process = process
            // The paths NUL-separated, the folder itself first: a file in a folder git ignores cannot be taken back by a pattern
            // after. Written on a thread of their own while the answer is read: git answers as it reads, and with thousands of
            // paths each side would wait on the other through a full pipe.
            let paths = Data(([prefix + folder + "/"] + shards).map { $0 + "\u{0}" }.joined().utf8)
            let written = DispatchGroup()
            written.enter()
            Thread {
                writeIgnoringClosedPipe(paths, to: input.fileHandleForWriting)
                written.leave()
            }.start()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            written.wait()
            process.waitUntilExit()
            // 0: some are ignored; 1: none is; anything else: git could not tell.
            guard process.terminationStatus == 0 else { return [] }
            return warnings(data, folder: folder, prefix: prefix)
        }
    }

    /// Writes `data` and closes the pipe. git may have stopped without
    /// reading it (a repository it refuses: "dubious ownership"): the
    /// SIGPIPE that write raises, which would end herald, is held back on
    /// this thread and taken, and the write's error is passed over.
    private static func writeIgnoringClosedPipe(_ data: Data, to handle: FileHandle) {
        var pipeSignal = sigset_t()
        sigemptyset(&pipeSignal)
        sigaddset(&pipeSignal, SIGPIPE)
        var previous = sigset_t()
        pthread_sigmask(SIG_BLOCK, &pipeSignal, &previous)
        try? handle.write(contentsOf: data)
        try? handle.close()
        // A SIGPIPE the write raised waits on this thread: taken here, before the mask is restored.
        var now = timespec(tv_sec: 0, tv_nsec: 0)
        while sigtimedwait(&pipeSignal, nil, &now) == SIGPIPE {}
        pthread_sigmask(SIG_SETMASK, &previous, nil)
    }

    /// git's answer, `<source> NUL <line> NUL <pattern> NUL <path> NUL` per
    /// path, the source relative to the work tree's top (or absolute: the
    /// user's global file), as warnings. A pattern starting with '!'
    /// matched un-ignores the path.
    private static func warnings(_ data: Data, folder: String, prefix: String) -> [Diagnostic] {
        let folderPath = prefix + folder + "/"
        let fields = data.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        var rows: [(source: String, line: Int, pattern: String, path: String)] = []
        var i = 0
        while i + 3 < fields.count {
            if let line = Int(fields[i + 1]), !fields[i + 2].hasPrefix("!") { rows.append((fields[i], line, fields[i + 2], fields[i + 3])) }
            i += 4
        }
        // By a pattern from outside it: git reads the folder's own .gitignore for what is in it, whose lines a later one takes back.
        let folderIgnored = rows.contains { ($0.path == folderPath || $0.path == prefix + folder) && ($0.source as NSString).deletingLastPathComponent != prefix + folder }
        let up = String(repeating: "../", count: prefix.split(separator: "/").count)
        return rows.filter { $0.path != folderPath && $0.path != prefix + folder }.map { row in
            let (source, pattern) = (row.source, row.pattern)
            let path = source.hasPrefix("/") ? source : source.hasPrefix(prefix) ? String(source.dropFirst(prefix.count)) : up + source
            let shard = String(row.path.dropFirst(prefix.count))
            // A pattern in a file is relative to its folder.
            let base = source.hasPrefix("/") || source.hasPrefix(".git/") ? "" : (source as NSString).deletingLastPathComponent
            let stateFolder = prefix + folder
            let shards = base.isEmpty ? stateFolder : stateFolder == base ? "" : String(stateFolder.dropFirst(base.count + 1))
            let hint = folderIgnored || !(base.isEmpty || stateFolder == base || stateFolder.hasPrefix(base + "/"))
                ? "delete the pattern (git cannot take back a file in a folder it ignores)"
                : "delete the pattern, or add a line '!\(shards.isEmpty ? "" : shards + "/")*\(StateStore.fileExtension)' after it"
            return .warning("git ignores \(shard) ('\(pattern)'), so the records publish writes there are never committed: "
                            + "`git add` leaves them out without a word, and the next run from a clone sends every post again",
                            at: SourceLocation(path: path, line: row.line, column: 1), hint: hint)
        }
    }

    /// Whether git tracks the file at `path`, relative to the top of the
    /// work tree at `top` (committed, or added to be): false when git cannot tell.
    static func tracks(_ path: String, in top: String) -> Bool {
        guard let git = executable() else { return false }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: git)
        process.arguments = ["-C", top, "ls-files", "--error-unmatch", "--", path]
        (process.standardOutput, process.standardError, process.standardInput) = (FileHandle.nullDevice, FileHandle.nullDevice, FileHandle.nullDevice)
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    /// git, found on PATH.
    private static func executable() -> String? {
        ProcessInfo.processInfo.environment["PATH"]?.split(separator: ":").map { $0 + "/git" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// The top of the git work tree that holds `root`, and `root` relative
    /// to it (`site/`, or empty): the nearest folder up with a `.git` (a
    /// folder, or the file a worktree has).
    static func workTree(of root: String) -> (top: String, prefix: String)? {
        var folder = URL(fileURLWithPath: root).standardizedFileURL.path
        var prefix = ""
        while true {
            if FileWalker.exists(folder + "/.git") { return (folder, prefix) }
            guard folder != "/" else { return nil }
            prefix = (folder as NSString).lastPathComponent + "/" + prefix
            folder = (folder as NSString).deletingLastPathComponent
        }
    }
}
