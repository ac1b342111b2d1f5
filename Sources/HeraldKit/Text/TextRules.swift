/// How Threads counts emoji. PLATFORMS.md says by their UTF-8 byte length;
/// that is unconfirmed, so it is an account option.
public enum ThreadsEmojiCounting: String, Sendable, Hashable, Codable, CaseIterable {
    /// An emoji counts as many characters as it has UTF-8 bytes (😀 = 4).
    case utf8Bytes = "utf8_bytes"
    /// An emoji counts as one character, like any other.
    case oneCharacter = "one_character"
}

/// Per-account adjustments to a platform's counting rules.
public struct TextRuleOptions: Sendable, Hashable {
    /// Overrides the platform's limit (X Premium, a Mastodon instance's
    /// `max_characters`, Bluesky's grapheme limit, …).
    public var maxLength: Int?
    /// Mastodon's `characters_reserved_per_url` (default 23).
    public var urlLength: Int?
    public var threadsEmojiCounting: ThreadsEmojiCounting

    public init(maxLength: Int? = nil, urlLength: Int? = nil,
                threadsEmojiCounting: ThreadsEmojiCounting = .utf8Bytes) {
        self.maxLength = maxLength
        self.urlLength = urlLength
        self.threadsEmojiCounting = threadsEmojiCounting
    }
}

/// How a text measures on one platform.
public struct TextMeasurement: Sendable, Hashable {
    /// A named figure besides `length`, kept in a fixed order for printing.
    public struct Detail: Sendable, Hashable {
        public var name: String
        public var value: Int

        public init(_ name: String, _ value: Int) {
            self.name = name
            self.value = value
        }
    }

    public var platform: Platform
    /// The number compared with `limit` (X: the weighted length).
    public var length: Int
    public var limit: Int
    public var valid: Bool
    /// One clause per problem, such as "31 hashtags, over Instagram's limit
    /// of 30"; empty when valid.
    public var problems: [String]
    /// X: weightedLength, permillage. Bluesky: graphemes, bytes. Instagram:
    /// hashtags, mentions. Others: none.
    public var details: [Detail]

    public init(platform: Platform, length: Int, limit: Int, problems: [String] = [],
                details: [Detail] = []) {
        self.platform = platform
        self.length = length
        self.limit = limit
        self.valid = problems.isEmpty
        self.problems = problems
        self.details = details
    }

    /// Over a length limit: the platform's count, or Bluesky's bytes.
    public var isTooLong: Bool {
        length > limit || (platform == .bluesky && (detail("bytes") ?? 0) > TextRules.blueskyMaxBytes)
    }

    /// The value of the detail called `name`, if present.
    public func detail(_ name: String) -> Int? {
        details.first { $0.name == name }?.value
    }

    /// `platform`, `length`, `limit`, `valid`, `problems`, then each detail as
    /// a top-level key — the shape of `herald check --format json`.
    public func jsonObject() -> [String: Any] {
        var object: [String: Any] = [
            "platform": platform.rawValue, "length": length, "limit": limit, "valid": valid,
            "problems": problems,
        ]
        for detail in details { object[detail.name] = detail.value }
        return object
    }
}

extension TextMeasurement: Encodable {
    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Encodes the same keys as `jsonObject()`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(platform.rawValue, forKey: Key("platform"))
        try container.encode(length, forKey: Key("length"))
        try container.encode(limit, forKey: Key("limit"))
        try container.encode(valid, forKey: Key("valid"))
        try container.encode(problems, forKey: Key("problems"))
        for detail in details { try container.encode(detail.value, forKey: Key(detail.name)) }
    }
}

/// Each platform's length rules. Pure functions: no network, no clock.
///
/// "Characters" are grapheme clusters (Swift `Character`s) unless a platform's
/// rule says otherwise: X weighs code points (twitter-text), Threads may count
/// emoji by bytes, Bluesky also caps UTF-8 bytes.
public enum TextRules {
    public static let blueskyMaxBytes = 3_000
    public static let instagramMaxHashtags = 30
    public static let instagramMaxMentions = 20
    public static let threadsMaxLinks = 5
    /// X Premium's text limit, the largest X has.
    public static let xPremiumLimit = 25_000
    public static let mastodonDefaultURLLength = 23

    public static func defaultLimit(for platform: Platform) -> Int {
        switch platform {
        case .x: 280
        case .linkedin: 3_000
        case .facebook: 63_206  // unconfirmed
        case .instagram: 2_200
        case .threads: 500
        case .vk: 16_384  // unconfirmed
        case .mastodon: 500
        case .bluesky: 300
        }
    }

    public static func measure(_ text: String, platform: Platform,
                               options: TextRuleOptions = .init()) -> TextMeasurement {
        let limit = options.maxLength ?? defaultLimit(for: platform)
        switch platform {
        case .x:
            return measureX(text, limit: limit)
        case .mastodon:
            let urlLength = options.urlLength ?? mastodonDefaultURLLength
            let length = Counting.mastodonLength(text, urlLength: urlLength)
            return characters(length, platform: platform, limit: limit)
        case .bluesky:
            let graphemes = Counting.graphemes(text)
            let bytes = text.utf8.count
            var problems: [String] = []
            if graphemes > limit { problems.append(overLimit(graphemes, "grapheme", platform, limit)) }
            if bytes > blueskyMaxBytes {
                problems.append(overLimit(bytes, "UTF-8 byte", platform, blueskyMaxBytes))
            }
            return TextMeasurement(platform: platform, length: graphemes, limit: limit, problems: problems,
                                   details: [.init("graphemes", graphemes), .init("bytes", bytes)])
        case .threads:
            let length = Counting.threadsLength(text, emoji: options.threadsEmojiCounting)
            var problems = characters(length, platform: platform, limit: limit).problems
            // Counted so, 200 emoji are "800 characters": the unit is said, and the setting that changes it.
            if !problems.isEmpty, options.threadsEmojiCounting == .utf8Bytes, length != Counting.graphemes(text) {
                problems[0] += " (each emoji counted by its UTF-8 bytes; an account's emoji_counting: one_character counts it once)"
            }
            // Meta refuses a post of more than 5 distinct links (THREADS_API__LINK_LIMIT_EXCEEDED, since 22 December 2025).
            let links = text.utf8.contains(UInt8(ascii: ".")) ? Set(TwitterText.extractURLs(text).map { sameLink(text[$0]) }).count : 0
            if links > threadsMaxLinks { problems.append(overLimit(links, "link", platform, threadsMaxLinks)) }
            return TextMeasurement(platform: platform, length: length, limit: limit, problems: problems, details: [.init("links", links)])
        case .instagram:
            let length = Counting.graphemes(text)
            let hashtags = Counting.instagramHashtagCount(text)
            let mentions = Counting.instagramMentionCount(text)
            var problems: [String] = []
            if length > limit { problems.append(overLimit(length, "character", platform, limit)) }
            if hashtags > instagramMaxHashtags {
                problems.append(overLimit(hashtags, "hashtag", platform, instagramMaxHashtags))
            }
            if mentions > instagramMaxMentions {
                problems.append(overLimit(mentions, "mention", platform, instagramMaxMentions))
            }
            return TextMeasurement(platform: platform, length: length, limit: limit, problems: problems,
                                   details: [.init("hashtags", hashtags), .init("mentions", mentions)])
        case .linkedin, .facebook, .vk:
            // LinkedIn: counted before little-format escaping (LinkedInLittleText).
            return characters(Counting.graphemes(text), platform: platform, limit: limit)
        }
    }

    /// Where a text over its length limit stops fitting: the end of its
    /// longest prefix, at a character boundary, within the limit as the
    /// platform counts it; nil when the whole text fits. Prefixes of the
    /// limit's size, then twice as many characters each time, until one goes
    /// over; then halving between the last two. The cut is nearly always
    /// near the start: a text of a megabyte is measured whole once.
    public static func fittingEnd(of text: String, platform: Platform, options: TextRuleOptions = .init()) -> String.Index? {
        let limit = options.maxLength ?? defaultLimit(for: platform)
        func fits(_ end: String.Index) -> Bool { !measure(String(text[..<end]), platform: platform, options: options).isTooLong }
        guard !fits(text.endIndex) else { return nil }
        return beforeLink(cut(text, limit: limit, fits: fits), in: text, platform: platform)
    }

    /// A cut that falls inside a link on a platform that counts a link at a
    /// fixed length (X, Mastodon): the link does not fit, whole or cut (a
    /// cut link is text, counted as such), so the text fits up to it, as
    /// twitter-text's `validRangeEnd` says.
    private static func beforeLink(_ end: String.Index, in text: String, platform: Platform) -> String.Index {
        guard platform == .x || platform == .mastodon, end < text.endIndex else { return end }
        let offset = text.utf8.distance(from: text.startIndex, to: end)
        let links = TwitterText.urlOffsets(in: text, withoutProtocol: platform == .x, dialect: platform == .x ? .twitter : .mastodon)
        guard let link = links.first(where: { $0.lowerBound < offset && offset < $0.upperBound }) else { return end }
        return text.utf8.index(text.startIndex, offsetBy: link.lowerBound)
    }

    /// `fittingEnd` for a text known to be over its limit.
    private static func cut(_ text: String, limit: Int, fits: (String.Index) -> Bool) -> String.Index {
        var (fitting, over) = (text.startIndex, text.endIndex)
        var step = max(1, limit)
        while let probe = text.index(fitting, offsetBy: step, limitedBy: over), probe != over {
            guard fits(probe) else { over = probe; break }
            fitting = probe
            step *= 2
        }
        // The prefix that ends where window[k] starts fits for k = 0, not for window.count.
        let window = Array(text[fitting..<over].indices)
        var (low, high) = (0, window.count)
        while high - low > 1 {
            let middle = (low + high) / 2
            if fits(window[middle]) { low = middle } else { high = middle }
        }
        return window[low]
    }

    /// "the first 279 characters fit, up to '…the last words that fit'":
    /// where to cut a text over its length limit, quoted on one line; nil
    /// when it fits.
    public static func fittingHint(_ text: String, measured: TextMeasurement, options: TextRuleOptions = .init()) -> String? {
        guard measured.isTooLong else { return nil }
        // Measured whole already: only prefixes are measured again.
        let end = beforeLink(cut(text, limit: measured.limit) {
            !measure(String(text[..<$0]), platform: measured.platform, options: options).isTooLong
        }, in: text, platform: measured.platform)
        let shown = 30
        let fitting = text[..<end]
        let window = fitting.suffix(shown)
        // Whole words before the cut: a word the window starts inside is left out, unless it is the only
        // one. The cut itself may fall inside a word.
        var words = window.split(whereSeparator: \.isWhitespace)
        if window.startIndex > fitting.startIndex, !fitting[fitting.index(before: window.startIndex)].isWhitespace,
           !(window.first?.isWhitespace ?? true), words.count > 1 {
            words.removeFirst()
        }
        let tail = words.joined(separator: " ")
        let count = fitting.count
        // Counted otherwise than by characters (X's weights, a link's fixed length), a count of
        // characters over the limit would read as a contradiction: the words alone are said.
        let byCharacters = measure(String(fitting), platform: measured.platform, options: options).length == count
        let fit = byCharacters ? "the first \(grouped(count)) character\(count == 1 ? "" : "s") fit" : "it fits"
        return count == 0 ? "none of it fits" : tail.isEmpty ? fit : "\(fit), up to '\(window.startIndex > fitting.startIndex ? "…" : "")\(tail)'"
    }

    /// X: twitter-text's weighted length. An empty text passes here (a post
    /// may be media only) although `TwitterText.parse` calls it invalid.
    private static func measureX(_ text: String, limit: Int) -> TextMeasurement {
        let result = TwitterText.parse(text, maxWeightedLength: limit)
        var problems: [String] = []
        if result.weightedLength > limit {
            problems.append(overLimit(result.weightedLength, "weighted character", .x, limit))
        }
        if result.hasInvalidCharacters {
            let found = Set(text.unicodeScalars.map(\.value).filter(TwitterTextCharacters.isInvalid))
            let names = found.sorted().map(codePoint)
            problems.append("contains \(names.joined(separator: ", ")), which X does not accept")
        }
        return TextMeasurement(platform: .x, length: result.weightedLength, limit: limit, problems: problems,
                               details: [.init("weightedLength", result.weightedLength),
                                         .init("permillage", result.permillage)])
    }

    private static func characters(_ length: Int, platform: Platform, limit: Int) -> TextMeasurement {
        let problems = length > limit ? [overLimit(length, "character", platform, limit)] : []
        return TextMeasurement(platform: platform, length: length, limit: limit, problems: problems)
    }

    /// A character of more combining marks than herald reads in a value
    /// (`YAMLTreeBuilder.maxCombiningRun`): said as a post file's value is.
    public static func combiningRunProblem(_ text: String) -> String? {
        guard text.utf8.count > 2 * YAMLTreeBuilder.maxCombiningRun else { return nil }
        return YAMLTreeBuilder.longestCombiningRun(text).map(YAMLTreeBuilder.combiningRunProblem)
    }

    /// Whether a text has a character that shows: not white space, not a
    /// character drawn as nothing (default-ignorable ones such as U+200B and
    /// U+00AD, format characters, the Hangul fillers, the braille blank).
    static func showsSomething(_ text: String) -> Bool {
        if let first = text.utf8.first, first > 0x20 && first < 0x7F { return true }
        return text.unicodeScalars.contains { scalar in
            let properties = scalar.properties
            // A control character other than white space is an error of its own (PostDecoder).
            return !(properties.isWhitespace || properties.isDefaultIgnorableCodePoint || properties.generalCategory == .format
                     || scalar.value == 0x2800)
        }
    }

    /// `only characters that show nothing (U+200B)`: a text that is not
    /// empty and shows nothing (zero-width spaces, a soft hyphen, the
    /// braille blank), a blank post on every platform; nil otherwise.
    /// Validation refuses a post of it, and `text count` says so too.
    public static func invisibleTextProblem(_ text: String) -> String? {
        guard !text.isEmpty, !showsSomething(text) else { return nil }
        let first = text.unicodeScalars.first { !$0.properties.isWhitespace }
        return "only characters that show nothing" + (first.map { " (\(codePoint($0.value)))" } ?? "")
    }

    /// The control character a text holds (ESC, BEL: not tab, line feed or
    /// carriage return), which no platform shows: a post holding one is an
    /// error, and `text count` says so too.
    public static func controlCharacterProblem(_ text: String) -> String? {
        guard text.utf8.withContiguousStorageIfAvailable(SourceText.mayHoldControl) ?? true,
              let scalar = text.unicodeScalars.first(where: { SourceText.isControl($0.value) }) else { return nil }
        return "contains \(codePoint(scalar.value)), a control character that platforms reject or do not show"
    }

    /// "U+0007": a character named as Unicode writes it, at least four digits.
    static func codePoint(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// "31 hashtags, over Instagram's limit of 30".
    static func overLimit(_ count: Int, _ noun: String, _ platform: Platform, _ limit: Int) -> String {
        "\(grouped(count)) \(noun)\(count == 1 ? "" : "s"), over \(possessive(platform)) limit of \(grouped(limit))"
    }

    /// A link as one address, however written: scheme left out, host in
    /// lower case, a `/` at its end dropped (`https://E.com/` is `e.com`).
    static func sameLink(_ link: Substring) -> String {
        var rest = link
        if let scheme = rest.range(of: "://") { rest = rest[scheme.upperBound...] }
        let host = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        var path = rest.dropFirst(host.count)
        while path.hasSuffix("/") { path = path.dropLast() }
        return host.lowercased() + path
    }

    /// "X's", "Threads'".
    static func possessive(_ platform: Platform) -> String {
        let name = platform.displayName
        return name.hasSuffix("s") ? "\(name)'" : "\(name)'s"
    }

    /// 12345 → "12,345", independent of the locale.
    static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, digit) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return n < 0 ? "-" + out : out
    }
}
