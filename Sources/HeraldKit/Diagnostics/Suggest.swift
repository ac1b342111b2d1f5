/// "Did you mean" suggestions for misspelt keys and ids.
public enum Suggest {
    /// The candidate closest to `word` by edit distance, when it is close
    /// enough to be a plausible typo (at most a third of the word's length).
    public static func closest(to word: String, in candidates: some Sequence<String>) -> String? {
        let target = Array(word.lowercased().unicodeScalars)
        var best: (String, Int)?
        for candidate in candidates {
            let distance = editDistance(target, Array(candidate.lowercased().unicodeScalars))
            if distance < (best?.1 ?? .max) { best = (candidate, distance) }
        }
        guard let (candidate, distance) = best else { return nil }
        let allowed = max(1, min(target.count, candidate.count) / 3)
        return distance <= allowed ? candidate : nil
    }

    /// Names people use for each platform, so `acme-twitter` finds `acme-x`.
    static let platformAliases: [Platform: [String]] = [
        .x: ["twitter", "tweet", "twtr"], .linkedin: ["li", "linked-in"], .facebook: ["fb", "meta"],
        .instagram: ["ig", "insta"], .threads: ["th"], .vk: ["vkontakte"], .mastodon: ["masto", "toot", "fediverse"],
        .bluesky: ["bsky", "sky"],
    ]

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

    static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
                // A swap of two neighbours is one typo, not two.
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], previous[j - 1])
                }
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
