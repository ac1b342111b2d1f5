import Foundation

/// Which account on the instance the token is for: two of herald's ids
/// that are one account would each publish every post to it
/// (`Publisher.heldAccounts`).
extension MastodonAdapter {
    /// Every Mastodon account: one instance may be written two ways
    /// (`localhost`, `127.0.0.1`), and the profile address it gives tells.
    public var identityScope: String? { "mastodon" }

    /// The account the token is for (verify_credentials, kept for the
    /// look-up), asked again after a temporary refusal, twice at most.
    public func remoteIdentity() async -> IdentityAnswer {
        var why = ""
        for wait in [0, 1, 2] {
            if wait > 0 { try? await Task.sleep(for: .seconds(wait)) }
            do {
                let (me, json) = try await ownAccount()
                guard me.isSuccess else {
                    let failure = failure(me)
                    why = "verify_credentials: \(failure)"
                    if case .temporary = failure { continue }
                    return .unknown(why, refused: failure.refusesCredentials)
                }
                guard let json, let id = json["id"].flatMap(Self.string) else { return .unknown(Self.noAccountID(me), refused: false) }
                let profile = json["url"] as? String
                return .known(RemoteIdentity(id: profile?.lowercased() ?? base.lowercased() + "#" + id,
                                             name: profile ?? (json["acct"] as? String).map { "@" + $0 }, profile: profile))
            } catch {
                why = "verify_credentials: \(error)"
            }
        }
        return .unknown(why, refused: false)
    }

    /// The account the token is for (GET verify_credentials): the answer,
    /// and its body when it is the account; its id is kept for the look-up.
    func ownAccount() async throws(PublishFailure) -> (HTTPResponse, [String: Any]?) {
        let me = try await send(HTTPRequest(url: base + "/api/v1/accounts/verify_credentials", headers: authorization))
        let json = me.isSuccess ? Self.json(me.body) : nil
        if let id = json?["id"].flatMap(Self.string) { remoteAccountID.withLock { $0 = id } }
        return (me, json)
    }

    static func noAccountID(_ answer: HTTPResponse) -> String {
        "verify_credentials: HTTP \(answer.status) without the account's id"
    }
}
