import Foundation

/// Replaces every known secret value in text before it is printed. Output,
/// errors and verbose logs all pass through one.
///
/// Text is compared byte for byte (a secret followed by a combining mark is
/// one grapheme less to String's comparison, but its bytes are all there),
/// with `memchr` and `memcmp`: a plan redacts megabytes of output and every part's text.
///
/// A secret holding a byte that URLs and forms escape (`+`, `/`, `=`, a
/// space…) may also appear percent-encoded (`%2B`, `%2b`), in a URL that a
/// verbose log or an HTTP error shows: text with a `%` is then also
/// searched decoded, and shown decoded with the secret replaced.
public struct Redactor: Sendable {
    /// UTF-8 bytes, longest first, so a secret containing another is replaced whole.
    private let secrets: [[UInt8]]
    /// Some secret has a byte an encoder escapes.
    private let escapable: Bool
    /// Some secret has a space, which a form writes as `+`.
    private let spaced: Bool

    public init(secrets: [String]) {
        self.secrets = Set(secrets.filter { $0.count >= 4 }).map { Array($0.utf8) }.sorted { $0.count > $1.count }
        escapable = self.secrets.contains { $0.contains { !PercentEncoding.isUnreserved($0) } }
        spaced = self.secrets.contains { $0.contains(UInt8(ascii: " ")) }
    }

    /// Shown in place of a secret.
    public static let mark = "[REDACTED]"

    /// No secret is known: nothing to replace.
    public var isEmpty: Bool { secrets.isEmpty }

    public func callAsFunction(_ text: String) -> String {
        var text = text
        for secret in secrets {
            if let replaced = text.withUTF8({ Self.replacing(secret, in: $0) }) { text = replaced }
        }
        // Each round decodes at least one escape or every `+`, so this ends.
        if let decoded = decodedHoldingSecret(text) { return self(decoded) }
        return text
    }

    /// Whether the text holds a secret this knows, as it is or percent-encoded.
    public func finds(in text: String) -> Bool {
        guard !secrets.isEmpty else { return false }
        var text = text
        return text.withUTF8(holdsSecret) || decodedHoldingSecret(text) != nil
    }

    /// The text with its `%XX` escapes decoded, when that shows a secret;
    /// decoded again while it changes, for a URL carried inside another URL.
    /// When a secret has a space, a `+` is also tried as one (as forms write it).
    private func decodedHoldingSecret(_ text: String) -> String? {
        guard escapable else { return nil }
        var text = text
        for plusAsSpace in spaced ? [false, true] : [false] {
            guard var decoded = text.withUTF8({ Self.percentDecoded($0, plusAsSpace: plusAsSpace) }) else { continue }
            while true {
                if decoded.withUnsafeBufferPointer(holdsSecret) {
                    return String(decoding: decoded, as: UTF8.self)
                }
                // Every round removes an escape or every `+`, so this ends.
                guard let again = decoded.withUnsafeBufferPointer({ Self.percentDecoded($0, plusAsSpace: plusAsSpace) }) else { break }
                decoded = again
            }
        }
        return nil
    }

    /// `%XX` (either case of hex) as its byte, a `%` without two hex digits
    /// as it is; `nil` when nothing changes.
    private static func percentDecoded(_ bytes: UnsafeBufferPointer<UInt8>, plusAsSpace: Bool) -> [UInt8]? {
        guard let base = bytes.baseAddress,
              memchr(base, Int32(UInt8(ascii: "%")), bytes.count) != nil
                || plusAsSpace && memchr(base, Int32(UInt8(ascii: "+")), bytes.count) != nil,
              let decoded = PercentEncoding.decode(bytes, plusAsSpace: plusAsSpace, keepingStray: true),
              !decoded.elementsEqual(bytes)
        else { return nil }
        return decoded
    }

    /// Whether the bytes hold any secret this knows, as they are.
    private func holdsSecret(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        secrets.contains { Self.offset(of: $0, in: bytes, from: 0) != nil }
    }

    /// The text with every occurrence of `secret` replaced, or `nil` when it has none.
    private static func replacing(_ secret: [UInt8], in bytes: UnsafeBufferPointer<UInt8>) -> String? {
        guard var found = offset(of: secret, in: bytes, from: 0) else { return nil }
        var replaced: [UInt8] = []
        replaced.reserveCapacity(bytes.count)
        var start = 0
        while true {
            replaced += bytes[start..<found]
            replaced += mark.utf8
            start = found + secret.count
            guard let next = offset(of: secret, in: bytes, from: start) else { break }
            found = next
        }
        replaced += bytes[start...]
        // A secret starts and ends on a character boundary of valid UTF-8, so this stays valid.
        return String(decoding: replaced, as: UTF8.self)
    }

    /// `memchr` for the first byte, `memcmp` for the rest (glibc's `memmem`
    /// needs `_GNU_SOURCE`, which Swift's Glibc module does not define).
    private static func offset(of secret: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        let last = bytes.count - secret.count
        var at = start
        return secret.withUnsafeBytes { needle -> Int? in
            while at <= last {
                guard let hit = memchr(base + at, Int32(needle[0]), last - at + 1) else { return nil }
                let offset = UnsafePointer(hit.assumingMemoryBound(to: UInt8.self)) - base
                if memcmp(hit, needle.baseAddress!, needle.count) == 0 { return offset }
                at = offset + 1
            }
            return nil
        }
    }
}
