/// Why a request produced no response.
///
/// `mayHaveReachedServer` is what exactly-once publishing depends on: when
/// it is false the request certainly did not reach the server and can be
/// retried safely; when true the server may have acted on it (a post may
/// exist) and the caller must check before sending again.
public struct HTTPError: Error, CustomStringConvertible, Sendable {
    public enum Kind: Sendable, Hashable, CustomStringConvertible {
        /// Not an absolute http(s) URL, or a scheme other than http/https.
        case invalidURL
        /// A header name or value that cannot be sent (control characters).
        case invalidRequest
        /// DNS failure, connection refused, proxy unreachable.
        case couldNotConnect
        /// The connect or total timeout ran out.
        case timeout
        /// The connection broke before a complete response arrived.
        case connectionLost
        /// TLS handshake or certificate verification failed.
        case tls
        /// A multipart file (or the extra CA file) could not be read.
        case fileUnreadable
        /// The calling task was cancelled; the transfer was aborted.
        case cancelled
        /// The response body passed `maxResponseBytes`; reading stopped.
        case responseTooLarge
        /// Any other libcurl error, by its CURLcode.
        case other(code: Int)

        public var description: String {
            switch self {
            case .invalidURL: "invalid URL"
            case .invalidRequest: "invalid request"
            case .couldNotConnect: "could not connect"
            case .timeout: "timed out"
            case .connectionLost: "connection lost"
            case .tls: "TLS failure"
            case .fileUnreadable: "file unreadable"
            case .cancelled: "cancelled"
            case .responseTooLarge: "response too large"
            case .other(let code): "transfer failed (curl error \(code))"
            }
        }
    }

    public var kind: Kind
    public var method: HTTPMethod
    /// The request URL with credentials redacted (see `Redaction`).
    public var url: String
    /// libcurl's message (or ours), e.g. "Operation timed out after 500
    /// milliseconds with 0 bytes received".
    public var message: String
    /// False only when the request certainly was not delivered.
    public var mayHaveReachedServer: Bool

    /// `url` is redacted here, so a raw URL may be passed.
    public init(kind: Kind, method: HTTPMethod, url: String, message: String, mayHaveReachedServer: Bool) {
        self.kind = kind
        self.method = method
        self.url = Redaction.redactURL(url)
        self.message = message
        self.mayHaveReachedServer = mayHaveReachedServer
    }

    /// `POST https://h/api?access_token=REDACTED: timed out: Operation timed
    /// out after 500 milliseconds (the request may have reached the server)`
    public var description: String {
        let delivery =
            mayHaveReachedServer
            ? "the request may have reached the server" : "the request did not reach the server"
        return "\(method) \(url): \(kind): \(message) (\(delivery))"
    }
}
