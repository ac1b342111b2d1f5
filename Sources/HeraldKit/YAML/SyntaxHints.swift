import Foundation

/// Hints for the YAML syntax errors that post texts cause most often, where
/// libyaml's words name the grammar, not the mistake: a `: ` in an unquoted
/// text (`text: Launch: today`), a quote that ends a quoted text early
/// (`'it's here'`), a line indented under a key's value, a list whose items
/// do not line up. Each is told from the line the error is on (and the line
/// above); nil when none of them is recognised.
enum SyntaxHints {
    /// `problem`: libyaml's words. `number`: the line of the error (1-based);
    /// `lineAt`: the file's line of a number, without its line break, nil
    /// past the end. `column`: the error's 1-based column in Unicode scalars.
    /// `begun`: where the construct began, when libyaml says (1-based).
    /// `mayQuote`: the hint may show the line's value (not in a file that
    /// may hold a secret).
    static func hint(problem: String, context: String? = nil, number: Int, lineAt: (Int) -> String?, column: Int,
                     begun: (line: Int, column: Int)?, mayQuote: Bool) -> String? {
        // A character with hundreds of marks gets no hint: the hints read the line by characters,
        // each the whole run, in time in its square (250 KB took 45 s); the error is said without one.
        guard let line = lineAt(number), line.utf8.count <= 2 * YAMLTreeBuilder.maxCombiningRun
                || YAMLTreeBuilder.longestCombiningRun(line) == nil else { return nil }
        // The nearest line above that is neither blank nor a comment.
        let above = (1..<max(1, number)).reversed().lazy.compactMap(lineAt).first { line in
            let content = line.drop { $0 == " " || $0 == "\t" }
            return !content.isEmpty && content.first != "#"
        }
        let scalars = Array(line.unicodeScalars)
        let before = scalars.prefix(max(0, min(column - 1, scalars.count)))
        // A pasted line or paragraph separator: herald's lines go on past it, libyaml's do not.
        // NEL has no way into a text: written `\u0085` (or `\N`) it is a control character, which herald refuses.
        if let last = before.last, unicodeLineBreaks[last] != nil {
            return "the character before this is \(lineBreakName(last)), which YAML reads as a line break: "
                + (last == "\u{85}" ? "delete it: written as an escape, it is a control character, which platforms reject or do not show"
                    : "delete it, or write the text in double quotes with \\u\(SourceText.hex(last.value, digits: 4)) where you want it")
        }
        if let hint = indicatorHint(problem: problem, context: context, scalars: scalars, column: column, mayQuote: mayQuote) {
            return hint
        }
        // A space or colon that only looks like one (pasted from a chat, a document, an IME), on this
        // line or the one above (libyaml may stumble only on the next line): no excerpt shows it.
        // The line above only where its value ran on into this one (`key:<NBSP>value`), not from a block text's lines.
        let lineAbove = problem == "mapping values are not allowed in this context" ? (1..<max(1, number)).reversed().prefix(1).compactMap { n in
            lineAt(n).flatMap { indentation($0) <= indentation(line) ? (n, $0) : nil }
        } : []
        for (at, text) in [(number, line)] + lineAbove {
            if let (offset, scalar, what) = lookAlike(in: text) {
                let code = TextRules.codePoint(scalar.value)
                return "\(at == number ? "this line" : "line \(at)") has \(code) (\(what.name)) at column \(offset + 1), which looks like \(what.meant) but is not one to YAML: "
                    + "type \(what.meant) in its place"
            }
        }
        let lineIndent = indentation(line)
        // libyaml gives up on a key of over 1024 characters: the ': ' is there, past that.
        if problem == "could not find expected ':'", let colon = line.range(of: ": ") ?? (line.hasSuffix(":") ? line.index(before: line.endIndex)..<line.endIndex : nil),
           case let length = line[..<colon.lowerBound].drop(while: { $0 == " " }).unicodeScalars.count, length > 1024 {
            return "the key on this line is \(length) characters long, and YAML reads keys of at most 1024"
        }
        if ["could not find expected ':'", "did not find expected key"].contains(problem),
           let block = blockText(above: number, indent: lineIndent, lineAt: lineAt) {
            // In a file that may hold a secret, even a key is not quoted: a value may have been pasted there.
            let header = mayQuote ? "the text after '\(block.header)' on line \(block.line)" : "the block text begun on line \(block.line)"
            if let textIndent = block.textIndent, lineIndent > block.keyIndent, lineIndent < textIndent {
                return "this line is indented less than the lines above it: \(header) goes on only while its lines are indented "
                    + "as far as its first, \(textIndent) spaces"
            }
            if let textIndent = block.textIndent, lineIndent <= block.keyIndent, problem == "could not find expected ':'" {
                return "this line has no ': ', so YAML cannot read it as a key: if it goes on \(header), indent it as far as its first line, "
                    + "\(textIndent) spaces"
            }
            if block.textIndent == nil, lineIndent <= block.keyIndent {
                let example = String(repeating: " ", count: block.keyIndent + 2) + line.drop { $0 == " " }
                return "\(header) is written on the lines after it, indented further than its key: put spaces before this line"
                    + (mayQuote ? ", as in '\(example)'" : "")
            }
        }
        if problem == "could not find expected ':'", let above, lineIndent <= indentation(above),
           let key = above.drop(while: { $0 == " " || $0 == "-" }).split(separator: ":", maxSplits: 1).first, above.contains(": ") {
            let (value, written) = mayQuote ? ("the value of '\(key)' above", "'\(key)'") : ("the value above", "its key")
            return "this line has no ': ', so YAML cannot read it as a key: if it goes on \(value), indent it further than \(written)"
                + (mayQuote ? " (a text over several lines is clearest after '\(key): |')" : "")
        }
        // `-acme-x`, `-text: two`: a '-' starts a list item only with a blank after it.
        let content = line.drop { $0 == " " }
        if ["could not find expected ':'", "did not find expected '-' indicator"].contains(problem), content.hasPrefix("-"),
           content.dropFirst().first.map({ $0 != " " && $0 != "-" }) ?? false, let above, above.drop(while: { $0 == " " }).hasPrefix("- ") {
            let item = String(repeating: " ", count: indentation(above)) + "- " + content.dropFirst()
            return "a '-' starts a list item only with a space after it" + (mayQuote ? ": write '\(item)'" : "")
        }
        // `  alt: x` under `  - path: a.png`: a key of the item above, written in the column of its '- '.
        if problem == "did not find expected '-' indicator", let begun, lineIndent + 1 == begun.column, !content.hasPrefix("-"),
           let above, case let item = above.drop(while: { $0 == " " }), item.hasPrefix("- "), item.dropFirst(2).contains(":") {
            let keyColumn = indentation(above) + 3
            return "this line is in the column of the list's '- ': a key of the item above goes under its first key, in column \(keyColumn)"
        }
        if problem == "could not find expected ':'", context == "while scanning a simple key" {
            // The line above is a list item: this one may be meant as the next.
            if let above, above.drop(while: { $0 == " " }).hasPrefix("- ") {
                let item = String(repeating: " ", count: indentation(above)) + "- " + line.drop { $0 == " " }
                return "this line has no ': ', so YAML cannot read it as a key: if it is another item of the list above, start it with '- '"
                    + (mayQuote ? ", as in '\(item)'" : "")
            }
            return "this line has no ': ', so YAML cannot read it as a key"
        }
        switch problem {
        case "mapping values are not allowed in this context":
            if let quoted = quotedValue(line) {
                return "the value holds ': ', which YAML reads as the start of another key: quote it"
                    + (mayQuote ? ", as in \(quoted)" : "")
            }
            if let above, indentation(line) > indentation(above), above.contains(": ") {
                return "this line is indented further than the line above, so YAML reads it as more of the value there: "
                    + "start it in the same column as the key above, or quote that value if it goes on over lines"
            }
            return nil
        case "did not find expected key", "did not find expected ',' or ']'", "did not find expected ',' or '}'":
            // The text goes on after a closing quote: the quote was meant as part of the text.
            let last = before.last { $0 != " " && $0 != "\t" }
            if last == "'" {
                return "the ' before this ends the quoted text, and nothing may follow it: a ' inside single quotes is written '' (as in 'it''s'), or quote the text with \" instead"
            }
            if last == "\"" {
                return "the \" before this ends the quoted text, and nothing may follow it: a \" inside double quotes is written \\\" (as in \"say \\\"hi\\\"\"), or quote the text with ' instead"
            }
            // A list item out of line with the items above it.
            if problem == "did not find expected key", let item = listItem(above: number, lineAt: lineAt),
               line.drop(while: { $0 == " " }).hasPrefix("-"), item.column != lineIndent + 1 {
                return "the item on line \(item.line) has its '- ' in column \(item.column): start each item of a list in the same column"
            }
            // A key indented away from the keys around it (a comment line between ends the value above).
            if problem == "did not find expected key", let begun, before.allSatisfy({ $0 == " " }), before.count + 1 != begun.column {
                return "the mapping began at line \(begun.line), column \(begun.column): start each of its keys in column \(begun.column)"
            }
            return nil
        case "did not find expected '-' indicator":
            guard let begun else { return nil }
            return "the list began at line \(begun.line), column \(begun.column): start each '- ' of it in column \(begun.column)"
        default:
            return nil
        }
    }

    /// A line or paragraph separator (or NEL) pasted into a comment, on line
    /// `number` before `column` (the text there is the first YAML read
    /// after it) or on a line above it back to the nearest
    /// one that holds more than a comment: YAML ends the comment at it and
    /// reads the rest of the line as more of the file, where herald's line
    /// (and an editor's) goes on, so libyaml stops further on, often on the
    /// next line. Its 1-based line and column, and a hint that names it;
    /// nil when no such character has anything but blanks or a comment
    /// after it (YAML then reads nothing from it).
    static func separatorInComment(number: Int, column: Int, lineAt: (Int) -> String?) -> (line: Int, column: Int, hint: String)? {
        var lines: [Int] = []
        var n = number
        while n >= 1, let text = lineAt(n) {
            lines.append(n)
            let content = text.drop { $0 == " " || $0 == "\t" }
            if n < number, !content.isEmpty, content.first != "#" { break }
            n -= 1
        }
        for n in lines.reversed() {
            guard let text = lineAt(n) else { continue }
            let scalars = Array(text.unicodeScalars)
            // A '#' in a block text (`text: |`) is the text's: YAML's line break there is the text's problem.
            guard let at = commentSeparator(in: scalars[..<(n == number ? min(max(column, 0), scalars.count) : scalars.count)]),
                  !inBlockText(n, lineAt: lineAt) else { continue }
            return (n, at + 1, "this is \(lineBreakName(scalars[at])), which YAML reads as a line break: the comment ends here, "
                + "and YAML reads the rest of the line as more of the file; delete it")
        }
        return nil
    }

    /// Whether line `number` is a line of a block text (`text: |`): the
    /// nearest line above it less indented than it (and than any between)
    /// is a block text's header. Each such line is read once.
    private static func inBlockText(_ number: Int, lineAt: (Int) -> String?) -> Bool {
        guard let line = lineAt(number) else { return false }
        var least = indentation(line)
        var n = number - 1
        while least > 0, n >= 1, let text = lineAt(n) {
            defer { n -= 1 }
            let spaces = indentation(text)
            guard spaces < least, !text.dropFirst(spaces).allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" }) else { continue }
            if blockText(above: n + 1, indent: spaces, lineAt: lineAt) != nil { return true }
            least = spaces
        }
        return false
    }

    /// A NEL, LS or PS with more of the file after it on its line, which
    /// YAML reads as a line of its own (`MarkLines.hiddenLineProblems`).
    static func hiddenLineProblem(_ scalar: Unicode.Scalar) -> String {
        "\(lineBreakName(scalar)) is a line break to YAML, which reads the rest of this line as a line of its own"
    }

    static let hiddenLineHint = "git, GitHub and editors show it inside the line, where what YAML reads after it looks like more of "
        + "the comment or the value before it; delete it"

    /// `U+2028 (LINE SEPARATOR)`, `U+0085 (NEXT LINE)`: four digits at
    /// least, as every message writes a code point.
    static func lineBreakName(_ scalar: Unicode.Scalar) -> String {
        "\(TextRules.codePoint(scalar.value)) (\(unicodeLineBreaks[scalar] ?? "?"))"
    }

    /// The offset of the line break YAML sees (NEL, LS, PS) that ends a
    /// comment and has more than blanks or another comment after it, in
    /// one of herald's lines: YAML's lines end at each, and a '#' starts a
    /// comment at a line's start or after a blank, outside quotes (which
    /// go on past such a break).
    private static func commentSeparator(in scalars: ArraySlice<Unicode.Scalar>) -> Int? {
        var quote: Unicode.Scalar?
        var inComment = false
        // The break that ended the last comment, while only blanks and comments follow it.
        var ended: Int?
        var previous: Unicode.Scalar?
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let scalar = scalars[index]
            defer { index += 1 }
            if unicodeLineBreaks[scalar] != nil, quote == nil {
                if inComment { ended = index }
                inComment = false
                previous = nil
                continue
            }
            if inComment { continue }
            if let open = quote {
                // '' in single quotes and \" in double quotes are the quote character itself.
                if scalar == "\\", open == "\"" { index += 1 } else if scalar == open {
                    if open == "'", index + 1 < scalars.endIndex, scalars[index + 1] == "'" { index += 1 } else { quote = nil }
                }
                previous = scalar
                continue
            }
            if scalar == " " || scalar == "\t" {
                previous = scalar
                continue
            }
            if scalar == "#", previous == nil || previous == " " || previous == "\t" {
                inComment = true
                continue
            }
            // Content after a comment's end: that break is the cause.
            if let ended { return ended }
            if scalar == "\"" || scalar == "'", previous.map({ " \t[{,".unicodeScalars.contains($0) }) ?? true { quote = scalar }
            previous = scalar
        }
        return nil
    }

    /// The characters besides line feeds and carriage returns that YAML
    /// reads as line breaks, by name.
    /// Characters that look like a space or a colon where YAML needs one.
    static let lookAlikes: [Unicode.Scalar: (name: String, meant: String)] = [
        "\u{00A0}": ("NO-BREAK SPACE", "a space"), "\u{2007}": ("FIGURE SPACE", "a space"), "\u{2009}": ("THIN SPACE", "a space"),
        "\u{202F}": ("NARROW NO-BREAK SPACE", "a space"), "\u{3000}": ("IDEOGRAPHIC SPACE", "a space"), "\u{FF1A}": ("FULLWIDTH COLON", "':'"),
    ]

    /// The first look-alike where YAML reads structure: in the indentation,
    /// in the key (a full-width colon), or just after the key's colon.
    static func lookAlike(in line: String) -> (offset: Int, scalar: Unicode.Scalar, what: (name: String, meant: String))? {
        let scalars = Array(line.unicodeScalars)
        var i = 0
        while i < scalars.count, scalars[i] == " " || scalars[i] == "-" || lookAlikes[scalars[i]] != nil {
            if let what = lookAlikes[scalars[i]] { return (i, scalars[i], what) }
            i += 1
        }
        while i < scalars.count, scalars[i] != ":", scalars[i] != " " {
            if scalars[i] == "\u{FF1A}", let what = lookAlikes[scalars[i]] { return (i, scalars[i], what) }
            i += 1
        }
        if i + 1 < scalars.count, scalars[i] == ":", let what = lookAlikes[scalars[i + 1]] { return (i + 1, scalars[i + 1], what) }
        return nil
    }

    static let unicodeLineBreaks: [Unicode.Scalar: String] = [
        "\u{85}": "NEXT LINE", "\u{2028}": "LINE SEPARATOR", "\u{2029}": "PARAGRAPH SEPARATOR",
    ]

    /// The nearest list item (`- …`) above line `number` with nothing
    /// between but blank lines, comments and lines indented further: its
    /// line and the 1-based column of its `-`.
    private static func listItem(above number: Int, lineAt: (Int) -> String?) -> (line: Int, column: Int)? {
        guard let line = lineAt(number) else { return nil }
        let indent = indentation(line)
        var n = number - 1
        while n >= 1, let text = lineAt(n) {
            defer { n -= 1 }
            let spaces = indentation(text)
            let content = text.dropFirst(spaces)
            if content.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" }) || content.first == "#" { continue }
            if content == "-" || content.hasPrefix("- ") { return (n, spaces + 1) }
            if spaces <= indent { return nil }
        }
        return nil
    }

    /// What YAML reads a value starting with each of these characters as,
    /// unquoted (nothing: YAML keeps '@' and '`' for later use): a text that
    /// starts with one (`@acme thanks`, `> quoted`) must be quoted.
    static let indicators: [Unicode.Scalar: String] = [
        "@": "", "`": "", "%": "a directive", "*": "an alias, a reference to an anchor (&name)", ">": "a block text, written on the lines after it",
        "|": "a block text, written on the lines after it", "-": "a list item", "?": "a key",
        "[": "a list", "{": "a mapping",
    ]

    /// A value starting with one of `indicators`, found from where libyaml
    /// stopped: at the character, or after it (a block scalar's header, an
    /// alias's name).
    private static func indicatorHint(problem: String, context: String?, scalars: [Unicode.Scalar], column: Int,
                                      mayQuote: Bool) -> String? {
        let at = column - 1
        guard scalars.indices.contains(at) || at == scalars.count else { return nil }
        let here = at < scalars.count ? scalars[at] : nil
        let candidates: [Int]
        switch (problem, context) {
        case ("found character that cannot start any token", _) where here.map("@`%".unicodeScalars.contains) == true,
             ("block sequence entries are not allowed in this context", _) where here == "-",
             ("mapping keys are not allowed in this context", _) where here == "?":
            candidates = [at]
        case (_, "while scanning a block scalar"):
            candidates = scalars[..<at].indices.filter { scalars[$0] == ">" || scalars[$0] == "|" }
        case (_, "while scanning an alias"):
            candidates = scalars[..<min(at + 1, scalars.count)].indices.filter { scalars[$0] == "*" }
        case ("did not find expected key", _):
            // `text: [New] release`: a list, then more on its line.
            let last = scalars[..<min(at, scalars.count)].last { $0 != " " && $0 != "\t" }
            let open: Unicode.Scalar? = last == "]" ? "[" : last == "}" ? "{" : nil
            candidates = open.map { open in scalars[..<min(at, scalars.count)].indices.filter { scalars[$0] == open } } ?? []
        default:
            candidates = []
        }
        // The last of them where a value starts: after 'key: ', '- ', or a flow collection's '[', '{' or ','.
        func trimmedPrefix(_ index: Int) -> String {
            String(String.UnicodeScalarView(scalars[..<index])).trimmingCharacters(in: .whitespaces)
        }
        guard let index = candidates.last(where: { index in
            let trimmed = trimmedPrefix(index)
            return trimmed.isEmpty || [":", "-", "[", "{", ","].contains(where: trimmed.hasSuffix)
        }), let meaning = indicators[scalars[index]] else { return nil }
        let trimmed = trimmedPrefix(index)
        let prefix = String(String.UnicodeScalarView(scalars[..<index]))
        var hint = meaning.isEmpty ? "YAML does not let a value start with '\(scalars[index])' unquoted: quote the text"
            : "YAML reads a value starting with '\(scalars[index])' as \(meaning): quote the text"
        // The line as it should be, where the value runs to its end (not inside a flow collection).
        if mayQuote, !prefix.contains(where: { "[{".contains($0) }) {
            let value = String(String.UnicodeScalarView(scalars[index...])).trimmingCharacters(in: .whitespaces)
            let lead = trimmed.hasSuffix(":") ? trimmed.drop { $0 == "-" || $0 == " " } + " " : trimmed.hasSuffix("-") ? "- " : ""
            hint += ", as in \(lead)\(doubleQuoted(value))"
        }
        return hint
    }

    /// `text: "Launch: today"` for `text: Launch: today`: the line with its
    /// value double-quoted, when the value is plain (not quoted, a block
    /// scalar, a list or a mapping) and holds `: `; nil otherwise.
    static func quotedValue(_ line: String) -> String? {
        guard let separator = line.range(of: ": ") else { return nil }
        let key = line[..<separator.lowerBound]
        let keyText = key.drop { $0 == " " || $0 == "-" }
        guard !keyText.isEmpty, !keyText.contains(where: { "\"'{[#".contains($0) }) else { return nil }
        var value = line[separator.upperBound...].trimmingCharacters(in: .whitespaces)
        // A comment after the value stays a comment, outside the quotes.
        var comment = ""
        if let hash = value.range(of: " #") ?? value.range(of: "\t#") {
            comment = " " + value[value.index(after: hash.lowerBound)...]
            value = value[..<hash.lowerBound].trimmingCharacters(in: .whitespaces)
        }
        guard let first = value.first, !"\"'[{|>&*!#".contains(first), value.contains(": ") else { return nil }
        // `- Part 2: more: even`: a list item of words, not a key, is quoted whole.
        if key.drop(while: { $0 == " " }).hasPrefix("- "), keyText.contains(" ") {
            return "- \(doubleQuoted(keyText + ": " + value))\(comment)"
        }
        return "\(keyText): \(doubleQuoted(value))\(comment)"
    }

    /// `value` as a double-quoted YAML scalar: its `\` and `"` escaped.
    private static func doubleQuoted(_ value: String) -> String {
        "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    private static func indentation(_ line: String) -> Int {
        line.prefix { $0 == " " }.count
    }

    /// A block text (`key: |`, `- >-`) whose header is the nearest line above
    /// `number` indented no further than `indent`: its header as written,
    /// its line, the column its key starts in (after any `- `, 0-based), and
    /// how far its first line of text is indented, when it has one.
    private static func blockText(above number: Int, indent: Int, lineAt: (Int) -> String?)
        -> (header: String, line: Int, keyIndent: Int, textIndent: Int?)? {
        var textIndent: Int?
        var n = number - 1
        while n >= 1, let text = lineAt(n) {
            defer { n -= 1 }
            let spaces = indentation(text)
            if text.dropFirst(spaces).allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" }) { continue }
            if spaces > indent {
                textIndent = spaces
                continue
            }
            // The last word, after any comment: `|` or `>`, with a chomping or indentation indicator.
            let written = text.split(separator: " #", maxSplits: 1).first.map(String.init) ?? text
            let trimmed = written.trimmingCharacters(in: .whitespaces)
            guard let last = trimmed.split(separator: " ").last, let first = last.first, first == "|" || first == ">",
                  last.dropFirst().allSatisfy({ "+-123456789".contains($0) }) else { return nil }
            let lead = trimmed.dropLast(last.count).trimmingCharacters(in: .whitespaces)
            guard lead.hasSuffix(":") || lead.hasSuffix("-") || lead.isEmpty else { return nil }
            var keyIndent = spaces
            var rest = text.dropFirst(spaces)
            while rest.hasPrefix("- ") {
                let after = rest.dropFirst(2)
                let more = after.prefix { $0 == " " }.count
                keyIndent += 2 + more
                rest = after.dropFirst(more)
            }
            return (trimmed, n, keyIndent, textIndent)
        }
        return nil
    }
}
