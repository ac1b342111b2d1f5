import Foundation

/// Request parameters the way Rails-style APIs (Mastodon, Graph, VK) read
/// them: from the query, a form or multipart body, or a JSON object body,
/// with `name[]` read as `name` and JSON arrays as repeated values. Later
/// values win for single reads.
public struct SandboxParameters: Sendable {
    private var values: [String: [String]] = [:]

    public init(_ request: SandboxRequest) {
        for field in request.query + request.formFields { add(field.name, field.value) }
        if let json = request.jsonBody() as? [String: Any] {
            for (name, value) in json {
                for item in (value as? [Any]) ?? [value] {
                    if let text = item as? String {
                        add(name, text)
                    } else if let number = item as? NSNumber {
                        add(name, number.stringValue)
                    }
                }
            }
        }
    }

    private mutating func add(_ name: String, _ value: String) {
        let key = name.hasSuffix("[]") ? String(name.dropLast(2)) : name
        values[key, default: []].append(value)
    }

    /// The value, or `nil` when absent or empty.
    public func string(_ name: String) -> String? {
        values[name]?.last.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Every non-empty value of a repeated parameter (`media_ids[]`).
    public func strings(_ name: String) -> [String] {
        (values[name] ?? []).filter { !$0.isEmpty }
    }

    /// True for `true`, `1`, `on` and `yes`, as Rails casts booleans.
    public func flag(_ name: String) -> Bool {
        ["true", "1", "on", "yes"].contains(string(name)?.lowercased() ?? "")
    }
}

extension SandboxRequest {
    public var parameters: SandboxParameters { SandboxParameters(self) }
}
