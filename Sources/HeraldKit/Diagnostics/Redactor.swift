import Foundation

/// Replaces every known secret value in text before it is printed. Output,
/// errors and verbose logs all pass through one.
///
/// Text is compared byte for byte (a secret followed by a combining mark is
/// one grapheme less to String's comparison, but its bytes are all there),
/// with `memchr` and `memcmp`: a plan searches every word of 30,000 items.
/// `memchr` looks for the secret's least common byte in prose (a digit, a
/// capital, a `-` rather than the `e` that would stop it in every word).
///
/// A secret holding a byte that URLs and forms escape (`+`, `/`, `=`, a
/// space…) may also appear percent-encoded (`%2B`, `%2b`), in a URL that a
/// verbose log or an HTTP error shows: text with a `%` is then also
/// searched decoded, and shown decoded with the secret replaced.
public struct Redactor: Sendable {
    /// UTF-8 bytes, longest first, so a secret containing another is replaced whole.
    private let secrets: [Needle]
    /// Bytes in the shortest secret: shorter text holds none.
    private let shortest: Int
    /// Some secret has a byte an encoder escapes.
    private let escapable: Bool
    /// Some secret has a space, which a form writes as `+`.
    private let spaced: Bool
    /// The secrets as they are, UTF-8, for a cut quote read decoded.
    private let plain: [[UInt8]]

    public init(secrets: [String]) {
        // Also as output shows one that reads as a CI runner's command (`##[…`), made inert
        // (`#\u{200B}#[…`) before the whole text is redacted.
        let known = secrets.filter { $0.count >= 4 }
        // And percent-encoded (either case of hex), as a link shows one: a quote cut inside it
        // (`cutSecrets`) is compared with these too; the whole is found decoded as well.
        let encoded = known.map { PercentEncoding.encode($0, keeping: PercentEncoding.isUnreserved) }.filter { $0.contains("%") }
        let forms = Set(known + known.map(CICommands.inert) + encoded + encoded.map(Self.lowercasedEscapes))
        self.secrets = forms.map { Needle(Array($0.utf8)) }.sorted { $0.bytes.count > $1.bytes.count }
        shortest = self.secrets.last?.bytes.count ?? 0
        escapable = self.secrets.contains { $0.bytes.contains { !PercentEncoding.isUnreserved($0) } }
        spaced = self.secrets.contains { $0.bytes.contains(UInt8(ascii: " ")) }
        plain = escapable ? known.map { Array($0.utf8) }.filter { $0.count > 4 } : []
    }

    /// `%2F` as `%2f`.
    private static func lowercasedEscapes(_ text: String) -> String {
        var out = ""
        var afterPercent = 0
        for c in text {
            if c == "%" { afterPercent = 2; out.append(c); continue }
            out.append(afterPercent > 0 ? Character(c.lowercased()) : c)
            afterPercent = max(0, afterPercent - 1)
        }
        return out
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
        if let replaced = text.withUTF8({ cutSecrets(in: $0) }) { text = replaced }
        // Each round decodes at least one escape or every `+`, so this ends.
        if let decoded = decodedHoldingSecret(text) { return self(decoded) }
        return text
    }

    /// Whether the text holds a secret this knows, as it is or percent-encoded.
    public func finds(in text: String) -> Bool {
        guard !secrets.isEmpty, text.utf8.count >= shortest else { return false }
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
            for _ in 1..<Self.decodingRounds {
                if decoded.withUnsafeBufferPointer(holdsSecret) {
                    return String(decoding: decoded, as: UTF8.self)
                }
                guard let again = decoded.withUnsafeBufferPointer({ Self.percentDecoded($0, plusAsSpace: plusAsSpace) }) else { break }
                decoded = again
            }
            if decoded.withUnsafeBufferPointer(holdsSecret) { return String(decoding: decoded, as: UTF8.self) }
        }
        return nil
    }

    /// How many times text is decoded in search of a secret: a link inside
    /// a link inside a link, and no more. Each round reads the whole text,
    /// and a text of `%2525…` would otherwise take one round per escape.
    private static let decodingRounds = 4

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
        secrets.contains { $0.offset(in: bytes, from: 0) != nil }
    }

    /// A quote cut off inside a secret, as a message quotes where a text
    /// stops fitting (`up to '…word Tok3nVal'`): the start of a secret (4
    /// bytes or more) that ends the quote, its end after the `'…` that
    /// opens one, or a piece from its middle that is the whole quote, is
    /// replaced. `nil` when there is none.
    private func cutSecrets(in bytes: UnsafeBufferPointer<UInt8>) -> String? {
        let quote = UInt8(ascii: "'")
        guard let base = bytes.baseAddress, secrets.contains(where: { $0.bytes.count > 4 }),
              memchr(base, Int32(quote), bytes.count) != nil else { return nil }
        let ellipsis: [UInt8] = [0xE2, 0x80, 0xA6]
        func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x09 || b == quote }
        var cuts: [Range<Int>] = []
        for q in bytes.indices where bytes[q] == quote {
            // Closing a quote: the longest end of the word before it that starts a secret.
            var start = q
            while start > 0, !isBlank(bytes[start - 1]) { start -= 1 }
            var closed = false
            for secret in secrets where secret.bytes.count > 4 {
                let longest = min(q - start, secret.bytes.count - 1)
                if longest >= 4, let k = stride(from: longest, through: 4, by: -1).first(where: { bytes[(q - $0)..<q].elementsEqual(secret.bytes.prefix($0)) }) {
                    cuts.append((q - k)..<q)
                    closed = true
                    break
                }
            }
            // Encoded otherwise (partly, as Python's quote() keeps `/`; twice; `+` for a space): the
            // word read decoded, and cut whole when it ends with a secret's start.
            // (After the `…` that opens a quote: that stays.)
            let word = start + ellipsis.count <= q && bytes[start..<(start + ellipsis.count)].elementsEqual(ellipsis) ? start + ellipsis.count : start
            if !closed, anyReading(of: bytes[word..<q], cutAtStart: false, cutAtEnd: true, where: { reading in
                plain.contains { secret in Self.overlap(end: reading, start: secret) }
            }) {
                cuts.append(word..<q)
            }
            // Opening one with '…: the longest start of the word after it that ends a secret.
            let after = q + 1 + ellipsis.count
            guard after <= bytes.count, bytes[(q + 1)..<after].elementsEqual(ellipsis) else { continue }
            var end = after
            while end < bytes.count, !isBlank(bytes[end]) { end += 1 }
            // Cut at both ends, from inside a secret longer than the quote: the whole word.
            if end < bytes.count, bytes[end] == quote, end - after >= 4,
               secrets.contains(where: { secret in
                   secret.bytes.count > end - after && (0...(secret.bytes.count - (end - after))).contains { start in
                       secret.bytes[start..<(start + end - after)].elementsEqual(bytes[after..<end])
                   }
               }) {
                cuts.append(after..<end)
                continue
            }
            var opened = false
            for secret in secrets where secret.bytes.count > 4 {
                let longest = min(end - after, secret.bytes.count - 1)
                if longest >= 4, let k = stride(from: longest, through: 4, by: -1).first(where: { bytes[after..<(after + $0)].elementsEqual(secret.bytes.suffix($0)) }) {
                    cuts.append(after..<(after + k))
                    opened = true
                    break
                }
            }
            // Read decoded, as above: a word that starts with a secret's end, or that is a piece of one.
            let closes = end < bytes.count && bytes[end] == quote
            if !opened, anyReading(of: bytes[after..<end], cutAtStart: true, cutAtEnd: closes, where: { reading in
                plain.contains { secret in
                    Self.overlap(end: secret, start: reading) || closes && reading.count >= 4 && reading.count < secret.count
                        && (0...(secret.count - reading.count)).contains { secret[$0..<($0 + reading.count)].elementsEqual(reading) }
                }
            }) {
                cuts.append(after..<end)
            }
        }
        guard !cuts.isEmpty else { return nil }
        var out: [UInt8] = []
        var cursor = 0
        for cut in cuts.sorted(by: { $0.lowerBound < $1.lowerBound }) where cut.lowerBound >= cursor {
            out += bytes[cursor..<cut.lowerBound]
            out += Self.mark.utf8
            cursor = cut.upperBound
        }
        out += bytes[cursor...]
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether a word of a cut quote, read decoded, passes `test`: when it
    /// holds an escape or a `+`, its escapes decoded round by round (as
    /// many as `decodingRounds`), and with `+` as a space as well when a
    /// secret has one. An escape the cut left unfinished at its end (`%2`,
    /// or `%252` encoded twice) is dropped before each reading; one that
    /// lost its `%` at its start (`2Bab`, `252Bab`), in a quote the cut
    /// opens, is read without its hex digits too.
    private func anyReading(of word: Slice<UnsafeBufferPointer<UInt8>>, cutAtStart: Bool, cutAtEnd: Bool, where test: ([UInt8]) -> Bool) -> Bool {
        let leadingHex = cutAtStart ? word.prefix(6).prefix(while: PercentEncoding.isHexDigit).count : 0
        guard !plain.isEmpty, word.contains(where: { $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "+") }) || leadingHex >= 2 else { return false }
        func unfinishedDropped(_ text: inout [UInt8]) {
            if cutAtEnd, let percent = text.suffix(2).lastIndex(of: UInt8(ascii: "%")) { text.removeSubrange(percent...) }
        }
        var text = Array(word)
        unfinishedDropped(&text)
        guard !text.isEmpty else { return false }
        for drop in 0...min(leadingHex, text.count - 1) {
            for plusAsSpace in spaced ? [false, true] : [false] {
                var reading = Array(text.dropFirst(drop))
                // An escape's remnant dropped (`252B` of `%252B`), what follows may be the secret as it is.
                if drop > 0, test(reading) { return true }
                for _ in 0..<Self.decodingRounds {
                    guard let decoded = reading.withUnsafeBufferPointer({ Self.percentDecoded($0, plusAsSpace: plusAsSpace) }) else { break }
                    reading = decoded
                    unfinishedDropped(&reading)
                    if test(reading) { return true }
                }
            }
        }
        return false
    }

    /// Whether `end`'s last 4 bytes or more are `start`'s first.
    private static func overlap(end: [UInt8], start: [UInt8]) -> Bool {
        let longest = min(end.count, start.count)
        return longest >= 4 && (4...longest).contains { end.suffix($0).elementsEqual(start.prefix($0)) }
    }

    /// The text with every occurrence of `secret` replaced, or `nil` when it has none.
    private static func replacing(_ secret: Needle, in bytes: UnsafeBufferPointer<UInt8>) -> String? {
        guard var found = secret.offset(in: bytes, from: 0) else { return nil }
        var replaced: [UInt8] = []
        replaced.reserveCapacity(bytes.count)
        var start = 0
        while true {
            replaced += bytes[start..<found]
            replaced += mark.utf8
            start = found + secret.bytes.count
            guard let next = secret.offset(in: bytes, from: start) else { break }
            found = next
        }
        replaced += bytes[start...]
        // A secret starts and ends on a character boundary of valid UTF-8, so this stays valid.
        return String(decoding: replaced, as: UTF8.self)
    }

    /// A secret's bytes, and which of them `memchr` looks for.
    private struct Needle: Sendable {
        let bytes: [UInt8]
        /// Index of the byte least likely in prose and URLs.
        let anchor: Int

        init(_ bytes: [UInt8]) {
            self.bytes = bytes
            anchor = bytes.indices.min { Self.commonness(bytes[$0]) < Self.commonness(bytes[$1]) } ?? 0
        }

        /// Rough rank of how often a byte occurs in posts, URLs and names:
        /// lower-case letters and the space most, then digits and the
        /// punctuation of URLs, then capitals; the rest least.
        private static func commonness(_ byte: UInt8) -> Int {
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "e"), UInt8(ascii: "t"), UInt8(ascii: "a"), UInt8(ascii: "o"),
                 UInt8(ascii: "i"), UInt8(ascii: "n"), UInt8(ascii: "s"), UInt8(ascii: "r"), UInt8(ascii: "h"): 5
            case UInt8(ascii: "a")...UInt8(ascii: "z"): 4
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "/"), UInt8(ascii: "."), UInt8(ascii: ":"),
                 UInt8(ascii: "-"), UInt8(ascii: "\n"), UInt8(ascii: ","): 3
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): 2
            case 0x80...: 1
            default: 0
            }
        }

        /// Where the secret first occurs at or after `start`: `memchr` for
        /// the anchor byte, `memcmp` for the whole (glibc's `memmem` needs
        /// `_GNU_SOURCE`, which Swift's Glibc module does not define).
        func offset(in text: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
            guard let base = text.baseAddress, text.count - start >= bytes.count else { return nil }
            // The anchor of a match starting at `at` is at `at + anchor`.
            var at = start
            let last = text.count - bytes.count
            return bytes.withUnsafeBytes { needle -> Int? in
                let byte = Int32(needle[anchor])
                while at <= last {
                    guard let hit = memchr(base + at + anchor, byte, last - at + 1) else { return nil }
                    let offset = UnsafePointer(hit.assumingMemoryBound(to: UInt8.self)) - base - anchor
                    if memcmp(base + offset, needle.baseAddress!, needle.count) == 0 { return offset }
                    at = offset + 1
                }
                return nil
            }
        }
    }
}
