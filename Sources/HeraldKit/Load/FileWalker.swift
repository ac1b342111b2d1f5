import Foundation

/// Lists repository files with POSIX calls: fast on trees of many thousand
/// files, no symlinked directories followed, hidden entries skipped.
enum FileWalker {
    /// Repository-relative paths of YAML files, sorted; `links` holds those
    /// that are symbolic links (known from the directory entry, so a tree
    /// of regular files costs no extra call).
    struct Listing {
        var paths: [String] = []
        var links: Set<String> = []
        /// Files named like YAML in another case (`launch.YAML`), which are
        /// not read: said, rather than left out without a word.
        var otherCase: [String] = []
        /// Files whose name looks like a YAML file's mistyped (`launch.ymal`,
        /// `launch.yaml.txt`, `launch` with no extension), with the name
        /// meant: not read, and said.
        var misnamed: [(path: String, meant: String)] = []
        /// Symbolic links to folders inside the tree, which are not followed:
        /// said, like `otherCase`.
        var linkedFolders: [String] = []
        /// Entries that cannot be listed, with why: a name that is not UTF-8
        /// (a post's id is its path, kept as text), a folder that cannot be
        /// opened. Everything under them would otherwise vanish unsaid.
        var unreadable: [(path: String, reason: String, hint: String?)] = []
        /// Why nothing under `directory` is listed although it exists: a
        /// link leading outside the repository or nowhere, not a folder,
        /// not readable.
        var problem: String?
    }

    /// The YAML files under `directory`. The directory itself may be a link
    /// to a folder inside the repository (`posts` → `content/posts`).
    static func yamlFiles(root: String, directory: String) -> Listing {
        var listing = Listing()
        let path = root + "/" + directory
        var info = stat()
        guard lstat(path, &info) == 0 else { return listing }
        if info.st_mode & S_IFMT == S_IFLNK {
            if let outside = RepositoryPath.resolvedOutside(root: root, path: directory) {
                listing.problem = "\(directory)/ is a symbolic link that leads outside the repository (to \(outside)); herald reads only files inside it"
                return listing
            }
            guard stat(path, &info) == 0 else {
                listing.problem = "\(directory)/ is a symbolic link that leads nowhere: \(String(cString: strerror(errno)))"
                return listing
            }
            var rootInfo = stat()
            if stat(root, &rootInfo) == 0, rootInfo.st_dev == info.st_dev, rootInfo.st_ino == info.st_ino {
                listing.problem = "\(directory)/ is a symbolic link to the repository itself; herald reads the files of a folder inside it"
                return listing
            }
        }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            listing.problem = "\(directory) is not a folder; herald reads the files in a folder of that name"
            return listing
        }
        guard walk(root: root, relative: directory, into: &listing) else {
            listing.problem = "cannot read \(directory)/: \(String(cString: strerror(errno)))"
            return listing
        }
        listing.paths.sort()
        listing.otherCase.sort()
        listing.misnamed.sort { $0.path < $1.path }
        listing.linkedFolders.sort()
        listing.unreadable.sort { $0.path < $1.path }
        return listing
    }

    /// False when the folder cannot be opened (errno says why).
    @discardableResult
    private static func walk(root: String, relative: String, into listing: inout Listing) -> Bool {
        guard let dir = opendir(root + "/" + relative) else { return false }
        defer { closedir(dir) }
        while let entry = readdir(dir) {
            // A name that is not UTF-8 is shown with its stray bytes as \xFF.
            var validName = true
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                let bytes = raw.prefix(while: { $0 != 0 })
                // Checked here: String(validating:as:) looked up generic type
                // information at run time, under a lock, for every name.
                let name = UnsafeRawBufferPointer(rebasing: bytes).assumingMemoryBound(to: UInt8.self)
                if SourceText.firstInvalidUTF8(name) == nil { return String(decoding: name, as: UTF8.self) }
                validName = false
                return escaped(bytes)
            }
            if name.hasPrefix(".") { continue }
            // Built in one allocation: this runs for every file, before the parallel work starts.
            var path = ""
            path.reserveCapacity(relative.utf8.count + 1 + name.utf8.count)
            path += relative
            path += "/"
            path += name
            let type = validName ? fileType(entry.pointee.d_type, path: root + "/" + path) : rawFileType(dir, entry)
            if !validName {
                if type == S_IFDIR || name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
                    let what = type == S_IFDIR ? "not read, nor anything in it" : "not read"
                    listing.unreadable.append((path, "\(what): its name is not UTF-8 text, and herald names a post by its path", "rename it in UTF-8"))
                }
            } else if type == S_IFDIR {
                if !walk(root: root, relative: path, into: &listing) {
                    listing.unreadable.append((path, "cannot read the folder: \(String(cString: strerror(errno)))", nil))
                }
            } else if name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
                // Whatever it is (a FIFO, a socket, a link to either): the
                // reader says why it is not a post, rather than it vanishing.
                listing.paths.append(path)
                if type == S_IFLNK { listing.links.insert(path) }
            } else if let dot = name.utf8.lastIndex(of: UInt8(ascii: ".")),
                      ["yaml", "yml"].contains(String(name[name.index(after: dot)...]).lowercased().trimmingCharacters(in: .whitespaces)) {
                listing.otherCase.append(path)
            } else if type == S_IFLNK, isDirectory(root + "/" + path) {
                listing.linkedFolders.append(path)
            } else if let meant = meantYAMLName(name),
                      name.contains(".") || (type == S_IFLNK ? isRegularFile(root + "/" + path) : readsLikeHeraldYAML(root + "/" + path)) {
                listing.misnamed.append((path, String(path.dropLast(name.count)) + meant))
            }
        }
        return true
    }

    /// The name a file was meant to have when it looks like a YAML file's
    /// mistyped: an extension of the letters of `yaml` starting with `y`
    /// (`.ymal`, `.yam`), `.yaml.txt` (as a text editor saves it), or none.
    static func meantYAMLName(_ name: String) -> String? {
        let lower = name.lowercased()
        for saved in [".yaml.txt", ".yml.txt"] where lower.hasSuffix(saved) { return String(name.dropLast(4)) }
        guard let dot = name.lastIndex(of: ".") else { return name + ".yaml" }
        let ext = name[name.index(after: dot)...].lowercased()
        guard ext.first == "y", (3...5).contains(ext.count), ext.allSatisfy({ "yaml".contains($0) }), ext != "yaml", ext != "yml" else { return nil }
        return name[..<dot] + ".yaml"
    }

    /// Whether a file with no extension reads like one of herald's: a line
    /// of its first 4 KiB starts with a post's or a campaign's key and a
    /// colon (`publish_at:`, `text:`). A `README`, a `LICENSE` or a
    /// `CODEOWNERS` beside the posts does not, nor does an empty file; one
    /// that cannot be opened or read might, and is said. Not a FIFO's.
    static func readsLikeHeraldYAML(_ path: String) -> Bool {
        let file = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard file >= 0 else { return true }
        defer { close(file) }
        var info = stat()
        guard fstat(file, &info) == 0 else { return true }
        guard info.st_mode & S_IFMT == S_IFREG else { return false }
        var bytes = [UInt8](repeating: 0, count: 4096)
        let count = bytes.withUnsafeMutableBytes { read(file, $0.baseAddress, $0.count) }
        guard count >= 0 else { return true }
        let keys = (PostDecoder.keys + CampaignDecoder.keys).map { Array($0.utf8) }
        return bytes[..<count].split(separator: UInt8(ascii: "\n")).contains { line in
            keys.contains { key in
                line.starts(with: key) && line.dropFirst(key.count).drop { $0 == UInt8(ascii: " ") }.first == UInt8(ascii: ":")
            }
        }
    }

    /// `S_IFDIR`, `S_IFLNK`, or `S_IFREG` for anything else (the reader says
    /// what a FIFO or a socket is): from the directory entry when the file
    /// system says; else from lstat (the path is only built then). A
    /// symbolic link is never followed into a directory.
    private static func fileType(_ type: UInt8, path: @autoclosure () -> String) -> mode_t {
        switch Int32(type) {
        case Int32(DT_DIR): return S_IFDIR
        case Int32(DT_LNK): return S_IFLNK
        case Int32(DT_UNKNOWN):
            var info = stat()
            guard lstat(path(), &info) == 0 else { return S_IFREG }
            let type = info.st_mode & S_IFMT
            return type == S_IFDIR || type == S_IFLNK ? type : S_IFREG
        default: return S_IFREG
        }
    }

    /// The type of an entry whose name is not UTF-8 (so cannot be put into
    /// a path string): from the directory entry, else by its bytes relative
    /// to the open folder.
    private static func rawFileType(_ dir: OpaquePointer, _ entry: UnsafeMutablePointer<dirent>) -> mode_t {
        if Int32(entry.pointee.d_type) != Int32(DT_UNKNOWN) { return fileType(entry.pointee.d_type, path: "") }
        var info = stat()
        let found = withUnsafeBytes(of: entry.pointee.d_name) { raw in
            fstatat(dirfd(dir), raw.baseAddress!.assumingMemoryBound(to: CChar.self), &info, AT_SYMLINK_NOFOLLOW) == 0
        }
        return found ? info.st_mode & S_IFMT : S_IFREG
    }

    /// `bad\xFF.yaml`: the name's UTF-8 as text, each byte that is not part
    /// of it as `\x` and two hex digits.
    static func escaped(_ bytes: some Collection<UInt8>) -> String {
        var text = ""
        var iterator = bytes.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        var rest = bytes[...]
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                text.unicodeScalars.append(Unicode.UTF8.decode(encoded))
                rest = rest.dropFirst(encoded.count)
            case .error(let length):
                for byte in rest.prefix(length) { text += (byte < 0x10 ? "\\x0" : "\\x") + String(byte, radix: 16, uppercase: true) }
                rest = rest.dropFirst(length)
            case .emptyInput:
                return text
            }
        }
    }

    /// Whether anything is at `path`: a symbolic link to nothing is there.
    static func isPresent(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    static func isSymbolicLink(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFLNK
    }

    /// Whether `path` is a folder, through symbolic links.
    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
    }

    /// Whether `path` is a regular file, through symbolic links.
    static func isRegularFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFREG
    }

    static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }
}

/// Runs `body` for every index on all cores and returns the results in
/// order, in the chunks `parallelMap(_:local:_:)` makes.
func parallelMap<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
    parallelMap(count, local: {}) { _, i in body(i) }
}

/// `parallelMap` for work whose every item reads the same objects (the
/// accounts and campaigns every post is checked against). Each of a few
/// chunks of the indices first makes its own copy of them with `local`,
/// and its items read that copy. Reading an object counts a reference to
/// it, in the object's memory: when both cores count references to the
/// same objects at once, that memory passes from one core to the other on
/// every count, and the plan of 10,000 posts spent more CPU time on two
/// cores than on one.
func parallelMap<Local, T: Sendable>(_ count: Int, local: @Sendable () -> Local, _ body: @Sendable (Local, Int) -> T) -> [T] {
    // Enough chunks to keep every core busy to the end, few enough that
    // copying is nothing next to the work.
    let chunks = min(count, 8 * ProcessInfo.processInfo.activeProcessorCount)
    // Each result is moved into its place, written by exactly one iteration:
    // no optional wrapper to unwrap, and no copy of the results afterwards.
    return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
        nonisolated(unsafe) let base = buffer.baseAddress
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            Allocator.adviseThreadHeap()
            let copy = local()
            for i in count * chunk / chunks..<count * (chunk + 1) / chunks {
                (base! + i).initialize(to: body(copy, i))
            }
        }
        initialized = count
    }
}
