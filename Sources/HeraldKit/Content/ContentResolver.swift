import Crypto
import Foundation

/// What one account publishes for one part of a post, after variants,
/// campaign hashtags and link tagging.
public struct ResolvedPart: Sendable, Hashable {
    public var index: Int
    public var text: String
    /// Where the text was written (the variant's text when a variant applies).
    public var textLocation: SourceLocation
    public var media: [MediaRef]
    /// The text's length and limit under the account's rules, once measured.
    public var length: Int?
    public var limit: Int?

    /// Identifies the content: a change after publishing is drift. Worked
    /// out when asked for: validation never needs it.
    public var hash: String { ContentResolver.hash(text: text, media: media) }
}

/// What resolving a post's content needs of an account: its id and platform
/// pick the variant and the link tags.
public protocol ResolutionTarget {
    var id: String { get }
    var platform: Platform { get }
}

extension Account: ResolutionTarget {}

public enum ContentResolver {
    /// A part's content before any account's link tags.
    private struct Base {
        var text: String
        var media: [MediaRef]
        var location: SourceLocation
    }

    /// The accounts a post targets: its own list, else its campaign's.
    public static func accounts(of post: Post, campaigns: [String: Campaign]) -> [Located<String>] {
        post.accounts ?? post.campaign.flatMap { campaigns[$0.value]?.accounts } ?? []
    }

    public static func parts(of post: Post, for account: Account, campaign: Campaign?) -> [ResolvedPart] {
        parts(of: post, for: [account], campaign: campaign)[0]
    }

    /// The parts of a post for each of several accounts, in their order.
    /// Work that does not depend on the account is done once: hashtags per
    /// source text, and everything per platform (links are found as each
    /// platform finds them).
    public static func parts<Target: ResolutionTarget>(of post: Post, for accounts: [Target], campaign: Campaign?) -> [[ResolvedPart]] {
        let hashtags = campaign?.hashtagTexts ?? []
        func base(_ index: Int, text: Located<String>?, media: [MediaRef], location: SourceLocation) -> Base {
            var text = trimmed(text?.value ?? "")
            // Hashtags alone are no post: a part with neither text nor media stays empty, and validation says so.
            if index == 0 && !hashtags.isEmpty && (!text.isEmpty || !media.isEmpty) { text = appendingHashtags(hashtags, to: text) }
            return Base(text: text, media: media, location: location)
        }
        // A post has a few accounts: small lists, searched in order. A post
        // to hundreds, each with a variant of its own, looks them up by key.
        let many = accounts.count > Post.fewEntries || post.variants.count > Post.fewEntries
        var variantByKey: [String: Int] = [:]
        if many { for (i, variant) in post.variants.enumerated() where variantByKey[variant.key.value] == nil { variantByKey[variant.key.value] = i } }
        var bases: [(variant: Int?, parts: [Base])] = []
        var resolved: [(variant: Int?, platform: Platform, parts: [ResolvedPart])] = []
        var baseIndex: [Int?: Int] = [:]
        var resolvedIndex: [ResolvedKey: Int] = [:]
        bases.reserveCapacity(accounts.count)
        resolved.reserveCapacity(accounts.count)
        return accounts.map { account in
            let variant = many ? variantByKey[account.id] ?? variantByKey[account.platform.rawValue] : variantIndex(of: post, for: account)
            let key = ResolvedKey(variant: variant, platform: account.platform)
            if let done = many ? resolvedIndex[key] : resolved.firstIndex(where: { $0.variant == variant && $0.platform == account.platform }) {
                return resolved[done].parts
            }
            var baseAt = many ? baseIndex[variant] : bases.firstIndex { $0.variant == variant }
            if baseAt == nil {
                let chosen = variant.map { post.variants[$0] }
                let text = chosen?.text ?? post.text
                let thread = chosen?.thread ?? post.thread
                var parts: [Base] = []
                parts.reserveCapacity(1 + thread.count)
                parts.append(base(0, text: text, media: chosen?.media ?? post.media, location: text?.location ?? post.location))
                for part in thread {
                    parts.append(base(parts.count, text: part.text, media: part.media, location: part.text?.location ?? part.location))
                }
                baseAt = bases.count
                if many { baseIndex[variant] = bases.count }
                bases.append((variant, parts))
            }
            let tagger = campaign?.taggers[account.platform]
            // Mapped over the indices, whose count is known: an enumerated
            // sequence would grow the result from empty.
            let source = bases[baseAt!].parts
            let parts = source.indices.map { index in
                let base = source[index]
                let text = tagger.map { LinkTagger.tag(base.text, links: LinkTagger.links(in: base.text, for: account.platform), with: $0) } ?? base.text
                return ResolvedPart(index: index, text: text, textLocation: base.location, media: base.media)
            }
            if many { resolvedIndex[key] = resolved.count }
            resolved.append((variant, account.platform, parts))
            return parts
        }
    }

    private struct ResolvedKey: Hashable {
        var variant: Int?
        var platform: Platform
    }

    /// The index of the variant that applies to an account: one keyed by the
    /// account id, else one keyed by its platform.
    static func variantIndex<Target: ResolutionTarget>(of post: Post, for account: Target) -> Int? {
        let id = account.id
        return post.variants.firstIndex { $0.key.value == id } ?? post.variants.firstIndex { $0.key.value == account.platform.rawValue }
    }

    /// Campaign hashtags the text does not already carry, on a line of their own.
    static func appendingHashtags(_ tags: [String], to text: String) -> String {
        // Usually one tag or two: they are looked up again rather than collected.
        guard tags.contains(where: { !containsTag($0, in: text) }) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 2 + tags.reduce(0) { $0 + $1.utf8.count + 1 })
        out += text
        var separator = text.isEmpty ? "" : "\n\n"
        for tag in tags where !containsTag(tag, in: text) {
            out += separator
            out += tag
            separator = " "
        }
        return out
    }

    /// Whether `text` carries `tag` written with the full-width `＃`, which
    /// Mastodon and X take for a hashtag's sign too: the campaign still adds
    /// it (what posts published before said so hold), and validation warns.
    static func carriesFullWidthTag(_ tag: String, in text: String) -> Bool {
        // U+FF03 is EF BC 83 in UTF-8: most texts have no such byte, and are not searched.
        guard tag.hasPrefix("#"), text.utf8.contains(0xEF), text.contains("\u{FF03}") else { return false }
        return containsTag("\u{FF03}" + tag.dropFirst(), in: text)
    }

    /// Whether the character before a `#` keeps it from starting a hashtag
    /// on Mastodon and on X alike: an ASCII letter, digit or `_`, or `/`,
    /// `)` or `&` (a link's fragment, an entity). After another letter
    /// (`café#tag`, `日本#tag`) Mastodon sees a tag and X does not: it counts.
    private static func blocksTag(_ byte: UInt8) -> Bool {
        (byte >= 48 && byte <= 57) || (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) || "_/)&".utf8.contains(byte)
    }

    /// Whether `text` carries `tag` as a whole tag (not as the start of a
    /// longer one, nor after a character that `blocksTag`), ignoring case.
    /// ASCII tags are compared byte by byte: this runs for every part of every post.
    static func containsTag(_ tag: String, in text: String) -> Bool {
        guard tag.utf8.allSatisfy({ $0 < 128 }) else {
            let lower = text.lowercased()
            var search = lower.startIndex..<lower.endIndex
            while let range = lower.range(of: tag.lowercased(), range: search) {
                let after = lower[range.upperBound...].first
                let before = lower.utf8[..<range.lowerBound].last
                if !(after.map { $0.isLetter || $0.isNumber || $0 == "_" } ?? false), !(before.map(blocksTag) ?? false),
                   !inLink(lower.utf8[..<range.lowerBound]) {
                    return true
                }
                search = range.upperBound..<lower.endIndex
            }
            return false
        }
        func lower(_ b: UInt8) -> UInt8 { b >= 65 && b <= 90 ? b + 32 : b }
        return tag.withUTF8Bytes { needle in text.withUTF8Bytes { hay in
            guard hay.count >= needle.count, hay.baseAddress != nil else { return needle.isEmpty }
            let last = hay.count - needle.count
            // A tag's first byte is usually '#', which has one case: memchr
            // finds where to compare. A letter is looked for byte by byte.
            let first = needle.first.map(lower)
            let seek = first.map { !($0 >= 97 && $0 <= 122) } ?? false
            var start = 0
            while start <= last {
                if seek, let first {
                    guard let found = hay.firstOffset(of: first, from: start, to: last + 1) else { return false }
                    start = found
                }
                defer { start += 1 }
                var i = 0
                while i < needle.count && lower(hay[start + i]) == lower(needle[i]) { i += 1 }
                guard i == needle.count else { continue }
                let end = start + needle.count
                // After a letter, digit, '_', '/', ')' or '&' it is no tag (`with#launch`, `…/guide#launch`).
                if start > 0, blocksTag(hay[start - 1]) { continue }
                // In a link (`…/page?x=#launch`), it is the link's fragment.
                if inLink(hay[..<start]) { continue }
                // A following letter, digit, mark or '_' makes it a longer tag; punctuation (`…`, `’`) ends it.
                if end == hay.count { return true }
                let next = hay[end]
                let continues = next >= 128 ? continuesTag(UnsafeBufferPointer(rebasing: hay[end...]))
                    : (next >= 48 && next <= 57) || (next >= 65 && next <= 90) || (next >= 97 && next <= 122) || next == 95
                if !continues { return true }
            }
            return false
        } }
    }

    /// Whether the word that `before` ends in is a link (`https://…`,
    /// `www.…`): a `#` there starts its fragment, not a tag.
    private static func inLink<Bytes: BidirectionalCollection<UInt8>>(_ before: Bytes) -> Bool {
        let word = before.reversed().prefix { $0 != 0x20 && $0 != 0x0A && $0 != 0x09 && $0 != 0x0D }.reversed()
        guard word.count > 4 else { return false }
        let text = Array(word)
        return text.starts(with: "www.".utf8) || text.indices.dropLast(2).contains { i in
            text[i] == UInt8(ascii: ":") && text[i + 1] == UInt8(ascii: "/") && text[i + 2] == UInt8(ascii: "/")
        }
    }

    /// Whether the character the non-ASCII `bytes` start with goes on a
    /// tag: a letter, a mark, a digit, or a joiner (as X and Mastodon read
    /// tags); punctuation, a symbol or an emoji ends it.
    private static func continuesTag(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        guard case .scalarValue(let scalar) = decoder.decode(&iterator) else { return false }
        if scalar == "\u{200C}" || scalar == "\u{200D}" || scalar == "\u{00B7}" || scalar == "\u{30FB}" { return true }
        let properties = scalar.properties
        switch properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber: return true
        default: return properties.isAlphabetic
        }
    }

    /// Block scalars end with a newline; posts do not. Neither do they end
    /// with any other white space: the text as it is published and counted
    /// (`herald text count` trims standard input the same way).
    public static func trimmed(_ text: String) -> String {
        // White space after an ASCII character is cut by bytes; anything
        // else character by character.
        let utf8 = text.utf8
        var end = utf8.endIndex
        while end > utf8.startIndex, case let byte = utf8[utf8.index(before: end)], byte == 0x20 || (0x09...0x0D).contains(byte) {
            end = utf8.index(before: end)
        }
        if end == utf8.startIndex { return "" }
        if utf8[utf8.index(before: end)] < 0x80 { return end == utf8.endIndex ? text : String(text[..<end]) }
        // By scalars, not characters: a blank with a mark, a skin tone or a joiner after it is one
        // character, white space by its first scalar, and was cut with what follows it.
        var scalars = Substring(text).unicodeScalars
        while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }

    /// The first 8 bytes of SHA-256 over the text and each media path and
    /// alt text, in hex: what the state records to tell drift.
    static func hash(text: String, media: [MediaRef]) -> String {
        var hasher = SHA256()
        func update(_ string: String) {
            string.withUTF8Bytes { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        }
        update(text)
        for item in media {
            update("\u{0}\(item.path.value)\u{0}\(item.alt?.value ?? "")")
        }
        return hasher.finalize().withUnsafeBytes { digest in
            String(unsafeUninitializedCapacity: 16) { out in
                let hex: StaticString = "0123456789abcdef"
                for i in 0..<8 {
                    out[2 * i] = hex.utf8Start[Int(digest[i] >> 4)]
                    out[2 * i + 1] = hex.utf8Start[Int(digest[i] & 15)]
                }
                return 16
            }
        }
    }
}
