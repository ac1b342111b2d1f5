import Foundation

/// Reading statuses back from the Mastodon sandbox: an account's statuses,
/// newest first, a page at a time, and a status's context (its ancestors
/// and replies), as herald's look-ups read them.
extension MastodonSandbox.Context {
    func accountStatuses(_ accountID: String) async -> SandboxResponse {
        let owners = await store.accounts(on: .mastodon)
        guard let owner = owners.first(where: { MastodonSandbox.accountID($0) == accountID }) else {
            return sandbox.notFound()
        }
        let params = request.parameters
        let limit = min(max(Int(params.string("limit") ?? "") ?? 20, 1), 40)
        var statuses = await store.objects(platform: .mastodon, account: owner, kinds: [MastodonSandbox.Kind.status])
            .filter { canSee($0) }
            .reversed() as [SandboxObject]
        if let maxID = params.string("max_id") { statuses = statuses.filter { Self.id($0.id, isBelow: maxID) } }
        if let sinceID = params.string("since_id") { statuses = statuses.filter { Self.id(sinceID, isBelow: $0.id) } }
        if let minID = params.string("min_id") {
            statuses = Array(statuses.filter { Self.id(minID, isBelow: $0.id) }.suffix(limit))
        }
        if params.flag("exclude_replies") { statuses = statuses.filter { $0.replyTo == nil } }
        let page = Array(statuses.prefix(limit))
        var json: [[String: Any]] = []
        for status in page { json.append(await statusJSON(status)) }
        var headers: [String: String] = [:]
        // As Mastodon: a next page only while this one is full (`records_continue?`).
        if let first = page.first, let last = page.last {
            let path = base.appendingPathComponent("api/v1/accounts/\(accountID)/statuses").absoluteString
            headers["Link"] = (page.count == limit ? "<\(path)?limit=\(limit)&max_id=\(last.id)>; rel=\"next\", " : "")
                + "<\(path)?limit=\(limit)&min_id=\(first.id)>; rel=\"prev\""
        }
        return .json(json, headers: headers)
    }

    /// Compares snowflake ids numerically.
    static func id(_ a: String, isBelow b: String) -> Bool {
        (a.count, a) < (b.count, b)
    }

    func canSee(_ status: SandboxObject) -> Bool {
        status.account == account || status.visibility == "public" || status.visibility == "unlisted"
    }

    /// `GET /api/v1/statuses/:id/context`: the statuses it replies to, up
    /// to the first, and every reply below it, each list oldest first.
    func statusContext(_ id: String) async -> SandboxResponse {
        guard let status = await store.object(.mastodon, id: id), status.kind == MastodonSandbox.Kind.status, canSee(status) else {
            return sandbox.notFound()
        }
        let all = await store.objects(platform: .mastodon, kinds: [MastodonSandbox.Kind.status]).filter { canSee($0) }
        let byID = Dictionary(all.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var ancestors: [SandboxObject] = []
        var parent = status.replyTo.flatMap { byID[$0] }
        while let next = parent, ancestors.count < 4_096 {
            ancestors.append(next)
            parent = next.replyTo.flatMap { byID[$0] }
        }
        var descendants: [SandboxObject] = []
        var below: Set<String> = [status.id]
        for candidate in all.sorted(by: { Self.id($0.id, isBelow: $1.id) }) where candidate.replyTo.map(below.contains) == true {
            descendants.append(candidate)
            below.insert(candidate.id)
        }
        var json: [String: [[String: Any]]] = ["ancestors": [], "descendants": []]
        for item in ancestors.reversed() { json["ancestors"]!.append(await statusJSON(item)) }
        for item in descendants { json["descendants"]!.append(await statusJSON(item)) }
        return .json(json)
    }
}
