import CCurl
import Testing

@testable import HeraldKit

/// The rule behind `HTTPError.mayHaveReachedServer`, case by case.
@Suite("mayHaveReachedServer decision")
struct DeliveryDecisionTests {
    typealias Evidence = CurlFailure.Evidence

    static let connectedTLS = Evidence(connectMicros: 900, tlsMicros: 4000, usesTLS: true)

    @Test func dnsFailureAndRefusedConnectDidNotReach() {
        #expect(!CurlFailure.mayHaveReachedServer(code: CURLE_COULDNT_RESOLVE_HOST, evidence: Evidence()))
        #expect(!CurlFailure.mayHaveReachedServer(code: CURLE_COULDNT_CONNECT, evidence: Evidence()))
    }

    @Test func tlsFailureAfterTCPConnectDidNotReach() {
        let evidence = Evidence(connectMicros: 900, usesTLS: true)
        #expect(!CurlFailure.mayHaveReachedServer(code: CURLE_PEER_FAILED_VERIFICATION, evidence: evidence))
    }

    @Test func timeoutDuringConnectOrHandshakeDidNotReach() {
        #expect(!CurlFailure.mayHaveReachedServer(code: CURLE_OPERATION_TIMEDOUT, evidence: Evidence()))
        let handshaking = Evidence(connectMicros: 900, usesTLS: true)
        #expect(!CurlFailure.mayHaveReachedServer(code: CURLE_OPERATION_TIMEDOUT, evidence: handshaking))
    }

    @Test func anyRequestByteMeansItMayHaveReached() {
        for evidence in [
            Evidence(sawRequestBytes: true), Evidence(requestSize: 120), Evidence(uploadedBytes: 1),
        ] {
            #expect(CurlFailure.mayHaveReachedServer(code: CURLE_OPERATION_TIMEDOUT, evidence: evidence))
            // Even with a "before the request" error: e.g. a dead reused
            // connection retried on a new one that was then refused.
            #expect(CurlFailure.mayHaveReachedServer(code: CURLE_COULDNT_CONNECT, evidence: evidence))
        }
    }

    /// A connection ready to carry the request, over https or plain http
    /// (a sandbox's, with no handshake to wait for), may have carried it.
    /// Before a mutation run, plain http was unpinned: with the handshake
    /// required of it too, a timeout there would read as never delivered.
    @Test(arguments: [Self.connectedTLS, Evidence(connectMicros: 900)])
    func readyConnectionWithoutProofCountsAsReached(_ evidence: Evidence) {
        #expect(CurlFailure.mayHaveReachedServer(code: CURLE_OPERATION_TIMEDOUT, evidence: evidence))
        #expect(CurlFailure.mayHaveReachedServer(code: CURLE_RECV_ERROR, evidence: evidence))
        #expect(CurlFailure.mayHaveReachedServer(code: nil, evidence: evidence))  // cancelled
    }

    @Test func kinds() {
        #expect(CurlFailure.kind(for: CURLE_COULDNT_RESOLVE_HOST) == .couldNotConnect)
        #expect(CurlFailure.kind(for: CURLE_OPERATION_TIMEDOUT) == .timeout)
        #expect(CurlFailure.kind(for: CURLE_GOT_NOTHING) == .connectionLost)
        #expect(CurlFailure.kind(for: CURLE_PEER_FAILED_VERIFICATION) == .tls)
        #expect(CurlFailure.kind(for: CURLE_READ_ERROR) == .fileUnreadable)
        #expect(CurlFailure.kind(for: CURLE_URL_MALFORMAT) == .invalidURL)
        #expect(CurlFailure.kind(for: CURLE_TOO_MANY_REDIRECTS) == .other(code: 47))
    }
}
