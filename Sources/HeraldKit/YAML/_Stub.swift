// TEMPORARY: replaced by the libyaml loader.
public struct YAMLNode: Sendable {
    public enum Kind: Sendable { case scalar(YAMLScalar), mapping([YAMLPair]), sequence([YAMLNode]) }
    public var kind: Kind
    public var location: SourceLocation
    public var scalar: YAMLScalar? { if case .scalar(let s) = kind { return s }; return nil }
    public var string: String? { scalar?.value }
    public var pairs: [YAMLPair]? { if case .mapping(let p) = kind { return p }; return nil }
    public var items: [YAMLNode]? { if case .sequence(let i) = kind { return i }; return nil }
    public var isNull: Bool { guard let s = scalar, s.style == .plain else { return false }; return ["", "~", "null", "Null", "NULL"].contains(s.value) }
    public var kindName: String { switch kind { case .scalar: "string"; case .mapping: "mapping"; case .sequence: "sequence" } }
    public subscript(key: String) -> YAMLNode? { pairs?.first { $0.keyString == key }?.value }
}
public struct YAMLScalar: Sendable {
    public enum Style: Sendable { case plain, singleQuoted, doubleQuoted, literal, folded }
    public var value: String; public var style: Style; public var tag: String?
}
public struct YAMLPair: Sendable { public var key: YAMLNode; public var value: YAMLNode; public var keyString: String }
public struct YAMLLoadOptions: Sendable { public var maxFileBytes: Int = 1_048_576; public var maxAliasExpansion: Int = 10_000; public init() {} }
public struct YAMLDocument: Sendable { public var root: YAMLNode?; public var diagnostics: [Diagnostic] }
public enum YAMLLoader {
    public static func load(fileAt absolutePath: String, path displayPath: String, options: YAMLLoadOptions = .init()) -> YAMLDocument { fatalError() }
}
public struct LinkTagging: Sendable, Hashable { public var source: String?; public var medium: String?; public var campaign: String?; public var content: String?; public var term: String?; public var extra: [String: String]; public var overrideExisting: Bool
  public init() { extra = [:]; overrideExisting = false } }
public struct TextRuleOptions: Sendable, Hashable { public var maxLength: Int?; public var urlLength: Int?; public init(maxLength: Int? = nil, urlLength: Int? = nil) { self.maxLength = maxLength; self.urlLength = urlLength } }
public struct TextMeasurement: Sendable { public var length: Int; public var limit: Int; public var valid: Bool; public var problems: [String] }
public enum TextRules { public static func measure(_ text: String, platform: Platform, options: TextRuleOptions = .init()) -> TextMeasurement { TextMeasurement(length: text.count, limit: 500, valid: text.count <= 500, problems: []) } }
public enum LinkTagger { public static func tag(_ text: String, platform: Platform, campaignID: String, tagging: LinkTagging) -> String { text } }
