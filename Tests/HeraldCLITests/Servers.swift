import Foundation
import HeraldTestSupport
import HeraldKit

/// A server process for a test (the herald sandbox, mastodon_mock), on a
/// port the test picks, stopped when the test is done.
final class ServerProcess: @unchecked Sendable {
    let process = Process()
    let port: Int
    /// The server's TMPDIR, removed once it has stopped: whatever it leaves
    /// there (mastodon_mock's database and media folder, which a killed
    /// server cannot remove) goes with the test.
    let scratch: TempDirectory
    var baseURL: String { "http://127.0.0.1:\(port)" }

    init(executable: String, arguments: [String], port: Int, readyPath: String) async throws {
        self.port = port
        scratch = try TempDirectory(prefix: "herald-server")
        // Under coreutils' timeout: a server stops by itself after 15 minutes, should the test
        // process end before it stops it (a run that crashed or was killed left one running).
        if FileManager.default.isExecutableFile(atPath: Self.timeout) {
            process.executableURL = URL(fileURLWithPath: Self.timeout)
            process.arguments = ["--kill-after=5", String(Self.lifetimeSeconds), executable] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
        }
        var environment = ProcessInfo.processInfo.environment
        environment["TMPDIR"] = scratch.root
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let client = HTTPClient(configuration: .init(timeout: .seconds(2)))
        for _ in 0..<300 {
            // A server that could not bind its port has exited: another test's
            // server took the port between freePort() and the bind, and may be
            // what answers there. Only this process, answering 2xx, is ready.
            guard process.isRunning else { throw TestServerError.exited(executable) }
            if let response = try? await client.send(HTTPRequest(url: baseURL + readyPath)), response.isSuccess, process.isRunning { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        stop()
        throw TestServerError.notReady(executable)
    }

    static let timeout = "/usr/bin/timeout"
    /// Longer than any one test takes.
    static let lifetimeSeconds = 900

    /// Starts a server on a free port, with another port when the one picked
    /// was taken before the server could bind it.
    static func start(executable: String, arguments: @escaping (Int) -> [String], readyPath: String) async throws -> ServerProcess {
        var tries = 0
        while true {
            let port = freePort()
            do {
                return try await ServerProcess(executable: executable, arguments: arguments(port), port: port, readyPath: readyPath)
            } catch TestServerError.exited where tries < 4 {
                tries += 1
            }
        }
    }

    /// SIGTERM, a short grace period, then SIGKILL. (Foundation's
    /// waitUntilExit spins on Linux while a server drains its connections.)
    func stop() {
        guard process.isRunning else { return }
        // timeout makes a process group of its own and the server: both get the signals, or
        // a SIGKILL to timeout alone would leave the server running without it.
        let target = process.executableURL?.path == Self.timeout ? -process.processIdentifier : process.processIdentifier
        kill(target, SIGTERM)
        if !process.wait(upTo: .seconds(3)) {
            kill(target, SIGKILL)
            _ = process.wait(upTo: .seconds(5))
        }
    }

    deinit { stop() }

    /// A free port on 127.0.0.1 (bound and released; good enough for tests).
    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func sandbox(latencyMS: Int = 0) async throws -> ServerProcess {
        try await start(executable: CLI.binary, arguments: { ["sandbox", "--port", "\($0)", "--latency", "\(latencyMS)"] },
                        readyPath: "/_sandbox/health")
    }

    /// mastodon_mock from PyPI: HERALD_MASTODON_MOCK (set by .ci/run), else .venv/bin/mastodon_mock.
    static var mastodonMockExecutable: String? {
        let candidates = [ProcessInfo.processInfo.environment["HERALD_MASTODON_MOCK"], CLI.packageRoot + "/.venv/bin/mastodon_mock"]
        return candidates.compactMap { $0 }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// `demo`: seeded with mastodon_mock's demo community (tokens `ada_token`, `grace_token`, `alan_token`…), not `mock_token`'s user.
    static func mastodonMock(demo: Bool = false) async throws -> ServerProcess {
        guard let executable = mastodonMockExecutable else { throw TestServerError.missing("mastodon_mock (run .ci/run to install it)") }
        return try await start(executable: executable, arguments: { ["serve", "--in-memory", "--host", "127.0.0.1", "--port", "\($0)", "--log-level", "warning"]
                                   + (demo ? ["--demo"] : []) },
                               readyPath: "/api/v2/instance")
    }
}

enum TestServerError: Error {
    case notReady(String)
    /// The server exited before it was ready (its port was taken).
    case exited(String)
    case missing(String)
}

/// JSON over herald's own HTTP client, for asserting on what a server holds.
struct JSONClient {
    let client = HTTPClient(configuration: .init(timeout: .seconds(10)))
    var token: String?

    func get(_ url: String) async throws -> Any {
        var headers: HTTPHeaders = [:]
        if let token { headers.append(name: "Authorization", value: "Bearer \(token)") }
        let response = try await client.send(HTTPRequest(url: url, headers: headers))
        return try JSONSerialization.jsonObject(with: response.body)
    }

    @discardableResult
    func post(_ url: String, json: Any) async throws -> Int {
        try await send(url, json: json).status
    }

    /// The server's answer to a POST, read as JSON.
    func postReading(_ url: String, json: Any) async throws -> Any {
        try JSONSerialization.jsonObject(with: try await send(url, json: json).body)
    }

    private func send(_ url: String, json: Any) async throws -> HTTPResponse {
        var headers: HTTPHeaders = [:]
        if let token { headers.append(name: "Authorization", value: "Bearer \(token)") }
        return try await client.send(HTTPRequest(method: .post, url: url, headers: headers, body: .json(try JSONSerialization.data(withJSONObject: json))))
    }
}

extension Process {
    /// Polls until the process has exited; false when it is still running after `limit`.
    func wait(upTo limit: Duration) -> Bool {
        let deadline = ContinuousClock.now + limit
        while isRunning {
            if ContinuousClock.now >= deadline { return false }
            usleep(10_000)
        }
        return true
    }
}
