import Foundation

/// A complete response. Any status is a response, 4xx and 5xx included:
/// the client throws only when no response arrived; adapters decide what a
/// status means.
public struct HTTPResponse: Sendable {
    public var status: Int
    /// The final response's fields (after redirects), in received order.
    public var headers: HTTPHeaders
    /// Decoded body (`Content-Encoding` gzip/deflate/br/zstd is undone).
    public var body: Data
    /// The URL that answered, after redirects. Not redacted: redact before
    /// logging.
    public var effectiveURL: String

    public init(status: Int, headers: HTTPHeaders = [:], body: Data = Data(), effectiveURL: String) {
        self.status = status
        self.headers = headers
        self.body = body
        self.effectiveURL = effectiveURL
    }

    public var isSuccess: Bool { (200..<300).contains(status) }
}
