import Testing
@testable import HeraldKit

/// Prints how `load` compares with libyaml alone (`countEvents`) on 10,000
/// post-sized documents. No timing is asserted: machines differ, and debug
/// builds are slower than the release benchmark.
@Suite struct YAMLLoaderPerformanceTests: YAMLTestCase {
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

    @Test func loadComparedWithLibyamlAlone() {
        let files = (0..<10_000).map(Self.post)
        var events = 0
        let floor = ContinuousClock().measure {
            for file in files { events += YAMLLoader.countEvents(bytes: file) }
        }
        var nodes = 0
        let loading = ContinuousClock().measure {
            for file in files {
                let document = YAMLLoader.load(bytes: file, path: "posts/2026/launch.yaml")
                nodes += document.root?.pairs?.count ?? 0
            }
        }
        #expect(events == 10_000 * 52)
        #expect(nodes == 10_000 * 8)
        let ratio = loading / floor
        print("YAML perf: 10,000 posts (\(files[0].count) bytes each): countEvents \(floor), load \(loading), ratio \(ratio)")
    }
}
