import Foundation

public enum PlanFormat: String, Sendable, CaseIterable {
    case text, markdown, json
}

public enum PlanRenderer {
    /// `problems` are the repository's and the state's diagnostics: the
    /// markdown plan, a pull request's comment, lists them under its
    /// summary (the text plan's go to standard error, JSON has `validate`).
    public static func render(_ plan: Plan, format: PlanFormat, color: Bool, problems: [Diagnostic] = []) -> String {
        switch format {
        case .text: return text(plan, color: color)
        case .markdown: return markdown(plan, problems: problems)
        case .json:
            var bytes: [UInt8] = []
            json(plan) { bytes.append(contentsOf: $0) }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    /// The rendering as UTF-8, handed to `emit` piece by piece in order: a
    /// JSON plan of tens of thousands of items is written out as it is
    /// rendered, never held whole. Each piece is valid during the call only.
    public static func write(_ plan: Plan, format: PlanFormat, color: Bool, problems: [Diagnostic] = [],
                             to emit: (UnsafeBufferPointer<UInt8>) -> Void) {
        if format == .json {
            json(plan, emit: emit)
        } else {
            var rendered = render(plan, format: format, color: color, problems: problems)
            rendered.withUTF8(emit)
        }
    }

    static let summaryOrder: [(PlanAction, String)] = [
        (.publish, "to publish"), (.wait, "waiting"), (.done, "done"), (.blocked, "blocked"),
        (.drift, "drifted"), (.orphan, "orphaned"), (.unknown, "unknown"), (.draft, "drafts"), (.unsupported, "unsupported"),
    ]

    /// The summary's word for `count` items (`3 waiting`, `1 draft`, `4 drafts`):
    /// the one noun among them agrees with its count.
    static func summaryWord(_ word: String, count: Int) -> String {
        count == 1 && word == "drafts" ? "draft" : word
    }

    public static func summary(_ plan: Plan) -> String {
        "Plan: " + summaryOrder.map { action, word in
            let count = plan.count(action)
            return "\(count) \(summaryWord(word, count: count))"
        }.joined(separator: ", ") + "."
    }

    /// Whether the text and markdown plans list an item: what is done and
    /// drafts are only counted in the summary.
    static func isListed(_ action: PlanAction) -> Bool { action != .done && action != .draft }

    /// `post` or `post [2/3]` for thread parts.
    public static func label(_ item: PlanItem) -> String {
        item.partCount > 1 ? "\(item.post) [\(item.part + 1)/\(item.partCount)]" : item.post
    }

    // MARK: text

    static func text(_ plan: Plan, color: Bool) -> String {
        var out = "herald plan at \(TimeParser.format(plan.at, zone: plan.timeZone, offset: nil))\n\n"
        let shown = plan.items.indices.filter { isListed(plan.items[$0].action) }
        if plan.isQuiet {
            out += "No changes. Nothing is due"
            let waiting = plan.count(.wait)
            if waiting > 0, let next = plan.items.first(where: { $0.action == .wait })?.publishAt {
                out += "; \(waiting) waiting, the next at \(TimeParser.format(next, zone: plan.timeZone, offset: nil))"
            }
            out += ".\n\n" + summary(plan) + "\n"
            return out
        }
        let postWidth = min(40, shown.lazy.map { width(TerminalText.visible(label(plan.items[$0]))) }.max() ?? 4)
        let accountWidth = min(24, shown.lazy.map { width(TerminalText.visible(plan.items[$0].accountName)) }.max() ?? 7)
        var lines: [UInt8] = []
        chunks(shown.count, bytesPerItem: 128, emit: { lines.append(contentsOf: $0) }) { range, line in
            for index in shown[range] {
                let item = plan.items[index]
                if color { line.raw("\u{1B}["); line.raw(colorCode(item.action)); line.raw("m") }
                line.raw("  "); line.append(item.action.symbol); line.raw(" ")
                line.append(item.action.rawValue, paddedTo: 11)
                line.raw("  "); line.append(TerminalText.visible(label(item)), paddedTo: postWidth)
                line.raw("  "); line.append(TerminalText.visible(TerminalText.shortened(item.accountName)), paddedTo: accountWidth)
                if let reason = item.reason { line.raw("  "); line.append(TerminalText.visible(TerminalText.shortened(reason, limit: TerminalText.longestReason))) }
                if color { line.raw("\u{1B}[0m") }
                line.raw("\n")
            }
        }
        out += String(decoding: lines, as: UTF8.self)
        out += "\n" + summary(plan) + "\n"
        return out
    }

    private static func colorCode(_ action: PlanAction) -> StaticString {
        switch action {
        case .publish: "32"
        case .wait, .draft, .done, .unsupported: "2"
        case .blocked, .unknown: "31"
        case .drift, .orphan: "33"
        }
    }

    /// Cells as a terminal lays them out: two for 日 or 🎉.
    static func width(_ text: String) -> Int {
        TerminalText.width(text)
    }

    /// Output for `count` items, written in chunks of 1,024 items on all
    /// cores two chunks per core at a time, and handed to `emit` in order:
    /// plans can hold tens of thousands of items, and only a few chunks are
    /// ever held (each megabyte held is a megabyte of fresh memory the
    /// kernel must clear). A chunk's buffer starts at `bytesPerItem` for
    /// each of its items, so that it seldom grows; it is emitted from where
    /// it was written.
    static func chunks(_ count: Int, bytesPerItem: Int, emit: (UnsafeBufferPointer<UInt8>) -> Void,
                       _ body: @Sendable (Range<Int>, inout TextBuffer) -> Void) {
        let size = 1_024
        let batch = 2 * ProcessInfo.processInfo.activeProcessorCount
        var first = 0
        while first < count {
            let chunkCount = min(batch, (count - first + size - 1) / size)
            let start = first
            let rendered = parallelMap(chunkCount) { i in
                let range = (start + i * size)..<min(count, start + (i + 1) * size)
                var buffer = TextBuffer(capacity: range.count * bytesPerItem)
                body(range, &buffer)
                return RenderedChunk(buffer)
            }
            for chunk in rendered { chunk.buffer.withBytes(emit) }
            first = min(count, first + chunkCount * size)
        }
    }

    /// Left-aligned in `width` characters (Foundation's padding is slow on long plans).
    public static func pad(_ text: String, _ width: Int) -> String {
        let count = Self.width(text)
        return count >= width ? text : text + String(repeating: " ", count: width - count)
    }

    // MARK: markdown

    /// How long a markdown plan may grow, in UTF-8 bytes: a pull request's
    /// comment holds at most 65,536 characters on GitHub, and each character
    /// is at least a byte.
    static let markdownBudget = 60_000

    /// Like the text plan, the table leaves out what is done and drafts
    /// (the summary counts them). Rows, then previews, are added while the
    /// whole stays within `budget`; what is left out is counted.
    static func markdown(_ plan: Plan, problems: [Diagnostic] = [], budget: Int = markdownBudget) -> String {
        var out = "### herald plan at \(TimeParser.format(plan.at, zone: plan.timeZone, offset: nil))\n\n"
        out += summaryOrder.compactMap { action, word in
            let count = plan.count(action)
            return count > 0 ? "**\(count)** \(summaryWord(word, count: count))" : nil
        }.joined(separator: " · ")
        out += plan.items.isEmpty ? "No posts.\n" : "\n\n"
        // The problems take at most half of the room, so that the table shows too.
        if !problems.isEmpty { out += (plan.items.isEmpty ? "\n" : "") + markdownList(problems, budget: budget / 2) }
        if plan.items.isEmpty { return out }
        let shown = plan.items.filter { isListed($0.action) }
        if shown.isEmpty { return out + "No changes. Nothing is due.\n" }
        // Kept for the notes of what is left out, so that they always fit.
        let reserve = 400
        var size = out.utf8.count
        func fits(_ piece: String) -> Bool { fits(bytes: piece.utf8.count) }
        func fits(bytes: Int) -> Bool { size + bytes + reserve <= budget }
        var rows = "| | Post | Account | Part | Action | Length | Note |\n|---|---|---|---|---|---|---|\n"
        size += rows.utf8.count
        // With previews to show, the rows take at most two thirds of the room left, so that some of the
        // texts under review show too.
        let previewed = shown.contains(where: \.isPreviewed)
        let rowLimit = previewed ? size + (budget - reserve - size) * 2 / 3 : budget - reserve
        var rowsShown = 0
        for item in shown {
            let platform = item.platform.map { " (\($0.displayName))" } ?? ""
            let length = item.length.map { l in item.limit.map { "\(l)/\($0)" } ?? "\(l)" } ?? ""
            let row = "| \(item.action.symbol) | \(codeCell(item.post)) | \(cell(TerminalText.shortened(item.accountName)))\(platform) | \(item.part + 1)/\(item.partCount) | \(item.action.rawValue) | \(length) | \(cell(TerminalText.shortened(item.reason ?? "", limit: TerminalText.longestReason))) |\n"
            guard size + row.utf8.count <= rowLimit else { break }
            rows += row
            size += row.utf8.count
            rowsShown += 1
        }
        out += rows
        if rowsShown < shown.count {
            let left = shown.count - rowsShown
            out += "\n*\(left) more \(left == 1 ? "row is" : "rows are") left out to keep this comment within GitHub's size limit; `herald plan` lists them all.*\n"
        }
        // Previews of what will go out, per post.
        var previews: [String: [PlanItem]] = [:]
        var order: [String] = []
        for item in shown where item.isPreviewed {
            if previews[item.post] == nil { order.append(item.post) }
            previews[item.post, default: []].append(item)
        }
        var previewsShown = 0
        for post in order {
            // A preview that does not fit is left out, and a smaller one after it may still fit: until no room is left.
            if !fits(bytes: 160) { break }
            var preview = "\n<details><summary><code>\(html(post))</code></summary>\n\n"
            // The text and media shown last: another account's, the same, is not shown again.
            var shown: (text: String?, media: [MediaRef])?
            // Part by part, so that a part the same on every account is shown once.
            for item in (previews[post] ?? []).sorted(by: { ($0.part, $0.account) < ($1.part, $1.account) }) {
                let length = item.length.map { l in item.limit.map { " — \(l)/\($0)\(l > $0 ? " ⚠️ over the limit" : "")" } ?? "" } ?? ""
                let part = item.partCount > 1 ? ", part \(item.part + 1)/\(item.partCount)" : ""
                let unpublished = item.action == .unsupported ? ", not published by this version of herald"
                    : item.action == .drift ? ", changed since it was published: not sent, the platform keeps what it published" : ""
                preview += "**\(item.account)** (\(item.platform?.displayName ?? "?")\(part)\(unpublished))\(length)"
                if let shown, shown.text == item.text, shown.media == item.media {
                    preview += ": the same as above\n\n"
                    continue
                }
                shown = (item.text, item.media)
                preview += "\n\n" + codeBlock(item.text ?? "")
                // What is attached, and the alt text a reviewer should read too.
                // In code spans, as the text is in a code block: no markdown read, no one notified.
                for media in item.media {
                    let alt = media.sentAlt.map { "alt " + codeSpan(CICommands.inert(TerminalText.visible(oneLine($0)))) } ?? "no alt text"
                    preview += "- 🖼 " + codeSpan(CICommands.inert(TerminalText.visible(oneLine(media.path.value)))) + ", " + alt + "\n"
                }
                if !item.media.isEmpty { preview += "\n" }
            }
            preview += "</details>\n"
            guard fits(preview) else { continue }
            out += preview
            size += preview.utf8.count
            previewsShown += 1
        }
        if previewsShown < order.count {
            let left = order.count - previewsShown
            out += "\n*\(left) more \(left == 1 ? "post's preview is" : "posts' previews are") left out to keep this comment within GitHub's size limit.*\n"
        }
        return out
    }

    /// How many problems the markdown plan lists; the rest are counted.
    static let problemsListed = 50

    /// The problems as a list, each at its position: what a reviewer must
    /// fix, in the comment that shows the plan. At most `problemsListed` of
    /// them, within `budget` bytes; the rest are counted.
    static func markdownList(_ problems: [Diagnostic], budget: Int = markdownBudget / 2) -> String {
        guard !problems.isEmpty else { return "" }
        let errors = problems.count { $0.severity == .error }
        let warnings = problems.count - errors
        var out = "**\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")** in files"
            + " (`herald plan` shows each under its line):\n\n"
        var listed = 0
        for problem in problems.prefix(problemsListed) {
            let place = problem.location.map { TerminalText.shortened(TerminalText.visible(oneLine($0.description)), limit: TerminalText.longestReason) }
            let at = place.map { codeSpan($0) + " " } ?? ""
            let line = "- \(at)\(problem.severity == .error ? "error" : "warning"): \(cell(problem.shortFullMessage, inTable: false))\n"
            // Room is kept for the line that counts the rest.
            guard out.utf8.count + line.utf8.count + 40 <= budget else { break }
            out += line
            listed += 1
        }
        if problems.count > listed { out += "- … and \(problems.count - listed) more\n" }
        return out + "\n"
    }

    /// Text in a table cell, shown as it is: what markdown, HTML or GitHub's
    /// math would read in it is backslash-escaped (an account named
    /// `<img src=…>` in a post shows as those characters), a line break is a space.
    /// An `@name` (or `@org/team`) and a reference GitHub links (`#12`,
    /// `GH-12`, `owner/repo#12`) go in a code span: outside one, GitHub would
    /// notify that person from the pull request's comment, or link that
    /// issue and note the mention there. So does a web address, which
    /// GitHub would make a link of, escapes and all. Copied, a code span
    /// gives its text as it is.
    private static func cell(_ s: String, inTable: Bool = true) -> String {
        let scalars = Array(TerminalText.visible(oneLine(s)).unicodeScalars)
        var out = ""
        out.reserveCapacity(s.utf8.count)
        func isNameScalar(_ c: Unicode.Scalar) -> Bool {
            c.isASCII && (c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "-" || c == "_")
        }
        func isDigit(_ k: Int) -> Bool { k < scalars.count && ("0"..."9").contains(scalars[k]) }
        func digitsEnd(_ k: Int) -> Int {
            var k = k
            while isDigit(k) { k += 1 }
            return k
        }
        func hasPrefix(_ word: String, at k: Int) -> Bool {
            let word = Array(word.unicodeScalars)
            guard k + word.count <= scalars.count else { return false }
            return word.indices.allSatisfy { String(scalars[k + $0]).lowercased() == String(word[$0]) }
        }
        /// Where a reference or web address starting at `k` ends, if one does.
        func referenceEnd(at k: Int) -> Int? {
            let scalar = scalars[k]
            if scalar == "@", k + 1 < scalars.count, isNameScalar(scalars[k + 1]) {
                var end = k + 1
                while end < scalars.count, isNameScalar(scalars[end]) || scalars[end] == "/" { end += 1 }
                return end
            }
            if scalar == "#", isDigit(k + 1) { return digitsEnd(k + 1) }
            if hasPrefix("gh-", at: k), isDigit(k + 3) { return digitsEnd(k + 3) }
            if hasPrefix("http://", at: k) || hasPrefix("https://", at: k) || hasPrefix("www.", at: k) {
                var end = k
                while end < scalars.count, !scalars[end].properties.isWhitespace { end += 1 }
                // A closing quote or a full stop after the address is the sentence's, as GitHub reads it.
                while end > k + 4, ".,:;!?'\")]>".unicodeScalars.contains(scalars[end - 1]) { end -= 1 }
                return end
            }
            // owner/repo#12
            var end = k
            var slashes = 0
            while end < scalars.count, isNameScalar(scalars[end]) || scalars[end] == "." || (scalars[end] == "/" && slashes == 0) {
                if scalars[end] == "/" { slashes += 1 }
                end += 1
            }
            if slashes == 1, end > k, end < scalars.count, scalars[end] == "#", isDigit(end + 1) { return digitsEnd(end + 1) }
            return nil
        }
        var i = 0
        while i < scalars.count {
            let scalar = scalars[i]
            // GitHub takes `@name` and `#12` after any character but a letter, a digit or '_' (`cc.@name`,
            // `(#12)`); an address or `owner/repo#12` only where a word starts.
            let before = i == 0 ? nil : scalars[i - 1]
            let startsWord = scalar == "@" || scalar == "#"
                ? !(before.map { isNameScalar($0) && $0 != "-" } ?? false)
                : !(before.map { isNameScalar($0) || $0 == "`" || $0 == "/" || $0 == "." } ?? false)
            if startsWord, let end = referenceEnd(at: i) {
                // In a table a `|` ends the cell even in a code span, unless escaped; elsewhere the escape would show.
                let span = codeSpan(String(String.UnicodeScalarView(scalars[i..<end])))
                out += inTable ? span.replacingOccurrences(of: "|", with: "\\|") : span
                i = end
                continue
            }
            if "\\`*_[]<>&|~$".unicodeScalars.contains(scalar) { out += "\\" }
            out.unicodeScalars.append(scalar)
            i += 1
        }
        return out
    }

    /// A code span in a table cell: only its pipes need escaping there, and
    /// a line break (a file name can hold one) would end the row.
    private static func codeCell(_ s: String) -> String {
        codeSpan(TerminalText.visible(oneLine(s))).replacingOccurrences(of: "|", with: "\\|")
    }

    /// A line break (a file name can hold one) would end a table's row: a
    /// space instead. Any other control character is shown escaped
    /// (`TerminalText.visible`), as the text plan shows it.
    private static func oneLine(_ s: String) -> String {
        guard s.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D }) else { return s }
        return String(String.UnicodeScalarView(s.unicodeScalars.map { $0 == "\n" || $0 == "\r" ? " " : $0 }))
    }

    private static func html(_ s: String) -> String {
        TerminalText.visible(s).replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    // MARK: json

    /// Schema `herald.plan/v1`, documented in the README: keys sorted,
    /// optional fields left out, pretty-printed as Foundation's JSONEncoder
    /// does. Written directly: a plan can hold tens of thousands of items, and
    /// JSONEncoder's intermediate tree cost more time and memory than the plan.
    static func json(_ plan: Plan, emit: (UnsafeBufferPointer<UInt8>) -> Void) {
        var head = TextBuffer(capacity: 256)
        head.raw("{\n  \"at\" : ")
        head.string(TimeParser.utc(plan.at))
        head.raw(",\n  \"items\" : [")
        head.withBytes(emit)
        // Items are read in place: an array's subscript would copy each one.
        plan.items.withUnsafeBufferPointer { items in
            nonisolated(unsafe) let items = items
            chunks(items.count, bytesPerItem: 512, emit: emit) { range, buffer in
                // A post's items follow each other and share their publish_at: formatted once.
                var last: (date: Date, text: String)?
                for index in range {
                    buffer.raw(index == 0 ? "\n    {" : ",\n    {")
                    let publishAt = items[index].publishAt.map { date in
                        if date != last?.date { last = (date, TimeParser.utc(date)) }
                        return last!.text
                    }
                    writeItem(items.baseAddress! + index, publishAt: publishAt, to: &buffer)
                    buffer.raw("\n    }")
                }
            }
        }
        var tail = TextBuffer(capacity: 512)
        tail.raw(plan.items.isEmpty ? "\n\n  ],\n  \"schema\" : " : "\n  ],\n  \"schema\" : ")
        tail.string("herald.plan/v1")
        tail.raw(",\n  \"summary\" : {")
        for (index, action) in PlanAction.allCases.sorted(by: { $0.rawValue < $1.rawValue }).enumerated() {
            tail.raw(index == 0 ? "\n    \"" : ",\n    \"")
            tail.append(action.rawValue)
            tail.raw("\" : ")
            tail.number(plan.count(action))
        }
        tail.raw("\n  }\n}\n")
        tail.withBytes(emit)
    }

    /// One item's fields, keys sorted, optional ones left out when empty.
    /// `publishAt`: the item's publish_at, formatted by the caller. The item
    /// is read through its address: passed as a value, even `borrowing`, it
    /// was copied, every string of it retained and released. Each key is
    /// written with its punctuation in one piece.
    private static func writeItem(_ item: UnsafePointer<PlanItem>, publishAt: String?, to out: inout TextBuffer) {
        out.raw("\n      \"account\" : "); out.string(item.pointee.account)
        out.raw(",\n      \"action\" : "); out.string(item.pointee.action.rawValue)
        if let hash = item.pointee.hash { out.raw(",\n      \"hash\" : "); out.string(hash) }
        if let length = item.pointee.length { out.raw(",\n      \"length\" : "); out.number(length) }
        if let limit = item.pointee.limit { out.raw(",\n      \"limit\" : "); out.number(limit) }
        if let location = item.pointee.location { out.raw(",\n      \"location\" : "); out.string(location.description) }
        out.raw(",\n      \"part\" : "); out.number(item.pointee.part)
        out.raw(",\n      \"parts\" : "); out.number(item.pointee.partCount)
        if let platform = item.pointee.platform { out.raw(",\n      \"platform\" : "); out.string(platform.rawValue) }
        out.raw(",\n      \"post\" : "); out.string(item.pointee.post)
        if let publishAt { out.raw(",\n      \"publish_at\" : "); out.string(publishAt) }
        if let reason = item.pointee.wholeReason ?? item.pointee.reason { out.raw(",\n      \"reason\" : "); out.string(reason) }
        if let remoteID = item.pointee.remoteID { out.raw(",\n      \"remote_id\" : "); out.string(remoteID) }
        if let url = item.pointee.url { out.raw(",\n      \"url\" : "); out.string(url) }
        out.raw(",\n      \"verify\" : "); out.raw(item.pointee.verify ? "true" : "false")
    }
}

/// Output written as bytes, into memory the buffer owns and doubles as it
/// fills: a JSON plan appends a few bytes at a time millions of times, and
/// an Array's append costs more than the copy itself. JSON strings are
/// escaped as JSONEncoder escapes them (quotes, backslashes, control
/// characters; '/' and non-ASCII as they are).
struct TextBuffer: ~Copyable {
    private var start: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var count = 0

    init(capacity: Int = 1 << 16) {
        self.capacity = capacity
        start = .allocate(capacity: capacity)
    }

    deinit { start.deallocate() }

    /// The bytes written, in place.
    func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        body(UnsafeBufferPointer(start: start, count: count))
    }

    var text: String { String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self) }

    private mutating func write(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress else { return }
        if count + bytes.count > capacity { grow(toFit: bytes.count) }
        (start + count).initialize(from: source, count: bytes.count)
        count += bytes.count
    }

    private mutating func grow(toFit more: Int) {
        capacity = max(2 * capacity, count + more)
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        grown.initialize(from: start, count: count)
        start.deallocate()
        start = grown
    }

    private mutating func write(_ byte: UInt8) {
        if count == capacity { grow(toFit: 1) }
        start[count] = byte
        count += 1
    }

    mutating func append(_ s: String) {
        s.withUTF8Bytes { write($0) }
    }

    /// `s` left-aligned in `width` characters.
    mutating func append(_ s: String, paddedTo width: Int) {
        append(s)
        for _ in 0..<max(0, width - PlanRenderer.width(s)) { write(UInt8(ascii: " ")) }
    }

    mutating func raw(_ s: StaticString) {
        write(UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    /// Decimal digits, written directly.
    mutating func number(_ n: Int) {
        if n < 0 { write(UInt8(ascii: "-")) }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // room for 24 digits
        withUnsafeMutableBytes(of: &digits) { room in
            var value = n.magnitude
            var first = room.count
            repeat {
                first -= 1
                room[first] = UInt8(ascii: "0") + UInt8(value % 10)
                value /= 10
            } while value > 0
            write(UnsafeBufferPointer(rebasing: room.bindMemory(to: UInt8.self)[first...]))
        }
    }

    /// Whether any byte needs escaping (a control character, '"' or '\\').
    /// Eight bytes at a time: `v - 0x01…01 & ~v & 0x80…80` is non-zero exactly
    /// when some byte of `v` is zero, and with `0x20…20` when some byte is
    /// below 0x20.
    private static func needsEscaping(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        func anyBelow(_ v: UInt64, _ n: UInt64) -> Bool {
            (v &- 0x0101_0101_0101_0101 &* n) & ~v & 0x8080_8080_8080_8080 != 0
        }
        let raw = UnsafeRawBufferPointer(bytes)
        var i = 0
        while i + 8 <= raw.count {
            let v = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            if anyBelow(v, 0x20) || anyBelow(v ^ 0x2222_2222_2222_2222, 1) || anyBelow(v ^ 0x5C5C_5C5C_5C5C_5C5C, 1) { return true }
            i += 8
        }
        return raw[i...].contains(where: needsEscaping)
    }

    private static func needsEscaping(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }

    mutating func string(_ s: String) {
        write(UInt8(ascii: "\""))
        s.withUTF8Bytes { escaped($0) }
        write(UInt8(ascii: "\""))
    }

    /// `utf8` with JSON's escapes, and the first `#` of a CI runner's
    /// command marker (`##[`) as `\u0023` (`CICommands`).
    private mutating func escaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        let marked = CICommands.hasHashMarker(utf8)
        if !marked && !Self.needsEscaping(utf8) {
            write(utf8)
            return
        }
        var plain = 0  // start of the bytes not yet written
        for (i, byte) in utf8.enumerated() where Self.needsEscaping(byte) || (marked && CICommands.startsMarker(utf8, at: i)) {
            write(UnsafeBufferPointer(rebasing: utf8[plain..<i]))
            plain = i + 1
            switch byte {
            case UInt8(ascii: "#"): raw("\\u0023")
            case UInt8(ascii: "\""): raw("\\\"")
            case UInt8(ascii: "\\"): raw("\\\\")
            case UInt8(ascii: "\n"): raw("\\n")
            case UInt8(ascii: "\r"): raw("\\r")
            case UInt8(ascii: "\t"): raw("\\t")
            case 0x08: raw("\\b")
            case 0x0C: raw("\\f")
            default:
                let hex: StaticString = "0123456789abcdef"
                raw("\\u00")
                write(hex.utf8Start[Int(byte >> 4)])
                write(hex.utf8Start[Int(byte & 15)])
            }
        }
        write(UnsafeBufferPointer(rebasing: utf8[plain...]))
    }
}

/// A chunk's buffer, handed from the worker that wrote it to the caller
/// that emits it; freed with it.
final class RenderedChunk: @unchecked Sendable {
    let buffer: TextBuffer

    init(_ buffer: consuming TextBuffer) {
        self.buffer = buffer
    }
}
