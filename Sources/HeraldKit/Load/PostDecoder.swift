import Foundation

enum PostDecoder {
    static let keys = ["publish_at", "draft", "campaign", "accounts", "text", "media", "thread", "variants", "language"]
    static let variantKeys = ["text", "media", "thread"]

    /// Keys people write for what a post has under another name.
    static let otherNames = NodeReader.otherNames([
        "media": ["image", "images", "photo", "photos", "picture", "video", "videos", "attachment", "attachments", "files"],
        "publish_at": ["schedule", "scheduled", "scheduled_at", "date", "time", "datetime", "when", "at", "publish", "publish_date", "send_at", "post_at"],
        "text": ["body", "content", "message", "caption", "status", "post"],
        "accounts": ["platforms", "channels", "networks", "to"],
        "thread": ["replies", "parts"],
        "language": ["lang", "locale"],
    ])

    /// Keys people write for what a media entry has under another name
    /// (`alt_text` is X's field, `description` Mastodon's).
    static let mediaOtherNames = NodeReader.otherNames([
        "path": ["file", "filename", "src", "source", "image"],
        "alt": ["alt_text", "alttext", "description", "alternative_text"],
    ])

    private static let altGoesWithItsImage = "alt text goes with its image: media: [{ path: media/a.png, alt: … }]"

    /// Keys people write in a post for what goes in another place.
    static let keyMeanings: [String: String] = {
        let hashtags = "hashtags go in the text, or under 'hashtags' in a campaign, which adds them to each of its posts"
        return ["tags": hashtags, "hashtags": hashtags, "alt": altGoesWithItsImage,
                "visibility": "visibility is an account's: set it under the account in accounts.yaml (Mastodon: public, unlisted or private)",
                "timezone": "the time zone is herald.yaml's, for every post; or write publish_at with its offset, as 2026-12-01T09:00:00+01:00",
                "link_tagging": "link tagging is a campaign's, for each of its posts: set it in the campaign, and name the campaign here",
                "platform": "a post names accounts ('accounts: [acme-x]'); each account's platform is set in accounts.yaml",
                "platforms": "a post names accounts ('accounts: [acme-x]'); each account's platform is set in accounts.yaml"]
    }()

    /// The same for a thread part: what a part cannot have of its own.
    static let threadPartKeyMeanings: [String: String] = [
        "publish_at": "a thread goes out at once, each part a reply to the one before; a part at a time of its own is a post of its own",
        "accounts": "a thread part goes to its post's accounts; one account's own parts are written under 'variants' as a thread of their own",
        "alt": altGoesWithItsImage,
    ]

    /// `zoneProblem`: where herald.yaml's time zone could not be read, if so.
    static func decode(_ root: YAMLNode?, id: String, path: String, zone: TimeZone?,
                       zoneProblem: SourceLocation? = nil, notes: ScalarNotes = .init()) -> (Post?, [Diagnostic]) {
        var reader = NodeReader()
        reader.notes = notes
        guard let pairs = reader.document(root, path: path, "a post", empty: "post file is empty",
                                          hint: "a post needs at least 'text' and 'publish_at', or 'draft: true'", keys: keys,
                                          otherNames: otherNames, meanings: keyMeanings) else {
            return (nil, reader.diagnostics)
        }
        let meant = reader.keysMeant
        // The file as the loader registered it, read off its first key.
        var post = Post(id: id, path: path, file: pairs.first?.key.location.file)
        if let first = pairs.first { post.location = first.key.location }
        var nothing: [SourceLocation] = []
        // Read in place: copying a pair would count a reference to each of its strings.
        for index in pairs.indices {
            let value = pairs[index].value
            switch pairs[index].keyString {
            case "publish_at":
                post.hasPublishAtKey = true
                post.publishAt = publishAt(value, zone: zone, zoneProblem: zoneProblem, reader: &reader)
            // A value that is no boolean (`draft: yes`) has its error, and holds the post as a draft
            // would: it is not also told to lack what a post to publish needs.
            case "draft": post.draft = reader.bool(value, "draft") ?? true
            case "campaign":
                post.campaign = reader.string(value, "campaign")
                if post.campaign == nil { post.campaignUnread = true }
            case "accounts":
                post.accountsLocation = value.location
                post.accounts = reader.stringList(value, "accounts")
                if post.accounts?.count != value.items?.count { post.accountsListsUnread = true }
            case "text": post.text = text(value, "text", reader: &reader, nothing: &nothing)
            case "language":
                guard let language = reader.string(value, "language") else { break }
                if let problem = LanguageTag.problem(language.value) {
                    reader.error("language \(problem)", at: language.location)
                } else {
                    post.language = language
                }
            case "media": post.media = media(value, reader: &reader)
            case "thread": post.thread = thread(value, reader: &reader, nothing: &nothing)
            case "variants": post.variants = variants(value, reader: &reader, nothing: &nothing)
            default: break
            }
        }
        if !meant.isEmpty { misnamed(meant, in: &post, nothing: &nothing) }
        post.textsReportedMissing = nothing
        return (post, reader.diagnostics)
    }

    /// A key written under another name (`Text:`, `date:`, `drafts: true`)
    /// has its error, which blocks the post: the post is not also told that
    /// the key is missing. A misnamed `draft` that reads as true makes a
    /// draft, whose other keys may be missing.
    private static func misnamed(_ meant: [String: YAMLNode], in post: inout Post, nothing: inout [SourceLocation]) {
        if meant["publish_at"] != nil { post.hasPublishAtKey = true }
        if let value = meant["accounts"], post.accountsLocation == nil { post.accountsLocation = value.location }
        if post.text == nil && (meant["text"] != nil || post.media.isEmpty && meant["media"] != nil) { nothing.append(post.location) }
        if let value = meant["draft"], value.scalar.map({ $0.value == "true" && $0.style == .plain }) == true { post.draft = true }
    }

    static func publishAt(_ node: YAMLNode, zone: TimeZone?, zoneProblem: SourceLocation? = nil, reader: inout NodeReader) -> Located<Date>? {
        guard let text = reader.string(node, "publish_at") else { return nil }
        switch TimeParser.wholeSecond(text.value, zone: zone) {
        case .success(let date):
            // The year is checked as written; in UTC, as the state records it, it may be the one before or after.
            guard TimeParser.inReadableYears(date) else {
                let utc = TimeParser.utc(date)
                reader.error("publish_at '\(text.value)' is \(utc) in UTC, outside the years herald reads (1970 to 9998)", at: text.location,
                             hint: date.timeIntervalSince1970 < 0 ? "write a time from 1970-01-01T00:00:00Z on" : "write a time before 9999-01-01T00:00:00Z")
                return nil
            }
            return Located(date, at: text.location)
        case .failure(let failure):
            var message = failure.describe("publish_at '\(text.value)'", zone: zone, zoneProblem: zoneProblem)
            let hint: String?
            switch failure {
            case .malformed:
                let mistake = TimeParser.mistake(in: text.value, zone: zone)
                if let reason = mistake.reason { message += ": \(reason)" }
                hint = mistake.fix.map { "write it as \($0)" }
                    ?? (mistake.reason == nil ? "write it in the form YYYY-MM-DDThh:mm:ss±hh:mm (2026-12-01T09:00:00+01:00 is 9:00 on 1 December at UTC+1), "
                        + "or YYYY-MM-DDThh:mm with a timezone in herald.yaml" : nil)
            case .noZone:
                hint = zoneProblem == nil ? "add an offset such as +01:00, or set 'timezone: Europe/Berlin' in herald.yaml"
                    : "fix it there, or add an offset such as +01:00"
            case .unknownZone: hint = nil
            case .nonexistent(let a, let b), .ambiguous(let a, let b): hint = "write \(a) or \(b) explicitly"
            }
            reader.error(message, at: text.location, hint: hint)
        }
        return nil
    }

    static func media(_ node: YAMLNode, reader: inout NodeReader) -> [MediaRef] {
        // `media:` with nothing after it: the list, not a path, is missing.
        if node.isNull {
            reader.error("media lists nothing", at: node.location, hint: "list the files under it, as in 'media: [media/launch.png]', or remove 'media:'")
            return []
        }
        let entries: [YAMLNode]
        if let items = node.items { entries = items } else if node.pairs != nil || node.scalar != nil { entries = [node] } else { entries = [] }
        var refs: [MediaRef] = []
        for entry in entries {
            if entry.scalar != nil {
                if let path = reader.string(entry, "media path") { refs.append(MediaRef(path: path)) }
                continue
            }
            guard let pairs = reader.mapping(entry, "a media entry") else { continue }
            reader.checkKeys(pairs, allowed: ["path", "alt"], in: "a media entry", otherNames: mediaOtherNames)
            guard let pathNode = entry["path"] else {
                // A misspelt `Path:` has its error already: it is not also missing.
                if reader.keysMeant["path"] == nil { reader.error("media entry has no 'path'", at: entry.location) }
                continue
            }
            guard let path = reader.string(pathNode, "media path") else { continue }
            // Empty (`alt: ""`, as tools write a picture that needs none) is no alt text, which alt_text rules on.
            let alt = entry["alt"].flatMap { reader.string($0, "alt", allowEmpty: true, textual: true) }
            if let alt, let altNode = entry["alt"] {
                checkWrittenAsText(alt, "alt text", reader: &reader)
                checkEscapedLineBreak(altNode, alt, "alt text", key: "alt", reader: &reader)
            }
            refs.append(MediaRef(path: path, alt: alt, altWritten: entry["alt"] != nil || reader.keysMeant["alt"] != nil))
        }
        return refs
    }

    /// Hints for a text written as nothing, or as a list or mapping: made
    /// once, not for each of the texts of every post.
    private static let commentedHint = NodeReader.hashStartsAComment + "; quote the text, or write it on the lines after 'text: |'"
    private static let nothingHint = "nothing is written there: write the text on its line, or on the lines after 'text: |', indented"
    private static let flowCollectionHint = "YAML reads a value starting with '[' as a list and one starting with '{' as a mapping: "
        + "quote the text if they are part of it, or write it on the lines after 'text: |'"
    private static let blockListHint = "YAML reads lines starting with '- ' as a list: for a text of several lines, write them on the lines "
        + "after 'text: |', indented; for a thread, list its later parts under 'thread:', each as '- text: …'"
    private static let blockMappingHint = "YAML reads a line of the form 'word: …' as a key and its value: write the text on the lines "
        + "after 'text: |', indented, where ': ' is part of the text"

    /// A text as written. Nothing after `text:` is an error, with a hint:
    /// `text: #launch day` reads so, since YAML takes an unquoted '#' after
    /// a blank as the start of a comment. Such a text, or one that is no
    /// string, reads as empty at its place, which `nothing` keeps, so that
    /// validation does not report it a second time as a part with no text.
    static func text(_ node: YAMLNode, _ what: String, reader: inout NodeReader,
                     nothing: inout [SourceLocation]) -> Located<String>? {
        let hint = reader.notes.commentedNothing.contains(node.location) ? commentedHint : nothingHint
        let collectionHint = node.scalar != nil ? nil : reader.notes.flowCollections.contains(node.location) ? flowCollectionHint
            : node.items != nil ? blockListHint : blockMappingHint
        if let text = reader.string(node, what, allowEmpty: true, textual: true, hintForNothing: hint, hintForCollection: collectionHint) {
            checkWrittenAsText(text, what, reader: &reader)
            checkEscapedLineBreak(node, text, what, key: "text", reader: &reader)
            return text
        }
        // Reported already (nothing written, a list, a tag herald does not read): not said again to be missing.
        nothing.append(node.location)
        return Located("", at: node.location)
    }

    /// A text is what it looks like in the file. `text: &more news` is the
    /// text `news` with an anchor named `more` for an alias to reuse; with
    /// no alias using it, `&more news` was meant, and publishing `news` would
    /// send what nobody wrote.
    ///
    /// Text sent to a platform holds no control character but tab, line
    /// feed and carriage return: YAML lets one in only through an escape of
    /// a double-quoted string (`"\0"`, `"\x07"`), no platform shows one, and
    /// Mastodon's database refuses U+0000 outright.
    /// `text: 'Big news!\nMore below'`: YAML reads escapes only in double
    /// quotes, and the post would show the backslash. A folded block (`>`)
    /// is prose, where it was a line break meant too; a literal block (`|`)
    /// keeps what was typed (code, say).
    private static func checkEscapedLineBreak(_ node: YAMLNode, _ text: Located<String>, _ what: String, key: String,
                                              reader: inout NodeReader) {
        guard let style = node.scalar?.style, style != .doubleQuoted, style != .literal,
              text.value.utf8.contains(UInt8(ascii: "\\")), text.value.contains("\\n") else { return }
        reader.warning("the \(what) holds '\\n' as a backslash and an 'n', which would be published as they are: YAML reads escapes only in double quotes",
                       at: text.location, hint: style == .folded ? "for a line break, write '|' in place of '>', and the break itself"
                           : "for a line break, write the \(what) on the lines after '\(key): |', or in double quotes")
    }

    static func checkWrittenAsText(_ text: Located<String>, _ what: String, reader: inout NodeReader) {
        if !reader.notes.unusedAnchors.isEmpty, let anchor = reader.notes.unusedAnchors[text.location] {
            reader.error("\(what) starts with '&\(anchor)', which YAML reads as an anchor's name, not as text",
                         at: text.location, hint: "quote the text if '&\(anchor)' is part of it, as in \"&\(anchor) \(text.value)\"")
        }
        if !reader.notes.bareTags.isEmpty, reader.notes.bareTags.contains(text.location) {
            reader.error("\(what) starts with '! ', which YAML reads as a tag, not as text",
                         at: text.location, hint: "quote the whole text if '!' is part of it, as in \"! \(text.value.trimmingCharacters(in: .newlines))\"")
        }
        // `text: Big news #launch`: the hashtag is a comment, and the post would go out without it.
        if !reader.notes.trailingWordComments.isEmpty, let comment = reader.notes.trailingWordComments[text.location] {
            reader.error("'\(comment.word)' after the \(what) is a YAML comment, not part of it, and would not be published",
                         at: comment.location, hint: "an unquoted '#' after a blank starts a comment: quote the whole \(what) to keep it, or write it on the lines after a '|'")
        }
        guard let problem = TextRules.controlCharacterProblem(text.value) else { return }
        // At the escape that writes it, where the loader found one.
        reader.error("\(what) \(problem)", at: reader.notes.controlEscapes[text.location] ?? text.location, hint: "remove the escape that writes it")
    }

    static func thread(_ node: YAMLNode, reader: inout NodeReader, nothing: inout [SourceLocation]) -> [ThreadPart] {
        guard let items = node.items else {
            reader.error("thread must be a list of parts, found \(reader.describe(node))", at: node.location,
                         hint: "start each part with '- ' on a line of its own, as in '  - text: …'")
            return []
        }
        var parts: [ThreadPart] = []
        for item in items {
            if item.scalar != nil {
                parts.append(ThreadPart(location: item.location, text: text(item, "thread part", reader: &reader, nothing: &nothing), media: []))
                continue
            }
            guard let pairs = reader.mapping(item, "a thread part") else { continue }
            // `- Part 2: more`: a text with ': ' in it, read as a key and its value.
            // Written as words (a blank, a capital), not as a key: not a key of herald's in the
            // wrong place either, nor another name or a misspelling of one.
            if pairs.count == 1, let pair = pairs.first, pair.keyString.contains(" ") || pair.keyString.first?.isUppercase == true,
               !keys.contains(pair.keyString), threadPartKeyMeanings[pair.keyString] == nil,
               otherNames[pair.keyString.lowercased()] == nil, Suggest.closest(to: pair.keyString, in: keys + ["alt"]) == nil,
               pair.key.scalar?.style == .plain, let value = pair.value.scalar,
               [.plain, .singleQuoted, .doubleQuoted].contains(value.style), pair.key.location.line == pair.value.location.line {
                // As typed: `Note: "see you"` keeps its quotes, and `Note:` with nothing after is the text "Note:".
                // `Later: null` or `Later: ~` keep their word: only nothing written is nothing.
                let typed = value.style == .plain ? value.value
                    : value.style == .singleQuoted ? "'\(value.value)'" : "\"\(value.value)\""
                let written = typed.isEmpty ? pair.keyString + ":" : pair.keyString + ": " + typed
                let read = typed.isEmpty ? "'\(pair.keyString)' and nothing), because it ends in ':'"
                    : "'\(pair.keyString)' and '\(value.value)'), because of the ': ' in it"
                reader.error("this thread part is read as a key and its value (\(read)",
                             at: pair.key.location,
                             hint: "quote the text, as in - \"\(written.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\""))\"")
                // Measured as meant; the file has an error either way.
                parts.append(ThreadPart(location: item.location, text: Located(written, at: pair.key.location), media: []))
                continue
            }
            reader.checkKeys(pairs, allowed: ["text", "media"], in: "a thread part", otherNames: otherNames,
                             meanings: threadPartKeyMeanings)
            let meant = reader.keysMeant
            let written = item["text"].flatMap { text($0, "text", reader: &reader, nothing: &nothing) }
            let files = item["media"].map { media($0, reader: &reader) } ?? []
            if written == nil && (meant["text"] != nil || files.isEmpty && meant["media"] != nil) { nothing.append(item.location) }
            parts.append(ThreadPart(location: item.location, text: written, media: files))
        }
        return parts
    }

    static func variants(_ node: YAMLNode, reader: inout NodeReader, nothing: inout [SourceLocation]) -> [Variant] {
        guard let pairs = reader.mapping(node, "variants") else { return [] }
        var variants: [Variant] = []
        for (index, pair) in pairs.enumerated() {
            // `x:` then `text: …` at its level, not under it: the text is x's, and says so.
            // (A variant for an account named `media` is a mapping, as any variant is.)
            if variantKeys.contains(pair.keyString), pair.value.pairs == nil {
                // The variant with nothing under it that these keys follow.
                let before = pairs[..<index].lastIndex { !variantKeys.contains($0.keyString) || $0.value.pairs != nil }
                let owner = before.flatMap { pairs[$0].value.isNull ? pairs[$0].keyString : nil }
                reader.error("'\(pair.keyString)' is a key of a variant, written where a platform or account goes", at: pair.key.location,
                             hint: owner.map { "indent it under '\($0)' above, further than '\($0)'" } ?? "write it under the platform or account it is for, as 'x:' and then '  \(pair.keyString): …'")
                continue
            }
            guard let fields = pair.value.pairs else {
                // Its fields written at its level instead of under it: the next key says so.
                if pair.value.isNull, index + 1 < pairs.count, variantKeys.contains(pairs[index + 1].keyString), pairs[index + 1].value.pairs == nil { continue }
                // `mastodon: shorter text`: the text is meant, and goes under a key of its own.
                let written = pair.value.scalar != nil && !pair.value.isNull
                reader.error("variant '\(pair.keyString)' must be a mapping, found \(reader.describe(pair.value))", at: pair.value.location,
                             hint: written ? "a variant has keys of its own: write '\(pair.keyString): { text: … }', or 'text:' indented on the line after it" : nil)
                continue
            }
            reader.checkKeys(fields, allowed: variantKeys, in: "variant '\(pair.keyString)'", otherNames: otherNames)
            var variant = Variant(key: Located(pair.keyString, at: pair.key.location))
            variant.text = pair.value["text"].flatMap { text($0, "text", reader: &reader, nothing: &nothing) }
            variant.media = pair.value["media"].map { media($0, reader: &reader) }
            variant.thread = pair.value["thread"].map { thread($0, reader: &reader, nothing: &nothing) }
            variants.append(variant)
        }
        return variants
    }
}
