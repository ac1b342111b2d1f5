import Foundation
import Testing
@testable import HeraldKit

/// Reading when to try again from a platform's answer, and how long to wait for one.
@Suite struct RetryHintsTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    /// `Retry-After` in seconds, whatever number a server sends: a huge one
    /// is a day (it trapped), and what is no number is no hint.
    @Test(arguments: [("120", Duration.seconds(120)), ("1e16", .seconds(86_400)), ("-5", .zero), ("inf", nil), ("nan", nil)] as [(String, Duration?)])
    func retryAfterInSeconds(value: String, wait: Duration?) {
        #expect(RetryHints.retryAfter(["Retry-After": value], status: 503, now: now) == wait)
    }

    /// A proxy's `Retry-After` as an HTTP-date.
    @Test func retryAfterAsAnHTTPDate() {
        let date = "Fri, 15 Jan 2027 08:00:20 GMT"
        let at = RetryHints.httpDate("Fri, 15 Jan 2027 08:00:00 GMT")!
        #expect(RetryHints.retryAfter(["Retry-After": date], status: 503, now: at) == .seconds(20))
        #expect(RetryHints.httpDate("tomorrow") == nil)
    }

    /// Mastodon sends its rate-limit headers on every answer: a 503 from a
    /// window with requests left is retried soon, not after the window's
    /// reset 20 minutes away. A 429, or a window spent, waits for the reset.
    /// A reset given as a number is a Unix time when it is one (X's and
    /// Bluesky's form), else seconds from now.
    @Test func aResetInEpochSecondsOrInSecondsFromNow() {
        #expect(RetryHints.retryAfter(["X-Rate-Limit-Reset": "1800001200"], status: 429, now: now) == .seconds(1_200))
        #expect(RetryHints.retryAfter(["RateLimit-Reset": "30"], status: 429, now: now) == .seconds(30))
    }

    @Test func aWindowsResetIsAHintOnlyWhenTheWindowIsSpent() {
        let reset = TimeParser.utc(now.addingTimeInterval(1_200))
        #expect(RetryHints.retryAfter(["X-RateLimit-Remaining": "29", "X-RateLimit-Reset": reset], status: 503, now: now) == nil)
        #expect(RetryHints.retryAfter(["X-RateLimit-Remaining": "29", "X-RateLimit-Reset": reset], status: 429, now: now) == .seconds(1_200))
        #expect(RetryHints.retryAfter(["X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset], status: 503, now: now) == .seconds(1_200))
        #expect(RetryHints.retryAfter(["X-RateLimit-Reset": "2026-12-06T05:13:28.123456Z"], status: 429,
                                      now: try! TimeParser.instant("2026-12-06T05:13:20Z", zone: nil).get()) == .milliseconds(8_123))
    }

    /// A reset time is read against the answer's own `Date`, which the same
    /// clock wrote: a server five minutes behind this machine's still
    /// means the 20 seconds it says, not "now".
    @Test func aResetIsReadAgainstTheServersClock() {
        let behind = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 - 300).rounded(.down))
        let headers: HTTPHeaders = ["Date": RetryHints.httpDate(behind), "X-RateLimit-Reset": TimeParser.utc(behind.addingTimeInterval(20))]
        #expect(RetryHints.retryAfter(headers, status: 429) == .seconds(20))
        #expect(RetryHints.retryAfter(["X-RateLimit-Reset": TimeParser.utc(behind.addingTimeInterval(20))], status: 429) == .zero)
    }

    /// A large video is given time to go up on a slow uplink: the request
    /// timeout, and a second per 128 KiB.
    @Test func anUploadIsGivenTimeForItsSize() {
        #expect(MastodonAdapter.uploadTimeout(bytes: 0, base: .seconds(30)) == .seconds(30))
        #expect(MastodonAdapter.uploadTimeout(bytes: 99_000_000, base: .seconds(30)) == .seconds(785))
    }
}
