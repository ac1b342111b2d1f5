/// Text from files, the state or a platform's answer, as it may reach a
/// terminal. A post's text, a file name or a server's error message can hold
/// control characters (YAML's "\e" is ESC): written as they are, they would
/// move the cursor, clear the screen to hide an error, retitle the window or
/// forge lines of output. Shown instead as the YAML escapes that would write
/// them, so the user can find and fix them.
public enum TerminalText {
    /// `text` with every C0 control character (line breaks and tabs too,
    /// unless kept), DEL, C1 control character and bidirectional override
    /// written as an escape: `\n`, `\t`, `\r`, `\e`, `\x07`, `\u202E`. Text
    /// without any comes back as it is.
    public static func visible(_ text: String, keepingTabs: Bool = false) -> String {
        guard needsEscaping(text, keepingTabs: keepingTabs) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            if let escape = escape(scalar, keepingTabs: keepingTabs) { out += escape } else { out.unicodeScalars.append(scalar) }
        }
        return out
    }

    /// How long a message may be before `shortened` cuts it.
    public static let longestMessage = 300

    /// `text` with its middle left out when it is longer than `limit`
    /// characters: two thirds of the limit are kept from the start and a
    /// fifth from the end (200 and 60 of 300), so a message quoting a
    /// 70,000-character value still shows what it is about and how it ends. Cut only what is printed, after secrets are redacted: a
    /// cut made earlier could keep the first half of a secret, which the
    /// redactor would no longer recognise.
    public static func shortened(_ text: String, limit: Int = longestMessage) -> String {
        // No longer in characters than in bytes: most messages need no count.
        guard text.utf8.count > limit else { return text }
        let count = text.count
        guard count > limit else { return text }
        let head = limit * 2 / 3, tail = limit / 5
        let left = count - head - tail
        return "\(text.prefix(head))… (\(left) characters left out) …\(text.suffix(tail))"
    }

    /// A line of output for a person: secrets replaced, then shortened,
    /// then control characters escaped. In that order: a secret already cut
    /// or escaped would no longer be found.
    public static func line(_ text: String, redactor: Redactor) -> String {
        visible(shortened(redactor(text)))
    }

    private static func escape(_ scalar: Unicode.Scalar, keepingTabs: Bool) -> String? {
        switch scalar.value {
        case 0x09: return keepingTabs ? nil : "\\t"
        case 0x0A: return "\\n"
        case 0x0D: return "\\r"
        case 0x1B: return "\\e"
        case 0x00..<0x20, 0x7F...0x9F: return "\\x" + hex(scalar.value, digits: 2)
        case 0x202A...0x202E, 0x2066...0x2069: return "\\u" + hex(scalar.value, digits: 4)
        default: return nil
        }
    }

    private static func hex(_ value: UInt32, digits: Int) -> String {
        let text = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }

    /// Looked for by bytes: C0 and DEL are single bytes, C1 controls are
    /// 0xC2 0x80…0x9F, and the bidirectional controls start 0xE2 0x80 or 0xE2 0x81.
    private static func needsEscaping(_ text: String, keepingTabs: Bool) -> Bool {
        text.withUTF8Bytes { bytes in
            var i = 0
            while i < bytes.count {
                let byte = bytes[i]
                if byte < 0x20 && !(keepingTabs && byte == 0x09) || byte == 0x7F { return true }
                if byte == 0xC2 || byte == 0xE2, i + 1 < bytes.count {
                    let next = bytes[i + 1]
                    if byte == 0xC2 && (0x80...0x9F).contains(next) { return true }
                    if byte == 0xE2 && (next == 0x80 || next == 0x81) && i + 2 < bytes.count {
                        let last = bytes[i + 2]
                        if next == 0x80 && (0xAA...0xAE).contains(last) || next == 0x81 && (0xA6...0xA9).contains(last) { return true }
                    }
                }
                i += 1
            }
            return false
        }
    }
}
