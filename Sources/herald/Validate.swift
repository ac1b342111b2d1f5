import ArgumentParser
import Foundation
import HeraldKit

extension Herald {
    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "validate",
            abstract: "Load and check every file; report every problem at once.",
            discussion: """
                Checks herald.yaml, accounts.yaml, campaigns/, posts/, the media they name, and the state \
                folder's records (a merge conflict marker, a line edited by hand). Needs no credentials.
                Exit status: 0 when there are no errors (warnings allowed), 1 when there are; \
                64 bad usage; 74 when standard output could not be written.
                """
        )

        @OptionGroup var repository: RepositoryOptions

        @Option(help: "Output format: text (for people), json, or github (workflow annotations).")
        var format: DiagnosticFormat = .text

        func run() async throws {
            try repository.validateRoot()
            // The state's records too: a merge that left conflict markers in them blocks publishing.
            let (content, _, state) = await PublishSession.loadWithState(root: repository.root, sandboxed: false,
                                                                                repositoryArgument: repository.commandLineRepository)
            // A credential from the environment or the credentials file, written into a file by mistake, is
            // not shown. The credentials file's own problems are plan's and publish's to report: it is not
            // the repository's, and validate runs where no secrets are (a pull request's check).
            let (credentials, _) = Credentials.load(environment: ProcessInfo.processInfo.environment)
            var printer = DiagnosticPrinter(format: format, color: repository.color(for: STDOUT_FILENO), root: repository.root,
                                            redactor: credentials.redactor)
            // `-C site` in a GitHub job: annotations name site/posts/…, as the workspace holds them.
            printer.annotationPrefix = DiagnosticPrinter.workspacePrefix(root: repository.root, environment: ProcessInfo.processInfo.environment)
            // A credentials file kept in the checkout is the repository's problem too: a commit would publish it.
            let inside = Credentials.fileInsideRepository(environment: ProcessInfo.processInfo.environment, root: repository.root)
            let problems = (content.problems(with: state) + (inside.map { [$0] } ?? [])).sorted()
            StandardStreams.writeOutput(printer.render(problems, filesRead: content.filesRead + state.accounts.count))
            // Not released after their last use: freeing 30,000 records one by one takes longer than exiting.
            withExtendedLifetime((content, state)) { exitNow(problems.contains { $0.severity == .error } ? 1 : 0) }
        }
    }
}
