/// "Did you mean" suggestions for misspelt keys and ids.
public enum Suggest {
    /// Longer words get no suggestion: nobody mistypes an id that long, and
    /// comparing it with every candidate would cost time for nothing.
    static let maxWordLength = 200

    /// The candidate closest to `word` by edit distance, when it is close
    /// enough to be a plausible typo (at most a third of the shorter one's
    /// length). The first of equally close candidates wins.
    public static func closest(to word: String, in candidates: some Sequence<String>) -> String? {
        let target = Array(word.lowercased().unicodeScalars)
        guard target.count <= maxWordLength else { return nil }
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let scalars = Array(candidate.lowercased().unicodeScalars)
            let allowed = max(1, min(target.count, scalars.count) / 3)
            // Each missing or extra character is an edit of its own.
            guard abs(target.count - scalars.count) <= allowed else { continue }
            let distance = editDistance(target, scalars)
            if distance <= allowed && distance < (best?.distance ?? .max) { best = (candidate, distance) }
        }
        return best?.candidate
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
        var candidates: [String: String] = [:]
        for account in accounts {
            candidates[account.id] = account.id
            let name = account.platform.rawValue
            guard let range = account.id.range(of: name) else { continue }
            for alias in platformAliases[account.platform] ?? [] {
                candidates[account.id.replacingCharacters(in: range, with: alias)] = account.id
            }
        }
        return closest(to: word, in: candidates.keys.sorted()).flatMap { candidates[$0] }
    }

    /// `did you mean 'x'?`, or nil.
    public static func hint(for word: String, in candidates: some Sequence<String>) -> String? {
        closest(to: word, in: candidates).map { "did you mean '\($0)'?" }
    }

    /// Insertions, deletions, substitutions, and swaps of two neighbours
    /// (the optimal string alignment distance).
    static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        // Three rows of the table: i - 2 (for swaps), i - 1 and i.
        var twoBack = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], twoBack[j - 2] + 1)
                }
            }
            (twoBack, previous, current) = (previous, current, twoBack)
        }
        return previous[b.count]
    }
}
