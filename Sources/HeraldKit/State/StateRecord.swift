import Foundation

/// One line of a state shard. The format, version 1:
///
///     herald-state 1 account=acme-mastodon
///     2026-12-01T08:00:01Z intent post=launch part=0 hash=9f2c1e0a1b2c3d4e key=herald-5d1c… attempt=1 due=2026-12-01T08:00:00Z
///     2026-12-01T08:00:02Z published post=launch part=0 hash=9f2c1e0a1b2c3d4e id=109876 url=https://… due=2026-12-01T08:00:00Z
///
/// `attempt` on a `failed` or `absent` record (the attempt it answers; 0
/// when nothing was sent) and `due` (the post's `publish_at` when it was
/// published, or sent: an intent) came after the first release; a herald before them reads
/// them as it did (it ignores a field it does not know).
///
/// A shard is append-only: records are never rewritten, so the file's order
/// is the order things happened in. Values are percent-encoded where they
/// hold a space, '%', '=' or a control character.
public struct StateRecord: Sendable, Hashable {
    public enum Event: String, Sendable, CaseIterable {
        /// About to send a request that creates something (written before it is sent).
        case intent
        /// The platform made the object.
        case published
        /// The platform refused, or the request certainly did not arrive; retried next run.
        case failed
        /// herald cannot tell whether the object was made; a person must check.
        case unknown
        /// Checked (by herald or a person): the object was not made; may be sent again.
        case absent

        /// The event spelt by a record's second field.
        init?(_ bytes: UnsafeBufferPointer<UInt8>) {
            let found = Self.allCases.first { event in
                event.rawValue.withUTF8Bytes { $0.count == bytes.count && memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0 }
            }
            guard let found else { return nil }
            self = found
        }
    }

    public var time: Date
    public var event: Event
    public var post: String
    public var part: Int
    public var hash: String?
    public var key: String?
    public var remoteID: String?
    public var url: String?
    public var attempt: Int?
    public var error: String?
    /// When the post was due, on a published record and an intent (the
    /// time it was sent for: every attempt keeps the first one's key).
    public var due: Date?
    /// The offset from UTC, in seconds, of the repository's time zone at
    /// `due` when the record was written (`due=2026-12-01T09:00:00+01:00`):
    /// with it, the wall-clock time the post's `publish_at` said, which a
    /// change of herald.yaml's `timezone` does not move. Nil for a `due` in
    /// UTC (`Z`), as herald wrote it before.
    public var dueOffset: Int?
    /// Why a `failed` record failed, where that matters: `credentials` (the
    /// platform refused the account's token), which is fixed at the token,
    /// not the post; `ratelimit` (the account's rate limit, reset later
    /// than a run waits), which passes; `unanswered` (a send whose answer
    /// was lost, left for the next run to settle): none counts against
    /// `max_attempts`.
    public var cause: String?
    /// On an intent: how many seconds after it the platform may still be
    /// making what it sends (`Publisher.settleAfterSend`, worked out from
    /// the files it uploads and the timeout then): a run started again
    /// meanwhile holds the item, whatever the post holds by then.
    public var settle: Int?

    public static let credentialsCause = "credentials"
    public static let rateLimitCause = "ratelimit"
    public static let unansweredCause = "unanswered"
    /// The post is there, but the state records it for another item (`LookupResult.recordedForAnother`).
    public static let contestedCause = "contested"
    /// On a published record: written by a person (`state resolve --published`),
    /// at the time they ran it, not when the platform published the post.
    public static let resolvedCause = "resolved"
    /// Causes that say nothing of the post, and count against no `max_attempts`.
    public static let uncountedCauses: Set<String> = [credentialsCause, rateLimitCause, unansweredCause, contestedCause]

    public init(time: Date, event: Event, post: String, part: Int, hash: String? = nil, key: String? = nil,
                remoteID: String? = nil, url: String? = nil, attempt: Int? = nil, error: String? = nil, due: Date? = nil, dueOffset: Int? = nil, cause: String? = nil,
                settle: Int? = nil) {
        self.time = time
        self.event = event
        self.post = post
        self.part = part
        self.hash = hash
        self.key = key
        self.remoteID = remoteID
        self.url = url
        self.attempt = attempt
        self.error = error
        self.due = due
        self.dueOffset = due == nil ? nil : dueOffset
        self.cause = cause
        self.settle = settle
    }

    public static let version = 1

    /// Whether a record's `due` is `publishAt`: the same instant, or, where
    /// the record kept its offset and the zone has another at that instant
    /// now (herald.yaml's `timezone` changed since), the same wall-clock
    /// time. A file keeps its `publish_at` as written when it is moved; read
    /// in another time zone, that is another instant. In one zone, two
    /// instants of the same wall-clock time (the hour repeated when summer
    /// time ends) are two times.
    static func sameDue(_ due: Date?, offset: Int?, as publishAt: Date?, zone: TimeZone?) -> Bool {
        guard let due, let publishAt else { return false }
        if abs(due.timeIntervalSince(publishAt)) < 1 { return true }
        guard let offset, (zone ?? .gmt).secondsFromGMT(for: due) != offset else { return false }
        let now = (zone ?? .gmt).secondsFromGMT(for: publishAt)
        return abs(due.addingTimeInterval(Double(offset)).timeIntervalSince(publishAt.addingTimeInterval(Double(now)))) < 1
    }

    /// `sameDue` of this record's `due`.
    func isDue(at publishAt: Date?, zone: TimeZone?) -> Bool {
        Self.sameDue(due, offset: dueOffset, as: publishAt, zone: zone)
    }

    static func header(account: String) -> String { "herald-state \(version) account=\(account)" }

    /// The hash of a part found on the platform as it was before its post
    /// was edited (`LookupResult.perhaps`), whose content herald does not
    /// know: it matches no file, so the plan shows the edit as drift.
    static let contentBeforeEdit = "before-edit"

    /// The line, without its newline.
    public var line: String {
        var fields = [TimeParser.utc(time), event.rawValue, "post=" + Self.encode(post), "part=\(part)"]
        if let hash { fields.append("hash=" + Self.encode(hash)) }
        if let key { fields.append("key=" + Self.encode(key)) }
        if let remoteID { fields.append("id=" + Self.encode(remoteID)) }
        if let url { fields.append("url=" + Self.encode(url)) }
        if let attempt { fields.append("attempt=\(attempt)") }
        if let error { fields.append("error=" + Self.encode(error)) }
        if let due { fields.append("due=" + (dueOffset.map { TimeParser.format(due, numericOffset: $0) } ?? TimeParser.utc(due))) }
        if let cause { fields.append("cause=" + Self.encode(cause)) }
        if let settle { fields.append("settle=\(settle)") }
        return fields.joined(separator: " ")
    }

    /// Parses one line; nil when it is not a record.
    public init?(line: Substring) {
        let parsed = line.withUTF8Bytes(Self.parse)
        guard let parsed else { return nil }
        self = parsed
    }

    /// Parses one line from its UTF-8 bytes (no newline). A shard holds a
    /// record per thing herald ever did, so this reads fields in place and
    /// allocates only the strings a record keeps.
    static func parse(_ line: UnsafeBufferPointer<UInt8>) -> StateRecord? {
        var fields = FieldCursor(line)
        guard let timeField = fields.next(), let time = TimeParser.instant(bytes: timeField),
              let eventField = fields.next(), let event = Event(eventField)
        else { return nil }
        // Fields are gathered first and the record made once: filling in a
        // record made up front copied it, strings and all, on the way out.
        var post = "", part = -1
        var hash: String?, key: String?, remoteID: String?, url: String?, attempt: Int?, error: String?, due: Date?, cause: String?
        var dueOffset: Int?, settle: Int?
        var count = 2
        // A field written twice (a hand edit) would leave which one counts to chance.
        var seen: UInt16 = 0
        while let field = fields.next() {
            count += 1
            guard let eq = field.firstOffset(of: UInt8(ascii: "=")) else { return nil }
            let name = UnsafeBufferPointer(rebasing: field[..<eq])
            let raw = UnsafeBufferPointer(rebasing: field[(eq + 1)...])
            func value() -> String? { decode(raw) }
            let known = Name(name)
            if let known {
                guard seen & known.bit == 0 else { return nil }
                seen |= known.bit
            }
            switch known {
            case .post: guard let v = value() else { return nil }; post = v
            case .part: guard let n = integer(raw) else { return nil }; part = n
            case .hash: guard let v = value() else { return nil }; hash = v
            case .key: guard let v = value() else { return nil }; key = v
            case .id: guard let v = value() else { return nil }; remoteID = v
            case .url: guard let v = value() else { return nil }; url = v
            case .attempt: guard value() != nil else { return nil }; attempt = integer(raw)
            case .error: guard let v = value() else { return nil }; error = v
            case .due: guard let time = TimeParser.instant(bytes: raw) else { return nil }; due = time; dueOffset = TimeParser.numericOffset(bytes: raw)
            case .cause: guard let v = value() else { return nil }; cause = v
            case .settle: guard value() != nil else { return nil }; settle = integer(raw)
            case nil: guard value() != nil else { return nil } // a field from a newer herald: kept in the file, ignored here
            }
        }
        guard count >= 4, !post.isEmpty, part >= 0 else { return nil }
        // Published is the platform's answer: its id is what a thread's next part replies to.
        if event == .published && remoteID?.isEmpty ?? true { return nil }
        return StateRecord(time: time, event: event, post: post, part: part, hash: hash, key: key, remoteID: remoteID,
                           url: url, attempt: attempt, error: error, due: due, dueOffset: dueOffset, cause: cause,
                           settle: settle)
    }

    /// Whether a line could be the start of one herald writes, cut short
    /// by a crash: its time, event and fields well formed as far as they
    /// go, the last perhaps cut anywhere. A line that goes on past a
    /// mistyped event (`publishd post=…`) was written by a person.
    /// Runs of spaces count as one, before the time too, as `parse` reads them.
    static func mayBeCutShort(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        let tokens = line.split(separator: UInt8(ascii: " "))
        // Blanks alone are an empty line, read as one.
        if tokens.isEmpty { return false }
        // Cut after a space, the last field is whole.
        let endsWhole = line.last == UInt8(ascii: " ")
        var lastField = -1
        for (index, token) in tokens.enumerated() {
            let whole = index < tokens.count - 1 || endsWhole
            let bytes = UnsafeBufferPointer(rebasing: token)
            switch index {
            case 0:
                if whole ? TimeParser.instant(bytes: bytes) == nil : !token.allSatisfy({ "0123456789-:TZ.+".utf8.contains($0) }) { return false }
            case 1:
                let word = String(decoding: bytes, as: UTF8.self)
                if whole ? Event(rawValue: word) == nil : !Event.allCases.contains(where: { $0.rawValue.hasPrefix(word) }) { return false }
            default:
                // Fields as herald writes them, in its order (`post=` and `part=` first), or a newer
                // herald's after them: a lower-case name, `=`, a value well formed when whole.
                let eq = token.firstIndex(of: UInt8(ascii: "="))
                let name = String(decoding: token[..<(eq ?? token.endIndex)], as: UTF8.self)
                guard name.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || $0 == UInt8(ascii: "_") }), eq != nil || !whole, !name.isEmpty || !whole else { return false }
                let expected = index == 2 ? "post" : index == 3 ? "part" : nil
                if let expected, eq == nil ? !expected.hasPrefix(name) : name != expected { return false }
                if let known = fieldOrder.firstIndex(of: name) {
                    guard known > lastField else { return false }
                    lastField = known
                }
                guard let eq, whole else { continue }
                let value = UnsafeBufferPointer(rebasing: token[(eq + 1)...])
                if decode(value) == nil || name == "part" && integer(value) == nil || name == "attempt" && integer(value) == nil
                    || name == "due" && TimeParser.instant(bytes: value) == nil || name == "post" && value.isEmpty { return false }
            }
        }
        return true
    }

    /// What is wrong with a header line that starts `herald-state N`, and
    /// the byte where: it holds `account=` once and, from a newer herald,
    /// other fields `name=value`, in printable ASCII, as herald writes it.
    /// A record joined to it (a line break lost, or one YAML and editors see,
    /// NEL or U+2028, and herald does not) would be read as part of it, and
    /// its post never recorded. Nil when it is well formed.
    static func headerProblem(in line: UnsafeBufferPointer<UInt8>) -> (what: String, offset: Int)? {
        if let odd = line.firstIndex(where: { $0 != UInt8(ascii: " ") && ($0 < 0x21 || $0 > 0x7E) }) {
            let rest = String(decoding: UnsafeBufferPointer(rebasing: line[odd...]), as: UTF8.self)
            let scalar = rest.unicodeScalars.first ?? " "
            let named = scalar == "\t" ? "a tab" : scalar == "\r" ? "a carriage return (CR)"
                : TextRules.codePoint(scalar.value) + (scalar.properties.name.map { " (\($0))" } ?? SyntaxHints.unicodeLineBreaks[scalar].map { " (\($0))" } ?? "")
            return ("holds \(named), where herald writes only printable ASCII (a record joined to it, a line break lost?)", odd)
        }
        var fields = FieldCursor(line)
        _ = fields.next()
        _ = fields.next()
        var accounts = 0
        while let field = fields.next() {
            let at = fields.position - field.count
            let written = String(decoding: field, as: UTF8.self)
            guard let eq = field.firstOffset(of: UInt8(ascii: "=")), eq > 0,
                  field[..<eq].allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || $0 == UInt8(ascii: "_") }) else {
                let shown = written.count > 40 ? written.prefix(40) + "…" : written
                return ("holds '\(shown)', which is not a field written name=value (a record joined to it, a line break lost?)", at)
            }
            guard written.hasPrefix("account=") else { continue }
            accounts += 1
            if accounts > 1 { return ("names its account twice", at) }
            if eq == field.count - 1 { return ("gives no account after account=", at + eq + 1) }
        }
        return accounts == 0 ? ("names no account (account=ID)", line.count) : nil
    }

    /// The fields of a record in the order `line` writes them.
    private static let fieldOrder = ["post", "part", "hash", "key", "id", "url", "attempt", "error", "due", "cause", "settle"]

    /// Why a line that `parse` refuses is not a record, and the byte of it
    /// where the mistake starts: for the error that says so. Read only for
    /// lines that failed, so it may take its time.
    static func problem(in line: UnsafeBufferPointer<UInt8>) -> (what: String, offset: Int) {
        var fields = FieldCursor(line)
        func shown(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
            let text = String(decoding: bytes, as: UTF8.self)
            return text.count > 40 ? text.prefix(40) + "…" : text
        }
        guard let timeField = fields.next() else { return ("the line holds only spaces", 0) }
        guard TimeParser.instant(bytes: timeField) != nil else {
            return ("'\(shown(timeField))' is not a time such as 2026-12-01T08:00:01Z", fields.position - timeField.count)
        }
        guard let eventField = fields.next() else { return ("the line ends after its time, where the event (intent, published, …) goes", line.count) }
        guard Event(eventField) != nil else {
            let word = shown(eventField)
            let events = Event.allCases.map(\.rawValue)
            let hint = Suggest.closest(to: word, in: events).map { "did you mean '\($0)'?" } ?? "it is one of \(events.joined(separator: ", "))"
            return ("unknown event '\(word)': \(hint)", fields.position - eventField.count)
        }
        // A field written twice first: `id= id=117` is one field given twice
        // (a value moved?), which "id= is empty" would hide.
        var seen: UInt16 = 0
        var scan = fields
        while let field = scan.next() {
            guard let eq = field.firstOffset(of: UInt8(ascii: "=")), let known = Name(UnsafeBufferPointer(rebasing: field[..<eq])) else { continue }
            if seen & known.bit != 0 {
                return ("\(String(decoding: UnsafeBufferPointer(rebasing: field[..<eq]), as: UTF8.self))= is written twice", scan.position - field.count)
            }
            seen |= known.bit
        }
        var (post, part, id) = (false, false, false)
        while let field = fields.next() {
            let at = fields.position - field.count
            guard let eq = field.firstOffset(of: UInt8(ascii: "=")) else { return ("'\(shown(field))' is not a field, written name=value", at) }
            let name = UnsafeBufferPointer(rebasing: field[..<eq])
            let raw = UnsafeBufferPointer(rebasing: field[(eq + 1)...])
            let written = String(decoding: name, as: UTF8.self)
            if decode(raw) == nil { return ("the value of \(written)= is not percent-encoded UTF-8", at + eq + 1) }
            switch Name(name) {
            case .post?:
                if raw.isEmpty { return ("post= is empty", at + eq + 1) }
                post = true
            case .part?:
                if integer(raw) == nil { return ("part= must be a whole number, found '\(shown(raw))'", at + eq + 1) }
                part = true
            case .id?:
                if raw.isEmpty && Event(eventField) == .published { return ("id= is empty: a published record needs the platform's id of what it made", at + eq + 1) }
                id = true
            case .due?:
                if TimeParser.instant(bytes: raw) == nil { return ("due= must be a time such as 2026-12-01T08:00:00Z, found '\(shown(raw))'", at + eq + 1) }
            default: break
            }
        }
        if !post { return ("the record has no post=", line.count) }
        if !part { return ("the record has no part=", line.count) }
        if !id && Event(eventField) == .published { return ("a published record needs id=, the platform's id of what it made", line.count) }
        return ("not a record", 0)
    }

    private enum Name: UInt8 {
        case post, part, hash, key, id, url, attempt, error, due, cause, settle

        var bit: UInt16 { 1 << rawValue }

        init?(_ bytes: UnsafeBufferPointer<UInt8>) {
            func is_(_ name: StaticString) -> Bool { StateRecord.equal(bytes, name) }
            if is_("post") { self = .post } else if is_("part") { self = .part } else if is_("hash") { self = .hash }
            else if is_("key") { self = .key } else if is_("id") { self = .id } else if is_("url") { self = .url }
            else if is_("attempt") { self = .attempt } else if is_("error") { self = .error } else if is_("due") { self = .due }
            else if is_("cause") { self = .cause } else if is_("settle") { self = .settle } else { return nil }
        }
    }

    private static func equal(_ bytes: UnsafeBufferPointer<UInt8>, _ name: StaticString) -> Bool {
        name.utf8CodeUnitCount == bytes.count && memcmp(name.utf8Start, bytes.baseAddress!, bytes.count) == 0
    }

    /// The space-separated fields of a line, runs of spaces counting as one.
    private struct FieldCursor {
        let bytes: UnsafeBufferPointer<UInt8>
        var position = 0

        init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        mutating func next() -> UnsafeBufferPointer<UInt8>? {
            while position < bytes.count, bytes[position] == UInt8(ascii: " ") { position += 1 }
            guard position < bytes.count else { return nil }
            let start = position
            position = bytes.firstOffset(of: UInt8(ascii: " "), from: start) ?? bytes.count
            return UnsafeBufferPointer(rebasing: bytes[start..<position])
        }
    }

    /// A non-negative decimal; nil for anything else.
    private static func integer(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard !bytes.isEmpty, bytes.count <= 18 else { return nil }
        var value = 0
        for byte in bytes {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    static func encode(_ value: String) -> String {
        // A C1 control, a line or paragraph separator or a bidirectional control (in a platform's
        // error) is a line break or reorders the line in an editor or a diff: encoded whole as well.
        guard value.utf8.contains(where: { $0 == 0xC2 || $0 == 0xE2 }), value.unicodeScalars.contains(where: hidden) else {
            return PercentEncoding.encode(value) { !needsEscape($0) }
        }
        return value.unicodeScalars.map { scalar in
            PercentEncoding.encode(String(scalar)) { byte in !hidden(scalar) && !needsEscape(byte) }
        }.joined()
    }

    private static func hidden(_ scalar: Unicode.Scalar) -> Bool {
        (0x80...0x9F).contains(scalar.value) || (0x2028...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
    }

    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte <= 0x20 || byte == 0x7F || byte == UInt8(ascii: "%") || byte == UInt8(ascii: "=")
    }

    static func decode(_ value: UnsafeBufferPointer<UInt8>) -> String? {
        guard value.firstOffset(of: UInt8(ascii: "%")) != nil else { return String(decoding: value, as: UTF8.self) }
        return PercentEncoding.decode(value).flatMap { String(validating: $0, as: UTF8.self) }
    }
}
