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
    /// without any comes back as it is. Line breaks are kept where the
    /// output's format has its own way to write them (GitHub's `%0A`).
    /// A CI runner's command markers in it are broken (`CICommands`),
    /// unless it is not `inert`: a workflow command's property, where every
    /// `:` and line break is escaped, and a broken marker would name a file
    /// that does not exist.
    public static func visible(_ text: String, keepingTabs: Bool = false, keepingLineBreaks: Bool = false, inert: Bool = true) -> String {
        guard needsEscaping(text, keepingTabs: keepingTabs, keepingLineBreaks: keepingLineBreaks) else { return inert ? CICommands.inert(text) : text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            if let escape = escape(scalar, keepingTabs: keepingTabs, keepingLineBreaks: keepingLineBreaks) { out += escape } else { out.unicodeScalars.append(scalar) }
        }
        return inert ? CICommands.inert(out) : out
    }

    /// How long a message may be before `shortened` cuts it.
    public static let longestMessage = 300

    /// How long a plan item's reason may be: one may end with a command
    /// to run (`herald state resolve …`) after a quoted error, and the cut,
    /// which keeps a fifth of the limit from the end, must leave it whole.
    public static let longestReason = 600

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
    public static func line(_ text: String, redactor: Redactor, limit: Int = longestMessage) -> String {
        visible(shortened(redactor(text), limit: limit))
    }

    /// How many cells of a terminal `text` takes: two for a wide character
    /// (CJK, fullwidth forms, an emoji), none for a combining mark, one for
    /// anything else; a grapheme cluster (👨‍👩‍👧, e + ◌́, a flag) takes its
    /// first visible scalar's width, or two with an emoji presentation
    /// selector, as terminals draw it. Measured after `visible`: it does not
    /// count control characters or tabs.
    public static func width(_ text: String) -> Int {
        let ascii = text.utf8.withContiguousStorageIfAvailable { TwitterText.isASCII($0) ? $0.count : nil }
        if let ascii = ascii ?? nil { return ascii }
        return text.reduce(0) { $0 + width($1) }
    }

    /// The cells one character takes (see `width(_:)` for a string).
    ///
    /// An emoji sequence takes the cells of its first emoji, as terminals
    /// show one; any other character, a cell (or two) for each scalar that
    /// is not a mark written over another: a Devanagari vowel sign (ि) and
    /// each consonant of a conjunct (न्द) take one, as in glibc's `wcwidth`.
    public static func width(_ character: Character) -> Int {
        let scalars = character.unicodeScalars
        guard let first = scalars.first else { return 0 }
        // Digits, `#` and `©` are emoji too, but only with the emoji selector.
        let emoji = first.properties.isEmoji
        if emoji && scalars.contains("\u{FE0F}") { return 2 }
        if emoji && first.value > 0xFF {
            return scalars.first { !isZeroWidth($0) }.map { isWide($0) ? 2 : 1 } ?? 0
        }
        var cells = 0
        for scalar in scalars where !isZeroWidth(scalar) && !isHangulJamoAfterLead(scalar) {
            cells += isWide(scalar) ? 2 : 1
        }
        return cells
    }

    /// Hangul vowel and final jamo (U+1160–U+11FF, U+D7B0–U+D7FF): drawn in
    /// the cells of the lead consonant before them.
    private static func isHangulJamoAfterLead(_ scalar: Unicode.Scalar) -> Bool {
        (0x1160...0x11FF).contains(scalar.value) || (0xD7B0...0xD7FF).contains(scalar.value)
    }

    /// East Asian Wide and Fullwidth (Unicode's EastAsianWidth.txt, its
    /// large blocks) and emoji shown as emoji by default.
    private static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x1100...0x115F, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF,
             0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF,
             0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x16FE0...0x16FE4,
             0x17000...0x18CFF, 0x1B000...0x1B2FF, 0x1F200...0x1F2FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        case 0..<0x1100:
            return false
        default:
            return scalar.properties.isEmojiPresentation
        }
    }

    private static func isZeroWidth(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: true
        default: scalar.properties.isDefaultIgnorableCodePoint
        }
    }

    private static func escape(_ scalar: Unicode.Scalar, keepingTabs: Bool, keepingLineBreaks: Bool) -> String? {
        switch scalar.value {
        case 0x09: return keepingTabs ? nil : "\\t"
        case 0x0A: return keepingLineBreaks ? nil : "\\n"
        case 0x0D: return keepingLineBreaks ? nil : "\\r"
        case 0x1B: return "\\e"
        case 0x00..<0x20, 0x7F...0x9F: return "\\x" + SourceText.hex(scalar.value, digits: 2)
        // Line and paragraph separators: a terminal shows nothing, or a line break a caret below cannot follow.
        case 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069: return "\\u" + SourceText.hex(scalar.value, digits: 4)
        default: return nil
        }
    }

    /// Looked for by bytes: C0 and DEL are single bytes, C1 controls are
    /// 0xC2 0x80…0x9F, and the separators and bidirectional controls start 0xE2 0x80 or 0xE2 0x81.
    private static func needsEscaping(_ text: String, keepingTabs: Bool, keepingLineBreaks: Bool) -> Bool {
        text.withUTF8Bytes { bytes in
            var i = 0
            while i < bytes.count {
                let byte = bytes[i]
                if byte < 0x20 && !(keepingTabs && byte == 0x09) && !(keepingLineBreaks && (byte == 0x0A || byte == 0x0D)) || byte == 0x7F { return true }
                if byte == 0xC2 || byte == 0xE2, i + 1 < bytes.count {
                    let next = bytes[i + 1]
                    if byte == 0xC2 && (0x80...0x9F).contains(next) { return true }
                    if byte == 0xE2 && (next == 0x80 || next == 0x81) && i + 2 < bytes.count {
                        let last = bytes[i + 2]
                        if next == 0x80 && (0xA8...0xAE).contains(last) || next == 0x81 && (0xA6...0xA9).contains(last) { return true }
                    }
                }
                i += 1
            }
            return false
        }
    }
}
