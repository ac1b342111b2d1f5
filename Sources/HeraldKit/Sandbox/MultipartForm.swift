import Foundation

/// A parsed `multipart/form-data` body (RFC 7578), as the sandbox receives
/// media uploads. FlyingFox hands over the raw bytes only, so this is the one
/// place that reads the format. The parser is strict: a body that a real
/// server would reject (no closing delimiter, a part without a name) is an
/// error, not a best guess.
public struct MultipartForm: Sendable, Equatable {
    public struct Part: Sendable, Equatable {
        /// The `name` parameter of the part's `Content-Disposition`.
        public var name: String
        /// The `filename` parameter, present for file fields.
        public var filename: String?
        /// The part's `Content-Type`, as sent (`image/png`); `nil` when absent.
        public var contentType: String?
        /// Every header of the part, keyed by lowercased name.
        public var headers: [String: String]
        /// The raw bytes between the part's headers and the next delimiter.
        public var data: Data

        public init(name: String, filename: String? = nil, contentType: String? = nil,
                    headers: [String: String] = [:], data: Data) {
            self.name = name
            self.filename = filename
            self.contentType = contentType
            self.headers = headers
            self.data = data
        }

        /// The part's bytes as UTF-8 text, for plain form fields.
        public var text: String? { String(data: data, encoding: .utf8) }
    }

    public var parts: [Part]

    public init(parts: [Part]) {
        self.parts = parts
    }

    /// The first part with this field name.
    public func part(named name: String) -> Part? {
        parts.first { $0.name == name }
    }

    /// The text value of the first field with this name.
    public func value(_ name: String) -> String? {
        part(named: name)?.text
    }
}

public enum MultipartError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The Content-Type is not `multipart/form-data` or has no `boundary`.
    case missingBoundary
    /// The body does not begin with the boundary delimiter.
    case missingOpeningDelimiter
    /// The body ends before the closing `--boundary--`.
    case missingClosingDelimiter
    /// A delimiter line is followed by something other than CRLF or `--`.
    case malformedDelimiter
    /// A part's header block is not terminated or a line has no colon.
    case malformedPartHeaders(part: Int)
    /// A part has no `Content-Disposition: form-data` header with a `name`.
    case missingFieldName(part: Int)

    public var description: String {
        switch self {
        case .missingBoundary:
            "Content-Type must be multipart/form-data with a boundary parameter"
        case .missingOpeningDelimiter:
            "multipart body does not start with the boundary delimiter"
        case .missingClosingDelimiter:
            "multipart body has no closing boundary delimiter"
        case .malformedDelimiter:
            "multipart boundary delimiter is not followed by CRLF or '--'"
        case .malformedPartHeaders(let part):
            "multipart part \(part) has malformed headers"
        case .missingFieldName(let part):
            "multipart part \(part) has no Content-Disposition: form-data with a name"
        }
    }
}

extension MultipartForm {
    private static let crlf = Data("\r\n".utf8)
    private static let headerEnd = Data("\r\n\r\n".utf8)
    private static let dashes = Data("--".utf8)

    /// Parses `body` using the boundary named in `contentType`.
    public static func parse(body: Data, contentType: String) throws(MultipartError) -> MultipartForm {
        guard let boundary = boundary(fromContentType: contentType) else {
            throw .missingBoundary
        }
        return try parse(body: body, boundary: boundary)
    }

    /// The `boundary` parameter of a `multipart/form-data` Content-Type.
    public static func boundary(fromContentType contentType: String) -> String? {
        let params = SandboxHeaderValue(contentType)
        guard params.value.lowercased() == "multipart/form-data",
              let boundary = params["boundary"], !boundary.isEmpty, boundary.count <= 70 else {
            return nil
        }
        return boundary
    }

    public static func parse(body: Data, boundary: String) throws(MultipartError) -> MultipartForm {
        let body = Data(body)  // rebased so indices start at 0
        let delimiter = dashes + Data(boundary.utf8)
        let partDelimiter = crlf + delimiter

        // RFC 2046 allows a preamble; the first delimiter then follows a CRLF.
        var cursor: Int
        if body.starts(with: delimiter) {
            cursor = delimiter.count
        } else if let found = body.range(of: partDelimiter) {
            cursor = found.upperBound
        } else {
            throw .missingOpeningDelimiter
        }

        var parts: [Part] = []
        while true {
            // After a delimiter: `--` closes the body, CRLF opens a part.
            let rest = body[cursor...]
            if rest.starts(with: dashes) { break }
            guard rest.starts(with: crlf) else {
                throw rest.isEmpty ? .missingClosingDelimiter : .malformedDelimiter
            }
            let partStart = cursor + crlf.count
            let index = parts.count + 1
            guard let next = body.range(of: partDelimiter, in: partStart..<body.count) else {
                throw .missingClosingDelimiter
            }
            parts.append(try parsePart(body[partStart..<next.lowerBound], index: index))
            cursor = next.upperBound
        }
        return MultipartForm(parts: parts)
    }

    private static func parsePart(_ bytes: Data, index: Int) throws(MultipartError) -> Part {
        let headerBlock: Data
        let content: Data
        if bytes.starts(with: crlf) {
            // No headers at all: RFC 7578 still requires Content-Disposition.
            throw .missingFieldName(part: index)
        } else if let end = bytes.range(of: headerEnd) {
            headerBlock = bytes[bytes.startIndex..<end.lowerBound]
            content = bytes[end.upperBound...]
        } else {
            throw .malformedPartHeaders(part: index)
        }
        guard let headerText = String(data: headerBlock, encoding: .utf8) else {
            throw .malformedPartHeaders(part: index)
        }
        var headers: [String: String] = [:]
        for line in headerText.components(separatedBy: "\r\n") {
            guard let colon = line.firstIndex(of: ":") else {
                throw .malformedPartHeaders(part: index)
            }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else { throw .malformedPartHeaders(part: index) }
            headers[name] = value
        }
        guard let disposition = headers["content-disposition"].map(SandboxHeaderValue.init),
              disposition.value.lowercased() == "form-data",
              let name = disposition["name"] else {
            throw .missingFieldName(part: index)
        }
        return Part(
            name: name,
            filename: disposition["filename"],
            contentType: headers["content-type"],
            headers: headers,
            data: Data(content)
        )
    }
}

/// A header value with `; key=value` parameters (`form-data; name="file"`).
/// Parameter names are case-insensitive; quoted values may hold `;` and
/// backslash-escaped quotes.
struct SandboxHeaderValue {
    var value: String
    private var parameters: [String: String] = [:]

    subscript(name: String) -> String? { parameters[name.lowercased()] }

    init(_ header: String) {
        var scalars = Substring(header)
        value = Self.take(&scalars, until: ";").trimmingCharacters(in: .whitespaces)
        while !scalars.isEmpty {
            scalars = scalars.drop { $0 == ";" || $0 == " " || $0 == "\t" }
            let name = Self.take(&scalars, until: "=").trimmingCharacters(in: .whitespaces)
            guard scalars.first == "=" else {
                _ = Self.take(&scalars, until: ";")
                continue
            }
            scalars = scalars.dropFirst().drop { $0 == " " || $0 == "\t" }
            let parameterValue: String
            if scalars.first == "\"" {
                parameterValue = Self.takeQuoted(&scalars)
            } else {
                parameterValue = Self.take(&scalars, until: ";").trimmingCharacters(in: .whitespaces)
            }
            if !name.isEmpty { parameters[name.lowercased()] = parameterValue }
        }
    }

    private static func take(_ text: inout Substring, until stop: Character) -> String {
        let end = text.firstIndex(of: stop) ?? text.endIndex
        defer { text = text[end...] }
        return String(text[..<end])
    }

    private static func takeQuoted(_ text: inout Substring) -> String {
        var result = ""
        var index = text.index(after: text.startIndex)
        var escaped = false
        while index < text.endIndex {
            let character = text[index]
            index = text.index(after: index)
            if escaped {
                result.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "\"" {
                break
            } else {
                result.append(character)
            }
        }
        text = text[index...]
        return result
    }
}
