import Foundation

/// The result of `TwitterText.parse`, field for field twitter-text's
/// `parseTweet` result. Offsets are UTF-16 code units (JavaScript string
/// indices) into the text as given; range ends are inclusive.
public struct TwitterTextResult: Sendable, Hashable {
    /// Weighted length: 1 per Latin character, 2 per CJK character or emoji
    /// sequence, 23 per URL.
    public var weightedLength: Int
    /// `weightedLength` in thousandths of the limit, rounded down.
    public var permillage: Int
    /// Non-empty, within the limit and free of U+FFFE, U+FEFF and U+FFFF.
    public var valid: Bool
    public var displayRangeStart: Int
    public var displayRangeEnd: Int
    public var validRangeStart: Int
    public var validRangeEnd: Int
    /// Whether the text holds a character X rejects (U+FFFE, U+FEFF, U+FFFF).
    public var hasInvalidCharacters: Bool
}

/// X's counting rules: a reimplementation of twitter-text's `parseTweet` with
/// configuration v3 and its URL extractor, checked against twitter-text's own
/// conformance data (`validate.yml`, `extract.yml`).
public enum TwitterText {
    /// twitter-text's weighting configuration (`config/v3.json`).
    public struct Configuration: Sendable, Hashable {
        public struct WeightRange: Sendable, Hashable {
            public var start: UInt32
            public var end: UInt32
            public var weight: Int
        }

        public var maxWeightedTweetLength: Int
        public var scale: Int
        public var defaultWeight: Int
        public var emojiParsingEnabled: Bool
        public var transformedURLLength: Int
        public var ranges: [WeightRange]

        /// The configuration X applies today.
        public static let v3 = Configuration(
            maxWeightedTweetLength: 280, scale: 100, defaultWeight: 200, emojiParsingEnabled: true,
            transformedURLLength: 23,
            ranges: [
                WeightRange(start: 0, end: 4351, weight: 100),
                WeightRange(start: 8192, end: 8205, weight: 100),
                WeightRange(start: 8208, end: 8223, weight: 100),
                WeightRange(start: 8242, end: 8247, weight: 100),
            ])

        /// The weight of every ASCII character, when the ranges give them
        /// all the same one (v3 does); nil when a range splits ASCII.
        var asciiWeight: Int? {
            // `weight(of:)` takes the first range holding a character.
            for range in ranges where range.start <= 0x7F {
                return range.start == 0 && range.end >= 0x7F ? range.weight : nil
            }
            return defaultWeight
        }

        func weight(of c: UInt32) -> Int {
            var i = 0
            while i < ranges.count {
                if c >= ranges[i].start && c <= ranges[i].end { return ranges[i].weight }
                i += 1
            }
            return defaultWeight
        }
    }

    /// Measures `text` as X does: NFC first, then every URL weighs
    /// `transformedURLLength`, every emoji sequence one default weight, every
    /// other code point the weight of its range.
    public static func parse(_ text: String, maxWeightedLength: Int = 280,
                             configuration: Configuration = .v3) -> TwitterTextResult {
        var normalized = normalizedNFC(text)
        let originalLength = text.utf16.count
        // ASCII is read in place; anything else is decoded into scalars first.
        let ascii = normalized.withUTF8 { bytes -> TwitterTextResult? in
            guard isASCII(bytes) else { return nil }
            if let weight = configuration.asciiWeight {
                return parseASCII(ASCIIText(bytes: bytes), weight: weight, originalLength: originalLength,
                                  maxWeightedLength: maxWeightedLength, configuration: configuration)
            }
            return parse(ASCIIText(bytes: bytes), originalLength: originalLength,
                         maxWeightedLength: maxWeightedLength, configuration: configuration)
        }
        return ascii ?? parse(ScalarText(normalized), originalLength: originalLength,
                              maxWeightedLength: maxWeightedLength, configuration: configuration)
    }

    static func parse<Text: ScannedText>(_ scalars: Text, originalLength: Int, maxWeightedLength: Int,
                                        configuration: Configuration) -> TwitterTextResult {
        let urls = TwitterURLScanner.spans(in: scalars)
        let scale = configuration.scale
        let maxWeight = maxWeightedLength * scale

        var weight = 0, validDisplayIndex = 0, valid = true, hasInvalid = false
        var i = 0, nextURL = 0
        while i < scalars.count {
            while nextURL < urls.count, urls[nextURL].lowerBound < i { nextURL += 1 }
            let last: Int
            if nextURL < urls.count, urls[nextURL].lowerBound == i {
                weight += configuration.transformedURLLength * scale
                last = urls[nextURL].upperBound - 1
                nextURL += 1
            } else if configuration.emojiParsingEnabled,
                      mayBeginEmoji(scalars[i]),
                      case let length = emojiSequenceLength(scalars, at: i), length > 0 {
                weight += configuration.defaultWeight
                last = i + length - 1
            } else {
                weight += configuration.weight(of: scalars[i])
                if scalars[i] >= 0xFEFF && TwitterTextCharacters.isInvalid(scalars[i]) { hasInvalid = true }
                last = i
            }
            i = last + 1
            // twitter-text checks the last UTF-16 unit of each entity only.
            if valid { valid = !TwitterTextCharacters.isInvalid(scalars[last]) }
            if valid && weight <= maxWeight { validDisplayIndex = scalars.utf16Offset(last + 1) - 1 }
        }
        return result(weightedLength: weight / scale, maxWeightedLength: maxWeightedLength, valid: valid,
                      validDisplayIndex: validDisplayIndex, originalLength: originalLength,
                      scannedLength: scalars.utf16Offset(scalars.count), hasInvalid: hasInvalid)
    }

    /// The result of either parse. `validDisplayIndex` and `scannedLength`
    /// are UTF-16 offsets into the normalized text; the ranges are given in
    /// the original's (`originalLength` units).
    private static func result(weightedLength: Int, maxWeightedLength: Int, valid: Bool, validDisplayIndex: Int,
                               originalLength: Int, scannedLength: Int, hasInvalid: Bool) -> TwitterTextResult {
        // As twitter-text computes it, in floating point.
        let permillage = maxWeightedLength > 0
            ? Int((Double(weightedLength) / Double(maxWeightedLength) * 1000).rounded(.down))
            : (weightedLength > 0 ? Int.max : 0)
        return TwitterTextResult(
            weightedLength: weightedLength,
            permillage: permillage,
            valid: valid && weightedLength > 0 && weightedLength <= maxWeightedLength,
            displayRangeStart: 0,
            displayRangeEnd: originalLength > 0 ? originalLength - 1 : 0,
            validRangeStart: 0,
            validRangeEnd: validDisplayIndex + originalLength - scannedLength,
            hasInvalidCharacters: hasInvalid)
    }

    /// `parse` for ASCII text whose characters all weigh `weight`: ASCII
    /// holds no emoji sequence and no invalid character, so the text is
    /// URLs and runs of equal characters between them, each run counted at
    /// once instead of character by character. Same result as `parse`.
    static func parseASCII(_ text: ASCIIText, weight characterWeight: Int, originalLength: Int, maxWeightedLength: Int,
                           configuration: Configuration) -> TwitterTextResult {
        let maxWeight = maxWeightedLength * configuration.scale
        let urlWeight = configuration.transformedURLLength * configuration.scale
        // As in `parse`: the last character of the last entity within the limit.
        var weight = 0, validDisplayIndex = 0, i = 0
        func run(to end: Int) {
            guard end > i else { return }
            let before = weight
            weight += (end - i) * characterWeight
            if weight <= maxWeight {
                validDisplayIndex = end - 1
            } else if before <= maxWeight, characterWeight > 0, case let fitting = (maxWeight - before) / characterWeight, fitting > 0 {
                validDisplayIndex = i + fitting - 1
            }
            i = end
        }
        for url in TwitterURLScanner.spans(in: text) {
            run(to: url.lowerBound)
            weight += urlWeight
            if weight <= maxWeight { validDisplayIndex = url.upperBound - 1 }
            i = url.upperBound
        }
        run(to: text.count)
        return result(weightedLength: weight / configuration.scale, maxWeightedLength: maxWeightedLength, valid: true,
                      validDisplayIndex: validDisplayIndex, originalLength: originalLength, scannedLength: text.count,
                      hasInvalid: false)
    }

    /// The URLs twitter-text would find in `text`, as ranges of `text` itself
    /// (no normalisation is applied). URLs without a scheme are included when
    /// their top-level domain is known.
    public static func extractURLs(_ text: String) -> [Range<String.Index>] {
        extractURLs(text, withoutProtocol: true)
    }

    /// `extractURLs` with twitter-text's `extractUrlsWithoutProtocol` option;
    /// Mastodon counts only URLs that carry a scheme.
    public static func extractURLs(_ text: String, withoutProtocol: Bool) -> [Range<String.Index>] {
        let utf8 = text.utf8
        return urlOffsets(in: text, withoutProtocol: withoutProtocol).map {
            utf8.index(utf8.startIndex, offsetBy: $0.lowerBound)..<utf8.index(utf8.startIndex, offsetBy: $0.upperBound)
        }
    }

    /// `extractURLs` as UTF-8 offsets into `text`: what the link tagger and
    /// the counters work with, without converting to indices.
    static func urlOffsets(in text: String, withoutProtocol: Bool = true, dialect: URLDialect = .twitter) -> [Range<Int>] {
        // Every URL has a dot in its host: without one there is nothing to scan.
        guard text.containsUTF8(UInt8(ascii: ".")) else { return [] }
        let ascii = text.withUTF8Bytes { bytes in
            // Scalar and UTF-8 offsets coincide.
            isASCII(bytes) ? TwitterURLScanner.spans(in: ASCIIText(bytes: bytes), extractWithoutProtocol: withoutProtocol, dialect: dialect) : nil
        }
        if let ascii { return ascii }
        let spans = TwitterURLScanner.spans(in: ScalarText(text), extractWithoutProtocol: withoutProtocol, dialect: dialect)
        return utf8Offsets(forScalarSpans: spans, in: text)
    }

    // MARK: Emoji

    /// Whether an emoji sequence may start with `c`: a quick test before
    /// `emojiSequenceLength`, which skips Latin text, spaces and punctuation.
    static func mayBeginEmoji(_ c: UInt32) -> Bool {
        c >= 0xA9 || isKeycapBase(c)
    }

    /// `#`, `*` and the digits: the characters of a keycap (`1️⃣`).
    private static func isKeycapBase(_ c: UInt32) -> Bool {
        c == 0x23 || c == 0x2A || (c >= 0x30 && c <= 0x39)
    }

    /// The number of scalars of the emoji sequence starting at `i`, or 0.
    ///
    /// Follows the emoji regex of twemoji-parser, which twitter-text uses: a
    /// keycap (`1⃣`, `1️⃣`), a flag (two regional indicators that name a
    /// region), a tag sequence, an emoji with a VS16 (when shown as text by
    /// default) or a skin-tone modifier, and ZWJ chains of those count as
    /// one. `©`, `®` and `™` need VS16; other text-style emoji
    /// count unless VS15 (U+FE0E) asks for text presentation. Unlike twemoji,
    /// ZWJ chains are recognised by their structure, not from a fixed list.
    static func emojiSequenceLength<Text: ScannedText>(_ s: Text, at i: Int) -> Int {
        let c = s[i]
        let n = s.count
        func at(_ j: Int) -> UInt32 { j < n ? s[j] : 0 }
        if c < 0x80 {
            guard isKeycapBase(c) else { return 0 }
            if at(i + 1) == 0x20E3 { return 2 }
            if at(i + 1) == 0xFE0F && at(i + 2) == 0x20E3 { return 3 }
            return 0
        }
        if c == 0xFE0F { return 1 }
        guard mayBeEmoji(c), let scalar = Unicode.Scalar(c), scalar.properties.isEmoji else { return 0 }
        if isRegionalIndicator(c) { return isFlag(c, at(i + 1)) ? 2 : 1 }
        let next = at(i + 1)
        if next == 0xFE0E { return 0 }
        if (c == 0xA9 || c == 0xAE || c == 0x2122) && next != 0xFE0F { return 0 }

        var j = afterPresentation(s, base: scalar, at: i + 1)
        if c == 0x1F3F4 {
            var k = j
            while at(k) >= 0xE0020 && at(k) <= 0xE007E { k += 1 }
            if k > j && at(k) == 0xE007F { j = k + 1 }
        }
        while at(j) == 0x200D, at(j + 1) >= 0x80, let element = Unicode.Scalar(at(j + 1)),
              element.properties.isEmoji {
            j = afterPresentation(s, base: element, at: j + 2)
        }
        return j - i
    }

    /// Skips a VS16 after an emoji shown as text by default (twemoji's
    /// `(?:\ufe0f|(?!\ufe0e))`) or, after a modifier base, a skin-tone
    /// modifier. A VS16 after an emoji shown as emoji by default (😀) is
    /// not part of it: twemoji matches it alone, one more emoji.
    private static func afterPresentation<Text: ScannedText>(_ s: Text, base: Unicode.Scalar, at j: Int) -> Int {
        guard j < s.count else { return j }
        if s[j] == 0xFE0F { return base.properties.isEmojiPresentation ? j : j + 1 }
        if s[j] >= 0x1F3FB && s[j] <= 0x1F3FF && base.properties.isEmojiModifierBase { return j + 1 }
        return j
    }

    private static func isRegionalIndicator(_ c: UInt32) -> Bool { c >= 0x1F1E6 && c <= 0x1F1FF }

    /// Whether two regional indicators are a flag twemoji knows: one of
    /// Unicode's 259 region flags (RGI_Emoji_Flag_Sequence, Emoji 16.0,
    /// Sark's 🇨🇶 the newest). Any other pair (🇦🇦) is two letters, each
    /// an emoji of its own.
    private static func isFlag(_ first: UInt32, _ second: UInt32) -> Bool {
        guard isRegionalIndicator(first), isRegionalIndicator(second) else { return false }
        return flagSecondLetters[Int(first - 0x1F1E6)] & (1 << (second - 0x1F1E6)) != 0
    }

    /// For each first letter A–Z, the second letters of its flags as bits
    /// (bit 0 is A): the pairs of regional indicators among the keys of
    /// Python's `emoji` package (2.16), `EMOJI_DATA`, which follows Unicode's
    /// list. A new Emoji version adds a flag rarely (Sark's in 16.0).
    private static let flagSecondLetters: [UInt32] = [
        0x2DF597C, 0x36F7BFB, 0x3F3FDED, 0x2005650,
        0x01E00D5, 0x0025700, 0x15FB9FB, 0x01A3400,
        0x00F781C, 0x000D010, 0x342B1D0, 0x13E0507,
        0x3FFFCFD, 0x212C975, 0x0001000, 0x14E3CF1,
        0x0000001, 0x0544010, 0x3AE7FDF, 0x26A7EED,
        0x3043041, 0x0102155, 0x0040020, 0x0000400,
        0x0080010, 0x0401001,
    ]

    /// A cheap filter before the property lookup: emoji live at U+00A9,
    /// U+00AE, U+203C–U+3299 and from U+1F000 on.
    private static func mayBeEmoji(_ c: UInt32) -> Bool {
        c == 0xA9 || c == 0xAE || (c >= 0x203C && c <= 0x3299) || c >= 0x1F000
    }

    // MARK: Helpers shared by the other rules

    /// NFC, skipped when no scalar could change (all below U+0300). The
    /// standard library's normalizer (the one String comparison uses) takes
    /// time in the text's length; Foundation's
    /// `precomposedStringWithCanonicalMapping` moves the rest of the text at
    /// each composition: 200,000 decomposed accents took it 1 s, the standard
    /// library 0.02 s. Their results differ in one known case, where
    /// Foundation is wrong: a Hangul syllable and a final consonant at the
    /// end of a text, which NFC composes (가 + ᆨ is 각), as Java's
    /// Normalizer, used by X's twitter-text, does.
    static func normalizedNFC(_ text: String) -> String {
        let maybeDenormalized = text.utf8.withContiguousStorageIfAvailable { $0.contains { $0 >= 0xCC } } ?? true
        return maybeDenormalized ? String(decoding: orderingLongMarkRuns(text)._nfcCodeUnits, as: UTF8.self) : text
    }

    /// A run of combining marks longer than `longRun`, put in canonical
    /// order (a stable sort by combining class, which is NFC's first
    /// step): the standard library orders a run by insertion, in time in
    /// the square of its length, and took 20 s for one letter with 300,000
    /// marks. The text is unchanged when no run is that long. NFC's result
    /// is the same either way: no mark moves past a starter, the four
    /// marks that decompose (U+0340, U+0341, U+0343, U+0344) do so into
    /// marks of their own class, and sorting part of a run stably leaves
    /// the stable sort of the whole run as it was.
    static func orderingLongMarkRuns(_ text: String, longRun: Int = 64) -> String {
        var run = 0
        guard text.unicodeScalars.contains(where: { scalar in
            run = scalar.isCombiningMark ? run + 1 : 0
            return run > longRun
        }) else { return text }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var marks: [Unicode.Scalar] = []
        func flushMarks() {
            let ordered = marks.count < 2 ? marks : marks.enumerated().sorted {
                ($0.element.properties.canonicalCombiningClass.rawValue, $0.offset)
                    < ($1.element.properties.canonicalCombiningClass.rawValue, $1.offset)
            }.map(\.element)
            for mark in ordered { UTF8.encode(mark) { bytes.append($0) } }
            marks.removeAll(keepingCapacity: true)
        }
        for scalar in text.unicodeScalars {
            if scalar.isCombiningMark {
                marks.append(scalar)
            } else {
                flushMarks()
                UTF8.encode(scalar) { bytes.append($0) }
            }
        }
        flushMarks()
        return String(decoding: bytes, as: UTF8.self)
    }

    /// All ASCII: scalar, UTF-8 and UTF-16 offsets coincide.
    static func isASCII(_ text: String) -> Bool {
        text.utf8.withContiguousStorageIfAvailable { isASCII($0) } ?? false
    }

    static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        // Eight bytes at a time: none may have its high bit set.
        let raw = UnsafeRawBufferPointer(bytes)
        var i = 0
        while i + 8 <= raw.count {
            if raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
            i += 8
        }
        return raw[i...].allSatisfy { $0 < 0x80 }
    }

    /// Converts sorted scalar-index spans to UTF-8 offsets into `text`.
    static func utf8Offsets(forScalarSpans spans: [Range<Int>], in text: String) -> [Range<Int>] {
        guard !spans.isEmpty else { return [] }
        var offsets: [Range<Int>] = []
        offsets.reserveCapacity(spans.count)
        var position = 0, offset = 0
        var scalars = text.unicodeScalars.makeIterator()
        func advance(to target: Int) -> Int {
            while position < target, let scalar = scalars.next() {
                offset += UTF8.width(scalar)
                position += 1
            }
            return offset
        }
        for span in spans {
            let lower = advance(to: span.lowerBound)
            offsets.append(lower..<advance(to: span.upperBound))
        }
        return offsets
    }
}

extension Unicode.Scalar {
    /// A combining mark (a non-zero canonical combining class; none is
    /// below U+0300): what NFC orders, and what a character carries on.
    var isCombiningMark: Bool {
        value >= 0x300 && properties.canonicalCombiningClass.rawValue != 0
    }
}
