import FlyingFox
import FlyingSocks
import Foundation

public enum SandboxServerError: Error, Equatable, CustomStringConvertible {
    case alreadyStarted(URL)
    case cannotListen(port: UInt16, reason: String)

    public var description: String {
        switch self {
        case .alreadyStarted(let url):
            "the sandbox is already running at \(url.absoluteString); stop it before starting it again"
        case .cannotListen(let port, let reason):
            "the sandbox cannot listen on 127.0.0.1:\(port) (\(reason)); choose another port or 0 for any free one"
        }
    }
}

extension SandboxServer {
    /// A socket error as a person reads it: `address already in use`, not
    /// the enum case that carries it.
    static func reason(_ error: any Error) -> String {
        if case SocketError.failed(_, let code, _) = error, let text = strerror(code) {
            return String(cString: text).lowercased()
        }
        return "\(error)"
    }
}

/// The loopback HTTP server that serves every platform part under its
/// prefix (`http://127.0.0.1:PORT/mastodon/api/v1/statuses`) and the control
/// plane under `/_sandbox/`. Requests are served concurrently; latency and
/// delays are `Task.sleep`s, so a slow request never holds up another.
///
///     let sandbox = SandboxServer()
///     let url = try await sandbox.start()        // http://127.0.0.1:PORT
///     …                                          // point adapters at url/mastodon
///     await sandbox.stop()
public actor SandboxServer {
    public nonisolated let platforms: [any SandboxPlatform]
    /// What the sandbox holds; kept across `stop()` and `start()`.
    public nonisolated let store: SandboxStore
    let faults = SandboxFaultBook()
    private let log: (@Sendable (String) -> Void)?

    private var http: FlyingFox.HTTPServer?
    private var runTask: Task<Void, Never>?
    private var failure: RunFailure?
    private var starting = false
    /// `http://127.0.0.1:PORT` while the server runs.
    public private(set) var url: URL?

    /// The longest delay the sandbox accepts, for latency and for a fault's
    /// `delay_ms`: 10 minutes. Longer only makes every request hang.
    public static let maxDelayMilliseconds = 600_000

    /// - Parameters:
    ///   - latency: delay added to every platform request (`PUT /_sandbox/latency` changes it).
    ///   - log: called with one line per request (`POST /mastodon/api/v1/statuses -> 200`).
    public init(platforms: [any SandboxPlatform] = SandboxServer.allPlatforms, latency: Duration = .zero,
                log: (@Sendable (String) -> Void)? = nil) {
        let prefixes = platforms.map(\.pathPrefix)
        precondition(Set(prefixes).count == prefixes.count, "two sandbox platforms share a path prefix: \(prefixes)")
        precondition(!prefixes.contains("/_sandbox"), "/_sandbox is the control plane's prefix")
        self.platforms = platforms
        self.store = SandboxStore(latency: latency)
        self.log = log
    }

    deinit {
        runTask?.cancel()
    }

    /// The bearer token the sandbox accepts for an account: `sandbox-<id>`.
    public static func token(forAccount id: String) -> String {
        "sandbox-\(id)"
    }

    /// The account a sandbox token stands for, or `nil` for any other token.
    /// `sandbox-<id>+<app>` is the account's token of another application
    /// (`sandbox-m1+Web`: a status made by hand, as Mastodon's web app does).
    public static func account(forToken token: String) -> String? {
        let prefix = "sandbox-"
        guard token.hasPrefix(prefix), token.count > prefix.count else { return nil }
        let account = token.dropFirst(prefix.count).prefix { $0 != "+" }
        return account.isEmpty ? nil : String(account)
    }

    /// The application a sandbox token belongs to: `herald`, or the one
    /// `sandbox-<id>+<app>` names.
    public static func application(forToken token: String) -> String {
        token.firstIndex(of: "+").map { String(token[token.index(after: $0)...]) } ?? "herald"
    }

    /// Where a platform is served while the server runs (`http://127.0.0.1:PORT/mastodon`).
    public func url(for platform: Platform) -> URL? {
        guard let url, let part = platforms.first(where: { $0.platform == platform }) else { return nil }
        return url.appendingPathComponent(String(part.pathPrefix.dropFirst()))
    }

    /// Binds 127.0.0.1 (never another interface) and starts serving.
    /// - Parameter port: 0 picks any free port.
    /// - Returns: `http://127.0.0.1:<port>`.
    @discardableResult
    public func start(port: UInt16 = 0) async throws -> URL {
        if let url { throw SandboxServerError.alreadyStarted(url) }
        // `start` suspends while binding; a second call meanwhile must not bind too.
        guard !starting else { throw SandboxServerError.cannotListen(port: port, reason: "already starting") }
        starting = true
        defer { starting = false }
        let address = try sockaddr_in.inet(ip4: "127.0.0.1", port: port)
        // The handler timeout must outlast the longest injected delay.
        let configuration = FlyingFox.HTTPServer.Configuration(
            address: address, timeout: 24 * 3600, pool: NoDelaySocketPool(base: FlyingFox.HTTPServer.defaultPool()), logger: .disabled)
        let server = FlyingFox.HTTPServer(config: configuration)
        let failure = RunFailure()
        let task = Task {
            do { try await server.run() } catch { await failure.record(error) }
        }

        // A bind that fails says so at once (above); this bound is for a server task not yet run, which
        // a loaded process (a test run's suites starting together on two cores) can leave waiting seconds.
        let deadline = ContinuousClock.now + .seconds(30)
        while !(await server.isListening) {
            if let error = await failure.error {
                throw SandboxServerError.cannotListen(port: port, reason: Self.reason(error))
            }
            if ContinuousClock.now > deadline {
                task.cancel()
                throw SandboxServerError.cannotListen(port: port, reason: "not listening after 30 s")
            }
            try? await Task.sleep(for: .milliseconds(5))
        }
        guard case .ip4(_, let boundPort)? = await server.listeningAddress,
              let origin = URL(string: "http://127.0.0.1:\(boundPort)") else {
            await server.stop()
            throw SandboxServerError.cannotListen(port: port, reason: "no IPv4 address after binding")
        }

        // Routes go in once the port is known, so responses can carry URLs.
        // Nobody can have sent a request before `start` returns the port.
        let router = SandboxRouter(platforms: platforms, store: store, faults: faults, origin: origin, log: log)
        await server.appendRoute(FlyingFox.HTTPRoute("*")) { request in
            await router.respond(to: request)
        }
        self.http = server
        self.runTask = task
        self.failure = failure
        self.url = origin
        return origin
    }

    /// Closes the listening socket and every connection, cancelling requests
    /// still in flight (a pending fault delay, say). The port is free when
    /// this returns. Does nothing when the server is not running.
    public func stop() async {
        guard let http, let runTask else { return }
        self.http = nil
        self.runTask = nil
        self.url = nil
        await http.stop(timeout: 0)
        await runTask.value
    }

    /// Serves until `stop()` is called or the calling task is cancelled
    /// (Ctrl-C in `herald sandbox`); starts on any free port first when
    /// `start` was not called. Throws when the server fails on its own.
    public func run() async throws {
        if url == nil { try await start() }
        guard let task = runTask, let failure else { return }
        await withTaskCancellationHandler {
            await task.value
        } onCancel: {
            Task { await self.stop() }
        }
        if http != nil {
            // Ended without `stop()`: the listening socket failed under us.
            let error = await failure.error
            await stop()
            if let error { throw error }
        }
    }
}

/// The error `HTTPServer.run()` ended with, if any.
private actor RunFailure {
    private(set) var error: (any Error)?

    func record(_ error: any Error) {
        self.error = error
    }
}

/// FlyingFox's default socket pool, with TCP_NODELAY set on every socket it
/// waits on. Without it, a kept-alive connection stalls about 40 ms per
/// response (Nagle's algorithm against the client's delayed ACK), which
/// would add that to every request herald makes of the sandbox.
struct NoDelaySocketPool<Base: AsyncSocketPool>: AsyncSocketPool {
    let base: Base

    func prepare() async throws { try await base.prepare() }

    func run() async throws { try await base.run() }

    func suspendSocket(_ socket: Socket, untilReadyFor events: Socket.Events) async throws {
        var on: Int32 = 1
        _ = setsockopt(socket.file.rawValue, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
        try await base.suspendSocket(socket, untilReadyFor: events)
    }
}
