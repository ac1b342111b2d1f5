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

    public func callAsFunction(_ text: String) -> String {
        var text = text
        for secret in secrets where text.contains(secret) {
            text = text.replacingOccurrences(of: secret, with: Self.mark)
        }
        return text
    }
}
