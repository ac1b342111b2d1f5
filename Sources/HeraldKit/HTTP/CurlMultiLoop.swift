import CCurl
import Foundation

/// Initialises libcurl once per process, before the first handle.
enum CurlGlobal {
    static let initialized: Bool = herald_curl_global_init() == CURLE_OK
}

/// One thread driving one `curl_multi` handle.
///
/// Tasks hand transfers over through a lock-protected inbox and wake the
/// thread with `curl_multi_wakeup`; the thread adds them to the multi
/// handle, runs `curl_multi_perform`, resumes each finished transfer's
/// continuation and sleeps in `curl_multi_poll`. Only this thread touches
/// the multi handle and the easy handles in it, so libcurl sees no
/// concurrent use. Idle connections stay in the multi handle's connection
/// cache, which is how keep-alive reuse works across requests.
final class CurlMultiLoop: @unchecked Sendable {
    private let multi: UnsafeMutableRawPointer
    private let lock = NSLock()
    // Guarded by `lock`.
    private var inbox: [CurlTransfer] = []
    private var cancellations: [CurlTransfer] = []
    private var stopping = false
    // Loop thread only.
    private var active: [UnsafeMutableRawPointer: CurlTransfer] = [:]

    init(maxIdleConnections: Int) {
        precondition(CurlGlobal.initialized, "curl_global_init failed")
        guard let multi = curl_multi_init() else { fatalError("curl_multi_init failed") }
        self.multi = multi
        _ = herald_curl_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, max(maxIdleConnections, 1))
        // The thread keeps the loop alive until `stop()` lets it finish.
        let thread = Thread { [self] in run() }
        thread.name = "herald-curl"
        thread.start()
    }

    deinit {
        curl_multi_cleanup(multi)
    }

    /// Starts `transfer`; `continuation` is resumed exactly once, on the
    /// loop thread.
    func submit(_ transfer: CurlTransfer, continuation: CheckedContinuation<HTTPResponse, any Error>) {
        lock.withLock {
            transfer.continuation = continuation
            inbox.append(transfer)
        }
        curl_multi_wakeup(multi)
    }

    /// Aborts `transfer` whether it is waiting, running or (harmlessly)
    /// already finished.
    func cancel(_ transfer: CurlTransfer) {
        lock.withLock {
            transfer.cancelRequested = true
            cancellations.append(transfer)
        }
        curl_multi_wakeup(multi)
    }

    /// Ends the thread once in-flight transfers are aborted.
    func stop() {
        lock.withLock { stopping = true }
        curl_multi_wakeup(multi)
    }

    private func run() {
        while true {
            let (arrived, cancelled, stop) = lock.withLock {
                defer {
                    inbox = []
                    cancellations = []
                }
                return (inbox.map { ($0, $0.cancelRequested) }, cancellations, stopping)
            }
            for (transfer, alreadyCancelled) in arrived {
                if alreadyCancelled || stop {
                    complete(transfer, code: nil)
                } else if curl_multi_add_handle(multi, transfer.easy) != CURLM_OK {
                    complete(transfer, code: CURLE_FAILED_INIT)
                } else {
                    active[transfer.easy] = transfer
                }
            }
            for transfer in cancelled where active[transfer.easy] === transfer {
                finish(transfer.easy, code: nil)
            }
            if stop {
                for easy in Array(active.keys) { finish(easy, code: nil) }
                return
            }
            var running: Int32 = 0
            _ = curl_multi_perform(multi, &running)
            drainFinished()
            _ = curl_multi_poll(multi, nil, 0, 1000, nil)
        }
    }

    private func drainFinished() {
        var queued: Int32 = 0
        while let message = curl_multi_info_read(multi, &queued) {
            guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else { continue }
            // Read before removal: the message dies with the handle.
            finish(easy, code: herald_curl_msg_result(message))
        }
    }

    private func finish(_ easy: UnsafeMutableRawPointer, code: CURLcode?) {
        guard let transfer = active.removeValue(forKey: easy) else { return }
        curl_multi_remove_handle(multi, easy)
        complete(transfer, code: code)
    }

    private func complete(_ transfer: CurlTransfer, code: CURLcode?) {
        let continuation = lock.withLock {
            defer { transfer.continuation = nil }
            return transfer.continuation
        }
        continuation?.resume(with: transfer.outcome(code: code).mapError { $0 as any Error })
    }
}
