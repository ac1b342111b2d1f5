import Foundation

public enum PlanFormat: String, Sendable, CaseIterable {
    case text, markdown, json
}

public enum PlanRenderer {
    public static func render(_ plan: Plan, format: PlanFormat, color: Bool) -> String {
        switch format {
        case .text: return text(plan, color: color)
        case .markdown: return markdown(plan)
        case .json:
            var bytes: [UInt8] = []
            json(plan) { bytes += $0 }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    /// The rendering as UTF-8, handed to `emit` piece by piece in order: a
    /// JSON plan of tens of thousands of items is written out as it is
    /// rendered, never held whole.
    public static func write(_ plan: Plan, format: PlanFormat, color: Bool, to emit: ([UInt8]) -> Void) {
        if format == .json {
            json(plan, emit: emit)
        } else {
            emit(Array(render(plan, format: format, color: color).utf8))
        }
    }

    static let summaryOrder: [(PlanAction, String)] = [
        (.publish, "to publish"), (.wait, "waiting"), (.done, "done"), (.blocked, "blocked"),
        (.drift, "drifted"), (.orphan, "orphaned"), (.unknown, "unknown"), (.draft, "drafts"), (.unsupported, "unsupported"),
    ]

    public static func summary(_ plan: Plan) -> String {
        "Plan: " + summaryOrder.map { "\(plan.count($0.0)) \($0.1)" }.joined(separator: ", ") + "."
    }

    /// `post` or `post [2/3]` for thread parts.
    public static func label(_ item: PlanItem) -> String {
        item.partCount > 1 ? "\(item.post) [\(item.part + 1)/\(item.partCount)]" : item.post
    }

    // MARK: text

    static func text(_ plan: Plan, color: Bool) -> String {
        var out = "herald plan at \(TimeParser.format(plan.at, zone: plan.timeZone, offset: nil))\n\n"
        let shown = plan.items.indices.filter { plan.items[$0].action != .done && plan.items[$0].action != .draft }
        if plan.isQuiet {
            out += "No changes. Nothing is due"
            let waiting = plan.count(.wait)
            if waiting > 0, let next = plan.items.first(where: { $0.action == .wait })?.publishAt {
                out += "; \(waiting) waiting, the next at \(TimeParser.format(next, zone: plan.timeZone, offset: nil))"
            }
            out += ".\n\n" + summary(plan) + "\n"
            return out
        }
        let postWidth = min(40, shown.lazy.map { width(label(plan.items[$0])) }.max() ?? 4)
        let accountWidth = min(24, shown.lazy.map { width(plan.items[$0].account) }.max() ?? 7)
        var lines: [UInt8] = []
        chunks(shown.count, emit: { lines += $0 }) { range, line in
            for index in shown[range] {
                let item = plan.items[index]
                if color { line.raw("\u{1B}["); line.raw(colorCode(item.action)); line.raw("m") }
                line.raw("  "); line.append(item.action.symbol); line.raw(" ")
                line.append(item.action.rawValue, paddedTo: 11)
                line.raw("  "); line.append(label(item), paddedTo: postWidth)
                line.raw("  "); line.append(item.account, paddedTo: accountWidth)
                if let reason = item.reason { line.raw("  "); line.append(reason) }
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

    /// Characters as a terminal lays them out: one per grapheme.
    static func width(_ text: String) -> Int {
        TextRules.Counting.graphemes(text)
    }

    /// Output for `count` items, written in chunks of 2,048 items on all
    /// cores a few chunks at a time, and handed to `emit` in order: plans can
    /// hold tens of thousands of items, and only a few chunks are ever held.
    static func chunks(_ count: Int, emit: ([UInt8]) -> Void, _ body: @Sendable (Range<Int>, inout TextBuffer) -> Void) {
        let size = 2_048
        let batch = 4 * ProcessInfo.processInfo.activeProcessorCount
        var first = 0
        while first < count {
            let chunkCount = min(batch, (count - first + size - 1) / size)
            let start = first
            let rendered = parallelMap(chunkCount) { i in
                var buffer = TextBuffer()
                body((start + i * size)..<min(count, start + (i + 1) * size), &buffer)
                return buffer.bytes
            }
            rendered.forEach(emit)
            first = min(count, first + chunkCount * size)
        }
    }

    /// Left-aligned in `width` characters (Foundation's padding is slow on long plans).
    public static func pad(_ text: String, _ width: Int) -> String {
        let count = Self.width(text)
        return count >= width ? text : text + String(repeating: " ", count: width - count)
    }

    // MARK: markdown

    static func markdown(_ plan: Plan) -> String {
        var out = "### herald plan at \(TimeParser.format(plan.at, zone: plan.timeZone, offset: nil))\n\n"
        out += summaryOrder.compactMap { plan.count($0.0) > 0 ? "**\(plan.count($0.0))** \($0.1)" : nil }.joined(separator: " · ")
        out += plan.items.isEmpty ? "No posts.\n" : "\n\n"
        if plan.items.isEmpty { return out }
        out += "| | Post | Account | Part | Action | Length | Note |\n|---|---|---|---|---|---|---|\n"
        for item in plan.items {
            let platform = item.platform.map { " (\($0.displayName))" } ?? ""
            let length = item.length.map { l in item.limit.map { "\(l)/\($0)" } ?? "\(l)" } ?? ""
            out += "| \(item.action.symbol) | `\(cell(item.post))` | \(cell(item.account))\(platform) | \(item.part + 1)/\(item.partCount) | \(item.action.rawValue) | \(length) | \(cell(item.reason ?? "")) |\n"
        }
        // Previews of what will go out, per post.
        var previews: [String: [PlanItem]] = [:]
        var order: [String] = []
        for item in plan.items where [.publish, .wait, .drift].contains(item.action) && item.text != nil {
            if previews[item.post] == nil { order.append(item.post) }
            previews[item.post, default: []].append(item)
        }
        for post in order {
            out += "\n<details><summary><code>\(html(post))</code></summary>\n\n"
            for item in previews[post] ?? [] {
                let length = item.length.map { l in item.limit.map { " — \(l)/\($0)\(l > $0 ? " ⚠️ over the limit" : "")" } ?? "" } ?? ""
                let part = item.partCount > 1 ? ", part \(item.part + 1)/\(item.partCount)" : ""
                out += "**\(item.account)** (\(item.platform?.displayName ?? "?")\(part))\(length)\n\n"
                out += (item.text ?? "").split(separator: "\n", omittingEmptySubsequences: false).map { "> " + $0 }.joined(separator: "\n") + "\n\n"
            }
            out += "</details>\n"
        }
        return out
    }

    private static func cell(_ s: String) -> String {
        s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }

    private static func html(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    // MARK: json

    /// Schema `herald.plan/v1`, documented in the README: keys sorted,
    /// optional fields left out, pretty-printed as Foundation's JSONEncoder
    /// does. Written directly: a plan can hold tens of thousands of items, and
    /// JSONEncoder's intermediate tree cost more time and memory than the plan.
    static func json(_ plan: Plan, emit: ([UInt8]) -> Void) {
        var head = TextBuffer()
        head.raw("{\n  \"at\" : ")
        head.string(TimeParser.utc(plan.at))
        head.raw(",\n  \"items\" : [")
        emit(head.bytes)
        chunks(plan.items.count, emit: emit) { range, buffer in
            for index in range {
                buffer.raw(index == 0 ? "\n    {" : ",\n    {")
                writeItem(plan.items[index], to: &buffer)
                buffer.raw("\n    }")
            }
        }
        var tail = TextBuffer()
        tail.raw(plan.items.isEmpty ? "\n\n  ],\n  \"schema\" : " : "\n  ],\n  \"schema\" : ")
        tail.string("herald.plan/v1")
        tail.raw(",\n  \"summary\" : {")
        for (index, action) in PlanAction.allCases.sorted(by: { $0.rawValue < $1.rawValue }).enumerated() {
            tail.raw(index == 0 ? "\n    \"" : ",\n    \"")
            tail.bytes += action.rawValue.utf8
            tail.raw("\" : ")
            tail.number(plan.count(action))
        }
        tail.raw("\n  }\n}\n")
        emit(tail.bytes)
    }

    /// One item's fields, keys sorted, optional ones left out when empty.
    private static func writeItem(_ item: borrowing PlanItem, to out: inout TextBuffer) {
        out.key("account", first: true); out.string(item.account)
        out.key("action"); out.string(item.action.rawValue)
        if let hash = item.hash { out.key("hash"); out.string(hash) }
        if let length = item.length { out.key("length"); out.number(length) }
        if let limit = item.limit { out.key("limit"); out.number(limit) }
        if let location = item.location { out.key("location"); out.string(location.description) }
        out.key("part"); out.number(item.part)
        out.key("parts"); out.number(item.partCount)
        if let platform = item.platform { out.key("platform"); out.string(platform.rawValue) }
        out.key("post"); out.string(item.post)
        if let publishAt = item.publishAt { out.key("publish_at"); out.string(TimeParser.utc(publishAt)) }
        if let reason = item.reason { out.key("reason"); out.string(reason) }
        if let remoteID = item.remoteID { out.key("remote_id"); out.string(remoteID) }
        if let url = item.url { out.key("url"); out.string(url) }
        out.key("verify"); out.raw(item.verify ? "true" : "false")
    }
}

/// Output written as bytes. JSON strings are escaped as JSONEncoder escapes
/// them (quotes, backslashes, control characters; '/' and non-ASCII as they are).
struct TextBuffer {
    var bytes: [UInt8] = []

    mutating func append(_ s: String) {
        bytes += s.utf8
    }

    /// `s` left-aligned in `width` characters.
    mutating func append(_ s: String, paddedTo width: Int) {
        bytes += s.utf8
        let missing = width - PlanRenderer.width(s)
        if missing > 0 { bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: missing)) }
    }

    var text: String { String(decoding: bytes, as: UTF8.self) }

    mutating func raw(_ s: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    /// `"name" : ` on a line of its own inside an item.
    mutating func key(_ name: StaticString, first: Bool = false) {
        raw(first ? "\n      \"" : ",\n      \"")
        raw(name)
        raw("\" : ")
    }

    mutating func number(_ n: Int) {
        bytes += String(n).utf8
    }

    mutating func string(_ s: String) {
        var s = s
        bytes.append(UInt8(ascii: "\""))
        s.withUTF8 { utf8 in
            if !utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
                bytes.append(contentsOf: utf8)
                return
            }
            for byte in utf8 {
                switch byte {
                case UInt8(ascii: "\""): raw("\\\"")
                case UInt8(ascii: "\\"): raw("\\\\")
                case UInt8(ascii: "\n"): raw("\\n")
                case UInt8(ascii: "\r"): raw("\\r")
                case UInt8(ascii: "\t"): raw("\\t")
                case 0x08: raw("\\b")
                case 0x0C: raw("\\f")
                case ..<0x20:
                    let hex = Array("0123456789abcdef".utf8)
                    bytes += [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 15)]]
                default: bytes.append(byte)
                }
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
