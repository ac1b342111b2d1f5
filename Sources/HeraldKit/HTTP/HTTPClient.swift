import Foundation

/// herald's HTTP client: libcurl underneath, async on top.
///
/// Requests from many tasks run concurrently on one libcurl multi handle
/// driven by a dedicated thread (see `CurlMultiLoop`), and reuse keep-alive
/// connections to the same host. Cancelling the sending task aborts the
/// transfer. A 4xx or 5xx status is a normal response; `send` throws only
/// `HTTPError`, when no response arrived.
public final class HTTPClient: Sendable {
    public let configuration: HTTPClientConfiguration
    let loop: CurlMultiLoop
    /// nil without an extra CA file; otherwise system bundle + extra file.
    private let caBundle: Result<Data, CABundle.LoadError>?

    public init(configuration: HTTPClientConfiguration = .init()) {
        self.configuration = configuration
        self.loop = CurlMultiLoop(maxIdleConnections: configuration.maxIdleConnections)
        self.caBundle = configuration.extraCAFile.map { CABundle.combined(withExtraFile: $0) }
    }

    deinit {
        loop.stop()
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let start = ContinuousClock.now
        do {
            let response = try await perform(request)
            log(request, outcome: "\(response.status)", since: start)
            return response
        } catch let error as HTTPError {
            log(request, outcome: "\(error.kind)", since: start)
            throw error
        }
    }

    private func perform(_ request: HTTPRequest) async throws -> HTTPResponse {
        if Task.isCancelled {
            throw HTTPError(
                kind: .cancelled, method: request.method, url: request.url,
                message: "the task sending the request was cancelled before it started",
                mayHaveReachedServer: false)
        }
        let blob: Data?
        switch caBundle {
        case nil: blob = nil
        case .success(let data): blob = data
        case .failure(let failure):
            throw HTTPError(
                kind: .fileUnreadable, method: request.method, url: request.url, message: failure.message,
                mayHaveReachedServer: false)
        }
        let transfer = try CurlTransfer(request: request, configuration: configuration, caBundle: blob)
        let loop = self.loop
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                loop.submit(transfer, continuation: continuation)
            }
        } onCancel: {
            loop.cancel(transfer)
        }
    }

    /// `POST https://host/api/v1/statuses → 201 (123 ms)`; URL redacted.
    private func log(_ request: HTTPRequest, outcome: String, since start: ContinuousClock.Instant) {
        guard let log = configuration.log else { return }
        let elapsed = (ContinuousClock.now - start).wholeMilliseconds
        log("\(request.method) \(Redaction.redactURL(request.url)) → \(outcome) (\(elapsed) ms)")
    }
}
