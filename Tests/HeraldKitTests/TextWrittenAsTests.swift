import Foundation
import Testing
@testable import HeraldKit

/// A text is what it looks like in the file: YAML's ways of reading less
/// than was written (an anchor, a tag, a comment after it, an escape, a
/// character that shows nothing) are errors at their place.
@Suite struct TextWrittenAsTests {
    let due = "publish_at: 2026-12-01T09:00:00+01:00\n"

    /// The escape is found on whatever line of the string it is, after
    /// escapes that write no control character (a tab, a quote, a
    /// backslash, a line break escaped), in columns of characters, and past
    /// a tag; each way of writing one counts (`\e`, `\N`, `\u`, `\U`).
    @Test func aControlCharacterIsPlacedAtTheEscapeThatWritesIt() throws {
        let repo = try TempRepository([
            "posts/a.yaml": due + #"""
                accounts: [acme-mastodon]
                text: "日本 \t \" \\x07 \
                  folded on
                  and on: 🎉\e"

                """#,
            "posts/b.yaml": due + #"accounts: [acme-mastodon]\#ntext: !!str "a\Nb"\#n"#,
            "posts/c.yaml": due + #"accounts: [acme-mastodon]\#ntext: hi\#nthread:\#n  - "\u00e9 \u009F"\#n  - "\U0000001b"\#n"#,
        ])
        let what = ", a control character that platforms reject or do not show (remove the escape that writes it)"
        #expect(repo.diagnostics() == [
            "posts/a.yaml:5:12: error: text contains U+001B" + what,
            "posts/b.yaml:3:15: error: text contains U+0085" + what,
            "posts/c.yaml:5:13: error: thread part contains U+009F" + what,
            "posts/c.yaml:6:6: error: thread part contains U+001B" + what,
        ])
    }

    /// `\n` in a plain or single-quoted text, a folded block or an alt text
    /// is a backslash and an `n`, which the post would show: a warning says
    /// so, and where a line break is written. In double quotes it is a line
    /// break; in a literal block, what was typed (code, say).
    @Test func aBackslashNOutsideDoubleQuotesIsToldWhatItIs() throws {
        let repo = try TempRepository([
            "posts/a.yaml": due + #"accounts: [acme-mastodon]\#ntext: 'Big news!\nWe shipped.'\#n"#,
            "posts/b.yaml": due + #"accounts: [acme-mastodon]\#ntext: Line one\nLine two\#n"#,
            "posts/c.yaml": due + #"accounts: [acme-mastodon]\#ntext: "Line one\nLine two"\#n"#,
            "posts/d.yaml": due + #"accounts: [acme-mastodon]\#ntext: |\#n  printf 'a\n'\#n"#,
            "posts/e.yaml": due + #"accounts: [acme-mastodon]\#ntext: >\#n  Big news!\n\#n  We shipped.\#n"#,
            "posts/f.yaml": due + #"accounts: [acme-mastodon]\#ntext: hi\#nmedia:\#n  - path: media/a.png\#n    alt: A cat\non a mat\#n"#,
        ])
        try repo.write("media/a.png", TempRepository.png)
        let holds = "warning: the %@ holds '\\n' as a backslash and an 'n', which would be published as they are: YAML reads escapes only in double quotes"
        let what = String(format: holds, "text") + " (for a line break, write the text on the lines after 'text: |', or in double quotes)"
        #expect(repo.diagnostics() == [
            "posts/a.yaml:3:7: " + what, "posts/b.yaml:3:7: " + what,
            "posts/e.yaml:3:7: " + String(format: holds, "text") + " (for a line break, write '|' in place of '>', and the break itself)",
            "posts/f.yaml:6:10: " + String(format: holds, "alt text") + " (for a line break, write the alt text on the lines after 'alt: |', or in double quotes)",
        ])
    }

    /// A text written as a list or mapping is told by how it was written: a
    /// `[` or `{` meant as text, lines starting with `- ` (several lines,
    /// or a thread), or a line `word: …`. An alias of a flow list is one.
    @Test func aTextWrittenAsACollectionIsToldHowYAMLReadItThere() throws {
        let repo = try TempRepository([
            "posts/flow.yaml": due + "accounts: [acme-mastodon]\ntext: [beta]\n",
            "posts/block.yaml": due + "accounts: [acme-mastodon]\ntext:\n  - Big news\n  - More below\n",
            "posts/mapping.yaml": due + "accounts: [acme-mastodon]\ntext:\n  Note: we ship today\n",
            "posts/alias.yaml": due + "accounts: &t [acme-mastodon]\ntext: *t\n",
        ])
        let found = "error: text must be a string, found a list ("
        #expect(repo.diagnostics() == [
            "posts/alias.yaml:3:7: " + found + TempRepository.textAsList + ")",
            "posts/block.yaml:4:3: " + found + "YAML reads lines starting with '- ' as a list: for a text of several lines, write them "
                + "on the lines after 'text: |', indented; for a thread, list its later parts under 'thread:', each as '- text: …')",
            "posts/flow.yaml:3:7: " + found + TempRepository.textAsList + ")",
            "posts/mapping.yaml:4:3: error: text must be a string, found a mapping (YAML reads a line of the form 'word: …' as a key "
                + "and its value: write the text on the lines after 'text: |', indented, where ': ' is part of the text)",
        ])
    }

    /// `text: &more news` is the text `news` with an anchor named `more`:
    /// with no alias using the anchor, `&more news` was meant, and `news`
    /// is not published in its place. An anchor an alias uses is YAML's.
    @Test func aTextStartingWithAnAnchorNoAliasUsesIsAnError() throws {
        let repo = try TempRepository([
            "posts/a.yaml": due + "accounts: [acme-mastodon]\ntext: &more news\nmedia:\n  - { path: media/a.png, alt: &alt a cat }\n",
            "posts/b.yaml": due + "accounts: [acme-mastodon]\ntext: &same said twice\nthread:\n  - *same\n",
        ])
        try repo.write("media/a.png", TempRepository.png)
        #expect(repo.diagnostics() == [
            "posts/a.yaml:3:7: error: text starts with '&more', which YAML reads as an anchor's name, not as text "
                + "(quote the text if '&more' is part of it, as in \"&more news\")",
            "posts/a.yaml:5:31: error: alt text starts with '&alt', which YAML reads as an anchor's name, not as text "
                + "(quote the text if '&alt' is part of it, as in \"&alt a cat\")",
        ])
        // Not what is published either.
        #expect(repo.load().invalidPosts["a"] != nil)
    }

    /// An anchor before a block or quoted text cannot have been meant as
    /// part of it: `text: &intro |` is YAML's, and no error.
    @Test func anAnchorBeforeABlockOrQuotedTextIsYAMLs() throws {
        let repo = try TempRepository([
            "posts/a.yaml": due + "accounts: [acme-mastodon]\ntext: &intro |\n  Big news today.\n",
            "posts/b.yaml": due + "accounts: [acme-mastodon]\ntext: &quoted \"hello\"\nthread:\n  - &p 'part two'\n",
        ])
        #expect(repo.diagnostics() == [])
    }

    /// `text: Big news #launch` is the text `Big news` and a comment: a
    /// hashtag written so would not be published, and that is an error at
    /// its `#`, in a text, a thread part (a flow list over several lines
    /// too) or an alt text. A comment as people write one (`# note`) is not.
    @Test func aHashtagAfterATextIsAnError() throws {
        let repo = try TempRepository([
            "posts/a.yaml": due + "accounts: [acme-mastodon]\ntext: Big news today #launch\n",
            "posts/b.yaml": due + "accounts: [acme-mastodon]\ntext: \"Quoted\" #über\nthread: [Part two,\n  see you there #launch\n]\n",
            "posts/c.yaml": due + "accounts: [acme-mastodon]  #x\ntext: Hi  # a note\nmedia:\n  - path: media/a.png\n    alt: A cat #cute\n",
        ])
        try repo.write("media/a.png", TempRepository.png)
        let hint = "(an unquoted '#' after a blank starts a comment: quote the whole %@ to keep it, or write it on the lines after a '|')"
        #expect(repo.diagnostics() == [
            "posts/a.yaml:3:22: error: '#launch' after the text is a YAML comment, not part of it, and would not be published "
                + hint.replacingOccurrences(of: "%@", with: "text"),
            "posts/b.yaml:3:16: error: '#über' after the text is a YAML comment, not part of it, and would not be published "
                + hint.replacingOccurrences(of: "%@", with: "text"),
            "posts/b.yaml:5:17: error: '#launch' after the thread part is a YAML comment, not part of it, and would not be published "
                + hint.replacingOccurrences(of: "%@", with: "thread part"),
            "posts/c.yaml:6:16: error: '#cute' after the alt text is a YAML comment, not part of it, and would not be published "
                + hint.replacingOccurrences(of: "%@", with: "alt text"),
        ])
    }

    /// `text: ! Big news` is the text `Big news` with YAML's non-specific tag.
    @Test func aTextStartingWithABareTagIsAnError() throws {
        let repo = try TempRepository(["posts/a.yaml": due + "accounts: [acme-mastodon]\ntext: ! Big news\n",
                                       "posts/b.yaml": due + "accounts: [acme-mastodon]\ntext: ! \"Big news\"\nthread:\n  - ! |\n    two\n"])
        let tag = "starts with '! ', which YAML reads as a tag, not as text (quote the whole text if '!' is part of it, as in"
        #expect(repo.diagnostics() == [
            "posts/a.yaml:3:7: error: text \(tag) \"! Big news\")",
            "posts/b.yaml:3:7: error: text \(tag) \"! Big news\")",
            "posts/b.yaml:5:5: error: thread part \(tag) \"! two\")",
        ])
    }

    /// A text of characters that show nothing (a zero-width space, a soft
    /// hyphen, a word joiner, the braille blank) is a blank post; with a
    /// picture, the picture shows. A letter among them is a text.
    @Test func aTextThatShowsNothingIsBlank() throws {
        let repo = try TempRepository([
            "posts/a.yaml": due + "accounts: [acme-mastodon]\ntext: \"\\u200B \\u00AD\"\nthread:\n  - \"\\u2800\\u2060\"\n  - \"\\u200Bok\"\n",
            "posts/b.yaml": due + "accounts: [acme-mastodon]\ntext: \"\\u200B\"\nmedia:\n  - path: media/a.png\n    alt: A cat\n",
        ])
        try repo.write("media/a.png", TempRepository.png)
        #expect(repo.diagnostics() == [
            "posts/a.yaml:3:7: error: post has no visible text for Mastodon (acme-mastodon): only characters that show nothing (U+200B)",
            "posts/a.yaml:5:5: error: part 2/3 of the thread has no visible text for Mastodon (acme-mastodon): only characters that show nothing (U+2800)",
        ])
    }
}
