import Foundation
import Testing
@testable import HeraldKit

@Suite struct DiagnosticPrinterTests {
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

    @Test func githubAnnotationsEscapeTheirSeparators() {
        let d = Diagnostic.error("a: b, c\n100%", at: SourceLocation(path: "posts/x,y:z.yaml", line: 3, column: 4))
        let printed = DiagnosticPrinter(format: .github, color: false, root: nil).render([d])
        #expect(printed == "::error file=posts/x%2Cy%3Az.yaml,line=3,col=4::a: b, c%0A100%25\n")
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
}
