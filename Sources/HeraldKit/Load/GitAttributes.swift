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
    /// `accounts`: the ids accounts.yaml defines, whose files a line may
    /// name before they exist (`state/g1.state binary`).
    static func stateMergeProblem(root: String, stateDirectory: String, accounts: [String] = []) -> Diagnostic? {
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
        // The lines that match a shard, in the order git reads them. Macros (`[attr]name attr…`)
        // are git's only from the top's file, wherever in it they are defined, the last definition of a name winning.
        var macros = builtinMacros
        var parsed: [Line] = []
        // Lines git passes over for their length: one of them that would give union is what the warning names.
        var passedOver: [Line] = []
        var first: (path: String, relative: String)?
        for (depth, (file, relative)) in files.enumerated() {
            let path = root + "/" + file
            guard !FileWalker.isSymbolicLink(path), case .bytes(var bytes) = BoundedFile.read(path, limit: largestFile - 1) else { continue }
            first = first ?? (file, relative)
            // git skips a byte order mark at the file's start (Notepad writes one).
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
            let read = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
            // Where a line is, as editors and herald's excerpts count lines: a `\r` alone ends one too.
            var editorLine = 1
            for (index, var written) in read.enumerated() {
                // A line as git reads it: without a `\r` before its line feed, up to a zero byte,
                // and passed over from `longestLine` bytes on.
                if written.last == 0x0D, index < read.count - 1 { written.removeLast() }
                let place = patternPlace(written, path: file, line: editorLine)
                editorLine += 1 + written.count { $0 == 0x0D }
                if let zero = written.firstIndex(of: 0) { written = written[..<zero] }
                guard let (pattern, settings) = parse(Substring(decoding: written, as: UTF8.self)) else { continue }
                guard written.count < longestLine else {
                    if !pattern.hasPrefix(macroPrefix) { passedOver.append((place, relative, pattern, settings, parsed.count + passedOver.count)) }
                    continue
                }
                if pattern.hasPrefix(macroPrefix), pattern.count > macroPrefix.count {
                    let name = pattern.dropFirst(macroPrefix.count)
                    if depth == 0, validName(name) { macros[name] = settings }
                    continue
                }
                parsed.append((place, relative, pattern, settings, parsed.count + passedOver.count))
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
        // Any account's shard (its id is any name), then each shard there is or will be by its own name:
        // a later line may name one (`state/g1.state binary`), or a pattern only some match.
        let existing = ((try? FileManager.default.contentsOfDirectory(atPath: root + "/" + folder)) ?? [])
            .filter { $0.hasSuffix(StateStore.fileExtension) && !$0.hasPrefix(".") }
        let shards = Set(existing + accounts.map { $0 + StateStore.fileExtension }).sorted()
        for name in ["account" + StateStore.fileExtension] + shards {
            // The shard as a path from the folder of each file.
            let matching = { (line: Line) in matches(line.pattern, line.relative.isEmpty ? name : line.relative + "/" + name) }
            if let problem = unionProblem(parsed.filter(matching), macros: macros, first: first, passedOver: passedOver.filter(matching)) {
                return problem
            }
        }
        return nil
    }

    /// Whether the lines that match a shard, in the order git reads them,
    /// leave it without merge=union, and the warning that says where.
    /// `passedOver`: the lines git passed over for their length that match
    /// the shard, in the order git would have read them.
    private static func unionProblem(_ lines: [Line], macros: [Substring: [Setting]], first: (path: String, relative: String),
                                     passedOver: [Line]) -> Diagnostic? {
        // Only lines that set merge, or a macro that sets it, can change what the shards get.
        var usedBy: [Substring: [Substring]] = [:]
        for (macro, settings) in macros { for setting in settings { usedBy[setting.name, default: []].append(macro) } }
        var relevant: Set<Substring> = ["merge"]
        var found: [Substring] = ["merge"]
        while let name = found.popLast() {
            for macro in usedBy[name] ?? [] where relevant.insert(macro).inserted { found.append(macro) }
        }
        let touching = lines.filter { $0.settings.contains { relevant.contains($0.name) } }
        // As git reads them: from the last line back, until one sets merge.
        var known: [Substring: (value: Value, line: Int)] = [:]
        for index in touching.indices.reversed() where known["merge"] == nil {
            take(touching[index].settings, line: index, macros: macros, into: &known)
        }
        let union = Value.value("union")
        if known["merge"]?.value == union { return nil }
        // A line that would give union had git read it (and come after any that sets merge otherwise): its length is the problem.
        let setter = known["merge"].map { touching[$0.line] }
        if let long = passedOver.last(where: { line in
            var read: [Substring: (value: Value, line: Int)] = [:]
            take(line.settings, line: 0, macros: macros, into: &read)
            return read["merge"]?.value == union && setter.map { $0.order < line.order } ?? true
        }) {
            return .warning("git passes over this line, \(longestLine) bytes or longer: the state files get no merge=union from it", at: long.location,
                            hint: "shorten it, or put '\(line(for: Substring(long.relative)))' on a line of its own after it: without union, \(withoutUnion)")
        }
        // The last line that gives union read alone, and what takes it away: the line after it that merge was
        // taken from, else the last that sets a name its union comes through (`-records`), which git reads before it.
        var alone: [Substring: (value: Value, line: Int)] = [:]
        if let giver = touching.indices.last(where: { index in
            alone = [:]
            take(touching[index].settings, line: index, macros: macros, into: &alone)
            return alone["merge"]?.value == union
        }), let taker = known["merge"].map(\.line).flatMap({ $0 > giver ? $0 : nil })
            ?? alone.keys.filter(relevant.contains).compactMap({ known[$0]?.line }).filter({ $0 > giver }).max() {
            let overridden = touching[taker]
            return .warning("a later line of \(overridden.location.path) takes merge=union from the state files", at: overridden.location,
                            hint: "remove it, or put '\(line(for: Substring(overridden.relative)))' after it: without union, \(withoutUnion)")
        }
        // A line that sets merge otherwise (`-merge`, `binary`) wins over one added above it: the line goes after it.
        if let setter {
            return .warning("no line of .gitattributes merges the state files with union", at: setter.location,
                            hint: "put '\(line(for: Substring(setter.relative)))' after this line, which sets merge for them otherwise: without it, \(withoutUnion)")
        }
        return .warning("no line of .gitattributes merges the state files with union",
                        at: SourceLocation(path: first.path, line: 1, column: 1),
                        hint: "add '\(line(for: Substring(first.relative)))': without it, \(withoutUnion)")
    }

    /// How a line sets an attribute: `name` set, `-name` unset, `!name`
    /// unspecified, `name=value`.
    enum Value: Equatable {
        case set, unset, unspecified
        case value(Substring)
    }

    typealias Setting = (name: Substring, value: Value)

    /// A line that sets attributes: where its pattern starts, the folder it
    /// is read from (as a path from its file's), its pattern and settings,
    /// and its place in the order git reads the files' lines.
    typealias Line = (location: SourceLocation, relative: String, pattern: String, settings: [Setting], order: Int)

    /// Where a line's pattern starts, as editors count: after the blanks git
    /// skips, where a `\r` ends a line (an old Mac editor's) as it does for them.
    static func patternPlace(_ written: ArraySlice<UInt8>, path: String, line: Int) -> SourceLocation {
        let blanks = written.prefix { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
        let lastReturn = blanks.lastIndex(of: 0x0D)
        return SourceLocation(path: path, line: line + blanks.count { $0 == 0x0D },
                              column: 1 + (lastReturn.map { blanks.endIndex - $0 - 1 } ?? blanks.count))
    }

    static let macroPrefix = "[attr]"

    /// What becomes of the state files without union, said by each warning about a line.
    static let withoutUnion = "two branches that both add records to one account's state file leave conflict markers in it, "
        + "and herald publishes nothing to that account until they are removed"

    /// git's `ATTR_MAX_LINE_LENGTH`: it passes over a longer line, with a warning.
    static let longestLine = 2048

    /// git's `ATTR_MAX_FILE_SIZE`: it passes over a file of this size or larger, with a warning.
    static let largestFile = 100 << 20

    /// git's own macro, which a `binary` on a line stands for (and which the
    /// top's file may define again).
    static let builtinMacros: [Substring: [Setting]] = ["binary": [("diff", .unset), ("merge", .unset), ("text", .unset)]]

    /// Sets, as git does reading one line's `settings` from its last word
    /// back, each attribute not in `known` yet, with `line`, where it was
    /// set; a macro set there (`[attr]records merge=union`, then `records`)
    /// sets those of its attributes that are not known yet, at once. From a
    /// file's last line back, each attribute is so taken from the last line
    /// (and word) that sets it, and `-records` on a later line keeps
    /// `records` from giving union.
    static func take(_ settings: [Setting], line: Int, macros: [Substring: [Setting]],
                     into known: inout [Substring: (value: Value, line: Int)]) {
        // The words still to read, a macro's before the rest of the line's: a stack, since macros may nest thousands deep.
        var pending = [settings[...]]
        while var words = pending.popLast() {
            guard let setting = words.popLast() else { continue }
            pending.append(words)
            guard known[setting.name] == nil else { continue }
            known[setting.name] = (setting.value, line)
            if setting.value == .set, let macro = macros[setting.name] { pending.append(macro[...]) }
        }
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
    /// a pattern with a blank in it. `folder` is the state folder as a path
    /// from the folder of the `.gitattributes` the line is for, which git
    /// reads its patterns from: empty for one in the state folder itself.
    static func line(for folder: Substring) -> String {
        guard !folder.isEmpty else { return "*.state merge=union eol=lf" }
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

    /// A line's pattern and what it sets, read as git reads them: a pattern
    /// in double quotes (git's way to write one with a blank) unquoted; nil
    /// for a blank line or a comment, and for a line git passes over, one
    /// with an attribute whose name is not letters, digits, `-`, `.` and `_`.
    static func parse(_ line: Substring) -> (pattern: String, settings: [Setting])? {
        let trimmed = line.drop { $0 == " " || $0 == "\t" || $0 == "\r" }
        guard let start = trimmed.first, start != "#" else { return nil }
        var pattern = ""
        var rest: Substring
        if start == "\"" {
            var index = trimmed.index(after: trimmed.startIndex)
            while index < trimmed.endIndex, trimmed[index] != "\"" {
                if trimmed[index] == "\\", trimmed.index(after: index) < trimmed.endIndex { index = trimmed.index(after: index) }
                pattern.append(trimmed[index])
                index = trimmed.index(after: index)
            }
            guard index < trimmed.endIndex else { return nil }
            rest = trimmed[trimmed.index(after: index)...]
        } else {
            let end = trimmed.firstIndex { $0 == " " || $0 == "\t" || $0 == "\r" } ?? trimmed.endIndex
            pattern = String(trimmed[..<end])
            rest = trimmed[end...]
        }
        var settings: [Setting] = []
        for word in rest.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }) {
            // `-name` and `!name` take no value: git reads `-merge=union` as `-merge`.
            let sign = word.first == "-" || word.first == "!" ? word.first : nil
            let written = sign == nil ? word : word.dropFirst()
            let name = written.prefix { $0 != "=" }
            guard validName(name) else { return nil }
            let value: Value = sign == "-" ? .unset : sign == "!" ? .unspecified
                : name.endIndex < written.endIndex ? .value(written[written.index(after: name.endIndex)...]) : .set
            settings.append((name, value))
        }
        return (pattern, settings)
    }

    /// An attribute's name as git allows it: letters, digits, `-`, `.` and
    /// `_`, not starting with `-`.
    static func validName(_ name: Substring) -> Bool {
        guard let first = name.first, first != "-" else { return false }
        return name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-._".contains($0)) }
    }
}
