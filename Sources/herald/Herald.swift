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
        OpenFileLimit.raise()
        Allocator.reserveGrowth()
        let given = Array(CommandLine.arguments.dropFirst())
        if let problem = RepositoryOptions.repositoryNamedTwice(given) ?? RepositoryOptions.optionGivenTwice(given) { exit(withError: usageError(problem)) }
        let arguments = negativeTimesJoined(RepositoryOptions.movingRepositoryAfterCommand(given))
        if let problem = unknownHelpTopic(arguments) ?? helpAmongShortOptions(arguments) ?? RepositoryOptions.repositoryWithoutCommand(arguments) {
            exit(withError: usageError(problem))
        }
        await main(arguments)
    }

    /// `herald state resolve -dash …`: the parser reads `-dash` as the short
    /// options -d -a -s -h, shows the help for the -h, and exits 0, so a
    /// post id that starts with '-' was recorded by no one, unseen.
    static func helpAmongShortOptions(_ arguments: [String]) -> String? {
        for argument in arguments.prefix(while: { $0 != "--" }) {
            guard argument.count > 2, argument.hasPrefix("-"), !argument.hasPrefix("--"), !argument.hasPrefix("-C"),
                  argument.dropFirst().contains("h") else { continue }
            return "'\(argument)' reads as short options, among them -h (help): a value that starts with '-' goes after '--', "
                + "as in 'herald state resolve --account ID -- \(argument)'"
        }
        return nil
    }

    /// `--at -1`: the parser reads `-1` as an option and says the time is
    /// missing. Joined as `--at=-1`, the time is read and said to be no
    /// time, as any other mistake in it is.
    static func negativeTimesJoined(_ arguments: [String]) -> [String] {
        var joined: [String] = []
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            if argument == "--" { return joined + [argument] + rest }
            if argument == "--at", let value = rest.first, value.hasPrefix("-"), value.dropFirst().first?.isNumber == true {
                joined.append("--at=" + value)
                rest.removeFirst()
            } else {
                joined.append(argument)
            }
        }
        return joined
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
