import ArgumentParser
import Foundation
import HeraldKit

extension Herald {
    struct State: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "state",
            abstract: "Repair the state herald keeps of what it published (plan shows it).",
            subcommands: [Resolve.self]
        )
    }
}

extension Herald.State {
    struct Resolve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "resolve",
            abstract: "Record what a person found on the platform for an item herald could not tell about.",
            discussion: """
                When publish reports an item as unknown, look at the account. If the post is \
                there, record it with --published ID (the next run treats it as done); if it \
                is not, record --absent (the next run sends it).
                """
        )

        @OptionGroup var repository: RepositoryOptions
        @OptionGroup var sandbox: SandboxOptions

        @Argument(help: ArgumentHelp("The post id (its path under posts/ without .yaml).", valueName: "post-id"))
        var post: String

        @Option(help: ArgumentHelp("The account.", valueName: "id"))
        var account: String

        // Unconditional: `--part -1` reaches the check below, not the parser's "missing value".
        @Option(parsing: .unconditional, help: "The part: 1 for the post itself, 2… for thread parts.")
        var part = 1

        @Option(help: ArgumentHelp("The post exists on the platform with this id.", valueName: "remote-id"))
        var published: String?

        @Option(help: ArgumentHelp("Its URL, with --published.", valueName: "url"))
        var url: String?

        @Flag(help: "The post is not on the platform; the next run may send it.")
        var absent = false

        func validate() throws {
            if (published == nil) == !absent { throw ValidationError("give exactly one of --published ID or --absent") }
            if part < 1 { throw ValidationError("--part counts from 1") }
            if let published, published.allSatisfy(\.isWhitespace) { throw ValidationError("--published needs the post's id on the platform") }
            if url != nil && published == nil { throw ValidationError("--url goes with --published") }
        }

        func run() async throws {
            try repository.validateRoot()
            let session = try await PublishSession.make(root: repository.root, routing: sandbox.routing,
                                                        environment: ProcessInfo.processInfo.environment, startSandbox: false)
            guard session.accounts.contains(where: { $0.id == account }) else {
                throw unknownAccount(account, in: session.accounts)
            }
            let lock = try await session.store.lock(timeout: .seconds(60))
            defer { lock.release() }
            let current = session.store.read()[account, post, part - 1]
            guard let current, current.published == nil else {
                throw usageError(current == nil ? "the state has nothing for \(post) part \(part) on \(account)"
                                                     : "\(post) part \(part) is already recorded as published on \(account)")
            }
            let hash = current.unknown?.hash ?? current.pendingIntent?.hash ?? current.failures.last?.hash
            let record = StateRecord(time: Date(), event: absent ? .absent : .published, post: post, part: part - 1, hash: hash,
                                     remoteID: published, url: url, error: absent ? "checked by a person" : nil)
            try session.store.writer(account: account).append(record)
            print(TerminalText.visible(absent ? "Recorded: \(post) part \(part) is not on \(account); the next publish sends it."
                                              : "Recorded: \(post) part \(part) is on \(account) as \(published ?? "")"))
        }
    }
}
