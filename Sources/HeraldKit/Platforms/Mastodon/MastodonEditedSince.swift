import Foundation

extension MastodonAdapter {
    /// A status of the account that is not the part, but may be the part
    /// as it was published before the post's text or media was edited:
    /// looked for only where the state has no record of the item (an
    /// overdue item: a state lost, a revert that dropped the state commit),
    /// where sending it would otherwise make a second post. Found, herald
    /// cannot tell, and a person does (`state resolve --published`, or
    /// publish_at set to now).
    struct EditedSince {
        var id: String
        var created: Date?
        /// How alike its text is to the part's (`TextSimilarity.dice`).
        var alike: Double
        /// A reply to the part before, which herald made: no other part's.
        var reply: Bool

        /// How alike a top-level status's text must be to be taken for the
        /// part edited: a word corrected leaves about 0.9; posts of one
        /// campaign on different subjects, under 0.5.
        static let threshold = 0.75

        /// How alike `status` is to the part, its text and its media's alt
        /// texts together (a post of media alone is told by its alt texts),
        /// when the state has no record of the item and the status may be
        /// it: not a boost, not another item's by its id, nor by its text
        /// (`PartRequest.otherTexts`); nil otherwise.
        static func alike(_ status: [String: Any], id: String, _ request: PartRequest) -> Double? {
            guard request.mayPredateIntent, !request.claimed.contains(id) else { return nil }
            if let boosted = status["reblog"], !(boosted is NSNull) { return nil }
            let alts = (status["media_attachments"] as? [[String: Any]] ?? []).map { ($0["description"] as? String ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
            let text = MastodonAdapter.comparable(MastodonAdapter.stripHTML(status["content"] as? String ?? ""))
            let wanted = ([MastodonAdapter.comparable(request.part.text)] + request.part.media.map { $0.sentAlt ?? "" }).joined(separator: "\n")
            let alike = TextSimilarity.dice(([text] + alts).joined(separator: "\n"), wanted)
            // Asked only of a status that may be taken: comparing every due text with every status would cost.
            if alike >= threshold || request.replyTo != nil, request.otherTexts.contains(where: { $0 != request.part.text && MastodonAdapter.comparable($0) == text }) { return nil }
            return alike
        }

        var result: LookupResult {
            let made = created.map { ", made \(TimeParser.utc($0))," } ?? ""
            let why = reply ? "replies to the part before this one" : "reads much like this part (\(Int((alike * 100).rounded(.down)))% alike)"
            return .perhaps("status \(id)\(made) \(why), with other text or media: it may be this part as it was published before the post was "
                + "edited, its record since lost; if it is, record it with 'herald state resolve' and --published \(id)")
        }
    }
}
