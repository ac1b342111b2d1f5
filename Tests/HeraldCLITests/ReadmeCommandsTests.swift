import Foundation
import HeraldTestSupport
import Testing

/// The README's table of commands says what each command takes: every
/// option it names is one the command has, and every option of the
/// command's --help is in its row (those of every command aside).
@Suite struct ReadmeCommandsTests {
    /// Options every command has, which the README describes once, under the table.
    let shared: Set<String> = ["--repo", "--no-color", "--help", "--version"]

    /// The table's rows: the command's words, and the options its row names.
    func rows() throws -> [(command: [String], options: Set<String>)] {
        let whole = try String(contentsOfFile: CLI.packageRoot + "/README.md", encoding: .utf8)
        let start = try #require(whole.range(of: "\n## Commands\n"))
        let section = whole[start.upperBound...]
        let readme = section[..<(section.range(of: "\n## ")?.lowerBound ?? section.endIndex)]
        let options = try Regex(#"--[a-z][a-z-]*"#)
        return readme.split(separator: "\n").compactMap { line -> ([String], Set<String>)? in
            guard line.hasPrefix("| `herald "), let end = line.dropFirst(3).firstIndex(of: "`") else { return nil }
            let usage = line[line.index(line.startIndex, offsetBy: 3)..<end]
            let command = usage.split(separator: " ").dropFirst().prefix { $0.allSatisfy { $0.isLowercase } }.map(String.init)
            return (command, Set(usage.matches(of: options).map { String(usage[$0.range]) }))
        }
    }

    @Test func theTableOfCommandsMatchesEachCommandsOptions() async throws {
        let rows = try rows()
        #expect(rows.map { $0.command.joined(separator: " ") } == ["validate", "plan", "publish", "sandbox", "state resolve", "text count"])
        let options = try Regex(#"(?m)^  (?:-[a-zA-Z], )?(--[a-z][a-z-]*)"#)
        for row in rows {
            let help = try await CLI.run(row.command + ["--help"])
            #expect(help.status == 0, "\(row.command)")
            let has = Set(help.stdout.matches(of: options).map { String(help.stdout[$0.output[1].range!]) })
            #expect(row.options.subtracting(has).isEmpty, "README names options \(row.options.subtracting(has).sorted()) that 'herald \(row.command.joined(separator: " "))' does not have")
            #expect(has.subtracting(row.options).subtracting(shared).isEmpty, "'herald \(row.command.joined(separator: " "))' has options \(has.subtracting(row.options).subtracting(shared).sorted()) that its README row does not name")
        }
    }

    /// Each command's USAGE line shows its options, never `<options>` alone
    /// (publish's generated line, too long, was `herald publish <options>`),
    /// and every option a written-out line names is one the command has.
    @Test func usageLinesNameTheCommandsOptions() async throws {
        let options = try Regex(#"(?m)^  (?:-[a-zA-Z], )?(--[a-z][a-z-]*)"#)
        let named = try Regex(#"--[a-z][a-z-]*"#)
        for row in try rows() {
            let help = try await CLI.run(row.command + ["--help"])
            let usage = try #require(help.stdout.split(separator: "\n").first { $0.hasPrefix("USAGE: ") })
            #expect(usage.contains(" [--"), "\(usage)")
            let has = Set(help.stdout.matches(of: options).map { String(help.stdout[$0.output[1].range!]) })
            let shown = Set(usage.matches(of: named).map { String(usage[$0.range]) })
            #expect(shown.subtracting(has).isEmpty, "\(usage) names \(shown.subtracting(has).sorted())")
        }
    }

    /// The workflow's step that commits the state, as GitHub runs it
    /// (`bash -e`), after a run killed outright left its lock: the records
    /// are staged and the lock is not, with `/state/.lock` in .gitignore (as
    /// the README has it) or not. Naming the ignored lock itself made git
    /// exit 1, and the step stopped before its commit.
    @Test func theWorkflowsStateStepLeavesAKilledRunsLockOut() async throws {
        let whole = try String(contentsOfFile: CLI.packageRoot + "/README.md", encoding: .utf8)
        let add = try #require(whole.split(separator: "\n").first { $0.contains("git add -- state/") }).trimmingCharacters(in: .whitespaces)
        for ignored in [true, false] {
            let repo = try TempDirectory()
            try repo.write("state/acme.state", "herald-state 1 account=acme\n")
            try repo.write("state/.lock", "4242\n")
            if ignored { try repo.write(".gitignore", "/state/.lock\n") }
            let result = try await CLI.runProgram("/bin/bash", ["-e", "-c", "git init -q . && \(add) && git diff --cached --name-only"], directory: repo.root)
            #expect(result.status == 0, "\(add): \(result.stderr)")
            #expect(result.stdout == "state/acme.state\n", "\(result.stdout)")
        }
    }

    /// The whole step, as GitHub runs it (`bash -e`, on a runner with no git
    /// identity), when a pull request was merged while herald ran: the push
    /// is refused, the step rebases and pushes again, and the records reach
    /// the branch. Before, the identity was given to `git commit` alone, the
    /// rebase stopped ("Committer identity unknown"), and the records never
    /// reached the branch.
    @Test func theWorkflowsStateStepPushesAfterAMergeMeanwhile() async throws {
        let whole = try String(contentsOfFile: CLI.packageRoot + "/README.md", encoding: .utf8)
        let lines = whole.split(separator: "\n", omittingEmptySubsequences: false)
        let always = try #require(lines.firstIndex { $0.contains("- if: always()") })
        let start = try #require(lines[always...].firstIndex { $0.hasSuffix("run: |") }) + 1
        let end = try #require(lines[start...].firstIndex { $0.hasPrefix("```") })
        let indent = lines[start].prefix { $0 == " " }.count
        let step = lines[start..<end].map { $0.dropFirst(indent) }.joined(separator: "\n")
        #expect(step.contains("git push"), "\(step)")

        let place = try TempDirectory()
        let home = place.root + "/home"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        // No identity anywhere: no global or system configuration, none in the environment.
        var environment = CLI.environment()
        for name in ["GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "EMAIL"] { environment[name] = nil }
        environment["HOME"] = home
        environment["GIT_CONFIG_GLOBAL"] = "/dev/null"
        environment["GIT_CONFIG_NOSYSTEM"] = "1"
        func git(_ arguments: String, in folder: String) async throws {
            let result = try await CLI.runProgram("/bin/bash", ["-e", "-c", arguments], environment: environment, directory: folder)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
        }
        let me = "-c user.name=someone -c user.email=someone@example.com"
        try await git("git init -q --bare -b main origin.git && git clone -q origin.git seed 2>/dev/null", in: place.root)
        try await git("printf 'state/*.state merge=union eol=lf\\n' > .gitattributes && mkdir state && printf 'herald-state 1 account=acme\\n' > state/acme.state "
                      + "&& git add -A && git \(me) commit -qm start && git push -q origin main", in: place.root + "/seed")
        try await git("git clone -q origin.git ci", in: place.root)
        // Merged while herald ran.
        try await git("echo text > posts.md && git add posts.md && git \(me) commit -qm merged && git push -q origin main", in: place.root + "/seed")
        // What the run recorded.
        let ci = place.root + "/ci"
        try "herald-state 1 account=acme\n2026-12-01T08:00:01Z published post=a part=0 hash=1 id=9 due=2026-12-01T08:00:00Z\n"
            .write(toFile: ci + "/state/acme.state", atomically: true, encoding: .utf8)
        let result = try await CLI.runProgram("/bin/bash", ["-e", "-c", step], environment: environment, directory: ci)
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        let log = try await CLI.runProgram("/bin/bash", ["-c", "git log --format=%s main && git show main:state/acme.state"], environment: environment,
                                           directory: place.root + "/origin.git")
        #expect(log.stdout.hasPrefix("herald: state\nmerged\nstart\n"), "\(log.stdout)\n\(log.stderr)")
        #expect(log.stdout.contains(" published post=a "), "\(log.stdout)")
    }
}
