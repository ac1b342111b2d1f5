import Foundation

/// An HTTP method. Any token is allowed; the common ones have names.
public struct HTTPMethod: RawRepresentable, Sendable, Hashable, ExpressibleByStringLiteral,
    CustomStringConvertible
{
    public var rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    public static let get: HTTPMethod = "GET"
    public static let head: HTTPMethod = "HEAD"
    public static let post: HTTPMethod = "POST"
    public static let put: HTTPMethod = "PUT"
    public static let patch: HTTPMethod = "PATCH"
    public static let delete: HTTPMethod = "DELETE"

    public var description: String { rawValue }
}

/// What a request sends after its headers.
public enum HTTPBody: Sendable {
    case none
    /// Raw bytes with their `Content-Type`.
    case bytes(Data, contentType: String)
    /// A JSON document, sent as `application/json`.
    case json(Data)
    /// `application/x-www-form-urlencoded` fields, in order.
    case form([(name: String, value: String)])
    /// `multipart/form-data`; file parts are streamed from disk.
    case multipart([MultipartPart])
}

/// One part of a `multipart/form-data` body.
public struct MultipartPart: Sendable {
    public enum Content: Sendable {
        case text(String)
        case data(Data, filename: String?, contentType: String?)
        /// Read from disk while the request is sent, never loaded whole.
        /// `filename` defaults to the last path component.
        case file(path: String, filename: String?, contentType: String?)
    }

    public var name: String
    public var content: Content

    public init(name: String, content: Content) {
        self.name = name
        self.content = content
    }

    public static func text(_ name: String, _ value: String) -> MultipartPart {
        MultipartPart(name: name, content: .text(value))
    }

    public static func file(
        _ name: String, path: String, filename: String? = nil, contentType: String? = nil
    ) -> MultipartPart {
        MultipartPart(name: name, content: .file(path: path, filename: filename, contentType: contentType))
    }

    public static func data(
        _ name: String, _ data: Data, filename: String? = nil, contentType: String? = nil
    ) -> MultipartPart {
        MultipartPart(name: name, content: .data(data, filename: filename, contentType: contentType))
    }
}

public struct HTTPRequest: Sendable {
    public var method: HTTPMethod
    /// An absolute `http` or `https` URL; other schemes fail with `.invalidURL`.
    public var url: String
    /// Sent in this order. A `Content-Type` given here wins over the body's.
    public var headers: HTTPHeaders
    public var body: HTTPBody
    /// Overrides `HTTPClientConfiguration.timeout` for this request.
    public var timeout: Duration?
    /// When false the request opens a new connection instead of reusing an
    /// idle one. libcurl re-sends a request once on a fresh connection when
    /// a *reused* connection turns out dead before any response byte; a
    /// non-idempotent request that must never be sent twice, even to a
    /// server that crashed mid-request, can opt out of reuse.
    public var allowsConnectionReuse: Bool

    public init(
        method: HTTPMethod = .get,
        url: String,
        headers: HTTPHeaders = [:],
        body: HTTPBody = .none,
        timeout: Duration? = nil,
        allowsConnectionReuse: Bool = true
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.allowsConnectionReuse = allowsConnectionReuse
    }
}

enum FormEncoding {
    /// `application/x-www-form-urlencoded` as browsers write it: unreserved
    /// bytes as-is, space as `+`, everything else `%XX`.
    static func encode(_ fields: [(name: String, value: String)]) -> Data {
        Data(fields.map { escape($0.name) + "=" + escape($0.value) }.joined(separator: "&").utf8)
    }

    /// Letters, digits and `-._*` as they are, as browsers leave them.
    static func escape(_ text: String) -> String {
        PercentEncoding.encode(text, spaceAsPlus: true) { byte in
            PercentEncoding.isUnreserved(byte) && byte != UInt8(ascii: "~") || byte == UInt8(ascii: "*")
        }
    }
}

extension Duration {
    /// Whole milliseconds, rounded up so that a tiny positive timeout never
    /// becomes 0 (which libcurl reads as "no timeout").
    var wholeMilliseconds: Int {
        let (seconds, attoseconds) = components
        let millis = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int(max(millis, 1))
    }

    /// The duration in seconds, as Foundation's dates take it.
    var timeInterval: TimeInterval {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
