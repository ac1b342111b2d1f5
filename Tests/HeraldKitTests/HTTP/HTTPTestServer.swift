import Foundation

@testable import HeraldKit

/// A python3 server on 127.0.0.1 for one test. The OS picks a free port
/// (the script binds port 0 and prints it), and the server ends by itself:
/// when the test calls `stop()`, when the test process goes away (its stdin
/// closes), or after `lifetime` seconds, whichever comes first.
///
/// Modes: `http` (echo server, below), `tls` (the same over TLS with the
/// given certificate and key), `proxy` (answers absolute-form requests
/// itself, as a forward proxy would after forwarding), `blackhole` (accepts
/// TCP connections and never reads or writes).
final class HTTPTestServer: @unchecked Sendable {
    let port: Int
    private let process: Process
    private let stdin: Pipe

    var base: String { "http://127.0.0.1:\(port)" }

    init(mode: String = "http", arguments: [String] = [], lifetime: Int = 60) async throws {
        process = Process()
        // The system interpreter starts fastest; a version-manager shim
        // found through PATH also works, just slower.
        let direct = "/usr/bin/python3"
        if FileManager.default.isExecutableFile(atPath: direct) {
            process.executableURL = URL(fileURLWithPath: direct)
            process.arguments = ["-c", Self.script, mode, String(lifetime)] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", "-c", Self.script, mode, String(lifetime)] + arguments
        }
        stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        // The first line is read on a thread of its own, so that a slow
        // interpreter start does not hold one of the cooperative threads
        // that the rest of the suite runs on.
        let text = await withCheckedContinuation { continuation in
            Thread {
                var line = Data()
                while !line.contains(UInt8(ascii: "\n")) {
                    let chunk = stdout.fileHandleForReading.availableData
                    if chunk.isEmpty { break }
                    line.append(chunk)
                }
                continuation.resume(returning: String(decoding: line, as: UTF8.self))
            }.start()
        }
        guard text.hasPrefix("PORT "), let port = Int(text.dropFirst(5).prefix { $0.isNumber }) else {
            process.terminate()
            throw ServerError(message: "test server (\(mode)) did not start (is python3 on PATH?): \(text)")
        }
        self.port = port
    }

    deinit { stop() }

    func stop() {
        if process.isRunning { process.terminate() }
        try? stdin.fileHandleForWriting.close()
    }

    /// What the server counts: `received` (requests begun, not counting
    /// these polls) and `peak_sleeping` (the most `/sleep` requests it was
    /// handling at one time).
    func stats() async throws -> [String: Int] {
        let response = try await HTTPClient().send(HTTPRequest(url: "\(base)/stats"))
        return try JSONSerialization.jsonObject(with: response.body) as? [String: Int] ?? [:]
    }

    /// Waits until the server has begun handling `count` requests (not
    /// counting these polls), so a test can act while one is in flight.
    func waitUntilReceived(_ count: Int) async throws {
        for _ in 0..<200 {
            if let received = try await stats()["received"], received >= count { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw ServerError(message: "the server never received \(count) request(s)")
    }

    struct ServerError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// What the echo server reports about a request it received.
    struct Echo: Decodable {
        var method: String
        var path: String
        var query: String
        var headers: [[String]]
        var bodyB64: String
        var clientPort: Int
        var parts: [Part]?
        var proxied: Bool?
        var requestLine: String?

        struct Part: Decodable {
            var name: String?
            var filename: String?
            var contentType: String?
            var size: Int
            var sha256: String
            var text: String?
        }

        var body: Data { Data(base64Encoded: bodyB64) ?? Data() }

        func header(_ name: String) -> [String] {
            headers.filter { $0[0].lowercased() == name.lowercased() }.map { $0[1] }
        }
    }

    static func echo(_ data: Data) throws -> Echo {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(Echo.self, from: data)
    }

    static let script = #"""
import hashlib, base64, json, os, socket, ssl, sys, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit, parse_qs

mode, lifetime = sys.argv[1], float(sys.argv[2])

def watchdog():
    sys.stdin.read()          # EOF when the test process closes the pipe or dies
    os._exit(0)
threading.Thread(target=watchdog, daemon=True).start()
threading.Timer(lifetime, lambda: os._exit(0)).start()

def parse_multipart(ctype, body):
    boundary = ctype.split("boundary=", 1)[1].strip().strip('"').encode()
    parts = []
    for section in body.split(b"--" + boundary)[1:]:
        if section.startswith(b"--"):
            break
        head, _, content = section[2:].partition(b"\r\n\r\n")
        if content.endswith(b"\r\n"):
            content = content[:-2]
        fields = {}
        for line in head.decode("latin-1").split("\r\n"):
            k, _, v = line.partition(":")
            fields[k.strip().lower()] = v.strip()
        params = {}
        for item in fields.get("content-disposition", "").split(";")[1:]:
            k, _, v = item.strip().partition("=")
            params[k] = v.strip('"')
        parts.append({"name": params.get("name"), "filename": params.get("filename"),
                      "content_type": fields.get("content-type"), "size": len(content),
                      "sha256": hashlib.sha256(content).hexdigest(),
                      "text": content.decode("utf-8", "replace") if len(content) < 1000 else None})
    return parts

class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    received = 0
    sleeping = 0                  # /sleep requests being handled now
    peak_sleeping = 0             # the most of them at one time
    lock = threading.Lock()

    def handle_any(self):
        if self.path == "/stats":
            payload = json.dumps({"received": Handler.received, "peak_sleeping": Handler.peak_sleeping}).encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
            return
        with Handler.lock:
            Handler.received += 1
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        url = urlsplit(self.path)
        query = parse_qs(url.query)
        info = {"method": self.command, "path": url.path, "query": url.query,
                "headers": [[k, v] for k, v in self.headers.items()],
                "body_b64": base64.b64encode(body).decode(), "client_port": self.client_address[1]}
        status = 200
        if mode == "proxy":
            info.update(proxied=True, request_line=self.requestline)
        elif url.path == "/sleep":
            with Handler.lock:
                Handler.sleeping += 1
                Handler.peak_sleeping = max(Handler.peak_sleeping, Handler.sleeping)
            time.sleep(float(query["ms"][0]) / 1000)
            with Handler.lock:
                Handler.sleeping -= 1
        elif url.path == "/drop":
            self.close_connection = True
            return                # read the request, close without answering
        elif url.path == "/status":
            status = int(query["code"][0])
        elif url.path == "/redirect":
            status = 302
        elif url.path == "/multipart":
            info["parts"] = parse_multipart(self.headers["Content-Type"], body)
        elif url.path == "/big":
            # N bytes of body; with length=no, no Content-Length: the body ends when the connection closes.
            payload = b"x" * int(query["bytes"][0])
            self.send_response(200)
            if query.get("length") == ["no"]:
                self.close_connection = True
            else:
                self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
            return
        payload = json.dumps(info).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        for value in self.headers.get_all("X-Request-Echo") or []:
            self.send_header("X-Reply", value)
        if status == 302:
            self.send_header("Location", "/echo?from=redirect")
        self.send_header("X-Multi", "one")
        self.send_header("X-Multi", "two")
        self.send_header("Retry-After", "120")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = handle_any

class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128
    def handle_error(self, request, client_address):
        pass                      # clients that time out or cancel are expected

if mode == "blackhole":
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(128)
    print("PORT", listener.getsockname()[1], flush=True)
    held = []
    while True:
        held.append(listener.accept()[0])

server = Server(("127.0.0.1", 0), Handler)
if mode == "tls":
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(sys.argv[3], sys.argv[4])
    server.socket = context.wrap_socket(server.socket, server_side=True)
print("PORT", server.server_address[1], flush=True)
server.serve_forever()
"""#
}
