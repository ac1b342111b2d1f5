import Foundation

/// Reads "when may I try again" from a response's headers, whatever the
/// platform's convention.
enum RetryHints {
    /// The longest wait a header is read as: longer (`1e16`, an HTTP-date
    /// years ahead) is this. A run waits a minute at most anyway.
    static let longestWait: Double = 86_400

    /// `Retry-After`, in seconds or as an HTTP-date; else, when the
    /// rate-limit window is spent (a 429, or none left), when it resets.
    /// A window's reset on another answer is no hint: Mastodon sends the
    /// `X-RateLimit-*` headers on every answer, its 500s and 503s too, and
    /// the reset of a window with requests left may be 30 minutes away.
    /// A time is read against the answer's own `Date` when it has one: the
    /// server's clock wrote both, and may be minutes off from this one.
    static func retryAfter(_ headers: HTTPHeaders, status: Int, now: Date? = nil) -> Duration? {
        let now = now ?? headers["date"].flatMap(httpDate) ?? Date()
        if let value = headers["retry-after"]?.trimmingCharacters(in: .whitespaces) {
            if let seconds = Double(value) { return wait(seconds) }
            if let date = httpDate(value) { return wait(date.timeIntervalSince(now)) }
        }
        let spent = status == 429 || ["x-ratelimit-remaining", "x-rate-limit-remaining", "ratelimit-remaining"].contains {
            headers[$0]?.trimmingCharacters(in: .whitespaces) == "0"
        }
        guard spent else { return nil }
        for name in ["x-ratelimit-reset", "x-rate-limit-reset", "ratelimit-reset"] {
            guard let value = headers[name]?.trimmingCharacters(in: .whitespaces) else { continue }
            if let number = Double(value) {
                // Epoch seconds when large, else seconds from now.
                return wait(number > 1_000_000_000 ? number - now.timeIntervalSince1970 : number)
            }
            if case .success(let date) = TimeParser.instant(value, zone: nil) {
                return wait(date.timeIntervalSince(now))
            }
        }
        return nil
    }

    /// A number of seconds as a wait: none below zero, at most `longestWait`;
    /// nil for what is not a number (`nan`, `inf`).
    private static func wait(_ seconds: Double) -> Duration? {
        guard seconds.isFinite else { return nil }
        return .milliseconds(Int(min(max(0, seconds), longestWait) * 1000))
    }

    /// RFC 9110's HTTP-date, as proxies and CDNs send it: `Sun, 06 Dec 2026 05:13:28 GMT`.
    static func httpDate(_ value: String) -> Date? {
        httpDateFormatter().date(from: value)
    }

    /// An HTTP-date as a server writes one (the sandbox's `Date`).
    static func httpDate(_ date: Date) -> String {
        httpDateFormatter().string(from: date)
    }

    private static func httpDateFormatter() -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter
    }
}
