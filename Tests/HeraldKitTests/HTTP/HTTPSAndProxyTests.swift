import Foundation
import Testing

@testable import HeraldKit

private let opensslAvailable = ["/usr/bin/openssl", "/usr/local/bin/openssl", "/bin/openssl"].contains {
    FileManager.default.isExecutableFile(atPath: $0)
}

@Suite("HTTPClient TLS")
struct HTTPClientTLSTests {
    @Test(.enabled(if: opensslAvailable, "the openssl CLI is not installed; cannot make a self-signed certificate"))
    func selfSignedCertificateIsTrustedOnlyViaExtraCAFile() async throws {
        let certificate = try HTTPTestCertificate()
        let server = try await HTTPTestServer(mode: "tls", arguments: [certificate.certPath, certificate.keyPath])
        let url = "https://127.0.0.1:\(server.port)/echo"

        let error = try await #require(throws: HTTPError.self) {
            try await HTTPClient().send(HTTPRequest(method: .post, url: url, body: .json(Data("{}".utf8))))
        }
        #expect(error.kind == .tls)
        #expect(!error.mayHaveReachedServer)

        let trusting = HTTPClient(configuration: .init(extraCAFile: certificate.certPath))
        let response = try await trusting.send(HTTPRequest(method: .post, url: url, body: .json(Data("{}".utf8))))
        #expect(response.status == 200)
        #expect(try HTTPTestServer.echo(response.body).method == "POST")
    }

    @Test(.enabled(if: opensslAvailable, "the openssl CLI is not installed; cannot make a self-signed certificate"))
    func extraCAFileIsAddedToTheSystemBundle() throws {
        let certificate = try HTTPTestCertificate()
        let blob = try CABundle.combined(withExtraFile: certificate.certPath).get()
        let extra = try Data(contentsOf: URL(fileURLWithPath: certificate.certPath))
        #expect(blob.suffix(extra.count) == extra)
        if let system = CABundle.systemBundlePath() {
            let systemData = try Data(contentsOf: URL(fileURLWithPath: system))
            #expect(blob.prefix(systemData.count) == systemData)
        }
    }

    @Test func extraCAFileWithoutCertificatesIsRejected() throws {
        let file = try HTTPTestFile(bytes: Data("not a certificate\n".utf8), name: "ca.pem")
        #expect(throws: CABundle.LoadError.self) { try CABundle.combined(withExtraFile: file.path).get() }
    }
}

/// libcurl reads `http_proxy` itself. The variables are process-wide, so
/// the test sets `no_proxy` for 127.0.0.1 and localhost first (other tests
/// running in parallel keep going direct) and targets a `.invalid` host,
/// which only the proxy can answer for.
@Suite("HTTPClient proxy", .serialized)
struct HTTPClientProxyTests {
    @Test func requestHonoursHTTPProxyFromEnvironment() async throws {
        let proxy = try await HTTPTestServer(mode: "proxy")
        let saved = ["http_proxy", "no_proxy"].map { ($0, ProcessInfo.processInfo.environment[$0]) }
        setenv("no_proxy", "127.0.0.1,localhost,::1", 1)
        setenv("http_proxy", "http://127.0.0.1:\(proxy.port)", 1)
        defer {
            for (name, value) in saved.reversed() {
                if let value { setenv(name, value, 1) } else { unsetenv(name) }
            }
        }
        let response = try await HTTPClient().send(HTTPRequest(url: "http://herald-proxy-test.invalid/hello?x=1"))
        #expect(response.status == 200)
        let echo = try HTTPTestServer.echo(response.body)
        #expect(echo.proxied == true)
        #expect(echo.requestLine == "GET http://herald-proxy-test.invalid/hello?x=1 HTTP/1.1")
    }
}

/// A throwaway CA-less certificate for 127.0.0.1 made with the openssl CLI.
final class HTTPTestCertificate: @unchecked Sendable {
    let directory: URL
    var certPath: String { directory.appendingPathComponent("cert.pem").path }
    var keyPath: String { directory.appendingPathComponent("key.pem").path }

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("herald-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", keyPath, "-out", certPath, "-days", "2", "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw HTTPTestServer.ServerError(message: "openssl req failed with status \(process.terminationStatus)")
        }
    }

    deinit { try? FileManager.default.removeItem(at: directory) }
}
