import Foundation
import Testing
@testable import HeraldKit

/// A NEL, LS or PS that YAML reads as a line break, outside any text, with
/// more of the file after it on the line git, GitHub and editors show: a
/// reviewer reads that as more of a comment or a value, and YAML as keys
/// or list items of their own. Unless it is a syntax error besides, the
/// file would load with what nobody saw reviewed.
@Suite struct YAMLHiddenLineTests: YAMLTestCase {
    static let hint = "git, GitHub and editors show it inside the line, where what YAML reads after it looks like more of "
        + "the comment or the value before it; delete it"

    @Test(arguments: [
        // A key after a comment: the post a draft, unseen.
        ("publish_at: 2026-11-20T09:00:00Z # checked\u{2028}draft: true\ntext: hi\n", 1, 43, "U+2028 (LINE SEPARATOR)"),
        // After a value, indented as a key of the mapping above: a second account setting.
        ("m1:\n  instance: https://one.example\u{2029}  api_base: http://127.0.0.1:9/x\n", 2, 32, "U+2029 (PARAGRAPH SEPARATOR)"),
        // A comment on a line of its own, and a list item after a value.
        ("# note\u{85}draft: true\ntext: hi\n", 1, 7, "U+0085 (NEXT LINE)"),
        ("accounts:\n  - m1\u{2028}  - m2\n", 2, 7, "U+2028 (LINE SEPARATOR)"),
    ])
    func aLineYAMLReadsAfterOneIsAnErrorAtIt(text: String, line: Int, column: Int, named: String) throws {
        let diagnostic = try onlyDiagnostic(text)
        #expect(diagnostic.message == "\(named) is a line break to YAML, which reads the rest of this line as a line of its own")
        #expect(diagnostic.location == at(line, column))
        #expect(diagnostic.hint == Self.hint)
        // What YAML read is still read: the error holds the file's item.
        #expect(load(text).root != nil)
    }

    /// In a text (quoted, block or over several plain lines) it is the
    /// text's, told of where texts are checked; between a flow list's
    /// items it is a blank; with only blanks or a comment after it, YAML
    /// reads nothing more from the line. None is an error here.
    @Test(arguments: [
        "a: \"x\u{2028}y\u{2029}z\"\n",
        "a: 'x\u{2028}y'\n",
        "b: |\n  \u{E9}\u{2028}  f\n  g\n",
        "c: hello\u{2028}  world\n",
        "c: [1,\u{2028} 2]\nd: {x: 1,\u{2029} y: 2}\n",
        "a: 1 # x \u{2028}\n# y \u{2029} # z\nb: 2 # c \u{2028}   \n",
        "a: 1 # x \u{2028}\u{2029}\nb: 2\n",
    ])
    func oneInATextOrFollowedByNothingIsNotAnError(text: String) {
        #expect(load(text).diagnostics.isEmpty, "\(load(text).diagnostics)")
    }

    /// In accounts.yaml a key or an account nobody reviewed could be
    /// anywhere after one (an `api_base` that sends the token elsewhere):
    /// every account is held. A campaign's holds its posts, a post's itself.
    @Test func whatItHidesIsNotPublished() throws {
        let repo = try TempRepository([
            "campaigns/c.yaml": "name: C\naccounts: [m2] # all\u{2028}hashtags: ['#x']\n",
            "posts/a.yaml": "publish_at: 2026-11-20T09:00:00Z\naccounts: [m1, m2]\ntext: hi\n",
            "posts/b.yaml": "publish_at: 2026-11-20T09:00:00Z\ncampaign: c\ntext: hi\n",
            "posts/c.yaml": "# wording checked\u{2028}text: Never seen\npublish_at: 2026-11-20T09:00:00Z\naccounts: [m2]\n",
        ], accounts: "accounts:\n  m1:\n    platform: mastodon\n    instance: https://one.example\n    # by ops\u{2028}    api_base: http://127.0.0.1:9/m\n"
            + "  m2: { platform: mastodon, instance: https://two.example }\n")
        let problem = "U+2028 (LINE SEPARATOR) is a line break to YAML, which reads the rest of this line as a line of its own"
        #expect(repo.diagnostics() == [
            "accounts.yaml:5:13: error: \(problem) (\(Self.hint))",
            "campaigns/c.yaml:2:21: error: \(problem) (\(Self.hint))",
            "posts/c.yaml:1:18: error: \(problem) (\(Self.hint))",
        ])
        let plan = Planner.plan(.init(repository: repo.load(), state: StateSnapshot(), now: Date(), missingCredentials: [:]))
        #expect(plan.items.map { "\($0.post) \($0.account) \($0.action)" } == ["a m1 blocked", "a m2 blocked", "b m2 blocked", "c m2 blocked"])
        #expect(plan.items[0].reason == "account 'm1' cannot be used: accounts.yaml has an error in it (accounts.yaml:5:13: \(problem))")
        #expect(plan.items[1].reason == "account 'm2' cannot be used: accounts.yaml has an error in it (accounts.yaml:5:13: \(problem))")
    }

    /// Each one hiding a line is told of, at its own place; after a syntax
    /// error the file is not read on, and that error names the character.
    @Test func everyOneIsToldOfAndASyntaxErrorIsToldOnce() throws {
        let document = load("a: 1 # x\u{2028}b: 2\nc: 3 # y\u{2029}d: 4\n")
        #expect(document.diagnostics.map(\.location) == [at(1, 9), at(2, 9)])
        let broken = try onlyDiagnostic("# Launch post \u{2028} see the brief\npublish_at: 2026-11-20T09:00:00Z\n")
        #expect(broken.message.hasPrefix("YAML syntax error"))
    }
}
