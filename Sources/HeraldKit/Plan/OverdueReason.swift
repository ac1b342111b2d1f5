import Foundation

extension Planner {
    /// An item blocked only for its credentials: why, and, where publish
    /// will look for it first once they are set, that too (`verify`), as a
    /// pull request's plan, which has none, shows what the run will do.
    static func awaitCredentials(_ item: inout PlanItem, _ problem: String, overdue: String?) {
        item.reason = problem + (overdue.map { "; once they are set, it is \($0)" } ?? "")
        item.verify = overdue != nil
        item.awaitsCredentials = true
    }

    /// Why an account's items wait for credentials, and where to set them;
    /// nil when it has them all. Where the credentials file has an entry for
    /// it that is not used, or the file was not read, that is said instead
    /// of "add … to the credentials file", which would send a person to a
    /// file that holds them already.
    static func missingCredentialsReason(account: String, input: Input) -> String? {
        guard let missing = input.missingCredentials[account], !missing.isEmpty else { return nil }
        let names = missing.map { Credentials.environmentName(account: account, field: $0) }.joined(separator: " and ")
        if let why = input.unsendableCredentials[account] {
            return "no credentials: \(why)"
        }
        if let why = input.unusedCredentialEntries[account] {
            return "no credentials: the credentials file's entry for '\(account)' is not used (\(why)); keep one of what is written twice, or set \(names)"
        }
        return "no credentials: set \(names) or add \(missing.map { $0.lowercased() }.joined(separator: " and ")) for '\(account)' to the credentials file"
            + (input.credentialsFileNotRead.map { " (which was not read: \($0))" } ?? "")
    }

    /// The reason of an item publish looks for before sending: due a while
    /// ago with no record. How long ago, since a post due weeks ago reads
    /// otherwise than one due this morning in a pull request's plan; and,
    /// on a post's first part that another account published while this
    /// one has no record of the post, that an account added to a campaign
    /// or a post's list gets every post already due (README, "Campaigns"),
    /// which a reviewer would rather see before the run sends them all.
    /// Nil for an item publish does not look for: one sent by herald, or
    /// not overdue, as publish decides it (by the later of the plan's time
    /// and the clock; counted from the clock when only it makes it so).
    static func overdueReason(post: String, part: Int, account: PreparedAccount, state partState: PartState?, due: Date, input: Input) -> String? {
        guard partState?.neverSent ?? true, partState?.pendingIntent == nil, let capabilities = input.capabilities[account.platform],
              Publisher.lookedForFirst(due: due, now: max(input.now, input.clock ?? input.now), capabilities: capabilities) else { return nil }
        let byClock = !Publisher.lookedForFirst(due: due, now: input.now, capabilities: capabilities)
        let (now, state) = (byClock ? input.clock ?? input.now : input.now, input.state)
        var reason = "due \(agoWords(now.timeIntervalSince(due)))\(byClock ? " by this machine's clock" : "") with no record: "
            + "looked for on \(account.platform.displayName) first, sent only if not there"
        // No record of its first part (a failed try is one), read in place: not the account's every record per item.
        if part == 0, partState == nil,
           let other = state.accounts.sorted().first(where: { $0 != account.id && state[$0, post, 0]?.published != nil }) {
            reason += "; '\(other)' published it, '\(account.id)' has no record of it: an account added to a campaign or a post's list "
                + "gets every post already due (to start it from now on, list it on the posts still to come instead; records lost, "
                + "the look-up finds what it published)"
        }
        return reason
    }

    /// How long ago, in words: "over an hour ago", "over 5 hours ago",
    /// "over a day ago", "over 19 days ago".
    static func agoWords(_ interval: TimeInterval) -> String {
        let hours = Int(interval / 3600)
        if hours < 24 { return hours <= 1 ? "over an hour ago" : "over \(hours) hours ago" }
        return hours < 48 ? "over a day ago" : "over \(hours / 24) days ago"
    }
}
