import Foundation

public enum PlanFormat: String, Sendable, CaseIterable {
    case text, markdown, json
}

public enum PlanRenderer {
    public static func render(_ plan: Plan, format: PlanFormat, color: Bool) -> String {
        switch format {
        case .text: text(plan, color: color)
        case .markdown: markdown(plan)
        case .json: json(plan)
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
        func paint(_ s: String, _ action: PlanAction) -> String {
            guard color else { return s }
            let code: String = switch action {
            case .publish: "32"
            case .wait, .draft, .done, .unsupported: "2"
            case .blocked, .unknown: "31"
            case .drift, .orphan: "33"
            }
            return "\u{1B}[\(code)m\(s)\u{1B}[0m"
        }
        var out = "herald plan at \(TimeParser.format(plan.at, zone: plan.timeZone, offset: nil))\n\n"
        let shown = plan.items.filter { $0.action != .done && $0.action != .draft }
        if plan.isQuiet {
            out += "No changes. Nothing is due"
            let waiting = plan.count(.wait)
            if waiting > 0, let next = plan.items.first(where: { $0.action == .wait })?.publishAt {
                out += "; \(waiting) waiting, the next at \(TimeParser.format(next, zone: plan.timeZone, offset: nil))"
            }
            out += ".\n\n" + summary(plan) + "\n"
            return out
        }
        let postWidth = min(40, shown.lazy.map { label($0).count }.max() ?? 4)
        let accountWidth = min(24, shown.map(\.account.count).max() ?? 7)
        for item in shown {
            let post = pad(label(item), postWidth)
            let account = pad(item.account, accountWidth)
            let action = pad(item.action.rawValue, 11)
            var line = "  \(item.action.symbol) \(action)  \(post)  \(account)"
            if let reason = item.reason { line += "  \(reason)" }
            out += paint(line, item.action) + "\n"
        }
        out += "\n" + summary(plan) + "\n"
        return out
    }

    /// Left-aligned in `width` characters (Foundation's padding is slow on long plans).
    public static func pad(_ text: String, _ width: Int) -> String {
        let count = text.count
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
    static func json(_ plan: Plan) -> String {
        var out = JSONText()
        out.bytes.reserveCapacity(plan.items.count * 600)
        out.raw("{\n  \"at\" : ")
        out.string(TimeParser.utc(plan.at))
        out.raw(",\n  \"items\" : [")
        for index in plan.items.indices {
            out.raw(index == 0 ? "\n    {" : ",\n    {")
            writeItem(plan.items[index], to: &out)
            out.raw("\n    }")
        }
        out.raw(plan.items.isEmpty ? "\n\n  ],\n  \"schema\" : " : "\n  ],\n  \"schema\" : ")
        out.string("herald.plan/v1")
        out.raw(",\n  \"summary\" : {")
        for (index, action) in PlanAction.allCases.sorted(by: { $0.rawValue < $1.rawValue }).enumerated() {
            out.raw(index == 0 ? "\n    \"" : ",\n    \"")
            out.bytes += action.rawValue.utf8
            out.raw("\" : ")
            out.number(plan.count(action))
        }
        out.raw("\n  }\n}\n")
        return out.text
    }

    /// One item's fields, keys sorted, optional ones left out when empty.
    private static func writeItem(_ item: borrowing PlanItem, to out: inout JSONText) {
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

/// JSON text written by hand: strings escaped as JSONEncoder escapes them
/// (quotes, backslashes, control characters; '/' and non-ASCII as they are).
struct JSONText {
    var bytes: [UInt8] = []

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
