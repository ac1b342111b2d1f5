import Foundation
import Testing
@testable import HeraldKit

@Suite("Mastodon sandbox")
struct MastodonSandboxTests {
    let statuses = "/mastodon/api/v1/statuses"

    // MARK: Authentication

    @Test func rejectsAMissingOrForeignTokenWithMastodonsError() async throws {
        try await withSandbox { _, client in
            for token in [nil, "not-a-sandbox-token", "sandbox-"] as [String?] {
                let response = try await client.form("POST", statuses, [("status", "hi")], token: token)
                #expect(response.status == 401)
                #expect(response.object["error"] as? String == "The access token is invalid")
                #expect(response.headers["www-authenticate"]?.contains("invalid_token") == true)
            }
            let wrongToken = try await client.send("GET", "/mastodon/api/v1/statuses/1", token: "nope")
            #expect(wrongToken.status == 401)
            #expect(try await client.posts().isEmpty)
        }
    }

    @Test func acceptsTheSandboxTokenAndAttributesToItsAccount() async throws {
        try await withSandbox { _, client in
            let me = try await client.send("GET", "/mastodon/api/v1/accounts/verify_credentials",
                                           token: SandboxServer.token(forAccount: "acme-mastodon"))
            #expect(me.status == 200)
            #expect(me.object["username"] as? String == "acme-mastodon")
            #expect(me.object["acct"] as? String == "acme-mastodon")
            #expect((me.object["id"] as? String)?.allSatisfy { $0.isNumber } == true)

            _ = try await client.postStatus("from acme", account: "acme-mastodon")
            _ = try await client.postStatus("from beta", account: "beta-mastodon")
            let acme = try await client.posts("?platform=mastodon&account=acme-mastodon")
            #expect(acme.map { $0["text"] as? String } == ["from acme"])
            #expect(acme.first?["account"] as? String == "acme-mastodon")
        }
    }

    // MARK: Statuses

    @Test func createsAStatusFromAFormAndListsIt() async throws {
        try await withSandbox { _, client in
            let response = try await client.form(
                "POST", statuses,
                [("status", "Hello <world> & you\n\nsecond"), ("visibility", "unlisted"), ("language", "en")],
                token: acmeMastodonToken)
            #expect(response.status == 200)
            let status = response.object
            let id = try #require(status["id"] as? String)
            #expect(id.allSatisfy { $0.isNumber })
            #expect(status["url"] as? String == "\(client.base.absoluteString)/mastodon/@acme-mastodon/\(id)")
            #expect(status["content"] as? String == "<p>Hello &lt;world&gt; &amp; you</p><p>second</p>")
            #expect(status["visibility"] as? String == "unlisted")
            #expect(status["language"] as? String == "en")
            #expect(status["in_reply_to_id"] is NSNull)
            #expect((status["account"] as? [String: Any])?["username"] as? String == "acme-mastodon")
            #expect(status["text"] == nil)
            #expect(response.headers["x-ratelimit-limit"] == "300")
            #expect(response.headers["x-ratelimit-remaining"] == "299")
            #expect(response.headers["x-ratelimit-reset"]?.hasSuffix("Z") == true)

            let posts = try await client.posts()
            #expect(posts.count == 1)
            let post = try #require(posts.first)
            #expect(post["platform"] as? String == "mastodon")
            #expect(post["id"] as? String == id)
            #expect(post["text"] as? String == "Hello <world> & you\n\nsecond")
            #expect(post["visibility"] as? String == "unlisted")
            #expect(post["reply_to"] is NSNull)
            #expect((post["media"] as? [Any])?.isEmpty == true)
        }
    }

    @Test func createsAStatusFromJSON() async throws {
        try await withSandbox { _, client in
            let response = try await client.json(
                "POST", statuses, ["status": "json post", "visibility": "private", "sensitive": true,
                                   "spoiler_text": "cw"], token: acmeMastodonToken)
            #expect(response.status == 200)
            #expect(response.object["visibility"] as? String == "private")
            #expect(response.object["sensitive"] as? Bool == true)
            #expect(response.object["spoiler_text"] as? String == "cw")
            #expect(try await client.posts().map { $0["text"] as? String } == ["json post"])
        }
    }

    @Test func anIdempotencyKeyMakesOneStatus() async throws {
        try await withSandbox { _, client in
            let key = ["Idempotency-Key": "post-42"]
            let first = try await client.form("POST", statuses, [("status", "once")], token: acmeMastodonToken, headers: key)
            let second = try await client.form("POST", statuses, [("status", "once")], token: acmeMastodonToken, headers: key)
            #expect(first.status == 200)
            #expect(second.status == 200)
            #expect(first.object["id"] as? String == second.object["id"] as? String)
            #expect(try await client.posts().count == 1)

            // The key belongs to the account: another account makes its own status.
            let other = try await client.form("POST", statuses, [("status", "once")],
                                              token: SandboxServer.token(forAccount: "beta"), headers: key)
            #expect(other.object["id"] as? String != first.object["id"] as? String)
            #expect(try await client.posts().count == 2)

            // Deleted since, the status the key made is not found, as Mastodon's `statuses.find` fails; nothing is made.
            let id = try #require(first.object["id"] as? String)
            #expect(try await client.send("DELETE", statuses + "/" + id, token: acmeMastodonToken).status == 200)
            let afterDelete = try await client.form("POST", statuses, [("status", "once")], token: acmeMastodonToken, headers: key)
            #expect(afterDelete.status == 404)
            #expect(try await client.posts().count == 1)
        }
    }

    @Test func idempotencyKeysExpireAfterAnHour() async throws {
        let store = SandboxStore()
        let start = Date(timeIntervalSince1970: 1_700_000_000)
        func create(at date: Date) async -> (SandboxObject, Bool) {
            await store.create(platform: .mastodon, account: "a", idempotencyKey: "k", keptFor: 3_600, now: date) {
                SandboxObject(platform: .mastodon, account: "a", id: $0, kind: "status", createdAt: date)
            }
        }
        let (first, firstIsNew) = await create(at: start)
        let (repeatWithinHour, repeatIsNew) = await create(at: start.addingTimeInterval(3_599))
        let (afterHour, afterIsNew) = await create(at: start.addingTimeInterval(3_601))
        #expect(firstIsNew && !repeatIsNew && afterIsNew)
        #expect(repeatWithinHour.id == first.id)
        #expect(afterHour.id != first.id)
    }

    @Test func repliesChainAndAMissingParentIs404() async throws {
        try await withSandbox { _, client in
            let root = try await client.postStatus("1/3")
            let rootID = try #require(root["id"] as? String)
            let middle = try await client.postStatus("2/3", extra: [("in_reply_to_id", rootID)])
            let middleID = try #require(middle["id"] as? String)
            let last = try await client.postStatus("3/3", extra: [("in_reply_to_id", middleID)])
            #expect(middle["in_reply_to_id"] as? String == rootID)
            #expect(last["in_reply_to_id"] as? String == middleID)
            #expect(last["in_reply_to_account_id"] as? String == MastodonSandbox.accountID("acme-mastodon"))

            let posts = try await client.posts()
            #expect(posts.map { $0["text"] as? String } == ["1/3", "2/3", "3/3"])
            #expect(posts.map { $0["reply_to"] as? String } == [nil, rootID, middleID])

            let orphan = try await client.form("POST", statuses, [("status", "x"), ("in_reply_to_id", "999")],
                                               token: acmeMastodonToken)
            #expect(orphan.status == 404)
            #expect(orphan.object["error"] as? String == "The post you are trying to reply to does not appear to exist.")
        }
    }

    @Test func rejectsInvalidStatusesWith422() async throws {
        try await withSandbox { _, client in
            func error(_ fields: [(String, String)]) async throws -> (Int, String?) {
                let response = try await client.form("POST", statuses, fields, token: acmeMastodonToken)
                return (response.status, response.object["error"] as? String)
            }
            let badVisibility = try await error([("status", "x"), ("visibility", "friends")])
            #expect(badVisibility.0 == 422)
            #expect(badVisibility.1 == "Validation failed: Visibility is not included in the list")

            let blank = try await error([("status", "  \n ")])
            #expect(blank == (422, "Validation failed: Text can't be blank"))

            let long = try await error([("status", String(repeating: "é", count: 501))])
            #expect(long == (422, "Validation failed: Text character limit of 500 exceeded"))

            let tooMany = try await error([("status", "x")] + (1...5).map { ("media_ids[]", "\($0)") })
            #expect(tooMany == (422, "Cannot attach more than 4 files"))

            let unknownMedia = try await error([("status", "x"), ("media_ids[]", "12345")])
            #expect(unknownMedia == (422, "Media 12345 not found or already attached to another post"))
            #expect(try await client.posts().isEmpty)
        }
    }

    @Test func enforces300RequestsPer5MinutesPerAccount() async {
        let mastodon = MastodonSandbox()
        let store = SandboxStore()
        let start = Date(timeIntervalSince1970: 1_700_000_000)
        func call(at date: Date) async -> SandboxResponse {
            var headers = HTTPHeaders()
            headers["Authorization"] = "Bearer \(acmeMastodonToken)"
            let request = SandboxRequest(method: "GET", path: "/api/v1/accounts/verify_credentials", headers: headers,
                                         baseURL: URL(string: "http://127.0.0.1:1/mastodon")!, receivedAt: date)
            return await mastodon.handle(request, store: store)
        }
        for _ in 1...299 { _ = await call(at: start) }
        let last = await call(at: start.addingTimeInterval(10))
        #expect(last.status == 200)
        #expect(last.headers["X-RateLimit-Remaining"] == "0")
        let over = await call(at: start.addingTimeInterval(20))
        #expect(over.status == 429)
        #expect(over.headers["Retry-After"] == "280")
        #expect(over.headers["X-RateLimit-Reset"] == "2023-11-14T22:18:20.000Z")
        let nextWindow = await call(at: start.addingTimeInterval(300))
        #expect(nextWindow.status == 200)
        #expect(nextWindow.headers["X-RateLimit-Remaining"] == "299")
    }

    /// Media uploads have their own window, 30 in 30 minutes, which their
    /// answers report; the 31st is refused while other requests go on.
    @Test func enforces30MediaUploadsPer30Minutes() async {
        let mastodon = MastodonSandbox()
        let store = SandboxStore()
        let start = Date(timeIntervalSince1970: 1_700_000_000)
        func call(_ method: String, _ path: String, at date: Date) async -> SandboxResponse {
            var headers = HTTPHeaders()
            headers["Authorization"] = "Bearer \(acmeMastodonToken)"
            let request = SandboxRequest(method: method, path: path, headers: headers,
                                         baseURL: URL(string: "http://127.0.0.1:1/mastodon")!, receivedAt: date)
            return await mastodon.handle(request, store: store)
        }
        // Without a file each upload is refused (422), but counted, as Rack::Attack counts it.
        for _ in 1...29 { _ = await call("POST", "/api/v2/media", at: start) }
        let last = await call("POST", "/api/v2/media", at: start)
        #expect(last.headers["X-RateLimit-Limit"] == "30")
        #expect(last.headers["X-RateLimit-Remaining"] == "0")
        let over = await call("POST", "/api/v2/media", at: start.addingTimeInterval(60))
        #expect(over.status == 429)
        #expect(over.headers["X-RateLimit-Reset"] == "2023-11-14T22:43:20.000Z")
        #expect(await call("GET", "/api/v1/accounts/verify_credentials", at: start.addingTimeInterval(60)).status == 200)
        #expect(await call("POST", "/api/v2/media", at: start.addingTimeInterval(1_800)).status != 429)
    }

    @Test func countsCharactersAsMastodonDoes() {
        #expect(MastodonSandbox.characterCount("héllo 👩‍👩‍👧") == 7)
        let url = "https://example.com/" + String(repeating: "a", count: 200)
        #expect(MastodonSandbox.characterCount("see \(url)") == 4 + 23)
        #expect(MastodonSandbox.characterCount("hi @alice@mastodon.social") == 9)
        // A content warning's links and mentions count in full, its text's as above.
        #expect(MastodonSandbox.characterCount("see \(url)", contentWarning: "cw \(url)") == 3 + url.count + 4 + 23)
        #expect(MastodonSandbox.characterCount("x", contentWarning: "@alice@mastodon.social") == 22 + 1)
    }

    @Test func exactly500CharactersIsAccepted() async throws {
        try await withSandbox { _, client in
            let text = String(repeating: "🙂", count: 480) + " https://example.com/" + String(repeating: "x", count: 100)
            let response = try await client.form("POST", statuses, [("status", text)], token: acmeMastodonToken)
            #expect(MastodonSandbox.characterCount(text) == 504)
            #expect(response.status == 422)
            let fits = String(repeating: "🙂", count: 476) + " https://example.com/" + String(repeating: "x", count: 100)
            // The content warning counts toward the same 500.
            let warned = try await client.form("POST", statuses, [("status", fits), ("spoiler_text", "!")],
                                               token: acmeMastodonToken)
            #expect(warned.status == 422)
            let ok = try await client.form("POST", statuses, [("status", fits)], token: acmeMastodonToken)
            #expect(ok.status == 200)
        }
    }

    @Test func getDeleteAndTheAccountTimeline() async throws {
        try await withSandbox { _, client in
            let first = try #require(try await client.postStatus("first")["id"] as? String)
            let second = try #require(try await client.postStatus("second")["id"] as? String)

            let shown = try await client.send("GET", "\(statuses)/\(first)")
            #expect(shown.status == 200)
            #expect(shown.object["content"] as? String == "<p>first</p>")

            let accountID = MastodonSandbox.accountID("acme-mastodon")
            let timeline = try await client.send("GET", "/mastodon/api/v1/accounts/\(accountID)/statuses?limit=1",
                                                 token: acmeMastodonToken)
            #expect(timeline.status == 200)
            #expect(timeline.array.map { $0["id"] as? String } == [second])
            #expect(timeline.headers["link"]?.contains("max_id=\(second)") == true)
            let all = try await client.send("GET", "/mastodon/api/v1/accounts/\(accountID)/statuses", token: acmeMastodonToken)
            #expect(all.array.map { $0["id"] as? String } == [second, first])

            let notMine = try await client.send("DELETE", "\(statuses)/\(first)",
                                                token: SandboxServer.token(forAccount: "beta"))
            #expect(notMine.status == 404)
            let deleted = try await client.send("DELETE", "\(statuses)/\(first)", token: acmeMastodonToken)
            #expect(deleted.status == 200)
            #expect(deleted.object["text"] as? String == "first")
            #expect(try await client.send("GET", "\(statuses)/\(first)").status == 404)
            #expect(try await client.posts().map { $0["id"] as? String } == [second])
            let unknownAccount = try await client.send("GET", "/mastodon/api/v1/accounts/1/statuses")
            #expect(unknownAccount.status == 404)
        }
    }

    /// A status's context, as Mastodon gives it: the statuses it replies to
    /// up to the first, and every reply below it (another account's too),
    /// each list oldest first. herald's look-up for a thread's later part
    /// reads its parent's.
    @Test func aStatusesContextListsItsAncestorsAndReplies() async throws {
        try await withSandbox { _, client in
            let root = try #require(try await client.postStatus("root")["id"] as? String)
            let child = try #require(try await client.postStatus("child", extra: [("in_reply_to_id", root)])["id"] as? String)
            let other = try #require(try await client.postStatus("from beta", account: "beta", extra: [("in_reply_to_id", root)])["id"] as? String)
            let grandchild = try #require(try await client.postStatus("grandchild", extra: [("in_reply_to_id", child)])["id"] as? String)
            _ = try await client.postStatus("unrelated")
            let context = try await client.send("GET", "\(statuses)/\(child)/context", token: acmeMastodonToken)
            #expect(context.status == 200)
            #expect((context.object["ancestors"] as? [[String: Any]])?.map { $0["id"] as? String } == [root])
            #expect((context.object["descendants"] as? [[String: Any]])?.map { $0["id"] as? String } == [grandchild])
            let top = try await client.send("GET", "\(statuses)/\(root)/context", token: acmeMastodonToken)
            #expect((top.object["descendants"] as? [[String: Any]])?.map { $0["id"] as? String } == [child, other, grandchild])
            #expect(try await client.send("GET", "\(statuses)/1/context").status == 404)
        }
    }

    @Test func theInstanceReportsItsLimits() async throws {
        try await withSandbox { _, client in
            let response = try await client.send("GET", "/mastodon/api/v2/instance")
            #expect(response.status == 200)
            let configuration = try #require(response.object["configuration"] as? [String: Any])
            let statuses = try #require(configuration["statuses"] as? [String: Any])
            #expect(statuses["max_characters"] as? Int == 500)
            #expect(statuses["max_media_attachments"] as? Int == 4)
            #expect(statuses["characters_reserved_per_url"] as? Int == 23)
            #expect((configuration["media_attachments"] as? [String: Any])?["description_limit"] as? Int == 1500)
            #expect(response.object["domain"] as? String == "127.0.0.1:\(client.base.port!)")
        }
    }

    // MARK: Media

    @Test func anImageUploadIsReadyAtOnceAndAttaches() async throws {
        try await withSandbox { _, client in
            let upload = try await client.upload(token: acmeMastodonToken, fields: [("description", "A red square"),
                                                                            ("focus", "0.5,-0.25")])
            #expect(upload.status == 200)
            #expect(upload.object["type"] as? String == "image")
            #expect(upload.object["description"] as? String == "A red square")
            #expect((upload.object["url"] as? String)?.hasSuffix("/original/photo.png") == true)
            let focus = (upload.object["meta"] as? [String: Any])?["focus"] as? [String: Any]
            #expect(focus?["y"] as? Double == -0.25)
            let mediaID = try #require(upload.object["id"] as? String)

            let edited = try await client.form("PUT", "/mastodon/api/v1/media/\(mediaID)",
                                               [("description", "A red square on white")], token: acmeMastodonToken)
            #expect(edited.status == 200)

            let stranger = try await client.form("POST", statuses, [("status", "theirs"), ("media_ids[]", mediaID)],
                                                 token: SandboxServer.token(forAccount: "beta"))
            #expect(stranger.status == 422)

            let status = try await client.form("POST", statuses, [("status", "with image"), ("media_ids[]", mediaID)],
                                               token: acmeMastodonToken)
            #expect(status.status == 200)
            let attachments = status.object["media_attachments"] as? [[String: Any]]
            #expect(attachments?.map { $0["id"] as? String } == [mediaID])

            let post = try #require(try await client.posts().first)
            let media = try #require((post["media"] as? [[String: Any]])?.first)
            #expect(media["id"] as? String == mediaID)
            #expect(media["alt"] as? String == "A red square on white")
            #expect(media["bytes"] as? Int == 2048)
            #expect(media["content_type"] as? String == "image/png")

            // Attached media can be neither edited nor attached again.
            let again = try await client.form("POST", statuses, [("status", "again"), ("media_ids[]", mediaID)],
                                              token: acmeMastodonToken)
            #expect(again.status == 422)
            let lateEdit = try await client.form("PUT", "/mastodon/api/v1/media/\(mediaID)",
                                                 [("description", "late")], token: acmeMastodonToken)
            #expect(lateEdit.status == 404)
        }
    }

    @Test func aVideoIsProcessedAsynchronously() async throws {
        try await withSandbox { _, client in
            let upload = try await client.upload(token: acmeMastodonToken, filename: "clip.mp4", type: "video/mp4")
            #expect(upload.status == 202)
            #expect(upload.object["url"] is NSNull)
            #expect(upload.object["type"] as? String == "video")
            let mediaID = try #require(upload.object["id"] as? String)

            let early = try await client.form("POST", statuses, [("status", "v"), ("media_ids[]", mediaID)],
                                              token: acmeMastodonToken)
            #expect(early.status == 422)
            #expect((early.object["error"] as? String)?.hasPrefix("Cannot attach files that have not finished") == true)

            let poll1 = try await client.send("GET", "/mastodon/api/v1/media/\(mediaID)", token: acmeMastodonToken)
            #expect(poll1.status == 206)
            #expect(poll1.object["url"] is NSNull)
            let poll2 = try await client.send("GET", "/mastodon/api/v1/media/\(mediaID)", token: acmeMastodonToken)
            #expect(poll2.status == 200)
            #expect(poll2.object["url"] is String)

            let status = try await client.form("POST", statuses, [("status", "v"), ("media_ids[]", mediaID)],
                                               token: acmeMastodonToken)
            #expect(status.status == 200)
            // Attached, it is no longer the account's to look at on its own, as on Mastodon.
            #expect(try await client.send("GET", "/mastodon/api/v1/media/\(mediaID)", token: acmeMastodonToken).status == 404)
        }
    }

    @Test func aSlowFileNameAlsoTakesThe202Path() async throws {
        try await withSandbox { _, client in
            let upload = try await client.upload(token: acmeMastodonToken, filename: "slow-cat.jpg", type: "image/jpeg")
            #expect(upload.status == 202)
            #expect(upload.object["type"] as? String == "image")
            let other = try await client.send("GET", "/mastodon/api/v1/media/\(upload.object["id"] as! String)",
                                              token: SandboxServer.token(forAccount: "beta"))
            #expect(other.status == 404)
        }
    }

    @Test func rejectsBadUploads() async throws {
        try await withSandbox { _, client in
            let noFile = try await client.form("POST", "/mastodon/api/v2/media", [("description", "x")],
                                               token: acmeMastodonToken)
            #expect(noFile.status == 422)
            #expect(noFile.object["error"] as? String == "Validation failed: File can't be blank")
            let pdf = try await client.upload(token: acmeMastodonToken, filename: "doc.pdf", type: "application/pdf")
            #expect(pdf.status == 422)
            let broken = try await client.send("POST", "/mastodon/api/v2/media", token: acmeMastodonToken,
                                               body: Data("--b\r\nno headers end".utf8),
                                               contentType: "multipart/form-data; boundary=b")
            #expect(broken.status == 400)
            #expect(broken.object["error"] is String)
            let anonymous = try await client.upload(token: nil)
            #expect(anonymous.status == 401)
            // The description limit counts code points, as Mastodon's Rails
            // check does: 751 "é" written as e + U+0301 are 751 graphemes but
            // 1,502 code points, over 1,500; 750 of them are at the limit.
            let accent = "e\u{301}"
            let long = try await client.upload(token: acmeMastodonToken,
                                               fields: [("description", String(repeating: accent, count: 751))])
            #expect(long.status == 422)
            #expect(long.object["error"] as? String == "Validation failed: Description is too long (maximum is 1500 characters)")
            let atTheLimit = try await client.upload(token: acmeMastodonToken,
                                                     fields: [("description", String(repeating: accent, count: 750))])
            #expect(atTheLimit.status == 200)
        }
    }

    @Test func aStatusWithFourImagesAndNoText() async throws {
        try await withSandbox { _, client in
            var ids: [String] = []
            for index in 1...4 {
                let upload = try await client.upload(token: acmeMastodonToken, filename: "p\(index).png",
                                                     fields: [("description", "picture \(index)")])
                ids.append(try #require(upload.object["id"] as? String))
            }
            let response = try await client.json("POST", statuses, ["media_ids": ids], token: acmeMastodonToken)
            #expect(response.status == 200)
            let media = try #require(try await client.posts().first?["media"] as? [[String: Any]])
            #expect(media.map { $0["alt"] as? String } == (1...4).map { "picture \($0)" })
        }
    }
}
