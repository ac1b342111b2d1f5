import CCurl

/// How a libcurl failure maps to `HTTPError`: its kind, and whether the
/// request may have reached the server.
enum CurlFailure {
    /// What libcurl observed about one transfer, read after it ended.
    struct Evidence: Sendable, Equatable {
        /// The debug callback saw request header or body bytes handed to
        /// the socket (CURLINFO_HEADER_OUT / CURLINFO_DATA_OUT), on this or
        /// an earlier attempt of the same transfer.
        var sawRequestBytes = false
        /// CURLINFO_REQUEST_SIZE: bytes of request headers issued.
        var requestSize = 0
        /// CURLINFO_SIZE_UPLOAD_T: body bytes uploaded.
        var uploadedBytes: Int64 = 0
        /// CURLINFO_CONNECT_TIME_T, µs; 0 while TCP connect never completed.
        var connectMicros: Int64 = 0
        /// CURLINFO_APPCONNECT_TIME_T, µs; 0 while no TLS handshake completed.
        var tlsMicros: Int64 = 0
        var usesTLS = false

        var anyRequestBytes: Bool { sawRequestBytes || requestSize > 0 || uploadedBytes > 0 }

        /// The connection was ready to carry a request: TCP connected and,
        /// for https, the TLS handshake done. libcurl records both timers
        /// (at least 1 µs) for a reused connection too.
        var connectionReady: Bool { connectMicros > 0 && (!usesTLS || tlsMicros > 0) }
    }

    /// Conservative by construction: false needs two independent proofs
    /// that nothing was delivered — no request byte was seen leaving, AND
    /// either the error can only happen before a request is written (DNS,
    /// refused, TLS) or the connection never became ready (e.g. a timeout
    /// during connect or the TLS handshake). Anything else, including a
    /// cancellation after connecting, counts as possibly delivered.
    static func mayHaveReachedServer(code: CURLcode?, evidence: Evidence) -> Bool {
        if evidence.anyRequestBytes { return true }
        if !evidence.connectionReady { return false }
        if let code, failsBeforeRequest(code) { return false }
        return true
    }

    /// Errors libcurl reports only while resolving, connecting or
    /// handshaking, before it writes a request.
    static func failsBeforeRequest(_ code: CURLcode) -> Bool {
        switch code {
        case CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT, CURLE_NOT_BUILT_IN,
            CURLE_COULDNT_RESOLVE_PROXY, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_CONNECT,
            CURLE_PROXY, CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION,
            CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER, CURLE_SSL_CACERT_BADFILE,
            CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ENGINE_INITFAILED,
            CURLE_SSL_CRL_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
            CURLE_SSL_INVALIDCERTSTATUS, CURLE_USE_SSL_FAILED:
            return true
        default:
            return false
        }
    }

    static func kind(for code: CURLcode) -> HTTPError.Kind {
        switch code {
        case CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT:
            return .invalidURL
        case CURLE_COULDNT_RESOLVE_PROXY, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_CONNECT, CURLE_PROXY:
            return .couldNotConnect
        case CURLE_OPERATION_TIMEDOUT:
            return .timeout
        case CURLE_GOT_NOTHING, CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_PARTIAL_FILE,
            CURLE_HTTP2, CURLE_HTTP2_STREAM:
            return .connectionLost
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM,
            CURLE_SSL_CIPHER, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ENGINE_NOTFOUND,
            CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ENGINE_INITFAILED, CURLE_SSL_CRL_BADFILE,
            CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS,
            CURLE_USE_SSL_FAILED, CURLE_SSL_SHUTDOWN_FAILED, CURLE_SSL_CLIENTCERT:
            return .tls
        case CURLE_READ_ERROR, CURLE_FILE_COULDNT_READ_FILE:
            return .fileUnreadable
        default:
            return .other(code: Int(code.rawValue))
        }
    }
}
