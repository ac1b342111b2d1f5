import Foundation

/// What a run says of a send whose answer never came, which it leaves for a
/// later run: `<failure>; left for a later run: the platform may still be
/// making it, and a run from <UTC time> on repeats it with the same key`
/// (or `looks for it first`).
public enum LeftForLater {
    /// The time the message gives, when `message` (a line of a run's output
    /// may hold it) says so of `failure` and with that next step; else nil.
    public static func time(in message: String, failure: String, repeats: Bool) -> Date? {
        let head = "\(failure); left for a later run: the platform may still be making it, and a run from "
        let tail = " on " + (repeats ? "repeats it with the same key" : "looks for it first")
        guard let start = message.range(of: head), let end = message.range(of: tail, range: start.upperBound..<message.endIndex) else { return nil }
        return ISO8601DateFormatter().date(from: String(message[start.upperBound..<end.lowerBound]))
    }
}
