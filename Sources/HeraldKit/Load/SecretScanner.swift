/// Finds literal secrets written into repository files. Secrets belong in
/// the environment or the per-user credentials file, never in git.
enum SecretScanner {
    /// Keys whose values are credentials wherever they appear.
    static let secretKeys = [
        "access_token", "access_secret", "consumer_key", "consumer_secret", "app_password",
        "refresh_token", "client_secret", "password", "token", "api_key", "api_secret", "bearer_token", "secret",
    ]

    static func scan(_ root: YAMLNode?) -> [Diagnostic] {
        guard let root else { return [] }
        var found: [Diagnostic] = []
        walk(root, keys: [], found: &found)
        return found
    }

    private static func walk(_ node: YAMLNode, keys: [String], found: inout [Diagnostic]) {
        switch node.kind {
        case .scalar:
            break
        case .sequence(let items):
            for item in items { walk(item, keys: keys, found: &found) }
        case .mapping(let pairs):
            for pair in pairs {
                let key = pair.keyString.lowercased()
                if secretKeys.contains(key), let value = pair.value.scalar, !pair.value.isNull, !value.value.isEmpty {
                    found.append(.error("literal secret under '\(pair.keyString)'; herald never reads secrets from the repository",
                                        at: pair.value.location, hint: hint(field: key, keys: keys)))
                } else {
                    walk(pair.value, keys: keys + [pair.keyString], found: &found)
                }
            }
        }
    }

    private static func hint(field: String, keys: [String]) -> String {
        let rotate = "remove it, rotate it (it is in git history), and "
        if keys.count >= 2, keys[keys.count - 2] == "accounts", let account = keys.last {
            return rotate + "set \(Credentials.environmentName(account: account, field: field)) or put it in the credentials file (~/.config/herald/credentials.yaml)"
        }
        return rotate + "set it in the environment as HERALD_<ACCOUNT>_\(field.uppercased()) or in the credentials file"
    }
}
