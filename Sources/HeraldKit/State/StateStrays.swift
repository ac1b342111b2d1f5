#if canImport(Glibc)
import Glibc
#endif

extension StateStore {
    /// Files in the state folder that start as a shard does but that herald
    /// does not read, by their names (`acme.STATE`, `acme.state.orig` from a
    /// merge tool, `acme.state~` from an editor). One that holds records
    /// of an account whose shard holds none, or that has no shard, blocks
    /// that account: read as none, its posts would all look new (an account
    /// accounts.yaml does not define is only warned of, `diagnostics(defining:)`).
    /// One beside a shard with records is a copy, and said to be.
    func strays(_ names: [String], into snapshot: inout StateSnapshot) {
        for name in names {
            guard let (header, holdsRecords) = Self.headerLine(of: directory + "/" + name), holdsRecords else { continue }
            let shown = displayDirectory + "/" + name
            let location = SourceLocation(path: shown, line: 1, column: 1)
            let named = header.split(separator: " ").first { $0.hasPrefix("account=") }.map { String($0.dropFirst(8)) }
            if let named, !named.isEmpty, snapshot.shards[named]?.isEmpty ?? true {
                snapshot.strays[named] = shown
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

    /// The first line of a regular file that starts `herald-state `, and
    /// whether anything but blanks follows it (in its first 512 bytes);
    /// nil for anything else (a link, a FIFO, which opening would wait on,
    /// or another file).
    static func headerLine(of path: String) -> (String, Bool)? {
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
        let header = bytes.prefix { $0 != UInt8(ascii: "\n") && $0 != UInt8(ascii: "\r") }
        let rest = bytes.dropFirst(header.count)
        return (String(decoding: header, as: UTF8.self), rest.contains { $0 > 0x20 })
    }
}
