/// Secrets read off a file's text, line by line, for a file YAML could not
/// read (or a key it left out): where on a line shown under a problem a
/// value that may be a secret starts, so the excerpt is cut there.
extension SecretScanner {
    /// The column (1-based, in Unicode scalars) at which the first value
    /// of a key on `line` that names or may name a secret starts
    /// (`access_token: …`, `{pw: …}`), for an excerpt to be cut there; nil
    /// when there is none. Read off the text: a key YAML left out (written
    /// twice) or one inside a value of the wrong type is no node herald
    /// looks at, and its line may be shown under another problem.
    static func secretValueColumn(in line: String) -> Int? {
        let scalars = Array(line.unicodeScalars)
        for index in scalars.indices where scalars[index] == ":" {
            guard let naming = namingOfKey(before: index, in: scalars) else { continue }
            var value = index + 1
            while value < scalars.count, scalars[value] == " " || scalars[value] == "\t" { value += 1 }
            // A weak word with nothing after it, or a flow mapping that names a
            // platform, is an account's id (`pat`) holding its entry: no secret
            // on this line, unless a key inside the entry names one.
            if naming == .weak, value == scalars.count || scalars[value] == "#"
                || (scalars[value] == "{" && String(String.UnicodeScalarView(scalars[value...])).contains("platform:")) { continue }
            return value + 1
        }
        return nil
    }

    /// The column from which `line` is cut when it carries on the value of a
    /// key on a line before it that names or may name a secret (a flow
    /// mapping written over several lines, a plain value under its key, a
    /// scalar written over lines): its first character, unless it starts
    /// with a key of its own (`platform:` under an account `pat:`), or
    /// holds nothing. `previous`: the lines before `line`, nearest first;
    /// blank and comment lines between are passed over, and so are lines
    /// that carry on a value, up to the key they belong to; an anchor or a
    /// tag may follow the key. Read off the text, for a file that cannot
    /// be read; one that can is concealed by its secret errors, whole.
    static func continuedSecretColumn(in line: String, after previous: some Sequence<String>) -> Int? {
        let lines = Array(previous).reversed() + [line]
        var continued = ContinuedSecrets()
        return continued.column(at: lines.count) { lines.indices.contains($0 - 1) ? lines[$0 - 1] : nil }
    }

    /// `continuedSecretColumn` for a file's lines, in one pass from its
    /// first line, taken only as far as the lines asked for (diagnostics
    /// come in order): a file of many problems has each of its lines
    /// looked at once, not each problem's lines before it, and one problem
    /// on a state file's first line reads no more of it.
    struct ContinuedSecrets {
        private var next = 1
        /// The key naming a secret whose value the lines go on carrying: its indentation, and whether it surely names one.
        private var open: (indent: Int, strong: Bool)?
        private var columns: [Int: Int] = [:]

        init() {}

        /// The column line `number` is cut at, if it carries on a secret's value; `line(n)` gives the file's lines.
        mutating func column(at number: Int, line: (Int) -> String?) -> Int? {
            while next <= number, let text = line(next) {
                take(text, number: next)
                next += 1
            }
            return columns[number]
        }

        private mutating func take(_ text: String, number: Int) {
            let scalars = Array(text.unicodeScalars)
            guard let first = scalars.firstIndex(where: { $0 != " " && $0 != "\t" }), scalars[first] != "#" else { return }
            let key = SecretScanner.startsWithKey(scalars, at: first)
            if let holder = open, first == holder.indent, scalars[first] == ":",
               first + 1 == scalars.count || scalars[first + 1] == " " || scalars[first + 1] == "\t" {
                // The value of a complex key (`? access_token`, then `: abc…`); the lines after it, further in, carry it on.
                // Looked at first: to `startsWithKey`, such a line is a key with an empty name, which would end the value.
                var value = first + 1
                while value < scalars.count, scalars[value] == " " || scalars[value] == "\t" { value += 1 }
                if value < scalars.count, scalars[value] != "#" { columns[number] = value + 1 }
                return
            }
            if open != nil, !key {
                columns[number] = first + 1
            } else if let holder = open, key, holder.strong, first > holder.indent, let colon = scalars[first...].firstIndex(of: ":") {
                // A key of the mapping a secret's key holds (`secrets:` / `  mastodon: …`): its value is one too.
                // (Not under a weak word's, an account's id such as `pat:`, whose fields are no secrets.)
                var value = colon + 1
                while value < scalars.count, scalars[value] == " " || scalars[value] == "\t" { value += 1 }
                columns[number] = value + 1
                return
            }
            // Its value starts here, and the lines after carry it on (a quoted or plain scalar over lines). Another key
            // ends it; a list's items, and a block's lines such as `-----BEGIN PRIVATE KEY-----`, carry it on.
            if SecretScanner.secretValueColumn(in: text) != nil {
                open = (first, true)
            } else if let naming = SecretScanner.endingSecretKey(scalars) ?? SecretScanner.complexKeyNaming(scalars, at: first) {
                open = (first, naming == .strong)
            } else if key {
                open = nil
            }
        }
    }

    /// Whether any line of `text` has a key that names or may name a
    /// secret, with its value there or after it: a hint quoting the text
    /// of a file that cannot be read then quotes none of it.
    static func mayHoldSecret(_ text: String) -> Bool {
        text.split(whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }).contains { line in
            let scalars = Array(line.unicodeScalars)
            return secretValueColumn(in: String(line)) != nil || endingSecretKey(scalars) != nil
                || scalars.firstIndex(where: { $0 != " " && $0 != "\t" }).flatMap { complexKeyNaming(scalars, at: $0) } != nil
        }
    }

    /// How surely a complex key (`? access_token`, whose value follows on
    /// a line of its own, after `: `) names a secret, when one starts at
    /// `first`: a quote around it and a comment after it are left out.
    private static func complexKeyNaming(_ scalars: [Unicode.Scalar], at first: Int) -> Naming? {
        guard scalars[first] == "?", first + 1 < scalars.count, scalars[first + 1] == " " || scalars[first + 1] == "\t" else { return nil }
        var end = scalars.count
        for i in (first + 1)..<scalars.count where scalars[i] == "#" && (scalars[i - 1] == " " || scalars[i - 1] == "\t") {
            end = i
            break
        }
        let around: Set<Unicode.Scalar> = [" ", "\t", "\"", "'"]
        let key = scalars[(first + 1)..<end].drop { around.contains($0) }.reversed().drop { around.contains($0) }.reversed()
        guard !key.isEmpty else { return nil }
        return naming(ofKey: String(String.UnicodeScalarView(key)))
    }

    /// How surely the key a line ends with names a secret, when it ends
    /// with a key that names or may name one and no value: blanks, an
    /// anchor (`&a`), a tag (`!!str`) and a comment may follow its colon.
    private static func endingSecretKey(_ scalars: [Unicode.Scalar]) -> Naming? {
        for colon in scalars.indices.reversed() where scalars[colon] == ":" {
            let rest = String(String.UnicodeScalarView(scalars[(colon + 1)...]))
            let words = rest.split(whereSeparator: { $0 == " " || $0 == "\t" })
            let beforeComment = words.prefix { !$0.hasPrefix("#") }
            guard rest.isEmpty || rest.first == " " || rest.first == "\t",
                  beforeComment.allSatisfy({ $0.hasPrefix("&") || $0.hasPrefix("!") }) else { continue }
            return namingOfKey(before: colon, in: scalars)
        }
        return nil
    }

    /// Whether a key (`word:`, then a blank or the line's end) starts at `first`.
    private static func startsWithKey(_ scalars: [Unicode.Scalar], at first: Int) -> Bool {
        guard let colon = scalars[first...].firstIndex(of: ":"), colon + 1 == scalars.count || scalars[colon + 1] == " " || scalars[colon + 1] == "\t" else { return false }
        return !scalars[first..<colon].contains(where: { " \t,{[\"'".unicodeScalars.contains($0) })
    }

    /// How surely the word before the colon at `index` names a secret, if
    /// it is a key (blanks and a quote around it left out): a colon then a
    /// blank, or the line's end, as YAML reads one; or straight after a
    /// quoted key, as JSON writes one.
    private static func namingOfKey(before index: Int, in scalars: [Unicode.Scalar]) -> Naming? {
        var end = index
        while end > 0, scalars[end - 1] == " " || scalars[end - 1] == "\t" { end -= 1 }
        let quoted = end > 0 && (scalars[end - 1] == "\"" || scalars[end - 1] == "'")
        guard quoted || index + 1 == scalars.count || scalars[index + 1] == " " || scalars[index + 1] == "\t" else { return nil }
        if quoted { end -= 1 }
        var start = end
        while start > 0, !" \t{[,\"'?".unicodeScalars.contains(scalars[start - 1]) { start -= 1 }
        guard start < end else { return nil }
        return naming(ofKey: String(String.UnicodeScalarView(scalars[start..<end])))
    }
}
