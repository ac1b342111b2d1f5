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

    /// Schema `herald.plan/v1`; documented in the README. Fields never change
    /// meaning within a schema version; new optional fields may appear.
    struct JSONPlan: Encodable {
        var schema = "herald.plan/v1"
        var at: String
        var summary: [String: Int]
        var items: [JSONItem]
    }

    struct JSONItem: Encodable {
        var post: String
        var account: String
        var platform: String?
        var part: Int
        var parts: Int
        var action: String
        var publish_at: String?
        var reason: String?
        var length: Int?
        var limit: Int?
        var hash: String?
        var remote_id: String?
        var url: String?
        var location: String?
        var verify: Bool
    }

    static func json(_ plan: Plan) -> String {
        var summary: [String: Int] = [:]
        for action in PlanAction.allCases { summary[action.rawValue] = plan.count(action) }
        let items = plan.items.map { item in
            JSONItem(post: item.post, account: item.account, platform: item.platform?.rawValue, part: item.part,
                     parts: item.partCount, action: item.action.rawValue, publish_at: item.publishAt.map(TimeParser.utc),
                     reason: item.reason, length: item.length, limit: item.limit, hash: item.hash,
                     remote_id: item.remoteID, url: item.url, location: item.location?.description, verify: item.verify)
        }
        return JSONOutput.encode(JSONPlan(at: TimeParser.utc(plan.at), summary: summary, items: items))
    }
}
