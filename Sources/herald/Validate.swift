import ArgumentParser
import Foundation
import HeraldKit

extension Herald {
    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "validate",
            abstract: "Load and check every file; report every problem at once.",
            discussion: "Exit status: 0 when there are no errors (warnings allowed), 1 otherwise."
        )

        @OptionGroup var repository: RepositoryOptions

        @Option(help: "Output format: text (for people), json, or github (workflow annotations).")
        var format: DiagnosticFormat = .text

        func run() async throws {
            try repository.validateRoot()
            let content = RepositoryLoader.load(root: repository.root)
            // A credential from the environment or the credentials file, written into a file by mistake, is
            // not shown. The credentials file's own problems are plan's and publish's to report: it is not
            // the repository's, and validate runs where no secrets are (a pull request's check).
            let (credentials, _) = Credentials.load(environment: ProcessInfo.processInfo.environment)
            let printer = DiagnosticPrinter(format: format, color: repository.color(for: STDOUT_FILENO), root: repository.root,
                                            redactor: credentials.redactor)
            StandardStreams.writeOutput(printer.render(content.diagnostics, filesRead: content.filesRead))
            exitNow(content.hasErrors ? 1 : 0)
        }
    }
}
