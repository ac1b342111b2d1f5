import Foundation

/// Removes credentials from text that is about to be logged or shown.
///
/// URLs carry secrets in query parameters (`?access_token=…`), in OAuth
/// fragments (`#access_token=…`) and in userinfo (`https://user:pass@host`);
/// headers carry them in `Authorization` and cookies. herald never logs
/// headers; URLs and header descriptions pass through here first.
public enum Redaction {
    public static let placeholder = "REDACTED"

    /// Query or fragment parameters a word of whose (percent-decoded) name
    /// ends with one of these have their value replaced: `access_token`,
    /// `apiKey`, `client-secret`, `auth_code`; not `keyboard`.
    static let sensitiveParameterParts = [
        "token", "secret", "password", "passwd", "pwd", "key", "signature", "sig", "sigv", "code", "credential", "jwt", "bearer",
    ]

    static let sensitiveHeaders: Set<String> = [
        "authorization", "proxy-authorization", "cookie", "set-cookie",
    ]

    /// `https://u:pw@host/cb?access_token=abc&x=1#code=9` →
    /// `https://u:REDACTED@host/cb?access_token=REDACTED&x=1#code=REDACTED`.
    /// Everything else is kept byte for byte.
    public static func redactURL(_ url: String) -> String {
        var rest = Substring(url)
        var fragment: Substring?
        if let hash = rest.firstIndex(of: "#") {
            fragment = rest[rest.index(after: hash)...]
            rest = rest[..<hash]
        }
        var query: Substring?
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        var result = redactUserinfo(rest)
        if let query {
            result += "?" + redactParameters(query)
        }
        if let fragment {
            // Only a fragment shaped like parameters (OAuth implicit grant).
            result += "#" + (fragment.contains("=") ? redactParameters(fragment) : String(fragment))
        }
        return result
    }

    /// True for header fields whose value is a credential.
    public static func isSensitiveHeader(_ name: String) -> Bool {
        let lower = name.lowercased()
        return sensitiveHeaders.contains(lower) || isSensitiveParameter(lower)
    }

    static func isSensitiveParameter(_ name: some StringProtocol) -> Bool {
        let decoded = String(name).replacingOccurrences(of: "+", with: " ").removingPercentEncodingOrSelf
        // Words split at anything but a letter or digit, and where a lower-case letter meets an upper-case one.
        var words: [String] = []
        var word = ""
        var previous: Character?
        for c in decoded {
            if !(c.isLetter || c.isNumber) || (c.isUppercase && previous?.isLowercase == true) {
                if !word.isEmpty { words.append(word.lowercased()) }
                word = ""
            }
            if c.isLetter || c.isNumber { word.append(c) }
            previous = c
        }
        if !word.isEmpty { words.append(word.lowercased()) }
        // A plural (`tokens`) and a version (`sigv4`) as the word itself.
        return words.contains { word in
            let stem = String(word.reversed().drop { $0.isNumber }.reversed())
            return [word, stem, stem.hasSuffix("s") ? String(stem.dropLast()) : stem].contains { form in
                sensitiveParameterParts.contains { form.hasSuffix($0) }
            }
        }
    }

    private static func redactParameters(_ text: Substring) -> String {
        text.split(separator: "&", omittingEmptySubsequences: false).map { pair -> String in
            guard let equals = pair.firstIndex(of: "="), isSensitiveParameter(pair[..<equals]) else {
                return String(pair)
            }
            return pair[..<equals] + "=" + placeholder
        }.joined(separator: "&")
    }

    /// `scheme://user:password@host…` → `scheme://user:REDACTED@host…`.
    private static func redactUserinfo(_ text: Substring) -> String {
        guard let schemeEnd = text.range(of: "://") else { return String(text) }
        let authorityStart = schemeEnd.upperBound
        let authorityEnd = text[authorityStart...].firstIndex(of: "/") ?? text.endIndex
        let authority = text[authorityStart..<authorityEnd]
        guard let at = authority.lastIndex(of: "@"),
            let colon = authority[..<at].firstIndex(of: ":")
        else { return String(text) }
        return text[..<authority.index(after: colon)] + placeholder + text[at...]
    }
}

extension String {
    fileprivate var removingPercentEncodingOrSelf: String {
        removingPercentEncoding ?? self
    }
}
