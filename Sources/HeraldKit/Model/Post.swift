import Foundation

/// One post, from `posts/**/<name>.yaml`. Its id is its path under `posts/`
/// without the extension (`2026/launch`).
public struct Post: Sendable {
    public var id: String {
        get { storage.fields.id }
        set { unique().fields.id = newValue }
    }
    public var path: String {
        get { storage.fields.path }
        set {
            let box = unique()
            box.fields.path = newValue
            box.fields.file = SourceFile(newValue)
        }
    }
    /// Where a problem of the whole post is shown: its first key, after
    /// any comments above it (1:1 until decoded).
    public var location: SourceLocation {
        get { SourceLocation(file: storage.fields.file, line: storage.fields.start.line, column: storage.fields.start.column) }
        set { unique().fields.start = (newValue.line, newValue.column) }
    }
    public var publishAt: Located<Date>? {
        get { storage.fields.publishAt }
        set { unique().fields.publishAt = newValue }
    }
    /// `publish_at` was written (even if it could not be read), or a key
    /// taken for it (`date:`), whose error is the post's.
    public var hasPublishAtKey: Bool {
        get { storage.fields.hasPublishAtKey }
        set { unique().fields.hasPublishAtKey = newValue }
    }
    /// Where the value of `accounts` is written, when the key is (even if
    /// the value could not be read), or of a key taken for it (`to:`).
    public var accountsLocation: SourceLocation? {
        get { storage.fields.accountsLocation }
        set { unique().fields.accountsLocation = newValue }
    }
    /// The list of accounts has entries that could not be read (`[[a]]`),
    /// each an error of its own: empty as read, it was not written empty.
    public var accountsListsUnread: Bool {
        get { storage.fields.accountsListsUnread }
        set { unique().fields.accountsListsUnread = newValue }
    }
    /// `campaign:` is written, with a value that could not be read (a
    /// list): an error of its own, not also a post with no accounts.
    public var campaignUnread: Bool {
        get { storage.fields.campaignUnread }
        set { unique().fields.campaignUnread = newValue }
    }
    /// Where a text was written as nothing (`text:` alone), or under a key
    /// taken for `text` (`Text:`, `body:`): reported once, by the decoder,
    /// and not again as missing.
    public var textsReportedMissing: [SourceLocation] {
        get { storage.fields.textsReportedMissing }
        set { unique().fields.textsReportedMissing = newValue }
    }
    public var draft: Bool {
        get { storage.fields.draft }
        set { unique().fields.draft = newValue }
    }
    public var campaign: Located<String>? {
        get { storage.fields.campaign }
        set { unique().fields.campaign = newValue }
    }
    public var accounts: [Located<String>]? {
        get { storage.fields.accounts }
        set { unique().fields.accounts = newValue }
    }
    public var text: Located<String>? {
        get { storage.fields.text }
        set { unique().fields.text = newValue }
    }
    public var media: [MediaRef] {
        get { storage.fields.media }
        set { unique().fields.media = newValue }
    }
    public var thread: [ThreadPart] {
        get { storage.fields.thread }
        set { unique().fields.thread = newValue }
    }
    public var variants: [Variant] {
        get { storage.fields.variants }
        set { unique().fields.variants = newValue }
    }
    /// Visibility and language for the whole post (platforms that have them).
    public var language: Located<String>? {
        get { storage.fields.language }
        set { unique().fields.language = newValue }
    }
    /// Each account's parts as validation resolved and measured them, in
    /// the post's account order; the planner reuses them instead of
    /// resolving again.
    public var resolved: [(account: String, parts: [ResolvedPart])] {
        get { storage.fields.resolved }
        set { unique().fields.resolved = newValue }
    }

    /// `file`: `path`, registered already.
    public init(id: String, path: String, file: SourceFile? = nil) {
        storage = CopyOnWriteBox(Fields(id: id, path: path, file: file ?? SourceFile(path)))
    }

    // One box for all fields (`CopyOnWriteBox`): about 5% of the CPU time
    // of a plan of 10,000 posts went to counting references to each field.
    private var storage: CopyOnWriteBox<Fields>

    private mutating func unique() -> CopyOnWriteBox<Fields> { CopyOnWriteBox.unique(&storage) }

    private struct Fields {
        var id: String
        var path: String
        var file: SourceFile
        var publishAt: Located<Date>?
        var hasPublishAtKey = false
        var draft = false
        var campaign: Located<String>?
        var accounts: [Located<String>]?
        var accountsLocation: SourceLocation?
        var accountsListsUnread = false
        var campaignUnread = false
        var text: Located<String>?
        var textsReportedMissing: [SourceLocation] = []
        var media: [MediaRef] = []
        var thread: [ThreadPart] = []
        var variants: [Variant] = []
        var language: Located<String>?
        var resolved: [(account: String, parts: [ResolvedPart])] = []
        var start = (line: 1, column: 1)
    }
}

public struct MediaRef: Sendable, Hashable {
    /// Repository-relative path (`media/launch.png`).
    public var path: Located<String>
    public var alt: Located<String>?
    /// Whether the entry has an alt key, maybe one with an error of its own
    /// (`alt_text:`, `alt: [a list]`): then it is not also warned of as missing.
    public var altWritten: Bool

    public init(path: Located<String>, alt: Located<String>? = nil, altWritten: Bool? = nil) {
        self.path = path
        self.alt = alt
        self.altWritten = altWritten ?? (alt != nil)
    }

    /// The alt text as it is sent and counted: without the line break a
    /// block scalar (`alt: |`) ends with, nor blanks around it, as a post's
    /// text. The content hash keeps `alt` as written, so posts published
    /// before show no drift.
    public var sentAlt: String? {
        guard let value = alt?.value, !value.isEmpty else { return nil }
        guard let first = value.unicodeScalars.first, let last = value.unicodeScalars.last,
              first.properties.isWhitespace || last.properties.isWhitespace else { return value }
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
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
