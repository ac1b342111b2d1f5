extension Planner {
    /// Accounts given one token (`groups`, from `PublishSession.sharedTokens`)
    /// are one account on the platform, which each would send every post:
    /// while posts go to two or more of them (or went: one published to
    /// already), their items due now are blocked, in the plan and a dry
    /// run as in the run, which sends nothing to them. An old entry no
    /// post names is no harm.
    static func holdSharedTokens(_ items: inout [PlanItem], groups: [[String]], repository: ContentRepository) {
        // With posts to publish, or published: a twin's records hold posts under the account's page, which publish holds too.
        let active = Set(items.filter { [.publish, .wait, .blocked, .unknown, .done, .drift].contains($0.action) }.map(\.account))
        var held: [String: String] = [:]
        for group in groups {
            let same = group.filter(active.contains)
            guard same.count > 1 else { continue }
            let why = "\(same.map { "'\($0)'" }.joined(separator: " and ")) are given one access token, so they are one account, which would get every post "
                + "\(same.count == 2 ? "twice: nothing is sent to either" : "\(same.count) times: nothing is sent to any of them") until accounts.yaml "
                + "keeps one (an old entry left after a rename?) or each has a token of an account of its own"
            for account in same { held[account] = why }
        }
        guard !held.isEmpty else { return }
        for i in items.indices where items[i].action == .publish {
            guard let why = held[items[i].account] else { continue }
            items[i].action = .blocked
            items[i].reason = why
            items[i].location = repository.account(items[i].account)?.location
        }
    }
}
