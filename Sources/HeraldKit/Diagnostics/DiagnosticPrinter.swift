import Foundation

public enum DiagnosticFormat: String, Sendable, CaseIterable {
    case text, json, github
}

/// Prints diagnostics as a terminal, a JSON consumer or GitHub Actions
/// expects them.
public struct DiagnosticPrinter {
    public var format: DiagnosticFormat
    public var color: Bool
    /// Where repository-relative paths are read from, to show the line.
    public var root: String?
    /// Secrets replaced in what is printed: in each diagnostic's words before
    /// a format escapes them (GitHub's writes `%` as `%25`), and in the output.
    public var redactor: Redactor
    /// Put before each path in GitHub annotations: the repository's folder
    /// in the job's workspace (`site/` for `-C site`), where GitHub looks
    /// for the file an annotation names. Empty at the workspace's root.
    public var annotationPrefix = ""

    public init(format: DiagnosticFormat, color: Bool, root: String?, redactor: Redactor = Redactor(secrets: [])) {
        self.format = format
        self.color = color
        self.root = root
        self.redactor = redactor
    }

    public func render(_ diagnostics: [Diagnostic], filesRead: Int? = nil) -> String {
        if redactor.isEmpty { return formatted(diagnostics, filesRead: filesRead) }
        return redactor(formatted(diagnostics.map { $0.redacted(by: redactor) }, filesRead: filesRead))
    }

    private func formatted(_ diagnostics: [Diagnostic], filesRead: Int?) -> String {
        switch format {
        case .text: text(diagnostics, filesRead: filesRead)
        case .json: json(diagnostics)
        case .github: github(diagnostics)
        }
    }

    func text(_ diagnostics: [Diagnostic], filesRead: Int?) -> String {
        var out = ""
        var sources = SourceCache(root: root)
        let concealed = Concealed(diagnostics)
        for d in diagnostics {
            let label = d.severity == .error ? paint("error:", "1;31") : paint("warning:", "1;33")
            let prefix = d.location.map { paint(TerminalText.visible("\($0):"), "1") + " " } ?? ""
            out += "\(prefix)\(label) \(TerminalText.visible(d.shortFullMessage))\n"
            if let location = d.location, !concealed.files.contains(location.path), let (read, secretFrom) = sources.line(location),
               // A long line is cut below, which could leave a known secret's first letters: one holding one is not shown.
               redactor.isEmpty || read.unicodeScalars.count <= Self.widest || redactor(read) == read {
                var line = read
                var column = location.column
                // A secret on the line is cut off where it starts; a caret past it stays at the cut. As well as what
                // the diagnostics conceal, the value of any key on it that may name a secret (one written twice, which
                // YAML left out, or in a value of the wrong type): the line is cut whichever problem it is shown for.
                // Columns count Unicode scalars, as libyaml does: 👨‍👩‍👧 is five of them.
                let concealedFrom = concealed.lines[Concealed.Line(path: location.path, line: location.line)]
                if let from = [concealedFrom, secretFrom].compactMap({ $0 }).min() {
                    line = Self.scalars(line, before: from) + Redactor.mark
                    column = min(column, from)
                }
                (line, column) = Self.window(line, column: column)
                out += "  \(TerminalText.visible(line, keepingTabs: true))\n"
                out += "  " + caretPadding(line, column: column) + paint("^", "1;32") + "\n"
            }
        }
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.count - errors
        var summary = "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
        if let filesRead {
            // "in 3 of 7 files" when only some files have a problem: "in 7 files"
            // alone would read as if every file read had one.
            let withProblems = Set(diagnostics.compactMap { $0.location?.path }).count
            let some = withProblems > 0 && withProblems < filesRead ? "\(withProblems) of " : ""
            summary += " in \(some)\(filesRead) file\(filesRead == 1 ? "" : "s")"
        }
        out += summary + "\n"
        return out
    }

    func json(_ diagnostics: [Diagnostic]) -> String {
        struct Entry: Encodable {
            var severity: String, file: String?, line: Int?, column: Int?, message: String, hint: String?
        }
        struct Document: Encodable {
            var schema = "herald.validate/v1"
            var errors: Int, warnings: Int, diagnostics: [Entry]
        }
        let errors = diagnostics.filter { $0.severity == .error }.count
        let document = Document(errors: errors, warnings: diagnostics.count - errors, diagnostics: diagnostics.map {
            Entry(severity: $0.severity.rawValue, file: $0.location?.path, line: $0.location?.line,
                  column: $0.location?.column, message: $0.message, hint: $0.hint)
        })
        return JSONOutput.encode(document)
    }

    func github(_ diagnostics: [Diagnostic]) -> String {
        // A control character (an ESC in a file's name) would reach the CI log
        // as it is, where a terminal or log viewer acts on it: shown escaped,
        // as the text format does; a line break is GitHub's to show (%0A).
        func escapeData(_ s: String, inert: Bool = true) -> String {
            TerminalText.visible(s, keepingLineBreaks: true, inert: inert).replacingOccurrences(of: "%", with: "%25")
                .replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(of: "\n", with: "%0A")
        }
        // No `::` nor line start is left in a property: a marker broken there would name another file.
        func escapeProperty(_ s: String) -> String {
            escapeData(s, inert: false).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
        }
        return diagnostics.map { d in
            var properties: [String] = []
            var position = ""
            if let l = d.location {
                let file = annotationPrefix + l.path
                // A name with a control character in it (an ESC, a tab) cannot be carried as it is, and
                // escaped it names no file: the annotation goes unattached, the position in its message.
                if TerminalText.visible(file, keepingLineBreaks: true, inert: false) == file {
                    properties = ["file=\(escapeProperty(file))", "line=\(l.line)", "col=\(l.column)"]
                } else {
                    position = "\(TerminalText.visible(file, inert: false)):\(l.line):\(l.column): "
                }
            }
            let command = d.severity == .error ? "error" : "warning"
            let props = properties.isEmpty ? "" : " " + properties.joined(separator: ",")
            return "::\(command)\(props)::\(escapeData(position + d.shortFullMessage))\n"
        }.joined()
    }

    private func paint(_ text: String, _ code: String) -> String {
        color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    /// Spaces up to the column, keeping tabs, so the caret lines up under
    /// the line as a terminal shows it: a control character before it shows
    /// as an escape, a wide character (日, 🎉) takes two cells.
    private func caretPadding(_ line: String, column: Int) -> String {
        var padding = ""
        for character in TerminalText.visible(Self.scalars(line, before: column), keepingTabs: true) {
            // By its first byte: a tab is a character of its own, and comparing a character of
            // thousands of marks with "\t" normalizes it, in time in its square.
            padding += character.utf8.first == 0x09 ? "\t" : String(repeating: " ", count: TerminalText.width(character))
        }
        return padding
    }

    /// How much of a line is shown under its diagnostic, in Unicode scalars.
    static let widest = 160

    /// A line longer than `widest` as the part of it around `column` (60
    /// scalars before it, where there are), cut with '…', and the column
    /// within that part: a one-line text over a platform's limit, or a
    /// state record with its URL, is shown where the caret points.
    static func window(_ line: String, column: Int) -> (line: String, column: Int) {
        let scalars = line.unicodeScalars
        guard !scalars.dropFirst(widest).isEmpty else { return (line, column) }
        let start = max(0, min(column - 61, scalars.count - widest))
        let from = scalars.index(scalars.startIndex, offsetBy: start)
        let to = scalars.index(from, offsetBy: widest, limitedBy: scalars.endIndex) ?? scalars.endIndex
        let head = start > 0 ? "…" : ""
        return (head + String(scalars[from..<to]) + (to < scalars.endIndex ? "…" : ""), column - start + (start > 0 ? 1 : 0))
    }

    /// The start of `line` before a 1-based column, in Unicode scalars.
    private static func scalars(_ line: String, before column: Int) -> String {
        String(Substring(line.unicodeScalars.prefix(max(0, column - 1))))
    }
}

/// The source text that diagnostics about secrets ask not to be shown, for
/// every diagnostic printed with them: another problem on the same line
/// must not show the secret either.
private struct Concealed {
    struct Line: Hashable {
        var path: String
        var line: Int
    }

    var files: Set<String> = []
    /// The column each line is cut at (1: the whole line).
    var lines: [Line: Int] = [:]

    init(_ diagnostics: [Diagnostic]) {
        for d in diagnostics {
            guard let concealment = d.conceals, let location = d.location else { continue }
            switch concealment {
            case .file: files.insert(location.path)
            case .value(let lastLine): conceal(location.path, from: location.line, column: location.column, to: lastLine)
            case .valueAt(let line, let column, let lastLine): conceal(location.path, from: line, column: column, to: lastLine)
            }
        }
    }

    /// A value's first line from its column, every further line whole.
    private mutating func conceal(_ path: String, from first: Int, column: Int, to last: Int) {
        for line in first...max(first, last) {
            let key = Line(path: path, line: line)
            lines[key] = min(lines[key] ?? .max, line == first ? column : 1)
        }
    }
}

/// Reads source lines for diagnostics, each file once, counting lines as
/// the YAML loader does (CR, CRLF, LF, NEL, LS, PS), so the line shown is the
/// one the position names.
struct SourceCache {
    var root: String?
    private var files: [String: SourceLines] = [:]
    /// The line asked for last, and what was shown of it: diagnostics come
    /// sorted, so a line with many problems (a list of a hundred thousand
    /// unknown accounts) is asked for many times in a row, and reading and
    /// checking it each time would take time in its length for each.
    private var last: (path: String, line: Int, shown: (String, Int?)?)?

    init(root: String?) { self.root = root }

    /// The longest line shown in part (`DiagnosticPrinter.window`), in Unicode scalars.
    static let longest = 10_000

    /// The line, with the column from which it holds a value that may be
    /// a secret (`SecretScanner.secretValueColumn`).
    mutating func line(_ location: SourceLocation) -> (String, Int?)? {
        if let last, last.line == location.line, last.path == location.path { return last.shown }
        let shown = read(location).map { line in
            // A secret's value may start on the line after its key.
            (line, SecretScanner.secretValueColumn(in: line) ?? continued(in: location.path, at: location.line))
        }
        last = (location.path, location.line, shown)
        return shown
    }

    /// Each file's lines that carry on a secret's value, worked out once, as far as asked.
    private var continuedSecrets: [String: SecretScanner.ContinuedSecrets] = [:]

    private mutating func continued(in path: String, at number: Int) -> Int? {
        guard let lines = files[path] else { return nil }
        var continued = continuedSecrets[path] ?? SecretScanner.ContinuedSecrets()
        let column = continued.column(at: number) { lines.line($0) }
        continuedSecrets[path] = continued
        return column
    }

    private mutating func read(_ location: SourceLocation) -> String? {
        guard let root else { return nil }
        if files[location.path] == nil {
            let relative = !location.path.hasPrefix("/")
            // Lines are quoted from the repository only: a repository path
            // that leads outside through a link (to a credentials file, say)
            // is not the repository's to show. BoundedFile reads regular
            // files only, so a FIFO or device cannot block or never end.
            guard !relative || RepositoryPath.resolvedOutside(root: root, path: location.path) == nil,
                  case .bytes(let bytes) = BoundedFile.read(relative ? root + "/" + location.path : location.path, limit: 4_000_000)
            else { return nil }
            files[location.path] = SourceLines(bytes)
        }
        guard let line = files[location.path]?.line(location.line) else { return nil }
        // A zero byte: a UTF-16 file, or not text at all; its line would show as noise.
        // A line of thousands of scalars (a list of a hundred thousand names) is not shown: the part of it
        // around each of its problems would be found again for each.
        return !line.unicodeScalars.dropFirst(Self.longest).isEmpty || line.utf8.contains(0) ? nil : line
    }
}

extension DiagnosticPrinter {
    /// The repository's folder within GitHub's workspace (`GITHUB_WORKSPACE`),
    /// with a trailing `/`, when it lies below it; empty otherwise.
    public static func workspacePrefix(root: String, environment: [String: String]) -> String {
        guard let workspace = environment["GITHUB_WORKSPACE"], !workspace.isEmpty,
              let realRoot = realpath(root, nil) else { return "" }
        defer { free(realRoot) }
        guard let realWorkspace = realpath(workspace, nil) else { return "" }
        defer { free(realWorkspace) }
        let inside = String(cString: realRoot), base = String(cString: realWorkspace)
        guard inside.hasPrefix(base + "/") else { return "" }
        return String(inside.dropFirst(base.count + 1)) + "/"
    }
}

/// Stable JSON for machine-readable output: sorted keys, no escaped slashes.
public enum JSONOutput {
    public static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "{}\n" }
        // Printed in a CI log as often as read by a program: no workflow command in it.
        return CICommands.inertJSON(String(decoding: data, as: UTF8.self)) + "\n"
    }
}
