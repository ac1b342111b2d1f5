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
}
