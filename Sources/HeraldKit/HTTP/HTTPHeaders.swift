/// One header field as sent or received: the name keeps its original
/// spelling, lookups ignore ASCII case.
public struct HTTPHeader: Sendable, Hashable, CustomStringConvertible {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }

    /// Safe to log: credentials (`Authorization`, cookies, API keys) print
    /// as `REDACTED`.
    public var description: String {
        "\(name): \(Redaction.isSensitiveHeader(name) ? Redaction.placeholder : value)"
    }
}

/// An ordered list of header fields. Names are matched case-insensitively
/// (`headers["retry-after"]` finds `Retry-After`), a name may occur more
/// than once, and the order of the fields is kept as written or received.
public struct HTTPHeaders: Sendable, Hashable, RandomAccessCollection, ExpressibleByDictionaryLiteral,
    CustomStringConvertible
{
    public private(set) var fields: [HTTPHeader]

    public init(_ fields: [HTTPHeader] = []) {
        self.fields = fields
    }

    /// Keeps the literal's order: `["Authorization": "Bearer x", "Idempotency-Key": "k"]`.
    public init(dictionaryLiteral elements: (String, String)...) {
        self.fields = elements.map { HTTPHeader(name: $0.0, value: $0.1) }
    }

    public var startIndex: Int { fields.startIndex }
    public var endIndex: Int { fields.endIndex }
    public subscript(position: Int) -> HTTPHeader { fields[position] }

    /// The first value of the named field, or nil. Setting replaces every
    /// field of that name (appending when there was none); setting nil
    /// removes them.
    public subscript(name: String) -> String? {
        get { fields.first { Self.same($0.name, name) }?.value }
        set {
            guard let newValue else {
                remove(name)
                return
            }
            var kept: [HTTPHeader] = []
            var replaced = false
            for field in fields {
                if !Self.same(field.name, name) {
                    kept.append(field)
                } else if !replaced {
                    kept.append(HTTPHeader(name: field.name, value: newValue))
                    replaced = true
                }
            }
            if !replaced { kept.append(HTTPHeader(name: name, value: newValue)) }
            fields = kept
        }
    }

    /// Every value of the named field, in order (e.g. several `Link` or
    /// `Set-Cookie` fields).
    public func values(for name: String) -> [String] {
        fields.filter { Self.same($0.name, name) }.map(\.value)
    }

    public func contains(_ name: String) -> Bool {
        fields.contains { Self.same($0.name, name) }
    }

    public mutating func append(name: String, value: String) {
        fields.append(HTTPHeader(name: name, value: value))
    }

    public mutating func remove(_ name: String) {
        fields.removeAll { Self.same($0.name, name) }
    }

    public var description: String {
        fields.map(\.description).joined(separator: "\n")
    }

    /// Continues the last field's value (an obsolete folded header line).
    mutating func continueLastValue(with text: String) {
        guard !fields.isEmpty else { return }
        fields[fields.count - 1].value += " " + text
    }

    /// ASCII case-insensitive comparison, as field names are ASCII tokens.
    static func same(_ a: String, _ b: String) -> Bool {
        a.utf8.elementsEqual(b.utf8) { lowered($0) == lowered($1) }
    }

    private static func lowered(_ byte: UInt8) -> UInt8 {
        (0x41...0x5A).contains(byte) ? byte + 0x20 : byte
    }
}
