import ArgumentParser
import Foundation
import HeraldKit

extension Herald {
    struct Text: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "text",
            abstract: "Work with post texts under each platform's rules.",
            subcommands: [Count.self]
        )
    }
}

extension Herald.Text {
    struct Count: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "count",
            abstract: "Print the length of the text on standard input under a platform's counting rules, or every platform's.",
            discussion: """
                With neither --platform nor --account, the text is counted for every platform (in json, \
                an array of what one platform prints). X counts as twitter-text v3 does (CJK and emoji \
                weigh 2, every URL 23); Mastodon counts graphemes, each URL with a scheme as 23 (found by its own rules: \
                https://ja.wikipedia.org/wiki/東京 is one URL) and @user@domain as @user; Bluesky counts \
                graphemes and UTF-8 bytes; Threads counts emoji by their UTF-8 bytes (configurable). \
                Standard input is read up to 1 MiB, the size limit of a post file, and as a post's text is: \
                a byte-order mark and trailing white space left out, CR LF read as a line break, and a \
                control character (ESC, BEL) refused, as no platform shows one. A text over the \
                limit is told where it stops fitting (the first N characters, up to its last words). \
                Exit status: 0 when the text is within the limit and can go out, 1 when it cannot (on any platform counted), \
                64 bad usage, or standard input that is not UTF-8 text or is over 1 MiB; 74 when standard output could not be written. \
                An empty text counts 0 and is within the limit; as a post, a part with no text needs media. \
                A text of characters that show nothing (U+200B) cannot go out, as no post of it can.
                """
        )

        /// No post file is larger, so no post's text is.
        static let inputLimit = YAMLLoadOptions().maxFileBytes

        @Option(help: ArgumentHelp("The platform: \(Platform.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "platform"),
                transform: { name in
                    guard let platform = Platform(rawValue: name) else {
                        // `twitter`, `Mastodon`, `bsky`: the name herald uses, as accounts.yaml's error gives it.
                        throw ValidationError("unknown platform '\(name)'" + (Suggest.platform(for: name).map { "; did you mean '\($0.rawValue)'?" }
                            ?? "; use one of \(Platform.allCases.map(\.rawValue).joined(separator: ", "))"))
                    }
                    return platform
                })
        var platform: Platform?

        @Option(help: ArgumentHelp("Count as this account does (its platform and limit), from accounts.yaml.", valueName: "id"))
        var account: String?

        @Option(name: [.customShort("C"), .long], help: ArgumentHelp("The content repository, with --account.", valueName: "path"))
        var repo: String = "."

        @Option(help: "Output format: text, or json (platform, length, limit, valid, problems, and platform details).")
        var format: OutputFormat = .text

        /// Taken so that a script passing --no-color to every command works:
        /// nothing here is coloured.
        @Flag(name: .customLong("no-color"), help: .hidden)
        var noColor = false

        /// What --format json was called before validate, plan and publish
        /// all took --format; kept for scripts that use it.
        @Flag(help: .hidden)
        var json = false

        /// Words given after the command: the text, meant to be counted; it is read from standard input.
        @Argument(help: .hidden)
        var words: [String] = []

        func validate() throws {
            guard words.isEmpty else {
                let text = words.joined(separator: " ")
                throw ValidationError("text count reads the text from standard input, not from its arguments: printf '%s' \(Planner.shellWord(text)) | herald text count")
            }
        }

        func run() async throws {
            var platform = self.platform
            var options = TextRuleOptions()
            if let id = account {
                try requireRepositoryFolder(repo)
                let content = RepositoryLoader.load(root: repo, options: LoadOptions(checkMedia: false))
                guard let found = content.account(id) else {
                    throw unknownAccount(id, in: content.accounts)
                }
                if let platform, platform != found.platform {
                    throw usageError("account '\(id)' is on \(found.platform.rawValue), not \(platform.rawValue)")
                }
                platform = found.platform
                options = found.textOptions
                // Read with an error (a max_characters refused): counted by what was read, and said.
                if let problem = content.invalidAccounts[id] {
                    // A credential known to this machine is not printed, as every other command has it.
                    let redactor = Credentials.load(environment: ProcessInfo.processInfo.environment, forRedactionOnly: true).0.redactor
                    StandardStreams.writeError("warning: " + TerminalText.line(problem.fullMessage, redactor: redactor) + "; counted without what has the error\n")
                }
            }
            let input: [UInt8]
            switch StandardStreams.readInput(limit: Self.inputLimit) {
            case .success(let bytes): input = bytes
            case .failure(.unreadable(let reason)): throw usageError("cannot read standard input: \(reason)")
            case .failure(.tooLarge(let limit)): throw usageError("standard input is over \(limit) bytes; herald counts the text of one post")
            }
            guard var input = String(validating: input, as: UTF8.self) else {
                throw usageError("standard input is not UTF-8 text" + (input.starts(with: [0xFF, 0xFE]) || input.starts(with: [0xFE, 0xFF])
                    ? " (it looks like UTF-16: save it as UTF-8)" : ""))
            }
            // Read as a post file's text is: a byte-order mark is the encoding's, not the text's,
            // and a line ends in LF (YAML reads CR LF so).
            // Looked for in the bytes: as a Character, the first is the whole cluster it begins,
            // and a letter with a megabyte of combining marks took a minute to compare.
            if input.utf8.starts(with: [0xEF, 0xBB, 0xBF]) { input = String(input.utf8.dropFirst(3))! }
            if input.utf8.contains(UInt8(ascii: "\r")) {
                // In the bytes too: replacingOccurrences compares Characters and passed over a CR LF
                // followed by a combining mark (U+0301), a variation selector or a skin tone.
                let bytes = Array(input.utf8)
                input = String(decoding: bytes.indices.lazy.filter { !(bytes[$0] == 0x0D && $0 + 1 < bytes.count && bytes[$0 + 1] == 0x0A) }
                    .map { bytes[$0] }, as: UTF8.self)
            }
            // Trailing white space (a newline from `echo` or a file) is not published, as in a post.
            let text = ContentResolver.trimmed(input)
            var counted = (platform.map { [$0] } ?? Platform.allCases).map { TextRules.measure(text, platform: $0, options: options) }
            // A control character (ESC, BEL), a character of hundreds of marks, or a text of characters that
            // show nothing, is refused in a post's text for every platform: here too.
            if let problem = TextRules.controlCharacterProblem(text) ?? TextRules.combiningRunProblem(text)
                ?? TextRules.invisibleTextProblem(text).map({ "no visible text: " + $0 }) {
                for i in counted.indices {
                    counted[i].problems.append(problem)
                    counted[i].valid = false
                }
            }
            if json || format == .json {
                print(platform == nil ? JSONOutput.encode(counted) : JSONOutput.encode(counted[0]), terminator: "")
            } else {
                for measured in counted {
                    // Over the length, or within it and refused for another reason (31 hashtags on Instagram).
                    let verdict = measured.valid ? "valid" : measured.isTooLong ? "too long" : "cannot go out"
                    print("\(measured.platform.displayName): \(measured.length) of \(measured.limit) — \(verdict)")
                    for detail in measured.details { print("  \(detail.name): \(detail.value)") }
                    // What quotes the text is shown escaped, as everywhere herald prints text.
                    for problem in measured.problems { print("  " + TerminalText.visible(problem)) }
                    if let hint = TextRules.fittingHint(text, measured: measured, options: options) { print("  " + TerminalText.visible(hint)) }
                }
            }
            if counted.contains(where: { !$0.valid }) { throw ExitCode(1) }
        }
    }
}

extension Platform: ExpressibleByArgument {}
