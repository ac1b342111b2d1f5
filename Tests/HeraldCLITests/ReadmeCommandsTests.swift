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
}
