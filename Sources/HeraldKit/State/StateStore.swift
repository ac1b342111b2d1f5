import Foundation

/// Reads and appends state shards: `<state_dir>/<account>.state`, one per
/// account, so runs and CI jobs that own different accounts never touch the
/// same file.
public struct StateStore: Sendable {
    /// Absolute path of the state directory.
    public var directory: String
    /// How the directory is named in messages (`state`).
    public var displayDirectory: String
    /// The repository the directory belongs to: nothing is written when the
    /// directory leads outside it through a symbolic link.
    public var repositoryRoot: String?
    /// Why the folder named is perhaps not the one holding the records
    /// (`Settings.stateDirectoryUnknown`): then nothing is read as done,
    /// nor written.
    public var unknown: Located<String>?
    /// The folder herald.yaml names: when it holds no records, another
    /// folder at the top of the repository that does is the records of an
    /// earlier `state_dir` (the sandbox's own folder is not).
    public var isConfigured: Bool
    /// The repository as `-C` named it, when not the working folder: the
    /// commands a problem prints run there.
    public var commandRepository: String?

    public init(directory: String, displayDirectory: String, repositoryRoot: String? = nil, unknown: Located<String>? = nil,
                isConfigured: Bool = false) {
        self.directory = directory
        self.displayDirectory = displayDirectory
        self.repositoryRoot = repositoryRoot
        self.unknown = unknown
        self.isConfigured = isConfigured
    }

    public static let fileExtension = ".state"

    /// A command a problem prints, run in the repository: its paths are the repository's.
    func inRepository(_ command: String) -> String {
        commandRepository.map { "cd \(Planner.shellWord($0)) && " + command } ?? command
    }

    func path(account: String) -> String { directory + "/" + account + Self.fileExtension }

    func displayPath(account: String) -> String { displayDirectory + "/" + account + Self.fileExtension }

    public func read() -> StateSnapshot {
        var snapshot = StateSnapshot()
        snapshot.directory = displayDirectory
        // herald.yaml's own error is reported with the repository's.
        if let unknown {
            snapshot.folderProblem = .init(what: "\(unknown.value), so the state folder is not known; nothing is published until herald.yaml is fixed",
                                           location: unknown.location)
            return snapshot
        }
        // Records kept outside the repository are not this repository's, and are never written.
        if let (link, outside) = linkOutsideRepository() {
            return Self.blocked(snapshot, .error("\(link) leads outside the repository (to \(outside)) through a symbolic link",
                                                 at: SourceLocation(path: link, line: 1, column: 1),
                                                 hint: "herald keeps state only inside the repository: replace the link with a copy of the folder it leads to, "
                                                    + "records and all (\(inRepository("rm \(Planner.shellWord(link)) && cp -R \(Planner.shellWord(outside)) \(Planner.shellWord(link))"))); "
                                                    + "nothing is published until then"),
                                what: "the state folder \(displayDirectory) leads outside the repository; nothing is published until it is a folder inside it, holding the records it led to")
        }
        guard let dir = opendir(directory) else {
            // No folder yet: nothing was published from this checkout. Any
            // other failure leaves the records unread, and every post new.
            let failure = errno
            // A symbolic link to nothing on the way: the records are where it meant to lead, not absent.
            if failure == ENOENT, let (link, target) = danglingLink() {
                return Self.blocked(snapshot, .error("\(link) is a symbolic link to '\(target)', which does not exist",
                                                     at: SourceLocation(path: link, line: 1, column: 1),
                                                     hint: "the state folder \(displayDirectory) is reached through it; nothing is published until the folder it leads to is there, "
                                                        + "or the link is replaced by a folder holding the records it led to"),
                                    what: "the state folder \(displayDirectory) is reached through a symbolic link to nothing; nothing is published until it leads to a folder")
            }
            guard failure != ENOENT else { return elsewhere(snapshot) }
            let notAFolder = failure == ENOTDIR
            let why = notAFolder ? "is a file, or inside one" : "cannot be read: \(String(cString: strerror(failure)))"
            let hint = notAFolder
                ? "herald keeps its records in a folder there (\(isConfigured ? "herald.yaml's state_dir, or state/ when it sets none" : "the sandbox's")); nothing is published until then"
                : "herald must be able to read the folder and the folders on the way (check their permissions and owner); nothing is published until then"
            return Self.blocked(snapshot, .error("the state folder \(displayDirectory) \(why)", at: SourceLocation(path: displayDirectory, line: 1, column: 1),
                                                 hint: hint,
                                                 // Whatever is in the way is not herald's: none of it is quoted.
                                                 conceals: .file),
                                what: "the state folder \(displayDirectory) \(why); nothing is published until " + (notAFolder ? "it is a folder" : "herald can read it"))
        }
        var names: [String] = []
        var others: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self) }
            if name.hasSuffix(Self.fileExtension), !name.hasPrefix(".") { names.append(name) } else if !name.hasPrefix(".") { others.append(name) }
        }
        closedir(dir)
        // Shards are independent: parse them on all cores, then join them in name order.
        let sorted = names.sorted()
        let shards = parallelMap(sorted.count) { i -> StateSnapshot in
            var shard = StateSnapshot()
            read(account: String(sorted[i].dropLast(Self.fileExtension.count)), into: &shard)
            return shard
        }
        for shard in shards {
            snapshot.shards.merge(shard.shards) { a, _ in a }
            snapshot.recordedCount += shard.recordedCount
            snapshot.accounts.formUnion(shard.accounts)
            snapshot.diagnostics += shard.diagnostics
            snapshot.damaged.merge(shard.damaged) { a, _ in a }
            snapshot.headerAccounts.merge(shard.headerAccounts) { a, _ in a }
        }
        // A shard whose header names another account that has a shard of its own: a copy of
        // that one, most likely, whose records would show this account's posts as done.
        // Its posts would show done with the other's ids, and never go out: blocked until a person says which.
        for (account, named) in snapshot.headerAccounts.sorted(by: { $0.key < $1.key }) where snapshot.accounts.contains(named) {
            snapshot.damage(account, "says it is '\(named)'s, which has a state file of its own; repair it first",
                            .error("the state file of '\(account)' says it is '\(named)'s, which has a state file of its own",
                                   at: SourceLocation(path: displayPath(account: account), line: 1, column: 1),
                                   hint: "if it is a copy of \(displayPath(account: named)), its records are not '\(account)'s: delete it; "
                                       + "if '\(named)' was renamed '\(account)', make its first line '\(StateRecord.header(account: account))'"))
        }
        strays(others.sorted(), into: &snapshot)
        return sorted.isEmpty && snapshot.damaged.isEmpty ? elsewhere(snapshot) : snapshot
    }

    /// A folder with no records, while another at the top of the repository
    /// holds some: `state_dir` was changed and the records not moved. Read
    /// as none, every published post would look new.
    private func elsewhere(_ snapshot: StateSnapshot) -> StateSnapshot {
        guard isConfigured, let root = repositoryRoot, let found = Self.folderHoldingRecords(in: root, besides: directory) else { return snapshot }
        let (to, from) = (Planner.shellWord(displayDirectory), Planner.shellWord(found))
        // The glob is the shell's: it is read where the command runs, so it runs in the repository.
        let move = "mkdir -p \(to) && mv \(from)/*.state \(to)/"
        let command = inRepository(move)
        return Self.blocked(snapshot, .error("the state folder \(displayDirectory) holds no records, but \(found)/ holds herald's",
                                             at: SourceLocation(path: displayDirectory, line: 1, column: 1),
                                             hint: "state_dir in herald.yaml names \(displayDirectory): move the records there (\(command)), "
                                                + "or set state_dir: \(found); nothing is published until then"),
                            what: "the state folder \(displayDirectory) holds no records, but \(found)/ holds herald's; nothing is published until they are in one folder")
    }

    /// No record of the folder can be trusted: `problem` is reported, and
    /// every item is blocked, saying `what`.
    private static func blocked(_ snapshot: StateSnapshot, _ problem: Diagnostic, what: String) -> StateSnapshot {
        var snapshot = snapshot
        snapshot.diagnostics.append(problem)
        snapshot.folderProblem = .init(what: what, location: problem.location)
        return snapshot
    }

    func read(account: String, into snapshot: inout StateSnapshot) {
        // A link could send records to any file; a FIFO or device could block or never end.
        var info = stat()
        guard lstat(path(account: account), &info) == 0 else {
            // No file: no records. One herald may not look at (a folder it cannot enter) may hold them.
            if errno != ENOENT && errno != ENOTDIR {
                unreadable(account, because: String(cString: strerror(errno)), into: &snapshot)
            }
            return
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            let link = info.st_mode & S_IFMT == S_IFLNK
            let what = link ? "a symbolic link" : "not a regular file"
            let shard = Planner.shellWord(displayPath(account: account))
            let copy = link ? "a copy of the file it leads to, records and all (\(inRepository("cp \(shard) \(shard).copy && mv \(shard).copy \(shard)")))"
                : "a regular file holding its records"
            snapshot.damage(account, link ? "is a symbolic link; replace it with a copy of the file it leads to first" : "is \(what); replace it with a regular file holding its records first",
                            .error("the state file is \(what)", at: SourceLocation(path: displayPath(account: account), line: 1, column: 1),
                                   hint: "herald keeps state only in regular files: replace it with \(copy); herald will not publish to '\(account)' until then"))
            return
        }
        // Unread, its records would be missing and every post new: the account is blocked instead.
        let bytes: [UInt8]
        switch BoundedFile.read(path(account: account), limit: Int.max) {
        case .bytes(let read):
            bytes = read
        case .problem(let why):
            unreadable(account, because: why, into: &snapshot)
            return
        }
        snapshot.accounts.insert(account)
        // herald writes a shard's header as it makes it: an empty one was emptied (by hand, a merge)
        // or its making was cut short. Read as no record, its posts would all look new.
        if bytes.isEmpty {
            snapshot.diagnostics.append(.warning("the state file is empty, so herald reads no record of '\(account)'",
                                                 at: SourceLocation(path: displayPath(account: account), line: 1, column: 1),
                                                 hint: displayDirectory != PublishSession.sandboxStateDirectory ? "if it held records, restore it (\(inRepository("git checkout -- \(Planner.shellWord(displayPath(account: account)))"))) before publishing"
                                                    : "the sandbox's, which git does not keep: delete it to start afresh"))
        }
        bytes.withUnsafeBufferPointer { parse($0, account: account, into: &snapshot) }
    }

    /// Unread, its records would be missing and every post new: the account is blocked instead.
    /// `why`: BoundedFile's words, or errno's.
    private func unreadable(_ account: String, because why: String, into snapshot: inout StateSnapshot) {
        let reason = why.hasPrefix("cannot read the file: ") ? String(why.dropFirst("cannot read the file: ".count)) : why
        snapshot.damage(account, "cannot be read; make it readable first",
                        .error("the state file cannot be read: \(reason)", at: SourceLocation(path: displayPath(account: account), line: 1, column: 1),
                               hint: "herald will not publish to '\(account)' until it can read what it recorded there"))
    }

    private func parse(_ bytes: UnsafeBufferPointer<UInt8>, account: String, into snapshot: inout StateSnapshot) {
        let display = displayPath(account: account)
        let file = SourceFile(display)
        var parts: [StateSnapshot.PartKey: PartState] = [:]
        // A part per line at most: reserved by a guess from the file's size instead, a shard of
        // long lines (urls) gets twice the room it needs, some 2 MB per 10,000 records.
        parts.reserveCapacity(bytes.count(of: UInt8(ascii: "\n")))
        defer {
            snapshot.recordedCount += parts.values.reduce(0) { $0 + ($1.isRecorded ? 1 : 0) }
            snapshot.shards[account] = parts
        }
        var start = 0
        var number = 0
        // After a second header naming another account (two shards joined), the lines are that
        // account's: not read as this one's, where its posts would show done with another's ids.
        var foreign = false
        while start < bytes.count {
            number += 1
            let location = SourceLocation(file: file, line: number, column: 1)
            // The last line has no newline: a run was killed while writing it, or a person
            // wrote it and left the newline out. One that no herald line starts with (a
            // mistyped event) is a person's, and read as a line: its error says what is wrong.
            let unended = UnsafeBufferPointer(rebasing: bytes[start...])
            // A header without its newline is cut short only where herald's own header starts so;
            // other text (lines that end in CR alone, records joined to it) is read as the header, and refused.
            // Asked of the last line alone: of every line, it would read the rest of the file each time.
            func cutShort() -> Bool {
                number > 1 ? StateRecord.mayBeCutShort(unended)
                    : StateRecord.header(account: account).utf8.starts(with: unended) || unended.allSatisfy { $0 == UInt8(ascii: " ") }
            }
            guard let end = bytes.firstOffset(of: UInt8(ascii: "\n"), from: start) ?? (cutShort() ? nil : bytes.count) else {
                // A record cut short can still read as one (an id missing its end): a person must tell.
                if number > 1, StateRecord.parse(unended) != nil {
                    snapshot.damage(account, "ends in a record without a newline; check it first",
                                    .error("the last record has no newline at its end: a run was interrupted while writing it, or it was written by hand", at: location,
                                           hint: "if it is whole (check the post on the platform), end the line with a newline; if it was cut short, delete it; herald will not publish to '\(account)' until then"))
                } else {
                    snapshot.diagnostics.append(.warning("incomplete last record ignored (a run was interrupted while writing it)", at: location))
                }
                return
            }
            // A checkout with Windows line endings (git's core.autocrlf) ends each line in CR LF:
            // the CR is the line's end, not the last value's.
            let lineEnd = end > start && bytes[end - 1] == UInt8(ascii: "\r") ? end - 1 : end
            let line = UnsafeBufferPointer(rebasing: bytes[start..<lineEnd])
            start = end + 1
            if number == 1 {
                let header = String(decoding: line, as: UTF8.self)
                if !header.hasPrefix("herald-state ") {
                    // An editor may have saved it with a byte-order mark, which no line shows.
                    let bom = header.hasPrefix("\u{FEFF}herald-state ")
                    snapshot.damage(account, bom ? "starts with a byte-order mark; save it without one first" : "is not a herald state file; repair it first",
                                    bom ? .error("the state file starts with a byte-order mark (an editor saved it as \"UTF-8 with BOM\")", at: location,
                                                 hint: "save it as UTF-8 without a BOM; herald will not publish to '\(account)' until then")
                                        : .error("not a herald state file (no 'herald-state' header)", at: location,
                                                 hint: "its first line is '\(StateRecord.header(account: account))': if it was lost (a line deleted, the file sorted), restore it"))
                    return
                }
                let words = header.split(separator: " ")
                let version = words.dropFirst().first.flatMap { Int($0) }
                if version == nil {
                    let written = words.dropFirst().first.map { "'\($0)'" } ?? "nothing"
                    snapshot.damage(account, "has a damaged header; repair it first",
                                    .error("the header gives \(written) as the state format's version, which is a whole number", at: location,
                                           hint: "herald writes '\(StateRecord.header(account: account))'; herald will not publish to '\(account)' until then"))
                    return
                }
                if let (what, offset) = StateRecord.headerProblem(in: line) {
                    let column = String(decoding: UnsafeBufferPointer(rebasing: line[..<offset]), as: UTF8.self).unicodeScalars.count + 1
                    let crAlone = line.contains(UInt8(ascii: "\r"))
                    snapshot.damage(account, crAlone ? "ends its lines in CR alone; convert them first" : "has a damaged header; repair it first",
                                    .error(crAlone ? "the state file's lines end in CR alone (as old Mac editors save them), so herald reads it as one line"
                                                   : "the header \(what)", at: SourceLocation(file: file, line: number, column: column),
                                           hint: crAlone ? "convert its line endings to LF (\(inRepository("perl -pi -e 's/\\r/\\n/g' \(Planner.shellWord(display))"))); herald will not publish to '\(account)' until then"
                                                : "the first line holds only '\(StateRecord.header(account: account))' (and fields name=value): put each record on a line of its own; herald will not publish to '\(account)' until then"))
                    return
                }
                if let named = words.first(where: { $0.hasPrefix("account=") })?.dropFirst(8), named != account {
                    snapshot.headerAccounts[account] = String(named)
                }
                if version != StateRecord.version {
                    snapshot.damage(account, "is in a state format this herald does not read; upgrade herald first",
                                    .error("state format version \(version.map(String.init) ?? "?") is not supported by this herald (it reads version \(StateRecord.version))",
                                           at: location, hint: "upgrade herald"))
                    return
                }
                continue
            }
            // A line of blanks (an editor's, a merge's) is an empty line: no record was cut to it.
            if line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) || line[0] == UInt8(ascii: "#") { continue }
            if line.starts(with: "herald-state ".utf8) {
                let named = String(decoding: line, as: UTF8.self).split(separator: " ").first { $0.hasPrefix("account=") }.map { String($0.dropFirst(8)) }
                if let named, named != account {
                    // Two shards joined (`cat a.state b.state`): what follows is the other account's.
                    foreign = true
                    snapshot.damage(account, "holds the records of '\(named)' after a second header; repair it first",
                                    .error("a second 'herald-state' header, of account '\(named)': the lines after it, up to any next header, are its records "
                                           + "(two state files joined?)", at: location,
                                           hint: "move those lines to the end of \(displayPath(account: named)), leaving out those it already has, then delete "
                                                + "them and this line here; herald will not publish to '\(account)' until then"))
                } else if let first = snapshot.headerAccounts[account], named == account {
                    // Two shards joined, the other's first: what came before is that account's, not this one's.
                    parts.removeAll()
                    foreign = false
                    snapshot.damage(account, "holds the records of '\(first)' before its own header; repair it first",
                                    .error("a second 'herald-state' header, of this account: the lines before it are '\(first)''s records (two state files joined?)",
                                           at: location,
                                           hint: "move the lines before it to the end of \(displayPath(account: first)), leaving out those it already has, then delete "
                                                + "them here, this line becoming the first; herald will not publish to '\(account)' until then"))
                } else {
                    // The file again, whole (a copy saved with CR LF line endings, which a union merge took as all new).
                    foreign = false
                    snapshot.damage(account, "holds a second header; repair it first",
                                    .error("a second 'herald-state' header: only the first line is one", at: location,
                                           hint: "the file again, whole (a copy saved with other line endings, merged in)? the records after it repeat those "
                                                + "before: delete this line; herald will not publish to '\(account)' until then"))
                }
                continue
            }
            if foreign { continue }
            guard let record = StateRecord.parse(line) else {
                if SourceText.isConflictMarker(line) {
                    snapshot.damage(account, "has a git merge conflict marker; resolve the conflict first",
                                    .error("a git merge conflict marker", at: location,
                                           hint: "records are only ever added: keep the lines of both sides and delete the markers; herald will not publish to '\(account)' until then"))
                } else {
                    let (what, offset) = StateRecord.problem(in: line)
                    // Columns count characters, as in YAML files.
                    let column = String(decoding: UnsafeBufferPointer(rebasing: line[..<offset]), as: UTF8.self).unicodeScalars.count + 1
                    snapshot.damage(account, "has a damaged record; repair it first",
                                    .error("unreadable state record: \(what)", at: SourceLocation(file: file, line: number, column: column),
                                           hint: "herald will not publish to '\(account)' until this line is repaired"))
                }
                continue
            }
            // Two runs that each published it (on two branches, their records
            // joined by a merge): two posts on the platform, one recorded.
            if let earlier = parts[StateSnapshot.PartKey(post: record.post, part: record.part), default: PartState()].apply(record) {
                snapshot.diagnostics.append(.warning("'\(record.post)' part \(record.part + 1) is recorded as published twice, as \(earlier.remoteID ?? "?") and \(record.remoteID ?? "?")", at: location,
                                                     hint: "two runs each sent it (on two branches?): the platform may hold it twice; herald keeps the record further down the file."
                                                        + " Check the account, delete the copy there, and the line of its record here"))
            }
        }
    }

    /// Opens the shard for appending, creating it (and the directory) when
    /// needed and cutting off a torn last line first.
    public func writer(account: String) throws -> StateWriter {
        try StateWriter(path: path(account: account), account: account, directory: directory)
    }

    /// Takes the lock that keeps two runs on one checkout apart, waiting up
    /// to `timeout`. Released when the returned lock is released or the
    /// process ends (also on SIGKILL).
    /// `waiting`: called once if another run holds the lock, before waiting for it.
    public func lock(timeout: Duration, waiting: (() -> Void)? = nil) async throws -> StateLock {
        try checkUsable()
        try Self.ensureDirectory(directory)
        // Made when it may be: a run that cannot make its lock cannot write its records either.
        guard let lock = try await StateLock.acquire(directory: directory, timeout: timeout, waiting: waiting) else {
            throw StateError.cannotWrite(directory + "/.lock", "no lock was made")
        }
        return lock
    }

    /// The lock for a dry run, which writes nothing: nil when there is no
    /// state folder yet (nothing has been published from this checkout).
    public func lockIfPresent(timeout: Duration, waiting: (() -> Void)? = nil) async throws -> StateLock? {
        try checkUsable()
        guard try Self.ensureDirectory(directory, creating: false) else { return nil }
        return try await StateLock.acquire(directory: directory, timeout: timeout, waiting: waiting, readOnly: true)
    }

    /// State is written to the folder herald.yaml names only (`unknown`),
    /// and inside the repository only: a state folder that is a symbolic
    /// link to elsewhere would write wherever it points. Checked before any
    /// folder is made: the deepest part of the path that exists decides,
    /// since the rest would be made inside it.
    private func checkUsable() throws {
        if let unknown { throw StateError.unknownFolder(unknown) }
        if let (link, target) = danglingLink() {
            throw StateError.cannotWrite(displayDirectory, "\(link == displayDirectory ? "it" : link) is a symbolic link to '\(target)', which does not exist")
        }
        guard let (link, outside) = linkOutsideRepository() else { return }
        throw StateError.cannotWrite(displayDirectory, "\(link == displayDirectory ? "it" : link) leads outside the repository (to \(outside)) through a symbolic link")
    }

    /// The deepest existing folder on the way to the directory, when it
    /// resolves outside the repository through a symbolic link, and where it leads.
    private func linkOutsideRepository() -> (link: String, outside: String)? {
        guard let root = repositoryRoot, directory.hasPrefix(root + "/"), let existing = deepestPath(where: FileWalker.exists) else { return nil }
        let link = named(existing)
        return RepositoryPath.resolvedOutside(root: root, path: link).map { (link, $0) }
    }

    /// The deepest path on the way to the state folder that is there, when
    /// it is a symbolic link that leads to nothing, and where it leads.
    private func danglingLink() -> (link: String, target: String)? {
        guard let present = deepestPath(where: FileWalker.isPresent), let target = BoundedFile.danglingLink(present) else { return nil }
        return (named(present), target)
    }

    /// The directory, or the deepest of its parents below the repository
    /// (or the file system's root) for which `isThere` holds.
    private func deepestPath(where isThere: (String) -> Bool) -> String? {
        var path = directory
        while !path.isEmpty && path != "/" && path != repositoryRoot {
            if isThere(path) { return path }
            guard let slash = path.lastIndex(of: "/") else { return nil }
            path = String(path[..<slash])
        }
        return nil
    }

    /// A path as messages name it: from the repository, when it is inside.
    private func named(_ path: String) -> String {
        repositoryRoot.flatMap { path.hasPrefix($0 + "/") ? String(path.dropFirst($0.count + 1)) : nil } ?? path
    }

    /// Makes the directory and its missing parents one by one, so an error
    /// names the one in the way. Returns whether the directory is there.
    @discardableResult
    static func ensureDirectory(_ directory: String, creating: Bool = true) throws -> Bool {
        var path = directory.hasPrefix("/") ? "" : "."
        for component in directory.split(separator: "/") {
            path += "/" + component
            var info = stat()
            if stat(path, &info) == 0 {
                guard info.st_mode & S_IFMT == S_IFDIR else {
                    throw StateError.cannotWrite(path, "it is a file; herald keeps its state in a folder there")
                }
                continue
            }
            guard errno == ENOENT else { throw StateError.cannotWrite(path, String(cString: strerror(errno))) }
            guard creating else { return false }
            // Another run may make it at the same moment.
            if mkdir(path, 0o755) != 0 && errno != EEXIST { throw StateError.cannotWrite(path, String(cString: strerror(errno))) }
            // Made durable in its parent, as a shard is in its folder: after a power cut, a
            // state folder gone with its records would make every published post look new.
            let parent = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
            let dfd = open(parent.isEmpty ? "/" : parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            if dfd >= 0 { fsync(dfd); close(dfd) }
        }
        return true
    }
}

public enum StateError: Error, CustomStringConvertible {
    case cannotWrite(String, String)
    case locked(String, Duration)
    /// herald.yaml could not be read or names no usable folder: why, and where.
    case unknownFolder(Located<String>)

    /// `open` with O_NOFOLLOW failed: errno says why; a link is named as such.
    static func openFailed(_ path: String) -> StateError {
        .cannotWrite(path, errno == ELOOP ? "it is a symbolic link" : String(cString: strerror(errno)))
    }

    public var description: String {
        switch self {
        case let .cannotWrite(path, reason): "cannot write state at \(path): \(reason)"
        case let .unknownFolder(why): "\(why.value) (\(why.location)), so the state folder is not known; fix herald.yaml first (nothing was published or recorded)"
        case let .locked(path, timeout): "another herald run holds \(path); waited \(timeout.components.seconds) s. Try again when it has finished."
        }
    }
}

/// Appends records to one shard; each append is written and fsynced before
/// it returns, so a record herald acted on survives a crash.
public final class StateWriter: @unchecked Sendable {
    private let fd: Int32
    private let path: String
    private let lock = NSLock()
    /// A write failed (a full disk, a file made read-only): what was to be
    /// recorded is not, and a person must look before the next run.
    public var hasFailed: Bool { lock.withLock { failed } }
    private var failed = false

    init(path: String, account: String, directory: String) throws {
        try StateStore.ensureDirectory(directory)
        self.path = path
        let existed = FileWalker.exists(path)
        // Not through a link, and only to a regular file: see StateStore.read(account:into:).
        fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw StateError.openFailed(path) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            close(fd)
            throw StateError.cannotWrite(path, "it is not a regular file")
        }
        let size = lseek(fd, 0, SEEK_END)
        if size > 0 {
            try cutTornTail(size: size, account: account)
        } else {
            try write(StateRecord.header(account: account) + "\n")
            if !existed { fsyncDirectory(directory) }
        }
    }

    deinit { close(fd) }

    public func append(_ record: StateRecord) throws {
        try lock.withLock { try write(record.line + "\n") }
    }

    /// Appends `text` whole, or not at all: a write that fails part way (a
    /// full disk) is cut off again, so no part of a record is left to read
    /// as one (`hash=4af83`, `id=1177`: a wrong record, and a person told to
    /// end the line would keep it).
    private func write(_ text: String) throws {
        var bytes = Array(text.utf8)
        var offset = 0
        let start = lseek(fd, 0, SEEK_END)
        func fail() -> StateError {
            let problem = String(cString: strerror(errno))
            failed = true
            if start >= 0, ftruncate(fd, start) == 0 { fsync(fd) }
            return StateError.cannotWrite(path, problem)
        }
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { Foundation.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                throw fail()
            }
            offset += n
        }
        if fsync(fd) != 0 { throw fail() }
    }

    /// A crash mid-write leaves a last line without its newline; drop it so
    /// the next record starts on a line of its own. A last line that reads
    /// as a record (of any length), or that no record starts with (a
    /// person's), is kept and given its newline: plan
    /// showed it as an error, and a person writing to the shard (`state
    /// resolve`) has seen it. So is a first line alone (a header saved by an
    /// editor with no final newline); a header cut short is written again.
    private func cutTornTail(size: off_t, account: String) throws {
        let chunk = 4096
        // Where the last line starts: after the last newline, looked for from the end.
        var lineStart: off_t = 0
        var end = size
        while end > 0 {
            let start = max(0, end - off_t(chunk))
            var buffer = [UInt8](repeating: 0, count: Int(end - start))
            guard pread(fd, &buffer, buffer.count, start) == buffer.count else { throw StateError.cannotWrite(path, "short read") }
            if end == size, buffer.last == UInt8(ascii: "\n") { return }
            if let newline = buffer.lastIndex(of: UInt8(ascii: "\n")) {
                lineStart = start + off_t(newline) + 1
                break
            }
            end = start
        }
        // The first line is only cut when it is the start of this shard's header: anything
        // else there is kept for a person (the reader already reports it). A record is far
        // shorter than a megabyte; a longer last line is no record.
        let header = Array(StateRecord.header(account: account).utf8)
        let longestLine: off_t = lineStart == 0 ? off_t(header.count) : 1 << 20
        guard size - lineStart < longestLine || lineStart > 0 else { return try write("\n") }
        if size - lineStart <= longestLine {
            var line = [UInt8](repeating: 0, count: Int(size - lineStart))
            guard pread(fd, &line, line.count, lineStart) == line.count else { throw StateError.cannotWrite(path, "short read") }
            let whole = lineStart == 0 ? !header.starts(with: line)
                : line.withUnsafeBufferPointer { StateRecord.parse($0) != nil || !StateRecord.mayBeCutShort($0) }
            if whole { return try write("\n") }
        }
        if ftruncate(fd, lineStart) != 0 { throw StateError.cannotWrite(path, String(cString: strerror(errno))) }
        fsync(fd)
        // Nothing was left of the header: the file starts again with one.
        if lineStart == 0 { try write(StateRecord.header(account: account) + "\n") }
    }

    private func fsyncDirectory(_ directory: String) {
        let dfd = open(directory, O_RDONLY)
        if dfd >= 0 { fsync(dfd); close(dfd) }
    }
}
