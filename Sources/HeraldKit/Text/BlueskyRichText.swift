/// One `app.bsky.richtext.facet`: a feature over a span of the post's UTF-8
/// bytes (`byteEnd` exclusive).
public struct BlueskyFacet: Sendable, Hashable {
    public enum Feature: Sendable, Hashable {
        /// `#link`, with the URI to open (`https://` added to bare hosts).
        case link(String)
        /// `#mention`, with the handle; the publisher resolves it to a DID.
        case mention(String)
        /// `#tag`, without the `#`.
        case tag(String)
    }

    public var byteStart: Int
    public var byteEnd: Int
    public var feature: Feature

    public init(byteStart: Int, byteEnd: Int, feature: Feature) {
        self.byteStart = byteStart
        self.byteEnd = byteEnd
        self.feature = feature
    }
}

/// Facet detection as in `detectFacets` of the official client (@atproto/api
/// `rich-text/detection.ts`), whose three regular expressions are followed
/// here by hand:
///
/// - mentions `(^|\s|\()@([a-zA-Z0-9.-]+)\b` whose handle ends in a known TLD
///   (or `.test`);
/// - links `(^|\s|\()(https?://\S+ | domain\S*)` where a bare `domain` must end
///   in a known TLD; one trailing `.,;:!?` is dropped, and a `)` when the link
///   holds no `(`;
/// - tags `(^|\s)[#＃]` followed by non-space text that is not only digits and
///   punctuation, trailing punctuation dropped, at most 64 UTF-16 units.
///
/// Two deliberate differences: facets are sorted by position (the client
/// lists mentions, then links, then tags), and a bare host that happens to
/// start with "http" (`httpbin.org`) still gets `https://`.
public enum BlueskyRichText {
    public static func facets(in text: String) -> [BlueskyFacet] {
        // Each kind needs a marker byte; most posts lack some of them.
        var hasAt = false, hasDotOrColon = false, hasHash = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "@"): hasAt = true
            case UInt8(ascii: "."), UInt8(ascii: ":"): hasDotOrColon = true
            case UInt8(ascii: "#"), 0xEF: hasHash = true  // 0xEF leads "＃" (U+FF03)
            default: break
            }
        }
        guard hasAt || hasDotOrColon || hasHash else { return [] }
        let scanner = Scanner(text)
        let facets = (hasAt ? scanner.mentions() : []) + (hasDotOrColon ? scanner.links() : [])
            + (hasHash ? scanner.tags() : [])
        return facets.enumerated()
            .sorted { ($0.element.byteStart, $0.offset) < ($1.element.byteStart, $1.offset) }
            .map(\.element)
    }

    /// The spans Bluesky makes links of, as UTF-8 offsets: where link
    /// tagging puts its parameters.
    static func linkSpans(in text: String) -> [Range<Int>] {
        guard text.utf8.contains(where: { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: ":") }) else { return [] }
        let scanner = Scanner(text)
        return scanner.linkRanges().map { scanner.utf8($0.range.lowerBound)..<scanner.utf8($0.range.upperBound) }
    }

    private struct Scanner {
        let s: [Unicode.Scalar]
        /// The UTF-8 offset of each scalar, plus the total at the end; empty
        /// for ASCII text, whose offsets are its indices.
        private let utf8Offsets: [Int]
        let n: Int

        init(_ text: String) {
            // An ASCII text's scalars are its bytes: read in one pass,
            // where the scalar view decodes the text twice (to count it,
            // then to copy it).
            let ascii = text.utf8.withContiguousStorageIfAvailable { bytes in
                TwitterText.isASCII(bytes) ? bytes.map { Unicode.Scalar($0) } : nil
            }
            if let ascii = ascii ?? nil {
                s = ascii
                n = ascii.count
                utf8Offsets = []
                return
            }
            s = Array(text.unicodeScalars)
            n = s.count
            guard n != text.utf8.count else {
                utf8Offsets = []
                return
            }
            var utf8: [Int] = [0]
            utf8.reserveCapacity(n + 1)
            var bytes = 0
            for scalar in s {
                let value = scalar.value
                bytes += value < 0x80 ? 1 : value < 0x800 ? 2 : value < 0x10000 ? 3 : 4
                utf8.append(bytes)
            }
            utf8Offsets = utf8
        }

        /// The UTF-8 offset of scalar `i` (`n` gives the text's length).
        func utf8(_ i: Int) -> Int { utf8Offsets.isEmpty ? i : utf8Offsets[i] }

        private func string(_ r: Range<Int>) -> String {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: s[r])
            return String(view)
        }

        private func facet(_ r: Range<Int>, _ feature: BlueskyFacet.Feature) -> BlueskyFacet {
            BlueskyFacet(byteStart: utf8(r.lowerBound), byteEnd: utf8(r.upperBound), feature: feature)
        }

        // MARK: Mentions

        func mentions() -> [BlueskyFacet] {
            var found: [BlueskyFacet] = []
            var lastIndex = 0
            for at in 0..<n where s[at] == "@" && at >= lastIndex {
                // `(^|\s|\()@`: the text's start, or a space or "(" not yet consumed.
                guard at == 0 || (at - 1 >= lastIndex && (Self.isJSSpace(s[at - 1]) || s[at - 1] == "(")),
                      let end = handleEnd(after: at)
                else { continue }
                lastIndex = end
                let handle = string(at + 1..<end)
                if Self.endsWithKnownTLD(handle) || handle.hasSuffix(".test") {
                    found.append(facet(at..<end, .mention(handle)))
                }
            }
            return found
        }

        /// `[a-zA-Z0-9.-]+` backed off to a word boundary (`\b`).
        private func handleEnd(after at: Int) -> Int? {
            var end = at + 1
            while end < n, Self.isHandleChar(s[end]) { end += 1 }
            while end > at + 1 {
                let before = Self.isJSWord(s[end - 1])
                let after = end < n && Self.isJSWord(s[end])
                if before != after { return end }
                end -= 1
            }
            return nil
        }

        // MARK: Links

        func links() -> [BlueskyFacet] {
            linkRanges().map { link in
                let written = string(link.range)
                return facet(link.range, .link(link.bareHost ? "https://" + written : written))
            }
        }

        /// The links' spans, trailing punctuation left out, and whether each
        /// is a bare host (its URI gains `https://`).
        func linkRanges() -> [(range: Range<Int>, bareHost: Bool)] {
            var found: [(range: Range<Int>, bareHost: Bool)] = []
            var i = 0
            while i < n {
                // `(^|\s|\()` then a link, which starts with an ASCII letter.
                var start: Int?
                var match: LinkMatch?
                if Self.isASCIILetter(s[i]), i == 0 || Self.isLineTerminator(s[i - 1]), let m = link(at: i) {
                    (start, match) = (i, m)
                } else if i + 1 < n, Self.isASCIILetter(s[i + 1]), Self.isJSSpace(s[i]) || s[i] == "(",
                          let m = link(at: i + 1) {
                    (start, match) = (i + 1, m)
                }
                guard let start, let match else {
                    i += 1
                    continue
                }
                i = match.end
                if let domainEnd = match.domainEnd {
                    guard Self.endsWithKnownTLD(string(start..<domainEnd)) else { continue }
                } else {
                    // "HTTP://…" is skipped, as upstream.
                    guard s[start] == "h", s[start + 1] == "t", s[start + 2] == "t", s[start + 3] == "p" else { continue }
                }
                var end = match.end
                if ".,;:!?".unicodeScalars.contains(s[end - 1]) { end -= 1 }
                if s[end - 1] == ")" && !s[start..<end].contains("(") { end -= 1 }
                found.append((start..<end, match.domainEnd != nil))
            }
            return found
        }

        private struct LinkMatch {
            var end: Int
            /// Set for a bare host (`domain\S*`): where the host ends.
            var domainEnd: Int?
        }

        /// `https?://\S+` or `[a-z][a-z0-9]*(\.[a-z0-9]+)+\S*`, case-insensitively.
        private func link(at p: Int) -> LinkMatch? {
            guard p < n else { return nil }
            func nonSpaceEnd(_ from: Int) -> Int {
                var e = from
                while e < n, !Self.isJSSpace(s[e]) { e += 1 }
                return e
            }
            if let scheme = schemeLength(at: p) {
                let end = nonSpaceEnd(p + scheme)
                if end > p + scheme { return LinkMatch(end: end, domainEnd: nil) }
            }
            guard Self.isASCIILetter(s[p]) else { return nil }
            var e = p + 1
            while e < n, Self.isASCIIAlphanumeric(s[e]) { e += 1 }
            var domainEnd: Int?
            while e + 1 < n, s[e] == ".", Self.isASCIIAlphanumeric(s[e + 1]) {
                e += 1
                while e < n, Self.isASCIIAlphanumeric(s[e]) { e += 1 }
                domainEnd = e
            }
            guard let domainEnd else { return nil }
            return LinkMatch(end: nonSpaceEnd(domainEnd), domainEnd: domainEnd)
        }

        /// `https?://`, case-insensitively.
        private func schemeLength(at p: Int) -> Int? {
            func lower(_ i: Int) -> UInt32 { i < n ? TwitterTextCharacters.asciiLowercased(s[i].value) : 0 }
            guard lower(p) == 0x68, lower(p + 1) == 0x74, lower(p + 2) == 0x74, lower(p + 3) == 0x70
            else { return nil }
            let colon = lower(p + 4) == 0x73 ? p + 5 : p + 4
            guard lower(colon) == 0x3A, lower(colon + 1) == 0x2F, lower(colon + 2) == 0x2F else { return nil }
            return colon + 3 - p
        }

        // MARK: Tags

        func tags() -> [BlueskyFacet] {
            var found: [BlueskyFacet] = []
            var i = 0
            for hash in 0..<n where Self.isHash(s[hash]) && hash >= i {
                // `(^|\s)[#＃]`: the text's start, or a space not yet consumed.
                guard hash == 0 || (hash - 1 >= i && Self.isJSSpace(s[hash - 1])) else { continue }
                // `(?!\ufe0f)[^\s…]*[^\d\s\p{P}…]+[^\s…]*`: a run of tag characters
                // with at least one that is neither a digit nor punctuation.
                var end = hash + 1
                if end < n, s[end] != "\u{FE0F}" {
                    while end < n, Self.isTagChar(s[end]) { end += 1 }
                }
                i = end
                let body = hash + 1..<end
                guard body.contains(where: { !Self.isASCIIDigit(s[$0]) && !Self.isPunctuation(s[$0]) })
                else {
                    i = hash + 1
                    continue
                }
                var tagEnd = end
                while tagEnd > body.lowerBound, Self.isPunctuation(s[tagEnd - 1]) { tagEnd -= 1 }
                // In UTF-16 units, as JavaScript measures.
                let length = s[body.lowerBound..<tagEnd].reduce(0) { $0 + ($1.value < 0x10000 ? 1 : 2) }
                guard length > 0, length <= 64 else { continue }
                found.append(facet(hash..<tagEnd, .tag(string(body.lowerBound..<tagEnd))))
            }
            return found
        }

        // MARK: Character classes (JavaScript's, where the regexes use them)

        static func isJSSpace(_ c: Unicode.Scalar) -> Bool {
            switch c.value {
            case 0x09...0x0D, 0x20, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F,
                 0x3000, 0xFEFF:
                return true
            default:
                return false
            }
        }

        static func isLineTerminator(_ c: Unicode.Scalar) -> Bool {
            c == "\n" || c == "\r" || c == "\u{2028}" || c == "\u{2029}"
        }

        static func isJSWord(_ c: Unicode.Scalar) -> Bool { isASCIIAlphanumeric(c) || c == "_" }

        static func isHandleChar(_ c: Unicode.Scalar) -> Bool {
            isASCIIAlphanumeric(c) || c == "." || c == "-"
        }

        static func isASCIILetter(_ c: Unicode.Scalar) -> Bool {
            (c >= "a" && c <= "z") || (c >= "A" && c <= "Z")
        }

        static func isASCIIDigit(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }

        static func isASCIIAlphanumeric(_ c: Unicode.Scalar) -> Bool { isASCIILetter(c) || isASCIIDigit(c) }

        static func isHash(_ c: Unicode.Scalar) -> Bool { c == "#" || c == "\u{FF03}" }

        /// Not a space and not one of the invisible characters upstream lists.
        static func isTagChar(_ c: Unicode.Scalar) -> Bool {
            if isJSSpace(c) { return false }
            switch c.value {
            case 0xAD, 0x2060, 0x200A, 0x200B, 0x200C, 0x200D, 0x20E2: return false
            default: return true
            }
        }

        /// `\p{P}`.
        static func isPunctuation(_ c: Unicode.Scalar) -> Bool {
            switch c.properties.generalCategory {
            case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
                 .initialPunctuation, .finalPunctuation, .otherPunctuation:
                return true
            default:
                return false
            }
        }

        /// Upstream's `isValidDomain`: ends with "." and a TLD from the `tlds`
        /// package, compared case-sensitively (lowercase).
        static func endsWithKnownTLD(_ domain: String) -> Bool {
            guard let dot = domain.lastIndex(of: ".") else { return false }
            return KnownTopLevelDomains.contains(String(domain[domain.index(after: dot)...]))
        }
    }
}
