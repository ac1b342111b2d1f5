/// One node of a loaded YAML file, with where it starts.
///
/// The loader does no typing: every scalar is a string, and herald's decoders
/// decide what a value means. `location` is the start of the node: for a
/// scalar its first character (the indicator `|` or `>` for block scalars, the
/// quote for quoted ones), for a collection its first token (`{`, `[`, the
/// first key of a block mapping, the first `-` of a block sequence). When a
/// node carries an anchor or tag, it starts at that property (`&base`,
/// `!!str`). A node reached through an alias starts at the alias (`*base`);
/// the nodes inside it keep the positions where they are written.
public struct YAMLNode: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case scalar(YAMLScalar)
        case mapping([YAMLPair])
        case sequence([YAMLNode])
    }

    public var kind: Kind
    public var location: SourceLocation

    public init(kind: Kind, location: SourceLocation) {
        self.kind = kind
        self.location = location
    }

    public var scalar: YAMLScalar? {
        if case .scalar(let scalar) = kind { return scalar }
        return nil
    }

    /// The value of a scalar; `nil` for collections.
    public var string: String? { scalar?.value }

    public var pairs: [YAMLPair]? {
        if case .mapping(let pairs) = kind { return pairs }
        return nil
    }

    public var items: [YAMLNode]? {
        if case .sequence(let items) = kind { return items }
        return nil
    }

    /// A plain scalar spelled as YAML's null: empty, `~`, `null`, `Null` or
    /// `NULL`. A quoted `""` is an empty string, not null.
    public var isNull: Bool {
        guard case .scalar(let scalar) = kind, scalar.style == .plain else { return false }
        switch scalar.value {
        case "", "~", "null", "Null", "NULL": return true
        default: return false
        }
    }

    /// What the node is, for messages: `mapping`, `sequence` or `string`.
    public var kindName: String {
        switch kind {
        case .scalar: return "string"
        case .mapping: return "mapping"
        case .sequence: return "sequence"
        }
    }

    /// The value of the first pair whose key is `key`; `nil` when there is
    /// none or the node is not a mapping.
    public subscript(key: String) -> YAMLNode? {
        guard case .mapping(let pairs) = kind else { return nil }
        for pair in pairs where pair.keyString == key { return pair.value }
        return nil
    }
}

public struct YAMLScalar: Sendable, Equatable {
    public enum Style: Sendable, Equatable {
        case plain, singleQuoted, doubleQuoted, literal, folded
    }

    /// The scalar's text after YAML's quoting, escaping and folding rules.
    public var value: String
    public var style: Style
    /// How many lines the scalar is written on, from its first character
    /// to its last: a quoted or plain scalar can run on, a block scalar
    /// starts at its `|` or `>` and ends with its last line. (Kept small:
    /// it fits beside `style`, and files hold thousands of scalars.)
    public var lineCount: Int32
    /// The tag as libyaml resolves it (`!!str` is `tag:yaml.org,2002:str`).
    public var tag: String?

    public init(value: String, style: Style = .plain, lineCount: Int32 = 1, tag: String? = nil) {
        self.value = value
        self.style = style
        self.lineCount = lineCount
        self.tag = tag
    }
}

public struct YAMLPair: Sendable, Equatable {
    public var key: YAMLNode
    public var value: YAMLNode
    /// The key scalar's value. Keys that are not scalars never reach a pair:
    /// the loader reports them and leaves the pair out.
    public var keyString: String

    public init(key: YAMLNode, value: YAMLNode, keyString: String) {
        self.key = key
        self.value = value
        self.keyString = keyString
    }
}

public struct YAMLLoadOptions: Sendable {
    /// Files larger than this are rejected before they are read.
    public var maxFileBytes: Int = 1_048_576
    /// The most nodes that aliases may add to one file, counting every node
    /// inside each expanded anchor (a "billion laughs" guard).
    public var maxAliasExpansion: Int = 10_000
    /// The deepest nesting of mappings and sequences accepted. Keeps the
    /// recursive code that walks (and frees) node trees off the stack limit.
    public var maxDepth: Int = 256
    /// Whether messages quote the file's words (an unknown anchor's name, a
    /// duplicate key). Off for a file whose every word may be a secret.
    public var quotesContent = true
    /// Keys whose values must never be shown (the credentials keys). A file
    /// that cannot be loaded cannot be searched for such values; when its
    /// text names one of these keys, its diagnostics ask printers to quote
    /// none of its lines, since the line of a syntax error may hold one.
    public var concealedKeys: [String] = []

    public init() {}

    public init(maxFileBytes: Int = 1_048_576, maxAliasExpansion: Int = 10_000, maxDepth: Int = 256, quotesContent: Bool = true,
                concealedKeys: [String] = []) {
        self.maxFileBytes = maxFileBytes
        self.maxAliasExpansion = maxAliasExpansion
        self.maxDepth = maxDepth
        self.quotesContent = quotesContent
        self.concealedKeys = concealedKeys
    }
}

/// The result of loading one file.
///
/// `root` is `nil` when the file holds no document (empty, or only
/// comments) — then `diagnostics` is empty and the caller decides whether
/// that is an error — and when loading stopped at a problem it could not get
/// past (size, encoding, syntax, a second document, an alias bomb, an unknown
/// anchor, too deep nesting). Duplicate keys and keys that are not strings
/// are reported without stopping; `root` then holds the mapping without the
/// offending pairs (the first of duplicate keys is kept).
public struct YAMLDocument: Sendable {
    public var root: YAMLNode?
    public var diagnostics: [Diagnostic]
    /// Comments starting with a word (`#spring`) inside flow collections
    /// written over several lines: YAML leaves each out of its collection,
    /// with the rest of its line, where a decoder may know it was meant as
    /// content (a hashtag).
    public var wordComments: [WordComment]
    /// What the file's text tells of some scalars that their values do not.
    public var notes: ScalarNotes

    public init(root: YAMLNode?, diagnostics: [Diagnostic], wordComments: [WordComment] = [], notes: ScalarNotes = .init()) {
        self.root = root
        self.diagnostics = diagnostics
        self.wordComments = wordComments
        self.notes = notes
    }
}

/// Facts of a few scalars that their values do not tell, by the scalar's
/// location; empty for nearly every file.
public struct ScalarNotes: Sendable {
    /// Where a double-quoted scalar's first escape writing a control
    /// character is (`"… \x07 …"`): a problem with the character points at
    /// it, not at the scalar's opening quote.
    public var controlEscapes: [SourceLocation: SourceLocation] = [:]
    /// The anchor of a scalar no alias uses: `text: &more news` is the
    /// text `news` with an anchor named `more`, where `&more news` was meant.
    public var unusedAnchors: [SourceLocation: String] = [:]
    /// Where each alias of a scalar (`*t`) has its value written: the
    /// anchored scalar's place (`&t abc…`), by the alias's.
    public var aliasOrigins: [SourceLocation: SourceLocation] = [:]
    /// Values written as nothing with a comment after them on their line
    /// (`text: #launch day`), placed at the comment's `#`.
    public var commentedNothing: Set<SourceLocation> = []
    /// A comment starting with a word right after a scalar on its line
    /// (`text: Big news #launch`): YAML leaves the hashtag out of the value.
    /// By the scalar's location: the comment's `#` and its first word.
    public var trailingWordComments: [SourceLocation: (location: SourceLocation, word: String)] = [:]
    /// Scalars with YAML's non-specific tag, `!`: `text: ! Big news` (or
    /// `! "Big news"`) is the text `Big news`.
    public var bareTags: Set<SourceLocation> = []
    /// Collections written in flow style, `[…]` or `{…}` (an alias of one
    /// too): a text written as a list was a `[` meant as text, where a
    /// block list (`- …` lines) was lines meant as text, or a thread.
    public var flowCollections: Set<SourceLocation> = []
    /// A key written again in its mapping (left out, and an error), by its
    /// place: where the key it repeats is, the one kept.
    public var repeatedKeys: [SourceLocation: SourceLocation] = [:]
    /// Each NEL, LS or PS after which YAML read more of a line an editor
    /// shows whole (an error at each): what it read was not reviewed.
    public var hiddenLines: [SourceLocation] = []
    /// The values of keys written twice, left out, in a file whose every
    /// word may be a secret (`YAMLLoadOptions.quotesContent` off): kept
    /// for redaction.
    public var droppedValues: [String] = []

    public init() {}
}

/// A comment starting with a word inside a flow collection (see
/// `YAMLDocument.wordComments`).
public struct WordComment: Sendable, Equatable {
    /// Where the outermost flow collection around it starts: its node's location.
    public var collection: SourceLocation
    /// The comment's `#`.
    public var location: SourceLocation
    /// `#` and the word after it.
    public var word: String
}
