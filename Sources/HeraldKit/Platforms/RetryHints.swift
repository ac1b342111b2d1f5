import Foundation

/// Reads "when may I try again" from a response's headers, whatever the
/// platform's convention.
enum RetryHints {
    static func retryAfter(_ headers: HTTPHeaders, now: Date = Date()) -> Duration? {
        if let value = headers["retry-after"]?.trimmingCharacters(in: .whitespaces) {
            if let seconds = Double(value) { return .milliseconds(Int(max(0, seconds) * 1000)) }
        }
        for name in ["x-ratelimit-reset", "x-rate-limit-reset", "ratelimit-reset"] {
            guard let value = headers[name]?.trimmingCharacters(in: .whitespaces) else { continue }
            if let number = Double(value) {
                // Epoch seconds when large, else seconds from now.
                let seconds = number > 1_000_000_000 ? number - now.timeIntervalSince1970 : number
                return .milliseconds(Int(max(0, seconds) * 1000))
            }
            if case .success(let date) = TimeParser.instant(value, zone: nil) {
                return .milliseconds(Int(max(0, date.timeIntervalSince(now)) * 1000))
            }
        }
        return nil
    }
}
