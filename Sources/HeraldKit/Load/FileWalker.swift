import Foundation

/// Lists repository files with POSIX calls: fast on trees of many thousand
/// files, no symlinked directories followed, hidden entries skipped.
enum FileWalker {
    /// Repository-relative paths of the YAML files under `directory`, sorted.
    static func yamlFiles(root: String, directory: String) -> [String] {
        var found: [String] = []
        walk(root: root, relative: directory, into: &found)
        return found.sorted()
    }

    private static func walk(root: String, relative: String, into found: inout [String]) {
        guard let dir = opendir(root + "/" + relative) else { return }
        defer { closedir(dir) }
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name.hasPrefix(".") { continue }
            // Built in one allocation: this runs for every file, before the parallel work starts.
            var path = ""
            path.reserveCapacity(relative.utf8.count + 1 + name.utf8.count)
            path += relative
            path += "/"
            path += name
            if isDirectory(entry.pointee.d_type, path: root + "/" + path) {
                walk(root: root, relative: path, into: &found)
            } else if name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
                // Whatever it is (a FIFO, a socket, a link to either): the
                // reader says why it is not a post, rather than it vanishing.
                found.append(path)
            }
        }
    }

    /// From the directory entry when the file system says; else from lstat
    /// (the path is only built then). A symbolic link is never followed
    /// into a directory.
    private static func isDirectory(_ type: UInt8, path: @autoclosure () -> String) -> Bool {
        guard Int32(type) == Int32(DT_UNKNOWN) else { return Int32(type) == Int32(DT_DIR) }
        var info = stat()
        return lstat(path(), &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
    }

    static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }
}

/// Runs `body` for every index on all cores and returns the results in order.
func parallelMap<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
    // Each result is moved into its place, written by exactly one iteration:
    // no optional wrapper to unwrap, and no copy of the results afterwards.
    [T](unsafeUninitializedCapacity: count) { buffer, initialized in
        nonisolated(unsafe) let base = buffer.baseAddress
        DispatchQueue.concurrentPerform(iterations: count) { i in
            Allocator.adviseThreadHeap()
            (base! + i).initialize(to: body(i))
        }
        initialized = count
    }
}
