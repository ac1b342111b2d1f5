import Synchronization

/// "Did you mean" suggestions for misspelt keys and ids.
public enum Suggest {
    /// Longer words get no suggestion: nobody mistypes an id that long, and
    /// comparing it with every candidate would cost time for nothing.
    static let maxWordLength = 200

    /// A prepared list longer than this (of accounts, not counting the
    /// names their platforms' aliases add) gets no suggestions: comparing each unknown
    /// name with thousands of candidates is work in the square of the input
    /// (5,000 unknown names among 5,000 accounts took 23 s), for a hint no
    /// one needs in a list nobody types from memory.
    public static let maxCandidates = 1_000

    /// The candidate closest to `word` by edit distance, when it is close
    /// enough to be a plausible typo (at most a third of the shorter one's
    /// length). The first of equally close candidates wins. With none that
    /// close, the one candidate that is `word` with words added before or
    /// after it, as a short name for a long id.
    /// One look-up compares `word` with every candidate, however many (a
    /// post id among 10,000 for `state resolve`); only prepared lists that
    /// answer many look-ups are capped.
    public static func closest(to word: String, in candidates: some Sequence<String>) -> String? {
        Candidates(candidates, limit: .max).closest(to: word)
    }

    /// What joins the words of an id or key (`winter-launch`, `publish_at`,
    /// `2026/launch`).
    static let separators: Set<Unicode.Scalar> = ["-", "_", "/", "."]

    /// A shorter word is not looked for inside longer names: `x` or `li`
    /// would find whatever ends in it.
    static let minSegmentLength = 3

    /// Candidates prepared once (lowered, as scalars) for many look-ups.
    public struct Candidates: Sendable {
        private let names: [String]
        private let scalars: [[Unicode.Scalar]]

        /// More than `limit` candidates make a list that suggests nothing.
        public init(_ candidates: some Sequence<String>, limit: Int = Suggest.maxCandidates) {
            let names = Array(candidates)
            self.names = names.count <= limit ? names : []
            scalars = self.names.map { Array($0.lowercased().unicodeScalars) }
        }

        public func closest(to word: String) -> String? {
            let target = Array(word.lowercased().unicodeScalars)
            guard target.count <= maxWordLength else { return nil }
            var best: (index: Int, distance: Int)?
            for (index, candidate) in scalars.enumerated() {
                let allowed = max(1, min(target.count, candidate.count) / 3)
                // Each missing or extra character is an edit of its own.
                guard abs(target.count - candidate.count) <= allowed else { continue }
                let bound = min(allowed, (best?.distance ?? .max) - 1)
                if let distance = editDistance(target, candidate, atMost: bound) { best = (index, distance) }
            }
            if let best { return names[best.index] }
            return target.count >= minSegmentLength ? extended(target) : nil
        }

        /// The one candidate that is `target` with words added before or
        /// after it (`winter` for `winter-launch`, `mastodon` for
        /// `acme-mastodon`); nil when none is, or several are.
        private func extended(_ target: [Unicode.Scalar]) -> String? {
            var found: Int?
            for (index, candidate) in scalars.enumerated() where candidate.count > target.count + 1 {
                let end = candidate.count - target.count
                let before = Suggest.separators.contains(candidate[target.count]) && candidate.starts(with: target)
                let after = Suggest.separators.contains(candidate[end - 1]) && candidate[end...].elementsEqual(target)
                guard before || after else { continue }
                if found != nil { return nil }
                found = index
            }
            return found.map { names[$0] }
        }
    }

    /// Account ids, and each with its platform's name written the ways
    /// people write it (`acme-twitter` for `acme-x`), prepared once.
    public struct AccountNames: Sendable {
        private let candidates: Candidates
        private let ids: [String: String]
        /// What each unknown name was told, for every post that names it.
        private let told = Told()
        /// Whether names are looked for at all (`suggesting`).
        private let suggesting: Bool
        /// Each platform's first account, for its name written where an account is meant.
        private let firstOfPlatform: [Platform: String]

        /// Distinct unknown names a repository may hold and still be told
        /// what each meant: 10,000 posts each naming three misspelt accounts
        /// among a thousand made 30,000 searches (48 s). Past it, no unknown
        /// name gets a hint: the same whichever posts are read first.
        public static let maxUnknownNames = 300

        private final class Told: Sendable {
            let names = Mutex<[String: String?]>([:])
        }

        /// `suggesting`: false where too many unknown names are written
        /// (`maxUnknownNames`) for each to be looked for.
        public init(_ accounts: [Account], suggesting: Bool = true) {
            self.suggesting = suggesting
            var ids: [String: String] = [:]
            for account in accounts.prefix(Suggest.maxCandidates + 1) {
                ids[account.id] = account.id
                let name = account.platform.rawValue
                guard let range = account.id.range(of: name) else { continue }
                for alias in platformAliases[account.platform] ?? [] {
                    ids[account.id.replacingCharacters(in: range, with: alias)] = account.id
                }
            }
            // Up to a thousand accounts, however many names their aliases add.
            self.ids = accounts.count <= Suggest.maxCandidates ? ids : [:]
            // A platform's name where an account is meant (`x`, `bluesky`, `twitter`): its first account.
            var first: [Platform: String] = [:]
            for account in accounts.prefix(Suggest.maxCandidates) where first[account.platform] == nil { first[account.platform] = account.id }
            firstOfPlatform = first
            candidates = Candidates(self.ids.keys.sorted(), limit: .max)
        }

        /// The account id closest to `word`.
        public func closest(to word: String) -> String? {
            guard suggesting else { return nil }
            if let platform = Platform(rawValue: word.lowercased()) ?? Suggest.platform(aliased: word), let id = firstOfPlatform[platform] { return id }
            if let said = told.names.withLock({ $0[word] }) { return said }
            let found = candidates.closest(to: word).flatMap { ids[$0] }
            told.names.withLock { $0[word] = .some(found) }
            return found
        }
    }

    /// Names people use for each platform, so `acme-twitter` finds `acme-x`.
    static let platformAliases: [Platform: [String]] = [
        .x: ["twitter", "tweet", "twtr"], .linkedin: ["li", "linked-in"], .facebook: ["fb", "meta"],
        .instagram: ["ig", "insta"], .threads: ["th"], .vk: ["vkontakte"], .mastodon: ["masto", "toot", "fediverse"],
        .bluesky: ["bsky", "sky"],
    ]

    /// The platform `word` names by another of its names (`twitter`, `bsky`).
    public static func platform(aliased word: String) -> Platform? {
        let lowered = word.lowercased()
        return platformAliases.first { $0.value.contains(lowered) }?.key
    }

    /// The platform `word` names by another name, or misspells.
    public static func platform(for word: String) -> Platform? {
        platform(aliased: word) ?? closest(to: word, in: Platform.allCases.map(\.rawValue)).flatMap(Platform.init(rawValue:))
    }

    /// The account id closest to `word`, also trying each account's id with
    /// its platform name written the ways people write it.
    public static func account(for word: String, in accounts: [Account]) -> String? {
        AccountNames(accounts).closest(to: word)
    }

    /// `did you mean 'x'?`, or nil.
    public static func hint(for word: String, in candidates: some Sequence<String>) -> String? {
        closest(to: word, in: candidates).map { "did you mean '\($0)'?" }
    }

    /// The post a file's path names (`posts/2026/launch.yaml`, `./posts/a.yml`,
    /// `2026/launch.yaml`), typed where a post's id goes; else the id
    /// closest to it.
    public static func postID(for word: String, in ids: [String]) -> String? {
        var path = Substring(word)
        while path.hasPrefix("./") { path = path.dropFirst(2) }
        if path.hasPrefix("posts/") { path = path.dropFirst("posts/".count) }
        for ext in [".yaml", ".yml"] where path.hasSuffix(ext) { path = path.dropLast(ext.count) }
        if path != Substring(word), ids.contains(String(path)) { return String(path) }
        return closest(to: String(path), in: ids)
    }

    /// Insertions, deletions, substitutions, and swaps of two neighbours
    /// (the optimal string alignment distance).
    static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        editDistance(a, b, atMost: max(a.count, b.count))!
    }

    /// The distance when it is at most `limit`, else nil: the table is left
    /// as soon as a whole row exceeds it, which no later row can undo.
    static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], atMost limit: Int) -> Int? {
        guard limit >= 0 else { return nil }
        if a.isEmpty { return b.count <= limit ? b.count : nil }
        if b.isEmpty { return a.count <= limit ? a.count : nil }
        // Three rows of the table: i - 2 (for swaps), i - 1 and i.
        var twoBack = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        var previousMinimum = 0
        for i in 1...a.count {
            current[0] = i
            var rowMinimum = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], twoBack[j - 2] + 1)
                }
                rowMinimum = min(rowMinimum, current[j])
            }
            // A swap reaches back two rows: both must be over the limit.
            if rowMinimum > limit && previousMinimum > limit { return nil }
            previousMinimum = rowMinimum
            (twoBack, previous, current) = (previous, current, twoBack)
        }
        return previous[b.count] <= limit ? previous[b.count] : nil
    }
}
