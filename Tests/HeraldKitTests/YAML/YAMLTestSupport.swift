import Foundation
import Testing
@testable import HeraldKit

/// Helpers for the YAML loader's suites; kept in a protocol so their short
/// names stay out of the rest of the test target.
protocol YAMLTestCase {}

extension YAMLTestCase {
    /// herald's position type; `SourceLocation` alone clashes with Testing's.
    typealias Position = HeraldKit.SourceLocation

    /// Loads `text` as `posts/t.yaml`.
    func load(_ text: String, options: YAMLLoadOptions = .init()) -> YAMLDocument {
        YAMLLoader.load(bytes: Array(text.utf8), path: "posts/t.yaml", options: options)
    }

    func load(bytes: [UInt8], options: YAMLLoadOptions = .init()) -> YAMLDocument {
        YAMLLoader.load(bytes: bytes, path: "posts/t.yaml", options: options)
    }

    /// A position in `posts/t.yaml` (or `path`).
    func at(_ line: Int, _ column: Int, in path: String = "posts/t.yaml") -> Position {
        Position(path: path, line: line, column: column)
    }

    /// The root of a document that must load without diagnostics.
    func cleanRoot(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> YAMLNode {
        let document = load(text)
        #expect(document.diagnostics.isEmpty, "\(document.diagnostics)", sourceLocation: sourceLocation)
        return try #require(document.root, sourceLocation: sourceLocation)
    }

    /// The only diagnostic of loading `text`, or a failure.
    func onlyDiagnostic(_ text: String, options: YAMLLoadOptions = .init(),
                        sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Diagnostic {
        try onlyDiagnostic(of: load(text, options: options), sourceLocation: sourceLocation)
    }

    func onlyDiagnostic(of document: YAMLDocument,
                        sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Diagnostic {
        #expect(document.diagnostics.count == 1, "\(document.diagnostics)", sourceLocation: sourceLocation)
        let diagnostic = try #require(document.diagnostics.first, sourceLocation: sourceLocation)
        #expect(diagnostic.severity == .error, sourceLocation: sourceLocation)
        return diagnostic
    }
}

/// A file in the temporary directory, removed when released.
final class YAMLTemporaryFile {
    let path: String

    init(contents: [UInt8]) throws {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("herald-yaml-\(UUID().uuidString).yaml").path
        try Data(contents).write(to: URL(fileURLWithPath: path))
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}
