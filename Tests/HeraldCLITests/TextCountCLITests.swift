import Foundation
import HeraldTestSupport
import Testing

@Suite struct TextCountCLITests {
    func json(_ result: CLI.Result) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    @Test func xWeightsEmojiCJKAndURLs() async throws {
        // 6 + 1 + 2 (emoji) + 1 + 4 CJK × 2 + 1 + 23 (URL) = 42. Asked with
        // --json, the older spelling of --format json, which scripts may use.
        let result = try await CLI.run(["text", "count", "--platform", "x", "--json"], stdin: "herald 🎉 日本語版 https://example.com/a/very/long/path?x=1\n")
        #expect(result.status == 0)
        let object = try json(result)
        #expect(object["platform"] as? String == "x")
        #expect(object["length"] as? Int == 42)
        #expect(object["weightedLength"] as? Int == 42)
        #expect(object["permillage"] as? Int == 150)
        #expect(object["limit"] as? Int == 280)
        #expect(object["valid"] as? Bool == true)
    }

    /// Standard input is read as a post file's text: a byte-order mark is the
    /// encoding's, CR LF is a line end, and a control character is refused
    /// as in a post, shown escaped, never sent to the terminal as it is.
    @Test func inputIsReadAsAPostsText() async throws {
        let bom = try await CLI.run(["text", "count", "--platform", "x"], stdin: "\u{FEFF}hello")
        #expect(bom.status == 0)
        #expect(bom.stdout.hasPrefix("X: 5 of 280 — valid"), "\(bom.stdout)")
        // A character of hundreds of marks, refused in a post file, is refused here too.
        let marks = try await CLI.run(["text", "count", "--platform", "mastodon"], stdin: "Hello e" + String(repeating: "\u{301}", count: 300) + " world")
        #expect(marks.status == 1)
        #expect(marks.stdout.contains("cannot go out\n  a character carries 300 combining marks; herald reads at most 256 on one character"), "\(marks.stdout)")
        let crlf = try await CLI.run(["text", "count", "--platform", "x"], stdin: "a\r\nb")
        #expect(crlf.stdout.hasPrefix("X: 3 of 280 — valid"), "\(crlf.stdout)")
        // Followed by a combining mark, which a comparison of Characters took as part of the CR LF.
        let marked = try await CLI.run(["text", "count", "--platform", "x"], stdin: String(repeating: "a", count: 278) + "\r\n\u{301}")
        #expect(marked.stdout.hasPrefix("X: 280 of 280 — valid"), "\(marked.stdout)")
        let control = try await CLI.run(["text", "count", "--platform", "mastodon"], stdin: "a\u{1B}[31mRED\u{7}" + String(repeating: "x", count: 500))
        #expect(control.status == 1)
        #expect(control.stdout.contains("contains U+001B, a control character that platforms reject or do not show"), "\(control.stdout)")
        #expect(!control.stdout.contains("\u{1B}") && !control.stdout.contains("\u{7}"), "\(control.stdout)")
        // A text of characters that show nothing, which validation refuses: said valid before.
        let invisible = try await CLI.run(["text", "count", "--platform", "mastodon"], stdin: "\u{200B}\u{200B}")
        #expect(invisible.status == 1)
        #expect(invisible.stdout == "Mastodon: 2 of 500 — cannot go out\n  no visible text: only characters that show nothing (U+200B)\n", "\(invisible.stdout)")
        let empty = try await CLI.run(["text", "count", "--platform", "mastodon"], stdin: "")
        #expect(empty.status == 0 && empty.stdout == "Mastodon: 0 of 500 — valid\n", "\(empty.stdout)")
    }

    /// `herald --no-color text count`: text count colours nothing, and the
    /// flag is taken before it or after it (a script may pass it to every
    /// command), not refused; so does the sandbox, after its name.
    @Test func noColorBeforeOrAfterTextCountIsTaken() async throws {
        for arguments in [["--no-color", "text", "count", "--platform", "x"], ["text", "count", "--platform", "x", "--no-color"]] {
            let result = try await CLI.run(arguments, stdin: "hi")
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            #expect(result.stdout.hasPrefix("X: 2 of 280"))
        }
        let sandbox = try await CLI.run(["sandbox", "--no-color", "--latency", "-1"])
        #expect(sandbox.status == 64 && sandbox.stderr.contains("--latency must be from 0"), "\(sandbox.stderr)")
    }

    /// The text given as an argument is told to come on standard input,
    /// with the command that does it.
    @Test func aTextGivenAsAnArgumentIsToldToComeOnStandardInput() async throws {
        let result = try await CLI.run(["text", "count", "--platform", "x", "hello world"], stdin: "")
        #expect(result.status == 64)
        #expect(result.stderr.hasPrefix("Error: text count reads the text from standard input, not from its arguments: printf '%s' \"hello world\" | herald text count"),
                "\(result.stderr)")
    }

    /// A platform's other name or spelling gets the name herald uses, as
    /// accounts.yaml's `platform:` does.
    @Test func aMisspeltPlatformIsToldTheName() async throws {
        for (typed, meant) in [("twitter", "x"), ("Mastodon", "mastodon"), ("bsky", "bluesky")] {
            let result = try await CLI.run(["text", "count", "--platform", typed], stdin: "hi")
            #expect(result.status == 64)
            #expect(result.stderr.hasPrefix("Error: The value '\(typed)' is invalid for '--platform <platform>': unknown platform '\(typed)'; did you mean '\(meant)'?\n"),
                    "\(result.stderr)")
        }
    }

    /// Trailing white space is not published: counted as a post's text is,
    /// the same text gives the same length in `text count` and in the plan.
    @Test func trailingWhiteSpaceIsNotCounted() async throws {
        let text = String(repeating: "a", count: 280)
        for tail in ["\n", "  ", "\t\r\n", "\u{3000}", "\u{2028}"] {
            let result = try await CLI.run(["text", "count", "--platform", "x"], stdin: text + tail)
            #expect(result.status == 0, "\(tail.debugDescription): \(result.stdout)")
            #expect(result.stdout.hasPrefix("X: 280 of 280 — valid\n"), "\(tail.debugDescription): \(result.stdout)")
        }
        let repo = try TempDirectory()
        try repo.write("accounts.yaml", "accounts:\n  ax: {platform: x, handle: acme}\n")
        try repo.write("posts/p.yaml", "publish_at: 2026-12-01T09:00:00Z\naccounts: [ax]\ntext: \"\(text)  \"\n")
        let plan = try await CLI.run(["plan", "-C", repo.root, "--format", "json"])
        #expect(plan.stdout.contains("\"length\" : 280,"), "\(plan.stdout)")
    }

    /// Only white space is cut from the end: a skin tone, a combining mark
    /// or a joiner after a blank makes one character with it, and was cut
    /// with it, from the count and from what was published.
    @Test func whatFollowsATrailingBlankIsKept() async throws {
        for (text, length) in [("Skin tones: \u{1F3FB} \u{1F3FC} \u{1F3FD}", 14), ("b \u{301}", 2), ("e \u{200D}", 2), ("c \u{FE0F}", 2)] {
            let result = try await CLI.run(["text", "count", "--platform", "mastodon", "--format", "json"], stdin: text + " \n")
            #expect(try json(result)["length"] as? Int == length, "\(text.debugDescription): \(result.stdout)")
        }
        let repo = try TempDirectory()
        try repo.write("herald.yaml", "timezone: UTC\n")
        try repo.write("accounts.yaml", "accounts:\n  m1: {platform: mastodon, instance: https://one.example}\n")
        try repo.write("posts/tones.yaml", "publish_at: 2026-12-01T09:00:00Z\naccounts: [m1]\ntext: \"Skin tones: \\U0001F3FB \\U0001F3FC \\U0001F3FD\"\n")
        let sandbox = try await ServerProcess.sandbox()
        let result = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        let held = try await JSONClient().get(sandbox.baseURL + "/_sandbox/posts?platform=mastodon") as? [String: Any]
        let texts = (held?["posts"] as? [[String: Any]] ?? []).compactMap { $0["text"] as? String }
        #expect(texts == ["Skin tones: \u{1F3FB} \u{1F3FC} \u{1F3FD}"])
    }

    @Test func blueskyReportsGraphemesAndBytes() async throws {
        let result = try await CLI.run(["text", "count", "--platform", "bluesky", "--format", "json"], stdin: "e\u{301}👨‍👩‍👧")
        let object = try json(result)
        #expect(object["graphemes"] as? Int == 2)
        #expect(object["bytes"] as? Int == 21)
    }

    @Test func overTheLimitExitsOne() async throws {
        let result = try await CLI.run(["text", "count", "--platform", "mastodon"], stdin: String(repeating: "a", count: 501))
        #expect(result.status == 1)
        #expect(result.stdout == "Mastodon: 501 of 500 — too long\n  501 characters, over Mastodon's limit of 500\n"
            + "  the first 500 characters fit, up to '…\(String(repeating: "a", count: 30))'\n")
        // Within the length but refused for another reason: not "too long".
        let tags = (1...31).map { "#t\($0)" }.joined(separator: " ")
        let instagram = try await CLI.run(["text", "count", "--platform", "instagram"], stdin: tags)
        #expect(instagram.status == 1)
        #expect(instagram.stdout.hasPrefix("Instagram: \(tags.count) of 2200 — cannot go out\n"), "\(instagram.stdout)")
        #expect(instagram.stdout.contains("31 hashtags, over Instagram's limit of 30"), "\(instagram.stdout)")
        #expect(!instagram.stdout.contains("fit"), "\(instagram.stdout)")
    }

    /// An account read with an error (a limit refused) is counted by what
    /// was read, and the error is said: it was counted by X's own limit
    /// without a word.
    @Test func anAccountWithAnErrorIsCountedAndSaidSo() async throws {
        let repo = try TempDirectory()
        try repo.write("accounts.yaml", "accounts:\n  x1: { platform: x, handle: acme, max_characters: 25001 }\n")
        let counted = try await CLI.run(["text", "count", "--account", "x1", "-C", repo.root], stdin: "hello")
        #expect(counted.status == 0)
        #expect(counted.stdout.hasPrefix("X: 5 of 280 — valid"), "\(counted.stdout)")
        #expect(counted.stderr == "warning: account 'x1' cannot be used: accounts.yaml has an error in it (accounts.yaml:2:52: max_characters 25,001 is over X's "
            + "largest limit, 25,000 (Premium)); counted without what has the error\n", "\(counted.stderr)")
    }

    @Test func accountLimitAndThreadsEmojiOption() async throws {
        let repo = try TempDirectory()
        try repo.write("accounts.yaml", """
            accounts:
              premium-x: { platform: x, handle: acme, max_characters: 25000 }
              threads-bytes: { platform: threads, user_id: "1" }
              threads-one: { platform: threads, user_id: "2", emoji_counting: one_character }

            """)
        let long = String(repeating: "a", count: 300)
        let premium = try await CLI.run(["text", "count", "--account", "premium-x", "-C", repo.root, "--format", "json"], stdin: long)
        #expect(try json(premium)["limit"] as? Int == 25000)
        #expect(premium.status == 0)
        let bytes = try await CLI.run(["text", "count", "--account", "threads-bytes", "-C", repo.root, "--format", "json"], stdin: "hi 😀")
        #expect(try json(bytes)["length"] as? Int == 7)
        let one = try await CLI.run(["text", "count", "--account", "threads-one", "-C", repo.root, "--format", "json"], stdin: "hi 😀")
        #expect(try json(one)["length"] as? Int == 4)
        let typo = try await CLI.run(["text", "count", "--account", "premium-twitter", "-C", repo.root], stdin: "x")
        #expect(typo.status == 64)
        #expect(typo.stderr.contains("unknown account 'premium-twitter' (did you mean 'premium-x'?)"))
    }

    /// Threads refuses a post of more than 5 distinct links (Meta's text
    /// attachments page); a link written twice counts once. Before, six passed.
    @Test func threadsCountsDistinctLinks() async throws {
        let six = (1...6).map { "https://\($0).example.com/a" }.joined(separator: " ")
        let over = try await CLI.run(["text", "count", "--platform", "threads"], stdin: six)
        #expect(over.status == 1, "\(over.stdout)")
        #expect(over.stdout.contains("  links: 6\n  6 links, over Threads' limit of 5\n"), "\(over.stdout)")
        let again = try await CLI.run(["text", "count", "--platform", "threads"], stdin: (1...5).map { "www.\($0).example.com" }.joined(separator: " ") + " www.1.example.com")
        #expect(again.status == 0, "\(again.stdout)")
        #expect(again.stdout.contains("  links: 5\n"), "\(again.stdout)")
        // One address written another way (a scheme, a '/' at its end, capitals) is one link. Before the re-check, two.
        let written = try await CLI.run(["text", "count", "--platform", "threads"],
                                        stdin: (1...5).map { "https://\($0).example.com" }.joined(separator: " ") + " https://1.example.com/ 2.EXAMPLE.com")
        #expect(written.status == 0, "\(written.stdout)")
        #expect(written.stdout.contains("  links: 5\n"), "\(written.stdout)")
    }

    /// With no platform or account named, the text is counted for each
    /// platform; over the limit of any, the exit status is 1.
    @Test func everyPlatformWithoutOne() async throws {
        let result = try await CLI.run(["text", "count"], stdin: "herald 🎉\n")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == """
            X: 9 of 280 — valid
              weightedLength: 9
              permillage: 32
            LinkedIn: 8 of 3000 — valid
            Facebook: 8 of 63206 — valid
            Instagram: 8 of 2200 — valid
              hashtags: 0
              mentions: 0
            Threads: 11 of 500 — valid
              links: 0
            VK: 8 of 16384 — valid
            Mastodon: 8 of 500 — valid
            Bluesky: 8 of 300 — valid
              graphemes: 8
              bytes: 11

            """)
        let long = try await CLI.run(["text", "count", "--format", "json"], stdin: String(repeating: "a", count: 501))
        #expect(long.status == 1)
        let counted = try #require(try JSONSerialization.jsonObject(with: Data(long.stdout.utf8)) as? [[String: Any]])
        #expect(counted.compactMap { $0["platform"] as? String } == ["x", "linkedin", "facebook", "instagram", "threads", "vk", "mastodon", "bluesky"])
        #expect(counted.filter { $0["valid"] as? Bool == false }.compactMap { $0["platform"] as? String } == ["x", "threads", "mastodon", "bluesky"])
    }
}
