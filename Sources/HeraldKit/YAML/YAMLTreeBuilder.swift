import CYAML

/// Builds a `YAMLNode` tree straight from libyaml's event stream, collecting
/// a diagnostic for every problem it can report without stopping.
///
/// Nothing recurses. The innermost open collection is `current`; the ones
/// around it wait on `outer`. Finished sequence items wait on `items`, keys
/// on `keys` until their value is finished, and mapping pairs on `pairs`,
/// until their collection's end event moves them into an array of exactly
/// the right size. Each finished node carries its expanded node count up to
/// its parent; anchors remember theirs, so an alias adds the size of what it
/// stands for to the file's running total.
struct YAMLTreeBuilder: ~Copyable {
    /// A mapping or sequence whose end event has not come yet. Plain values
    /// only, so that opening and closing collections copies no references;
    /// the rare anchor and large-mapping key index live in side tables.
    private struct OpenCollection {
        var isMapping: Bool
        /// A mapping's key is on `keys`, waiting for its value.
        var hasKey = false
        /// Set after a key that was reported: its value is left out too.
        var dropNextValue = false
        /// Whether `anchorNames` holds this collection's anchor.
        var hasAnchor = false
        /// Whether `keyIndexes` holds an index of this mapping's keys.
        var hasKeyIndex = false
        /// Written in brackets (`[a, b]`, `{a: b}`) rather than as a block.
        var isFlow = false
        /// libyaml's 0-based mark of the collection's first token.
        var line: Int
        var column: Int
        /// Where this collection's children start in `items` or `pairs`.
        var start: Int
        /// Nodes in this collection so far, itself included, aliases expanded.
        var nodeCount = 1
        /// Bytes of the scalars in it so far, aliases expanded.
        var bytes = 0
    }

    private struct Anchor {
        var node: YAMLNode
        var nodeCount: Int
        var bytes: Int
    }

    /// Mappings up to this size are searched for duplicate keys linearly.
    private static let linearKeySearchLimit = 12

    /// The file every position is in.
    private let file: SourceFile
    let options: YAMLLoadOptions
    private(set) var diagnostics: [Diagnostic] = []
    private(set) var root: YAMLNode?
    /// See `YAMLDocument.wordComments`.
    private(set) var wordComments: [WordComment] = []
    /// See `ScalarNotes`; `unusedAnchors` holds every scalar anchor until an alias uses it.
    private(set) var notes = ScalarNotes()
    /// The text being built from, while `build` runs.
    private var bytes: UnsafeBufferPointer<UInt8>?
    /// Its lines as herald counts them, for libyaml's marks.
    private var markLines: MarkLines?
    /// Each line's byte range, found when the first flow collection over several lines closes.
    private var lines: [Range<Int>]?
    /// The last mark `commentAfter` looked at: its character index and byte offset.
    private var lastMark = (character: 0, byte: 0)
    /// Set by a problem after which the tree no longer matches the file.
    private var failed = false

    /// The innermost open collection; meaningful while `depth > 0`.
    private var current = OpenCollection(isMapping: false, line: 0, column: 0, start: 0)
    private var outer: [OpenCollection] = []
    private var depth = 0
    private var items = ScratchStack<YAMLNode>(capacity: 16)
    private var keys = ScratchStack<YAMLNode>(capacity: 8)
    private var pairs = ScratchStack<YAMLPair>(capacity: 16)
    private var anchors: [String: Anchor] = [:]
    /// Anchors of open collections, innermost last.
    private var anchorNames: [String] = []
    /// Key → offset from `start`, for open mappings that got large,
    /// innermost last.
    private var keyIndexes: [[String: Int]] = []
    private var aliasNodeTotal = 0
    /// Bytes of text the aliases expanded so far.
    private var aliasByteTotal = 0
    private var documentCount = 0

    init(file: SourceFile, options: YAMLLoadOptions) {
        self.file = file
        self.options = options
    }

    /// libyaml marks are 0-based, and count NEL, LS and PS as line breaks;
    /// herald's positions are 1-based, and do not (`MarkLines`). This is the
    /// one place that converts.
    private func location(line: Int, column: Int) -> SourceLocation {
        let (line, column) = markLines?.position(line: line, column: column) ?? (line, column)
        return SourceLocation(file: file, line: line + 1, column: column + 1)
    }

    private func location(_ mark: yaml_mark_t) -> SourceLocation {
        location(line: Int(mark.line), column: Int(mark.column))
    }

    /// `- #launch` or `text: #launch day`: libyaml places the value it reads
    /// as nothing at the blank before the comment that hid it. How many
    /// blanks lie between that mark and a `#` on its line, so that the
    /// problem points at the `#`; nil when no comment follows.
    private mutating func commentAfter(_ mark: yaml_mark_t) -> Int? {
        guard let bytes else { return nil }
        let start = byteOffset(of: mark, in: bytes)
        var i = start
        while i < bytes.count, bytes[i] == UInt8(ascii: " ") || bytes[i] == UInt8(ascii: "\t") { i += 1 }
        let blanks = i - start
        return blanks > 0 && i < bytes.count && bytes[i] == UInt8(ascii: "#") ? blanks : nil
    }

    /// A comment after a scalar that ends at `mark`, on its line, whose `#`
    /// is followed by a word (a letter, a digit, `_`, or any non-ASCII
    /// character): `Big news #launch`. Not `# a note`, a comment as people write one.
    private mutating func wordCommentAfter(_ mark: yaml_mark_t) -> (location: SourceLocation, word: String)? {
        guard let bytes else { return nil }
        let start = byteOffset(of: mark, in: bytes)
        var i = start
        while i < bytes.count, bytes[i] == UInt8(ascii: " ") || bytes[i] == UInt8(ascii: "\t") { i += 1 }
        guard i > start, i + 1 < bytes.count, bytes[i] == UInt8(ascii: "#") else { return nil }
        func isWord(_ byte: UInt8) -> Bool {
            byte >= 0x80 || byte == UInt8(ascii: "_") || (byte >= 0x30 && byte <= 0x39) || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A)
        }
        guard isWord(bytes[i + 1]) else { return nil }
        var end = i + 1
        while end < bytes.count, isWord(bytes[end]) { end += 1 }
        let word = String(decoding: UnsafeBufferPointer(rebasing: bytes[i..<end]), as: UTF8.self)
        return (location(line: Int(mark.line), column: Int(mark.column) + (i - start)), word)
    }

    /// The byte offset of a mark's character. Marks only move forward:
    /// counted on from the last, a file of many values takes time in its
    /// size, not its square.
    private mutating func byteOffset(of mark: yaml_mark_t, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        let index = Int(mark.index)
        let offset = SourceText.byteOffset(ofCharacter: index, in: bytes, from: index >= lastMark.character ? lastMark : (0, 0))
        lastMark = (index, offset)
        return offset
    }

    /// Where the first escape writing a control character is in a
    /// double-quoted scalar starting at `start`, when one does; libyaml's
    /// line and column counted on from the scalar's own, then converted.
    private mutating func controlEscape(_ value: UnsafeBufferPointer<UInt8>, from start: yaml_mark_t) -> SourceLocation? {
        guard let bytes, SourceText.mayHoldControl(value) else { return nil }
        let from = byteOffset(of: start, in: bytes)
        guard let escape = SourceText.controlEscape(inQuotedScalarFrom: from, in: bytes) else { return nil }
        var (line, column) = (Int(start.line), Int(start.column))
        var i = from
        while i < escape {
            let breakLength = max(SourceText.lineBreakLength(at: i, in: bytes), SourceText.unicodeLineBreakLength(at: i, in: bytes))
            if breakLength > 0 {
                (line, column) = (line + 1, 0)
                i += breakLength
                continue
            }
            if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        return location(line: line, column: column)
    }

    /// Combining marks one character may carry in a value. Zalgo text has
    /// tens; Swift compares and hashes a longer run in time in its square
    /// (an account's name of one letter and 60,000 marks took 30 s).
    static let maxCombiningRun = 256

    /// What is said of a value with a run of `run` marks.
    static func combiningRunProblem(_ run: Int) -> String {
        "a character carries \(TextRules.grouped(run)) combining marks; herald reads at most \(maxCombiningRun) on one character"
    }

    /// `value` with each run of combining marks cut to `maxCombiningRun`.
    static func cuttingCombiningRuns(_ value: String) -> String {
        var kept = String.UnicodeScalarView()
        var run = 0
        for scalar in value.unicodeScalars {
            run = scalar.isCombiningMark ? run + 1 : 0
            if run <= maxCombiningRun { kept.append(scalar) }
        }
        return String(kept)
    }

    /// The longest run of combining marks in `value`, when it is longer
    /// than `maxCombiningRun`; else nil.
    static func longestCombiningRun(_ value: String) -> Int? {
        // A mark takes two bytes or more, none of them ASCII: without so long a run of such bytes, no run of marks.
        var bytesRun = 0, longestBytes = 0
        for byte in value.utf8 {
            bytesRun = byte >= 0x80 ? bytesRun + 1 : 0
            longestBytes = max(longestBytes, bytesRun)
        }
        guard longestBytes > 2 * maxCombiningRun else { return nil }
        var run = 0, longest = 0
        for scalar in value.unicodeScalars {
            if scalar.isCombiningMark {
                run += 1
                longest = max(longest, run)
            } else {
                run = 0
            }
        }
        return longest > maxCombiningRun ? longest : nil
    }

    private mutating func error(_ message: String, at location: SourceLocation, hint: String? = nil) {
        diagnostics.append(.error(message, at: location, hint: hint))
    }

    /// Parses every event of `bytes` (valid UTF-8 without a byte order mark)
    /// and leaves the result in `root` and `diagnostics`.
    mutating func build(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        markLines = MarkLines(bytes)
        lastMark = (0, 0)
        lines = nil
        defer { self.bytes = nil }
        var parser = LibYAMLParser(bytes)
        while true {
            guard parser.next() else {
                report(parser.failure, bytes)
                break
            }
            guard handle(parser.event) else { break }
        }
        let hidden = failed ? [] : markLines?.hiddenLineProblems(in: bytes, file: file) ?? []
        diagnostics += hidden
        notes.hiddenLines = hidden.compactMap(\.location)
        if failed { root = nil }
    }

    /// Handles one event; `false` when loading stops.
    private mutating func handle(_ event: UnsafeMutablePointer<yaml_event_t>) -> Bool {
        switch event.pointee.type {
        case YAML_SCALAR_EVENT:
            let data = event.pointee.data.scalar
            var value = String(decoding: UnsafeBufferPointer(start: data.value, count: data.length), as: UTF8.self)
            // Only a value of over 512 bytes can hold so long a run: the rest are not looked at.
            if data.length > 2 * Self.maxCombiningRun, let run = Self.longestCombiningRun(value), run > Self.maxCombiningRun {
                error(Self.combiningRunProblem(run), at: location(event.pointee.start_mark), hint: "no platform shows them: remove them")
                // Read on with the marks it may carry: the error holds the file's item, and a value read
                // as nothing would be told to have no text besides.
                value = Self.cuttingCombiningRuns(value)
            }
            markLines?.cover(from: Int(event.pointee.start_mark.line), to: Int(event.pointee.end_mark.line))
            let scalar = YAMLScalar(
                value: value,
                style: Self.style(data.style),
                lineCount: lineCount(from: event.pointee.start_mark, to: event.pointee.end_mark),
                tag: data.tag.map { String(cString: $0) }
            )
            var at = location(event.pointee.start_mark)
            if data.length == 0, data.style == YAML_PLAIN_SCALAR_STYLE, let comment = commentAfter(event.pointee.start_mark) {
                at.column += comment
                notes.commentedNothing.insert(at)
            }
            if data.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE,
               let escape = controlEscape(UnsafeBufferPointer(start: data.value, count: data.length), from: event.pointee.start_mark) {
                notes.controlEscapes[at] = escape
            }
            let inline = data.style == YAML_PLAIN_SCALAR_STYLE || data.style == YAML_SINGLE_QUOTED_SCALAR_STYLE
                || data.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE
            if data.length > 0, inline, let comment = wordCommentAfter(event.pointee.end_mark) {
                notes.trailingWordComments[at] = comment
            }
            if scalar.tag == "!" { notes.bareTags.insert(at) }
            let node = YAMLNode(kind: .scalar(scalar), location: at)
            if let anchor = data.anchor {
                let name = String(cString: anchor)
                anchors[name] = Anchor(node: node, nodeCount: 1, bytes: data.length)
                // Only a plain scalar could have been meant to start with it: `&a |` or `&a "…"` cannot.
                if data.style == YAML_PLAIN_SCALAR_STYLE { notes.unusedAnchors[at] = name }
            }
            attach(node, nodeCount: 1, bytes: data.length)

        case YAML_SEQUENCE_START_EVENT:
            let start = event.pointee.data.sequence_start
            return open(isMapping: false, isFlow: start.style == YAML_FLOW_SEQUENCE_STYLE, anchor: start.anchor, at: event.pointee.start_mark)

        case YAML_MAPPING_START_EVENT:
            let start = event.pointee.data.mapping_start
            return open(isMapping: true, isFlow: start.style == YAML_FLOW_MAPPING_STYLE, anchor: start.anchor, at: event.pointee.start_mark)

        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            closeCollection(at: event.pointee.start_mark)

        case YAML_ALIAS_EVENT:
            return expandAlias(String(cString: event.pointee.data.alias.anchor), at: location(event.pointee.start_mark))

        case YAML_DOCUMENT_START_EVENT:
            documentCount += 1
            if documentCount > 1 {
                error("file has more than one YAML document", at: location(event.pointee.start_mark),
                      hint: "herald reads one document per file; remove the '---' separator or split the file")
                failed = true
                return false
            }

        case YAML_STREAM_END_EVENT:
            return false

        default:
            break
        }
        return true
    }

    private mutating func open(isMapping: Bool, isFlow: Bool, anchor: UnsafeMutablePointer<yaml_char_t>?, at mark: yaml_mark_t) -> Bool {
        guard depth < options.maxDepth else {
            error("YAML nesting is deeper than \(options.maxDepth) levels", at: location(mark),
                  hint: "herald content is a few levels deep; flatten the structure")
            failed = true
            return false
        }
        if depth > 0 {
            if outer.isEmpty { outer.reserveCapacity(8) }
            outer.append(current)
        }
        current = OpenCollection(
            isMapping: isMapping, hasAnchor: anchor != nil, isFlow: isFlow, line: Int(mark.line), column: Int(mark.column),
            start: isMapping ? pairs.count : items.count)
        if let anchor { anchorNames.append(String(cString: anchor)) }
        depth += 1
        return true
    }

    /// Closes the innermost collection at its end token, `end`.
    private mutating func closeCollection(at end: yaml_mark_t) {
        guard depth > 0 else { return }
        let collection = current
        depth -= 1
        if depth > 0 { current = outer.removeLast() }
        // The outermost flow collection over several lines: any comment in it hid text.
        if collection.isFlow, end.line > collection.line, depth == 0 || !current.isFlow, let bytes {
            let list = location(line: collection.line, column: collection.column)
            let close = location(end)
            if lines == nil { lines = SourceText.lineRanges(in: bytes) }
            for comment in SourceText.wordCommentsInFlow(in: bytes, lines: lines ?? [], from: (list.line, list.column), to: (close.line, close.column)) {
                wordComments.append(WordComment(collection: list, location: SourceLocation(file: file, line: comment.line, column: comment.column),
                                                word: comment.word))
            }
        }
        if collection.hasKeyIndex { keyIndexes.removeLast() }
        let kind: YAMLNode.Kind
        if collection.isMapping {
            // libyaml gives every key a value; a key left waiting is dropped.
            if collection.hasKey { _ = keys.popLast() }
            kind = .mapping(pairs.takeArray(from: collection.start))
        } else {
            kind = .sequence(items.takeArray(from: collection.start))
        }
        let node = YAMLNode(kind: kind, location: location(line: collection.line, column: collection.column))
        if collection.isFlow {
            notes.flowCollections.insert(node.location)
            markLines?.cover(from: collection.line, to: Int(end.line))
        }
        if collection.hasAnchor {
            anchors[anchorNames.removeLast()] = Anchor(node: node, nodeCount: collection.nodeCount, bytes: collection.bytes)
        }
        attach(node, nodeCount: collection.nodeCount, bytes: collection.bytes)
    }

    private mutating func expandAlias(_ name: String, at aliasLocation: SourceLocation) -> Bool {
        guard let anchor = anchors[name] else {
            error(options.quotesContent ? "unknown anchor '\(name)'" : "unknown anchor", at: aliasLocation,
                  hint: anchorNames.contains(name) ? "an alias cannot refer to a node that contains it"
                      : "YAML reads a value starting with '*' as an alias, a reference to an anchor (&name): quote the value if the '*' is part of it")
            failed = true
            // Keep the structure going with a null so later problems still show.
            attach(YAMLNode(kind: .scalar(YAMLScalar(value: "")), location: aliasLocation), nodeCount: 1)
            return true
        }
        notes.unusedAnchors[anchor.node.location] = nil
        aliasNodeTotal += anchor.nodeCount
        aliasByteTotal += anchor.bytes
        guard aliasNodeTotal <= options.maxAliasExpansion else {
            error("YAML aliases expand to more than \(options.maxAliasExpansion) nodes", at: aliasLocation,
                  hint: "herald rejects alias bombs; write the content out")
            failed = true
            return false
        }
        // Few nodes, each a long text: a 450 KB text aliased by 10,000 thread parts was 4.5 GB to publish.
        guard aliasByteTotal <= options.maxFileBytes else {
            error("YAML aliases expand to more than \(TextRules.grouped(options.maxFileBytes)) bytes of text, the most a file may hold", at: aliasLocation,
                  hint: "herald rejects alias bombs; write the content out")
            failed = true
            return false
        }
        var node = anchor.node
        if case .scalar = node.kind { notes.aliasOrigins[aliasLocation] = node.location }
        if notes.flowCollections.contains(node.location) { notes.flowCollections.insert(aliasLocation) }
        node.location = aliasLocation
        attach(node, nodeCount: anchor.nodeCount, bytes: anchor.bytes)
        return true
    }

    /// Adds a finished node to the innermost open collection, or makes it
    /// the root.
    private mutating func attach(_ node: consuming YAMLNode, nodeCount: Int, bytes: Int = 0) {
        guard depth > 0 else {
            root = node
            return
        }
        current.nodeCount += nodeCount
        current.bytes += bytes
        if !current.isMapping {
            items.push(node)
        } else if current.hasKey {
            current.hasKey = false
            let key = keys.popLast()!
            guard case .scalar(let scalar) = key.kind else { return }
            pairs.push(YAMLPair(key: key, value: node, keyString: scalar.value))
        } else if current.dropNextValue {
            current.dropNextValue = false
            // In a file whose every word may be a secret, a value left out (its key written twice) is kept
            // for redaction: it is as much a secret as the one read.
            if !options.quotesContent { Self.collectScalars(node, into: &notes.droppedValues) }
        } else if isNewKey(node) {
            keys.push(node)
            current.hasKey = true
        } else {
            current.dropNextValue = true
        }
    }

    private static func collectScalars(_ node: borrowing YAMLNode, into values: inout [String]) {
        switch node.kind {
        case .scalar(let scalar): values.append(scalar.value)
        case .sequence(let items): for index in items.indices { collectScalars(items[index], into: &values) }
        case .mapping(let pairs): for index in pairs.indices { collectScalars(pairs[index].value, into: &values) }
        }
    }

    /// Whether `key` may start a pair of the innermost mapping; reports
    /// why not.
    private mutating func isNewKey(_ key: borrowing YAMLNode) -> Bool {
        guard case .scalar(let scalar) = key.kind else {
            error("mapping keys must be strings", at: key.location)
            return false
        }
        let offset = pairs.count - current.start
        let first: Int?
        if current.hasKeyIndex {
            first = keyIndexes[keyIndexes.count - 1][scalar.value]
        } else {
            let length = scalar.value.utf8.count
            first = pairs.firstIndex(from: current.start) {
                $0.keyString.utf8.count == length && $0.keyString == scalar.value
            }.map { $0 - current.start }
        }
        if let first {
            error(options.quotesContent ? "duplicate key '\(scalar.value)'" : "duplicate key", at: key.location,
                  hint: "first defined at line \(pairs[current.start + first].key.location.line)")
            notes.repeatedKeys[key.location] = pairs[current.start + first].key.location
            return false
        }
        if current.hasKeyIndex {
            keyIndexes[keyIndexes.count - 1][scalar.value] = offset
        } else if offset == Self.linearKeySearchLimit {
            var index: [String: Int] = [:]
            index.reserveCapacity(offset * 2)
            for i in 0..<offset { index[pairs[current.start + i].keyString] = i }
            index[scalar.value] = offset
            keyIndexes.append(index)
            current.hasKeyIndex = true
        }
        return true
    }

    private mutating func report(_ failure: LibYAMLParser.Failure, _ bytes: UnsafeBufferPointer<UInt8>) {
        failed = true
        var message = "YAML syntax error: \(failure.problem ?? "unknown problem")"
        if let context = failure.context { message += ", \(context)" }
        switch failure.kind {
        case YAML_MEMORY_ERROR:
            error("YAML syntax error: libyaml could not allocate memory", at: location(line: 0, column: 0))
        case YAML_READER_ERROR:
            // Reader errors carry a byte offset, not a mark.
            let (line, column) = SourceText.position(ofByte: failure.problemOffset, in: bytes)
            let hint = failure.problemValue >= 0 ? "remove the character \(TextRules.codePoint(UInt32(failure.problemValue)))" : nil
            error(message, at: SourceLocation(file: file, line: line, column: column), hint: hint)
        default:
            // A file git left mid-merge: the markers are the problem, wherever libyaml stopped.
            if let line = SourceText.firstConflictMarker(in: bytes, errorLine: location(failure.problemMark).line) {
                error("a git merge conflict marker", at: SourceLocation(file: file, line: line, column: 1),
                      hint: "resolve the conflict: keep the lines you want and delete the markers")
                return
            }
            let at = location(failure.problemMark)
            let flows = openFlowCollections
            // An unquoted hashtag on the line that opened a flow list still open: the '#' hid the
            // rest of that line and the list's closing bracket, not where libyaml stopped.
            if lines == nil, !flows.isEmpty { lines = SourceText.lineRanges(in: bytes) }
            let opened = lines ?? []
            if let comment = flows.lazy.compactMap({ flow in
                SourceText.wordCommentsInFlow(in: bytes, lines: opened, from: (flow.line, flow.column), to: (flow.line, Int.max)).first
            }).first {
                let tag = comment.word.count > 1 ? comment.word : "#tag"
                error("YAML syntax error: this '#' starts a comment, which hides the rest of the line and its closing bracket",
                      at: SourceLocation(file: file, line: comment.line, column: comment.column),
                      hint: "quote it: '\(tag)'")
                return
            }
            // A quote or bracket left open to the end: what a tab on the last line has to do with it is nothing.
            if reportUnclosed(failure, bytes, innermostFlow: flows.last) { return }
            // A line indented with a tab: libyaml names a token or the indentation, not the tab.
            if let line = SourceText.byteRange(ofLine: at.line, in: bytes),
               bytes[line].prefix(while: { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }).contains(UInt8(ascii: "\t")) {
                error(message, at: at, hint: "this line is indented with a tab; YAML indents with spaces only")
                return
            }
            let begun = location(failure.contextMark)
            let lineRanges = SourceText.lineRanges(in: bytes)
            // A line taken for a key with no ':' is the mistake, not where libyaml stopped looking for one.
            let focus = failure.problem == "could not find expected ':'" && failure.context == "while scanning a simple key" ? begun : at
            let lineAt = { (n: Int) in lineRanges.indices.contains(n - 1) ? String(decoding: bytes[lineRanges[n - 1]], as: UTF8.self) : nil }
            // A separator pasted into a comment: the mistake is there, not where libyaml stopped.
            if let (line, column, hint) = SyntaxHints.separatorInComment(number: focus.line, column: focus.column, lineAt: lineAt) {
                error(message, at: SourceLocation(file: file, line: line, column: column), hint: hint)
                return
            }
            if let problem = failure.problem {
                // Nor in a file with a key that names or may name a secret (`tokens:`, `authorization:`), whose value the hint could quote.
                let mayQuote = options.quotesContent && !SourceText.namesKey(in: bytes, anyOf: options.concealedKeys)
                    && (options.concealedKeys.isEmpty || !SecretScanner.mayHoldSecret(String(decoding: bytes, as: UTF8.self)))
                if let hint = SyntaxHints.hint(problem: problem, context: failure.context, number: focus.line, lineAt: lineAt, column: focus.column,
                                               begun: failure.context == nil ? nil : (begun.line, begun.column), mayQuote: mayQuote) {
                    error(message, at: focus, hint: hint)
                    return
                }
            }
            // Name where the unfinished construct began when it is elsewhere.
            let hint = failure.context != nil && begun.line != focus.line ? "it began at line \(begun.line), column \(begun.column)" : nil
            error(message, at: focus, hint: hint)
        }
    }

    /// The flow collections (`[…]`, `{…}`) open where loading stopped,
    /// outermost first, with where each starts.
    private var openFlowCollections: [(line: Int, column: Int, isMapping: Bool)] {
        guard depth > 0 else { return [] }
        return (outer + [current]).filter(\.isFlow).map { collection in
            let start = location(line: collection.line, column: collection.column)
            return (start.line, start.column, collection.isMapping)
        }
    }

    /// A quoted text, `[` or `{` still open where the file ends: libyaml
    /// stops past the last line, where there is nothing to show, so the
    /// error points at what was left open: the quote, or the innermost open
    /// flow collection. False for any other failure.
    private mutating func reportUnclosed(_ failure: LibYAMLParser.Failure, _ bytes: UnsafeBufferPointer<UInt8>,
                                         innermostFlow flow: (line: Int, column: Int, isMapping: Bool)?) -> Bool {
        let stopped = SourceText.byteOffset(ofCharacter: Int(failure.problemMark.index), in: bytes)
        guard bytes[stopped...].allSatisfy({ $0 == 0x20 || (0x09...0x0D).contains($0) }) else { return false }
        if failure.context == "while scanning a quoted scalar" {
            let opened = SourceText.byteOffset(ofCharacter: Int(failure.contextMark.index), in: bytes)
            guard opened < stopped, bytes[opened] == UInt8(ascii: "\"") || bytes[opened] == UInt8(ascii: "'") else { return false }
            let quote = bytes[opened] == UInt8(ascii: "\"") ? "\"" : "'"
            error("YAML syntax error: the file ends inside this quoted text: its closing \(quote) is missing", at: location(failure.contextMark))
            return true
        }
        guard let flow else { return false }
        let what = flow.isMapping ? "mapping: its closing '}' is missing" : "list: its closing ']' is missing"
        // A comment starting with a word inside it (`#b, "#c"]`) hid the bracket with the rest of its line.
        if lines == nil { lines = SourceText.lineRanges(in: bytes) }
        let comment = SourceText.wordCommentsInFlow(in: bytes, lines: lines ?? [], from: (flow.line, flow.column), to: (Int.max, Int.max)).first
        let hint = comment.map { comment in
            let quoted = options.quotesContent ? "'\(comment.word)' on line \(comment.line)" : "'#' on line \(comment.line), column \(comment.column)"
            return "the \(quoted) starts a comment, which hides the rest of its line" + (options.quotesContent ? ": quote it" : "")
        }
        error("YAML syntax error: the file ends inside this \(what)", at: SourceLocation(file: file, line: flow.line, column: flow.column), hint: hint)
        return true
    }

    /// The lines a scalar spans. A block scalar's end mark is at the start
    /// of the line after its last; any other scalar's is just after its
    /// last character.
    private func lineCount(from start: yaml_mark_t, to end: yaml_mark_t) -> Int32 {
        let last = end.column == 0 && end.line > start.line ? end.line - 1 : end.line
        let lines = location(line: Int(last), column: 0).line - location(start).line + 1
        return Int32(truncatingIfNeeded: lines)
    }

    private static func style(_ style: yaml_scalar_style_t) -> YAMLScalar.Style {
        switch style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: return .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: return .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: return .literal
        case YAML_FOLDED_SCALAR_STYLE: return .folded
        default: return .plain
        }
    }
}
