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
        out.raw("{\n  \"at\" : ")
        out.string(TimeParser.utc(plan.at))
        out.raw(",\n  \"items\" : [")
        for (index, item) in plan.items.enumerated() {
            out.raw(index == 0 ? "\n    {" : ",\n    {")
            var first = true
            func field(_ key: String, _ write: (inout JSONText) -> Void) {
                out.raw(first ? "\n      \"" : ",\n      \"")
                first = false
                out.raw(key)
                out.raw("\" : ")
                write(&out)
            }
            field("account") { $0.string(item.account) }
            field("action") { $0.string(item.action.rawValue) }
            if let hash = item.hash { field("hash") { $0.string(hash) } }
            if let length = item.length { field("length") { $0.raw(String(length)) } }
            if let limit = item.limit { field("limit") { $0.raw(String(limit)) } }
            if let location = item.location { field("location") { $0.string(location.description) } }
            field("part") { $0.raw(String(item.part)) }
            field("parts") { $0.raw(String(item.partCount)) }
            if let platform = item.platform { field("platform") { $0.string(platform.rawValue) } }
            field("post") { $0.string(item.post) }
            if let publishAt = item.publishAt { field("publish_at") { $0.string(TimeParser.utc(publishAt)) } }
            if let reason = item.reason { field("reason") { $0.string(reason) } }
            if let remoteID = item.remoteID { field("remote_id") { $0.string(remoteID) } }
            if let url = item.url { field("url") { $0.string(url) } }
            field("verify") { $0.raw(item.verify ? "true" : "false") }
            out.raw("\n    }")
        }
        out.raw(plan.items.isEmpty ? "\n\n  ],\n  \"schema\" : " : "\n  ],\n  \"schema\" : ")
        out.string("herald.plan/v1")
        out.raw(",\n  \"summary\" : {")
        for (index, action) in PlanAction.allCases.sorted(by: { $0.rawValue < $1.rawValue }).enumerated() {
            out.raw(index == 0 ? "\n    \"" : ",\n    \"")
            out.raw(action.rawValue)
            out.raw("\" : ")
            out.raw(String(plan.count(action)))
        }
        out.raw("\n  }\n}\n")
        return out.text
    }
}

/// JSON text written by hand: strings escaped as JSONEncoder escapes them
/// (quotes, backslashes, control characters; '/' and non-ASCII as they are).
struct JSONText {
    var text = ""

    mutating func raw(_ s: String) { text += s }

    mutating func string(_ s: String) {
        text += "\""
        var plain = true
        for byte in s.utf8 where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
            plain = false
            break
        }
        if plain {
            text += s
        } else {
            for scalar in s.unicodeScalars {
                switch scalar {
                case "\"": text += "\\\""
                case "\\": text += "\\\\"
                case "\n": text += "\\n"
                case "\r": text += "\\r"
                case "\t": text += "\\t"
                case "\u{08}": text += "\\b"
                case "\u{0C}": text += "\\f"
                case let c where c.value < 0x20:
                    let hex = String(c.value, radix: 16)
                    text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                default: text.unicodeScalars.append(scalar)
                }
            }
        }
        text += "\""
    }
}
