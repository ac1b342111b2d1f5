import Foundation

/// `.gitattributes` and the state: when two branches both add records to
/// one account's shard, git keeps the lines of both only if it merges
/// shards with `union`; otherwise it leaves conflict markers, and herald
/// publishes nothing to that account until a person removes them.
enum GitAttributes {
    /// A warning when the repository has a `.gitattributes` and none of its
    /// lines gives the state folder's shards `merge=union` (as after
    /// `state_dir` was changed). No file: nothing is said, since a
    /// repository may keep its attributes elsewhere (`.git/info/attributes`).
    /// A symbolic link is not followed, as git does not: its first line,
    /// shown under the warning, could be any file's of the CI machine.
    static func stateMergeProblem(root: String, stateDirectory: String) -> Diagnostic? {
        let path = root + "/.gitattributes"
        guard !FileWalker.isSymbolicLink(path), case .bytes(let bytes) = BoundedFile.read(path, limit: 1 << 20) else { return nil }
        var folder = Substring(stateDirectory)
        while folder.hasPrefix("./") { folder = folder.dropFirst(2) }
        while folder.hasSuffix("/") { folder = folder.dropLast() }
        // As git reads them, the last line that sets `merge` for the shards decides.
        var union = false
        var overridden: Int?
        for (index, line) in String(decoding: bytes, as: UTF8.self).split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
            guard let pattern = fields.first, !pattern.hasPrefix("#") else { continue }
            let path = pattern.hasPrefix("/") ? pattern.dropFirst() : pattern
            guard ["\(folder)/*.state", "\(folder)/*", "\(folder)/**", "*.state", "**/*.state"].contains(String(path)) else { continue }
            for attribute in fields.dropFirst() {
                if attribute == "merge=union" {
                    union = true
                    overridden = nil
                } else if attribute == "-merge" || attribute == "!merge" || attribute == "merge" || attribute == "binary" || attribute.hasPrefix("merge=") {
                    if union { overridden = index + 1 }
                    union = false
                }
            }
        }
        if union { return nil }
        if let overridden {
            return .warning("a later line of .gitattributes takes merge=union from the state files", at: SourceLocation(path: ".gitattributes", line: overridden, column: 1),
                            hint: "remove it, or put '\(folder)/*.state merge=union' after it: without union, two branches that both add records to one "
                                + "account's state file leave conflict markers in it, and herald publishes nothing to that account until they are removed")
        }
        return .warning("no line of .gitattributes merges the state files with union",
                        at: SourceLocation(path: ".gitattributes", line: 1, column: 1),
                        hint: "add '\(folder)/*.state merge=union': without it, two branches that both add records to one account's "
                            + "state file leave conflict markers in it, and herald publishes nothing to that account until they are removed")
    }
}
