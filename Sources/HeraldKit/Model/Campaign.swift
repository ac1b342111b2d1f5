/// A campaign from `campaigns/<id>.yaml`.
public struct Campaign: Sendable {
    public var id: String
    public var path: String
    public var name: String?
    public var starts: Located<LocalDate>?
    public var ends: Located<LocalDate>?
    public var accounts: [Located<String>]?
    public var hashtags: [Located<String>]
    public var linkTagging: LinkTagging? {
        didSet { taggers = linkTagging.map { Self.taggers(id: id, tagging: $0) } ?? [:] }
    }
    /// `linkTagging` ready for each platform.
    public private(set) var taggers: [Platform: LinkTagger.Prepared] = [:]

    private static func taggers(id: String, tagging: LinkTagging) -> [Platform: LinkTagger.Prepared] {
        Dictionary(uniqueKeysWithValues: Platform.allCases.map { ($0, LinkTagger.Prepared(platform: $0, campaignID: id, tagging: tagging)) })
    }

    public init(id: String, path: String) {
        self.id = id
        self.path = path
        self.hashtags = []
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
