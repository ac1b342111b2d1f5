#if canImport(Glibc)
import Glibc
#endif

extension StateStore {
    /// Files in the state folder that start as a shard does but that herald
    /// does not read, by their names (`acme.STATE`, `acme.state.orig` from a
    /// merge tool, `acme.state~` from an editor). One that holds the records
    /// of an account with no shard blocks that account: read as none, its
    /// posts would all look new. One beside the account's shard is a copy,
    /// and said to be.
    func strays(_ names: [String], into snapshot: inout StateSnapshot) {
        for name in names {
            guard let header = Self.headerLine(of: directory + "/" + name) else { continue }
            let shown = displayDirectory + "/" + name
            let location = SourceLocation(path: shown, line: 1, column: 1)
            let named = header.split(separator: " ").first { $0.hasPrefix("account=") }.map { String($0.dropFirst(8)) }
            if let named, !named.isEmpty, !snapshot.accounts.contains(named) {
                let command = inRepository("mv \(Planner.shellWord(shown)) \(Planner.shellWord(displayPath(account: named)))")
                snapshot.damage(named, "has its records in \(shown), a file herald does not read; rename it first",
                                .error("\(shown) holds the records of '\(named)', but herald reads only a file named \(named)\(Self.fileExtension)", at: location,
                                       hint: "rename it (\(command)); herald will not publish to '\(named)' until then"))
            } else {
                let shard = named.map(displayPath(account:)) ?? "the account's \(Self.fileExtension) file"
                snapshot.diagnostics.append(.warning("\(shown) starts as a state file, but herald reads only files named ACCOUNT\(Self.fileExtension)", at: location,
                                                     hint: "a copy (a merge tool's backup, an editor's)? add to \(shard) any record it lacks, then delete it"))
            }
        }
    }

    /// The first line of a regular file that starts `herald-state `; nil
    /// for anything else (a link, a FIFO, which opening would wait on, or
    /// another file).
    private static func headerLine(of path: String) -> String? {
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: 512)
        let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, 512) }
        guard count > 0 else { return nil }
        let bytes = buffer[..<count]
        guard bytes.starts(with: "herald-state ".utf8) else { return nil }
        return String(decoding: bytes.prefix { $0 != UInt8(ascii: "\n") && $0 != UInt8(ascii: "\r") }, as: UTF8.self)
    }
}
