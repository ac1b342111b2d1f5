import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
@testable import HeraldKit

@Suite("Sandbox server")
struct SandboxServerTests {
    @Test func startsOnLoopbackAndServesHealth() async throws {
        try await withSandbox { server, client in
            #expect(client.base.host == "127.0.0.1")
            #expect(client.base.port != nil && client.base.port != 0)
            let health = try await client.send("GET", "/_sandbox/health")
            #expect(health.status == 200)
            #expect(health.object["status"] as? String == "ok")
            let platforms = health.object["platforms"] as? [[String: Any]]
            #expect(platforms?.first?["base_url"] as? String == "\(client.base.absoluteString)/mastodon")
            #expect(await server.url(for: .mastodon)?.absoluteString == "\(client.base.absoluteString)/mastodon")
        }
    }

    @Test func tokensNameTheirAccount() {
        #expect(SandboxServer.token(forAccount: "acme-mastodon") == "sandbox-acme-mastodon")
        #expect(SandboxServer.account(forToken: "sandbox-acme-mastodon") == "acme-mastodon")
        #expect(SandboxServer.account(forToken: "sandbox-") == nil)
        #expect(SandboxServer.account(forToken: "acme-mastodon") == nil)
    }

    @Test func servesRequestsConcurrently() async throws {
        try await withSandbox(latency: .milliseconds(1000)) { _, client in
            let start = ContinuousClock.now
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<30 {
                    group.addTask {
                        try await client.form("POST", "/mastodon/api/v1/statuses", [("status", "n\(index)")],
                                              token: acmeMastodonToken).status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let elapsed = ContinuousClock.now - start
            #expect(statuses == Array(repeating: 200, count: 30))
            // In series they would take at least 30 s. The margin is wide:
            // the server runs on this process's cooperative threads, which
            // other tests hold, and a loaded CI machine once stalled a
            // similar check for 8 s.
            #expect(elapsed >= .milliseconds(1000))
            #expect(elapsed < .seconds(20))
            #expect(try await client.posts().count == 30)
        }
    }

    @Test func latencyCanBeSetAndReadBack() async throws {
        try await withSandbox { _, client in
            let set = try await client.json("PUT", "/_sandbox/latency", ["ms": 250])
            #expect(set.object["ms"] as? Int == 250)
            #expect(try await client.send("GET", "/_sandbox/latency").object["ms"] as? Int == 250)
            let start = ContinuousClock.now
            _ = try await client.send("GET", "/mastodon/api/v2/instance")
            let elapsed = ContinuousClock.now - start
            #expect(elapsed >= .milliseconds(250))
            let bad = try await client.json("PUT", "/_sandbox/latency", ["ms": -1])
            #expect(bad.status == 400)
            let endless = try await client.json("PUT", "/_sandbox/latency", ["ms": 600_001])
            #expect(endless.status == 400)
            #expect((endless.object["error"] as? String)?.contains("from 0 to 600000") == true)
            #expect(try await client.send("GET", "/_sandbox/latency").object["ms"] as? Int == 250)
        }
    }

    /// The platforms' clock can be set off from this machine's, as an
    /// instance's may be: their statuses are dated by it, and so is every
    /// answer's `Date`; the control plane checks what it is given.
    @Test func theClockCanBeSetOff() async throws {
        try await withSandbox { _, client in
            #expect(try await client.send("GET", "/_sandbox/clock").object["offset_seconds"] as? Int == 0)
            #expect(try await client.json("PUT", "/_sandbox/clock", ["offset_seconds": -3_600]).object["offset_seconds"] as? Int == -3_600)
            let created = try await client.postStatus("an hour behind")
            let at = try #require((created["created_at"] as? String).flatMap { try? TimeParser.instant($0, zone: nil).get() })
            #expect(abs(at.timeIntervalSinceNow + 3_600) < 60, "\(at)")
            let answer = try await client.send("GET", "/mastodon/api/v2/instance")
            let date = try #require(answer.headers["date"].flatMap(RetryHints.httpDate))
            #expect(abs(date.timeIntervalSinceNow + 3_600) < 60, "\(answer.headers)")
            for bad: [String: Any] in [["offset_seconds": 86_401], ["offset_seconds": "5"], ["offset_seconds": 1.5], [:]] {
                #expect(try await client.json("PUT", "/_sandbox/clock", bad).status == 400)
            }
            try await client.json("POST", "/_sandbox/reset", [:])
            #expect(try await client.send("GET", "/_sandbox/clock").object["offset_seconds"] as? Int == 0)
        }
    }

    @Test func resetClearsPostsFaultsAndLatency() async throws {
        try await withSandbox { _, client in
            _ = try await client.postStatus("before reset")
            try await client.json("PUT", "/_sandbox/latency", ["ms": 500])
            try await client.json("POST", "/_sandbox/faults", ["effect": ["type": "status", "status": 500]])
            let reset = try await client.send("POST", "/_sandbox/reset")
            #expect(reset.status == 200)
            #expect(try await client.posts().isEmpty)
            #expect(try await client.send("GET", "/_sandbox/latency").object["ms"] as? Int == 0)
            let faults = try await client.send("GET", "/_sandbox/faults")
            #expect((faults.object["faults"] as? [Any])?.isEmpty == true)
            #expect(try await client.postStatus("after reset")["id"] is String)
        }
    }

    @Test func postsFilterByPlatformAndAccount() async throws {
        try await withSandbox { _, client in
            _ = try await client.postStatus("a", account: "one")
            _ = try await client.postStatus("b", account: "two")
            _ = try await client.postStatus("c", account: "one")
            #expect(try await client.posts("?account=one").map { $0["text"] as? String } == ["a", "c"])
            #expect(try await client.posts("?platform=mastodon").count == 3)
            #expect(try await client.posts("?platform=x").isEmpty)
            let unknown = try await client.send("GET", "/_sandbox/posts?platform=myspace")
            #expect(unknown.status == 400)
        }
    }

    @Test func unknownPathsAre404() async throws {
        try await withSandbox { _, client in
            let noPlatform = try await client.send("GET", "/twitter/2/tweets")
            #expect(noPlatform.status == 404)
            #expect(noPlatform.object["error"] as? String == "No sandbox platform serves /twitter/2/tweets; platforms are under /mastodon")
            // Escapes that are not UTF-8 are named as sent, not as an empty path.
            let undecodable = try await client.send("GET", "/%FF%FE/x")
            #expect(undecodable.status == 404)
            #expect(undecodable.object["error"] as? String == "No sandbox platform serves /%FF%FE/x; platforms are under /mastodon")
            let noControl = try await client.send("GET", "/_sandbox/nothing")
            #expect(noControl.status == 404)
            let noRoute = try await client.send("GET", "/mastodon/api/v1/nothing", token: acmeMastodonToken)
            #expect(noRoute.status == 404)
            #expect(noRoute.object["error"] as? String == "Record not found")
        }
    }

    @Test func stopFreesThePortAndStartTwiceFails() async throws {
        let server = SandboxServer()
        let url = try await server.start()
        await #expect(throws: SandboxServerError.self) { try await server.start() }
        let client = SandboxTestClient(url)
        #expect(try await client.send("GET", "/_sandbox/health").status == 200)
        await server.stop()
        #expect(await server.url == nil)

        await #expect(throws: (any Error).self) {
            try await client.send("GET", "/_sandbox/health", timeout: 2)
        }
        let again = SandboxServer()
        let port = try #require(url.port)
        let sameURL = try await again.start(port: UInt16(port))
        #expect(sameURL == url)
        #expect(try await SandboxTestClient(sameURL).send("GET", "/_sandbox/health").status == 200)
        await again.stop()
    }

    @Test func stopEndsRequestsStillWaiting() async throws {
        let server = SandboxServer()
        let url = try await server.start()
        let client = SandboxTestClient(url)
        try await client.json("PUT", "/_sandbox/latency", ["ms": 60_000])
        let pending = Task { try? await client.send("GET", "/mastodon/api/v2/instance", timeout: 30) }
        try await Task.sleep(for: .milliseconds(200))
        let clock = ContinuousClock()
        let elapsed = await clock.measure { await server.stop() }
        #expect(elapsed < .seconds(5))
        _ = await pending.value
    }

    @Test func runServesUntilStopped() async throws {
        let server = SandboxServer()
        let runner = Task { try await server.run() }
        var url: URL?
        for _ in 0..<200 where url == nil {
            url = await server.url
            if url == nil { try await Task.sleep(for: .milliseconds(10)) }
        }
        let base = try #require(url)
        #expect(try await SandboxTestClient(base).send("GET", "/_sandbox/health").status == 200)
        runner.cancel()
        try await runner.value
        #expect(await server.url == nil)
    }

    @Test func aBusyPortIsReported() async throws {
        let first = SandboxServer()
        let url = try await first.start()
        let second = SandboxServer()
        let port = UInt16(url.port!)
        await #expect(throws: SandboxServerError.cannotListen(port: port, reason: "address already in use")) {
            try await second.start(port: port)
        }
        await first.stop()
    }
}
