import ArgumentParser
import HeraldKit

@main
struct Herald: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "herald",
        abstract: "Publish social-media posts kept as YAML files in a git repository, exactly once.",
        discussion: """
            herald reads posts/, campaigns/ and accounts.yaml, compares what is due with \
            the state/ folder of what it already did, and publishes the rest.
            Secrets come from HERALD_<ACCOUNT>_<FIELD> environment variables or the \
            credentials file (~/.config/herald/credentials.yaml), never from the repository.
            -C PATH, before or after the command, names the repository (default: the \
            current directory).
            """,
        version: HeraldVersion.current,
        subcommands: [Validate.self, PlanCommand.self, Publish.self, Sandbox.self, State.self, Text.self]
    )

    static func main() async {
        StandardStreams.openMissingDescriptors()
        StandardStreams.checkOutputAtExit()
        Allocator.reserveGrowth()
        await main(RepositoryOptions.movingRepositoryAfterCommand(Array(CommandLine.arguments.dropFirst())))
    }
}
