import Foundation

extension Planner {
    /// The command that records what a person found on the platform for an item.
    static func resolveCommand(post: String, account: String, part: Int, published: String? = nil, absent: Bool = false,
                               input: Input) -> String {
        let options = "--account \(shellWord(account))\(part > 0 ? " --part \(part + 1)" : "")"
            + (absent ? " --absent" : published.map { " --published \(shellWord($0))" } ?? " --published ID") + (input.sandboxed ? " --sandbox" : "")
        let herald = input.repositoryArgument.map { "herald -C \(shellWord($0))" } ?? "herald"
        // An id starting with '-' would be read as an option: it goes last, after '--'.
        return post.hasPrefix("-") ? "\(herald) state resolve \(options) -- \(shellWord(post))" : "\(herald) state resolve \(shellWord(post)) \(options)"
    }

    /// A word as a POSIX shell reads it back: as it is when it holds only
    /// characters no shell treats specially, else in double quotes; in
    /// single quotes when it holds a `!`, which an interactive bash expands
    /// from its history even inside double quotes; as bash's and zsh's
    /// `$'…'` when it holds a control character (dash has no such form).
    public static func shellWord(_ word: String) -> String {
        let plain = !word.isEmpty && word.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || "-_./:@%+=,".utf8.contains(byte)
        }
        if plain { return word }
        // A control character (a line break in a file's name) is shown escaped, as a `\n` in double
        // quotes is not read back by a shell: bash's and zsh's $'…' reads it as the character.
        // So does a C1 control or a line or paragraph separator (U+0085, U+2028), which a terminal shows escaped.
        func escaped(_ scalar: Unicode.Scalar) -> Bool {
            scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029
        }
        if word.unicodeScalars.contains(where: escaped) {
            var quoted = "$'"
            for scalar in word.unicodeScalars {
                switch scalar {
                case "\n": quoted += "\\n"
                case "\t": quoted += "\\t"
                case "\r": quoted += "\\r"
                case "\\", "'": quoted += "\\" + String(scalar)
                case _ where scalar.value < 0x20 || scalar.value == 0x7F: quoted += "\\x" + String(format: "%02x", scalar.value)
                case _ where escaped(scalar): quoted += "\\u" + String(format: "%04x", scalar.value)
                default: quoted.unicodeScalars.append(scalar)
                }
            }
            return quoted + "'"
        }
        if word.contains("!") { return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        var quoted = "\""
        for character in word.unicodeScalars {
            if "\"\\$`".unicodeScalars.contains(character) { quoted += "\\" }
            quoted.unicodeScalars.append(character)
        }
        return quoted + "\""
    }
}
