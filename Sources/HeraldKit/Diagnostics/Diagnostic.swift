import Synchronization

/// A file's path relative to the repository root, held as a number.
///
/// Every key and value herald reads carries the position it came from, and
/// these are copied wherever the values go. With the path as a `String`,
/// each copy counted a reference to the path's storage, and values read
/// from one file (a campaign's accounts, say) are copied by every post on
/// both cores at once, where that count is shared memory the cores take in
/// turn. As a number, a position is plain data. Each path is registered
/// once, for the life of the process, and equal paths get the same number.
public struct SourceFile: Hashable, Sendable {
    private let id: UInt32

    public init(_ path: String) {
        id = Self.registry.withLock { $0.id(of: path) }
    }

    private init(id: UInt32) {
        self.id = id
    }

    /// Registers many paths at once: a repository's post files, before
    /// they are read on all cores, which would otherwise take turns at
    /// the registry for each.
    public static func register(_ paths: [String]) -> [SourceFile] {
        registry.withLock { registry in
            registry.ids.reserveCapacity(registry.ids.count + paths.count)
            return paths.map { SourceFile(id: registry.id(of: $0)) }
        }
    }

    public var path: String {
        Self.registry.withLock { $0.paths[Int(id)] }
    }

    private struct Registry {
        var ids: [String: UInt32] = [:]
        var paths: [String] = []

        /// The number `path` has, given it now if it has none.
        mutating func id(of path: String) -> UInt32 {
            if let id = ids[path] { return id }
            let id = UInt32(paths.count)
            paths.append(path)
            ids[path] = id
            return id
        }
    }

    private static let registry = Mutex(Registry())
}

/// A 1-based position in a file of the content repository.
///
/// `path` is relative to the repository root (`posts/launch.yaml`). Lines and
/// columns are 1-based everywhere in herald; converting from a 0-based source
/// (libyaml marks) happens once, where the mark is read.
public struct SourceLocation: Hashable, Sendable, Comparable, Codable, CustomStringConvertible {
    public var file: SourceFile
    public var line: Int
    public var column: Int

    public init(path: String, line: Int, column: Int) {
        self.init(file: SourceFile(path), line: line, column: column)
    }

    public init(file: SourceFile, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var path: String {
        get { file.path }
        set { file = SourceFile(newValue) }
    }

    public var description: String { "\(path):\(line):\(column)" }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        if a.file == b.file { return (a.line, a.column) < (b.line, b.column) }
        return a.path < b.path
    }

    private enum CodingKeys: String, CodingKey { case path, line, column }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(path: try container.decode(String.self, forKey: .path),
                  line: try container.decode(Int.self, forKey: .line), column: try container.decode(Int.self, forKey: .column))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(path, forKey: .path)
        try container.encode(line, forKey: .line)
        try container.encode(column, forKey: .column)
    }
}

public enum Severity: String, Sendable, Codable, Comparable {
    case warning
    case error

    public static func < (a: Severity, b: Severity) -> Bool {
        a == .warning && b == .error
    }
}

/// One finding about the content repository: what is wrong, where, and what
/// would be right.
public struct Diagnostic: Hashable, Sendable, Codable {
    public var severity: Severity
    /// Where the problem is. `nil` only for problems that have no file
    /// (a missing repository root, say); every file problem carries one.
    public var location: SourceLocation?
    public var message: String
    /// What would be right, when herald can tell (`did you mean 'acme-x'?`).
    public var hint: String?
    /// What of the file a printer must not quote: the problem is about a
    /// secret, and the source line would show it.
    public var conceals: Concealment?

    /// Source text a printer must not show.
    public enum Concealment: Hashable, Sendable, Codable {
        /// No line of the file: it holds secrets (the credentials file), or
        /// was not read and so not checked for them.
        case file
        /// From the diagnostic's column to the end of line `lastLine`: a
        /// literal secret is written there (a quoted or block scalar can
        /// run over several lines).
        case value(lastLine: Int)
        /// The same, from `line` and `column` on its line, not the
        /// diagnostic's: the value of a key the diagnostic is about.
        case valueAt(line: Int, column: Int, lastLine: Int)
    }

    public init(_ severity: Severity, at location: SourceLocation?, _ message: String, hint: String? = nil,
                conceals: Concealment? = nil) {
        self.severity = severity
        self.location = location
        self.message = message
        self.hint = hint
        self.conceals = conceals
    }

    /// `account 'acme-x' cannot be used: accounts.yaml has an error in it
    /// (accounts.yaml:2:23: unknown platform 'twitter')`, said at `location`
    /// (where the account or campaign is named, or the error itself).
    static func cannotBeUsed(_ kind: String, _ id: String, at location: SourceLocation?, because problem: Diagnostic) -> Diagnostic {
        let at = problem.location.map { "\($0): " } ?? ""
        let file = problem.location?.path ?? "its file"
        return .error("\(kind) '\(id)' cannot be used: \(file) has an error in it", at: location, hint: at + problem.message)
    }

    public static func error(_ message: String, at location: SourceLocation?, hint: String? = nil,
                             conceals: Concealment? = nil) -> Diagnostic {
        Diagnostic(.error, at: location, message, hint: hint, conceals: conceals)
    }

    public static func warning(_ message: String, at location: SourceLocation?, hint: String? = nil,
                               conceals: Concealment? = nil) -> Diagnostic {
        Diagnostic(.warning, at: location, message, hint: hint, conceals: conceals)
    }

    /// With every secret the redactor knows replaced in its words.
    public func redacted(by redactor: Redactor) -> Diagnostic {
        var d = self
        d.message = redactor(message)
        d.hint = hint.map { redactor($0) }
        if let path = location?.path { d.location?.path = redactor(path) }
        return d
    }

    /// `message (hint)` — the one-line form used by every printer.
    public var fullMessage: String {
        guard let hint else { return message }
        return "\(message) (\(hint))"
    }

    /// `fullMessage` as a person reads it: the message and the hint each
    /// shortened on its own (`TerminalText.shortened`), so that a long
    /// value quoted in the message does not cut herald's advice, and a
    /// long hint (a command with two paths) is not cut for the message.
    public var shortFullMessage: String {
        let message = TerminalText.shortened(message)
        guard let hint else { return message }
        return "\(message) (\(TerminalText.shortened(hint)))"
    }
}

extension Diagnostic: Comparable {
    /// Sorted by path and position; diagnostics without a location come first.
    public static func < (a: Diagnostic, b: Diagnostic) -> Bool {
        switch (a.location, b.location) {
        case (nil, nil): return a.message < b.message
        case (nil, _): return true
        case (_, nil): return false
        case let (l?, r?):
            if l != r { return l < r }
            return a.message < b.message
        }
    }
}
