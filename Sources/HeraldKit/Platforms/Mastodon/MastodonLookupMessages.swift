import Foundation

/// What a look-up says when a person must tell whether a status is the part.
extension MastodonAdapter {
    /// A status of the part's content made before the item was due, where
    /// the instance does not say through which application: a person tells.
    static func applicationNotShown(_ id: String) -> LookupResult {
        .cannotTell("status \(id) holds this part's content but was made before it was due, and the instance does not name the"
                    + " token's application (GET /api/v1/apps/verify_credentials) to tell whether herald made it")
    }

    /// A status that is the part, which the state records for another
    /// item published with other words: a person tells which record is wrong.
    static func recordedForAnother(_ id: String, _ claimant: PartRequest.Claimant, _ request: PartRequest) -> LookupResult {
        let other = "\(claimant.post)\(claimant.part > 0 ? " part \(claimant.part + 1)" : "")"
        let line = "delete its line (published post=\(claimant.post) … id=\(id)) from the account's state file"
        guard claimant.text == nil else {
            return .recordedForAnother("status \(id) is this part exactly, but the state records it as \(other), which was published with other words: "
                                       + "if that record is wrong, \(line)")
        }
        return .recordedForAnother("status \(id) is this part exactly, but the state records it as \(other), edited since: "
                                   + "if that record is wrong, \(line); if this is a new post of its old words, run 'herald state resolve \(request.postID) "
                                   + "--account \(request.account.id)\(request.part.index > 0 ? " --part \(request.part.index + 1)" : "") --absent'")
    }

    /// A status that reads as the part without its Markdown markers, on an
    /// instance that does not show what was typed: a person tells.
    static func sourceNotShown(_ id: String) -> LookupResult {
        .cannotTell("status \(id) reads as this part without its Markdown markers (**, __, ~~, `), and the instance does not show what was typed"
                    + " (GET /api/v1/statuses/\(id)/source) to tell whether it is this part")
    }
}
