import ArgumentParser
import Foundation
import HeraldKit

extension Herald {
    struct PlanCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "plan",
            abstract: "Show what publish would do: publish, wait, done, blocked, drift, orphan, unknown, draft, unsupported.",
            discussion: """
                Credentials are checked for presence only; nothing is sent anywhere. \
                An item due over an hour ago with no record of sending is marked: \
                publish looks for it on the platform first, and sends it only if it is not there.
                Exit status: 0 on success, 1 on errors in files or state. With --detailed-exitcode: \
                0 nothing is due, 2 something is due: to publish, unknown, or blocked when its \
                time has come (its credentials not set, say), which publish would report; 1 errors. \
                64 bad usage (an unknown account, a time herald cannot read, no repository); \
                74 when standard output could not be written.
                """
        )

        @OptionGroup var repository: RepositoryOptions
        @OptionGroup var time: TimeOptions
        @OptionGroup var sandbox: SandboxOptions
        @OptionGroup var accounts: AccountSelection

        @Option(help: "Output format: text, markdown (a pull-request comment: what is not yet done, the problems in files, previews; kept under GitHub's size limit) or json.")
        var format: PlanFormat = .text

        @Flag(help: "Exit 2 when something is due, 0 when nothing is.")
        var detailedExitcode = false

        func run() async throws {
            try repository.validateRoot()
            Timings.mark("start")
            let session = try await PublishSession.make(root: repository.root, routing: sandbox.routing,
                                                        environment: ProcessInfo.processInfo.environment, startSandbox: false,
                                                        readState: true, repositoryArgument: repository.commandLineRepository)
            let content = session.content
            let now = try time.instant(zone: content.timeZone, zoneProblem: content.settings.timezoneUnusable)
            try accounts.check(in: content.accounts)
            Timings.mark("load")
            let state = session.state ?? session.store.read()
            var plan = Planner.plan(session.plannerInput(state: state, now: now, repository: repository))
            plan.items = accounts.apply(to: plan.items)
            Timings.mark("plan")

            let problems = accounts.scoped(content.problems(with: state) + session.problems, state: state, content: content).sorted()
            if !problems.isEmpty {
                // A credential's value in a repository file is not shown, as in publish.
                let printer = DiagnosticPrinter(format: .text, color: repository.color(for: STDERR_FILENO), root: repository.root,
                                                redactor: session.redactor)
                StandardStreams.writeError(printer.render(problems))
            }
            // A credential's value written into a post (an account name, a text) is not shown: every
            // word of the output comes from an item, redacted before a format escapes a character of it.
            // The markdown plan lists the problems too: a pull request's comment shows why the check failed.
            PlanRenderer.write(plan.redacted(by: session.redactor), format: format, color: repository.color(for: STDOUT_FILENO),
                               problems: problems.map { $0.redacted(by: session.redactor) }, to: { StandardStreams.writeOutput($0) })
            Timings.mark("render")
            if problems.contains(where: { $0.severity == .error }) { exitNow(1) }
            exitNow(detailedExitcode && plan.hasDueItems ? 2 : 0)
        }
    }
}
