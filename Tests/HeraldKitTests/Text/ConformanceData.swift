import Foundation

/// Locates and reads twitter-text's conformance data, which lives beside the
/// project in `../shared/conformance/twitter-text/` and is never copied into it.
enum ConformanceData {
    /// The conformance directory: `$HERALD_CONFORMANCE_DIR` when set, else
    /// `<package root>/../shared/conformance/twitter-text` (the package root
    /// being the nearest directory above this file that holds Package.swift),
    /// else the shared checkout at /work/shared for packages kept elsewhere.
    static func directory(filePath: String = #filePath) -> URL? {
        let fileManager = FileManager.default
        var candidates: [URL] = []
        if let override = ProcessInfo.processInfo.environment["HERALD_CONFORMANCE_DIR"] {
            candidates.append(URL(fileURLWithPath: override))
        }
        var directory = URL(fileURLWithPath: filePath).deletingLastPathComponent()
        while directory.path != "/" {
            if fileManager.fileExists(atPath: directory.appendingPathComponent("Package.swift").path) {
                candidates.append(directory.appendingPathComponent("../shared/conformance/twitter-text")
                    .standardizedFileURL)
                break
            }
            directory = directory.deletingLastPathComponent()
        }
        candidates.append(URL(fileURLWithPath: "/work/shared/conformance/twitter-text"))
        return candidates.first {
            fileManager.fileExists(atPath: $0.appendingPathComponent("validate.yml").path)
        }
    }

    static func url(_ name: String) throws -> URL {
        guard let directory = directory() else { throw Missing(name: name) }
        return directory.appendingPathComponent(name)
    }

    static func text(_ name: String) throws -> String {
        try String(contentsOf: url(name), encoding: .utf8)
    }

    /// The cases of one section under `tests:` in validate.yml or extract.yml.
    static func cases(_ file: String, section: String) throws -> [Case] {
        let root = try ConformanceYAML.parse(text(file))
        guard let list = root["tests"]?[section]?.list else { throw Missing(name: "\(file): \(section)") }
        return list.map { item in
            Case(description: item["description"]?.string ?? "?",
                 text: item["text"]?.string ?? "",
                 expected: item["expected"] ?? .scalar(""))
        }
    }

    struct Case {
        var description: String
        var text: String
        var expected: ConformanceYAML
    }

    struct Missing: Error, CustomStringConvertible {
        var name: String
        var description: String {
            "conformance data \(name) not found beside the package (../shared/conformance/twitter-text)"
        }
    }
}

/// A reader for the small YAML subset of twitter-text's test files: block
/// mappings and sequences by indentation, `[a, b]` flow sequences, and plain,
/// single- and double-quoted scalars (with `\n`, `\uXXXX`, `\UXXXXXXXX`, …).
/// Comments are whole lines only, since the texts contain `#`.
indirect enum ConformanceYAML: Equatable {
    case scalar(String)
    case list([ConformanceYAML])
    case map([(String, ConformanceYAML)])

    static func == (a: ConformanceYAML, b: ConformanceYAML) -> Bool {
        switch (a, b) {
        case let (.scalar(x), .scalar(y)): x == y
        case let (.list(x), .list(y)): x == y
        case let (.map(x), .map(y)): x.map(\.0) == y.map(\.0) && x.map(\.1) == y.map(\.1)
        default: false
        }
    }

    subscript(key: String) -> ConformanceYAML? {
        guard case let .map(pairs) = self else { return nil }
        return pairs.first { $0.0 == key }?.1
    }

    var string: String? {
        if case let .scalar(s) = self { return s }
        return nil
    }

    var int: Int? { string.flatMap { Int($0) } }

    var bool: Bool? {
        switch string {
        case "true": true
        case "false": false
        default: nil
        }
    }

    var list: [ConformanceYAML]? {
        if case let .list(items) = self { return items }
        return nil
    }

    struct SyntaxError: Error, CustomStringConvertible {
        var line: Int
        var message: String
        var description: String { "conformance YAML line \(line): \(message)" }
    }

    // MARK: Parsing

    private struct Line {
        var number: Int
        var indent: Int
        var content: Substring
    }

    static func parse(_ source: String) throws -> ConformanceYAML {
        var lines: [Line] = []
        for (offset, raw) in source.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            let content = line.drop { $0 == " " }
            if content.isEmpty || content.hasPrefix("#") || content == "---" { continue }
            lines.append(Line(number: offset + 1, indent: line.count - content.count, content: content))
        }
        var reader = Reader(lines: lines)
        guard !lines.isEmpty else { return .map([]) }
        return try reader.block(indent: lines[0].indent)
    }

    private struct Reader {
        var lines: [Line]
        var index = 0

        mutating func block(indent: Int) throws -> ConformanceYAML {
            lines[index].content.hasPrefix("-") ? try sequence(indent: indent) : try mapping(indent: indent)
        }

        mutating func sequence(indent: Int) throws -> ConformanceYAML {
            var items: [ConformanceYAML] = []
            while index < lines.count, lines[index].indent == indent, lines[index].content.hasPrefix("-") {
                let rest = lines[index].content.dropFirst().drop { $0 == " " }
                if rest.isEmpty {
                    index += 1
                    guard index < lines.count, lines[index].indent > indent else {
                        items.append(.scalar(""))
                        continue
                    }
                    items.append(try block(indent: lines[index].indent))
                } else if Self.startsMapping(rest) {
                    // "- key: value": a mapping whose first entry shares the dash's line.
                    let childIndent = lines[index].indent + lines[index].content.count - rest.count
                    lines[index] = Line(number: lines[index].number, indent: childIndent, content: rest)
                    items.append(try mapping(indent: childIndent))
                } else {
                    items.append(try Self.inline(rest, line: lines[index].number))
                    index += 1
                }
            }
            return .list(items)
        }

        mutating func mapping(indent: Int) throws -> ConformanceYAML {
            var pairs: [(String, ConformanceYAML)] = []
            while index < lines.count, lines[index].indent == indent, !lines[index].content.hasPrefix("- ") {
                let line = lines[index]
                guard let colon = Self.keyColon(line.content) else {
                    throw SyntaxError(line: line.number, message: "expected 'key: value'")
                }
                let key = String(line.content[..<colon])
                let value = line.content[line.content.index(after: colon)...].drop { $0 == " " }
                index += 1
                if !value.isEmpty {
                    pairs.append((key, try Self.inline(value, line: line.number)))
                } else if index < lines.count, lines[index].indent > indent
                            || (lines[index].indent == indent && lines[index].content.hasPrefix("-")) {
                    pairs.append((key, try block(indent: lines[index].indent)))
                } else {
                    pairs.append((key, .scalar("")))
                }
            }
            return .map(pairs)
        }

        static func startsMapping(_ s: Substring) -> Bool { keyColon(s) != nil }

        /// The colon ending a plain `key:` at the start of `s`, if any.
        static func keyColon(_ s: Substring) -> Substring.Index? {
            guard let first = s.first, first.isLetter || first == "_" else { return nil }
            guard let colon = s.firstIndex(where: { !($0.isLetter || $0.isNumber || $0 == "_") }),
                  s[colon] == ":"
            else { return nil }
            let after = s.index(after: colon)
            return after == s.endIndex || s[after] == " " ? colon : nil
        }

        static func inline(_ s: Substring, line: Int) throws -> ConformanceYAML {
            if s.hasPrefix("[") { return try flowList(s, line: line) }
            var rest = s
            let value = try scalar(&rest, line: line)
            return .scalar(value)
        }

        static func flowList(_ s: Substring, line: Int) throws -> ConformanceYAML {
            var rest = s.dropFirst()
            var items: [ConformanceYAML] = []
            while true {
                rest = rest.drop { $0 == " " }
                if rest.hasPrefix("]") { return .list(items) }
                items.append(.scalar(try scalar(&rest, line: line, flow: true)))
                rest = rest.drop { $0 == " " }
                if rest.hasPrefix(",") { rest = rest.dropFirst() }
                guard !rest.isEmpty else { throw SyntaxError(line: line, message: "unterminated '['") }
            }
        }

        /// Reads one scalar from the front of `s`, leaving the remainder.
        static func scalar(_ s: inout Substring, line: Int, flow: Bool = false) throws -> String {
            if s.hasPrefix("\"") { return try doubleQuoted(&s, line: line) }
            if s.hasPrefix("'") {
                var out = ""
                var i = s.index(after: s.startIndex)
                while i < s.endIndex {
                    if s[i] == "'" {
                        let next = s.index(after: i)
                        if next < s.endIndex, s[next] == "'" {
                            out.append("'")
                            i = s.index(after: next)
                            continue
                        }
                        s = s[next...]
                        return out
                    }
                    out.append(s[i])
                    i = s.index(after: i)
                }
                throw SyntaxError(line: line, message: "unterminated single-quoted scalar")
            }
            let end = flow ? (s.firstIndex { $0 == "," || $0 == "]" } ?? s.endIndex) : s.endIndex
            let value = s[..<end]
            s = s[end...]
            return String(value.reversed().drop { $0 == " " }.reversed())
        }

        static func doubleQuoted(_ s: inout Substring, line: Int) throws -> String {
            var out = String.UnicodeScalarView()
            let scalars = s.unicodeScalars
            var i = scalars.index(after: scalars.startIndex)
            func hex(_ count: Int) throws -> Unicode.Scalar {
                var value: UInt32 = 0
                for _ in 0..<count {
                    i = scalars.index(after: i)
                    guard i < scalars.endIndex, let digit = Character(scalars[i]).hexDigitValue else {
                        throw SyntaxError(line: line, message: "bad escape")
                    }
                    value = value * 16 + UInt32(digit)
                }
                guard let scalar = Unicode.Scalar(value) else {
                    throw SyntaxError(line: line, message: "bad code point \(value)")
                }
                return scalar
            }
            while i < scalars.endIndex {
                let c = scalars[i]
                if c == "\"" {
                    s = Substring(scalars[scalars.index(after: i)...])
                    return String(out)
                }
                if c == "\\" {
                    i = scalars.index(after: i)
                    guard i < scalars.endIndex else { break }
                    switch scalars[i] {
                    case "n": out.append("\n")
                    case "t": out.append("\t")
                    case "r": out.append("\r")
                    case "0": out.append("\0")
                    case "x": out.append(try hex(2))
                    case "u": out.append(try hex(4))
                    case "U": out.append(try hex(8))
                    case "_": out.append("\u{A0}")
                    case "N": out.append("\u{85}")
                    case "L": out.append("\u{2028}")
                    case "P": out.append("\u{2029}")
                    case let other: out.append(other)  // \\ \" \/ and a space
                    }
                } else {
                    out.append(c)
                }
                i = scalars.index(after: i)
            }
            throw SyntaxError(line: line, message: "unterminated double-quoted scalar")
        }
    }
}
