/// Replaces every known secret value in text before it is printed. Output,
/// errors and verbose logs all pass through one.
public struct Redactor: Sendable {
    private let secrets: [String]

    public init(secrets: [String]) {
        // Longest first, so a secret containing another is replaced whole.
        self.secrets = Array(Set(secrets.filter { $0.count >= 4 })).sorted { $0.count > $1.count }
    }

    /// Shown in place of a secret.
    public static let mark = "[REDACTED]"

    /// No secret is known: nothing to replace.
    public var isEmpty: Bool { secrets.isEmpty }

    /// Compared byte for byte: a secret followed by a combining mark is one
    /// grapheme less to String's comparison, but its bytes are all there.
    public func callAsFunction(_ text: String) -> String {
        var text = text
        for secret in secrets where text.utf8.firstRange(of: secret.utf8) != nil {
            var replaced: [UInt8] = []
            replaced.reserveCapacity(text.utf8.count)
            var rest = text.utf8[...]
            while let found = rest.firstRange(of: secret.utf8) {
                replaced += rest[..<found.lowerBound]
                replaced += Self.mark.utf8
                rest = rest[found.upperBound...]
            }
            replaced += rest
            // A secret starts and ends on a character boundary of valid UTF-8, so this stays valid.
            text = String(decoding: replaced, as: UTF8.self)
        }
        return text
    }

    /// Whether the text holds a secret this knows.
    public func finds(in text: String) -> Bool {
        secrets.contains { text.utf8.firstRange(of: $0.utf8) != nil }
    }
}
