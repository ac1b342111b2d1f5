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
        forEachScalarPair(in: root, keys: (nil, nil)) { pair, value, keys in
            // Only a scalar can be a literal secret; it holds nothing further.
            guard !pair.value.isNull, !value.value.isEmpty, let key = secretKey(pair.keyString) else { return }
            found.append(literalSecret("under '\(pair.keyString)'", pair.value, value, hint: hint(field: key, keys: keys)))
        }
        return found
    }

    /// Literal values of herald's credential variables in a CI workflow
    /// (`HERALD_ACME_X_ACCESS_TOKEN: abc…`); a value that takes the CI
    /// system's secret (`${{ secrets.… }}`) or another variable (`$…`) is
    /// not one. Nothing else in the file is herald's business.
    static func scanWorkflow(_ root: YAMLNode?) -> [Diagnostic] {
        guard let root else { return [] }
        var found: [Diagnostic] = []
        forEachScalarPair(in: root, keys: (nil, nil)) { pair, value, _ in
            let name = pair.keyString
            guard name.hasPrefix("HERALD_"), secretKeys.contains(where: { name.hasSuffix("_" + $0.uppercased()) }),
                  !pair.value.isNull, !value.value.isEmpty, !value.value.contains("${{"), !value.value.hasPrefix("$") else { return }
            found.append(literalSecret("in \(name)", pair.value, value,
                                       hint: "remove it, rotate it (it is in git history), and store it in the CI system's secrets: \(name): ${{ secrets.\(name) }}"))
        }
        return found
    }

    /// The last two keys above a node: all a hint needs (`accounts.<id>`),
    /// and kept without building a path for every node of every file.
    private typealias Above = (grandparent: String?, parent: String?)

    /// Calls `body` for every pair whose value is a scalar, with the two
    /// keys above it; walks into every other value.
    private static func forEachScalarPair(in node: YAMLNode, keys: Above, _ body: (YAMLPair, YAMLScalar, Above) -> Void) {
        switch node.kind {
        case .scalar:
            break
        case .sequence(let items):
            for item in items { forEachScalarPair(in: item, keys: keys, body) }
        case .mapping(let pairs):
            for pair in pairs {
                if let value = pair.value.scalar {
                    body(pair, value, keys)
                } else {
                    forEachScalarPair(in: pair.value, keys: (keys.parent, pair.keyString), body)
                }
            }
        }
    }

    /// A literal secret `what` (`under 'access_token'`) at `node`: its value
    /// is concealed wherever the line is shown, over all its lines.
    private static func literalSecret(_ what: String, _ node: YAMLNode, _ value: YAMLScalar, hint: String) -> Diagnostic {
        .error("literal secret \(what); herald never reads secrets from the repository", at: node.location, hint: hint,
               conceals: .value(lastLine: node.location.line + Int(value.lineCount) - 1))
    }

    /// The secret key `key` names, ignoring case; nil for any other key.
    /// Every key of every file comes here: ASCII keys are compared without
    /// lowercasing them first.
    private static func secretKey(_ key: String) -> String? {
        let ascii = key.withUTF8Bytes { bytes -> String?? in
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
            return .some(secretKeys.first { secret in
                secret.utf8.count == bytes.count && zip(secret.utf8, bytes).allSatisfy { $0 == ($1 >= 65 && $1 <= 90 ? $1 + 32 : $1) }
            })
        }
        if let ascii { return ascii }
        let lowered = key.lowercased()
        return secretKeys.contains(lowered) ? lowered : nil
    }

    private static func hint(field: String, keys: Above) -> String {
        let rotate = "remove it, rotate it (it is in git history), and "
        if keys.grandparent == "accounts", let account = keys.parent {
            return rotate + "set \(Credentials.environmentName(account: account, field: field)) or put it in the credentials file (~/.config/herald/credentials.yaml)"
        }
        return rotate + "set it in the environment as HERALD_<ACCOUNT>_\(field.uppercased()) or in the credentials file"
    }
}
