import Foundation

/// `.gitattributes` and the state: when two branches both add records to
/// one account's shard, git keeps the lines of both only if it merges
/// shards with `union`; otherwise it leaves conflict markers, and herald
/// publishes nothing to that account until a person removes them.
enum GitAttributes {
    /// A warning when the repository has a `.gitattributes` and none of its
    /// lines gives the state folder's shards `merge=union` (as after
    /// `state_dir` was changed). No file at all: said once the state
    /// folder holds records, since a CI job's clone has only the
    /// repository's attributes (not `.git/info/attributes`).
    /// A symbolic link is not followed, as git does not: its first line,
    /// shown under the warning, could be any file's of the CI machine.
    static func stateMergeProblem(root: String, stateDirectory: String) -> Diagnostic? {
        var folder = Substring(stateDirectory)
        while folder.hasPrefix("./") { folder = folder.dropFirst(2) }
        while folder.hasSuffix("/") { folder = folder.dropLast() }
        // The top's file, then one in each folder on the way to the state folder and in it: git
        // reads them all, a deeper one's lines after a shallower one's, each relative to its folder.
        let steps = folder.split(separator: "/").map(String.init)
        var files: [(path: String, relative: String)] = [(".gitattributes", String(folder))]
        for depth in steps.indices {
            let directory = steps[...depth].joined(separator: "/")
            files.append((directory + "/.gitattributes", steps[(depth + 1)...].joined(separator: "/")))
        }
        // As git reads them, the last line that sets `merge` for the shards decides.
        var union = false
        var overridden: SourceLocation?
        var first: String?
        for (file, relative) in files {
            let path = root + "/" + file
            guard !FileWalker.isSymbolicLink(path), case .bytes(let bytes) = BoundedFile.read(path, limit: 1 << 20) else { continue }
            first = first ?? file
            // A shard, as a path from the folder of this file: an account's id is any name.
            let shard = relative.isEmpty ? "account.state" : relative + "/account.state"
            for (index, line) in String(decoding: bytes, as: UTF8.self).split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
                guard let (pattern, attributes) = fields(of: line), !pattern.hasPrefix("#") else { continue }
                guard matches(pattern, shard) else { continue }
                for attribute in attributes {
                    if attribute == "merge=union" {
                        union = true
                        overridden = nil
                    } else if attribute == "-merge" || attribute == "!merge" || attribute == "merge" || attribute == "binary" || attribute.hasPrefix("merge=") {
                        if union { overridden = SourceLocation(path: file, line: index + 1, column: 1) }
                        union = false
                    }
                }
            }
        }
        guard let first else {
            // At a state file (an annotation needs a file), the first by name.
            let shards = (try? FileManager.default.contentsOfDirectory(atPath: root + "/" + folder)) ?? []
            guard let shard = shards.filter({ $0.hasSuffix(StateStore.fileExtension) }).min() else { return nil }
            return .warning("no .gitattributes: git merges the state files line by line",
                            at: SourceLocation(path: folder + "/" + shard, line: 1, column: 1),
                            hint: "add one holding '\(line(for: folder))' and commit it (a CI clone has no other); without it, "
                                + "two branches adding records to one state file leave conflict markers, which block its account")
        }
        guard !union else { return nil }
        if let overridden {
            return .warning("a later line of \(overridden.path) takes merge=union from the state files", at: overridden,
                            hint: "remove it, or put '\(line(for: folder))' after it: without union, two branches that both add records to one "
                                + "account's state file leave conflict markers in it, and herald publishes nothing to that account until they are removed")
        }
        return .warning("no line of .gitattributes merges the state files with union",
                        at: SourceLocation(path: first, line: 1, column: 1),
                        hint: "add '\(line(for: folder))': without it, two branches that both add records to one account's "
                            + "state file leave conflict markers in it, and herald publishes nothing to that account until they are removed")
    }

    /// Whether a `.gitattributes` pattern matches `path`, a file's path from
    /// that file's folder, as git matches one: a pattern with no slash
    /// matches a file's name in any folder (`*`, `*.state`); one with a
    /// slash, the path from the folder (a leading `/` only anchors it), where
    /// `*` stays within a folder and a `**` between slashes matches any
    /// number of folders (`state/**`, `**/*.state`).
    static func matches(_ pattern: String, _ path: String) -> Bool {
        guard pattern.contains("/") else {
            return fnmatch(pattern, String(path.split(separator: "/").last ?? ""), 0) == 0
        }
        let written = pattern.hasPrefix("/") ? pattern.dropFirst() : Substring(pattern)
        let segments = written.split(separator: "/", omittingEmptySubsequences: false)
        let names = path.split(separator: "/", omittingEmptySubsequences: false)
        // Whether the segments from i on match the names from j on, worked from the end: a
        // line of many '**' would take exponential time tried every way.
        var matched = Array(repeating: Array(repeating: false, count: names.count + 1), count: segments.count + 1)
        matched[segments.count][names.count] = true
        for i in segments.indices.reversed() {
            for j in (0...names.count).reversed() {
                if segments[i] == "**" {
                    // Any number of folders, none included; the last '**', everything inside.
                    matched[i][j] = i == segments.count - 1 ? j < names.count : matched[i + 1][j] || (j < names.count && matched[i][j + 1])
                } else {
                    matched[i][j] = j < names.count && matched[i + 1][j + 1] && fnmatch(String(segments[i]), String(names[j]), 0) == 0
                }
            }
        }
        return matched[0][0]
    }

    /// The line that merges the shards of `folder` with union (and keeps
    /// their line endings LF, so that a copy saved with CRLF is not merged
    /// in whole, every line new): the folder's own `[`, `*`, `?` and `\`
    /// escaped, as git would read them as a pattern; quoted, as git reads
    /// a pattern with a blank in it.
    static func line(for folder: Substring) -> String {
        var escaped = ""
        for character in folder {
            if "[]*?\\".contains(character) { escaped.append("\\") }
            escaped.append(character)
        }
        // A line starting with '#' is a comment, and one with '!' a pattern git refuses: escaped too.
        if escaped.hasPrefix("#") || escaped.hasPrefix("!") { escaped.insert("\\", at: escaped.startIndex) }
        let pattern = escaped + "/*.state"
        guard pattern.contains(where: { $0 == " " || $0 == "\t" || $0 == "\"" }) else { return pattern + " merge=union eol=lf" }
        return "\"" + pattern.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\" merge=union eol=lf"
    }

    /// A line's pattern and attributes; a pattern in double quotes (git's
    /// way to write one with a blank) unquoted. Nil for a blank line.
    static func fields(of line: Substring) -> (pattern: String, attributes: [Substring])? {
        let trimmed = line.drop { $0 == " " || $0 == "\t" }
        guard trimmed.first == "\"" else {
            let fields = trimmed.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
            return fields.first.map { (String($0), Array(fields.dropFirst())) }
        }
        var pattern = ""
        var index = trimmed.index(after: trimmed.startIndex)
        while index < trimmed.endIndex, trimmed[index] != "\"" {
            if trimmed[index] == "\\", trimmed.index(after: index) < trimmed.endIndex { index = trimmed.index(after: index) }
            pattern.append(trimmed[index])
            index = trimmed.index(after: index)
        }
        guard index < trimmed.endIndex else { return nil }
        let rest = trimmed[trimmed.index(after: index)...]
        return (pattern, rest.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }))
    }
}
