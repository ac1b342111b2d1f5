/// The platforms herald publishes to. The raw value is what users write in
/// `accounts.yaml` (`platform: mastodon`) and in post `variants`.
public enum Platform: String, CaseIterable, Sendable, Codable, Hashable, Comparable {
    case x
    case linkedin
    case facebook
    case instagram
    case threads
    case vk
    case mastodon
    case bluesky

    public var displayName: String {
        switch self {
        case .x: "X"
        case .linkedin: "LinkedIn"
        case .facebook: "Facebook"
        case .instagram: "Instagram"
        case .threads: "Threads"
        case .vk: "VK"
        case .mastodon: "Mastodon"
        case .bluesky: "Bluesky"
        }
    }

    public static func < (a: Platform, b: Platform) -> Bool { a.rawValue < b.rawValue }
}
