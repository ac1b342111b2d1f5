/// Reads typed values out of YAML nodes, collecting a diagnostic for every
/// problem instead of stopping at the first. Each decoder owns one.
struct NodeReader {
    private(set) var diagnostics: [Diagnostic] = []
    /// What the file's text tells of some of its scalars.
    var notes = ScalarNotes()

    /// Why a value that should hold a hashtag or a text is nothing
    /// (`text: #launch day`), for the hints that say how to write it.
    static let hashStartsAComment = "after a blank, an unquoted '#' starts a comment in YAML"

    mutating func error(_ message: String, at location: SourceLocation, hint: String? = nil, conceals: Diagnostic.Concealment? = nil) {
        diagnostics.append(.error(message, at: location, hint: hint, conceals: conceals))
    }

    mutating func warning(_ message: String, at location: SourceLocation, hint: String? = nil) {
        diagnostics.append(.warning(message, at: location, hint: hint))
    }

    mutating func append(contentsOf other: [Diagnostic]) {
        diagnostics.append(contentsOf: other)
    }

    /// The top-level mapping of a file with its keys checked; an error (at
    /// 1:1, with `hint`) when the file holds nothing.
    mutating func document(_ root: YAMLNode?, path: String, _ what: String, empty: String, hint: String,
                           keys: [String], otherNames: [String: String] = [:], meanings: [String: String] = [:]) -> [YAMLPair]? {
        guard let root, !root.isNull else {
            error(empty, at: SourceLocation(path: path, line: 1, column: 1), hint: hint)
            return nil
        }
        guard let pairs = mapping(root, what) else { return nil }
        checkKeys(pairs, allowed: keys, in: what, otherNames: otherNames, meanings: meanings)
        return pairs
    }

    /// `[key: [other names]]` as `[other name: key]`, for `checkKeys`.
    static func otherNames(_ table: [String: [String]]) -> [String: String] {
        Dictionary(table.flatMap { key, words in words.map { ($0, key) } }, uniquingKeysWith: { first, _ in first })
    }

    /// The pairs of a mapping, or an error naming what was expected.
    mutating func mapping(_ node: YAMLNode, _ what: String) -> [YAMLPair]? {
        if let pairs = node.pairs { return pairs }
        error("\(what) must be a mapping, found \(describe(node))", at: node.location)
        return nil
    }

    /// Reports keys that are not in `allowed`, with a suggestion, and sets
    /// `keysMeant`. `otherNames`: herald's key for a key people write for
    /// it (`image` for `media`), used when `allowed` has it; `meanings`: a
    /// hint for a key that belongs in another place (a thread part's
    /// `publish_at`); both by the key in lower case.
    mutating func checkKeys(_ pairs: [YAMLPair], allowed: [String], in what: String, otherNames: [String: String] = [:],
                            meanings: [String: String] = [:]) {
        keysMeant = [:]
        for pair in pairs where !allowed.contains(pair.keyString) && !SecretScanner.reports(pair) {
            let key = pair.keyString.lowercased()
            // YAML 1.1's merge key, which YAML 1.2 (and libyaml) does not have.
            if pair.keyString == "<<" {
                error("unknown key '<<' in \(what)", at: pair.key.location, hint: "merge keys ('<<: *anchor') are not supported: write the keys out")
                // The keys it would have merged in are not missing as well, only not read.
                for merged in (pair.value.items ?? [pair.value]).flatMap({ $0.pairs ?? [] })
                where allowed.contains(merged.keyString) && keysMeant[merged.keyString] == nil {
                    keysMeant[merged.keyString] = merged.value
                }
                continue
            }
            // Another name for a key this mapping cannot have says nothing of use.
            let otherName = otherNames[key].flatMap { allowed.contains($0) ? $0 : nil }
            let meant = meanings[key] == nil ? otherName ?? Suggest.closest(to: pair.keyString, in: allowed) : nil
            if let meant, keysMeant[meant] == nil { keysMeant[meant] = pair.value }
            let hint = Self.lookAlikeHint(pair.key) ?? meanings[key] ?? otherName.map { "herald calls it '\($0)'" } ?? meant.map { "did you mean '\($0)'?" }
            // A key that may name a secret (`tokn`, `pw`) has its value kept from the line shown, as a secret's is.
            error("unknown key '\(pair.keyString)' in \(what)", at: pair.key.location, hint: hint,
                  conceals: SecretScanner.mayNameASecret(pair.keyString) ? SecretScanner.concealing(pair.value) : nil)
        }
    }

    /// A key holding a character that looks like a space or a colon and
    /// is not one (` text`, a no-break space before it, or a line indented
    /// with them, which YAML reads into the key): named, at its column.
    /// Any other space (EN SPACE, HAIR SPACE) is named by its Unicode
    /// name, and an invisible one (ZERO WIDTH SPACE, WORD JOINER) said to be
    /// one, to delete.
    static func lookAlikeHint(_ key: YAMLNode) -> String? {
        guard let scalarValue = key.scalar, !scalarValue.value.allSatisfy(\.isASCII),
              let (offset, scalar) = scalarValue.value.unicodeScalars.enumerated().first(where: { _, scalar in
                  !scalar.isASCII && (SyntaxHints.lookAlikes[scalar] != nil || scalar.properties.isWhitespace || scalar.properties.generalCategory == .format)
              }) else { return nil }
        // A quoted key starts after its quote.
        let column = key.location.column + offset + (scalarValue.style == .plain ? 0 : 1)
        let code = TextRules.codePoint(scalar.value)
        if let what = SyntaxHints.lookAlikes[scalar] {
            return "the key has \(code) (\(what.name)) at column \(column), which looks like \(what.meant) but is not one to YAML: type \(what.meant) in its place"
        }
        let name = scalar.properties.name.map { " (\($0))" } ?? ""
        return scalar.properties.isWhitespace
            ? "the key has \(code)\(name) at column \(column), which looks like a space but is not one to YAML: type a space in its place"
            : "the key has \(code)\(name) at column \(column), which cannot be seen: delete it"
    }

    /// The keys the last mapping checked wrote under another name or
    /// misspelt (`Text`, `image`), each with the first such key's value:
    /// what they would have given is not missing as well, only misnamed.
    private(set) var keysMeant: [String: YAMLNode] = [:]

    /// A non-empty string scalar. Null is reported as missing.
    /// `hintForNothing` is said when the value is missing (`key:` alone).
    /// `textual`: the value is free text, which a bare `~` or `null` may
    /// have been meant as; not a name, a code, a time or a path.
    mutating func string(_ node: YAMLNode, _ what: String, allowEmpty: Bool = false, textual: Bool = false,
                         hintForNothing: String? = nil, hintForCollection: String? = nil) -> Located<String>? {
        guard let scalar = node.scalar, !node.isNull else {
            error("\(what) must be a string, found \(describe(node))", at: node.location,
                  hint: node.isNull ? nothingHint(node, hintForNothing, textual: textual) : hintForCollection)
            return nil
        }
        guard tagIsRead(node, what) else { return nil }
        if !allowEmpty && Self.isBlank(scalar.value) {
            error("\(what) is empty", at: node.location)
            return nil
        }
        return Located(scalar.value, at: node.location)
    }

    /// Whether `value` is empty or only white space. Most values start
    /// with a visible ASCII character, which settles it without looking up
    /// the character's Unicode properties.
    static func isBlank(_ value: String) -> Bool {
        if let first = value.utf8.first, first > 0x20 && first < 0x7F { return false }
        return value.allSatisfy(\.isWhitespace)
    }

    /// Why a value is nothing: YAML's word for it written out (`null`, `~`),
    /// or `hint` when nothing was written.
    private func nothingHint(_ node: YAMLNode, _ hint: String?, textual: Bool) -> String? {
        guard let word = node.scalar?.value, !word.isEmpty else { return hint }
        return textual ? "YAML reads a bare \(word) as nothing: quote it ('\(word)') to write it as text"
            : "YAML reads a bare \(word) as nothing: write a value, or leave the key out"
    }

    /// A scalar tag other than `!!str` (`!!binary`, `!custom`) changes what
    /// a value means in YAML; herald reads none, rather than ignore it.
    private mutating func tagIsRead(_ node: YAMLNode, _ what: String, own: String = "str") -> Bool {
        guard let tag = node.scalar?.tag, tag != "!", tag != "tag:yaml.org,2002:" + own else { return true }
        let core = "tag:yaml.org,2002:"
        let shown = tag.hasPrefix(core) ? "!!" + tag.dropFirst(core.count) : tag
        error("\(what) has the YAML tag '\(shown)', which herald does not read", at: node.location,
              hint: "remove the tag and write the value itself")
        return false
    }

    mutating func bool(_ node: YAMLNode, _ what: String) -> Bool? {
        guard tagIsRead(node, what, own: "bool") else { return nil }
        switch node.scalar.map({ ($0.value, $0.style) }) {
        case ("true", .plain)?: return true
        case ("false", .plain)?: return false
        default:
            error("\(what) must be true or false, found \(describe(node))", at: node.location, hint: node.scalar.flatMap(Self.boolHint))
            return nil
        }
    }

    /// How to write a value meant as true or false: quoted, it is text;
    /// YAML 1.1's yes/no/on/off and capitals are not read as either.
    private static func boolHint(_ scalar: YAMLScalar) -> String? {
        let word = scalar.value.lowercased()
        if scalar.style != .plain && (word == "true" || word == "false") {
            return "in quotes it is text: write \(word) without quotes"
        }
        let meaning: String? = switch word {
        case "true", "yes", "y", "on": "true"
        case "false", "no", "n", "off": "false"
        default: nil
        }
        return meaning.map { "write \($0), in lowercase and without quotes" }
    }

    mutating func integer(_ node: YAMLNode, _ what: String, range: ClosedRange<Int>? = nil) -> Int? {
        guard tagIsRead(node, what, own: "int") else { return nil }
        guard let text = node.scalar?.value, let value = Int(text) else {
            error("\(what) must be a whole number, found \(describe(node))", at: node.location)
            return nil
        }
        if let range, !range.contains(value) {
            error("\(what) must be between \(range.lowerBound) and \(range.upperBound), found \(value)", at: node.location)
            return nil
        }
        return value
    }

    /// A list of strings; a single string is accepted as a list of one.
    mutating func stringList(_ node: YAMLNode, _ what: String, hintForNothing: String? = nil) -> [Located<String>]? {
        if node.scalar != nil, !node.isNull {
            return string(node, what).map { [$0] }
        }
        guard let items = node.items else {
            error("\(what) must be a list, found \(describe(node))", at: node.location, hint: node.isNull ? hintForNothing : nil)
            return nil
        }
        return items.compactMap { string($0, "each entry of \(what)", hintForNothing: hintForNothing) }
    }

    mutating func date(_ node: YAMLNode, _ what: String) -> Located<LocalDate>? {
        guard let text = string(node, what) else { return nil }
        guard let date = TimeParser.localDate(text.value) else {
            let problem = TimeParser.dateMistake(in: text.value)
            error("\(what) must be a date like 2026-11-25, found '\(text.value)'" + (problem.map { ": \($0)" } ?? ""), at: node.location)
            return nil
        }
        return Located(date, at: node.location)
    }

    func describe(_ node: YAMLNode) -> String {
        switch node.kind {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .scalar(let s):
            if node.isNull { return "nothing" }
            let shown = s.value.count > 40 ? String(s.value.prefix(40)) + "…" : s.value
            return "'\(shown)'"
        }
    }
}
