/// `herald.yaml`: optional repository settings.
public struct Settings: Sendable {
    /// IANA time zone for `publish_at` values written without an offset.
    public var timezone: Located<String>?
    /// Where state shards live, relative to the repository (default `state`).
    public var stateDirectory: String
    /// How many times a failing item is tried (over all runs) before herald
    /// stops and asks a person. Editing `publish_at` starts the count again.
    public var maxAttempts: Int
    /// How many accounts are worked at once.
    public var concurrency: Int
    /// Seconds one HTTP request may take.
    public var requestTimeout: Int
    /// What an image without alt text is: a warning (the default), an
    /// error that holds its post, or nothing (`alt_text: off`).
    public var altText: AltTextRule = .warn
    /// Set when herald.yaml could not be read or its `state_dir` is not
    /// usable: why, and where. The default folder may then not be the one
    /// that holds the records, so nothing is published or recorded (every
    /// post done would look new) until herald.yaml is fixed.
    public var stateDirectoryUnknown: Located<String>?
    /// Set when herald.yaml names a time zone herald cannot use, or could
    /// not be read: where. A local publish_at then says so, rather than
    /// that herald.yaml sets no timezone.
    public var timezoneUnusable: SourceLocation?

    /// The defaults, for a herald.yaml that could not be read (its first
    /// error at `location`): all but the state folder, which it may name.
    static func unreadable(at location: SourceLocation) -> Settings {
        var settings = Settings()
        settings.stateDirectoryUnknown = Located("herald.yaml could not be read", at: location)
        settings.timezoneUnusable = location
        return settings
    }

    /// The values of `alt_text`.
    public enum AltTextRule: String, Sendable, CaseIterable {
        case warn, error, off
    }

    public init() {
        stateDirectory = "state"
        maxAttempts = 5
        concurrency = 4
        requestTimeout = 30
    }
}
