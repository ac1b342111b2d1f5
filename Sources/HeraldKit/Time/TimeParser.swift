import Foundation

/// Parses the times users write: RFC 3339 with an offset, or a local
/// date-time read in an IANA time zone. Pure arithmetic for the common case
/// (an explicit offset), Foundation's zone data for local times.
public enum TimeParser {
    public struct Fields: Sendable, Equatable {
        var year, month, day, hour, minute, second: Int
        var nanos: Int
        /// Seconds east of UTC, when the text carried an offset.
        var offset: Int?
    }

    public enum Failure: Error, Equatable, Sendable {
        case malformed
        case noZone
        case unknownZone(String)
        /// A local time skipped by a DST change: the instants just before and after the gap.
        case nonexistent(String, String)
        /// A local time that happens twice: both instants.
        case ambiguous(String, String)

        /// The two instants to choose between, for a local time at a daylight-saving change.
        public var candidates: (String, String)? {
            switch self {
            case .nonexistent(let a, let b), .ambiguous(let a, let b): (a, b)
            case .malformed, .noZone, .unknownZone: nil
            }
        }

        /// What is wrong with `subject` (`publish_at '…'`, `--at '…'`), read in
        /// `zone`; `zoneProblem` is where herald.yaml's time zone could not be read, if so.
        public func describe(_ subject: String, zone: TimeZone?, zoneProblem: SourceLocation? = nil) -> String {
            let zoneName = zone?.identifier ?? "the time zone"
            return switch self {
            case .malformed: "\(subject) is not a date-time"
            case .noZone:
                zoneProblem.map { "\(subject) has no UTC offset, and herald.yaml's timezone cannot be used: see \($0)" }
                    ?? "\(subject) has no UTC offset and herald.yaml sets no timezone"
            case .unknownZone(let name): "unknown time zone '\(name)'"
            case .nonexistent: "\(subject) does not exist in \(zoneName): the clocks skip it at \(change(in: zone))"
            case .ambiguous: "\(subject) happens twice in \(zoneName) at \(change(in: zone))"
            }
        }

        /// What moved the clocks: daylight saving starting or ending, or the
        /// zone's offset itself (Samoa skipping 2011-12-30 for the other side
        /// of the date line; Nepal going from +05:30 to +05:45).
        private func change(in zone: TimeZone?) -> String {
            guard let zone, let (a, b) = candidates, case .success(let before) = TimeParser.instant(a, zone: nil),
                  case .success(let after) = TimeParser.instant(b, zone: nil),
                  zone.isDaylightSavingTime(for: before) == zone.isDaylightSavingTime(for: after) else { return "a daylight-saving change" }
            return "a change of its UTC offset"
        }
    }

    /// `2026-11-25`.
    public static func localDate(_ text: some StringProtocol) -> LocalDate? {
        text.withUTF8Bytes { b in localDate(bytes: b) }
    }

    private static func localDate(bytes b: UnsafeBufferPointer<UInt8>) -> LocalDate? {
        guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
              let y = digits(b, 0, 4), let m = digits(b, 5, 2), let d = digits(b, 8, 2),
              valid(year: y, month: m, day: d) else { return nil }
        return LocalDate(year: y, month: m, day: d)
    }

    /// `2026-12-01T09:00:00+01:00`, `…Z`, `2026-12-01 09:00`, with optional
    /// seconds and fraction; the offset is optional.
    public static func fields(_ text: some StringProtocol) -> Fields? {
        text.withUTF8Bytes { b in fields(bytes: b) }
    }

    /// Works on the text's own UTF-8 storage: this runs for every state
    /// record and every publish_at, so it must not allocate.
    static func fields(bytes b: UnsafeBufferPointer<UInt8>) -> Fields? {
        guard b.count >= 16, let y = digits(b, 0, 4), b[4] == UInt8(ascii: "-"), let mo = digits(b, 5, 2),
              b[7] == UInt8(ascii: "-"), let d = digits(b, 8, 2),
              b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: "t") || b[10] == UInt8(ascii: " "),
              let h = digits(b, 11, 2), b[13] == UInt8(ascii: ":"), let mi = digits(b, 14, 2) else { return nil }
        var i = 16
        var s = 0
        var nanos = 0
        if i < b.count, b[i] == UInt8(ascii: ":") {
            guard let sec = digits(b, i + 1, 2) else { return nil }
            s = sec
            i += 3
            if i < b.count, b[i] == UInt8(ascii: ".") {
                i += 1
                var scale = 100_000_000
                let start = i
                while i < b.count, let digit = digitValue(b[i]) {
                    nanos += digit * scale
                    scale /= 10
                    i += 1
                }
                if i == start { return nil }
            }
        }
        var offset: Int?
        if i < b.count {
            switch b[i] {
            case UInt8(ascii: "Z"), UInt8(ascii: "z"):
                offset = 0
                i += 1
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                guard b.count >= i + 6, let oh = digits(b, i + 1, 2), b[i + 3] == UInt8(ascii: ":"),
                      let om = digits(b, i + 4, 2), oh < 24, om < 60 else { return nil }
                offset = (oh * 3600 + om * 60) * (b[i] == UInt8(ascii: "-") ? -1 : 1)
                i += 6
            default:
                return nil
            }
        }
        guard i == b.count, valid(year: y, month: mo, day: d), h < 24, mi < 60, s < 60 else { return nil }
        return Fields(year: y, month: mo, day: d, hour: h, minute: mi, second: s, nanos: nanos, offset: offset)
    }

    /// The instant a `publish_at` names. Local times need `zone`.
    public static func instant(_ text: some StringProtocol, zone: TimeZone?) -> Result<Date, Failure> {
        guard let f = fields(text) else { return .failure(.malformed) }
        return instant(f, zone: zone)
    }

    /// The instant a `publish_at` or `--at` names, in whole seconds: herald
    /// shows times so, and a fraction of a second written is dropped, that
    /// what is due is what the plan shows due.
    public static func wholeSecond(_ text: some StringProtocol, zone: TimeZone?) -> Result<Date, Failure> {
        guard var f = fields(text) else { return .failure(.malformed) }
        f.nanos = 0
        return instant(f, zone: zone)
    }

    /// The instant of a time written with its offset (`…Z`, `…+01:00`), read
    /// in place from UTF-8 bytes; nil for anything else.
    static func instant(bytes: UnsafeBufferPointer<UInt8>) -> Date? {
        guard let f = fields(bytes: bytes), let offset = f.offset else { return nil }
        return Date(timeIntervalSince1970: Double(localSeconds(f) - offset) + Double(f.nanos) / 1e9)
    }

    static func instant(_ f: Fields, zone: TimeZone?) -> Result<Date, Failure> {
        let local = localSeconds(f)
        let fraction = Double(f.nanos) / 1e9
        if let offset = f.offset {
            return .success(Date(timeIntervalSince1970: Double(local - offset) + fraction))
        }
        guard let zone else { return .failure(.noZone) }
        // The offsets in force a day either side bracket any DST change.
        let before = zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(local - 86_400)))
        let after = zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(local + 86_400)))
        let candidates = Set([before, after]).sorted(by: >).map { local - $0 }.filter { t in
            zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(t))) + t == local
        }
        switch candidates.count {
        case 1:
            return .success(Date(timeIntervalSince1970: Double(candidates[0]) + fraction))
        case 0:
            // In the gap: the wall-clock time read with the offset before and after the change.
            return .failure(.nonexistent(
                format(Date(timeIntervalSince1970: Double(local - before)), zone: zone, offset: before),
                format(Date(timeIntervalSince1970: Double(local - after)), zone: zone, offset: after)))
        default:
            let a = Date(timeIntervalSince1970: Double(candidates[0]))
            let b = Date(timeIntervalSince1970: Double(candidates[1]))
            return .failure(.ambiguous(format(a, zone: zone, offset: nil), format(b, zone: zone, offset: nil)))
        }
    }

    /// The offset a time was written with, when written as one (`+01:00`,
    /// `+00:00`), not as `Z`.
    static func numericOffset(bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let last = bytes.last, last != UInt8(ascii: "Z") && last != UInt8(ascii: "z") else { return nil }
        return fields(bytes: bytes)?.offset
    }

    /// RFC 3339 with seconds and the offset written as a number, `+00:00` for UTC.
    static func format(_ date: Date, numericOffset offset: Int) -> String {
        let text = format(date, zone: nil, offset: offset)
        return offset == 0 && text.hasSuffix("Z") ? text.dropLast() + "+00:00" : text
    }

    /// RFC 3339 in UTC with seconds: `2026-12-01T08:00:00Z`.
    public static func utc(_ date: Date) -> String {
        format(date, zone: nil, offset: 0)
    }

    /// RFC 3339 with the zone's offset at that instant (or a given offset).
    /// Written digit by digit: plans format a time for nearly every item.
    public static func format(_ date: Date, zone: TimeZone?, offset: Int?) -> String {
        format(date, zone: zone, offset: offset, after: "")
    }

    /// `prefix` and the formatted time, written in one allocation: plans
    /// say "published <time>" for nearly every item.
    static func format(_ date: Date, zone: TimeZone?, offset: Int?, after prefix: StaticString) -> String {
        let off = offset ?? zone?.secondsFromGMT(for: date) ?? 0
        let seconds = Int(date.timeIntervalSince1970.rounded(.down)) + off
        var days = seconds / 86_400
        var rest = seconds % 86_400
        if rest < 0 { rest += 86_400; days -= 1 }
        let (y, m, d) = civil(fromDays: days)
        guard (0...9999).contains(y) else {
            return prefix.description + String(format: "%d-%02d-%02dT%02d:%02d:%02dZ", y, m, d, rest / 3600, rest % 3600 / 60, rest % 60)
        }
        let utc = off == 0 && offset == 0
        let p = prefix.utf8CodeUnitCount
        return String(unsafeUninitializedCapacity: p + 25) { out in
            UnsafeMutableRawBufferPointer(out).copyMemory(from: UnsafeRawBufferPointer(start: prefix.utf8Start, count: p))
            // The time is written at `b`, after the prefix.
            let b = UnsafeMutableBufferPointer(rebasing: out[p...])
            func put(_ value: Int, _ width: Int, at index: Int) {
                var v = value
                for k in stride(from: index + width - 1, through: index, by: -1) {
                    b[k] = UInt8(ascii: "0") + UInt8(v % 10)
                    v /= 10
                }
            }
            put(y, 4, at: 0); b[4] = UInt8(ascii: "-"); put(m, 2, at: 5); b[7] = UInt8(ascii: "-"); put(d, 2, at: 8)
            b[10] = UInt8(ascii: "T"); put(rest / 3600, 2, at: 11); b[13] = UInt8(ascii: ":")
            put(rest % 3600 / 60, 2, at: 14); b[16] = UInt8(ascii: ":"); put(rest % 60, 2, at: 17)
            if utc {
                b[19] = UInt8(ascii: "Z")
                return p + 20
            }
            let a = abs(off)
            b[19] = off < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+")
            put(a / 3600, 2, at: 20); b[22] = UInt8(ascii: ":"); put(a % 3600 / 60, 2, at: 23)
            return p + 25
        }
    }

    // MARK: - Calendar arithmetic (proleptic Gregorian, Howard Hinnant's algorithms)

    static func localSeconds(_ f: Fields) -> Int {
        days(year: f.year, month: f.month, day: f.day) * 86_400 + f.hour * 3600 + f.minute * 60 + f.second
    }

    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civil(fromDays z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// Years herald reads: no post is due before the epoch, and past 9998
    /// a time in another zone would need a fifth digit.
    static let years = 1970...9998

    /// Whether an instant's UTC year is one herald reads back: a local time
    /// of 1970 or 9998 may fall in 1969 or 9999 there.
    static func inReadableYears(_ date: Date) -> Bool {
        date.timeIntervalSince1970 >= 0 && date.timeIntervalSince1970 < 253_370_764_800  // 9999-01-01T00:00:00Z
    }

    static func valid(year: Int, month: Int, day: Int) -> Bool {
        guard years.contains(year), (1...12).contains(month), day >= 1 else { return false }
        let lengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        return day <= (month == 2 && leap ? 29 : lengths[month - 1])
    }

    private static func digitValue(_ c: UInt8) -> Int? {
        c >= 48 && c <= 57 ? Int(c - 48) : nil
    }

    static func digits(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ count: Int) -> Int? {
        guard start + count <= b.count else { return nil }
        var value = 0
        for i in start..<(start + count) {
            guard let d = digitValue(b[i]) else { return nil }
            value = value * 10 + d
        }
        return value
    }
}
