import Foundation

extension TimeParser {
    /// What is wrong with a time `fields` refused, where it can be told:
    /// a value out of its range (`reason`), or a near miss of the accepted
    /// forms written the way herald reads it (`fix`).
    public struct Mistake: Sendable, Equatable {
        /// Why the date or time does not exist: "February 2026 has 28 days".
        public var reason: String?
        /// The text as it was meant, which parses: "2026-12-01T09:00:00+01:00".
        public var fix: String?
    }

    private static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August",
                                     "September", "October", "November", "December"]

    /// Why `year-month-day` is no date; `nil` when it is one.
    static func dateProblem(year: Int, month: Int, day: Int) -> String? {
        guard years.contains(year) else { return "herald reads years from \(years.lowerBound) to \(years.upperBound)" }
        guard (1...12).contains(month) else { return "there is no month \(month)" }
        guard !valid(year: year, month: month, day: day) else { return nil }
        let days = (28...31).last { valid(year: year, month: month, day: $0) } ?? 31
        return day == 0 ? "days start at 01" : "\(monthNames[month - 1]) \(year) has \(days) days"
    }

    /// The mistake in `text`, a date-time `fields` refused. Recognised:
    /// a day, month, hour, minute, second or offset out of range (24:00 is
    /// moved to the next day's 00:00); an offset written without its colon
    /// (`+0100`) or minutes (`+01`), or after a blank; `UTC` or `GMT` for
    /// `Z`; a zone's name after the time (`Europe/Paris`, `[Europe/Paris]`),
    /// given as the offset that zone has then; a one-digit month, day or
    /// hour; `/` or `.` between the parts of the date; a date without a
    /// time; a date written day or month first; a year of five digits. A mistake
    /// with neither a reason nor a fix is all herald can say. A fix is
    /// offered only when it names an instant, read in `zone` if it has no
    /// offset.
    public static func mistake(in text: String, zone: TimeZone?) -> Mistake {
        func names(_ fix: String) -> Bool {
            if case .success = instant(fix, zone: zone) { return true }
            return false
        }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        // A date alone, and a date written day or month first.
        if localDate(trimmed) != nil {
            return Mistake(reason: "the time of day is missing, as in \(trimmed)T09:00" + (zone == nil ? ":00+01:00" : ""))
        }
        if let problem = dateMistake(in: trimmed) { return Mistake(reason: problem) }
        // A year of more than four digits (10000-01-01T00:00Z, 02026-…).
        if let dash = trimmed.firstIndex(of: "-"), trimmed.distance(from: trimmed.startIndex, to: dash) > 4,
           trimmed[..<dash].allSatisfy({ $0.isASCII && $0.isNumber }) {
            return Mistake(reason: "a year has four digits" + (trimmed.hasPrefix("0") ? "" : " (herald reads years from \(years.lowerBound) to \(years.upperBound))"))
        }
        if let mistake = yearLast(trimmed, zone: zone) { return mistake }
        if let mistake = zoneNamed(in: trimmed) { return mistake }
        if let mistake = zoneAbbreviated(in: trimmed, names: names) { return mistake }
        var t = Array(trimmed.utf8)
        func isDigit(_ i: Int) -> Bool { i < t.count && t[i] >= 48 && t[i] <= 57 }
        // A one-digit month or day: 2026-12-1T09:00.
        if t.count > 6, t[4] == UInt8(ascii: "-"), (0..<4).allSatisfy(isDigit) {
            if isDigit(5), !isDigit(6) { t.insert(UInt8(ascii: "0"), at: 5) }
            if t.count > 8, t[7] == UInt8(ascii: "-"), isDigit(8), !isDigit(9) { t.insert(UInt8(ascii: "0"), at: 8) }
        }
        // The date's separators, and a one-digit hour.
        if t.count > 10, t[4] == t[7], t[4] == UInt8(ascii: "/") || t[4] == UInt8(ascii: ".") {
            t[4] = UInt8(ascii: "-")
            t[7] = UInt8(ascii: "-")
        }
        if t.count > 12, isDigit(11), t[12] == UInt8(ascii: ":") { t.insert(UInt8(ascii: "0"), at: 11) }
        // The zone: a name for UTC, a blank before the offset, an offset cut short.
        for name in [" UTC", " GMT", "UTC", "GMT", " Z"] where t.count > 16 && t.suffix(name.utf8.count).elementsEqual(name.utf8) {
            t.removeLast(name.utf8.count)
            t.append(UInt8(ascii: "Z"))
            break
        }
        if let sign = t.indices.dropFirst(16).last(where: { t[$0] == UInt8(ascii: "+") || t[$0] == UInt8(ascii: "-") }) {
            var blank = sign
            while blank > 16, t[blank - 1] == UInt8(ascii: " ") { blank -= 1 }
            t.removeSubrange(blank..<sign)
            let digits = t.count - blank - 1
            if digits == 4, (blank + 1..<t.count).allSatisfy(isDigit) { t.insert(UInt8(ascii: ":"), at: blank + 3) }
            if digits == 2, (blank + 1..<t.count).allSatisfy(isDigit) { t += Array(":00".utf8) }
        }
        let repaired = String(decoding: t, as: UTF8.self)
        // Values out of range, read from the shape `fields` expects.
        let f = t.withUnsafeBufferPointer { b -> (y: Int, mo: Int, d: Int, h: Int, mi: Int, s: Int)? in
            guard b.count >= 16, let y = digits(b, 0, 4), b[4] == UInt8(ascii: "-"), let mo = digits(b, 5, 2),
                  b[7] == UInt8(ascii: "-"), let d = digits(b, 8, 2), let h = digits(b, 11, 2),
                  b[13] == UInt8(ascii: ":"), let mi = digits(b, 14, 2) else { return nil }
            let s = b.count >= 19 && b[16] == UInt8(ascii: ":") ? digits(b, 17, 2) ?? 0 : 0
            return (y, mo, d, h, mi, s)
        }
        if let f {
            if let problem = dateProblem(year: f.y, month: f.mo, day: f.d) { return Mistake(reason: problem) }
            if f.h == 24, f.mi == 0, f.s == 0 {
                // The end of a day is the start of the next.
                let (y, mo, d) = civil(fromDays: days(year: f.y, month: f.mo, day: f.d) + 1)
                func padded(_ n: Int, _ width: Int) -> String { String(repeating: "0", count: max(0, width - String(n).count)) + String(n) }
                let day = padded(y, 4) + "-" + padded(mo, 2) + "-" + padded(d, 2) + String(UnicodeScalar(t[10])) + "00"
                let fix = day + String(decoding: t[13...], as: UTF8.self)
                return Mistake(reason: "24:00 is written as 00:00 of the next day", fix: names(fix) ? fix : nil)
            }
            if f.h > 23 { return Mistake(reason: "hours run from 00 to 23") }
            if f.mi > 59 { return Mistake(reason: "minutes run from 00 to 59") }
            if f.s == 60 { return Mistake(reason: "herald does not take a leap second (:60); write :59, or the next minute's :00") }
            if f.s > 59 { return Mistake(reason: "seconds run from 00 to 59") }
            // An offset out of range: ±HH:MM at the end.
            if t.count >= 22, t[t.count - 6] == UInt8(ascii: "+") || t[t.count - 6] == UInt8(ascii: "-"), t[t.count - 3] == UInt8(ascii: ":"),
               let oh = t.withUnsafeBufferPointer({ digits($0, t.count - 5, 2) }), let om = t.withUnsafeBufferPointer({ digits($0, t.count - 2, 2) }) {
                if oh > 23 { return Mistake(reason: "an offset's hours run from 00 to 23") }
                if om > 59 { return Mistake(reason: "an offset's minutes run from 00 to 59") }
            }
        }
        return Mistake(fix: repaired != text && names(repaired) ? repaired : nil)
    }

    /// Zone abbreviations that name one offset the world over, with a zone
    /// that keeps them (`CST`, `BST` and `IST` name several, and are left out).
    static let abbreviations: [String: (offset: String, zone: String)] = [
        "PST": ("-08:00", "America/Los_Angeles"), "PDT": ("-07:00", "America/Los_Angeles"),
        "MST": ("-07:00", "America/Denver"), "MDT": ("-06:00", "America/Denver"), "CDT": ("-05:00", "America/Chicago"),
        "EST": ("-05:00", "America/New_York"), "EDT": ("-04:00", "America/New_York"),
        "AKST": ("-09:00", "America/Anchorage"), "AKDT": ("-08:00", "America/Anchorage"), "HST": ("-10:00", "Pacific/Honolulu"),
        "WET": ("+00:00", "Europe/Lisbon"), "WEST": ("+01:00", "Europe/Lisbon"), "CET": ("+01:00", "Europe/Berlin"),
        "CEST": ("+02:00", "Europe/Berlin"), "EET": ("+02:00", "Europe/Athens"), "EEST": ("+03:00", "Europe/Athens"),
        "MSK": ("+03:00", "Europe/Moscow"), "JST": ("+09:00", "Asia/Tokyo"), "KST": ("+09:00", "Asia/Seoul"),
        "AEST": ("+10:00", "Australia/Sydney"), "AEDT": ("+11:00", "Australia/Sydney"),
        "NZST": ("+12:00", "Pacific/Auckland"), "NZDT": ("+13:00", "Pacific/Auckland"),
    ]

    /// A time followed by a zone's abbreviation (`2026-12-20T09:00 PST`):
    /// its offset, after the same date and time, with the zone that keeps
    /// it for a time that follows daylight saving. (Before, the hint was a
    /// fixed example, and copied, a post went out on that day.)
    static func zoneAbbreviated(in text: String, names: (String) -> Bool) -> Mistake? {
        guard let blank = text.lastIndex(of: " ") else { return nil }
        let written = String(text[text.index(after: blank)...])
        guard let (offset, zone) = abbreviations[written.uppercased()] else { return nil }
        let time = text[..<blank].trimmingCharacters(in: .whitespaces)
        let fix = [time + offset, time + ":00" + offset].first(where: names)
        // Written for the other season (CEST in December), it is an hour off the zone's time that day: said.
        var season = ""
        if let fix, case .success(let instant) = instant(fix, zone: nil), let named = TimeZone(identifier: zone) {
            let seconds = named.secondsFromGMT(for: instant)
            if seconds != offsetSeconds(offset) {
                let hours = abs(seconds) / 3600, minutes = abs(seconds) % 3600 / 60
                season = "; on that day \(zone) is at \(seconds < 0 ? "-" : "+")\(String(format: "%02d:%02d", hours, minutes)), not \(offset)"
            }
        }
        return Mistake(reason: "'\(written)' is a zone's abbreviation, which herald does not read: its offset is \(offset)\(season)"
                           + " (for a time that follows daylight saving, set timezone: \(zone) in herald.yaml and leave the offset out)", fix: fix)
    }

    /// `+02:00` in seconds.
    private static func offsetSeconds(_ offset: String) -> Int {
        let digits = offset.dropFirst().split(separator: ":").compactMap { Int($0) }
        let seconds = (digits.first ?? 0) * 3600 + (digits.dropFirst().first ?? 0) * 60
        return offset.hasPrefix("-") ? -seconds : seconds
    }

    /// A time followed by a zone's name, `2026-12-01T09:00 Europe/Paris`
    /// or `2026-12-01T09:00:00+01:00[Europe/Paris]`: herald takes an
    /// offset, or reads a local time in herald.yaml's timezone.
    private static func zoneNamed(in text: String) -> Mistake? {
        let name: Substring, time: Substring
        if text.hasSuffix("]"), let open = text.lastIndex(of: "[") {
            (time, name) = (text[..<open], text[text.index(after: open)..<text.index(before: text.endIndex)])
        } else if let blank = text.lastIndex(of: " ") {
            (time, name) = (text[..<blank].trimmingCharacters(in: .whitespaces)[...], text[text.index(after: blank)...])
        } else {
            return nil
        }
        guard name.contains("/"), name.first?.isLetter == true, name.allSatisfy({ $0.isLetter || "/_-+0123456789".contains($0) }),
              time.count >= 16 else { return nil }
        if case .success = instant(String(time), zone: nil) {
            // It has its offset already: the name only repeats it.
            return Mistake(reason: "a zone's name cannot follow the time, only its offset", fix: String(time))
        }
        // The time read in the zone it names, written with that zone's offset then.
        guard let named = TimeZone(identifier: String(name)), case .success(let date) = instant(String(time), zone: named) else {
            return Mistake(reason: "a zone's name cannot follow the time, only its offset, as in 2026-12-01T09:00:00+01:00")
        }
        return Mistake(reason: "a zone's name cannot follow the time, only its offset", fix: format(date, zone: named, offset: nil))
    }

    /// A date-time whose date is written with the year last (`20.11.2026
    /// 09:00`, `11/20/2026`): the date or dates it can be, year first. Read
    /// day first and month first; `nil` when neither is a date.
    private static func yearLast(_ text: String, zone: TimeZone?) -> Mistake? {
        let b = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= b.count, !range.isEmpty else { return nil }
            return b[range].allSatisfy { $0 >= 48 && $0 <= 57 } ? Int(String(decoding: b[range], as: UTF8.self)) : nil
        }
        // d/m/yyyy: one or two digits, a separator, one or two digits, the same separator, four digits.
        guard let first = b.firstIndex(where: { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }),
              (1...2).contains(first), let a = number(0..<first) else { return nil }
        let separator = b[first]
        guard let second = b[(first + 1)...].firstIndex(of: separator), (1...2).contains(second - first - 1),
              let c = number((first + 1)..<second), let year = number((second + 1)..<(second + 5)) else { return nil }
        let rest = String(decoding: b[(second + 5)...], as: UTF8.self)
        guard rest.isEmpty || rest.hasPrefix(" ") || rest.hasPrefix("T") else { return nil }
        func padded(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let dates = [(month: c, day: a), (month: a, day: c)]
            .filter { valid(year: year, month: $0.month, day: $0.day) }
            .map { "\(year)-\(padded($0.month))-\(padded($0.day))" }
        let readings = dates.first == dates.last ? Array(dates.prefix(1)) : dates
        // Each reading with the time as written, mended when that is all that is wrong with it.
        let written = readings.map { date -> (text: String, names: Bool) in
            let whole = date + rest
            if case .success = instant(whole, zone: zone) { return (whole, true) }
            if let fix = mistake(in: whole, zone: zone).fix { return (fix, true) }
            return (whole, false)
        }
        switch written.count {
        case 1 where written[0].names:
            return Mistake(reason: "dates are written year first", fix: written[0].text)
        case 1:
            return Mistake(reason: "dates are written year first, as in \(readings[0])")
        case 2:
            return Mistake(reason: "dates are written year first: \(written[0].text) if the day comes first, \(written[1].text) if the month does")
        default:
            return nil
        }
    }

    /// The mistake in `text`, a date `localDate` refused: a day or month
    /// out of range.
    public static func dateMistake(in text: String) -> String? {
        let b = Array(text.utf8)
        return b.withUnsafeBufferPointer { b in
            guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
                  let y = digits(b, 0, 4), let m = digits(b, 5, 2), let d = digits(b, 8, 2) else { return nil }
            return dateProblem(year: y, month: m, day: d)
        }
    }
}
