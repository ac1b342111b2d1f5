/// A campaign from `campaigns/<id>.yaml`.
public struct Campaign: Sendable {
    public var id: String {
        get { storage.fields.id }
        set { unique().fields.id = newValue }
    }
    public var path: String {
        get { storage.fields.path }
        set { unique().fields.path = newValue }
    }
    public var name: String? {
        get { storage.fields.name }
        set { unique().fields.name = newValue }
    }
    public var starts: Located<LocalDate>? {
        get { storage.fields.starts }
        set { unique().fields.starts = newValue }
    }
    public var ends: Located<LocalDate>? {
        get { storage.fields.ends }
        set { unique().fields.ends = newValue }
    }
    public var accounts: [Located<String>]? {
        get { storage.fields.accounts }
        set { unique().fields.accounts = newValue }
    }
    public var hashtags: [Located<String>] {
        get { storage.fields.hashtags }
        set {
            let box = unique()
            box.fields.hashtags = newValue
            box.fields.hashtagTexts = newValue.map(\.value)
        }
    }
    /// The hashtags as written, without their positions: what every post
    /// of the campaign appends.
    public var hashtagTexts: [String] { storage.fields.hashtagTexts }
    public var linkTagging: LinkTagging? {
        get { storage.fields.linkTagging }
        set {
            let taggers = newValue.map { Self.taggers(id: id, tagging: $0) } ?? [:]
            let box = unique()
            box.fields.linkTagging = newValue
            box.fields.taggers = taggers
        }
    }
    /// The values `link_tagging` sets, where they are written: a message
    /// about what tagging put into a link (a credential's value) points there.
    public var taggingValues: [Located<String>] {
        get { storage.fields.taggingValues }
        set { unique().fields.taggingValues = newValue }
    }
    /// `linkTagging` ready for each platform.
    public var taggers: [Platform: LinkTagger.Prepared] { storage.fields.taggers }

    private static func taggers(id: String, tagging: LinkTagging) -> [Platform: LinkTagger.Prepared] {
        Dictionary(uniqueKeysWithValues: Platform.allCases.map { ($0, LinkTagger.Prepared(platform: $0, campaignID: id, tagging: tagging)) })
    }

    public init(id: String, path: String) {
        storage = CopyOnWriteBox(Fields(id: id, path: path))
    }

    /// The same campaign in a box of its own, its lists and link taggers
    /// copied too: for a worker of its own (`ReadByEveryPost`).
    func copy() -> Campaign {
        var copy = self
        var fields = storage.fields
        fields.accounts = fields.accounts?.map { $0 }
        fields.hashtags = fields.hashtags.map { $0 }
        fields.hashtagTexts = fields.hashtagTexts.map { $0 }
        fields.taggingValues = fields.taggingValues.map { $0 }
        fields.taggers = fields.taggers.mapValues { $0.copy() }
        copy.storage = CopyOnWriteBox(fields)
        return copy
    }

    // One box for all fields (`CopyOnWriteBox`): every post of a campaign
    // reads it, on both cores at once, and a copy then counts one reference
    // to shared memory instead of one per field.
    private var storage: CopyOnWriteBox<Fields>

    private mutating func unique() -> CopyOnWriteBox<Fields> { CopyOnWriteBox.unique(&storage) }

    private struct Fields {
        var id: String
        var path: String
        var name: String?
        var starts: Located<LocalDate>?
        var ends: Located<LocalDate>?
        var accounts: [Located<String>]?
        var hashtags: [Located<String>] = []
        var hashtagTexts: [String] = []
        var linkTagging: LinkTagging?
        var taggingValues: [Located<String>] = []
        var taggers: [Platform: LinkTagger.Prepared] = [:]
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
