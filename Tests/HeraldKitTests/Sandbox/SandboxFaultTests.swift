import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
@testable import HeraldKit

@Suite("Sandbox faults")
struct SandboxFaultTests {
    let statuses = "/mastodon/api/v1/statuses"

    @discardableResult
    func addFault(_ client: SandboxTestClient, _ effect: [String: Any], path: String = "/api/v1/statuses",
                  methods: [String] = ["POST"], count: Int? = 1) async throws -> SandboxHTTPResult {
        var fault: [String: Any] = [
            "match": ["platform": "mastodon", "methods": methods, "path": path],
            "effect": effect,
        ]
        if let count { fault["count"] = count }
        let response = try await client.json("POST", "/_sandbox/faults", fault)
        #expect(response.status == 201)
        return response
    }

    func post(_ client: SandboxTestClient, _ text: String, timeout: TimeInterval? = nil) async throws -> SandboxHTTPResult {
        try await client.form("POST", statuses, [("status", text)], token: acmeMastodonToken, timeout: timeout)
    }

    @Test func statusAnswersThePlatformErrorWithoutDoingTheWork() async throws {
        try await withSandbox { _, client in
            try await addFault(client, ["type": "status", "status": 503])
            let failed = try await post(client, "lost")
            #expect(failed.status == 503)
            #expect(failed.object["error"] as? String == "Service Unavailable")
            // With the window its route counts in, as Mastodon's errors carry it: 300 in 5 minutes here,
            // 30 in 30 minutes for a media upload.
            #expect(failed.headers["x-ratelimit-limit"] == "300")
            try await addFault(client, ["type": "status", "status": 503], path: "/api/v2/media")
            let upload = try await client.form("POST", "/mastodon/api/v2/media", [("description", "x")], token: acmeMastodonToken)
            #expect(upload.status == 503)
            #expect(upload.headers["x-ratelimit-limit"] == "30")
            #expect(try await client.posts().isEmpty)
            // count 1: the next request goes through.
            #expect(try await post(client, "kept").status == 200)
            #expect(try await client.posts().count == 1)
        }
    }

    @Test func ratelimitAnswers429WithMastodonsHeaders() async throws {
        try await withSandbox { _, client in
            try await addFault(client, ["type": "ratelimit", "reset_seconds": 2])
            let before = Date()
            let limited = try await post(client, "x")
            let after = Date()
            #expect(limited.status == 429)
            #expect(limited.object["error"] as? String == "Too many requests")
            #expect(limited.headers["x-ratelimit-limit"] == "300")
            #expect(limited.headers["x-ratelimit-remaining"] == "0")
            #expect(limited.headers["retry-after"] == "2")
            let reset = try #require(limited.headers["x-ratelimit-reset"])
            let resetDate = try Date(reset, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
            // Two seconds after the sandbox answered, however long the request took on a busy machine.
            #expect(resetDate > before.addingTimeInterval(1) && resetDate < after.addingTimeInterval(3))
            #expect(try await client.posts().isEmpty)
        }
    }

    @Test func malformedAnswers200WithTruncatedJSON() async throws {
        try await withSandbox { _, client in
            try await addFault(client, ["type": "malformed"])
            let response = try await post(client, "x")
            #expect(response.status == 200)
            #expect(!response.body.isEmpty)
            #expect(response.json == nil)
            #expect(try await client.posts().isEmpty)
        }
    }

    @Test func latencyDelaysThenServes() async throws {
        try await withSandbox { _, client in
            try await addFault(client, ["type": "latency", "delay_ms": 400])
            let start = ContinuousClock.now
            let response = try await post(client, "slow")
            let elapsed = ContinuousClock.now - start
            #expect(response.status == 200)
            #expect(elapsed >= .milliseconds(400))
            #expect(try await client.posts().count == 1)
        }
    }

    @Test func timeoutAfterCreateLeavesThePostBehindATimedOutClient() async throws {
        try await withSandbox { _, client in
            try await addFault(client, ["type": "timeout_after_create", "delay_ms": 10_000])
            await #expect(throws: URLError.self) {
                try await post(client, "made it", timeout: 0.5)
            }
            let posts = try await client.posts()
            #expect(posts.map { $0["text"] as? String } == ["made it"])
        }
    }

    @Test func timeoutAfterCreateThenARetryWithTheSameKeyFindsTheOriginal() async throws {
        try await withSandbox { _, client in
            try await addFault(client, ["type": "timeout_after_create", "delay_ms": 10_000])
            let key = ["Idempotency-Key": "retry-me"]
            await #expect(throws: URLError.self) {
                try await client.form("POST", statuses, [("status", "once")], token: acmeMastodonToken, headers: key,
                                      timeout: 0.5)
            }
            let retry = try await client.form("POST", statuses, [("status", "once")], token: acmeMastodonToken, headers: key)
            #expect(retry.status == 200)
            let posts = try await client.posts()
            #expect(posts.count == 1)
            #expect(posts.first?["id"] as? String == retry.object["id"] as? String)
        }
    }

    @Test func timeoutDelaysBeforeDoingTheWork() async throws {
        try await withSandbox { _, client in
            // A wide margin between the client's timeout and the delay: a busy
            // machine (the whole suite runs in parallel) must not make this flaky.
            try await addFault(client, ["type": "timeout", "delay_ms": 10_000])
            await #expect(throws: URLError.self) {
                try await post(client, "late", timeout: 0.3)
            }
            #expect(try await client.posts().isEmpty)
            var texts: [String?] = []
            let deadline = ContinuousClock.now + .seconds(30)
            while texts.isEmpty && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(250))
                texts = try await client.posts().map { $0["text"] as? String }
            }
            #expect(texts == ["late"])
        }
    }

    @Test func faultsWithACountExpireAndOthersStay() async throws {
        try await withSandbox { _, client in
            let added = try await addFault(client, ["type": "status", "status": 500], count: 2)
            #expect(added.object["id"] as? String == "f1")
            #expect(added.object["count"] as? Int == 2)
            #expect(try await post(client, "a").status == 500)
            let listed = try await client.send("GET", "/_sandbox/faults")
            #expect((listed.object["faults"] as? [[String: Any]])?.first?["count"] as? Int == 1)
            #expect(try await post(client, "b").status == 500)
            #expect(try await post(client, "c").status == 200)
            let empty = try await client.send("GET", "/_sandbox/faults")
            #expect((empty.object["faults"] as? [Any])?.isEmpty == true)

            try await addFault(client, ["type": "status", "status": 502], count: nil)
            for _ in 0..<3 { #expect(try await post(client, "d").status == 502) }
            let cleared = try await client.send("DELETE", "/_sandbox/faults")
            #expect((cleared.object["faults"] as? [Any])?.isEmpty == true)
            #expect(try await post(client, "e").status == 200)
        }
    }

    @Test func faultsMatchOnlyTheirPlatformMethodAndPath() async throws {
        try await withSandbox { _, client in
            try await addFault(client, ["type": "status", "status": 500], path: "/api/v1/media/*",
                               methods: ["GET"], count: nil)
            #expect(try await post(client, "not a media request").status == 200)
            let upload = try await client.upload(token: acmeMastodonToken, filename: "slow.png")
            #expect(upload.status == 202)
            let poll = try await client.send("GET", "/mastodon/api/v1/media/\(upload.object["id"] as! String)",
                                             token: acmeMastodonToken)
            #expect(poll.status == 500)
            // A fault can also name the full path, prefix included.
            let full = try await client.json("POST", "/_sandbox/faults", [
                "match": ["path": "/mastodon/api/v2/instance"], "effect": ["type": "status", "status": 418],
            ])
            #expect(full.status == 201)
            #expect(try await client.send("GET", "/mastodon/api/v2/instance").status == 418)
            let deleted = try await client.send("DELETE", "/_sandbox/faults/\(full.object["id"] as! String)")
            #expect(deleted.status == 200)
            #expect(try await client.send("GET", "/mastodon/api/v2/instance").status == 200)
        }
    }

    @Test func theControlPlaneIgnoresFaultsAndLatency() async throws {
        try await withSandbox { _, client in
            try await client.json("PUT", "/_sandbox/latency", ["ms": 60_000])
            let everything = try await client.json("POST", "/_sandbox/faults", [
                "match": [String: Any](), "effect": ["type": "status", "status": 500],
            ])
            #expect(everything.status == 201)
            let start = ContinuousClock.now
            #expect(try await client.send("GET", "/_sandbox/health").status == 200)
            #expect(try await client.send("GET", "/_sandbox/posts").status == 200)
            #expect(try await client.send("GET", "/_sandbox/faults").status == 200)
            let elapsed = ContinuousClock.now - start
            // Any one of them delayed would take 60 s (or time out at 15 s);
            // the bound leaves room for a stalled, loaded machine.
            #expect(elapsed < .seconds(14))
        }
    }

    /// `PUT /_sandbox/limits` gives the instance other limits, as one
    /// configured otherwise has: `/api/v2/instance` reports them and the
    /// routes enforce them, until a reset. A wrong name or value sets none.
    @Test func limitsCanBeSetAndAreEnforced() async throws {
        try await withSandbox { _, client in
            let set = try await client.json("PUT", "/_sandbox/limits", ["mastodon": ["image_size_limit": 1_000, "description_limit": 10, "max_characters": 20]])
            #expect(set.status == 200)
            #expect((set.object["mastodon"] as? [String: Any])?["image_size_limit"] as? Int == 1_000)
            #expect((set.object["mastodon"] as? [String: Any])?["video_size_limit"] as? Int == 99 * 1_048_576)
            let instance = try await client.send("GET", "/mastodon/api/v2/instance", token: acmeMastodonToken).object
            let configuration = instance["configuration"] as? [String: Any]
            #expect((configuration?["media_attachments"] as? [String: Any])?["image_size_limit"] as? Int == 1_000)
            #expect((configuration?["statuses"] as? [String: Any])?["max_characters"] as? Int == 20)
            let big = try await client.upload(token: acmeMastodonToken, data: Data(repeating: 0x89, count: 1_001))
            #expect(big.status == 422 && big.object["error"] as? String == "Validation failed: File file size must be less than 1000 Bytes")
            let described = try await client.upload(token: acmeMastodonToken, fields: [("description", "eleven char")])
            #expect(described.status == 422)
            #expect(try await client.form("POST", "/mastodon/api/v1/statuses", [("status", String(repeating: "a", count: 21))], token: acmeMastodonToken).status == 422)
            #expect(try await client.upload(token: acmeMastodonToken, data: Data(repeating: 0x89, count: 1_000)).status == 200)

            for (body, message) in [
                (["bluesky": ["max_characters": 1]], "No sandbox platform 'bluesky' has limits to set; these do: mastodon"),
                (["mastodon": ["max_posts": 1]], "mastodon has no limit 'max_posts'; its limits: description_limit, image_size_limit, max_characters, max_media_attachments, video_size_limit"),
                (["mastodon": ["max_characters": 0]], "mastodon's max_characters must be a whole number from 1 to 2147483647"),
                (["mastodon": ["max_characters": "many"]], "mastodon's max_characters must be a whole number from 1 to 2147483647"),
                (["mastodon": ["max_characters": true]], "mastodon's max_characters must be a whole number from 1 to 2147483647"),
            ] as [([String: Any], String)] {
                let refused = try await client.json("PUT", "/_sandbox/limits", body)
                #expect(refused.status == 400 && refused.object["error"] as? String == message, "\(refused.object)")
            }
            #expect(try await client.send("POST", "/_sandbox/reset").status == 200)
            let reset = try await client.send("GET", "/_sandbox/limits").object
            #expect((reset["mastodon"] as? [String: Any])?["image_size_limit"] as? Int == 16 * 1_048_576)
        }
    }

    @Test func rejectsFaultsItCannotUse() async throws {
        try await withSandbox { _, client in
            let unknownType = try await client.json("POST", "/_sandbox/faults", ["effect": ["type": "explode"]])
            #expect(unknownType.status == 400)
            #expect((unknownType.object["error"] as? String)?.contains("timeout_after_create") == true)
            let zero = try await client.json("POST", "/_sandbox/faults",
                                             ["effect": ["type": "status"], "count": 0])
            #expect(zero.status == 400)
            #expect(zero.object["error"] as? String == "count must be at least 1 (omit it for a fault that stays)")
            let unserved = try await client.json("POST", "/_sandbox/faults",
                                                 ["match": ["platform": "vk"], "effect": ["type": "status"]])
            #expect(unserved.status == 400)
            let endless = try await client.json("POST", "/_sandbox/faults", ["effect": ["type": "latency", "delay_ms": 600_001]])
            #expect(endless.status == 400)
            #expect(endless.object["error"] as? String == "effect.delay_ms must be from 0 to 600000 (10 minutes)")
            let listed = try await client.send("GET", "/_sandbox/faults")
            #expect((listed.object["faults"] as? [Any])?.isEmpty == true)
        }
    }
}
