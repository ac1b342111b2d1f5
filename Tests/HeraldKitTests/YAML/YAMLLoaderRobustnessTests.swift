import Testing
@testable import HeraldKit

/// Damaged input must end in diagnostics with real positions, never a trap.
@Suite struct YAMLLoaderRobustnessTests: YAMLTestCase {
    /// SplitMix64: a fixed sequence, so a failure can be replayed.
    struct Random {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(bound))
        }
    }

    static let interesting: [UInt8] = Array(":-[]{}&*!\"'|>\n\r \t#?,%@`\\~".utf8) + [0x00, 0x07, 0xFF, 0xC3, 0xE2, 0x85]

    /// A realistic post: comments, a block scalar, a flow list, nested
    /// mappings, quotes of both kinds.
    static func post(_ number: Int) -> [UInt8] {
        Array("""
            # Launch week, post \(number)
            publish_at: 2026-11-\(10 + number % 18) 09:\(10 + number % 50)
            campaign: launch-week
            accounts: [mastodon-main, bluesky-main]
            language: en
            text: |
              Day \(number) of launch week! Here is what's new in herald 1.\(number % 9).
              Read the notes: https://example.com/blog/launch-\(number)?ref=herald
            media:
              - path: media/launch-\(number).png
                alt: "Screenshot of the dashboard, \(number) items"
            variants:
              bluesky-main:
                text: >
                  Shorter text for Bluesky, post \(number).
                  Link in the thread.
              mastodon:
                thread:
                  - text: 'First reply #\(number)'
                  - text: Second reply
            draft: false

            """.utf8)
    }

    @Test func mutatedPostsGiveDiagnosticsWithPositions() {
        let original = Self.post(7)
        var random = Random(state: 42)
        for round in 0..<3_000 {
            var bytes = original
            for _ in 0...random.next(4) {
                let at = random.next(bytes.count)
                let byte = Self.interesting[random.next(Self.interesting.count)]
                switch random.next(3) {
                case 0: bytes[at] = byte
                case 1: bytes.insert(byte, at: at)
                default: bytes.remove(at: at)
                }
            }
            let document = load(bytes: bytes)
            let lineCount = bytes.count { $0 == 0x0A || $0 == 0x0D } + 2
            for diagnostic in document.diagnostics {
                let location = diagnostic.location
                #expect(location?.path == "posts/t.yaml", "round \(round)")
                #expect((location?.line ?? 0) >= 1 && (location?.line ?? 0) <= lineCount, "round \(round): \(diagnostic)")
                #expect((location?.column ?? 0) >= 1, "round \(round): \(diagnostic)")
            }
        }
    }

    @Test func truncatedPostsNeverTrap() {
        let original = Self.post(3)
        for length in 0...original.count {
            let document = load(bytes: Array(original[..<length]))
            #expect(document.root != nil || !document.diagnostics.isEmpty || length < 30, "length \(length)")
        }
    }
}
