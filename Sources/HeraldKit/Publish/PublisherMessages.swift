import Foundation

/// What the executor says, and keeps, of what happened.
extension Publisher {
    static let interrupted = "not sent: the run was interrupted; the next run publishes it"
    /// Said of a 429 the run does not wait out; nothing more goes to the account this run.
    static let rateLimited = "the account's rate limit is reached: nothing more is sent to it this run, and the next run tries again"

    /// What a failure the account's rate limit ends says, with when it
    /// resets: "; the account's rate limit … (it resets in about 100 min)".
    static func rateLimitNote(resetAfter: Duration?) -> String {
        let words = resetAfter.map { $0.components.seconds < 60 ? "under a minute" : "about \(($0.components.seconds + 30) / 60) min" }
        return "; " + rateLimited + (words.map { " (it resets in \($0))" } ?? "")
    }

    /// A platform's error message is kept in state up to this many
    /// characters: a server answering with a page of text must not put it,
    /// whole, on one line of a file kept in git.
    static let longestRecordedError = 1_000

    /// Why an overdue item the platform could not be asked about was not sent.
    static func overdueNotSent(_ capabilities: PlatformCapabilities) -> String {
        "; not sent: it was due over \(trustedForWords(capabilities)) ago and the state has no record of it, so herald looks for it on the platform first"
    }
}
