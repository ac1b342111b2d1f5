import Foundation

/// One post, from `posts/**/<name>.yaml`. Its id is its path under `posts/`
/// without the extension (`2026/launch`).
public struct Post: Sendable {
    public var id: String {
        get { storage.id }
        set { unique().id = newValue }
    }
    public var path: String {
        get { storage.path }
        set {
            unique().path = newValue
            storage.file = SourceFile(newValue)
        }
    }
    /// Where a problem of the whole post is shown: its first key, after
    /// any comments above it (1:1 until decoded).
    public var location: SourceLocation {
        get { SourceLocation(file: storage.file, line: storage.start.line, column: storage.start.column) }
        set { unique().start = (newValue.line, newValue.column) }
    }
    public var publishAt: Located<Date>? {
        get { storage.publishAt }
        set { unique().publishAt = newValue }
    }
    /// `publish_at` was written (even if it could not be read), or a key
    /// taken for it (`date:`), whose error is the post's.
    public var hasPublishAtKey: Bool {
        get { storage.hasPublishAtKey }
        set { unique().hasPublishAtKey = newValue }
    }
    /// Where the value of `accounts` is written, when the key is (even if
    /// the value could not be read), or of a key taken for it (`to:`).
    public var accountsLocation: SourceLocation? {
        get { storage.accountsLocation }
        set { unique().accountsLocation = newValue }
    }
    /// Where a text was written as nothing (`text:` alone), or under a key
    /// taken for `text` (`Text:`, `body:`): reported once, by the decoder,
    /// and not again as missing.
    public var textsReportedMissing: [SourceLocation] {
        get { storage.textsReportedMissing }
        set { unique().textsReportedMissing = newValue }
    }
    public var draft: Bool {
        get { storage.draft }
        set { unique().draft = newValue }
    }
    public var campaign: Located<String>? {
        get { storage.campaign }
        set { unique().campaign = newValue }
    }
    public var accounts: [Located<String>]? {
        get { storage.accounts }
        set { unique().accounts = newValue }
    }
    public var text: Located<String>? {
        get { storage.text }
        set { unique().text = newValue }
    }
    public var media: [MediaRef] {
        get { storage.media }
        set { unique().media = newValue }
    }
    public var thread: [ThreadPart] {
        get { storage.thread }
        set { unique().thread = newValue }
    }
    public var variants: [Variant] {
        get { storage.variants }
        set { unique().variants = newValue }
    }
    /// Visibility and language for the whole post (platforms that have them).
    public var language: Located<String>? {
        get { storage.language }
        set { unique().language = newValue }
    }
    /// Each account's parts as validation resolved and measured them, in
    /// the post's account order; the planner reuses them instead of
    /// resolving again.
    public var resolved: [(account: String, parts: [ResolvedPart])] {
        get { storage.resolved }
        set { unique().resolved = newValue }
    }

    /// `file`: `path`, registered already.
    public init(id: String, path: String, file: SourceFile? = nil) {
        storage = Storage(id: id, path: path, file: file ?? SourceFile(path))
    }

    // The fields live in one shared box, copied on the first write to a
    // shared post. Posts are copied often (out of arrays, into closures),
    // and a copy then costs one retain instead of one per field: about 5%
    // of the CPU time of a plan of 10,000 posts.
    private var storage: Storage

    private mutating func unique() -> Storage {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        return storage
    }

    /// Only written through `unique()`, while the writing post holds the
    /// only reference: a post shared between threads is never written.
    private final class Storage: @unchecked Sendable {
        var id: String
        var path: String
        var file: SourceFile
        var publishAt: Located<Date>?
        var hasPublishAtKey = false
        var draft = false
        var campaign: Located<String>?
        var accounts: [Located<String>]?
        var accountsLocation: SourceLocation?
        var text: Located<String>?
        var textsReportedMissing: [SourceLocation] = []
        var media: [MediaRef] = []
        var thread: [ThreadPart] = []
        var variants: [Variant] = []
        var language: Located<String>?
        var resolved: [(account: String, parts: [ResolvedPart])] = []
        var start = (line: 1, column: 1)

        init(id: String, path: String, file: SourceFile) {
            self.id = id
            self.path = path
            self.file = file
        }

        func copy() -> Storage {
            let copy = Storage(id: id, path: path, file: file)
            copy.publishAt = publishAt
            copy.hasPublishAtKey = hasPublishAtKey
            copy.draft = draft
            copy.campaign = campaign
            copy.accounts = accounts
            copy.accountsLocation = accountsLocation
            copy.text = text
            copy.textsReportedMissing = textsReportedMissing
            copy.media = media
            copy.thread = thread
            copy.variants = variants
            copy.language = language
            copy.resolved = resolved
            copy.start = start
            return copy
        }
    }
}

public struct MediaRef: Sendable, Hashable {
    /// Repository-relative path (`media/launch.png`).
    public var path: Located<String>
    public var alt: Located<String>?

    public init(path: Located<String>, alt: Located<String>? = nil) {
        self.path = path
        self.alt = alt
    }
}

public struct ThreadPart: Sendable {
    public var location: SourceLocation
    public var text: Located<String>?
    public var media: [MediaRef]
}

/// Per-platform or per-account overrides: `variants: { x: { text: … } }`.
/// A key names a platform or an account; an account key wins.
public struct Variant: Sendable {
    public var key: Located<String>
    public var text: Located<String>?
    public var media: [MediaRef]?
    public var thread: [ThreadPart]?
}

extension Post {
    /// A post's lists of accounts and variants are usually a few entries:
    /// up to this many are searched in order, which allocates nothing for
    /// the 10,000 posts of a large repository; a longer list (a post to
    /// hundreds of accounts) is looked up through a set or a dictionary,
    /// or every entry would be compared with every other.
    static let fewEntries = 16
}
