import Foundation

extension TextRules {
    /// The counting rules of Mastodon, Threads and Instagram; `TextRules.measure`
    /// compares their results with the limits.
    enum Counting {
        /// Grapheme clusters (Swift's `count`). In ASCII every byte is one,
        /// except that CR LF is one: counted from the bytes, much faster.
        static func graphemes(_ text: String) -> Int {
            let ascii = text.utf8.withContiguousStorageIfAvailable { bytes -> Int? in
                guard TwitterText.isASCII(bytes) else { return nil }
                var count = bytes.count
                // Carriage returns are rare: memchr finds them.
                var from = 0
                while let cr = bytes.firstOffset(of: 0x0D, from: from) {
                    if cr + 1 < bytes.count && bytes[cr + 1] == 0x0A { count -= 1 }
                    from = cr + 1
                }
                return count
            }
            return (ascii ?? nil) ?? text.count
        }

        // MARK: Mastodon

        /// Mastodon's `StatusLengthValidator`: the text stripped of white
        /// space at both ends (`String#strip`, as Mastodon does before it
        /// validates), every URL with a scheme `urlLength` placeholder
        /// characters, `@user@domain` as `@user`, counted in grapheme
        /// clusters. Like Mastodon, a host without a scheme (`example.com`)
        /// counts as written. URLs and mentions are found over the whole text
        /// and, where two overlap, the one that starts first is kept
        /// (`Extractor.remove_overlapping_entities`).
        static func mastodonLength(_ text: String, urlLength: Int) -> Int {
            let text = rubyStripped(text)
            let mayHaveURL = text.containsUTF8(UInt8(ascii: ":"))
            let urls = mayHaveURL ? TwitterText.urlOffsets(in: text, withoutProtocol: false, dialect: .mastodon) : []
            // Without mentions: the text's graphemes, with each URL's replaced by
            // the placeholder's. Exact when URLs are whole graphemes, as in ASCII.
            if !text.containsUTF8(UInt8(ascii: "@")) && (urls.isEmpty || TwitterText.isASCII(text)) {
                return graphemes(text) + urls.reduce(0) { $0 + max(urlLength, 0) - $1.count }
            }
            // Each entity as UTF-8 offsets, and what counts in its place (nil: a URL's placeholder).
            var entities: [(range: Range<Int>, userEnd: Int?)] = urls.map { ($0, nil) }
            // A mention's `@user` and the `@domain` after it, in order, each to UTF-8 offsets.
            let mentions = mastodonMentions(Array(text.unicodeScalars))
            let pieces = TwitterText.utf8Offsets(forScalarSpans: mentions.flatMap { [$0.range.lowerBound..<$0.userEnd, $0.userEnd..<$0.range.upperBound] },
                                                 in: text)
            for i in mentions.indices {
                entities.append((pieces[2 * i].lowerBound..<pieces[2 * i + 1].upperBound, pieces[2 * i].upperBound))
            }
            entities.sort { $0.range.lowerBound < $1.range.lowerBound }
            let utf8 = text.utf8
            func index(_ offset: Int) -> String.Index { utf8.index(utf8.startIndex, offsetBy: offset) }
            var countable = ""
            var cursor = 0
            for entity in entities where entity.range.lowerBound >= cursor {
                countable += text[index(cursor)..<index(entity.range.lowerBound)]
                if let userEnd = entity.userEnd {
                    countable += text[index(entity.range.lowerBound)..<index(userEnd)]
                } else {
                    countable += String(repeating: "x", count: max(urlLength, 0))
                }
                cursor = entity.range.upperBound
            }
            countable += text[index(cursor)...]
            return countable.count
        }

        /// Ruby's `String#strip`: NUL and ASCII white space off both ends.
        static func rubyStripped(_ text: String) -> String {
            func isSpace(_ byte: UInt8) -> Bool { byte == 0 || byte == 0x20 || (0x09...0x0D).contains(byte) }
            let utf8 = text.utf8
            guard let first = utf8.first, let last = utf8.last, isSpace(first) || isSpace(last) else { return text }
            guard let start = utf8.firstIndex(where: { !isSpace($0) }) else { return "" }
            let end = utf8.lastIndex(where: { !isSpace($0) })!
            return String(text[start...end])
        }

        /// Drops the `@domain` of each remote mention (`mastodonMentions`);
        /// with `lowercased`, writes every mention's `@user` in lower case.
        static func mastodonMentionsShortened(_ text: Substring, lowercased: Bool = false) -> String {
            guard text.utf8.contains(UInt8(ascii: "@")) else { return String(text) }
            let s = Array(text.unicodeScalars)
            // Gathered in an array: appending to a String.UnicodeScalarView
            // copies the whole text each time (quadratic in its mentions).
            var out: [Unicode.Scalar] = []
            out.reserveCapacity(s.count)
            var cursor = 0
            for mention in mastodonMentions(s) where mention.isRemote || lowercased {
                out.append(contentsOf: s[cursor..<mention.range.lowerBound])
                let user = s[mention.range.lowerBound..<mention.userEnd]
                if lowercased {
                    // A user name is ASCII (`isUserChar`).
                    out.append(contentsOf: user.map { $0 >= "A" && $0 <= "Z" ? Unicode.Scalar($0.value + 32)! : $0 })
                } else {
                    out.append(contentsOf: user)
                }
                cursor = mention.isRemote ? mention.range.upperBound : mention.userEnd
            }
            out.append(contentsOf: s[cursor...])
            return String(String.UnicodeScalarView(out))
        }

        /// The mentions of `s`, local (`@user`) and remote (`@user@domain`),
        /// as Mastodon's `Account::MENTION_RE` finds them:
        /// `(?<![=/[:word:]])@([a-z0-9_]+([.-]+[a-z0-9_]+)*)(?:@[[:word:]]+([.-]+[[:word:]]+)*)?`
        /// in any letter case, skipped when followed by `@`, a Latin accent or
        /// `://`, or when the domain is over 253 characters. Each one's range,
        /// and where its `@user` ends. Mastodon counts and shows the `@user` alone.
        static func mastodonMentions(_ s: [Unicode.Scalar]) -> [(range: Range<Int>, userEnd: Int, isRemote: Bool)] {
            var found: [(range: Range<Int>, userEnd: Int, isRemote: Bool)] = []
            var i = 0
            while i < s.count {
                guard s[i] == "@", i == 0 || !(s[i - 1] == "=" || s[i - 1] == "/" || isWord(s[i - 1])),
                      let (userEnd, end) = mention(s, at: i)
                else {
                    i += 1
                    continue
                }
                found.append((i..<end, userEnd, end > userEnd))
                i = end
            }
            return found
        }

        /// Mastodon's `Extractor::MAX_DOMAIN_LENGTH`.
        static let maxMentionDomainLength = 253

        /// For a mention at `i`: the end of `@user` and of the whole mention,
        /// the same for a local one.
        private static func mention(_ s: [Unicode.Scalar], at i: Int) -> (Int, Int)? {
            func isUserChar(_ c: Unicode.Scalar) -> Bool {
                c.isASCII && (c.properties.isAlphabetic || c.properties.numericType != nil || c == "_")
            }
            /// The end of `c+([.-]+c+)*` from `start`, as long as it can be; nil without a first `c`.
            func dotted(from start: Int, _ c: (Unicode.Scalar) -> Bool) -> Int? {
                var j = start
                guard j < s.count, c(s[j]) else { return nil }
                while j < s.count, c(s[j]) { j += 1 }
                while j < s.count, s[j] == "." || s[j] == "-" {
                    var k = j
                    while k < s.count, s[k] == "." || s[k] == "-" { k += 1 }
                    guard k < s.count, c(s[k]) else { break }
                    j = k
                    while j < s.count, c(s[j]) { j += 1 }
                }
                return j
            }
            guard let userEnd = dotted(from: i + 1, isUserChar) else { return nil }
            // The optional `@domain`, as long as it can be: `[[:word:]]+([.-]+[[:word:]]+)*`.
            var end = userEnd
            if userEnd < s.count, s[userEnd] == "@", let domainEnd = dotted(from: userEnd + 1, isWord) {
                end = domainEnd
                // A domain longer than a domain name may be is no mention (`MAX_DOMAIN_LENGTH`).
                if end - (userEnd + 1) > maxMentionDomainLength { return nil }
            }
            // What follows the whole match; the regex does not try a shorter one.
            if end < s.count {
                let next = s[end]
                if next == "@" || next == "\u{FF20}" || TwitterTextCharacters.isLatinAccent(next.value) { return nil }
                if next == ":" && end + 2 < s.count && s[end + 1] == "/" && s[end + 2] == "/" { return nil }
            }
            return (userEnd, end)
        }

        /// Ruby's `[[:word:]]` (Onigmo's): alphabetic characters (letters,
        /// letter numbers, and symbols such as `Ⓐ`), marks, decimal digits
        /// and connector punctuation; not other numbers (`²`, `½`) nor ZWJ.
        static func isWord(_ c: Unicode.Scalar) -> Bool {
            if c.isASCII {
                return (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9") || c == "_"
            }
            if c.properties.isAlphabetic { return true }
            switch c.properties.generalCategory {
            case .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .connectorPunctuation:
                return true
            default:
                return false
            }
        }

        // MARK: Threads

        /// Grapheme clusters, except that an emoji counts its UTF-8 bytes when
        /// `emoji` is `.utf8Bytes`. An emoji is a cluster that starts with an
        /// emoji sequence as X recognises them (`TwitterText.emojiSequenceLength`).
        static func threadsLength(_ text: String, emoji: ThreadsEmojiCounting) -> Int {
            guard emoji == .utf8Bytes else { return graphemes(text) }
            var length = 0
            for character in text {
                guard let first = character.unicodeScalars.first, TwitterText.mayBeginEmoji(first.value) else {
                    length += 1
                    continue
                }
                length += TwitterText.emojiSequenceLength(ScalarText(String(character)), at: 0) > 0 ? character.utf8.count : 1
            }
            return length
        }

        // MARK: Instagram

        /// `#tag` occurrences: a `#` not preceded by a word character (or `&`,
        /// as in `&#123;`), followed by at least one letter, digit or `_`.
        static func instagramHashtagCount(_ text: String) -> Int {
            count(in: text, markers: ["#", "\u{FF03}"]) { isWord($0) }
        }

        /// `@user` occurrences: an `@` not preceded by a word character, followed
        /// by a username made of letters, digits, `.` and `_`.
        static func instagramMentionCount(_ text: String) -> Int {
            count(in: text, markers: ["@", "\u{FF20}"]) { $0.isASCII && (isWord($0) || $0 == ".") }
        }

        private static func count(in text: String, markers: Set<Unicode.Scalar>,
                                  body: (Unicode.Scalar) -> Bool) -> Int {
            var total = 0
            var previous: Unicode.Scalar?
            var pendingMarker = false
            for scalar in text.unicodeScalars {
                if pendingMarker, body(scalar), scalar != "." { total += 1 }
                pendingMarker = markers.contains(scalar)
                    && !(previous.map { isWord($0) || $0 == "&" || markers.contains($0) } ?? false)
                previous = scalar
            }
            return total
        }
    }
}
