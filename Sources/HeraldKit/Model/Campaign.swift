/// A campaign from `campaigns/<id>.yaml`.
public struct Campaign: Sendable {
    public var id: String {
        get { storage.id }
        set { unique().id = newValue }
    }
    public var path: String {
        get { storage.path }
        set { unique().path = newValue }
    }
    public var name: String? {
        get { storage.name }
        set { unique().name = newValue }
    }
    public var starts: Located<LocalDate>? {
        get { storage.starts }
        set { unique().starts = newValue }
    }
    public var ends: Located<LocalDate>? {
        get { storage.ends }
        set { unique().ends = newValue }
    }
    public var accounts: [Located<String>]? {
        get { storage.accounts }
        set { unique().accounts = newValue }
    }
    public var hashtags: [Located<String>] {
        get { storage.hashtags }
        set {
            unique().hashtags = newValue
            storage.hashtagTexts = newValue.map(\.value)
        }
    }
    /// The hashtags as written, without their positions: what every post
    /// of the campaign appends.
    public var hashtagTexts: [String] { storage.hashtagTexts }
    public var linkTagging: LinkTagging? {
        get { storage.linkTagging }
        set {
            unique().linkTagging = newValue
            storage.taggers = newValue.map { Self.taggers(id: id, tagging: $0) } ?? [:]
        }
    }
    /// `linkTagging` ready for each platform.
    public var taggers: [Platform: LinkTagger.Prepared] { storage.taggers }

    private static func taggers(id: String, tagging: LinkTagging) -> [Platform: LinkTagger.Prepared] {
        Dictionary(uniqueKeysWithValues: Platform.allCases.map { ($0, LinkTagger.Prepared(platform: $0, campaignID: id, tagging: tagging)) })
    }

    public init(id: String, path: String) {
        storage = Storage(id: id, path: path)
    }

    /// The same campaign in storage of its own, its lists and link taggers
    /// copied too: for a worker of its own (`ReadByEveryPost`).
    func copy() -> Campaign {
        var copy = self
        let storage = copy.storage.copy()
        storage.accounts = storage.accounts?.map { $0 }
        storage.hashtags = storage.hashtags.map { $0 }
        storage.hashtagTexts = storage.hashtagTexts.map { $0 }
        storage.taggers = storage.taggers.mapValues { $0.copy() }
        copy.storage = storage
        return copy
    }

    // The fields live in one box, as a post's do (`Post`): every post of a
    // campaign reads it, on both cores at once, and a copy of the campaign
    // then counts one reference to shared memory instead of one per field.
    private var storage: Storage

    private mutating func unique() -> Storage {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        return storage
    }

    /// Only written through `unique()`, while the writing campaign holds
    /// the only reference: a campaign shared between threads is never written.
    private final class Storage: @unchecked Sendable {
        var id: String
        var path: String
        var name: String?
        var starts: Located<LocalDate>?
        var ends: Located<LocalDate>?
        var accounts: [Located<String>]?
        var hashtags: [Located<String>] = []
        var hashtagTexts: [String] = []
        var linkTagging: LinkTagging?
        var taggers: [Platform: LinkTagger.Prepared] = [:]

        init(id: String, path: String) {
            self.id = id
            self.path = path
        }

        func copy() -> Storage {
            let copy = Storage(id: id, path: path)
            copy.name = name
            copy.starts = starts
            copy.ends = ends
            copy.accounts = accounts
            copy.hashtags = hashtags
            copy.hashtagTexts = hashtagTexts
            copy.linkTagging = linkTagging
            copy.taggers = taggers
            return copy
        }
    }
}

/// A calendar date without a time (`2026-11-25`).
public struct LocalDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public static func < (a: LocalDate, b: LocalDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    public var description: String {
        "\(year)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
    }
}
