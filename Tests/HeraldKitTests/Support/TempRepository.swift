import Foundation
@testable import HeraldKit
import HeraldTestSupport

/// A content repository in a fresh temporary directory, removed on deinit.
final class TempRepository {
    private let directory: TempDirectory
    var root: String { directory.root }

    init(_ files: [String: String] = [:], accounts: String? = TempRepository.defaultAccounts) throws {
        directory = try TempDirectory()
        if let accounts { try write("accounts.yaml", accounts) }
        for (path, text) in files { try write(path, text) }
    }

    static let defaultAccounts = """
        accounts:
          acme-x:
            platform: x
            handle: acme
          acme-mastodon:
            platform: mastodon
            instance: https://mastodon.example
          acme-bluesky:
            platform: bluesky
            handle: acme.bsky.social

        """

    /// The hint of a text that YAML read as a list or a mapping.
    static let textAsList = "YAML reads a value starting with '[' as a list and one starting with '{' as a mapping: "
        + "quote the text if they are part of it, or write it on the lines after 'text: |'"

    func write(_ path: String, _ text: String) throws { try directory.write(path, text) }

    func write(_ path: String, _ data: Data) throws { try directory.write(path, data) }

    func load() -> ContentRepository { RepositoryLoader.load(root: root) }

    /// `path:line:col: severity: message (hint)` for each diagnostic.
    func diagnostics() -> [String] {
        load().diagnostics.map(Self.describe)
    }

    /// The diagnostics but the warnings of images without alt text: for
    /// tests of other rules, whose media are written as paths alone.
    func diagnosticsBesidesAlt() -> [String] {
        diagnostics().filter { !$0.contains(" has no alt text (") }
    }

    static func describe(_ d: Diagnostic) -> String {
        "\(d.location.map { "\($0): " } ?? "")\(d.severity.rawValue): \(d.fullMessage)"
    }

    /// A PNG of its signature and its end: whole, as herald judges one.
    static let png = TestMedia.png()
    /// A JPEG of its start marker, a JFIF segment and its end marker: whole, as herald judges one.
    static let jpeg = Data([0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 0x4A, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xFF, 0xD9])
}
