import Foundation
import Testing

@testable import HeraldKit

/// Round trips against a real HTTP server on 127.0.0.1.
@Suite("HTTPClient round trips")
struct HTTPClientTests {
    @Test func getRoundTrip() async throws {
        let server = try await HTTPTestServer()
        let client = HTTPClient()
        let response = try await client.send(HTTPRequest(url: "\(server.base)/echo?x=1"))
        #expect(response.status == 200)
        #expect(response.effectiveURL == "\(server.base)/echo?x=1")
        let echo = try HTTPTestServer.echo(response.body)
        #expect(echo.method == "GET")
        #expect(echo.path == "/echo")
        #expect(echo.query == "x=1")
        #expect(echo.header("User-Agent") == [HTTPClientConfiguration.defaultUserAgent])
    }

    @Test func postJSONRoundTrip() async throws {
        let server = try await HTTPTestServer()
        let json = Data(#"{"status":"Hello, wörld","visibility":"public"}"#.utf8)
        let response = try await HTTPClient().send(
            HTTPRequest(method: .post, url: "\(server.base)/api/v1/statuses", body: .json(json)))
        #expect(response.status == 200)
        #expect(response.headers["content-type"] == "application/json")
        let echo = try HTTPTestServer.echo(response.body)
        #expect(echo.method == "POST")
        #expect(echo.header("Content-Type") == ["application/json"])
        #expect(echo.header("Expect").isEmpty)
        #expect(echo.body == json)
    }

    @Test func formBodyIsURLEncoded() async throws {
        let server = try await HTTPTestServer()
        let response = try await HTTPClient().send(
            HTTPRequest(
                method: .post, url: "\(server.base)/form",
                body: .form([("status", "héllo wörld & more=1"), ("visibility", "public")])))
        let echo = try HTTPTestServer.echo(response.body)
        #expect(echo.header("Content-Type") == ["application/x-www-form-urlencoded"])
        #expect(
            String(decoding: echo.body, as: UTF8.self)
                == "status=h%C3%A9llo+w%C3%B6rld+%26+more%3D1&visibility=public")
    }

    @Test func putAndDeleteWithRawBytes() async throws {
        let server = try await HTTPTestServer()
        let client = HTTPClient()
        let bytes = Data([0, 1, 2, 255, 13, 10])
        let put = try HTTPTestServer.echo(
            try await client.send(
                HTTPRequest(
                    method: .put, url: "\(server.base)/blob",
                    body: .bytes(bytes, contentType: "application/octet-stream"))
            ).body)
        #expect(put.method == "PUT")
        #expect(put.body == bytes)
        #expect(put.header("Content-Type") == ["application/octet-stream"])
        let delete = try HTTPTestServer.echo(
            try await client.send(HTTPRequest(method: .delete, url: "\(server.base)/blob/1")).body)
        #expect(delete.method == "DELETE")
        let head = try await client.send(HTTPRequest(method: .head, url: "\(server.base)/blob"))
        #expect(head.status == 200)
        #expect(head.body.isEmpty)
    }

    @Test func customHeadersBothWays() async throws {
        let server = try await HTTPTestServer()
        let request = HTTPRequest(
            url: "\(server.base)/echo",
            headers: ["Authorization": "Bearer t0k3n", "X-Request-Echo": "abc", "Idempotency-Key": "k-1"])
        let response = try await HTTPClient().send(request)
        let echo = try HTTPTestServer.echo(response.body)
        #expect(echo.header("authorization") == ["Bearer t0k3n"])
        #expect(echo.header("Idempotency-Key") == ["k-1"])
        let sentNames = echo.headers.map { $0[0] }
        #expect(sentNames.firstIndex(of: "Authorization")! < sentNames.firstIndex(of: "Idempotency-Key")!)
        // Case-insensitive, multi-valued response lookups.
        #expect(response.headers["x-reply"] == "abc")
        #expect(response.headers["RETRY-AFTER"] == "120")
        #expect(response.headers["retry-after"] == "120")
        #expect(response.headers.values(for: "x-multi") == ["one", "two"])
        #expect(response.headers["X-Not-There"] == nil)
    }

    @Test func statusErrorsAreResponses() async throws {
        let server = try await HTTPTestServer()
        let response = try await HTTPClient().send(HTTPRequest(url: "\(server.base)/status?code=503"))
        #expect(response.status == 503)
        #expect(!response.isSuccess)
    }

    @Test func redirectsAreFollowedAndReported() async throws {
        let server = try await HTTPTestServer()
        let response = try await HTTPClient().send(HTTPRequest(url: "\(server.base)/redirect"))
        #expect(response.status == 200)
        #expect(response.effectiveURL == "\(server.base)/echo?from=redirect")
        #expect(response.headers.values(for: "Location").isEmpty)  // the final response's fields only
        #expect(try HTTPTestServer.echo(response.body).query == "from=redirect")

        let noFollow = HTTPClient(configuration: .init(maxRedirects: 0))
        let first = try await noFollow.send(HTTPRequest(url: "\(server.base)/redirect"))
        #expect(first.status == 302)
        #expect(first.headers["location"] == "/echo?from=redirect")
        // A POST is not sent on: followed, it would arrive as a GET that makes
        // nothing, and that GET's 200 be taken for the post's.
        let post = try await HTTPClient().send(HTTPRequest(method: .post, url: "\(server.base)/redirect", body: .form([("status", "hi")])))
        #expect(post.status == 302)
        #expect(post.effectiveURL == "\(server.base)/redirect")
        // Nor is a request with a token: sent on to another host without it, its 401 read as the
        // token refused, where the instance had moved. The 3xx is the adapter's to name.
        let authorized = try await HTTPClient().send(HTTPRequest(url: "\(server.base)/redirect", headers: ["Authorization": "Bearer placeholder"]))
        #expect(authorized.status == 302)
        #expect(authorized.headers["location"] == "/echo?from=redirect")
    }

    @Test func multipartWithTextAndFileFromDisk() async throws {
        let server = try await HTTPTestServer()
        let file = try HTTPTestFile(bytes: Data("PNG\r\n\u{0}binary\r\n--not-a-boundary\r\n".utf8))
        let response = try await HTTPClient().send(
            HTTPRequest(
                method: .post, url: "\(server.base)/multipart",
                body: .multipart([
                    .text("status", "Hello from herald"),
                    .file("media", path: file.path, filename: "photo.png", contentType: "image/png"),
                    .data("meta", Data("{}".utf8), filename: "meta.json", contentType: "application/json"),
                ])))
        let echo = try HTTPTestServer.echo(response.body)
        #expect(echo.header("Content-Type").first?.hasPrefix("multipart/form-data; boundary=") == true)
        let parts = try #require(echo.parts)
        #expect(parts.count == 3)
        #expect(parts[0].name == "status")
        #expect(parts[0].filename == nil)
        #expect(parts[0].text == "Hello from herald")
        #expect(parts[1].name == "media")
        #expect(parts[1].filename == "photo.png")
        #expect(parts[1].contentType == "image/png")
        #expect(parts[1].sha256 == file.sha256)
        #expect(parts[2].filename == "meta.json")
        #expect(parts[2].text == "{}")
    }

    @Test func oneMegabyteFileUpload() async throws {
        let server = try await HTTPTestServer()
        var generator = SystemRandomNumberGenerator()
        let bytes = Data((0..<1_048_576).map { _ in UInt8.random(in: 0...255, using: &generator) })
        let file = try HTTPTestFile(bytes: bytes, name: "clip.bin")
        let response = try await HTTPClient().send(
            HTTPRequest(
                method: .post, url: "\(server.base)/multipart", body: .multipart([.file("file", path: file.path)])))
        let part = try #require(try HTTPTestServer.echo(response.body).parts?.first)
        #expect(part.filename == "clip.bin")  // defaults to the file's name
        #expect(part.size == 1_048_576)
        #expect(part.sha256 == file.sha256)
    }

    @Test func concurrentRequestsOverlap() async throws {
        let server = try await HTTPTestServer()
        let client = HTTPClient()
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<10 {
                group.addTask { try await client.send(HTTPRequest(url: "\(server.base)/sleep?ms=1000")).status }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(statuses == Array(repeating: 200, count: 10))
        // The server counts the requests it was handling at one time; in
        // series that is 1. Not a wall-clock bound: under a loaded machine
        // the tasks that send and resume can lag, while the transfers
        // themselves still overlap on curl's own thread.
        let peak = try #require(try await server.stats()["peak_sleeping"])
        #expect(peak >= 2, "the server never handled two of the 10 requests at once; they ran in series")
    }

    @Test func keepAliveConnectionsAreReused() async throws {
        let server = try await HTTPTestServer()
        let client = HTTPClient()
        var ports: [Int] = []
        for index in 0..<5 {
            let response = try await client.send(
                HTTPRequest(method: .post, url: "\(server.base)/echo/\(index)", body: .json(Data("{}".utf8))))
            ports.append(try HTTPTestServer.echo(response.body).clientPort)
        }
        #expect(Set(ports).count < ports.count, "one connection per request: \(ports)")
        #expect(Set(ports).count == 1)
    }

    @Test func freshConnectionWhenReuseIsNotAllowed() async throws {
        let server = try await HTTPTestServer()
        let client = HTTPClient()
        var ports: [Int] = []
        for _ in 0..<3 {
            let response = try await client.send(
                HTTPRequest(url: "\(server.base)/echo", allowsConnectionReuse: false))
            ports.append(try HTTPTestServer.echo(response.body).clientPort)
        }
        #expect(Set(ports).count == 3)
    }

    @Test func verboseLogLineIsRedacted() async throws {
        let server = try await HTTPTestServer()
        let lines = HTTPTestLog()
        let client = HTTPClient(configuration: .init(log: { lines.append($0) }))
        _ = try await client.send(
            HTTPRequest(
                method: .post, url: "\(server.base)/api/v1/statuses?access_token=abc&x=1",
                headers: ["Authorization": "Bearer secret-token"], body: .json(Data("{}".utf8))))
        let logged = lines.all
        #expect(logged.count == 1)
        let line = try #require(logged.first)
        #expect(line.hasPrefix("POST \(server.base)/api/v1/statuses?access_token=REDACTED&x=1 → 200 ("))
        #expect(line.hasSuffix(" ms)"))
        #expect(!line.contains("abc") && !line.contains("secret-token"))
    }
}

/// A file in a fresh temporary directory, removed when released.
final class HTTPTestFile: @unchecked Sendable {
    let directory: URL
    let path: String
    let sha256: String

    init(bytes: Data, name: String = "upload.bin") throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("herald-http-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        path = directory.appendingPathComponent(name).path
        try bytes.write(to: URL(fileURLWithPath: path))
        sha256 = try Self.sha256(of: path)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    private static func sha256(of path: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sha256sum", path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: " ").first.map(String.init) ?? ""
    }
}

final class HTTPTestLog: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }
}
