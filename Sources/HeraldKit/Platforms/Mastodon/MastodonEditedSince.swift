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

        /// How alike `status` is to the part, when the state has no record
        /// of the item and the status may be it (not a boost, nor another
        /// item's by its id); nil otherwise. Its text and its media's alt
        /// texts together (a post of media alone is told by its alt texts),
        /// or its text alone where that reads more alike and no picture was
        /// put for another: a picture added to a post, or taken away, or an
        /// alt text written for one that had none (or taken away), leaves
        /// its words as they were, where another alt text on a picture (a
        /// photo series of one caption) is another post. Pictures added or
        /// taken away: the fewer's alt texts are among the more's (read as
        /// alike as texts are, so a typo corrected counts), or empty.
        static func alike(_ status: [String: Any], id: String, _ request: PartRequest) -> Double? {
            guard request.mayPredateIntent, !request.claimed.contains(id) else { return nil }
            if let boosted = status["reblog"], !(boosted is NSNull) { return nil }
            let alts = (status["media_attachments"] as? [[String: Any]] ?? []).map { ($0["description"] as? String ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
            let text = MastodonAdapter.comparable(MastodonAdapter.stripHTML(status["content"] as? String ?? ""))
            let wantedText = MastodonAdapter.comparable(request.part.text)
            let wantedAlts = request.part.media.map { $0.sentAlt ?? "" }
            let together = TextSimilarity.dice(([text] + alts).joined(separator: "\n"), ([wantedText] + wantedAlts).joined(separator: "\n"))
            // An alt text corrected is still its picture's: alike as a text is.
            let same = { (a: String, b: String) in a.isEmpty || b.isEmpty || TextSimilarity.dice(a, b) >= threshold }
            let (fewer, more) = alts.count <= wantedAlts.count ? (alts, wantedAlts) : (wantedAlts, alts)
            let edited = fewer.count == more.count ? zip(alts, wantedAlts).allSatisfy(same)
                : fewer.allSatisfy { alt in more.contains { same(alt, $0) } }
            return text.isEmpty || wantedText.isEmpty || !edited ? together : max(together, TextSimilarity.dice(text, wantedText))
        }

        /// A status that may be this part as it was, and may be what
        /// another item's send with no answer yet made
        /// (`PartRequest.unanswered`, those `sends`): set aside until the
        /// look-up has read on, since a send made one status at most.
        struct Contested {
            var edited: EditedSince
            var status: [String: Any]
            var sends: [Int]
        }

        /// The sends of `request.unanswered` that may have made `status`:
        /// its text and media, made since the send (less the clocks'
        /// allowance), in reply to what the send replied to.
        static func sends(thatMayHaveMade status: [String: Any], created: Date?, _ request: PartRequest) -> [Int] {
            guard !request.unanswered.isEmpty else { return [] }
            let text = MastodonAdapter.comparable(MastodonAdapter.stripHTML(status["content"] as? String ?? ""))
            let parent = status["in_reply_to_id"].flatMap(MastodonAdapter.string)
            return request.unanswered.indices.filter { index in
                let send = request.unanswered[index]
                return send.replyTo == parent && MastodonAdapter.comparable(send.text) == text && MastodonAdapter.sameMedia(status, as: send.media)
                    && created.map { $0 >= send.since.addingTimeInterval(-MastodonAdapter.clockSlack) } ?? true
            }
        }

        /// Of the statuses set aside, those no send accounts for: each
        /// takes the oldest it may have made since it was sent, else the
        /// oldest within the clocks' allowance before, and the rest may be
        /// this part.
        static func unaccounted(_ contested: [Contested], _ request: PartRequest) -> [Contested] {
            func since(_ status: Contested) -> Bool {
                status.edited.created.map { made in status.sends.contains { made >= request.unanswered[$0].since } } ?? true
            }
            var taken = Set<Int>()
            return contested.sorted { a, b in
                since(a) != since(b) ? since(a) : MastodonAdapter.isOlder(a.edited.id, than: b.edited.id)
            }.filter { status in
                guard let send = status.sends.first(where: { !taken.contains($0) }) else { return true }
                taken.insert(send)
                return false
            }
        }

        var result: LookupResult {
            let made = created.map { ", made \(TimeParser.utc($0))," } ?? ""
            let why = reply ? "replies to the part before this one" : "reads much like this part (\(Int((alike * 100).rounded(.down)))% alike)"
            return .perhaps("status \(id)\(made) \(why), with other text or media: it may be this part as it was published before the post was "
                + "edited, its record since lost; if it is, record it with 'herald state resolve' and --published \(id)")
        }
    }
}
