import Foundation
import Synchronization

/// Mastodon's REST API (PLATFORMS.md §7): statuses with an Idempotency-Key,
/// media through /api/v2/media with polling, threads by in_reply_to_id.
public final class MastodonAdapter: PlatformAdapter {
    let account: Account
    let base: String
    let token: String
    let http: HTTPClient
    /// From /api/v2/instance when the instance answers.
    private let limits = Mutex(InstanceLimits())
    /// How many pages of 40 statuses a lookup reads back, at most.
    static let lookupPages = 10

    /// The account's id on the instance, asked once per run: every lookup needs it.
    let remoteAccountID = Mutex<String?>(nil)
    /// The name of the application the token belongs to, asked once per run
    /// when a look-up needs it; `.some(nil)` when the instance does not say.
    private let tokenApplication = Mutex<String??>(nil)
    /// The pages of statuses lookups have read, by their `max_id` (below a
    /// status that exists, none is added). An overdue item's lookup starts
    /// below the statuses this run made and reads each page once, where
    /// each used to read back past every status made before it.
    private let pages = Mutex<[String: (body: Data, more: Bool)]>([:])
    /// Uploads the instance took but had not finished processing when
    /// herald stopped waiting, by file and description: a later try in
    /// this run waits for the same one instead of uploading it again.
    private let processing = Mutex<[String: String]>([:])
    /// How far the instance's clock is ahead of herald's (behind, when
    /// negative), from the `Date` of its last answer; 0 within 2 seconds,
    /// the header's own precision. A status's `created_at`, in the
    /// instance's time, is read in herald's: whether a status was made
    /// before this run began (brought back by its key) or by it is not
    /// told by two clocks seconds apart.
    private let instanceAhead = Mutex<TimeInterval>(0)
    /// An upload's time limit (`PlatformCapabilities.uploadTimeout`).
    static func uploadTimeout(bytes: Int, base: Duration) -> Duration {
        PlatformCapabilities.uploadTimeout(bytes: bytes, base: base)
    }

    /// How long one upload is waited for while the instance processes it.
    static let processingBudget: Duration = .seconds(120)
    /// How long to wait between media status polls.
    let pollInterval: Duration

    public init(account: Account, token: String, http: HTTPClient, pollInterval: Duration = .milliseconds(500)) {
        self.pollInterval = pollInterval
        self.account = account
        self.base = account.apiBase.hasSuffix("/") ? String(account.apiBase.dropLast()) : account.apiBase
        self.token = token
        self.http = http
    }

    public var capabilities: PlatformCapabilities { Self.platformCapabilities }

    /// Mastodon keeps idempotency keys for one hour.
    static let platformCapabilities = PlatformCapabilities(threads: true, idempotencyKeyWindow: .seconds(3600), lookup: true, edit: true, delete: true,
                                                           mediaProcessing: processingBudget)

    var authorization: HTTPHeaders { ["Authorization": "Bearer \(token)"] }

    public func prepare() async {
        guard let response = try? await http.send(HTTPRequest(url: base + "/api/v2/instance", headers: authorization)),
              response.isSuccess,
              let object = try? JSONSerialization.jsonObject(with: response.body) as? [String: Any],
              let configuration = object["configuration"] as? [String: Any] else { return }
        limits.withLock { $0 = InstanceLimits(configuration) }
    }

    /// The part measured as the instance counts, against the smaller of
    /// its own limit and the account's `max_characters`: the instance
    /// refuses what is over its limit, whatever the account says. Its media
    /// against the instance's own limits, which validation cannot know (an
    /// instance may set them lower than Mastodon's): nothing is uploaded
    /// for a post the instance would refuse.
    public func check(_ part: ResolvedPart, root: String) -> String? {
        let instance = limits.withLock { $0 }
        let limit = [account.maxCharacters, instance.maxCharacters].compactMap { $0 }.min()
        let measured = TextRules.measure(part.text, platform: .mastodon, options: TextRuleOptions(maxLength: limit, urlLength: instance.urlLength))
        if !measured.valid {
            let whose = instance.maxCharacters == measured.limit ? "the instance's limit" : account.maxCharacters == measured.limit ? "the account's max_characters"
                : "Mastodon's default limit"
            let beyond = account.maxCharacters.flatMap { $0 > measured.limit ? " (the account's max_characters, \($0), is more than the instance takes)" : nil } ?? ""
            return "\(measured.length) characters, over \(whose) of \(measured.limit)\(beyond)"
        }
        return instance.mediaProblem(part.media, root: root)
    }

    public func uploadMedia(_ media: MediaRef, root: String, interruption: Interruption) async throws(PublishFailure) -> String {
        let key = media.path.value + "\u{0}" + (media.alt?.value ?? "")
        let id: String
        if let waiting = processing.withLock({ $0[key] }) {
            id = waiting
        } else {
            let path = root + "/" + media.path.value
            let facts = try? MediaInspector.inspect(root: root, path: media.path.value).get()
            var parts: [MultipartPart] = [.file("file", path: path, contentType: facts?.kind.contentType ?? "application/octet-stream")]
            if let alt = media.sentAlt { parts.append(.text("description", alt)) }
            let response = try await send(HTTPRequest(method: .post, url: base + "/api/v2/media", headers: authorization, body: .multipart(parts),
                                                      timeout: Self.uploadTimeout(bytes: facts?.bytes ?? 0, base: http.configuration.timeout)))
            guard response.status == 200 || response.status == 202 else { throw failure(response) }
            guard let uploaded = Self.json(response.body)?["id"].flatMap(Self.string) else {
                throw .uncertain("the instance answered \(response.status) to a media upload without an id")
            }
            if response.status == 200 { return uploaded }
            id = uploaded
            processing.withLock { $0[key] = id }
        }
        // 202: still processing; poll until 200 (206 = still processing), less often as it goes on
        // (Mastodon allows 300 requests in 5 minutes), and through an answer that is only a blip.
        let clock = ContinuousClock()
        let deadline = clock.now + Self.processingBudget
        var interval = pollInterval
        var last = "still processing"
        while clock.now < deadline {
            // Stopped meanwhile: waiting on is no request in flight. The upload is kept for the next try.
            guard await interruption.pause(interval) else {
                throw .notSent("stopped while the instance processed media \(id)")
            }
            interval = min(interval * 1.5, .seconds(5))
            let poll: HTTPResponse
            do {
                poll = try await send(HTTPRequest(url: base + "/api/v1/media/\(try Self.segment(id))", headers: authorization))
            } catch {
                // A read changes nothing: a dropped connection is asked again, as a 503 is.
                if case .rejected = error { throw error }
                last = error.description
                continue
            }
            if poll.status == 200 {
                processing.withLock { $0[key] = nil }
                return id
            }
            if poll.status == 206 || poll.status == 202 { continue }
            let failed = failure(poll)
            guard case .temporary = failed else {
                processing.withLock { $0[key] = nil }
                throw failed
            }
            last = failed.description
        }
        throw .temporary(status: 206, message: "media \(id) \(last) after \(Self.processingBudget.components.seconds) s; the next try waits for it again", retryAfter: nil)
    }

    public func publish(_ request: PartRequest, mediaIDs: [String]) async throws(PublishFailure) -> PublishedObject {
        var body: [String: Any] = ["status": request.part.text, "visibility": account["visibility"] ?? "public"]
        if let language = request.language ?? account["language"] { body["language"] = language }
        if !mediaIDs.isEmpty { body["media_ids"] = mediaIDs }
        if let reply = request.replyTo { body["in_reply_to_id"] = reply }
        var headers = authorization
        headers.append(name: "Idempotency-Key", value: request.idempotencyKey)
        let data = (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])) ?? Data()
        let response = try await send(HTTPRequest(method: .post, url: base + "/api/v1/statuses", headers: headers, body: .json(data)))
        guard response.isSuccess else { throw failure(response) }
        // A success without a readable id: the status probably exists.
        guard let object = Self.json(response.body), let id = object["id"].flatMap(Self.string) else {
            throw .uncertain("the instance answered \(response.status) with an unreadable body", answered: true)
        }
        // Within the key's hour Mastodon answers a repeated key with the status it made then.
        let held = (object["content"] as? String).map { Self.comparable(Self.stripHTML($0)) }
        let alts = (object["media_attachments"] as? [[String: Any]])?.map { ($0["description"] as? String) ?? "" }
        return PublishedObject(remoteID: id, url: object["url"] as? String,
                               // The part's text as it is, or as an instance that renders Markdown shows it, is no other text.
                               otherText: held.flatMap { Self.wantedTexts(request.part.text).contains($0) ? nil : $0 },
                               otherAlts: alts.flatMap { Self.sameMedia(object, as: request.part.media) ? nil : $0 },
                               createdAt: created(object))
    }

    public func lookup(_ request: PartRequest) async -> LookupResult {
        do {
            let id: String
            if let cached = remoteAccountID.withLock({ $0 }) {
                id = cached
            } else {
                let (me, json) = try await ownAccount()
                guard me.isSuccess, let fetched = json?["id"].flatMap(Self.string) else {
                    if me.isSuccess { return .cannotTell(Self.noAccountID(me)) }
                    return .failed(failure(me), saying: "verify_credentials: \(failure(me))")
                }
                id = fetched
            }
            // A thread's later part is a reply: its parent's context lists every reply, however
            // many statuses the account made since (a part added to a thread long published).
            if let parent = request.replyTo, let found = try await lookupReply(to: parent, account: id, request: request) {
                return found
            }
            let since = request.intentTime.addingTimeInterval(-Self.clockSlack)
            // Newest first, a page at a time, back to `since`: the last match seen is the oldest,
            // which of two statuses of the same text since then is this item's. An item the state
            // has no record of may have gone out before it was due: past `since`, the search goes
            // on as far as herald reads.
            var match: PublishedObject?
            // Why a status that may be the part cannot be told to be it (what was typed not shown,
            // or made before the item was due by an application the instance does not name).
            var undecided: LookupResult?
            // Not the part, but perhaps the part as it was published before its text or media was edited;
            // and such statuses that another item's unanswered send may have made, decided once all are read.
            var edited: EditedSince?
            var contested: [EditedSince.Contested] = []
            // Statuses this run made are not what an overdue item's lookup looks for: it reads from below them.
            var maxID = request.madeThisRun.min(by: Self.isOlder)
            var reachedSince = false
            for _ in 0..<Self.lookupPages {
                var page = "/api/v1/accounts/\(try Self.segment(id))/statuses?limit=40"
                if let maxID { page += "&max_id=\(try Self.segment(maxID))" }
                let statuses: [[String: Any]]
                // Whether the list goes on below this page.
                let more: Bool
                if let maxID, let read = pages.withLock({ $0[maxID] }),
                   let list = (try? JSONSerialization.jsonObject(with: read.body)) as? [[String: Any]] {
                    (statuses, more) = (list, read.more)
                } else {
                    let list = try await send(HTTPRequest(url: base + page, headers: authorization))
                    guard list.isSuccess, let read = (try? JSONSerialization.jsonObject(with: list.body)) as? [[String: Any]] else {
                        if list.isSuccess { return .cannotTell("the account's statuses: HTTP \(list.status) with an unreadable body") }
                        return .failed(failure(list), saying: "the account's statuses: \(failure(list))")
                    }
                    // Mastodon links the next page while one is full; a server that gives fewer than
                    // asked (20 at most, on some) links it all the same, and is read on.
                    (statuses, more) = (read, Self.linksNextPage(list.headers) ?? (read.count >= 40))
                    // Below a status that exists, no status is added: the page stays as read.
                    if let maxID { pages.withLock { $0[maxID] = (list.body, more) } }
                }
                for status in statuses {
                    let created = created(status)
                    let early = created.map { $0 < since } ?? false
                    if early {
                        reachedSince = true
                        if !request.mayPredateIntent { break }
                    }
                    guard status["in_reply_to_id"].flatMap(Self.string) == request.replyTo,
                          let remote = status["id"].flatMap(Self.string) else { continue }
                    switch try await isPart(status, id: remote, request) {
                    case .recordedForAnother(let claimant):
                        undecided = Self.recordedForAnother(remote, claimant, request)
                    case .part:
                        // Made before the item was due, it is the item sent early (--now) only if herald made it,
                        // through this token's application: not the same words posted by hand a year before.
                        switch early ? try await madeThroughTokensApplication(status) : true {
                        case true?: match = PublishedObject(remoteID: remote, url: status["url"] as? String, createdAt: created)
                        case nil: undecided = Self.applicationNotShown(remote)
                        case false?: break
                        }
                    case .sourceNotShown: undecided = Self.sourceNotShown(remote)
                    case .notPart:
                        // A reply to the part before (its context unread) is the part whatever it says, as there.
                        let reply = request.replyTo != nil
                        guard !early, let alike = EditedSince.alike(status, id: remote, request), reply || alike >= EditedSince.threshold else { continue }
                        let found = EditedSince(id: remote, created: created, alike: alike, reply: reply)
                        let sends = EditedSince.sends(thatMayHaveMade: status, created: created, request)
                        // Newest first: of two alike, the older (`>=`), made nearer when the part was due.
                        if !sends.isEmpty {
                            contested.append(.init(edited: found, status: status, sends: sends))
                        } else if alike >= edited?.alike ?? -1, try await madeThroughTokensApplication(status) != false {
                            edited = found
                        }
                    }
                }
                // "Absent" is trusted only once the list reaches back past `since`, or its end.
                if !more || statuses.isEmpty || (reachedSince && !request.mayPredateIntent) {
                    if let match { return .found(match) }
                    if let undecided { return undecided }
                    return try await mostAlike(edited, contested, request)?.result ?? .absent
                }
                let oldest = statuses.last?["id"].flatMap(Self.string)
                guard let oldest, oldest != maxID else { break }  // a server that ignores max_id
                maxID = oldest
            }
            if let match { return .found(match) }
            if let undecided { return undecided }
            if let edited = try await mostAlike(edited, contested, request) { return edited.result }
            if reachedSince { return .absent }
            return .cannotTell("the account made more than \(Self.lookupPages * 40) statuses since then, too many to be sure")
        } catch {
            return .failed(error, saying: error.description)
        }
    }

    /// How far before the intent a look-up reads: the instance dates a
    /// status by its own clock, which may be behind herald's (a CI runner's
    /// clock minutes off); a status made then, read as older, would be missed.
    static let clockSlack: TimeInterval = 600

    // MARK: helpers

    func send(_ request: HTTPRequest) async throws(PublishFailure) -> HTTPResponse {
        do {
            let response = try await http.send(request)
            if let date = response.headers["Date"].flatMap(RetryHints.httpDate) {
                let ahead = date.timeIntervalSinceNow
                instanceAhead.withLock { $0 = abs(ahead) > 2 ? ahead : 0 }
            }
            return response
        } catch let error as HTTPError {
            throw error.publishFailure
        } catch {
            throw .uncertain("\(error)")
        }
    }

    /// When a status was made, in herald's time (`instanceAhead`).
    private func created(_ status: [String: Any]) -> Date? {
        guard let written = status["created_at"] as? String, case .success(let time) = TimeParser.instant(written, zone: nil) else { return nil }
        return time.addingTimeInterval(-instanceAhead.withLock { $0 })
    }

    /// Mastodon's `{"error": "…"}` mapped to what the executor needs.
    func failure(_ response: HTTPResponse) -> PublishFailure {
        let message = (Self.json(response.body)?["error"] as? String) ?? "the instance gave no reason"
        switch response.status {
        case 300...399:
            // Not followed for a request that makes something (HTTPClient): nothing was made.
            // Shown and recorded in state/: a token in its query is not.
            guard let location = response.headers["location"] else {
                return .rejected(status: response.status, message: "the instance redirects this request without saying where; "
                    + "open the account's instance in a browser to see the address it moved to, and set the account's instance to it")
            }
            return .rejected(status: response.status, message: "the instance redirects this request to \(Redaction.redactURL(location)); set the account's instance to the address it moved to")
        case 429, 500...599:
            return .temporary(status: response.status, message: message, retryAfter: RetryHints.retryAfter(response.headers, status: response.status))
        default:
            return .rejected(status: response.status, message: message)
        }
    }

    static func json(_ data: Data) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
    }

    /// Whether `id` is one Mastodon gives a status, a media file or an
    /// account: digits on Mastodon, letters and digits on servers of its
    /// API (Pleroma, GoToSocial), '-' and '_' at most besides.
    public static func isID(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.count <= 64 && id.utf8.allSatisfy {
            (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_")
        }
    }

    /// An id as a part of a request's address. One that is no id (a state
    /// record edited by hand, `../../x`) would send the request, and the
    /// token with it, to another path of the instance: not sent.
    static func segment(_ id: String) throws(PublishFailure) -> String {
        guard isID(id) else {
            throw .notSent("'\(TerminalText.visible(id))' is no Mastodon id (letters, digits, '-' and '_'): a state record edited by hand? "
                           + "nothing was asked with it", retryable: false)
        }
        return id
    }

    static func string(_ value: Any) -> String? {
        (value as? String) ?? (value as? Int).map(String.init)
    }

    /// Whitespace-normalised text, for comparing a status with what herald sent.
    public static func plain(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// The reply to `parent` the account made with the part's content,
    /// from the parent's context: found, absent, or which cannot be told
    /// (`sourceNotShown`); nil when the context cannot tell (unreadable, or
    /// cut at Mastodon's 4,096 descendants), and the account's statuses are
    /// read instead.
    private func lookupReply(to parent: String, account: String, request: PartRequest) async throws(PublishFailure) -> LookupResult? {
        let answer = try await send(HTTPRequest(url: base + "/api/v1/statuses/\(try Self.segment(parent))/context", headers: authorization))
        guard answer.isSuccess, let descendants = Self.json(answer.body)?["descendants"] as? [[String: Any]], descendants.count < 4_096 else { return nil }
        var undecided: LookupResult?
        var edited: EditedSince?
        var contested: [EditedSince.Contested] = []
        // Oldest first: of two replies of the same content, the first is this part's.
        for status in descendants {
            guard status["in_reply_to_id"].flatMap(Self.string) == parent,
                  (status["account"] as? [String: Any])?["id"].flatMap(Self.string) == account,
                  let remote = status["id"].flatMap(Self.string) else { continue }
            switch try await isPart(status, id: remote, request) {
            case .part:
                let created = created(status)
                return .found(PublishedObject(remoteID: remote, url: status["url"] as? String, createdAt: created))
            case .recordedForAnother(let claimant): undecided = undecided ?? Self.recordedForAnother(remote, claimant, request)
            case .sourceNotShown: undecided = undecided ?? Self.sourceNotShown(remote)
            case .notPart:
                // Any reply herald made to the part before is no other part's: this one, however edited.
                guard let alike = EditedSince.alike(status, id: remote, request) else { continue }
                let found = EditedSince(id: remote, created: created(status), alike: alike, reply: true)
                let sends = EditedSince.sends(thatMayHaveMade: status, created: found.created, request)
                if !sends.isEmpty {
                    contested.append(.init(edited: found, status: status, sends: sends))
                } else if alike > edited?.alike ?? -1, try await madeThroughTokensApplication(status) != false {
                    edited = found
                }
            }
        }
        if let undecided { return undecided }
        return try await mostAlike(edited, contested, request)?.result ?? .absent
    }

    /// The status most like the part as it was before an edit: `edited`,
    /// or one of those set aside that no other item's unanswered send
    /// accounts for (`EditedSince.unaccounted`), if herald made it; of two
    /// alike, the older.
    private func mostAlike(_ edited: EditedSince?, _ contested: [EditedSince.Contested],
                           _ request: PartRequest) async throws(PublishFailure) -> EditedSince? {
        var most = edited
        for status in EditedSince.unaccounted(contested, request) where status.edited.alike > most?.alike ?? -1
            || (status.edited.alike == most?.alike && MastodonAdapter.isOlder(status.edited.id, than: most!.id)) {
            if try await madeThroughTokensApplication(status.status) != false { most = status.edited }
        }
        return most
    }

    /// Whether a status of the account is the part: its media, and its
    /// text as written. A status that shows the text without Markdown's
    /// markers is the part on an instance that renders Markdown
    /// (glitch-soc, Akkoma, mastodon_mock), and another status of other
    /// words on one that shows them as they are: what was typed, which the
    /// instance keeps (`GET /api/v1/statuses/:id/source`, Mastodon 3.5 on),
    /// tells. A status the state records for another item is that item's,
    /// unless its record says it held other content.
    private func isPart(_ status: [String: Any], id: String, _ request: PartRequest) async throws(PublishFailure) -> PartMatch {
        guard request.claimed.contains(id) else {
            switch try await shows(status, id: id, request) {
            case true?: return .part
            case false?: return .notPart
            case nil: return .sourceNotShown
            }
        }
        // Another item's: of the same words, another post of them (a weekly reminder, another picture).
        // Published with other words, yet this part exactly, one of the two records is wrong: a person tells.
        // So where the other has changed since (its words then unknown), unless its record is of this content.
        guard let claimant = request.claimants[id] else { return .notPart }
        if let words = claimant.text {
            guard Self.comparable(words) != Self.comparable(request.part.text) else { return .notPart }
        } else if claimant.hash == request.part.hash {
            return .notPart
        }
        guard try await shows(status, id: id, request) == true else { return .notPart }
        return .recordedForAnother(claimant)
    }

    private enum PartMatch {
        case part, notPart
        /// It reads as the part without its Markdown markers, and the instance does not show what was typed.
        case sourceNotShown
        /// It is the part, and the state records it for another item, published with other content.
        case recordedForAnother(PartRequest.Claimant)
    }

    /// Whether a status shows the part: its media, and its text as typed
    /// (`isPart`); nil when the instance cannot tell.
    private func shows(_ status: [String: Any], id: String, _ request: PartRequest) async throws(PublishFailure) -> Bool? {
        guard Self.sameMedia(status, as: request.part.media) else { return false }
        let shown = Self.comparable(Self.stripHTML(status["content"] as? String ?? ""))
        let wanted = Self.comparable(request.part.text)
        if shown == wanted { return true }
        guard let rendered = Self.renderedText(request.part.text), shown == rendered else { return false }
        let answer = try await send(HTTPRequest(url: base + "/api/v1/statuses/\(try Self.segment(id))/source", headers: authorization))
        if answer.isSuccess, let typed = Self.json(answer.body)?["text"] as? String { return Self.comparable(typed) == wanted }
        // Asked again (a 429, a 5xx), or a token to fix; an instance without the endpoint cannot tell.
        if answer.status == 401 || answer.status == 429 || answer.status >= 500 { throw failure(answer) }
        return nil
    }

    /// Whether a status was made through the application the token belongs
    /// to (`GET /api/v1/apps/verify_credentials`; a status shows its
    /// application to its owner): herald's, not Mastodon's web app or
    /// another client. Nil where the instance names no application for
    /// the token, or the status none (mastodon_mock's tokens have none):
    /// herald cannot tell.
    private func madeThroughTokensApplication(_ status: [String: Any]) async throws(PublishFailure) -> Bool? {
        let known: String?
        if let asked = tokenApplication.withLock({ $0 }) {
            known = asked
        } else {
            let answer = try await send(HTTPRequest(url: base + "/api/v1/apps/verify_credentials", headers: authorization))
            // Asked again (a 429, a 5xx); refused or absent, the token has no application herald can name
            // (the account's own verify_credentials took the token already).
            if answer.status == 429 || answer.status >= 500 { throw failure(answer) }
            known = answer.isSuccess ? Self.json(answer.body)?["name"] as? String : nil
            tokenApplication.withLock { $0 = .some(known) }
        }
        guard let known, let made = (status["application"] as? [String: Any])?["name"] as? String else { return nil }
        return made == known
    }

    /// Whether a status carries what the part attaches: as many
    /// attachments, in order, each with the part's alt text. A boost is
    /// never the part: its own content is empty, as a post of media alone is.
    static func sameMedia(_ status: [String: Any], as media: [MediaRef]) -> Bool {
        if let boosted = status["reblog"], !(boosted is NSNull) { return false }
        let attached = status["media_attachments"] as? [[String: Any]] ?? []
        guard attached.count == media.count else { return false }
        return zip(attached, media).allSatisfy { attachment, item in
            // As sent (`sentAlt`); the server may trim what it keeps as well.
            let description = attachment["description"] as? String ?? ""
            return description.trimmingCharacters(in: .whitespacesAndNewlines) == (item.sentAlt ?? "")
        }
    }

    /// A text as Mastodon shows it, to compare a status with a part: blanks
    /// as one space, a remote mention (`@alice@example.social`) as the
    /// `@alice` its HTML shows, and every mention in lower case: Mastodon
    /// shows the account's name as it was registered (`@Alice` typed for
    /// `alice` shows `@alice`), and account names differ by more than case.
    static func comparable(_ text: String) -> String {
        plain(TextRules.Counting.mastodonMentionsShortened(Substring(text), lowercased: true))
    }

    /// What a status made from `text` reads as, stripped of its HTML: the
    /// text, or, on an instance that renders Markdown (glitch-soc, Akkoma,
    /// mastodon_mock), the text without its `**`, `__`, `~~` and backticks.
    /// For the status a request just made or a key brought back only: the
    /// look-up compares the text as written, since another status may read
    /// as the second form on an instance that shows the markers.
    static func wantedTexts(_ text: String) -> Set<String> {
        var texts: Set = [comparable(text)]
        if let rendered = renderedText(text) { texts.insert(rendered) }
        return texts
    }

    /// The text as an instance that renders Markdown shows it, comparable:
    /// without its `**`, `__`, `~~` and backticks; nil for a text without them.
    static func renderedText(_ text: String) -> String? {
        guard text.contains(where: { $0 == "*" || $0 == "_" || $0 == "~" || $0 == "`" }) else { return nil }
        var rendered = text
        for marker in ["**", "__", "~~", "`"] { rendered = rendered.replacingOccurrences(of: marker, with: "") }
        return rendered == text ? nil : comparable(rendered)
    }

    /// Whether a page's `Link` header names a next page (`rel="next"`);
    /// nil without a `Link` header.
    static func linksNextPage(_ headers: HTTPHeaders) -> Bool? {
        let links = headers.values(for: "link")
        guard !links.isEmpty else { return nil }
        return links.joined(separator: ",").split(separator: ",").contains { link in
            link.split(separator: ";").dropFirst().contains { parameter in
                let words = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                return words.count == 2 && words[0].lowercased() == "rel"
                    && words[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"")).lowercased().split(separator: " ").contains("next")
            }
        }
    }

    /// Mastodon's ids are numbers that grow with time (snowflakes), written as strings.
    static func isOlder(_ id: String, than other: String) -> Bool {
        id.count != other.count ? id.count < other.count : id < other
    }

    /// Mastodon renders statuses as HTML: `<p>`, `<br>`, links. Enough to
    /// compare text, not a general HTML parser.
    public static func stripHTML(_ html: String) -> String {
        var text = html.replacingOccurrences(of: "<br>", with: "\n").replacingOccurrences(of: "<br/>", with: "\n")
            .replacingOccurrences(of: "<br />", with: "\n").replacingOccurrences(of: "</p><p>", with: "\n\n")
        while let open = text.range(of: "<"), let close = text.range(of: ">", range: open.upperBound..<text.endIndex) {
            text.removeSubrange(open.lowerBound..<close.upperBound)
        }
        return decodingEntities(text)
    }

    /// HTML's character references as servers write them: the named ones
    /// a status holds (`&lt;`, `&amp;`, `&nbsp;`…), decimal (`&#39;`) and
    /// hexadecimal (`&#x27;`). Others are left as written.
    static func decodingEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        let named: [Substring: String] = ["lt": "<", "gt": ">", "quot": "\"", "apos": "'", "amp": "&", "nbsp": "\u{A0}"]
        var out = ""
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            let after = rest[rest.index(after: amp)...]
            guard let semicolon = after.prefix(10).firstIndex(of: ";") else { out += "&"; rest = after; continue }
            let name = after[..<semicolon]
            let number: UInt32? = name.hasPrefix("#x") || name.hasPrefix("#X") ? UInt32(name.dropFirst(2), radix: 16)
                : name.hasPrefix("#") ? UInt32(name.dropFirst()) : nil
            if let decoded = named[name] ?? number.flatMap(Unicode.Scalar.init).map({ String(Character($0)) }) {
                out += decoded
                rest = after[after.index(after: semicolon)...]
            } else {
                out += "&"
                rest = after
            }
        }
        return out + rest
    }
}
