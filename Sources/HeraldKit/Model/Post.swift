import Foundation

/// One post, from `posts/**/<name>.yaml`. Its id is its path under `posts/`
/// without the extension (`2026/launch`).
public struct Post: Sendable {
    public var id: String
    public var path: String
    public var location: SourceLocation { SourceLocation(path: path, line: 1, column: 1) }
    public var publishAt: Located<Date>?
    /// `publish_at` was written (even if it could not be read).
    public var hasPublishAtKey = false
    public var draft: Bool
    public var campaign: Located<String>?
    public var accounts: [Located<String>]?
    public var text: Located<String>?
    public var media: [MediaRef]
    public var thread: [ThreadPart]
    public var variants: [Variant]
    /// Visibility and language for the whole post (platforms that have them).
    public var language: Located<String>?
    /// Each account's parts as validation resolved and measured them, in
    /// the post's account order; the planner reuses them instead of
    /// resolving again.
    public var resolved: [(account: String, parts: [ResolvedPart])] = []

    public init(id: String, path: String) {
        self.id = id
        self.path = path
        self.draft = false
        self.media = []
        self.thread = []
        self.variants = []
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
