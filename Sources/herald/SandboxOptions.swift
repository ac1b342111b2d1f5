import ArgumentParser
import Foundation
import HeraldKit

/// `--sandbox` and `--sandbox-url`, shared by the commands that talk to platforms.
struct SandboxOptions: ParsableArguments {
    @Flag(help: "Route every account to the built-in sandbox (started in this process); no credentials or network needed. State goes to .herald/sandbox/state.")
    var sandbox = false

    @Option(help: ArgumentHelp("Route every account to a sandbox already running at this URL (see 'herald sandbox').", valueName: "url"))
    var sandboxURL: String?

    func validate() throws {
        if sandbox && sandboxURL != nil { throw ValidationError("use --sandbox or --sandbox-url, not both") }
        if let sandboxURL {
            let url = URL(string: sandboxURL)
            // The sandbox speaks HTTP: any other scheme would fail every request, each retried and counted as a failure.
            guard url?.host != nil, let scheme = url?.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
                throw ValidationError("--sandbox-url '\(TerminalText.visible(sandboxURL))' is not a URL like http://127.0.0.1:8787")
            }
            // A platform's address under it (as the sandbox lists them), or an endpoint's: every request would be a 404,
            // each a failure recorded. The sandbox's own address is what comes before the platform's name.
            if let url, let components = URLComponents(url: url, resolvingAgainstBaseURL: false),
               let index = url.pathComponents.firstIndex(where: { Self.platform(named: $0) != nil }) {
                var base = components
                base.path = url.pathComponents[..<index].filter { $0 != "/" }.map { "/" + $0 }.joined()
                // Nothing the URL held besides the address: no query, fragment, nor a password to print.
                (base.query, base.fragment, base.user, base.password) = (nil, nil, nil, nil)
                let platform = Self.platform(named: url.pathComponents[index])!
                throw ValidationError("--sandbox-url takes the sandbox's own address, \(TerminalText.visible(base.string ?? sandboxURL)), "
                                      + "not \(platform.displayName)'s under it: herald finds each platform there")
            }
        }
    }

    /// The platform a path's part names, with any `;parameters` after it,
    /// or the rest of a path written with `%2F` (`mastodon%2Fapi`, which
    /// `pathComponents` gives as one part, `mastodon/api`).
    private static func platform(named part: String) -> Platform? {
        Platform(rawValue: String(part.prefix { $0 != ";" && $0 != "/" }).lowercased())
    }

    var routing: PublishSession.Routing {
        if sandbox { return .inProcessSandbox }
        if let sandboxURL, let url = URL(string: sandboxURL) { return .sandbox(url) }
        return .platforms
    }
}

extension Herald {
    struct Sandbox: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sandbox",
            abstract: "Run the built-in sandbox platforms on 127.0.0.1 until interrupted.",
            discussion: """
                Each platform is served under its own prefix (http://127.0.0.1:PORT/mastodon/…). \
                The sandbox accepts the bearer token 'sandbox-<account-id>'. Inspect what was \
                posted with GET /_sandbox/posts; inject faults with POST /_sandbox/faults \
                (latency, status, ratelimit, malformed, timeout, timeout_after_create, \
                status_after_create, slow_create); give an instance other limits with \
                PUT /_sandbox/limits ({"mastodon": {"image_size_limit": 8388608}}); set its \
                clock off from this machine's with PUT /_sandbox/clock ({"offset_seconds": -30}).
                Point herald at it with: herald publish --sandbox-url http://127.0.0.1:PORT
                Exit status: 1 when it cannot listen (the port taken); 64 bad usage; 74 when its \
                address could not be written; stopped by a signal, 128 and the signal's number.
                """
        )

        // Unconditional, and checked below: `--port -1` is out of range, not a "missing value".
        @Option(parsing: .unconditional, help: "Port to listen on (0 picks a free one).")
        var port = 8787

        // Unconditional: `--latency -1` reaches the range check, not the parser's "missing value".
        @Option(parsing: .unconditional, help: ArgumentHelp("Latency added to every platform request, in milliseconds (at most 600000, 10 minutes).", valueName: "ms"))
        var latency = 0

        // Taken so that `herald -C site sandbox` works in a script that names
        // the repository for every command; the sandbox reads none.
        @Option(name: [.customShort("C"), .long], help: .hidden)
        var repo: String?

        // Likewise --no-color, which a script may pass to every command: nothing here is coloured.
        @Flag(name: .customLong("no-color"), help: .hidden)
        var noColor = false

        func validate() throws {
            if let repo { try requireDirectory(absolutePath(repo), shownAs: repo) }
            guard (0...65_535).contains(port) else { throw ValidationError("--port must be from 0 to 65535 (0 picks a free one)") }
            guard (0...SandboxServer.maxDelayMilliseconds).contains(latency) else {
                throw ValidationError("--latency must be from 0 to \(SandboxServer.maxDelayMilliseconds) milliseconds (10 minutes)")
            }
        }

        func run() async throws {
            try requireOpenFiles()
            let server = SandboxServer(latency: .milliseconds(latency))
            let url = try await server.start(port: UInt16(port))
            var banner = "herald sandbox listening on \(url.absoluteString)\n"
            for platform in server.platforms {
                banner += "  \(platform.platform.rawValue): \(url.absoluteString)\(platform.pathPrefix)\n"
            }
            banner += "publish to it: herald publish --sandbox-url \(url.absoluteString)\n"
            banner += "inspect: curl \(url.absoluteString)/_sandbox/posts\n"
            // Unbuffered, so a script reading a pipe sees it at once.
            StandardStreams.writeOutput(banner)
            // Its address unsaid (the port --port 0 chose), nobody can use it: said, and exit 74.
            if StandardStreams.outputFailed { throw ExitCode(StandardStreams.outputFailedStatus) }
            try await server.run()
        }
    }
}
