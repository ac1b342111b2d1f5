import Foundation
import Testing
import HeraldTestSupport
@testable import HeraldKit

/// The rules for publish_at and herald.yaml's timezone: local times, daylight-saving
/// changes, zones herald refuses, and mistakes named with what was meant.
@Suite struct TimeValidationTests {
    /// RFC 3339 as the parser reads it: 2000 had a February 29th and 2100
    /// will not; a fraction's dot has digits after it.
    @Test func theParserKeepsTheCalendarAndTheFormat() {
        #expect(TimeParser.fields("2000-02-29T10:00:00Z") != nil)
        #expect(TimeParser.fields("2100-02-29T10:00:00Z") == nil)
        #expect(TimeParser.fields("2026-12-01T09:00:00.5Z")?.nanos == 500_000_000)
        #expect(TimeParser.fields("2026-12-01T09:00:00.Z") == nil)
        #expect(TimeParser.fields("2026-12-01T09:00:00.+01:00") == nil)
    }

    @Test func localTimeNeedsZone() throws {
        let repo = try TempRepository(["posts/a.yaml": "publish_at: 2026-12-01T09:00\naccounts: [acme-x]\ntext: hi\n"])
        #expect(repo.diagnostics() == [
            "posts/a.yaml:1:13: error: publish_at '2026-12-01T09:00' has no UTC offset and herald.yaml sets no timezone (add an offset such as +01:00, or set 'timezone: Europe/Berlin' in herald.yaml)",
        ])
    }

    @Test func localTimeInZone() throws {
        let repo = try TempRepository([
            "herald.yaml": "timezone: Europe/Berlin\n",
            "posts/a.yaml": "publish_at: 2026-12-01T09:00\naccounts: [acme-x]\ntext: hi\n",
        ])
        #expect(repo.diagnostics() == [])
        #expect(repo.load().posts[0].publishAt.map { TimeParser.utc($0.value) } == "2026-12-01T08:00:00Z")
    }

    /// A publish_at of 1970 or 9998, the years herald reads, may fall in
    /// 1969 or 9999 in UTC, as the state records it: an error at the value.
    /// Before, it was published and its record, unreadable, blocked every
    /// later post of the account.
    @Test func aTimeOutsideTheReadableYearsInUTCIsAnError() throws {
        let repo = try TempRepository([
            "herald.yaml": "timezone: America/New_York\n",
            "posts/late.yaml": "publish_at: 9998-12-31T20:00\naccounts: [acme-x]\ntext: hi\n",
            "posts/early.yaml": "publish_at: 1970-01-01T05:00:00+09:00\naccounts: [acme-x]\ntext: hi\n",
            "posts/edge.yaml": "publish_at: 9998-12-31T18:59:59\naccounts: [acme-x]\ntext: hi\n",
        ])
        #expect(repo.diagnostics() == [
            "posts/early.yaml:1:13: error: publish_at '1970-01-01T05:00:00+09:00' is 1969-12-31T20:00:00Z in UTC, outside the years herald reads (1970 to 9998) (write a time from 1970-01-01T00:00:00Z on)",
            "posts/late.yaml:1:13: error: publish_at '9998-12-31T20:00' is 9999-01-01T01:00:00Z in UTC, outside the years herald reads (1970 to 9998) (write a time before 9999-01-01T00:00:00Z)",
        ])
    }

    @Test func nonexistentLocalTimeNamesBothCandidates() throws {
        let repo = try TempRepository([
            "herald.yaml": "timezone: Europe/Berlin\n",
            "posts/a.yaml": "publish_at: 2026-03-29T02:30:00\naccounts: [acme-x]\ntext: hi\n",
        ])
        #expect(repo.diagnostics() == [
            "posts/a.yaml:1:13: error: publish_at '2026-03-29T02:30:00' does not exist in Europe/Berlin: the clocks skip it at a daylight-saving change (write 2026-03-29T02:30:00+01:00 or 2026-03-29T02:30:00+02:00 explicitly)",
        ])
    }

    @Test func ambiguousLocalTimeNamesBothCandidates() throws {
        let repo = try TempRepository([
            "herald.yaml": "timezone: Europe/Berlin\n",
            "posts/a.yaml": "publish_at: 2026-10-25T02:30\naccounts: [acme-x]\ntext: hi\n",
        ])
        #expect(repo.diagnostics() == [
            "posts/a.yaml:1:13: error: publish_at '2026-10-25T02:30' happens twice in Europe/Berlin at a daylight-saving change (write 2026-10-25T02:30:00+02:00 or 2026-10-25T02:30:00+01:00 explicitly)",
        ])
    }

    /// Foundation takes abbreviations and offsets too; BST reads as
    /// Bangladesh, so a London team's posts would go out five hours early.
    @Test(arguments: [("BST", "UTC+06:00"), ("UTC+2", "UTC+02:00"), ("IST", "UTC+05:30")])
    func timeZoneAbbreviationsAreRefused(zone: String, reading: String) throws {
        let lower = try TempRepository(["herald.yaml": "timezone: utc\n"])
        #expect(lower.diagnostics() == ["herald.yaml:1:11: error: unknown time zone 'utc' (did you mean 'UTC'?)"])
        let repo = try TempRepository(["herald.yaml": "timezone: \(zone)\n"])
        #expect(repo.diagnostics() == ["herald.yaml:1:11: error: time zone '\(zone)' is an abbreviation or an offset, not an IANA name "
            + "(this system reads it as \(reading) today) (use an IANA name such as Europe/London, America/New_York, or UTC)"])
    }

    /// UTC's other IANA names (UCT, Universal, Zulu) are IANA names too.
    @Test(arguments: ["UTC", "GMT", "Europe/London", "America/Argentina/Buenos_Aires", "Etc/GMT", "Etc/GMT+0", "UCT", "Universal", "Zulu", "GMT0"])
    func ianaTimeZonesAreTaken(zone: String) throws {
        let repo = try TempRepository(["herald.yaml": "timezone: \(zone)\n"])
        #expect(repo.diagnostics() == [])
        #expect(repo.load().timeZone != nil)
    }

    /// `Etc/GMT+2` is two hours behind UTC (POSIX's sign), which its writer
    /// seldom means: taken, with a warning that says which way it goes.
    @Test func etcGMTZonesWarnOfTheirSign() throws {
        let repo = try TempRepository(["herald.yaml": "timezone: Etc/GMT+2\n"])
        #expect(repo.diagnostics() == ["herald.yaml:1:11: warning: time zone 'Etc/GMT+2' is UTC-02:00: in these names the sign is the other way round, "
            + "behind UTC for '+' (if UTC+02:00 was meant, write Etc/GMT-2, or a city's zone such as Europe/Berlin)"])
        #expect(repo.load().timeZone?.secondsFromGMT() == -7200)
        // Etc/GMT-14 has no Etc/GMT+14 to turn into: no zone is 14 hours behind UTC.
        let far = try TempRepository(["herald.yaml": "timezone: Etc/GMT-14\n"])
        #expect(far.diagnostics() == ["herald.yaml:1:11: warning: time zone 'Etc/GMT-14' is UTC+14:00: in these names the sign is the other way round, "
            + "behind UTC for '+' (no zone is at UTC-14:00; if UTC+14:00 is meant, a city's zone there reads more plainly)"])
    }

    /// A local time skipped or repeated by a change of the zone's offset
    /// that is not daylight saving is said to be so.
    @Test func anOffsetChangeThatIsNotDaylightSavingIsCalledSo() throws {
        for (zone, time) in [("Pacific/Apia", "2011-12-30T12:00"), ("Asia/Kathmandu", "1986-01-01T00:10")] {
            let repo = try TempRepository(["herald.yaml": "timezone: \(zone)\n", "posts/a.yaml": "publish_at: \(time)\naccounts: [acme-x]\ntext: hi\n"])
            let said = repo.diagnostics().first ?? ""
            #expect(said.contains("does not exist in \(zone): the clocks skip it at a change of its UTC offset"), "\(said)")
        }
    }

    /// herald counts time in whole seconds, as it shows times: a fraction
    /// written in publish_at is dropped, so that a post the plan shows due
    /// at the second it plans for is due.
    @Test func aFractionOfASecondIsDropped() throws {
        let repo = try TempRepository(["posts/a.yaml": "publish_at: 2026-12-24T09:00:00.999999999999Z\naccounts: [acme-x]\ntext: hi\n"])
        #expect(repo.diagnostics() == [])
        #expect(repo.load().posts[0].publishAt.map { $0.value.timeIntervalSince1970 } == 1_798_102_800)
    }

    @Test func unknownTimeZone() throws {
        let repo = try TempRepository(["herald.yaml": "timezone: Europe/Berlinn\n"])
        #expect(repo.diagnostics() == ["herald.yaml:1:11: error: unknown time zone 'Europe/Berlinn' (did you mean 'Europe/Berlin'?)"])
    }

    /// A local publish_at names herald.yaml's timezone that cannot be used
    /// (unknown, an abbreviation, not a string, or herald.yaml unreadable)
    /// rather than say herald.yaml sets none.
    @Test(arguments: [
        ("timezone: Z\n", "herald.yaml:1:11: error: unknown time zone 'Z' (did you mean 'UTC'?)", "herald.yaml:1:11"),
        ("timezone: [Europe/Berlin]\n", "herald.yaml:1:11: error: timezone must be a string, found a list", "herald.yaml:1:11"),
        ("timezone: Europe/Berlin\nmax_attempts: [\n", "herald.yaml:2:15: error: YAML syntax error: the file ends inside this list: its closing ']' is missing", "herald.yaml:2:15"),
    ])
    func aTimeZoneThatCannotBeUsedIsNamed(settings: String, problem: String, at: String) throws {
        let repo = try TempRepository(["herald.yaml": settings, "posts/a.yaml": "publish_at: 2026-12-01T09:00\naccounts: [acme-x]\ntext: hi\n"])
        #expect(repo.diagnostics() == [
            problem,
            "posts/a.yaml:1:13: error: publish_at '2026-12-01T09:00' has no UTC offset, and herald.yaml's timezone cannot be used: see \(at) (fix it there, or add an offset such as +01:00)",
        ])
    }

    /// A publish_at that is nearly right is written back as herald reads
    /// it; a date or time that does not exist says why. A fix is offered only
    /// when it names an instant: a local time needs herald.yaml's timezone.
    @Test(arguments: [
        ("2026-11-20T09:00:00+0100", "is not a date-time (write it as 2026-11-20T09:00:00+01:00)"),
        ("2026-11-20T09:00:00 +01:00", "is not a date-time (write it as 2026-11-20T09:00:00+01:00)"),
        ("2026-11-20T09:00:00+01", "is not a date-time (write it as 2026-11-20T09:00:00+01:00)"),
        ("2026-11-20 9:00 UTC", "is not a date-time (write it as 2026-11-20 09:00Z)"),
        ("2026-11-20T09:00GMT", "is not a date-time (write it as 2026-11-20T09:00Z)"),
        ("2026/11/20 09:00", "is not a date-time (write it as 2026-11-20 09:00)"),
        ("2026-12-31T24:00:00+0100", "is not a date-time: 24:00 is written as 00:00 of the next day (write it as 2027-01-01T00:00:00+01:00)"),
        ("2026-02-29T10:00", "is not a date-time: February 2026 has 28 days"),
        // A century is a leap year only every 400 years (2000 was one; the parser's check below).
        ("2100-02-29T10:00", "is not a date-time: February 2100 has 28 days"),
        ("2028-02-30T10:00", "is not a date-time: February 2028 has 29 days"),
        ("2026-13-01T10:00", "is not a date-time: there is no month 13"),
        ("2026-11-00T10:00", "is not a date-time: days start at 01"),
        ("2026-11-20T25:00Z", "is not a date-time: hours run from 00 to 23"),
        ("2026-11-20T09:60Z", "is not a date-time: minutes run from 00 to 59"),
        ("2026-11-20T09:00:61Z", "is not a date-time: seconds run from 00 to 59"),
        ("2016-12-31T23:59:60Z", "is not a date-time: herald does not take a leap second (:60); write :59, or the next minute's :00"),
        ("2026-11-20T09:00:00+24:00", "is not a date-time: an offset's hours run from 00 to 23"),
        ("2026-11-20T09:00:00-05:60", "is not a date-time: an offset's minutes run from 00 to 59"),
        ("2026-11-2T09:00:00+01:00", "is not a date-time (write it as 2026-11-02T09:00:00+01:00)"),
        ("2026-1-5T9:00", "is not a date-time (write it as 2026-01-05T09:00)"),
        // A zone's name: the time read in that zone, with its offset then (New York is on EST in November, EDT in July).
        ("2026-11-20T09:00 America/New_York", "is not a date-time: a zone's name cannot follow the time, only its offset (write it as 2026-11-20T09:00:00-05:00)"),
        ("2026-07-20T09:00:00 America/New_York", "is not a date-time: a zone's name cannot follow the time, only its offset (write it as 2026-07-20T09:00:00-04:00)"),
        ("2026-11-20T09:00:00+01:00[Europe/Paris]", "is not a date-time: a zone's name cannot follow the time, only its offset (write it as 2026-11-20T09:00:00+01:00)"),
        ("2026-11-20T09:00 Mars/Olympus", "is not a date-time: a zone's name cannot follow the time, only its offset, as in 2026-12-01T09:00:00+01:00"),
        ("2026-11-20", "is not a date-time: the time of day is missing, as in 2026-11-20T09:00"),
        ("2026-11-31", "is not a date-time: November 2026 has 30 days"),
        // Past 9998 a time in another zone would need a fifth digit: 9999-12-31T23:59:59Z showed as 10000-01-01….
        ("9999-12-31T23:59:59Z", "is not a date-time: herald reads years from 1970 to 9998"),
        ("0000-01-01T00:00:00Z", "is not a date-time: herald reads years from 1970 to 9998"),
        ("10000-01-01T00:00:00Z", "is not a date-time: a year has four digits (herald reads years from 1970 to 9998)"),
        ("02026-12-01T09:00:00Z", "is not a date-time: a year has four digits"),
        ("20.11.2026 09:00", "is not a date-time: dates are written year first (write it as 2026-11-20 09:00)"),
        ("11/20/2026 9:00", "is not a date-time: dates are written year first (write it as 2026-11-20 09:00)"),
        ("10/12/2026T09:00", "is not a date-time: dates are written year first: 2026-12-10T09:00 if the day comes first, 2026-10-12T09:00 if the month does"),
        ("20.11.2026", "is not a date-time: dates are written year first, as in 2026-11-20"),
        // A zone's abbreviation: the same date and time with its offset, not an example date that, copied, went out at once.
        ("2026-12-20T09:00 PST", "is not a date-time: 'PST' is a zone's abbreviation, which herald does not read: its offset is -08:00 (for a time "
            + "that follows daylight saving, set timezone: America/Los_Angeles in herald.yaml and leave the offset out) (write it as 2026-12-20T09:00-08:00)"),
        ("2026-12-20T09:00:00 cest", "is not a date-time: 'cest' is a zone's abbreviation, which herald does not read: its offset is +02:00; "
            + "on that day Europe/Berlin is at +01:00, not +02:00 (for a time "
            + "that follows daylight saving, set timezone: Europe/Berlin in herald.yaml and leave the offset out) (write it as 2026-12-20T09:00:00+02:00)"),
        ("20.13.2026 09:00", "is not a date-time (write it in the form YYYY-MM-DDThh:mm:ss±hh:mm (2026-12-01T09:00:00+01:00 is 9:00 on 1 December at UTC+1), or YYYY-MM-DDThh:mm with a timezone in herald.yaml)"),
    ])
    func publishAtMistakesAreNamed(value: String, problem: String) throws {
        let repo = try TempRepository([
            "herald.yaml": "timezone: Europe/Berlin\n",
            "posts/a.yaml": "publish_at: \(value)\naccounts: [acme-x]\ntext: hi\n",
        ])
        #expect(repo.diagnostics() == ["posts/a.yaml:1:13: error: publish_at '\(value)' \(problem)"])
    }

    /// Without a timezone, a local time is no fix, nor an example.
    @Test func publishAtMistakesWithoutATimeZone() throws {
        let zoneless = try TempRepository(["posts/a.yaml": "publish_at: 2026/11/20 09:00\naccounts: [acme-x]\ntext: hi\n"])
        #expect(zoneless.diagnostics() == [
            "posts/a.yaml:1:13: error: publish_at '2026/11/20 09:00' is not a date-time (write it in the form YYYY-MM-DDThh:mm:ss±hh:mm (2026-12-01T09:00:00+01:00 is 9:00 on 1 December at UTC+1), or YYYY-MM-DDThh:mm with a timezone in herald.yaml)",
        ])
        let zonelessDate = try TempRepository(["posts/a.yaml": "publish_at: 2026-11-20\naccounts: [acme-x]\ntext: hi\n"])
        #expect(zonelessDate.diagnostics() == [
            "posts/a.yaml:1:13: error: publish_at '2026-11-20' is not a date-time: the time of day is missing, as in 2026-11-20T09:00:00+01:00",
        ])
    }

    @Test func campaignDatesThatDoNotExist() throws {
        let repo = try TempRepository(["campaigns/c.yaml": "name: C\nstarts: 2026-02-29\nends: 2026-04-31\n"])
        #expect(repo.diagnostics() == [
            "campaigns/c.yaml:2:9: error: starts must be a date like 2026-11-25, found '2026-02-29': February 2026 has 28 days",
            "campaigns/c.yaml:3:7: error: ends must be a date like 2026-11-25, found '2026-04-31': April 2026 has 30 days",
        ])
    }

    @Test func malformedPublishAt() throws {
        let repo = try TempRepository(["posts/a.yaml": "publish_at: next tuesday\naccounts: [acme-x]\ntext: hi\n"])
        #expect(repo.diagnostics() == [
            "posts/a.yaml:1:13: error: publish_at 'next tuesday' is not a date-time (write it in the form YYYY-MM-DDThh:mm:ss±hh:mm (2026-12-01T09:00:00+01:00 is 9:00 on 1 December at UTC+1), or YYYY-MM-DDThh:mm with a timezone in herald.yaml)",
        ])
    }
}
