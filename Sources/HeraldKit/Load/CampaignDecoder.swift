enum CampaignDecoder {
    static let keys = ["name", "starts", "ends", "accounts", "hashtags", "link_tagging"]
    static let taggingKeys = ["utm_source", "utm_medium", "utm_campaign", "utm_content", "utm_term", "extra", "override_existing"]

    /// Keys people write for what a campaign has under another name.
    static let otherNames = NodeReader.otherNames([
        "name": ["title", "label"],
        "hashtags": ["tags"],
        "link_tagging": ["utm", "tracking", "utm_tags", "utm_parameters"],
        "accounts": ["platforms", "channels"],
        "starts": ["start", "start_date", "from", "begins"],
        "ends": ["end", "end_date", "until", "to"],
    ])

    /// `wordComments` are the file's (see `YAMLDocument.wordComments`).
    static func decode(_ root: YAMLNode?, id: String, path: String, wordComments: [WordComment] = []) -> (Campaign?, [Diagnostic]) {
        var reader = NodeReader()
        guard let pairs = reader.document(root, path: path, "a campaign", empty: "campaign file is empty",
                                          hint: "a campaign needs at least a name", keys: keys,
                                          otherNames: otherNames) else {
            return (nil, reader.diagnostics)
        }
        var campaign = Campaign(id: id, path: path)
        for pair in pairs {
            let value = pair.value
            switch pair.keyString {
            case "name": campaign.name = reader.string(value, "name", textual: true)?.value
            case "starts": campaign.starts = reader.date(value, "starts")
            case "ends": campaign.ends = reader.date(value, "ends")
            case "accounts":
                let refs = reader.stringList(value, "accounts")
                campaign.accounts = refs
                // Said here once, not by every post that takes the list.
                var listed: Set<String> = []
                for ref in refs ?? [] where !listed.insert(ref.value).inserted {
                    reader.error("account '\(ref.value)' is listed twice", at: ref.location)
                }
            case "hashtags": campaign.hashtags = hashtags(value, reader: &reader, wordComments: wordComments)
            case "link_tagging":
                var values: [Located<String>] = []
                campaign.linkTagging = decodeTagging(value, reader: &reader, values: &values)
                campaign.taggingValues = values
            default: break
            }
        }
        if let starts = campaign.starts, let ends = campaign.ends, ends.value < starts.value {
            reader.error("campaign ends (\(ends.value)) before it starts (\(starts.value))", at: ends.location)
        }
        return (campaign, reader.diagnostics)
    }

    /// The campaign's hashtags, each once: platforms ignore a tag's case,
    /// so `#Launch` after `#launch` is the same tag and would be posted twice.
    private static func hashtags(_ node: YAMLNode, reader: inout NodeReader, wordComments: [WordComment]) -> [Located<String>] {
        var kept: [Located<String>] = []
        // Each kept hashtag's index, by its name in lower case.
        var keptNames: [String: Int] = [:]
        // `[..., \n #spring, "#sale"]`: the list holds neither; YAML reads the line from the '#' as a comment.
        for comment in wordComments where comment.collection == node.location {
            reader.error("'\(comment.word)' is a YAML comment here, not a hashtag: a '#' after a space starts a comment, which hides the rest of the line",
                         at: comment.location, hint: "quote it: '\(comment.word)'")
        }
        // `- #launch` is a list item holding nothing: YAML reads '#' after a blank as a comment.
        let comment = NodeReader.hashStartsAComment + "; quote each hashtag, as in \"#launch\""
        for tag in reader.stringList(node, "hashtags", hintForNothing: comment) ?? [] {
            let name = tag.value.dropFirst()
            let folded = tag.value.lowercased()
            if !tag.value.hasPrefix("#") || tag.value.contains(where: \.isWhitespace) {
                let words = tag.value.split(whereSeparator: \.isWhitespace)
                let written = words.joined()
                // '#launch #herald': several hashtags in one entry, each meant whole.
                let hint = words.count > 1 && words.allSatisfy({ $0.hasPrefix("#") && $0.count > 1 })
                    ? "write each hashtag as an entry of its own: [\(words.map { "'\($0)'" }.joined(separator: ", "))]"
                    // A full-width '＃' (an input method's) is no '#': the hint writes one in its place.
                    : written.drop(while: { $0 == "#" || $0 == "\u{FF03}" }).isEmpty ? nil
                    : "write '#\(written.drop(while: { $0 == "#" || $0 == "\u{FF03}" }))'"
                reader.error("hashtag '\(tag.value)' must start with '#' and contain no spaces", at: tag.location, hint: hint)
            } else if name.isEmpty {
                reader.error("hashtag '#' has no name after the '#'", at: tag.location)
                continue
            } else if let first = keptNames[folded].map({ kept[$0] }) {
                reader.warning(first.value == tag.value ? "hashtag '\(tag.value)' is listed twice; it is added once"
                                   : "hashtag '\(tag.value)' is '\(first.value)' again (platforms ignore a hashtag's case); it is added once",
                               at: tag.location)
                continue
            } else if !name.contains(where: \.isLetter) {
                reader.warning("hashtag '\(tag.value)' has no letter; platforms do not make a tag of digits alone a link", at: tag.location)
            } else if let stop = name.firstIndex(where: { !($0.isLetter || $0.isNumber || $0 == "_" || $0 == "\u{B7}" || $0 == "\u{200C}") }) {
                // '#launch!', '#herald.dev': the platforms' tag ends there, and the rest is text after it.
                let made = "#" + name[..<stop]
                let what = stop == name.startIndex ? "they make no tag of it" : "they make '\(made)' a tag, and the rest is text after it"
                reader.warning("hashtag '\(tag.value)' ends at '\(name[stop])' on the platforms: \(what)",
                               at: tag.location, hint: stop == name.startIndex ? nil : "write '\(made)'")
            }
            // Added to every post: more than a post can carry is a mistake, and each more is work for every post.
            if kept.count == maxHashtags {
                reader.error("campaign has more than \(maxHashtags) hashtags; they are added to every post, and no platform takes that many",
                             at: tag.location, hint: "keep the few that matter: Instagram takes 30 in a post, and on other platforms they take its length")
                break
            }
            keptNames[folded] = kept.count
            kept.append(tag)
        }
        return kept
    }

    /// Hashtags, and extra link tagging parameters, a campaign may list.
    static let maxHashtags = 30
    static let maxExtraParameters = 100

    /// `values`: every value it sets, where it is written.
    private static func decodeTagging(_ node: YAMLNode, reader: inout NodeReader, values: inout [Located<String>]) -> LinkTagging? {
        guard let pairs = reader.mapping(node, "link_tagging") else { return nil }
        reader.checkKeys(pairs, allowed: taggingKeys, in: "link_tagging")
        var tagging = LinkTagging()
        func string(_ pair: YAMLPair) -> String? {
            guard let value = reader.string(pair.value, pair.keyString, textual: true) else { return nil }
            values.append(value)
            return value.value
        }
        for pair in pairs {
            switch pair.keyString {
            case "utm_source": tagging.source = string(pair)
            case "utm_medium": tagging.medium = string(pair)
            case "utm_campaign": tagging.campaign = string(pair)
            case "utm_content": tagging.content = string(pair)
            case "utm_term": tagging.term = string(pair)
            case "override_existing": tagging.overrideExisting = reader.bool(pair.value, "override_existing") ?? false
            case "extra":
                let extras = reader.mapping(pair.value, "extra") ?? []
                // Each goes into every link of every post.
                if extras.count > maxExtraParameters {
                    reader.error("extra has \(TextRules.grouped(extras.count)) parameters; at most \(maxExtraParameters), added to every link of every post",
                                 at: extras[maxExtraParameters].key.location)
                    break
                }
                for extra in extras {
                    guard let value = reader.string(extra.value, extra.keyString, textual: true) else { continue }
                    values.append(value)
                    if extraKeyIsSound(extra, value: value.value, in: pairs, reader: &reader) { tagging.extra[extra.keyString] = value.value }
                }
            default: break
            }
        }
        return tagging
    }

    /// An `extra` parameter needs a name; one that names a utm_ parameter
    /// replaces it (and says so when both are written), and one that differs
    /// from a utm_ name only in case is an error: the link would carry two
    /// sources, and analytics read only the lowercase one.
    private static func extraKeyIsSound(_ extra: YAMLPair, value: String, in tagging: [YAMLPair], reader: inout NodeReader) -> Bool {
        let key = extra.keyString
        let location = extra.key.location
        if key.allSatisfy(\.isWhitespace) {
            reader.error("a parameter in extra has no name", at: location, hint: "write it as 'name: value'")
            return false
        }
        guard let utm = taggingKeys.first(where: { $0.hasPrefix("utm_") && $0 == key.lowercased() }) else { return true }
        if key != utm {
            reader.error("'\(key)' would be a second \(utm) parameter: analytics read '\(utm)' in lowercase", at: location,
                         hint: "write '\(utm): \(value)' under link_tagging, not under extra")
            return false
        }
        if let direct = tagging.first(where: { $0.keyString == utm }) {
            reader.warning("\(utm) is set both under link_tagging and in extra; the value in extra is used", at: location,
                           hint: "first defined at line \(direct.key.location.line); remove one of them")
        }
        return true
    }
}
