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
}
