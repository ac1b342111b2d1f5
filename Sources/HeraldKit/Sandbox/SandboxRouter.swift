import FlyingFox
import Foundation

/// Turns FlyingFox requests into sandbox responses: `/_sandbox/…` goes to
/// the control plane, `/<platform>/…` to that platform's part after global
/// latency and faults, anything else gets a 404.
struct SandboxRouter: Sendable {
    let platforms: [any SandboxPlatform]
    let store: SandboxStore
    let faults: SandboxFaultBook
    /// `http://127.0.0.1:PORT`, no trailing slash.
    let origin: URL
    let log: (@Sendable (String) -> Void)?

    func respond(to http: FlyingFox.HTTPRequest) async -> FlyingFox.HTTPResponse {
        let path = http.path
        let response: SandboxResponse
        if path == "/_sandbox" || path.hasPrefix("/_sandbox/") {
            response = await control(http)
        } else if let (part, relativePath) = part(serving: path) {
            var answer = await serve(http, on: part, relativePath: relativePath)
            // As a platform's server dates its answers, by its own clock.
            answer.headers["Date"] = RetryHints.httpDate(Date().addingTimeInterval(await store.clockOffset))
            response = answer
        } else {
            let prefixes = platforms.map(\.pathPrefix).joined(separator: ", ")
            // As sent: a path whose escapes are not UTF-8 decodes to nothing.
            response = .json(["error": "No sandbox platform serves \(http.target.path()); platforms are under \(prefixes)"],
                             status: 404)
        }
        log?("\(http.method.rawValue) \(http.target.rawValue) -> \(response.status)")
        return FlyingFox.HTTPResponse(
            statusCode: FlyingFox.HTTPStatusCode(response.status, phrase: Self.phrase(for: response.status)),
            headers: FlyingFox.HTTPHeaders(Dictionary(uniqueKeysWithValues: response.headers.map { (FlyingFox.HTTPHeader($0), $1) })),
            body: response.body
        )
    }

    func baseURL(of part: any SandboxPlatform) -> URL {
        origin.appendingPathComponent(String(part.pathPrefix.dropFirst()))
    }

    private func part(serving path: String) -> (any SandboxPlatform, String)? {
        for part in platforms {
            let prefix = part.pathPrefix
            if path == prefix { return (part, "/") }
            if path.hasPrefix(prefix + "/") { return (part, String(path.dropFirst(prefix.count))) }
        }
        return nil
    }

    private func serve(_ http: FlyingFox.HTTPRequest, on part: any SandboxPlatform, relativePath: String) async -> SandboxResponse {
        let receivedAt = Date().addingTimeInterval(await store.clockOffset)
        var headers = HTTPHeaders()
        for (name, value) in http.headers { headers.append(name: name.rawValue, value: value) }
        let body: Data
        do {
            body = try await http.bodyData
        } catch {
            return part.errorResponse(status: 400, message: "The request body could not be read")
        }
        var request = SandboxRequest(
            method: http.method.rawValue, path: relativePath,
            query: SandboxRequest.decodeForm(http.target.query()),
            headers: headers, body: body, baseURL: baseURL(of: part), receivedAt: receivedAt
        )

        let latency = await store.latency
        if latency > .zero { await Self.sleep(latency) }

        let effect = await faults.take(platform: part.platform, method: request.method,
                                       relativePath: relativePath, fullPath: http.path)
        switch effect?.type {
        case .status:
            return Self.faultAnswer(effect, defaultStatus: 503, part: part, request: request)
        case .ratelimit:
            var response = part.errorResponse(status: 429, message: effect?.message ?? "Too many requests")
            let headers = part.rateLimitHeaders(resetAfter: effect?.resetSeconds ?? 60, now: receivedAt)
            response.headers.merge(headers) { _, new in new }
            return response
        case .malformed:
            return SandboxResponse(status: 200, headers: ["Content-Type": "application/json; charset=utf-8"],
                                   body: Data(#"{"id":"110000000000000000","created_at":"20"#.utf8))
        case .latency, .timeout:
            await Self.sleep(effect!.delay)
        case .slowCreate:
            request.processing = effect!.delay
        case .timeoutAfterCreate, .statusAfterCreate, .withoutHeader, nil:
            break
        }

        if request.mediaType == "multipart/form-data" {
            do throws(MultipartError) {
                request.multipart = try MultipartForm.parse(body: body, contentType: headers["content-type"] ?? "")
            } catch {
                return part.errorResponse(status: 400, message: error.description)
            }
        }
        let response = await part.handle(request, store: store)
        if effect?.type == .timeoutAfterCreate {
            await Self.sleep(effect!.delay)
        }
        if effect?.type == .statusAfterCreate {
            return Self.faultAnswer(effect, defaultStatus: 502, part: part, request: request)
        }
        if effect?.type == .withoutHeader, let name = effect?.header {
            var trimmed = response
            trimmed.headers = trimmed.headers.filter { $0.key.lowercased() != name.lowercased() }
            return trimmed
        }
        return response
    }

    /// A fault's error answer, in the platform's shape and with the rate-limit
    /// headers its answers carry.
    private static func faultAnswer(_ effect: SandboxFault.Effect?, defaultStatus: Int, part: any SandboxPlatform,
                                    request: SandboxRequest) -> SandboxResponse {
        let status = effect?.status ?? defaultStatus
        var response = part.errorResponse(status: status, message: effect?.message ?? phrase(for: status))
        response.headers.merge(part.windowHeaders(for: request, now: request.receivedAt)) { $1 }
        return response
    }

    /// Sleeps without blocking other requests; returns early when the server stops.
    static func sleep(_ duration: Duration) async {
        try? await Task.sleep(for: duration)
    }

    static func phrase(for status: Int) -> String {
        switch status {
        case 200: "OK"
        case 201: "Created"
        case 202: "Accepted"
        case 204: "No Content"
        case 206: "Partial Content"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 409: "Conflict"
        case 410: "Gone"
        case 413: "Content Too Large"
        case 422: "Unprocessable Content"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: "Status \(status)"
        }
    }
}
