import Foundation

/// Replaces every known secret value in text before it is printed. Output,
/// errors and verbose logs all pass through one.
///
/// Text is compared byte for byte (a secret followed by a combining mark is
/// one grapheme less to String's comparison, but its bytes are all there),
/// with `memchr` and `memcmp`: a plan redacts megabytes of output and every part's text.
public struct Redactor: Sendable {
    /// UTF-8 bytes, longest first, so a secret containing another is replaced whole.
    private let secrets: [[UInt8]]

    public init(secrets: [String]) {
        self.secrets = Set(secrets.filter { $0.count >= 4 }).map { Array($0.utf8) }.sorted { $0.count > $1.count }
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
        return text
    }

    /// Whether the text holds a secret this knows.
    public func finds(in text: String) -> Bool {
        guard !secrets.isEmpty else { return false }
        var text = text
        return text.withUTF8 { bytes in secrets.contains { Self.offset(of: $0, in: bytes, from: 0) != nil } }
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
