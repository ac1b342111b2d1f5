import Foundation
import Testing
@testable import HeraldKit

/// The syntax errors post texts cause most often get a hint that names the
/// mistake, where libyaml's words name the grammar.
@Suite struct YAMLSyntaxHintsTests: YAMLTestCase {
    /// A `: ` in an unquoted value: the hint shows the line with the value
    /// quoted (a `"` or `\` in it escaped), whether the key is in a mapping or
    /// in a list item.
    @Test(arguments: [
        ("publish_at: 2026-12-01T09:00Z\ntext: Launch: today\n", 2, 13, #"text: "Launch: today""#),
        // A comment after the value stays outside the quotes: it is not published.
        ("publish_at: 2026-12-01T09:00Z\ntext: Launch: today # note\n", 2, 13, #"text: "Launch: today" # note"#),
        ("media:\n  - path: a.png\n    alt: An image: a \"cat\" \\ dog\n", 3, 18, #"alt: "An image: a \"cat\" \\ dog""#),
        ("thread:\n  - text: Note: bring snacks\n", 2, 15, #"text: "Note: bring snacks""#),
        // A list item of words, not a key: quoted whole, which herald then reads as the part's text.
        ("thread:\n  - Part 2: more: even\n", 2, 17, #"- "Part 2: more: even""#),
    ])
    func aColonInAnUnquotedValue(text: String, line: Int, column: Int, quoted: String) throws {
        let diagnostic = try onlyDiagnostic(text)
        #expect(diagnostic.message == "YAML syntax error: mapping values are not allowed in this context")
        #expect(diagnostic.hint == "the value holds ': ', which YAML reads as the start of another key: quote it, as in \(quoted)")
        #expect(diagnostic.location == at(line, column))
    }

    /// A space or a colon that only looks like one (pasted from a chat, a
    /// document, an input method) is named, with its column, on the line of
    /// the error or the line above it, where libyaml stumbles only later:
    /// no excerpt shows it. Before, the hints told to indent or quote.
    @Test(arguments: [
        ("accounts: [acme-x]\ntext:\u{00A0}hi there\n", "this line has U+00A0 (NO-BREAK SPACE) at column 6, which looks like a space but is not one to YAML: type a space in its place"),
        ("accounts: [acme-x]\ntext\u{FF1A}hi there\n", "this line has U+FF1A (FULLWIDTH COLON) at column 5, which looks like ':' but is not one to YAML: type ':' in its place"),
        ("publish_at:\u{00A0}2026-12-01T09:00Z\ntext: hi\n", "line 1 has U+00A0 (NO-BREAK SPACE) at column 12, which looks like a space but is not one to YAML: type a space in its place"),
    ])
    func aLookAlikeSpaceOrColonIsNamed(text: String, hint: String) throws {
        #expect(try onlyDiagnostic(text).hint == hint)
    }

    /// One that YAML reads into a key, causing no syntax error (a line
    /// started with it, or indented with it), is named in the unknown key's
    /// hint, at its column, where the message showed it as a space and the
    /// hint asked "did you mean 'text'?".
    @Test func aLookAlikeSpaceInAKeyIsNamed() throws {
        let due = "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\n"
        let repo = try TempRepository(["posts/a.yaml": due + "\u{00A0}text: hi\n",
                                       "posts/b.yaml": due + "text: hi\nmedia:\n  - path: media/a.png\n\u{00A0}\u{00A0}\u{00A0} alt: a cat\n"])
        let space = "which looks like a space but is not one to YAML: type a space in its place"
        #expect(repo.diagnostics().filter { $0.contains("unknown key") } == [
            "posts/a.yaml:3:1: error: unknown key '\u{00A0}text' in a post (the key has U+00A0 (NO-BREAK SPACE) at column 1, \(space))",
            "posts/b.yaml:6:1: error: unknown key '\u{00A0}\u{00A0}\u{00A0} alt' in a post (the key has U+00A0 (NO-BREAK SPACE) at column 1, \(space))",
        ])
        // Any other space by its name; an invisible character, to delete; in a quoted key, after its quote.
        try repo.write("posts/a.yaml", due + "\u{2002}text: hi\n")
        try repo.write("posts/b.yaml", due + "\"te\u{200B}xt\": hi\n")
        #expect(repo.diagnostics().filter { $0.contains("unknown key") } == [
            "posts/a.yaml:3:1: error: unknown key '\u{2002}text' in a post (the key has U+2002 (EN SPACE) at column 1, \(space))",
            "posts/b.yaml:3:1: error: unknown key 'te\u{200B}xt' in a post (the key has U+200B (ZERO WIDTH SPACE) at column 4, which cannot be seen: delete it)",
        ])
    }

    /// A no-break space in a block text's line (typed there on purpose) is
    /// not blamed for a mistake on the line after the text.
    @Test func aLookAlikeInABlockTextAboveIsNotBlamed() throws {
        let hint = try onlyDiagnostic("text: |\n  Tarif:\u{00A0}5 euros\naccounts [acme-mastodon]\n").hint
        #expect(hint?.contains("NO-BREAK SPACE") == false, "\(hint ?? "")")
    }

    /// List items written the ways newcomers write them: '-' without the
    /// space after it (told to add it, not to start the line with another
    /// '- '), and a key of an item written in the column of its '- ' (told
    /// the column of the item's keys, not to start it with '- ').
    @Test(arguments: [
        ("accounts:\n  - acme-mastodon\n  -acme-x\n", "a '-' starts a list item only with a space after it: write '  - acme-x'"),
        ("thread:\n  - text: one\n  -text: two\n", "a '-' starts a list item only with a space after it: write '  - text: two'"),
        ("media:\n  - path: media/a.png\n  alt: x\n", "this line is in the column of the list's '- ': a key of the item above goes under its first key, in column 5"),
    ])
    func aListItemWrittenAsNewcomersWriteIt(text: String, hint: String) throws {
        #expect(try onlyDiagnostic(text).hint == hint)
    }

    /// In a file that may hold a secret (it names a credentials key), the
    /// hint does not quote the value.
    @Test func aColonHintQuotesNoValueInAFileThatMayHoldASecret() throws {
        let options = YAMLLoadOptions(concealedKeys: SecretScanner.secretKeys)
        let diagnostic = try onlyDiagnostic("accounts:\n  a:\n    access_token: private-words: more\n", options: options)
        #expect(diagnostic.hint == "the value holds ': ', which YAML reads as the start of another key: quote it")
        let unquoted = try onlyDiagnostic("a: private-words: more\n", options: YAMLLoadOptions(quotesContent: false))
        #expect(unquoted.hint == "the value holds ': ', which YAML reads as the start of another key: quote it")
    }

    /// The same for a value that starts with a character YAML reads
    /// specially (an app password starting with '@'): the hint says what
    /// to do without quoting the line, which would print the secret.
    @Test func anIndicatorHintQuotesNoValueInAFileThatMayHoldASecret() throws {
        let options = YAMLLoadOptions(concealedKeys: SecretScanner.secretKeys)
        let diagnostic = try onlyDiagnostic("accounts:\n  a:\n    app_password: @abcd-efgh-ijkl-mnop\n", options: options)
        #expect(diagnostic.hint == "YAML does not let a value start with '@' unquoted: quote the text")
        #expect(diagnostic.location == at(3, 19))
        #expect(!(diagnostic.hint ?? "").contains("abcd"))
    }

    /// A key indented under the value above it (a blank line between them
    /// changes nothing) reads as more of that value; after a comment line,
    /// which ends the value, it is a key out of line with the others.
    @Test func aKeyIndentedUnderTheValueAbove() throws {
        let diagnostic = try onlyDiagnostic("publish_at: 2026-12-01T09:00Z\ntext: hello\n\n  media: x\n")
        #expect(diagnostic.message == "YAML syntax error: mapping values are not allowed in this context")
        #expect(diagnostic.hint == "this line is indented further than the line above, so YAML reads it as more of the value there: "
            + "start it in the same column as the key above, or quote that value if it goes on over lines")
        #expect(diagnostic.location == at(4, 8))
        let afterComment = try onlyDiagnostic("publish_at: 2026-12-01T09:00Z\ntext: hello\n# the picture\n  media: x\n")
        #expect(afterComment.message == "YAML syntax error: did not find expected key, while parsing a block mapping")
        #expect(afterComment.hint == "the mapping began at line 1, column 1: start each of its keys in column 1")
        #expect(afterComment.location == at(4, 3))
        let inAList = try onlyDiagnostic("thread:\n  - text: a\n    # why\n      media: x\n")
        #expect(inAList.hint == "the mapping began at line 2, column 5: start each of its keys in column 5")
    }

    /// A line meant as more of a text: a block text's line indented no
    /// further than its key, or less than its first line; a line with no
    /// ': ' under a one-line value. The error is at that line.
    @Test func aLineMeantAsMoreOfAText() throws {
        let unindented = try onlyDiagnostic("publish_at: 2026-12-01T09:00Z\ntext: |\nline one\nline two\naccounts: [x]\n")
        #expect(unindented.message == "YAML syntax error: could not find expected ':', while scanning a simple key")
        #expect(unindented.hint == "the text after 'text: |' on line 2 is written on the lines after it, indented further than its key: "
            + "put spaces before this line, as in '  line one'")
        #expect(unindented.location == at(3, 1))
        // In a list item, the key starts after '- '.
        let inAList = try onlyDiagnostic("thread:\n  - text: >-  # folded\n    one\n")
        #expect(inAList.hint == "the text after '- text: >-' on line 2 is written on the lines after it, indented further than its key: "
            + "put spaces before this line, as in '      one'")
        #expect(inAList.location == at(3, 5))
        let lessIndented = try onlyDiagnostic("publish_at: 2026-12-01T09:00Z\ntext: |\n    line one\n\n  line two\n")
        #expect(lessIndented.message == "YAML syntax error: did not find expected key, while parsing a block mapping")
        #expect(lessIndented.hint == "this line is indented less than the lines above it: the text after 'text: |' on line 2 "
            + "goes on only while its lines are indented as far as its first, 4 spaces")
        #expect(lessIndented.location == at(5, 3))
        let noColon = try onlyDiagnostic("publish_at: 2026-12-01T09:00Z\ntext: first line\nsecond line\n")
        #expect(noColon.hint == "this line has no ': ', so YAML cannot read it as a key: if it goes on the value of 'text' above, "
            + "indent it further than 'text' (a text over several lines is clearest after 'text: |')")
        #expect(noColon.location == at(3, 1))
        // In a file that may hold a secret, no word of it is quoted, a key neither.
        let concealed = YAMLLoadOptions(concealedKeys: SecretScanner.secretKeys)
        let secret = try onlyDiagnostic("access_token: |\nprivate words\n", options: concealed)
        #expect(secret.hint == "the block text begun on line 1 is written on the lines after it, indented further than its key: put spaces before this line")
        let pasted = try onlyDiagnostic("access_token: a\nprivate words\n", options: concealed)
        #expect(pasted.hint == "this line has no ': ', so YAML cannot read it as a key: if it goes on the value above, indent it further than its key")
    }

    /// A quote inside a quoted text ends it: the rest of the text is an error.
    @Test(arguments: [
        ("text: 'it's here'\n", 1, 11, "the ' before this ends the quoted text, and nothing may follow it: a ' inside single quotes is written '' (as in 'it''s'), or quote the text with \" instead"),
        ("text: \"say \"hi\" now\"\n", 1, 13, #"the " before this ends the quoted text, and nothing may follow it: a " inside double quotes is written \" (as in "say \"hi\""), or quote the text with ' instead"#),
        ("accounts: ['a', 'it's']\n", 1, 21, "the ' before this ends the quoted text, and nothing may follow it: a ' inside single quotes is written '' (as in 'it''s'), or quote the text with \" instead"),
    ])
    func aQuoteInsideAQuotedText(text: String, line: Int, column: Int, hint: String) throws {
        let diagnostic = try onlyDiagnostic(text)
        #expect(diagnostic.hint == hint)
        #expect(diagnostic.location == at(line, column))
    }

    /// List items that do not line up: the hint names the column of the first.
    @Test func listItemsThatDoNotLineUp() throws {
        let diagnostic = try onlyDiagnostic("thread:\n  - text: a\n   - text: b\n")
        #expect(diagnostic.message == "YAML syntax error: did not find expected '-' indicator, while parsing a block collection")
        #expect(diagnostic.hint == "the list began at line 2, column 3: start each '- ' of it in column 3")
        #expect(diagnostic.location == at(3, 4))
    }

    /// A text starting with a character YAML reads as something else (a
    /// mention, a quote mark, a dash): the hint names what, and shows the
    /// line quoted; in a flow collection, without the line.
    @Test(arguments: [
        ("text: @acme thanks\n", 1, 7, #"YAML does not let a value start with '@' unquoted: quote the text, as in text: "@acme thanks""#),
        ("text: `herald plan` output\n", 1, 7, #"YAML does not let a value start with '`' unquoted: quote the text, as in text: "`herald plan` output""#),
        ("text: %50 off\n", 1, 7, #"YAML reads a value starting with '%' as a directive: quote the text, as in text: "%50 off""#),
        ("text: *new* \"today\"\n", 1, 11,
         #"YAML reads a value starting with '*' as an alias, a reference to an anchor (&name): quote the text, as in text: "*new* \"today\"""#),
        ("text: > quoted\n", 1, 9, #"YAML reads a value starting with '>' as a block text, written on the lines after it: quote the text, as in text: "> quoted""#),
        ("text: - a dash\n", 1, 7, #"YAML reads a value starting with '-' as a list item: quote the text, as in text: "- a dash""#),
        ("text: ? why\n", 1, 7, #"YAML reads a value starting with '?' as a key: quote the text, as in text: "? why""#),
        ("thread:\n  - @acme thanks\n", 2, 5, #"YAML does not let a value start with '@' unquoted: quote the text, as in - "@acme thanks""#),
        ("media:\n  - {path: a.png, alt: @acme}\n", 2, 24, "YAML does not let a value start with '@' unquoted: quote the text"),
        ("text: [New] release\n", 1, 13, #"YAML reads a value starting with '[' as a list: quote the text, as in text: "[New] release""#),
        ("text: {braces} here\n", 1, 16, #"YAML reads a value starting with '{' as a mapping: quote the text, as in text: "{braces} here""#),
    ])
    func aTextStartingWithAnIndicator(text: String, line: Int, column: Int, hint: String) throws {
        let diagnostic = try onlyDiagnostic(text)
        #expect(diagnostic.hint == hint)
        #expect(diagnostic.location == at(line, column))
    }

    /// An alias to no anchor: `*bold` was perhaps meant as text.
    @Test func anAliasToNoAnchor() throws {
        let document = load("text: *bold\n")
        #expect(document.diagnostics.map(\.fullMessage) == [
            "unknown anchor 'bold' (YAML reads a value starting with '*' as an alias, a reference to an anchor (&name): quote the value if the '*' is part of it)",
        ])
    }
}
