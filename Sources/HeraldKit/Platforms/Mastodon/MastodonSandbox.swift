import Foundation

/// Mastodon's API as herald uses it (PLATFORMS.md §7), served by the sandbox
/// under `/mastodon`: the adapter takes `http://127.0.0.1:PORT/mastodon` as
/// its instance URL.
///
/// Bearer tokens are `sandbox-<account>`; anything else gets Mastodon's 401.
/// Statuses (form or JSON), `Idempotency-Key` (1 h), replies, media upload
/// with the 202 → 206 → 200 processing path (video, GIF, audio, or a file
/// name containing `slow`), alt-text edits, delete with source text, a
/// status's source (what was typed), the account's statuses newest first
/// and a status's context (both in MastodonSandboxTimelines.swift), the
/// instance limits, and rate-limit headers on every response (300 per
/// 5 min per account, enforced).
public struct MastodonSandbox: SandboxPlatform {
    public let platform = Platform.mastodon
    public var postKinds: Set<String> { [Kind.status] }

    static let charactersReservedPerURL = 23
    static let idempotencyWindow: TimeInterval = 3_600
    static let rateLimit = 300
    static let rateWindow: TimeInterval = 300
    /// Media uploads per account: 30 in 30 minutes (PLATFORMS.md).
    static let mediaRateLimit = 30
    static let mediaRateWindow: TimeInterval = 1_800
    static let visibilities: Set<String> = ["public", "unlisted", "private", "direct"]
    static let supportedMimeTypes = [
        "image/jpeg", "image/png", "image/gif", "image/webp", "image/heic", "image/avif",
        "video/mp4", "video/quicktime", "video/webm", "audio/mpeg", "audio/ogg", "audio/wav", "audio/mp4",
    ]

    enum Kind {
        static let status = "status"
        static let media = "media"
    }

    public init() {}

    /// Mastodon's defaults, by its names: `/api/v2/instance` reports them.
    public var limits: [String: Int] { Limits.defaults }

    // MARK: SandboxPlatform

    public func errorResponse(status: Int, message: String) -> SandboxResponse {
        .json(["error": message], status: status)
    }

    public func rateLimitHeaders(resetAfter seconds: Int, now: Date) -> [String: String] {
        // Mastodon sends the X-RateLimit trio; Retry-After is the sandbox's addition.
        [
            "X-RateLimit-Limit": String(Self.rateLimit),
            "X-RateLimit-Remaining": "0",
            "X-RateLimit-Reset": SandboxJSON.timestamp(now.addingTimeInterval(TimeInterval(seconds))),
            "Retry-After": String(seconds),
        ]
    }

    public func windowHeaders(for request: SandboxRequest, now: Date) -> [String: String] {
        // A media upload counts in the uploads' window (30 in 30 minutes), anything else in the account's.
        let media = request.method == "POST" && request.path == "/api/v2/media"
        let (limit, window) = media ? (Self.mediaRateLimit, Self.mediaRateWindow) : (Self.rateLimit, Self.rateWindow)
        return [
            "X-RateLimit-Limit": String(limit),
            "X-RateLimit-Remaining": String(limit - 1),
            "X-RateLimit-Reset": SandboxJSON.timestamp(now.addingTimeInterval(window)),
        ]
    }

    public func handle(_ request: SandboxRequest, store: SandboxStore) async -> SandboxResponse {
        // A token, when sent, must be valid on every route, as with Doorkeeper.
        let account = request.sandboxAccount
        let hasValidToken = request.headers["authorization"] == nil || account != nil
        if let account { await store.noteAccount(account, on: platform) }

        var window = await store.countRequest(
            platform: platform, bucket: account.map { "account:\($0)" } ?? "ip",
            limit: Self.rateLimit, window: Self.rateWindow, now: request.receivedAt)
        // Media uploads have a window of their own (`throttle_api_media`); the answer
        // tells of the tighter one, as Mastodon's headers tell of the most limited.
        if request.method == "POST", request.path == "/api/v2/media", let account {
            let media = await store.countRequest(platform: platform, bucket: "media:\(account)", limit: Self.mediaRateLimit,
                                                 window: Self.mediaRateWindow, now: request.receivedAt)
            if !window.exceeded && (media.exceeded || media.remaining < window.remaining) { window = media }
        }
        var response: SandboxResponse
        if window.exceeded {
            response = errorResponse(status: 429, message: "Too many requests")
            let wait = Int(window.resetAt.timeIntervalSince(request.receivedAt).rounded(.up))
            response.headers.merge(rateLimitHeaders(resetAfter: wait, now: request.receivedAt)) { $1 }
        } else if !hasValidToken {
            response = unauthorized()
        } else {
            let context = Context(request: request, account: account, store: store, sandbox: self, limits: Limits(await store.limits(of: self)))
            response = await context.route()
        }
        response.headers["X-RateLimit-Limit"] = String(window.limit)
        response.headers["X-RateLimit-Remaining"] = String(window.remaining)
        response.headers["X-RateLimit-Reset"] = SandboxJSON.timestamp(window.resetAt)
        return response
    }

    func unauthorized() -> SandboxResponse {
        var response = errorResponse(status: 401, message: "The access token is invalid")
        response.headers["WWW-Authenticate"] =
            #"Bearer realm="Doorkeeper", error="invalid_token", error_description="The access token is invalid""#
        return response
    }

    func notFound() -> SandboxResponse {
        errorResponse(status: 404, message: "Record not found")
    }

    func invalid(_ message: String) -> SandboxResponse {
        errorResponse(status: 422, message: message)
    }

    // MARK: Counting

    /// Length as Mastodon's StatusLengthValidator counts it: graphemes, every
    /// URL as 23, `@user@domain` as `@user` — herald's own Mastodon rule
    /// (mastodon_mock is the independent check of it). A content warning
    /// counts too, as its graphemes: Mastodon joins it to the countable text,
    /// so a link or a mention in it counts in full.
    public static func characterCount(_ text: String, contentWarning: String = "") -> Int {
        contentWarning.count
            + TextRules.measure(text, platform: .mastodon, options: TextRuleOptions(urlLength: charactersReservedPerURL)).length
    }

    /// The status text as Mastodon renders it: escaped, `<p>` per paragraph,
    /// `<br />` per line break, and a mention as a link that shows `@user`
    /// alone. Every mentioned account exists on the sandbox, its name
    /// registered in lower case: `@Alice@example.social` shows as `@alice`.
    static func html(_ text: String, instance: URL) -> String {
        let scalars = Array(text.unicodeScalars)
        func piece(_ range: Range<Int>) -> String { escape(String(String.UnicodeScalarView(scalars[range]))) }
        var body = ""
        var cursor = 0
        for mention in TextRules.Counting.mastodonMentions(scalars) {
            body += piece(cursor..<mention.range.lowerBound)
            let user = piece(mention.range.lowerBound + 1..<mention.userEnd).lowercased()
            let profile = mention.isRemote
                ? "https://\(piece(mention.userEnd + 1..<mention.range.upperBound).lowercased())/@\(user)"
                : escape(instance.appendingPathComponent("@\(user)").absoluteString)
            body += "<span class=\"h-card\" translate=\"no\"><a href=\"\(profile)\" class=\"u-url mention\">@<span>\(user)</span></a></span>"
            cursor = mention.range.upperBound
        }
        body += piece(cursor..<scalars.count)
        return body
            .components(separatedBy: "\n\n")
            .filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
            .map { "<p>" + $0.replacingOccurrences(of: "\n", with: "<br />") + "</p>" }
            .joined()
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;")
            .replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
    }

    /// A stable, numeric-looking Mastodon account id for a herald account.
    static func accountID(_ account: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in account.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        return String(100_000_000_000_000 + hash % 900_000_000_000_000)
    }
}

extension MastodonSandbox {
    /// One request being served: who asks, and the routes.
    struct Context {
        let request: SandboxRequest
        let account: String?
        let store: SandboxStore
        let sandbox: MastodonSandbox
        let limits: Limits

        var now: Date { request.receivedAt }
        var base: URL { request.baseURL }

        func route() async -> SandboxResponse {
            let r = request
            switch r.method {
            case "GET":
                if r.match("/api/v2/instance") != nil { return instance() }
                if r.match("/api/v1/accounts/verify_credentials") != nil { return await verifyCredentials() }
                if r.match("/api/v1/apps/verify_credentials") != nil { return verifyApplication() }
                if let id = r.match("/api/v1/accounts/:id/statuses")?.first { return await accountStatuses(id) }
                if let id = r.match("/api/v1/statuses/:id/context")?.first { return await statusContext(id) }
                if let id = r.match("/api/v1/statuses/:id/source")?.first { return await statusSource(id) }
                if let id = r.match("/api/v1/statuses/:id")?.first { return await showStatus(id) }
                if let id = r.match("/api/v1/media/:id")?.first { return await showMedia(id) }
            case "POST":
                if r.match("/api/v1/statuses") != nil { return await createStatus() }
                if r.match("/api/v2/media") != nil { return await uploadMedia() }
            case "PUT":
                if let id = r.match("/api/v1/media/:id")?.first { return await updateMedia(id) }
            case "DELETE":
                if let id = r.match("/api/v1/statuses/:id")?.first { return await deleteStatus(id) }
            default:
                break
            }
            return sandbox.notFound()
        }

        // MARK: Instance and accounts

        private func instance() -> SandboxResponse {
            let domain = base.port.map { "\(base.host ?? "127.0.0.1"):\($0)" } ?? (base.host ?? "127.0.0.1")
            return .json([
                "domain": domain,
                "title": "herald sandbox",
                "version": "4.3.0",
                "source_url": "https://github.com/mastodon/mastodon",
                "description": "The Mastodon part of herald's loopback sandbox.",
                "languages": ["en"],
                "registrations": ["enabled": false, "approval_required": false, "message": NSNull()],
                "contact": ["email": "", "account": NSNull()],
                "rules": [Any](),
                "configuration": [
                    "urls": ["streaming": NSNull()],
                    "accounts": ["max_featured_tags": 10, "max_pinned_statuses": 5],
                    "statuses": [
                        "max_characters": limits.maxCharacters,
                        "max_media_attachments": limits.maxMediaAttachments,
                        "characters_reserved_per_url": MastodonSandbox.charactersReservedPerURL,
                    ],
                    "media_attachments": [
                        "supported_mime_types": MastodonSandbox.supportedMimeTypes,
                        "description_limit": limits.descriptionLimit,
                        "image_size_limit": limits.imageSizeLimit,
                        "image_matrix_limit": 33_177_600,
                        "video_size_limit": limits.videoSizeLimit,
                        "video_frame_rate_limit": 120,
                        "video_matrix_limit": 8_294_400,
                    ],
                    "polls": [
                        "max_options": 4, "max_characters_per_option": 50,
                        "min_expiration": 300, "max_expiration": 2_629_746,
                    ],
                    "translation": ["enabled": false],
                ],
            ])
        }

        /// The token's application, as Mastodon's `/api/v1/apps/verify_credentials` gives it.
        private func verifyApplication() -> SandboxResponse {
            guard account != nil, let token = request.bearerToken else { return sandbox.unauthorized() }
            return .json(["name": SandboxServer.application(forToken: token), "website": NSNull(), "scopes": ["read", "write"]])
        }

        private func verifyCredentials() async -> SandboxResponse {
            guard let account else { return sandbox.unauthorized() }
            var json = await accountJSON(account)
            json["source"] = ["privacy": "public", "sensitive": false, "language": "", "note": "",
                              "fields": [Any](), "follow_requests_count": 0]
            return .json(json)
        }

        private func accountJSON(_ name: String) async -> [String: Any] {
            let statuses = await store.objects(platform: .mastodon, account: name, kinds: [Kind.status])
            let profile = base.appendingPathComponent("@\(name)").absoluteString
            return [
                "id": MastodonSandbox.accountID(name),
                "username": name,
                "acct": name,
                "display_name": name,
                "locked": false, "bot": false, "discoverable": true, "group": false,
                "created_at": "2024-01-01T00:00:00.000Z",
                "note": "<p>herald sandbox account</p>",
                "url": profile,
                "uri": base.appendingPathComponent("users/\(name)").absoluteString,
                "avatar": base.appendingPathComponent("avatars/original/missing.png").absoluteString,
                "avatar_static": base.appendingPathComponent("avatars/original/missing.png").absoluteString,
                "header": base.appendingPathComponent("headers/original/missing.png").absoluteString,
                "header_static": base.appendingPathComponent("headers/original/missing.png").absoluteString,
                "followers_count": 0,
                "following_count": 0,
                "statuses_count": statuses.count,
                "last_status_at": SandboxJSON.orNull(statuses.last.map { String(SandboxJSON.timestamp($0.createdAt).prefix(10)) }),
                "emojis": [Any](),
                "fields": [Any](),
            ]
        }

        // MARK: Statuses

        private func createStatus() async -> SandboxResponse {
            guard let account else { return sandbox.unauthorized() }
            let params = request.parameters

            let replyTo = params.string("in_reply_to_id")
            if let replyTo {
                guard let parent = await store.object(.mastodon, id: replyTo), parent.kind == Kind.status,
                      canSee(parent) else {
                    // Mastodon's `statuses.errors.in_reply_not_found`.
                    return sandbox.errorResponse(status: 404, message: "The post you are trying to reply to does not appear to exist.")
                }
            }
            let key = request.headers["idempotency-key"].flatMap { $0.isEmpty ? nil : $0 }
            if let key, let remembered = await store.remembered(platform: .mastodon, account: account, idempotencyKey: key, now: now) {
                // Mastodon looks the status up again (`statuses.find`): one deleted since is not found.
                guard let original = remembered else { return sandbox.notFound() }
                return .json(await statusJSON(original))
            }
            if params.string("scheduled_at") != nil {
                return sandbox.invalid("Validation failed: scheduled_at is not supported by the herald sandbox")
            }
            let visibility = params.string("visibility") ?? "public"
            guard MastodonSandbox.visibilities.contains(visibility) else {
                return sandbox.invalid("Validation failed: Visibility is not included in the list")
            }

            let mediaIDs = params.strings("media_ids")
            if mediaIDs.count > limits.maxMediaAttachments {
                return sandbox.invalid("Cannot attach more than \(limits.maxMediaAttachments) files")
            }
            var media: [SandboxObject] = []
            var missing: [String] = []
            for id in mediaIDs {
                if let file = await store.object(.mastodon, id: id), file.kind == Kind.media,
                   file.account == account, file.fields["status_id"] == nil {
                    media.append(file)
                } else {
                    missing.append(id)
                }
            }
            if !missing.isEmpty {
                return sandbox.invalid("Media \(missing.joined(separator: ", ")) not found or already attached to another post")
            }
            if media.count > 1, media.contains(where: { ["video", "audio"].contains(Self.mediaType($0.contentType)) }) {
                return sandbox.invalid("Cannot attach a video to a post that already contains images")
            }
            if media.contains(where: { $0.fields["processing"] != nil }) {
                return sandbox.invalid("Cannot attach files that have not finished processing. Try again in a moment!")
            }

            let text = params.string("status") ?? ""
            let spoiler = params.string("spoiler_text") ?? ""
            if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty && media.isEmpty {
                return sandbox.invalid("Validation failed: Text can't be blank")
            }
            if MastodonSandbox.characterCount(text, contentWarning: spoiler) > limits.maxCharacters {
                return sandbox.invalid("Validation failed: Text character limit of \(limits.maxCharacters) exceeded")
            }

            let language = params.string("language")
            let sensitive = params.flag("sensitive") || !spoiler.isEmpty
            let application = request.bearerToken.map(SandboxServer.application(forToken:)) ?? "herald"
            let base = self.base
            let createdAt = now
            // The work (mentions resolved, media attached) before the status is made and its key kept.
            if let processing = request.processing { await SandboxRouter.sleep(processing) }
            let (status, isNew) = await store.create(
                platform: .mastodon, account: account, idempotencyKey: key,
                keptFor: MastodonSandbox.idempotencyWindow, now: now, reusing: request.processing == nil
            ) { id in
                SandboxObject(
                    platform: .mastodon, account: account, id: id, kind: Kind.status, text: text,
                    mediaIDs: mediaIDs, replyTo: replyTo, visibility: visibility, language: language,
                    createdAt: createdAt,
                    fields: [
                        "spoiler_text": spoiler,
                        "sensitive": String(sensitive),
                        "url": base.appendingPathComponent("@\(account)/\(id)").absoluteString,
                        "application": application,
                    ]
                )
            }
            if isNew {
                for file in media {
                    await store.update(.mastodon, id: file.id) { $0.fields["status_id"] = status.id }
                }
            }
            return .json(await statusJSON(status))
        }

        private func showStatus(_ id: String) async -> SandboxResponse {
            guard let status = await store.object(.mastodon, id: id), status.kind == Kind.status, canSee(status) else {
                return sandbox.notFound()
            }
            return .json(await statusJSON(status))
        }

        /// What was typed, as the instance keeps it for editing (Mastodon 3.5 on).
        private func statusSource(_ id: String) async -> SandboxResponse {
            guard let status = await store.object(.mastodon, id: id), status.kind == Kind.status, canSee(status) else {
                return sandbox.notFound()
            }
            return .json(["id": status.id, "text": status.text ?? "", "spoiler_text": status.fields["spoiler_text"] ?? ""])
        }

        private func deleteStatus(_ id: String) async -> SandboxResponse {
            guard let account else { return sandbox.unauthorized() }
            guard let status = await store.object(.mastodon, id: id), status.kind == Kind.status,
                  status.account == account else {
                return sandbox.notFound()
            }
            var json = await statusJSON(status)
            json["text"] = status.text ?? ""
            await store.remove(.mastodon, id: id)
            let deleteMedia = request.parameters.flag("delete_media")
            for mediaID in status.mediaIDs {
                if deleteMedia {
                    await store.remove(.mastodon, id: mediaID)
                } else {
                    await store.update(.mastodon, id: mediaID) { $0.fields["status_id"] = nil }
                }
            }
            return .json(json)
        }

        func statusJSON(_ status: SandboxObject) async -> [String: Any] {
            var attachments: [[String: Any]] = []
            for id in status.mediaIDs {
                if let file = await store.object(.mastodon, id: id) { attachments.append(mediaJSON(file)) }
            }
            var replyAccount: String?
            if let parentID = status.replyTo, let parent = await store.object(.mastodon, id: parentID) {
                replyAccount = MastodonSandbox.accountID(parent.account)
            }
            let replies = await store.objects(platform: .mastodon, kinds: [Kind.status])
                .filter { $0.replyTo == status.id }.count
            return [
                "id": status.id,
                "created_at": SandboxJSON.timestamp(status.createdAt),
                "in_reply_to_id": SandboxJSON.orNull(status.replyTo),
                "in_reply_to_account_id": SandboxJSON.orNull(replyAccount),
                "sensitive": status.fields["sensitive"] == "true",
                "spoiler_text": status.fields["spoiler_text"] ?? "",
                "visibility": status.visibility ?? "public",
                "language": SandboxJSON.orNull(status.language),
                "uri": base.appendingPathComponent("users/\(status.account)/statuses/\(status.id)").absoluteString,
                "url": status.fields["url"] ?? "",
                "replies_count": replies,
                "reblogs_count": 0,
                "favourites_count": 0,
                "edited_at": NSNull(),
                "favourited": false, "reblogged": false, "muted": false, "bookmarked": false, "pinned": false,
                "content": MastodonSandbox.html(status.text ?? "", instance: base),
                "reblog": NSNull(),
                "application": ["name": status.fields["application"] ?? "herald", "website": NSNull()],
                "account": await accountJSON(status.account),
                "media_attachments": attachments,
                "mentions": [Any](),
                "tags": [Any](),
                "emojis": [Any](),
                "card": NSNull(),
                "poll": NSNull(),
            ]
        }

        // MARK: Media

        private func uploadMedia() async -> SandboxResponse {
            guard let account else { return sandbox.unauthorized() }
            guard let file = request.multipart?.part(named: "file"), file.filename != nil, !file.data.isEmpty else {
                return sandbox.invalid("Validation failed: File can't be blank")
            }
            let contentType = Self.contentType(of: file)
            guard let contentType, MastodonSandbox.supportedMimeTypes.contains(contentType) else {
                return sandbox.invalid("Validation failed: File content type is invalid, File file type is not supported")
            }
            let type = Self.mediaType(contentType)
            let limit = type == "image" ? limits.imageSizeLimit : limits.videoSizeLimit
            if file.data.count > limit {
                return sandbox.invalid("Validation failed: File file size must be less than \(limit % 1_048_576 == 0 ? "\(limit / 1_048_576) MB" : "\(limit) Bytes")")
            }
            let params = request.parameters
            let description = params.string("description")
            if let description, description.unicodeScalars.count > limits.descriptionLimit {
                return sandbox.invalid(
                    "Validation failed: Description is too long (maximum is \(limits.descriptionLimit) characters)")
            }
            let filename = file.filename ?? "file"
            let processesLater = type != "image" || filename.lowercased().contains("slow")
            var fields = ["filename": filename]
            if let focus = params.string("focus") { fields["focus"] = focus }
            if processesLater { fields["processing"] = "pending" }
            let fileFields = fields
            let createdAt = now
            let (media, _) = await store.create(
                platform: .mastodon, account: account, idempotencyKey: nil, keptFor: 0, now: now
            ) { id in
                SandboxObject(platform: .mastodon, account: account, id: id, kind: Kind.media,
                              altText: description, contentType: contentType, byteCount: file.data.count,
                              createdAt: createdAt, fields: fileFields)
            }
            return .json(mediaJSON(media), status: processesLater ? 202 : 200)
        }

        /// As Mastodon's `set_media_attachment`: only the account's media
        /// not yet attached to a status (`where(status_id: nil)`).
        private func showMedia(_ id: String) async -> SandboxResponse {
            guard let account else { return sandbox.unauthorized() }
            guard let media = await store.object(.mastodon, id: id), media.kind == Kind.media,
                  media.account == account, media.fields["status_id"] == nil else {
                return sandbox.notFound()
            }
            if media.fields["processing"] != nil {
                // Still processing on this poll; done by the next one.
                await store.update(.mastodon, id: id) { $0.fields["processing"] = nil }
                return .json(mediaJSON(media), status: 206)
            }
            return .json(mediaJSON(media))
        }

        private func updateMedia(_ id: String) async -> SandboxResponse {
            guard let account else { return sandbox.unauthorized() }
            guard let media = await store.object(.mastodon, id: id), media.kind == Kind.media,
                  media.account == account, media.fields["status_id"] == nil else {
                return sandbox.notFound()
            }
            let params = request.parameters
            let description = params.string("description")
            if let description, description.unicodeScalars.count > limits.descriptionLimit {
                return sandbox.invalid(
                    "Validation failed: Description is too long (maximum is \(limits.descriptionLimit) characters)")
            }
            let focus = params.string("focus")
            let updated = await store.update(.mastodon, id: id) { media in
                if let description { media.altText = description }
                if let focus { media.fields["focus"] = focus }
            } ?? media
            return .json(mediaJSON(updated), status: updated.fields["processing"] == nil ? 200 : 206)
        }

        private func mediaJSON(_ media: SandboxObject) -> [String: Any] {
            let ready = media.fields["processing"] == nil
            let fileURL = base.appendingPathComponent(
                "system/media_attachments/files/\(media.id)/original/\(media.fields["filename"] ?? "file")")
            let smallURL = base.appendingPathComponent("system/media_attachments/files/\(media.id)/small/preview.png")
            var meta: [String: Any] = [:]
            if let focus = media.fields["focus"] {
                let xy = focus.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
                if xy.count == 2 { meta["focus"] = ["x": xy[0], "y": xy[1]] }
            }
            return [
                "id": media.id,
                "type": Self.mediaType(media.contentType),
                "url": ready ? fileURL.absoluteString : NSNull(),
                "preview_url": ready ? smallURL.absoluteString : NSNull(),
                "remote_url": NSNull(),
                "preview_remote_url": NSNull(),
                "text_url": NSNull(),
                "meta": meta,
                "description": SandboxJSON.orNull(media.altText),
                "blurhash": NSNull(),
            ]
        }

        /// Mastodon's attachment type for a content type.
        static func mediaType(_ contentType: String?) -> String {
            guard let contentType else { return "unknown" }
            if contentType == "image/gif" { return "gifv" }
            if contentType.hasPrefix("image/") { return "image" }
            if contentType.hasPrefix("video/") { return "video" }
            if contentType.hasPrefix("audio/") { return "audio" }
            return "unknown"
        }

        /// The part's declared type, or one guessed from the file name when
        /// the client sent none or a generic one.
        static func contentType(of part: MultipartForm.Part) -> String? {
            if let declared = part.contentType.map({ SandboxHeaderValue($0).value.lowercased() }),
               declared != "application/octet-stream" {
                return declared == "image/jpg" ? "image/jpeg" : declared
            }
            let byExtension = [
                "jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "gif": "image/gif",
                "webp": "image/webp", "mp4": "video/mp4", "mov": "video/quicktime", "webm": "video/webm",
                "mp3": "audio/mpeg", "ogg": "audio/ogg", "wav": "audio/wav",
            ]
            let ext = (part.filename ?? "").split(separator: ".").last.map { $0.lowercased() } ?? ""
            return byExtension[ext]
        }
    }
}
