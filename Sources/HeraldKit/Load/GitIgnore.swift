import Foundation

/// `.gitignore` and the state: a shard that git ignores, and does not track
/// yet, is never added by `git add -- state/`, which exits 0 all the same
/// (README, "Running from CI"). The records publish writes there never
/// reach the branch, and the next job sends every post again.
enum GitIgnore {
    /// A warning at the ignoring pattern for each account's shard that git
    /// would leave out, asked of git itself (`git check-ignore`, which
    /// knows every ignore file and the index). Nothing when the repository
    /// is in no git work tree, git is not installed, or git cannot answer
    /// (a folder another user owns): git is not herald's to require.
    static func ignoredShards(root: String, stateDirectory: String, accounts: [String]) -> [Diagnostic] {
        guard !accounts.isEmpty, let (top, prefix) = workTree(of: root),
              let git = ProcessInfo.processInfo.environment["PATH"]?.split(separator: ":").map({ $0 + "/git" })
                .first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else { return [] }
        var folder = Substring(stateDirectory)
        while folder.hasPrefix("./") { folder = folder.dropFirst(2) }
        while folder.hasSuffix("/") { folder = folder.dropLast() }
        let shards = accounts.map { prefix + folder + "/" + $0 + StateStore.fileExtension }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: git)
        process.arguments = ["-C", top, "check-ignore", "--verbose", "--"] + shards
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return [] }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        // 0: some are ignored; 1: none is; anything else: git could not tell.
        guard process.terminationStatus == 0 else { return [] }
        // `<source>:<line>:<pattern>\t<path>`, the source relative to the work tree's top (or absolute: the user's global file).
        let up = String(repeating: "../", count: prefix.split(separator: "/").count)
        return String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap { row in
            guard let tab = row.lastIndex(of: "\t") else { return nil }
            let fields = row[..<tab].split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            // A pattern starting with '!' matched un-ignores the file.
            guard fields.count == 3, let line = Int(fields[1]), !fields[2].hasPrefix("!") else { return nil }
            let (source, pattern) = (String(fields[0]), String(fields[2]))
            let path = source.hasPrefix("/") ? source : source.hasPrefix(prefix) ? String(source.dropFirst(prefix.count)) : up + source
            let shard = String(row[row.index(after: tab)...].dropFirst(prefix.count))
            // A pattern in a file is relative to its folder; git cannot un-ignore a file in a folder it ignores.
            let base = source.hasPrefix("/") || source.hasPrefix(".git/") ? "" : (source as NSString).deletingLastPathComponent
            let shards = base.isEmpty ? prefix + folder : String((prefix + folder).dropFirst(base.count + 1))
            let hint = pattern.hasSuffix("/") || !(prefix + folder).hasPrefix(base.isEmpty ? "" : base + "/")
                ? "delete the pattern (git cannot take back a folder it ignores)"
                : "delete the pattern, or add a line '!\(shards)/*\(StateStore.fileExtension)' after it"
            return .warning("git ignores \(shard) ('\(pattern)'), so the records publish writes there are never committed: "
                            + "`git add` leaves them out without a word, and the next run from a clone sends every post again",
                            at: SourceLocation(path: path, line: line, column: 1), hint: hint)
        }
    }

    /// The top of the git work tree that holds `root`, and `root` relative
    /// to it (`site/`, or empty): the nearest folder up with a `.git` (a
    /// folder, or the file a worktree has).
    private static func workTree(of root: String) -> (top: String, prefix: String)? {
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
