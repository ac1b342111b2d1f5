import Foundation

/// One platform's part of the sandbox: the API it serves under
/// `http://127.0.0.1:PORT/<platform>/…`, its error shape and its rate-limit
/// headers. Each platform keeps its part in `Platforms/<Name>/` next to its
/// adapter and is listed once in `SandboxServer.allPlatforms`.
///
/// The core hands a part only requests under its prefix, after global
/// latency and faults have been applied; the part checks authentication
/// itself, the way its platform does.
public protocol SandboxPlatform: Sendable {
    var platform: Platform { get }

    /// The path prefix the part is served under; `/<platform raw value>` by default.
    var pathPrefix: String { get }

    /// The kinds of stored objects that `/_sandbox/posts` lists (`status`
    /// for Mastodon); media and other helper objects stay out of the list.
    var postKinds: Set<String> { get }

    /// Serves one request. `request.path` is relative to `pathPrefix`.
    func handle(_ request: SandboxRequest, store: SandboxStore) async -> SandboxResponse

    /// The platform's own error body for `status`, used by the core for
    /// faults and for requests it rejects before `handle` (a malformed
    /// multipart body).
    func errorResponse(status: Int, message: String) -> SandboxResponse

    /// The headers the platform sends with a 429, telling the client it may
    /// retry `seconds` after `now`.
    func rateLimitHeaders(resetAfter seconds: Int, now: Date) -> [String: String]

    /// The headers the platform sends with an answer whose rate-limit
    /// window has requests left (Mastodon sends them with every answer, its
    /// errors too): what a fault's answer to `request` carries, for the
    /// window its route counts in.
    func windowHeaders(for request: SandboxRequest, now: Date) -> [String: String]

    /// The limits the part reports and enforces, by the platform's names
    /// for them, at their defaults: `PUT /_sandbox/limits` sets others
    /// (`SandboxStore.limits`), as a server configured otherwise would.
    var limits: [String: Int] { get }
}

extension SandboxPlatform {
    public var pathPrefix: String { "/" + platform.rawValue }
    public var postKinds: Set<String> { ["post"] }
    public var limits: [String: Int] { [:] }
}

/// A name and value from a query string, a form body or a multipart text part.
public struct SandboxField: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// What a platform part sees of one HTTP request.
public struct SandboxRequest: Sendable {
    public var method: String
    /// The path after the platform prefix, percent-encoded (`/api/v1/statuses`).
    public var path: String
    public var query: [SandboxField]
    /// The request's header fields; names match case-insensitively.
    public var headers: HTTPHeaders
    public var body: Data
    /// The parsed body when the Content-Type is `multipart/form-data`.
    public var multipart: MultipartForm?
    /// Where the platform is served (`http://127.0.0.1:PORT/mastodon`), for
    /// URLs in responses.
    public var baseURL: URL
    public var receivedAt: Date
    /// How long the work takes between looking up an idempotency key and
    /// keeping it (the `slow_create` fault); nil: at once.
    public var processing: Duration?

    public init(method: String, path: String, query: [SandboxField] = [], headers: HTTPHeaders = [:],
                body: Data = Data(), multipart: MultipartForm? = nil, baseURL: URL, receivedAt: Date = Date()) {
        self.method = method.uppercased()
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.multipart = multipart
        self.baseURL = baseURL
        self.receivedAt = receivedAt
    }

    public func queryValue(_ name: String) -> String? {
        query.first { $0.name == name }?.value
    }

    /// The media type of the body, lowercased, without parameters (`application/json`).
    public var mediaType: String? {
        headers["content-type"].map { SandboxHeaderValue($0).value.lowercased() }
    }

    /// The token of an `Authorization: Bearer …` header.
    public var bearerToken: String? {
        guard let value = headers["authorization"] else { return nil }
        let parts = value.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return parts[1].trimmingCharacters(in: .whitespaces)
    }

    /// The account a `sandbox-<account>` bearer token stands for; `nil` for a
    /// missing or foreign token.
    public var sandboxAccount: String? {
        bearerToken.flatMap(SandboxServer.account(forToken:))
    }

    /// Fields of an `application/x-www-form-urlencoded` body, or the text
    /// parts (those without a file name) of a multipart body.
    public var formFields: [SandboxField] {
        if let multipart {
            return multipart.parts.compactMap { part in
                guard part.filename == nil, let text = part.text else { return nil }
                return SandboxField(name: part.name, value: text)
            }
        }
        guard mediaType == "application/x-www-form-urlencoded",
              let text = String(data: body, encoding: .utf8) else { return [] }
        return Self.decodeForm(text)
    }

    /// The body parsed as JSON when the Content-Type says JSON.
    public func jsonBody() -> Any? {
        guard let mediaType, mediaType == "application/json" || mediaType.hasSuffix("+json") else { return nil }
        return try? JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed])
    }

    /// Matches the path against a pattern like `/api/v1/statuses/:id` and
    /// returns the values of its `:` segments, percent-decoded, in order.
    public func match(_ pattern: String) -> [String]? {
        let want = pattern.split(separator: "/", omittingEmptySubsequences: true)
        let have = path.split(separator: "/", omittingEmptySubsequences: true)
        guard want.count == have.count else { return nil }
        var captures: [String] = []
        for (segment, actual) in zip(want, have) {
            if segment.hasPrefix(":") {
                captures.append(actual.removingPercentEncoding ?? String(actual))
            } else if segment != actual {
                return nil
            }
        }
        return captures
    }

    /// Decodes `a=1&b=two+words` as HTML forms encode it.
    public static func decodeForm(_ text: String) -> [SandboxField] {
        text.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let halves = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ part: Substring) -> String {
                let spaced = part.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            return SandboxField(name: decode(halves[0]), value: halves.count > 1 ? decode(halves[1]) : "")
        }
    }
}

/// What a platform part answers.
public struct SandboxResponse: Sendable {
    public var status: Int
    public var headers: [String: String]
    public var body: Data

    public init(status: Int, headers: [String: String] = [:], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A JSON response; `object` is anything `JSONSerialization` accepts
    /// (use `NSNull()` for `null`).
    public static func json(_ object: Any, status: Int = 200, headers: [String: String] = [:]) -> SandboxResponse {
        var headers = headers
        headers["Content-Type"] = "application/json; charset=utf-8"
        return SandboxResponse(status: status, headers: headers, body: SandboxJSON.data(object))
    }
}

/// JSON and date formatting shared by the core and the platform parts.
public enum SandboxJSON {
    public static func data(_ object: Any) -> Data {
        (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes,
                                                                       .fragmentsAllowed])) ?? Data("null".utf8)
    }

    /// `2024-05-01T12:00:00.000Z`, the form most platform APIs use.
    public static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    /// JSON `null`, or the value.
    public static func orNull(_ value: Any?) -> Any {
        value ?? NSNull()
    }
}
