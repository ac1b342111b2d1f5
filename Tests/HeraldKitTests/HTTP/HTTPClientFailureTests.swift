import Foundation
import Testing

@testable import HeraldKit

/// Failures, and above all whether each one may have reached the server.
@Suite("HTTPClient failures")
struct HTTPClientFailureTests {
    @Test func timeoutAfterTheRequestWasSentMayHaveReachedServer() async throws {
        let server = try await HTTPTestServer()
        let start = ContinuousClock.now
        let error = try await #require(throws: HTTPError.self) {
            try await HTTPClient().send(
                HTTPRequest(
                    method: .post, url: "\(server.base)/sleep?ms=40000", body: .json(Data("{}".utf8)),
                    timeout: .milliseconds(500)))
        }
        #expect(error.kind == .timeout)
        #expect(error.mayHaveReachedServer)
        // Well before the server would have answered, even on a machine
        // loaded by the whole suite (once seen at 8.6 s for this 0.5 s timeout).
        #expect(ContinuousClock.now - start < .seconds(30))
        #expect(error.description.contains("may have reached the server"))
    }

    @Test func connectionRefusedCertainlyDidNotReachServer() async throws {
        let closedPort = try HTTPTestClosedPort()
        let error = try await #require(throws: HTTPError.self) {
            try await HTTPClient().send(
                HTTPRequest(method: .post, url: "http://127.0.0.1:\(closedPort.port)/api?access_token=s3cr3t"))
        }
        #expect(error.kind == .couldNotConnect)
        #expect(!error.mayHaveReachedServer)
        #expect(error.url == "http://127.0.0.1:\(closedPort.port)/api?access_token=REDACTED")
        #expect(!error.description.contains("s3cr3t"))
    }

    @Test func timeoutDuringTLSHandshakeDidNotReachServer() async throws {
        let server = try await HTTPTestServer(mode: "blackhole")
        let error = try await #require(throws: HTTPError.self) {
            try await HTTPClient().send(
                HTTPRequest(method: .post, url: "https://127.0.0.1:\(server.port)/api", timeout: .milliseconds(400)))
        }
        #expect(error.kind == .timeout)
        #expect(!error.mayHaveReachedServer)
    }

    @Test func connectionDroppedAfterRequestMayHaveReachedServer() async throws {
        let server = try await HTTPTestServer()
        let error = try await #require(throws: HTTPError.self) {
            try await HTTPClient().send(
                HTTPRequest(method: .post, url: "\(server.base)/drop", body: .json(Data("{}".utf8))))
        }
        #expect(error.kind == .connectionLost)
        #expect(error.mayHaveReachedServer)
    }

    /// A body past `maxResponseBytes` is not read into memory: the request
    /// fails, and counts as reached, since the server answered it. Up to
    /// the limit is read whole, announced by Content-Length or not.
    @Test(arguments: ["", "&length=no"])
    func aResponsePastTheLimitIsRefused(length: String) async throws {
        let server = try await HTTPTestServer()
        let client = HTTPClient(configuration: HTTPClientConfiguration(maxResponseBytes: 100_000))
        let fits = try await client.send(HTTPRequest(url: "\(server.base)/big?bytes=100000\(length)"))
        #expect(fits.status == 200)
        #expect(fits.body.count == 100_000)
        let error = try await #require(throws: HTTPError.self) {
            try await client.send(HTTPRequest(method: .post, url: "\(server.base)/big?bytes=100001\(length)"))
        }
        #expect(error.kind == .responseTooLarge)
        #expect(error.mayHaveReachedServer)
        #expect(error.message == "the response passed 100000 bytes; herald stopped reading it")
    }

    @Test func cancellingTheTaskAbortsTheTransfer() async throws {
        let server = try await HTTPTestServer()
        let client = HTTPClient()
        let task = Task { try await client.send(HTTPRequest(url: "\(server.base)/sleep?ms=50000")) }
        try await server.waitUntilReceived(1)
        let cancelled = ContinuousClock.now
        task.cancel()
        let error = try await #require(throws: HTTPError.self) { try await task.value }
        #expect(error.kind == .cancelled)
        #expect(error.mayHaveReachedServer)  // the request was out when it was cancelled
        #expect(ContinuousClock.now - cancelled < .seconds(30), "cancel did not abort the 50 s request")
        // The client still works afterwards.
        #expect(try await client.send(HTTPRequest(url: "\(server.base)/echo")).status == 200)
    }

    @Test func cancelledBeforeSendingNeverReachesServer() async throws {
        let client = HTTPClient()
        let task = Task {
            while !Task.isCancelled { await Task.yield() }
            return try await client.send(HTTPRequest(url: "http://127.0.0.1:9/never"))
        }
        task.cancel()
        let error = try await #require(throws: HTTPError.self) { try await task.value }
        #expect(error.kind == .cancelled)
        #expect(!error.mayHaveReachedServer)
    }

    @Test(arguments: ["ftp://127.0.0.1/file", "file:///etc/passwd", "not a url", "http://"])
    func invalidURLs(url: String) async throws {
        let error = try await #require(throws: HTTPError.self) {
            try await HTTPClient().send(HTTPRequest(url: url))
        }
        #expect(error.kind == .invalidURL || error.kind == .couldNotConnect, "\(error)")
        #expect(!error.mayHaveReachedServer)
    }

    @Test func droppingTheClientEndsItsThread() async throws {
        weak var loop: CurlMultiLoop?
        do {
            let client = HTTPClient()
            loop = client.loop
            let closedPort = try HTTPTestClosedPort()
            _ = try? await client.send(HTTPRequest(url: "http://127.0.0.1:\(closedPort.port)/"))
        }
        for _ in 0..<100 where loop != nil {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(loop == nil, "the loop thread still holds the multi handle")
    }

    @Test func headerInjectionIsRefused() async throws {
        let error = try await #require(throws: HTTPError.self) {
            try await HTTPClient().send(
                HTTPRequest(url: "http://127.0.0.1:9/", headers: ["X-Evil": "a\r\nHost: elsewhere"]))
        }
        #expect(error.kind == .invalidRequest)
        #expect(!error.mayHaveReachedServer)
    }

    @Test func missingMultipartFileFailsBeforeSending() async throws {
        let server = try await HTTPTestServer()
        let error = try await #require(throws: HTTPError.self) {
            try await HTTPClient().send(
                HTTPRequest(
                    method: .post, url: "\(server.base)/multipart",
                    body: .multipart([.file("media", path: "/nonexistent/herald/photo.png")])))
        }
        #expect(error.kind == .fileUnreadable)
        #expect(error.message.contains("/nonexistent/herald/photo.png"))
        #expect(!error.mayHaveReachedServer)
    }

    @Test func unreadableExtraCAFileFailsEverySend() async throws {
        let client = HTTPClient(configuration: .init(extraCAFile: "/nonexistent/herald-ca.pem"))
        let error = try await #require(throws: HTTPError.self) {
            try await client.send(HTTPRequest(url: "https://127.0.0.1:9/"))
        }
        #expect(error.kind == .fileUnreadable)
        #expect(error.message.contains("/nonexistent/herald-ca.pem"))
        #expect(!error.mayHaveReachedServer)
    }
}

/// A TCP port on 127.0.0.1 that refuses connections: bound, never
/// listening, so no other process can take it while the test runs.
final class HTTPTestClosedPort: @unchecked Sendable {
    let port: Int
    private let socketFD: Int32

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        socketFD = fd
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard bound else { throw HTTPTestServer.ServerError(message: "cannot bind a port on 127.0.0.1") }
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { close(socketFD) }
}
