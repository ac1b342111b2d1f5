import Foundation

/// What a run says of a send whose answer never came, which it leaves for a
/// later run: `left for a later run: from <time> until <time> one
/// repeats it with the same key, then one looks for it first (<failure>;
/// the platform may still be making it)` while the key's window lasts, or
/// `left for a later run: from <time> one looks for it first (…)`,
/// times in herald.yaml's zone.
public enum LeftForLater {
    /// The time from which a later run acts, when `message` (a line of a
    /// run's output may hold it) says so, with that next step, of a
    /// failure that starts with `failure`; else nil.
    public static func time(in message: String, failure: String, repeats: Bool) -> Date? {
        let head = "left for a later run: from "
        guard let start = message.range(of: head) else { return nil }
        let rest = message[start.upperBound...]
        let times = ISO8601DateFormatter()
        let from: Date
        let after: Substring
        if repeats {
            guard let until = rest.range(of: " until "), let end = rest.range(of: " one repeats it with the same key, then one looks for it first ("),
                  let first = times.date(from: String(rest[..<until.lowerBound])),
                  let last = times.date(from: String(rest[until.upperBound..<end.lowerBound])), last > first else { return nil }
            (from, after) = (first, rest[end.upperBound...])
        } else {
            guard let end = rest.range(of: " one looks for it first ("), let first = times.date(from: String(rest[..<end.lowerBound])) else { return nil }
            (from, after) = (first, rest[end.upperBound...])
        }
        return after.hasPrefix(failure) && after.contains("; the platform may still be making it)") ? from : nil
    }
}
