import Foundation
import HeraldTestSupport
import Testing
@testable import HeraldKit

@Suite struct DiagnosticPrinterTests {
    /// The start of a post that the tests below complete.
    static let post = "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\n"

    @Test func showsTheLineThePositionNamesWhateverTheLineBreaks() throws {
        // Old Mac line breaks: the loader counts '\r' as a line break, so must the printer.
        let repo = try TempRepository(["posts/a.yaml": "publish_at: 2026-12-01T09:00:00Z\raccounts: [acme-twiter]\rtext: hi\r"])
        let problems = repo.load().diagnostics
        #expect(problems.map(TempRepository.describe) == ["posts/a.yaml:2:12: error: unknown account 'acme-twiter' (did you mean 'acme-x'?)"])
        let printed = DiagnosticPrinter(format: .text, color: false, root: repo.root).render(problems)
        #expect(printed == """
            posts/a.yaml:2:12: error: unknown account 'acme-twiter' (did you mean 'acme-x'?)
              accounts: [acme-twiter]
                         ^
            1 error, 0 warnings

            """)
    }

    /// The summary counts the files read, and says how many of them have a
    /// problem when only some do.
    @Test func theSummarySaysHowManyOfTheFilesReadHaveAProblem() throws {
        let repo = try TempRepository([
            "posts/a.yaml": Self.post + "text: hi\nbogus: 1\nother: 2\n",
            "posts/b.yaml": Self.post + "text: hi\n",
        ])
        let printer = DiagnosticPrinter(format: .text, color: false, root: repo.root)
        let problems = repo.load().diagnostics
        #expect(problems.count == 2)
        #expect(printer.render(problems, filesRead: 4).hasSuffix("\n2 errors, 0 warnings in 1 of 4 files\n"))
        #expect(printer.render(problems, filesRead: 1).hasSuffix("\n2 errors, 0 warnings in 1 file\n"))
        #expect(printer.render([], filesRead: 4) == "0 errors, 0 warnings in 4 files\n")
        #expect(printer.render(problems).hasSuffix("\n2 errors, 0 warnings\n"))
    }

    /// A literal secret in a repository file is reported, but its line is
    /// shown cut where the secret starts: in the secret's own diagnostic and
    /// in any other diagnostic on that line. CI logs are often read more
    /// widely than the repository.
    @Test func literalSecretsAreCutFromTheLinesShown() throws {
        let repo = try TempRepository([
            "posts/a.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: hi\nmedia: {pth: a.png, access_token: placeholder-value-1234} # note\n",
        ])
        let problems = repo.load().diagnostics
        let printed = DiagnosticPrinter(format: .text, color: false, root: repo.root).render(problems)
        #expect(printed == """
            posts/a.yaml:4:9: error: unknown key 'pth' in a media entry (did you mean 'path'?)
              media: {pth: a.png, access_token: [REDACTED]
                      ^
            posts/a.yaml:4:35: error: literal secret under 'access_token'; herald never reads secrets from the repository \
            (remove it, rotate it (it is in git history), and set it in the environment as HERALD_<ACCOUNT>_ACCESS_TOKEN \
            or in the credentials file)
              media: {pth: a.png, access_token: [REDACTED]
                                                ^
            2 errors, 0 warnings

            """)
        // A problem further along the line than the secret points at the cut.
        let after = Diagnostic.error("later", at: SourceLocation(path: "posts/a.yaml", line: 4, column: 50))
        let both = DiagnosticPrinter(format: .text, color: false, root: repo.root).render(problems + [after])
        #expect(both.contains("posts/a.yaml:4:50: error: later\n  media: {pth: a.png, access_token: [REDACTED]\n                                    ^\n"))
        #expect(!both.contains("placeholder-value"))
    }

    /// A password in an account URL is cut from the line as a literal secret is.
    @Test func aPasswordInAnAccountURLIsCutFromTheLineShown() throws {
        let repo = try TempRepository(accounts: """
            accounts:
              m: { platform: mastodon, instance: "https://bot:placeholder-pass@m.example" }

            """)
        let printed = DiagnosticPrinter(format: .text, color: false, root: repo.root).render(repo.load().diagnostics)
        #expect(printed.split(separator: "\n").map(String.init) == [
            "accounts.yaml:2:38: error: instance must not hold a user name or password (before '@'): put credentials in the environment or the credentials file",
            "    m: { platform: mastodon, instance: [REDACTED]",
            "                                       ^",
            "1 error, 0 warnings",
        ])
        #expect(!printed.contains("placeholder-pass"))
    }

    /// Columns count Unicode scalars, as libyaml does, and 👨‍👩‍👧 is five of
    /// them in one character: the line is cut at the secret's scalar, where
    /// cutting at that many characters showed its first twelve letters.
    @Test func aSecretAfterAnEmojiSequenceIsCutWhereItStarts() throws {
        let family = "👨‍👩‍👧"
        let repo = try TempRepository([
            "posts/a.yaml": Self.post + "text: hi\n"
                + "extra: {note: \"\(family)\(family)\(family)\", access_token: placeholder-value-1234}\n",
        ])
        let problems = repo.load().diagnostics
        #expect(problems.map(TempRepository.describe) == [
            "posts/a.yaml:4:1: error: unknown key 'extra' in a post",
            "posts/a.yaml:4:48: error: literal secret under 'access_token'; herald never reads secrets from the repository "
                + "(remove it, rotate it (it is in git history), and set it in the environment as HERALD_<ACCOUNT>_ACCESS_TOKEN "
                + "or in the credentials file)",
        ])
        let printed = DiagnosticPrinter(format: .text, color: false, root: repo.root).render(problems)
        #expect(!printed.contains("placeholder"))
        // Each family is one wide character: two cells under it.
        #expect(printed.contains("""
            credentials file)
              extra: {note: "\(family)\(family)\(family)", access_token: [REDACTED]
                                                    ^

            """))
    }

    /// A quoted or block scalar can run over several lines: every line of a
    /// secret is cut, its first from where it starts, and a line after it
    /// shows as written.
    @Test func aSecretOverSeveralLinesIsCutOnEachOfThem() throws {
        let repo = try TempRepository([
            "posts/a.yaml": Self.post + "text: hi\nthread:\n"
                + "  - {text: hi, access_token: \"placeholder-value-\n      1234-abcdefgh\", bogus: 2}\n",
            "posts/b.yaml": Self.post + "text: hi\nnested:\n"
                + "  access_token: |\n    placeholder-value-1234-abcdefgh\n  bogus: 1\n",
        ])
        let problems = repo.load().diagnostics
        // The line after the block scalar holds a problem ('bogus' in 'nested' is not reported: 'nested' is unknown).
        let after = Diagnostic.error("after", at: SourceLocation(path: "posts/b.yaml", line: 7, column: 3))
        let printed = DiagnosticPrinter(format: .text, color: false, root: repo.root).render(problems + [after])
        #expect(!printed.contains("placeholder") && !printed.contains("abcdefgh"))
        // The second line of the quoted secret holds another problem.
        #expect(printed.contains("posts/a.yaml:6:23: error: unknown key 'bogus' in a thread part\n  [REDACTED]\n  ^\n"))
        #expect(printed.contains("posts/b.yaml:5:17: error: literal secret under 'access_token'"))
        #expect(printed.contains("\n    access_token: [REDACTED]\n                  ^\n"))
        #expect(printed.contains("posts/b.yaml:7:3: error: after\n    bogus: 1\n    ^\n"))
    }

    /// A file YAML cannot read is not searched for secrets: when it names
    /// a credentials key, the line of its error could hold one, and no
    /// line of it is shown. Other broken files still show theirs.
    @Test func aBrokenFileNamingACredentialsKeyShowsNoLine() throws {
        let repo = try TempRepository([
            "posts/a.yaml": Self.post + "text: hi\n"
                + "Access_Token : placeholder-value-1234-abcdefgh junk: 1\n",
            "posts/b.yaml": Self.post + "text: hi\n"
                + "access_token: \"placeholder-value-\n  1234-abcdefgh\" junk\n",
            "posts/c.yaml": Self.post + "text: my_token: is here\n",
        ])
        try repo.write("posts/d.yaml", Data((Self.post + "text: \"token\": \"").utf8) + [0xFF, 0x22, 0x0A])
        let problems = repo.load().diagnostics
        #expect(problems.map(TempRepository.describe) == [
            // The hint quotes no value of a file naming a credentials key.
            "posts/a.yaml:4:52: error: YAML syntax error: mapping values are not allowed in this context (the value holds ': ', which YAML reads as the start of another key: quote it)",
            "posts/b.yaml:5:18: error: YAML syntax error: did not find expected key, while parsing a block mapping (the \" before this ends the quoted text, and nothing may follow it: a \" inside double quotes is written \\\" (as in \"say \\\"hi\\\"\"), or quote the text with ' instead)",
            // Nor of one with a key that may name a secret (`my_token:`), whose value the excerpt cuts.
            "posts/c.yaml:3:15: error: YAML syntax error: mapping values are not allowed in this context (the value holds ': ', which YAML reads as the start of another key: quote it)",
            "posts/d.yaml:3:17: error: invalid UTF-8 (byte 0xFF); herald reads files as UTF-8",
        ])
        let printed = DiagnosticPrinter(format: .text, color: false, root: repo.root).render(problems)
        #expect(!printed.contains("placeholder") && !printed.contains("abcdefgh"))
        #expect(printed == """
            posts/a.yaml:4:52: error: YAML syntax error: mapping values are not allowed in this context (the value holds ': ', which YAML reads as the start of another key: quote it)
            posts/b.yaml:5:18: error: YAML syntax error: did not find expected key, while parsing a block mapping \
            (the \" before this ends the quoted text, and nothing may follow it: a \" inside double quotes is written \\\" (as in \"say \\\"hi\\\"\"), or quote the text with ' instead)
            posts/c.yaml:3:15: error: YAML syntax error: mapping values are not allowed in this context \
            (the value holds ': ', which YAML reads as the start of another key: quote it)
              text: my_token: [REDACTED]
                            ^
            posts/d.yaml:3:17: error: invalid UTF-8 (byte 0xFF); herald reads files as UTF-8
            4 errors, 0 warnings

            """)
    }

    @Test(arguments: [("access_token: x", true), ("  - {Token : x}", true), ("\"password\": x", true), ("'secret'\t: x", true),
                      ("my_token: x", false), ("token_x: y", false), ("text: token", false), ("tokens: x", false), ("token", false)])
    func brokenFilesNameKeys(_ text: String, _ names: Bool) {
        let found = Array(text.utf8).withUnsafeBufferPointer { SourceText.namesKey(in: $0, anyOf: SecretScanner.secretKeys) }
        #expect(found == names)
    }

    /// The caret stands under the position as a terminal shows the line:
    /// two cells for a wide character (CJK, emoji), none for a combining
    /// mark, a tab kept as a tab.
    @Test func theCaretLinesUpUnderWideCharacters() throws {
        let repo = try TempRepository([
            "posts/a.yaml": Self.post + "text: 🎉 Launch: today\n",
            "posts/b.yaml": Self.post + "text: \"日本e\u{301}❤️🇩🇪\"\tjunk\n",
        ])
        let printed = DiagnosticPrinter(format: .text, color: false, root: repo.root).render(repo.load().diagnostics)
        #expect(printed == """
            posts/a.yaml:3:15: error: YAML syntax error: mapping values are not allowed in this context \
            (the value holds ': ', which YAML reads as the start of another key: quote it, as in text: "🎉 Launch: today")
              text: 🎉 Launch: today
                             ^
            posts/b.yaml:3:18: error: YAML syntax error: did not find expected key, while parsing a block mapping \
            (the " before this ends the quoted text, and nothing may follow it: a " inside double quotes is written \\" \
            (as in "say \\"hi\\""), or quote the text with ' instead)
              text: "日本e\u{301}❤️🇩🇪"\tjunk
                               \t^
            2 errors, 0 warnings

            """)
    }

    @Test(arguments: [("", 0), ("abc", 3), ("日本", 4), ("🎉", 2), ("e\u{301}", 1), ("👨‍👩‍👧", 2), ("❤️", 2), ("❤", 1),
                      ("🇩🇪", 2), ("\u{200B}", 0), ("ｆｕｌｌ", 8), ("한글", 4), ("ü", 1),
                      // A vowel sign and each consonant of a conjunct take a cell, as in glibc's wcwidth.
                      ("हिन्दी", 5), ("กำไร", 4), ("\u{1112}\u{1161}\u{11AB}", 2), ("1\u{FE0F}\u{20E3}", 2), ("©", 1), ("#1", 2)])
    func terminalWidth(_ text: String, _ cells: Int) {
        #expect(TerminalText.width(text) == cells)
    }

    /// The credentials file holds nothing but secrets: its problems name
    /// the position and never show a line.
    @Test func credentialsFileLinesAreNeverShown() throws {
        let dir = try TempDirectory()
        try dir.write("credentials.yaml", "acme-x:\n  access_token: placeholder-value-1234\n  access_token: placeholder-value-5678\n")
        chmod(dir.root + "/credentials.yaml", 0o600)
        let (_, problems) = Credentials.load(environment: ["HERALD_CREDENTIALS_FILE": dir.root + "/credentials.yaml"])
        let printed = DiagnosticPrinter(format: .text, color: false, root: dir.root).render(problems.sorted())
        #expect(printed == """
            \(dir.root)/credentials.yaml:1:1: error: credentials file has no 'accounts' mapping (each account's fields go under 'accounts:' and the account's id, indented: accounts: { ID: { access_token: … } })
            \(dir.root)/credentials.yaml:3:3: error: duplicate key (first defined at line 2)
            2 errors, 0 warnings

            """)
    }

    /// A file saved as UTF-16 is named as such, and its line, zero bytes
    /// between the letters, is not shown.
    @Test func aUTF16FileShowsNoLine() throws {
        let repo = try TempRepository()
        let text = Array("publish_at: 2026-12-01T09:00:00Z\ntext: hi\n".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        try repo.write("posts/a.yaml", Data([0xFF, 0xFE] + text))
        let printed = DiagnosticPrinter(format: .text, color: false, root: repo.root).render(repo.load().diagnostics)
        #expect(printed == """
            posts/a.yaml:1:1: error: the file is UTF-16 (little-endian); herald reads files as UTF-8 (save it as UTF-8)
            1 error, 0 warnings

            """)
    }

    @Test func githubAnnotationsEscapeTheirSeparators() {
        let d = Diagnostic.error("a: b, c\n100%", at: SourceLocation(path: "posts/x,y:z.yaml", line: 3, column: 4))
        let printed = DiagnosticPrinter(format: .github, color: false, root: nil).render([d])
        #expect(printed == "::error file=posts/x%2Cy%3Az.yaml,line=3,col=4::a: b, c%0A100%25\n")
        // A control character reaches the CI log escaped, as the text format shows it. Escaped, a file's
        // name would name a file that does not exist: the annotation names none, its message the position.
        let control = Diagnostic.error("post 'a\u{1B}[2J' \u{202E}x", at: SourceLocation(path: "posts/a\u{1B}[2J.yaml", line: 1, column: 1))
        #expect(DiagnosticPrinter(format: .github, color: false, root: nil).render([control])
            == "::error::posts/a\\e[2J.yaml:1:1: post 'a\\e[2J' \\u202Ex\n")
        let tab = Diagnostic.warning("odd", at: SourceLocation(path: "posts/a\tb.yaml", line: 2, column: 3))
        #expect(DiagnosticPrinter(format: .github, color: false, root: nil).render([tab]) == "::warning::posts/a\\tb.yaml:2:3: odd\n")
        // A file name with a runner's marker in it is named as it is (its ':' and line breaks escaped, no
        // line can start there), where a zero-width space named a file that does not exist; the message's marker is broken.
        let marked = Diagnostic.error("post '##[x]' ::", at: SourceLocation(path: "posts/##[x]\n::a.yaml", line: 1, column: 1))
        #expect(DiagnosticPrinter(format: .github, color: false, root: nil).render([marked])
            == "::error file=posts/##[x]%0A%3A%3Aa.yaml,line=1,col=1::post '#\u{200B}#[x]' ::\n")
    }

    /// A value or a file name can hold control characters (YAML's "\e"):
    /// a terminal must see them as escapes, and the caret still points
    /// under the position when the line shows one before it.
    @Test func controlCharactersReachTheTerminalAsEscapes() throws {
        let repo = try TempRepository([
            "posts/\u{1B}[2J.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [\"\\e]0;x\\a\"]\ntext: hi\n",
            "posts/raw.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [\"\u{202E}\", acme-twiter]\ntext: hi\n",
        ])
        let problems = repo.load().diagnostics
        let printed = DiagnosticPrinter(format: .text, color: false, root: repo.root).render(problems)
        #expect(printed == """
            posts/\\e[2J.yaml:2:12: error: unknown account '\\e]0;x\\x07' (accounts.yaml defines acme-x, acme-mastodon, acme-bluesky)
              accounts: ["\\e]0;x\\a"]
                         ^
            posts/raw.yaml:2:12: error: unknown account '\\u202E' (accounts.yaml defines acme-x, acme-mastodon, acme-bluesky)
              accounts: ["\\u202E", acme-twiter]
                         ^
            posts/raw.yaml:2:17: error: unknown account 'acme-twiter' (did you mean 'acme-x'?)
              accounts: ["\\u202E", acme-twiter]
                                   ^
            3 errors, 0 warnings

            """)
        #expect(!printed.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
    }

    /// A message quoting a very long value (a paragraph pasted as the time
    /// zone) is printed with its middle left out, for a terminal and for
    /// GitHub: it still says what is wrong and how the value ends. JSON
    /// keeps it whole, for programs.
    @Test func longMessagesAreShortenedForPeople() throws {
        let zone = String(repeating: "Europe/Amsterdam", count: 4_000)
        let repo = try TempRepository(["herald.yaml": "timezone: \(zone)\n"])
        let problems = repo.load().diagnostics
        let whole = "unknown time zone '\(zone)' (use an IANA name such as Europe/Berlin)"
        // Compared as booleans: a failure would otherwise print 64,000 characters.
        #expect(problems.count == 1)
        #expect(problems.first?.fullMessage == whole)
        // 200 characters kept from the start and 60 from the end, of the message; its hint, herald's advice, whole.
        let message = "unknown time zone '\(zone)'"
        let shortened = "\(message.prefix(200))… (\(message.count - 260) characters left out) …\(message.suffix(60)) (use an IANA name such as Europe/Berlin)"
        #expect(shortened.hasSuffix("Amsterdam' (use an IANA name such as Europe/Berlin)"))
        let text = DiagnosticPrinter(format: .text, color: false, root: repo.root).render(problems)
        #expect(text == "herald.yaml:1:11: error: \(shortened)\n1 error, 0 warnings\n")
        let github = DiagnosticPrinter(format: .github, color: false, root: repo.root).render(problems)
        #expect(github == "::error file=herald.yaml,line=1,col=11::\(shortened)\n")
        let json = DiagnosticPrinter(format: .json, color: false, root: repo.root).render(problems)
        #expect(json.contains("unknown time zone '\(zone)'"))
    }

    /// A line over 160 scalars is shown as the part of it around the
    /// caret, cut with '…', where it was not shown at all: a one-line text
    /// over a platform's limit, a state record with its URL. One holding a
    /// known secret is not shown: the cut could leave its first letters.
    @Test func aLongLineIsShownAroundTheCaret() throws {
        let words = (1...60).map { "word\($0)" }.joined(separator: " ")
        let repo = try TempRepository(["posts/a.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: \(words)\n"])
        let line = "text: " + words
        let start = DiagnosticPrinter(format: .text, color: false, root: repo.root)
            .render([.error("too long", at: SourceLocation(path: "posts/a.yaml", line: 3, column: 7))])
        #expect(start.split(separator: "\n").map(String.init) == [
            "posts/a.yaml:3:7: error: too long", "  " + String(line.unicodeScalars.prefix(160)) + "…", "        ^", "1 error, 0 warnings",
        ])
        let column = line.count - 20
        let middle = DiagnosticPrinter(format: .text, color: false, root: repo.root)
            .render([.error("here", at: SourceLocation(path: "posts/a.yaml", line: 3, column: column))])
        let shown = "…" + String(line.unicodeScalars.suffix(160))
        #expect(middle.split(separator: "\n").map(String.init) == [
            "posts/a.yaml:3:\(column): error: here", "  " + shown, "  " + String(repeating: " ", count: 160 - 21 + 1) + "^", "1 error, 0 warnings",
        ])
        #expect(Array(shown)[160 - 21 + 1] == Array(line)[column - 1])
        let secret = DiagnosticPrinter(format: .text, color: false, root: repo.root, redactor: Redactor(secrets: ["word59 word60"]))
            .render([.error("here", at: SourceLocation(path: "posts/a.yaml", line: 3, column: column))])
        #expect(secret == "posts/a.yaml:3:\(column): error: here\n1 error, 0 warnings\n")
    }

    /// The cut is made after secrets are replaced: made before, it could
    /// keep the first letters of a secret, which the redactor would no
    /// longer recognise.
    @Test(arguments: [DiagnosticFormat.text, .github])
    func aLongMessageIsCutAfterItsSecretsAreReplaced(format: DiagnosticFormat) {
        let secret = "placeholder-Cut-7Q"
        // The secret starts 195 characters in: across the cut at 200.
        let value = String(repeating: "a", count: 178) + secret + String(repeating: "b", count: 1_000)
        let d = Diagnostic.error("unknown account '\(value)'", at: SourceLocation(path: "posts/a.yaml", line: 2, column: 12))
        #expect(d.message.distance(from: d.message.startIndex, to: d.message.firstRange(of: secret)!.lowerBound) == 195)
        let printed = DiagnosticPrinter(format: format, color: false, root: nil, redactor: Redactor(secrets: [secret])).render([d])
        #expect(printed.contains("[REDA… ("), "\(printed)")
        #expect(!printed.contains("place"), "\(printed)")
    }

    /// In the middle of a long line the part shown starts 60 scalars
    /// before the caret, and ends with '…' where the line goes on.
    @Test func aLongLineShowsSixtyScalarsBeforeACaretInItsMiddle() throws {
        let words = (1...80).map { "word\($0)" }.joined(separator: " ")
        let repo = try TempRepository(["posts/a.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: \(words)\n"])
        let scalars = Array(("text: " + words).unicodeScalars)
        let printed = DiagnosticPrinter(format: .text, color: false, root: repo.root)
            .render([.error("here", at: SourceLocation(path: "posts/a.yaml", line: 3, column: 200))])
        let shown = "…" + String(String.UnicodeScalarView(scalars[139..<299])) + "…"
        #expect(printed.split(separator: "\n").map(String.init) == [
            "posts/a.yaml:3:200: error: here", "  " + shown, "  " + String(repeating: " ", count: 61) + "^", "1 error, 0 warnings",
        ])
        #expect(Array(shown.unicodeScalars)[61] == scalars[199])
    }
}
