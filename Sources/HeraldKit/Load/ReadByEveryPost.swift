/// The accounts and campaigns that every post is validated against and
/// planned with. The work on posts runs in chunks on all cores, and each
/// chunk reads a copy of its own (`parallelMap(_:local:_:)`): reading an
/// object counts a reference in its memory, and the cores must not count
/// in the same memory at once.
struct ReadByEveryPost: Sendable {
    var accounts: [String: PreparedAccount]
    var campaigns: [String: Campaign]

    /// A copy whose objects and lists are its own.
    func copy() -> ReadByEveryPost {
        ReadByEveryPost(accounts: accounts.mapValues { $0.copy() }, campaigns: campaigns.mapValues { $0.copy() })
    }
}
