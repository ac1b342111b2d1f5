import Foundation

extension Planner {
    /// The reason of an item publish looks for before sending: due a while
    /// ago with no record. How long ago, since a post due weeks ago reads
    /// otherwise than one due this morning in a pull request's plan; and,
    /// where the account has no record of any post while another account
    /// published this one, that an account added to a campaign gets every
    /// post of it already due (README, "Campaigns"), which a reviewer would
    /// rather see before the run sends them all.
    static func overdueReason(post: String, account: PreparedAccount, due: Date, now: Date, state: StateSnapshot) -> String {
        var reason = "due \(agoWords(now.timeIntervalSince(due))) with no record: looked for on \(account.platform.displayName) first, sent only if not there"
        if state.shards[account.id]?.isEmpty ?? true,
           let other = state.accounts.sorted().first(where: { $0 != account.id && state[$0, post, 0]?.published != nil }) {
            reason += " ('\(account.id)' has no record of any post, while '\(other)' published this one: an account added to a campaign "
                + "gets every post of it already due; to start it from now on, list it on the posts still to come instead)"
        }
        return reason
    }

    /// How long ago, in words: "over an hour ago", "over 5 hours ago",
    /// "over a day ago", "19 days ago".
    static func agoWords(_ interval: TimeInterval) -> String {
        let hours = Int(interval / 3600)
        if hours < 24 { return hours <= 1 ? "over an hour ago" : "over \(hours) hours ago" }
        return hours < 48 ? "over a day ago" : "\(hours / 24) days ago"
    }
}
