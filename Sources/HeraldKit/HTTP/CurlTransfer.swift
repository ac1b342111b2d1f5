import CCurl
import Foundation

/// One request: its libcurl easy handle and everything that must live as
/// long as the handle does (header list, mime tree, error buffer).
///
/// Built on the sending task, then handed to `CurlMultiLoop`, whose thread
/// alone touches it until it completes; the C callbacks below run on that
/// thread. Freed only after it left the multi handle.
final class CurlTransfer: @unchecked Sendable {
    let easy: UnsafeMutableRawPointer
    let method: HTTPMethod
    let url: String
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private var mime: OpaquePointer?
    private let errorBuffer: UnsafeMutablePointer<CChar>

    // Filled by libcurl callbacks on the loop thread.
    fileprivate var responseHeaders = HTTPHeaders()
    fileprivate var responseBody = Data()
    fileprivate var sawRequestBytes = false
    fileprivate let maxResponseBytes: Int
    /// The body passed `maxResponseBytes`: the write callback refused it.
    fileprivate var responseTooLarge = false

    // Guarded by CurlMultiLoop's lock.
    var continuation: CheckedContinuation<HTTPResponse, any Error>?
    var cancelRequested = false

    init(request: HTTPRequest, configuration: HTTPClientConfiguration, caBundle: Data?) throws {
        method = request.method
        url = request.url
        maxResponseBytes = configuration.maxResponseBytes
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
        guard let easy = curl_easy_init() else {
            errorBuffer.deallocate()
            throw HTTPError(
                kind: .other(code: Int(CURLE_FAILED_INIT.rawValue)), method: request.method, url: request.url,
                message: "curl_easy_init failed", mayHaveReachedServer: false)
        }
        self.easy = easy
        try configure(request, configuration, caBundle)
    }

    deinit {
        curl_easy_cleanup(easy)
        if let mime { curl_mime_free(mime) }
        curl_slist_free_all(headerList)
        errorBuffer.deallocate()
    }

    // MARK: Outcome (loop thread, after the handle left the multi handle)

    /// The response, or the error with its delivery verdict. `code` is nil
    /// when the transfer was cancelled.
    func outcome(code: CURLcode?) -> Result<HTTPResponse, HTTPError> {
        if let code, code == CURLE_OK {
            let effective = infoString(CURLINFO_EFFECTIVE_URL) ?? url
            return .success(
                HTTPResponse(
                    status: infoLong(CURLINFO_RESPONSE_CODE), headers: responseHeaders, body: responseBody,
                    effectiveURL: effective))
        }
        let scheme = infoString(CURLINFO_SCHEME) ?? String(url.prefix { $0 != ":" })
        let evidence = CurlFailure.Evidence(
            sawRequestBytes: sawRequestBytes,
            requestSize: infoLong(CURLINFO_REQUEST_SIZE),
            uploadedBytes: infoOffT(CURLINFO_SIZE_UPLOAD_T),
            connectMicros: infoOffT(CURLINFO_CONNECT_TIME_T),
            tlsMicros: infoOffT(CURLINFO_APPCONNECT_TIME_T),
            usesTLS: scheme.lowercased() == "https")
        let kind: HTTPError.Kind
        let message: String
        if responseTooLarge {
            // The server answered: the request reached it, whatever it did.
            return .failure(
                HTTPError(
                    kind: .responseTooLarge, method: method, url: url,
                    message: "the response passed \(maxResponseBytes) bytes; herald stopped reading it",
                    mayHaveReachedServer: true))
        }
        if let code {
            kind = CurlFailure.kind(for: code)
            let detail = String(cString: errorBuffer)
            message = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
        } else {
            kind = .cancelled
            message = "the task sending the request was cancelled"
        }
        return .failure(
            HTTPError(
                kind: kind, method: method, url: url, message: message,
                mayHaveReachedServer: CurlFailure.mayHaveReachedServer(code: code, evidence: evidence)))
    }

    private func infoLong(_ info: CURLINFO) -> Int {
        var value = 0
        return herald_curl_getinfo_long(easy, info, &value) == CURLE_OK ? value : 0
    }

    private func infoOffT(_ info: CURLINFO) -> Int64 {
        var value: curl_off_t = 0
        return herald_curl_getinfo_off_t(easy, info, &value) == CURLE_OK ? Int64(value) : 0
    }

    private func infoString(_ info: CURLINFO) -> String? {
        var value: UnsafePointer<CChar>?
        guard herald_curl_getinfo_str(easy, info, &value) == CURLE_OK, let value else { return nil }
        return String(cString: value)
    }

    // MARK: Set-up (sending task, before the loop sees the transfer)

    private func configure(
        _ request: HTTPRequest, _ configuration: HTTPClientConfiguration, _ caBundle: Data?
    ) throws {
        try set(CURLOPT_URL, request.url)
        try set(CURLOPT_PROTOCOLS_STR, "http,https")
        try set(CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        try set(CURLOPT_NOSIGNAL, 1)
        // Only reads follow a redirect: a POST sent on (as a GET after a 302, or its body to
        // another host after a 307) would make nothing, and its answer be taken for the post.
        // Nor does a request carrying a token: libcurl drops the header on the way to another
        // host, whose 401 would then be taken for a token refused, where the instance moved.
        let follows = configuration.maxRedirects > 0 && (request.method == .get || request.method == .head)
            && request.headers["authorization"] == nil
        try set(CURLOPT_FOLLOWLOCATION, follows ? 1 : 0)
        try set(CURLOPT_MAXREDIRS, max(configuration.maxRedirects, 0))
        try set(CURLOPT_CONNECTTIMEOUT_MS, configuration.connectTimeout.wholeMilliseconds)
        try set(CURLOPT_TIMEOUT_MS, (request.timeout ?? configuration.timeout).wholeMilliseconds)
        try set(CURLOPT_USERAGENT, configuration.userAgent)
        // Verification is never optional. libcurl reads http_proxy,
        // https_proxy and no_proxy, except for this machine: plain http
        // is allowed only to it (a local instance, the sandbox), and a
        // proxy would carry that request, and its token, elsewhere.
        try set(CURLOPT_NOPROXY, Self.noProxy)
        try set(CURLOPT_SSL_VERIFYPEER, 1)
        try set(CURLOPT_SSL_VERIFYHOST, 2)
        if let caBundle { try setCABlob(caBundle) }
        try set(CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_1_1))
        try set(CURLOPT_ACCEPT_ENCODING, "")
        try set(CURLOPT_TCP_KEEPALIVE, 1)
        if !request.allowsConnectionReuse { try set(CURLOPT_FRESH_CONNECT, 1) }
        try check(herald_curl_setopt_ptr(easy, CURLOPT_ERRORBUFFER, errorBuffer), CURLOPT_ERRORBUFFER)
        try installCallbacks()
        let contentType = try configureBody(request)
        try configureHeaders(request, contentType: contentType)
    }

    private func installCallbacks() throws {
        let context = Unmanaged.passUnretained(self).toOpaque()
        try check(herald_curl_setopt_write_func(easy, CURLOPT_WRITEFUNCTION, curlWriteBody), CURLOPT_WRITEFUNCTION)
        try check(herald_curl_setopt_ptr(easy, CURLOPT_WRITEDATA, context), CURLOPT_WRITEDATA)
        try check(herald_curl_setopt_write_func(easy, CURLOPT_HEADERFUNCTION, curlWriteHeader), CURLOPT_HEADERFUNCTION)
        try check(herald_curl_setopt_ptr(easy, CURLOPT_HEADERDATA, context), CURLOPT_HEADERDATA)
        // The debug callback is how request bytes are seen leaving; libcurl
        // calls it only in verbose mode. Nothing it receives is printed.
        try check(herald_curl_setopt_debug_func(easy, CURLOPT_DEBUGFUNCTION, curlDebug), CURLOPT_DEBUGFUNCTION)
        try check(herald_curl_setopt_ptr(easy, CURLOPT_DEBUGDATA, context), CURLOPT_DEBUGDATA)
        try set(CURLOPT_VERBOSE, 1)
    }

    private func setCABlob(_ bundle: Data) throws {
        let code = bundle.withUnsafeBytes { raw -> CURLcode in
            var blob = curl_blob(
                data: UnsafeMutableRawPointer(mutating: raw.baseAddress), len: raw.count,
                flags: UInt32(CURL_BLOB_COPY))
            return herald_curl_setopt_blob(easy, CURLOPT_CAINFO_BLOB, &blob)
        }
        try check(code, CURLOPT_CAINFO_BLOB)
    }

    /// Sets method and body; returns the body's Content-Type, if any.
    private func configureBody(_ request: HTTPRequest) throws -> String? {
        let method = request.method
        switch request.body {
        case .none:
            if method == .get {
                try set(CURLOPT_HTTPGET, 1)
            } else if method == .head {
                try set(CURLOPT_NOBODY, 1)
            } else if method == .post || method == .put || method == .patch {
                try setBody(Data(), method: method)  // sends Content-Length: 0
            } else {
                try set(CURLOPT_CUSTOMREQUEST, method.rawValue)
            }
            return nil
        case .bytes(let data, let contentType):
            try setBody(data, method: method)
            return contentType
        case .json(let data):
            try setBody(data, method: method)
            return "application/json"
        case .form(let fields):
            try setBody(FormEncoding.encode(fields), method: method)
            return "application/x-www-form-urlencoded"
        case .multipart(let parts):
            try configureMultipart(parts)
            if method != .post { try set(CURLOPT_CUSTOMREQUEST, method.rawValue) }
            return nil  // libcurl writes multipart/form-data with its boundary
        }
    }

    private func setBody(_ data: Data, method: HTTPMethod) throws {
        let size = herald_curl_setopt_off_t(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(data.count))
        try check(size, CURLOPT_POSTFIELDSIZE_LARGE)
        // COPYPOSTFIELDS copies now; the pointer must not be NULL even for
        // an empty body (NULL would make libcurl read the body from stdin).
        let bytes = data.isEmpty ? [0] : [UInt8](data)
        let code = bytes.withUnsafeBytes {
            herald_curl_setopt_ptr(easy, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: $0.baseAddress))
        }
        try check(code, CURLOPT_COPYPOSTFIELDS)
        if method != .post { try set(CURLOPT_CUSTOMREQUEST, method.rawValue) }
    }

    private func configureMultipart(_ parts: [MultipartPart]) throws {
        guard let mime = curl_mime_init(easy) else { throw setupError(CURLE_OUT_OF_MEMORY, "curl_mime_init failed") }
        self.mime = mime
        for part in parts {
            guard let handle = curl_mime_addpart(mime) else {
                throw setupError(CURLE_OUT_OF_MEMORY, "curl_mime_addpart failed")
            }
            try checkMime(curl_mime_name(handle, part.name), part)
            switch part.content {
            case .text(let value):
                try checkMime(mimeData(handle, Data(value.utf8)), part)
            case .data(let data, let filename, let contentType):
                try checkMime(mimeData(handle, data), part)
                if let filename { try checkMime(curl_mime_filename(handle, filename), part) }
                if let contentType { try checkMime(curl_mime_type(handle, contentType), part) }
            case .file(let path, let filename, let contentType):
                try checkReadable(path)
                guard curl_mime_filedata(handle, path) == CURLE_OK else {
                    throw HTTPError(
                        kind: .fileUnreadable, method: method, url: url,
                        message: "cannot read \(path) for part \"\(part.name)\"", mayHaveReachedServer: false)
                }
                if let filename { try checkMime(curl_mime_filename(handle, filename), part) }
                if let contentType { try checkMime(curl_mime_type(handle, contentType), part) }
            }
        }
        try check(herald_curl_setopt_mime(easy, CURLOPT_MIMEPOST, mime), CURLOPT_MIMEPOST)
    }

    private func mimeData(_ handle: OpaquePointer, _ data: Data) -> CURLcode {
        let bytes = data.isEmpty ? [0] : [UInt8](data)
        return bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { curl_mime_data(handle, $0.baseAddress, data.count) }
        }
    }

    /// A file that is missing, unreadable or a directory fails here,
    /// before anything is sent.
    private func checkReadable(_ path: String) throws {
        let fd = open(path, O_RDONLY)
        var reason: String?
        if fd < 0 {
            reason = String(cString: strerror(errno))
        } else {
            var info = stat()
            if fstat(fd, &info) != 0 || (info.st_mode & S_IFMT) == S_IFDIR { reason = "not a regular file" }
            close(fd)
        }
        if let reason {
            throw HTTPError(
                kind: .fileUnreadable, method: method, url: url, message: "cannot read \(path): \(reason)",
                mayHaveReachedServer: false)
        }
    }

    private func configureHeaders(_ request: HTTPRequest, contentType: String?) throws {
        var lines: [String] = []
        for field in request.headers {
            guard Self.isToken(field.name), !field.value.utf8.contains(where: { $0 == 0 || $0 == 10 || $0 == 13 })
            else {
                throw HTTPError(
                    kind: .invalidRequest, method: method, url: url,
                    message: "header \"\(field.name)\" has a name or value that cannot be sent",
                    mayHaveReachedServer: false)
            }
            // "Name;" is libcurl's spelling of a header with an empty value.
            lines.append(field.value.isEmpty ? "\(field.name);" : "\(field.name): \(field.value)")
        }
        if let contentType, !request.headers.contains("Content-Type") {
            lines.append("Content-Type: \(contentType)")
        }
        // No "Expect: 100-continue" round trip before large bodies.
        if !request.headers.contains("Expect") { lines.append("Expect:") }
        for line in lines {
            guard let list = curl_slist_append(headerList, line) else {
                throw setupError(CURLE_OUT_OF_MEMORY, "curl_slist_append failed")
            }
            headerList = list
        }
        try check(herald_curl_setopt_slist(easy, CURLOPT_HTTPHEADER, headerList), CURLOPT_HTTPHEADER)
    }

    private static func isToken(_ name: String) -> Bool {
        !name.isEmpty
            && name.utf8.allSatisfy { byte in
                byte > 32 && byte < 127 && !"()<>@,;:\\\"/[]?={}".utf8.contains(byte)
            }
    }

    // MARK: Option helpers

    private func set(_ option: CURLoption, _ value: Int) throws {
        try check(herald_curl_setopt_long(easy, option, value), option)
    }

    /// The hosts no proxy is used for (`CURLOPT_NOPROXY`, which takes the
    /// place of the environment's `no_proxy`): this machine's names, and
    /// those `no_proxy` lists. Read once.
    static let noProxy: String = {
        let environment = ProcessInfo.processInfo.environment
        return "localhost,127.0.0.1,::1" + ((environment["no_proxy"] ?? environment["NO_PROXY"]).map { "," + $0 } ?? "")
    }()

    private func set(_ option: CURLoption, _ value: String) throws {
        try check(value.withCString { herald_curl_setopt_str(easy, option, $0) }, option)
    }

    private func check(_ code: CURLcode, _ option: CURLoption) throws {
        guard code != CURLE_OK else { return }
        let kind: HTTPError.Kind = option == CURLOPT_URL ? .invalidURL : CurlFailure.kind(for: code)
        throw HTTPError(
            kind: kind, method: method, url: url,
            message: "libcurl rejected option \(option.rawValue): \(String(cString: curl_easy_strerror(code)))",
            mayHaveReachedServer: false)
    }

    private func checkMime(_ code: CURLcode, _ part: MultipartPart) throws {
        guard code != CURLE_OK else { return }
        throw setupError(code, "multipart part \"\(part.name)\": \(String(cString: curl_easy_strerror(code)))")
    }

    private func setupError(_ code: CURLcode, _ message: String) -> HTTPError {
        HTTPError(
            kind: CurlFailure.kind(for: code), method: method, url: url, message: message,
            mayHaveReachedServer: false)
    }
}

// MARK: libcurl callbacks (loop thread)

private func transfer(_ context: UnsafeMutableRawPointer?) -> CurlTransfer? {
    context.map { Unmanaged<CurlTransfer>.fromOpaque($0).takeUnretainedValue() }
}

private let curlWriteBody: curl_write_callback = { buffer, size, count, context in
    let length = size * count
    guard let transfer = transfer(context) else { return 0 }
    // Returning less than was given makes libcurl end the transfer (CURLE_WRITE_ERROR).
    guard length <= transfer.maxResponseBytes - transfer.responseBody.count else {
        transfer.responseTooLarge = true
        return 0
    }
    if let buffer, length > 0 {
        transfer.responseBody.append(UnsafeRawPointer(buffer).assumingMemoryBound(to: UInt8.self), count: length)
    }
    return length
}

/// One header line per call. A status line starts a new response (after a
/// redirect or an interim 1xx), so only the final response's fields remain.
private let curlWriteHeader: curl_write_callback = { buffer, size, count, context in
    let length = size * count
    guard let transfer = transfer(context) else { return 0 }
    guard let buffer, length > 0 else { return length }
    let bytes = UnsafeRawBufferPointer(start: buffer, count: length)
    let line = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: CharacterSet(charactersIn: "\r\n"))
    if line.hasPrefix("HTTP/") {
        transfer.responseHeaders = HTTPHeaders()
    } else if line.first == " " || line.first == "\t" {
        transfer.responseHeaders.continueLastValue(with: line.trimmingCharacters(in: .whitespaces))
    } else if let colon = line.firstIndex(of: ":") {
        transfer.responseHeaders.append(
            name: String(line[..<colon]).trimmingCharacters(in: .whitespaces),
            value: String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces))
    }
    return length
}

private let curlDebug: curl_debug_callback = { _, type, _, size, context in
    if size > 0, type == CURLINFO_HEADER_OUT || type == CURLINFO_DATA_OUT {
        transfer(context)?.sawRequestBytes = true
    }
    return 0
}
