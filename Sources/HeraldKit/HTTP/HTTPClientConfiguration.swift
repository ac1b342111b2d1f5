import Foundation

/// Settings shared by every request of one `HTTPClient`.
///
/// TLS peer and host verification are always on. Proxies come from the
/// environment, read by libcurl itself for each new connection:
/// `http_proxy` (lower case only; libcurl ignores `HTTP_PROXY`),
/// `https_proxy`/`HTTPS_PROXY`, `all_proxy`/`ALL_PROXY` and
/// `no_proxy`/`NO_PROXY`. The client never sets a proxy of its own.
public struct HTTPClientConfiguration: Sendable {
    public static let defaultUserAgent = "herald/\(HeraldInfo.version)"

    /// Time allowed for DNS, TCP and TLS set-up of a new connection.
    public var connectTimeout: Duration
    /// Time allowed for a whole request, unless the request sets its own.
    public var timeout: Duration
    public var userAgent: String
    /// A PEM file of CA certificates trusted in addition to the system
    /// bundle (e.g. a self-hosted instance's private CA).
    public var extraCAFile: String?
    /// Redirects followed per request (0: none). libcurl drops a custom
    /// `Authorization` header when a redirect leads to another host.
    public var maxRedirects: Int
    /// Idle keep-alive connections kept for reuse.
    public var maxIdleConnections: Int
    /// The largest response body read; a longer one fails the request
    /// (`responseTooLarge`) instead of filling memory. Platform APIs answer
    /// in kilobytes.
    public var maxResponseBytes: Int
    /// `--verbose`: one line per request, URL redacted, never headers or
    /// bodies. Called on the task that sent the request.
    public var log: (@Sendable (String) -> Void)?

    public init(
        connectTimeout: Duration = .seconds(10),
        timeout: Duration = .seconds(30),
        userAgent: String = HTTPClientConfiguration.defaultUserAgent,
        extraCAFile: String? = nil,
        maxRedirects: Int = 5,
        maxIdleConnections: Int = 16,
        maxResponseBytes: Int = 16 << 20,
        log: (@Sendable (String) -> Void)? = nil
    ) {
        self.connectTimeout = connectTimeout
        self.timeout = timeout
        self.userAgent = userAgent
        self.extraCAFile = extraCAFile
        self.maxRedirects = maxRedirects
        self.maxIdleConnections = maxIdleConnections
        self.maxResponseBytes = maxResponseBytes
        self.log = log
    }

    /// Why `extraCAFile` cannot be used (unreadable, or no certificate in
    /// it); nil when it can, or when none is set. A command checks this
    /// before it starts: otherwise every request fails on it.
    public var extraCAFileProblem: String? {
        guard let extraCAFile, case .failure(let failure) = CABundle.readExtra(extraCAFile) else { return nil }
        return failure.message
    }
}
