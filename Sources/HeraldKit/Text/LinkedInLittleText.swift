/// LinkedIn's "little text" format for post commentary.
///
/// In little text, `\ | { } @ [ ] ( ) < > # * _ ~` are reserved: an
/// unescaped one makes LinkedIn truncate the post silently at that point.
/// `escape(_:)` puts a backslash before each, except inside mentions written
/// in little-text syntax, `@[Name](urn:li:person:…)` or
/// `@[Name](urn:li:organization:…)`, which pass through unchanged.
///
/// Hashtags: `#` is escaped like the rest, so `#launch` arrives as the literal
/// text "#launch", not as a LinkedIn hashtag (that would need the template
/// `{hashtag|\#|launch}`, which herald does not generate).
///
/// Length limits apply to the text before escaping (`TextRules.measure`).
public enum LinkedInLittleText {
    public static let reservedCharacters: Set<Character> = [
        "\\", "|", "{", "}", "@", "[", "]", "(", ")", "<", ">", "#", "*", "_", "~",
    ]

    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == "@", let end = mentionEnd(in: text, at: index) {
                out += text[index..<end]
                index = end
                continue
            }
            if reservedCharacters.contains(character) { out.append("\\") }
            out.append(character)
            index = text.index(after: index)
        }
        return out
    }

    /// The end of `@[Name](urn:li:person:ID)` / `…organization:ID)` at `start`.
    static func mentionEnd(in text: String, at start: String.Index) -> String.Index? {
        var i = text.index(after: start)
        guard i < text.endIndex, text[i] == "[" else { return nil }
        i = text.index(after: i)
        let nameStart = i
        while i < text.endIndex, text[i] != "]", !text[i].isNewline { i = text.index(after: i) }
        guard i > nameStart, i < text.endIndex, text[i] == "]" else { return nil }
        i = text.index(after: i)
        guard i < text.endIndex, text[i] == "(" else { return nil }
        let rest = text[text.index(after: i)...]
        guard let prefix = ["urn:li:person:", "urn:li:organization:"].first(where: { rest.hasPrefix($0) })
        else { return nil }
        i = rest.index(rest.startIndex, offsetBy: prefix.count)
        let idStart = i
        while i < text.endIndex, text[i].isASCII, text[i].isLetter || text[i].isNumber || text[i] == "-"
            || text[i] == "_" {
            i = text.index(after: i)
        }
        guard i > idStart, i < text.endIndex, text[i] == ")" else { return nil }
        return text.index(after: i)
    }
}
