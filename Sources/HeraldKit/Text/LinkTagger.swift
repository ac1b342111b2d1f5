import Foundation

/// Campaign parameters for `LinkTagger`. `nil` means the default; an empty
/// string leaves that parameter out.
public struct LinkTagging: Sendable, Hashable {
    /// `utm_source`; defaults to the platform's raw value (`mastodon`).
    public var source: String?
    /// `utm_medium`; defaults to "social".
    public var medium: String?
    /// `utm_campaign`; defaults to the campaign id.
    public var campaign: String?
    /// `utm_content`, only when set.
    public var content: String?
    /// `utm_term`, only when set.
    public var term: String?
    /// Further parameters, added after the utm_ ones in key order. A key that
    /// repeats a utm_ key above replaces its value.
    public var extra: [String: String]
    /// Links that already carry a utm_ parameter are left alone unless this
    /// is set; then the keys herald sets are replaced where they stand.
    public var overrideExisting: Bool

    public init(source: String? = nil, medium: String? = nil, campaign: String? = nil,
                content: String? = nil, term: String? = nil, extra: [String: String] = [:],
                overrideExisting: Bool = false) {
        self.source = source
        self.medium = medium
        self.campaign = campaign
        self.content = content
        self.term = term
        self.extra = extra
        self.overrideExisting = overrideExisting
    }
}

/// Appends campaign (UTM) parameters to every link of a post.
///
/// Links are found with the recogniser X uses (`TwitterText.extractURLs`), so
/// a link's trailing prose punctuation (`see https://x.com/a.`) stays outside
/// it, and hosts without a scheme (`example.com/a`) are tagged too. The rest of
/// the link is kept byte for byte: existing query items and their encoding,
/// and the fragment, which stays last (`…?a=1&utm_source=x#top`). A link
/// with no path gets one, `/`, before its query (`example.com/?utm_…`).
public enum LinkTagger {
    /// One campaign's parameters for one platform, encoded once: a campaign
    /// tags every link of every post.
    ///
    /// A class: every post of a campaign reads its campaign's, on both
    /// cores at once, and a copy then counts one reference, not one per field.
    public final class Prepared: Sendable {
        let items: [(key: String, value: String)]
        /// `utm_source=x&utm_medium=social&…`, as UTF-8.
        let queryUTF8: [UInt8]
        let overrideExisting: Bool
        /// Whose rules find the links.
        let platform: Platform

        public init(platform: Platform, campaignID: String, tagging: LinkTagging) {
            self.platform = platform
            items = LinkTagger.parameters(platform: platform, campaignID: campaignID, tagging: tagging)
            queryUTF8 = Array(items.map(LinkTagger.encodedPair).joined(separator: "&").utf8)
            overrideExisting = tagging.overrideExisting
        }

        private init(items: [(key: String, value: String)], queryUTF8: [UInt8], overrideExisting: Bool, platform: Platform) {
            self.items = items
            self.queryUTF8 = queryUTF8
            self.overrideExisting = overrideExisting
            self.platform = platform
        }

        /// Another object with the same contents, its lists copied too.
        func copy() -> Prepared {
            Prepared(items: items.map { $0 }, queryUTF8: queryUTF8.map { $0 }, overrideExisting: overrideExisting, platform: platform)
        }
    }

    public static func tag(_ text: String, platform: Platform, campaignID: String,
                           tagging: LinkTagging) -> String {
        tag(text, with: Prepared(platform: platform, campaignID: campaignID, tagging: tagging))
    }

    public static func tag(_ text: String, with prepared: Prepared) -> String {
        guard !prepared.items.isEmpty else { return text }
        return tag(text, links: links(in: text, for: prepared.platform), with: prepared)
    }

    /// Where `platform` makes a link of `text`, as UTF-8 offsets: Mastodon
    /// links only URLs with a scheme, and more of a path than X does
    /// (`https://ja.wikipedia.org/wiki/東京`); Bluesky links whatever follows
    /// `https://` up to a space. Tagged anywhere else, the parameters would
    /// land inside a link's path or on plain text. Only web links are tagged:
    /// not Mastodon's `gemini://` or `ipfs://`. The other platforms do not
    /// say how they find links; X's rules stand in for them.
    static func links(in text: String, for platform: Platform) -> [Range<Int>] {
        switch platform {
        case .mastodon:
            let links = TwitterText.urlOffsets(in: text, withoutProtocol: false, dialect: .mastodon)
            return links.isEmpty ? links : text.withUTF8Bytes { bytes in
                let web = links.filter { bytes[$0.lowerBound] | 0x20 == UInt8(ascii: "h") }
                // Mastodon counts a t.co link's query as text, but the query is the link's all the
                // same: the parameters go after it, as X finds the link, not between the two.
                func isTcoWithQuery(_ link: Range<Int>) -> Bool {
                    guard link.upperBound < bytes.count, bytes[link.upperBound] == UInt8(ascii: "?") else { return false }
                    let url = String(decoding: UnsafeBufferPointer(rebasing: bytes[link]), as: UTF8.self).lowercased()
                    return url.hasPrefix("https://t.co/") || url.hasPrefix("http://t.co/")
                }
                guard web.contains(where: isTcoWithQuery) else { return web }
                let whole = TwitterText.urlOffsets(in: text, withoutProtocol: false)
                return web.map { link in
                    isTcoWithQuery(link) ? whole.first { $0.lowerBound == link.lowerBound && $0.upperBound > link.upperBound } ?? link : link
                }
            }
        case .bluesky:
            return BlueskyRichText.linkSpans(in: text)
        default:
            return TwitterText.urlOffsets(in: text)
        }
    }

    /// `tag` for a text whose links are already found, as UTF-8 offsets
    /// (`links(in:for:)`).
    static func tag(_ text: String, links: [Range<Int>], with prepared: Prepared) -> String {
        guard !prepared.items.isEmpty, !links.isEmpty else { return text }
        return text.withUTF8Bytes { bytes in
            let links = links.map { withQuery(withPort($0, in: bytes), in: bytes) }
            // Most links have no query and no fragment: the parameters become
            // their query. The others are rewritten whole. Either way the
            // length is known before the text is built from its bytes.
            var length = bytes.count
            var rewritten: [Int: String] = [:]
            for (i, link) in links.enumerated() {
                let url = UnsafeBufferPointer(rebasing: bytes[link])
                if url.contains(where: { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") }) {
                    let tagged = tagURL(String(decoding: url, as: UTF8.self), with: prepared.items, overrideExisting: prepared.overrideExisting)
                    rewritten[i] = tagged
                    length += tagged.utf8.count - url.count
                } else {
                    length += (endsAtHost(url) ? 2 : 1) + prepared.queryUTF8.count
                }
            }
            return String(unsafeUninitializedCapacity: length) { out in
                var end = 0
                func put(_ piece: UnsafeBufferPointer<UInt8>) {
                    _ = UnsafeMutableBufferPointer(rebasing: out[end...]).initialize(fromContentsOf: piece)
                    end += piece.count
                }
                var cursor = 0
                for (i, link) in links.enumerated() {
                    put(UnsafeBufferPointer(rebasing: bytes[cursor..<link.lowerBound]))
                    if let tagged = rewritten[i] {
                        tagged.withUTF8Bytes(put)
                    } else {
                        let url = UnsafeBufferPointer(rebasing: bytes[link])
                        put(url)
                        if endsAtHost(url) {
                            out[end] = UInt8(ascii: "/")
                            end += 1
                        }
                        out[end] = UInt8(ascii: "?")
                        end += 1
                        prepared.queryUTF8.withUnsafeBufferPointer(put)
                    }
                    cursor = link.upperBound
                }
                put(UnsafeBufferPointer(rebasing: bytes[cursor...]))
                return end
            }
        }
    }

    /// The parameters `tag` adds, in order: utm_source, utm_medium,
    /// utm_campaign, utm_content, utm_term, then `extra` by key.
    public static func parameters(platform: Platform, campaignID: String,
                                  tagging: LinkTagging) -> [(key: String, value: String)] {
        var items: [(key: String, value: String)] = [
            ("utm_source", tagging.source ?? platform.rawValue),
            ("utm_medium", tagging.medium ?? "social"),
            ("utm_campaign", tagging.campaign ?? campaignID),
            ("utm_content", tagging.content ?? ""),
            ("utm_term", tagging.term ?? ""),
        ]
        // By key, not searched: a campaign may list thousands.
        var at = Dictionary(items.enumerated().map { ($1.key, $0) }, uniquingKeysWith: { first, _ in first })
        for (key, value) in tagging.extra.sorted(by: { $0.key < $1.key }) {
            if let i = at[key] {
                items[i].value = value
            } else {
                at[key] = items.count
                items.append((key, value))
            }
        }
        return items.filter { !$0.value.isEmpty }
    }

    /// Adds `items` to one URL's query, before its fragment.
    public static func tagURL(_ url: String, with items: [(key: String, value: String)],
                              overrideExisting: Bool) -> String {
        guard !items.isEmpty else { return url }
        let fragmentStart = url.firstIndex(of: "#") ?? url.endIndex
        let beforeFragment = url[..<fragmentStart]
        let fragment = url[fragmentStart...]
        let queryMark = beforeFragment.firstIndex(of: "?")
        let resource = beforeFragment[..<(queryMark ?? fragmentStart)]
        let query = queryMark.map { beforeFragment[beforeFragment.index(after: $0)...] } ?? ""

        var pairs = query.isEmpty ? [] : query.split(separator: "&", omittingEmptySubsequences: false)
            .map(String.init)
        let keys = pairs.map(decodedKey)
        if keys.contains(where: { $0.hasPrefix("utm_") }) && !overrideExisting { return url }

        var pending = items
        if overrideExisting {
            var replaced: Set<String> = []
            var kept: [String] = []
            for (pair, key) in zip(pairs, keys) {
                guard let i = pending.firstIndex(where: { $0.key.lowercased() == key }) else {
                    if !replaced.contains(key) { kept.append(pair) }
                    continue
                }
                kept.append(encodedPair(pending[i]))
                replaced.insert(key)
                pending.remove(at: i)
            }
            pairs = kept
        } else {
            // A parameter the link has already (`ref=old` beside `extra: { ref: … }`) keeps its value, once.
            pending.removeAll { item in keys.contains(item.key.lowercased()) }
        }
        let added = pending.map(encodedPair)
        let needsSeparator = !(pairs.last?.isEmpty ?? true)
        let newQuery = pairs.joined(separator: "&") + (needsSeparator && !added.isEmpty ? "&" : "")
            + added.joined(separator: "&")
        return resource + (endsAtHost(resource.utf8) ? "/?" : "?") + newQuery + fragment
    }

    /// A link with no path (`example.com`, `https://example.com:8080`): its
    /// query goes after a `/`, the same address. X keeps a query in a link
    /// without a scheme only after a path: `example.com?utm_source=x` would
    /// be the host as a link and the parameters as text, counted letter by letter.
    static func endsAtHost<URL: Collection<UInt8>>(_ url: URL) -> Bool {
        var start = url.startIndex
        if let colon = url.firstIndex(of: UInt8(ascii: ":")), url[colon...].starts(with: "://".utf8) {
            start = url.index(colon, offsetBy: 3)
        }
        return !url[start...].contains(UInt8(ascii: "/"))
    }

    /// `www.example.com:8080`: X links a host without a scheme or a path
    /// alone, and leaves its port as text. The parameters go after the port
    /// (`www.example.com:8080/?utm_…`, which X links whole), not between the
    /// host and its port, where the port would end up in a parameter's value.
    static func withPort(_ link: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        func isDigit(_ i: Int) -> Bool { i < bytes.count && bytes[i] >= 0x30 && bytes[i] <= 0x39 }
        var end = link.upperBound
        guard end < bytes.count, bytes[end] == UInt8(ascii: ":"), isDigit(end + 1),
              endsAtHost(UnsafeBufferPointer(rebasing: bytes[link])) else { return link }
        end += 1
        while isDigit(end) { end += 1 }
        // `example.com:80x` has no port to take in.
        if end < bytes.count, TwitterTextCharacters.isASCIIAlphanumeric(UInt32(bytes[end])) || bytes[end] == UInt8(ascii: "_") {
            return link
        }
        return link.lowerBound..<end
    }

    /// `example.org?x=1`: X links a host without a scheme or a path alone,
    /// and leaves a query right after it as text. The parameters join that
    /// query (`example.org/?x=1&utm_…`, which X links whole), not end the
    /// host, where the user's query would end up in a parameter's value.
    /// The query runs over twitter-text's query characters and ends on one
    /// it lets a URL end on (prose punctuation after it is not taken).
    static func withQuery(_ link: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        guard link.upperBound < bytes.count, bytes[link.upperBound] == UInt8(ascii: "?") || bytes[link.upperBound] == UInt8(ascii: "#"),
              endsAtHost(UnsafeBufferPointer(rebasing: bytes[link])) else { return link }
        func isQuery(_ b: UInt8) -> Bool { TwitterTextCharacters.isASCIIAlphanumeric(UInt32(b)) || "!?*'();:&=+$/%#[]-_.,~|@".utf8.contains(b) }
        func endsQuery(_ b: UInt8) -> Bool { TwitterTextCharacters.isASCIIAlphanumeric(UInt32(b)) || "_&=#/-".utf8.contains(b) }
        var end = link.upperBound + 1
        while end < bytes.count, isQuery(bytes[end]) { end += 1 }
        while end > link.upperBound + 1, !endsQuery(bytes[end - 1]) { end -= 1 }
        return end > link.upperBound + 1 ? link.lowerBound..<end : link
    }

    private static func decodedKey(_ pair: String) -> String {
        let key = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return (key.removingPercentEncoding ?? String(key)).lowercased()
    }

    static func encodedPair(_ item: (key: String, value: String)) -> String {
        encode(item.key) + "=" + encode(item.value)
    }

    /// Percent-encodes everything but RFC 3986's unreserved characters.
    static func encode(_ s: String) -> String {
        PercentEncoding.encode(s, keeping: PercentEncoding.isUnreserved)
    }
}
