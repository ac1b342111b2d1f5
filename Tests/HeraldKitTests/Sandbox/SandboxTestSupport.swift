import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
@testable import HeraldKit

/// One HTTP exchange with the sandbox, as a test sees it.
struct SandboxHTTPResult {
    var status: Int
    /// Header names lowercased.
    var headers: [String: String]
    var body: Data

    var json: Any? { try? JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed]) }
    var object: [String: Any] { json as? [String: Any] ?? [:] }
    var array: [[String: Any]] { json as? [[String: Any]] ?? [] }
    var text: String { String(decoding: body, as: UTF8.self) }
}

/// A real HTTP client (URLSession) pointed at a running sandbox.
struct SandboxTestClient {
    let base: URL
    let session: URLSession

    init(_ base: URL) {
        self.base = base
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = 32
        configuration.timeoutIntervalForRequest = 15
        self.session = URLSession(configuration: configuration)
    }

    @discardableResult
    func send(_ method: String, _ path: String, token: String? = nil, headers: [String: String] = [:],
              body: Data? = nil, contentType: String? = nil, timeout: TimeInterval? = nil) async throws -> SandboxHTTPResult {
        var request = URLRequest(url: URL(string: base.absoluteString + path)!)
        request.httpMethod = method
        if let timeout { request.timeoutInterval = timeout }
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let contentType { request.setValue(contentType, forHTTPHeaderField: "Content-Type") }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        request.httpBody = body
        let (data, response) = try await session.data(for: request)
        let http = response as! HTTPURLResponse
        var lowered: [String: String] = [:]
        for (name, value) in http.allHeaderFields {
            lowered[String(describing: name).lowercased()] = String(describing: value)
        }
        return SandboxHTTPResult(status: http.statusCode, headers: lowered, body: data)
    }

    @discardableResult
    func json(_ method: String, _ path: String, _ object: Any, token: String? = nil,
              headers: [String: String] = [:], timeout: TimeInterval? = nil) async throws -> SandboxHTTPResult {
        try await send(method, path, token: token, headers: headers,
                       body: try JSONSerialization.data(withJSONObject: object),
                       contentType: "application/json", timeout: timeout)
    }

    @discardableResult
    func form(_ method: String, _ path: String, _ fields: [(String, String)], token: String? = nil,
              headers: [String: String] = [:], timeout: TimeInterval? = nil) async throws -> SandboxHTTPResult {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let body = fields.map { name, value in
            name.addingPercentEncoding(withAllowedCharacters: allowed)! + "="
                + value.addingPercentEncoding(withAllowedCharacters: allowed)!
        }.joined(separator: "&")
        return try await send(method, path, token: token, headers: headers, body: Data(body.utf8),
                              contentType: "application/x-www-form-urlencoded", timeout: timeout)
    }

    @discardableResult
    func upload(_ path: String = "/mastodon/api/v2/media", token: String?, filename: String = "photo.png",
                type: String = "image/png", data: Data = Data(repeating: 0x89, count: 2048),
                fields: [(String, String)] = []) async throws -> SandboxHTTPResult {
        let boundary = "herald-test-\(UUID().uuidString)"
        let body = Self.multipart(boundary: boundary, fields: fields,
                                  file: (name: "file", filename: filename, type: type, data: data))
        return try await send("POST", path, token: token, body: body,
                              contentType: "multipart/form-data; boundary=\(boundary)")
    }

    /// Posts a status and returns its JSON.
    func postStatus(_ text: String, account: String = "acme-mastodon",
                    extra: [(String, String)] = []) async throws -> [String: Any] {
        try await form("POST", "/mastodon/api/v1/statuses", [("status", text)] + extra,
                       token: SandboxServer.token(forAccount: account)).object
    }

    /// `/_sandbox/posts`, optionally filtered.
    func posts(_ query: String = "") async throws -> [[String: Any]] {
        let response = try await send("GET", "/_sandbox/posts" + query)
        return response.object["posts"] as? [[String: Any]] ?? []
    }

    static func multipart(boundary: String, fields: [(String, String)],
                          file: (name: String, filename: String, type: String, data: Data)?) -> Data {
        var body = Data()
        for (name, value) in fields {
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8))
        }
        if let file {
            body.append(Data(("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.name)\"; "
                + "filename=\"\(file.filename)\"\r\nContent-Type: \(file.type)\r\n\r\n").utf8))
            body.append(file.data)
            body.append(Data("\r\n".utf8))
        }
        body.append(Data("--\(boundary)--\r\n".utf8))
        return body
    }
}

/// Starts a sandbox on a free port, runs `body`, and stops the sandbox
/// whatever happens.
func withSandbox(latency: Duration = .zero,
                 _ body: (SandboxServer, SandboxTestClient) async throws -> Void) async throws {
    let server = SandboxServer(latency: latency)
    let url = try await server.start()
    do {
        try await body(server, SandboxTestClient(url))
    } catch {
        await server.stop()
        throw error
    }
    await server.stop()
}

let acmeMastodonToken = SandboxServer.token(forAccount: "acme-mastodon")
