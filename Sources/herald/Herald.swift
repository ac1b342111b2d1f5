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
        let arguments = RepositoryOptions.movingRepositoryAfterCommand(Array(CommandLine.arguments.dropFirst()))
        if let problem = unknownHelpTopic(arguments) ?? repositoryWithoutCommand(arguments) { exit(withError: usageError(problem)) }
        await main(arguments)
    }

    /// `herald -C site` and nothing after: the parser would call -C an
    /// unknown option, as it is one only after a command.
    static func repositoryWithoutCommand(_ arguments: [String]) -> String? {
        guard let first = arguments.first, first == "-C" || first == "--repo" || first.hasPrefix("--repo=") else { return nil }
        var rest = arguments[...]
        while let option = rest.first, option == "-C" || option == "--repo" || option.hasPrefix("--repo=") {
            rest = rest.dropFirst(option.hasPrefix("--repo=") ? 1 : 2)
        }
        guard rest.isEmpty else { return nil }
        let option = first.hasPrefix("--repo") ? "--repo" : "-C"
        return "\(option) PATH names the repository of a command that follows it, as in 'herald \(option) PATH plan'"
    }

    /// `herald help nope`: the parser would show the top-level help and exit
    /// 0, as if `nope` were a command, so a typo in a script goes unseen.
    static func unknownHelpTopic(_ arguments: [String]) -> String? {
        guard arguments.first == "help" else { return nil }
        var command: any ParsableCommand.Type = Herald.self
        var path = "herald"
        for name in arguments.dropFirst() where !name.hasPrefix("-") {
            let names = command.configuration.subcommands.compactMap { $0.configuration.commandName }
            guard let next = command.configuration.subcommands.first(where: { $0.configuration.commandName == name }) else {
                let hint = Suggest.closest(to: name, in: names).map { "; did you mean '\($0)'?" }
                    ?? (names.isEmpty ? "" : " (it has \(names.map { "'\($0)'" }.joined(separator: ", ")))")
                return "'\(path)' has no command '\(name)'" + hint
            }
            command = next
            path += " " + name
        }
        return nil
    }
}
