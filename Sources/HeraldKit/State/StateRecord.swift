import Foundation

/// One line of a state shard. The format, version 1:
///
///     herald-state 1 account=acme-mastodon
///     2026-12-01T08:00:01Z intent post=launch part=0 hash=9f2c1e0a1b2c3d4e key=herald-5d1c… attempt=1
///     2026-12-01T08:00:02Z published post=launch part=0 hash=9f2c1e0a1b2c3d4e id=109876 url=https://…
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

    public init(time: Date, event: Event, post: String, part: Int, hash: String? = nil, key: String? = nil,
                remoteID: String? = nil, url: String? = nil, attempt: Int? = nil, error: String? = nil) {
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
    }

    public static let version = 1

    static func header(account: String) -> String { "herald-state \(version) account=\(account)" }

    /// The line, without its newline.
    public var line: String {
        var fields = [TimeParser.utc(time), event.rawValue, "post=" + Self.encode(post), "part=\(part)"]
        if let hash { fields.append("hash=" + Self.encode(hash)) }
        if let key { fields.append("key=" + Self.encode(key)) }
        if let remoteID { fields.append("id=" + Self.encode(remoteID)) }
        if let url { fields.append("url=" + Self.encode(url)) }
        if let attempt { fields.append("attempt=\(attempt)") }
        if let error { fields.append("error=" + Self.encode(error)) }
        return fields.joined(separator: " ")
    }

    /// Parses one line; nil when it is not a record.
    public init?(line: Substring) {
        let fields = line.split(separator: " ", omittingEmptySubsequences: true)
        guard fields.count >= 4, case .success(let time) = TimeParser.instant(fields[0], zone: nil),
              let event = Event(rawValue: String(fields[1])) else { return nil }
        self.init(time: time, event: event, post: "", part: -1)
        for field in fields.dropFirst(2) {
            guard let eq = field.firstIndex(of: "=") else { return nil }
            let name = field[..<eq]
            guard let value = Self.decode(field[field.index(after: eq)...]) else { return nil }
            switch name {
            case "post": post = value
            case "part": guard let n = Int(value), n >= 0 else { return nil }; part = n
            case "hash": hash = value
            case "key": key = value
            case "id": remoteID = value
            case "url": url = value
            case "attempt": attempt = Int(value)
            case "error": error = value
            default: break // fields from a newer herald are kept in the file and ignored here
            }
        }
        guard !post.isEmpty, part >= 0 else { return nil }
    }

    static func encode(_ value: String) -> String {
        guard value.utf8.contains(where: needsEscape) else { return value }
        return String(decoding: encodeBytes(value), as: UTF8.self)
    }

    private static func encodeBytes(_ value: String) -> [UInt8] {
        var out: [UInt8] = []
        let hex = Array("0123456789ABCDEF".utf8)
        for byte in value.utf8 {
            if needsEscape(byte) {
                out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 15)]]
            } else {
                out.append(byte)
            }
        }
        return out
    }

    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte <= 0x20 || byte == 0x7F || byte == UInt8(ascii: "%") || byte == UInt8(ascii: "=")
    }

    static func decode(_ value: Substring) -> String? {
        guard value.contains("%") else { return String(value) }
        var out: [UInt8] = []
        var bytes = value.utf8.makeIterator()
        while let byte = bytes.next() {
            guard byte == UInt8(ascii: "%") else { out.append(byte); continue }
            guard let high = bytes.next(), let low = bytes.next(),
                  let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16) else { return nil }
            out.append(value)
        }
        return String(validating: out, as: UTF8.self)
    }
}
