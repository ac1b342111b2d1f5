import Foundation
import Testing
@testable import HeraldKit

@Suite struct PlanRendererTests {
    // The longer ones put a character that needs escaping at each place of
    // the eight-byte words the check reads, next to bytes of 0x7F and above.
    @Test(arguments: ["plain", "quote \" and \\ backslash", "line\nbreak\ttab\r", "\u{01}\u{1F}\u{08}\u{0C}", "ünïcödé 🎉 / slash", "",
                      "12345678\"", "1234567\u{7F}\u{1F}", "ÿÿÿÿÿÿÿÿ\\", "abcdefghijklmno\n", "ééééééé ", "ÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿ"])
    func stringsEscapeAsJSONEncoderDoes(_ value: String) throws {
        var text = TextBuffer()
        text.string(value)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        let expected = String(decoding: try encoder.encode(value), as: UTF8.self)
        #expect(text.text == expected)
        // And it reads back as the same string.
        #expect(try JSONDecoder().decode(String.self, from: Data(text.text.utf8)) == value)
    }

    /// A pull-request comment shows each part's media with its alt text, for
    /// review as the text is: in code spans, so an `@name` in an alt text
    /// notifies no one, and a backtick cannot end it. A picture with no alt
    /// text says so. Before, a post of media alone previewed as an empty block.
    @Test func markdownPreviewShowsMediaAndAltTexts() {
        let at = SourceLocation(path: "posts/a.yaml", line: 1, column: 1)
        var item = PlanItem(post: "a", account: "acme-x", platform: .x, part: 0, partCount: 1, action: .publish,
                            publishAt: Date(timeIntervalSince1970: 1_800_000_000), text: "", length: 0, limit: 280)
        item.media = [MediaRef(path: Located("media/team.png", at: at), alt: Located("@someone and `code`\n", at: at)),
                      MediaRef(path: Located("media/logo.png", at: at))]
        let markdown = PlanRenderer.render(Plan(at: Date(timeIntervalSince1970: 1_800_000_000), items: [item], timeZone: nil),
                                           format: .markdown, color: false)
        #expect(markdown.contains("- 🖼 `media/team.png`, alt `` @someone and `code` ``\n- 🖼 `media/logo.png`, no alt text\n\n</details>"), "\(markdown)")
    }

    /// A pull-request comment shows the text as it will go out: nothing in
    /// it is read as markdown or HTML, and backticks cannot end the block.
    @Test func markdownPreviewIsVerbatim() {
        let text = "*not italic* @someone <b>x</b>\n</details> ```` four | pipes\n> not a quote"
        let item = PlanItem(post: "a`b|c", account: "acme-x", platform: .x, part: 0, partCount: 1, action: .publish,
                            publishAt: Date(timeIntervalSince1970: 1_800_000_000), text: text, length: 70, limit: 280)
        let markdown = PlanRenderer.render(Plan(at: Date(timeIntervalSince1970: 1_800_000_000), items: [item], timeZone: nil),
                                           format: .markdown, color: false)
        #expect(markdown.contains("\n\n`````text\n" + text + "\n`````\n\n</details>\n"))
        // The id in the table: a code span its backtick cannot end, its pipe escaped for the table.
        #expect(markdown.contains("| + | ``a`b\\|c`` | acme-x (X) |"))
        #expect(markdown.contains("<summary><code>a`b|c</code></summary>"))
    }

    /// What a reviewer cannot see is shown escaped in the preview: a
    /// right-to-left override (which shows `dlrow` as `world`) and tag
    /// characters outside a flag's sequence (invisible, and counted with the
    /// character before them); a flag's tags are kept. Before, both went in
    /// raw. A drifted item's heading says it is not sent.
    @Test func markdownPreviewShowsWhatCannotBeSeen() {
        let flag = "🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}"
        let text = "Hello\u{E0076}\u{E0069} world \u{202E}dlrow \(flag)\nnext line\tand a tab"
        let item = PlanItem(post: "a", account: "acme-m", platform: .mastodon, part: 0, partCount: 1, action: .publish,
                            publishAt: Date(timeIntervalSince1970: 1_800_000_000), text: text, length: 30, limit: 500)
        var drift = item
        (drift.post, drift.action) = ("b", .drift)
        let markdown = PlanRenderer.render(Plan(at: Date(timeIntervalSince1970: 1_800_000_000), items: [item, drift], timeZone: nil),
                                           format: .markdown, color: false)
        #expect(markdown.contains("```text\nHello\\U000E0076\\U000E0069 world \\u202Edlrow \(flag)\nnext line\tand a tab\n```"), "\(markdown)")
        #expect(!markdown.unicodeScalars.contains { $0 == "\u{202E}" })
        // Tags after 🏴 that make no flag (hidden text) are shown; a flag's are kept. Before the re-check, any number were kept.
        #expect(PlanRenderer.visibleText("Nice 🏴\u{E0068}\u{E0069}\u{E0064}\u{E0065}\u{E0020}\u{E0069}\u{E0074}") == "Nice 🏴\\U000E0068\\U000E0069\\U000E0064\\U000E0065\\U000E0020\\U000E0069\\U000E0074")
        #expect(PlanRenderer.visibleText("🏴\u{E0068}\u{E0069}\u{E0064}\u{E0065}\u{E0064}\u{E0065}\u{E0064}\u{E007F}").unicodeScalars.filter { $0.value >= 0xE0000 }.count == 0)
        #expect(PlanRenderer.visibleText(flag) == flag)
        // Six letters of other text behind each of several 🏴: shown. Before the second re-check, kept.
        let hidden = "🏴\u{E0068}\u{E0069}\u{E0064}\u{E0064}\u{E0065}\u{E006E}\u{E007F}"
        #expect(PlanRenderer.visibleText(hidden) == "🏴\\U000E0068\\U000E0069\\U000E0064\\U000E0064\\U000E0065\\U000E006E\\U000E007F")
        let wales = "🏴\u{E0067}\u{E0062}\u{E0077}\u{E006C}\u{E0073}\u{E007F}"
        #expect(PlanRenderer.visibleText(wales + wales) == wales + wales)
        #expect(markdown.contains("**acme-m** (Mastodon, changed since it was published: not sent, the platform keeps what it published) — 30/500"), "\(markdown)")
    }

    /// An unknown account is whatever a post names: its cell shows those
    /// characters, not an image, emphasis, a link or math.
    @Test func markdownCellsShowTheirCharacters() {
        let item = PlanItem(post: "p\r\nq", account: "<img src=x>*a*_[l](u)&amp;$x$~|", platform: nil, part: 0, partCount: 1,
                            action: .blocked, publishAt: nil, reason: "set HERALD_A_TOKEN\nnext line")
        let markdown = PlanRenderer.render(Plan(at: Date(timeIntervalSince1970: 1_800_000_000), items: [item], timeZone: nil),
                                           format: .markdown, color: false)
        #expect(markdown.contains(#"| ! | `p  q` | \<img src=x\>\*a\*\_\[l\](u)\&amp;\$x\$\~\| | 1/1 | blocked |  | set HERALD\_A\_TOKEN next line |"#))
        // Control characters (an ESC, a right-to-left override) are shown escaped, as the text plan shows them.
        let control = PlanItem(post: "a\u{1B}[2J\u{202E}gpj", account: "b\u{7}", platform: nil, part: 0, partCount: 1,
                               action: .blocked, publishAt: nil, reason: "c\u{202E}d")
        let problem = Diagnostic.error("e\u{1B}", at: SourceLocation(path: "posts/a\u{1B}[2J\u{202E}gpj.yaml", line: 1, column: 1))
        let escaped = PlanRenderer.render(Plan(at: Date(timeIntervalSince1970: 1_800_000_000), items: [control], timeZone: nil),
                                          format: .markdown, color: false, problems: [problem])
        #expect(escaped.contains(#"| ! | `a\e[2J\u202Egpj` | b\\x07 | 1/1 | blocked |  | c\\u202Ed |"#), "\(escaped)")
        #expect(escaped.contains(#"- `posts/a\e[2J\u202Egpj.yaml:1:1` error: e\\e"#), "\(escaped)")
        #expect(!escaped.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{7}" || $0 == "\u{202E}" })
    }

    /// The markdown plan lists the problems under its summary, each at its
    /// position, its words shown as they are; past 50 the rest are counted.
    @Test func markdownListsTheProblems() {
        let at = Date(timeIntervalSince1970: 1_800_000_000)
        let problems = [
            Diagnostic.error("unknown account '<b>x</b>'", at: SourceLocation(path: "posts/a`b\n.yaml", line: 2, column: 12), hint: "did you mean 'acme-x'?"),
            Diagnostic.warning("variant 'x' matches none of this post's accounts", at: SourceLocation(path: "posts/c.yaml", line: 5, column: 3)),
        ]
        let markdown = PlanRenderer.render(Plan(at: at, items: [], timeZone: nil), format: .markdown, color: false, problems: problems)
        #expect(markdown.hasSuffix("""
            No posts.

            **1 error, 1 warning** in files (`herald plan` shows each under its line):

            - ``posts/a`b .yaml:2:12`` error: unknown account '\\<b\\>x\\</b\\>' (did you mean 'acme-x'?)
            - `posts/c.yaml:5:3` warning: variant 'x' matches none of this post's accounts


            """))
        let many = (1...53).map { Diagnostic.error("problem \($0)", at: SourceLocation(path: "posts/p.yaml", line: $0, column: 1)) }
        let long = PlanRenderer.render(Plan(at: at, items: [], timeZone: nil), format: .markdown, color: false, problems: many)
        #expect(long.contains("**53 errors, 0 warnings**"))
        #expect(long.contains("- `posts/p.yaml:50:1` error: problem 50\n- … and 3 more\n"))
        #expect(!long.contains("problem 51"))
        // Without problems, nothing is said of them.
        #expect(!PlanRenderer.render(Plan(at: at, items: [], timeZone: nil), format: .markdown, color: false).contains("in files"))
    }

    /// Problems with long places and messages take at most half of the
    /// comment, however many fit under 50: the table still shows.
    @Test func markdownProblemsStayWithinTheirShare() {
        let at = Date(timeIntervalSince1970: 1_800_000_000)
        let folder = (0..<15).map { _ in String(repeating: "d", count: 200) }.joined(separator: "/")
        let problems = (1...60).map { n in
            Diagnostic.error("unknown account '\(String(repeating: "\u{1}", count: 400))'", at: SourceLocation(path: "posts/\(folder)/p\(n).yaml", line: 2, column: 11))
        }
        let items = (0..<300).map { n in
            PlanItem(post: "p\(n)", account: "acme-x", platform: .x, part: 0, partCount: 1, action: .blocked, publishAt: at, reason: "unknown account")
        }
        let markdown = PlanRenderer.markdown(Plan(at: at, items: items, timeZone: nil), problems: problems)
        #expect(markdown.utf8.count <= 60_000)
        #expect(markdown.contains("- … and "))
        #expect(markdown.contains("| ! | `p0` |"))
    }

    /// `@name` and `#12` in a cell or a problem are code, which GitHub does
    /// not turn into a notification or an issue link, after a blank or any
    /// other character but a letter, a digit or `_` (`cc.@name`); an e-mail
    /// address, a hashtag and a `#` before a letter stay as they are.
    @Test func markdownMentionsNotifyNobody() {
        let at = Date(timeIntervalSince1970: 1_800_000_000)
        let item = PlanItem(post: "p", account: "@torvalds", platform: nil, part: 0, partCount: 1, action: .blocked, publishAt: nil,
                            reason: "up to '…thanks @octocat and @org/team, see #12, mail a@b.c, #launch, cc.@hubot x/@ghost -@mona `@x (#34)'")
        let problem = Diagnostic.error("YAML syntax error", at: SourceLocation(path: "posts/p.yaml", line: 3, column: 7),
                                       hint: "quote the text, as in text: \"@octocat says hi\"")
        let markdown = PlanRenderer.render(Plan(at: at, items: [item], timeZone: nil), format: .markdown, color: false, problems: [problem])
        #expect(markdown.contains("| `@torvalds` |"), "\(markdown)")
        #expect(markdown.contains("thanks `@octocat` and `@org/team`, see `#12`, mail a@b.c, #launch, "
                                  + "cc.`@hubot` x/`@ghost` -`@mona` \\``@x` (`#34`)"), "\(markdown)")
        #expect(markdown.contains("as in text: \"`@octocat` says hi\""), "\(markdown)")
    }

    /// Other references GitHub links, and notes in the issue they name
    /// (`GH-77`, `owner/repo#5`), are code too; so is a web address, which
    /// GitHub would make a link of with the cell's escapes in it.
    @Test func markdownReferencesAndAddressesAreCode() {
        let at = Date(timeIntervalSince1970: 1_800_000_000)
        let item = PlanItem(post: "p", account: "<img src=http://t.example/q.png>", platform: nil, part: 0, partCount: 1, action: .blocked,
                            publishAt: nil, reason: "see GH-77, gh-8, octo/repo#5 and https://github.com/o/r/issues/1; not GH-x or a/b/c#4")
        let markdown = PlanRenderer.render(Plan(at: at, items: [item], timeZone: nil), format: .markdown, color: false)
        #expect(markdown.contains("| \\<img src=`http://t.example/q.png`\\> |"), "\(markdown)")
        #expect(markdown.contains("see `GH-77`, `gh-8`, `octo/repo#5` and `https://github.com/o/r/issues/1`; not GH-x or a/b/c#4"), "\(markdown)")
        // In the list of problems, not a table, a `|` in a code span is left as it is: an escape would show.
        let problem = Diagnostic.error("unknown account 'https://x.example/a|b'", at: SourceLocation(path: "posts/p.yaml", line: 2, column: 12))
        let listed = PlanRenderer.render(Plan(at: at, items: [item], timeZone: nil), format: .markdown, color: false, problems: [problem])
        #expect(listed.contains("error: unknown account '`https://x.example/a|b`'"), "\(listed)")
    }

    /// The summary's one noun agrees with its count: `1 draft`, `2 drafts`.
    @Test func theSummarySaysDraftForOne() {
        let at = Date(timeIntervalSince1970: 1_800_000_000)
        func draft(_ n: Int) -> PlanItem {
            PlanItem(post: "p\(n)", account: "acme-x", platform: .x, part: 0, partCount: 1, action: .draft, publishAt: nil)
        }
        #expect(PlanRenderer.summary(Plan(at: at, items: [draft(0)], timeZone: nil))
            == "Plan: 0 to publish, 0 waiting, 0 done, 0 blocked, 0 drifted, 0 orphaned, 0 unknown, 1 draft, 0 unsupported.")
        #expect(PlanRenderer.summary(Plan(at: at, items: [draft(0), draft(1)], timeZone: nil)).contains(", 2 drafts, "))
    }

    /// The markdown plan is a pull request's comment: what is done and
    /// drafts are counted, not listed, and the whole stays within GitHub's
    /// limit, saying how many rows and previews it leaves out.
    @Test func markdownStaysWithinACommentsSize() {
        let at = Date(timeIntervalSince1970: 1_800_000_000)
        func item(_ n: Int, _ action: PlanAction) -> PlanItem {
            PlanItem(post: "p\(n)", account: "acme-x", platform: .x, part: 0, partCount: 1, action: action, publishAt: at,
                     text: String(repeating: "word ", count: 40), length: 200, limit: 280)
        }
        let done = Plan(at: at, items: (0..<5).map { item($0, .done) } + [item(5, .draft)], timeZone: nil)
        #expect(PlanRenderer.render(done, format: .markdown, color: false).hasSuffix("**5** done · **1** draft\n\nNo changes. Nothing is due.\n"))

        let busy = Plan(at: at, items: (0..<4_000).map { item($0, $0 % 2 == 0 ? .done : .publish) }, timeZone: nil)
        let markdown = PlanRenderer.markdown(busy)
        #expect(markdown.utf8.count <= 60_000)
        let rows = markdown.split(separator: "\n").filter { $0.hasPrefix("| + | `p") }
        let previews = markdown.split(separator: "\n").filter { $0.hasPrefix("<details>") }
        #expect(!rows.isEmpty && rows.count < 2_000)
        // The rows leave room for some of the texts under review.
        #expect(previews.count >= 10, "\(previews.count) previews")
        #expect(!markdown.contains("| = |"))
        #expect(markdown.contains("\n*\(2_000 - rows.count) more rows are left out to keep this comment within GitHub's size limit; `herald plan` lists them all.*\n"))
        #expect(markdown.hasSuffix("\n*\(2_000 - previews.count) more posts' previews are left out to keep this comment within GitHub's size limit.*\n"))
        // With room for everything, nothing is left out.
        let whole = PlanRenderer.markdown(busy, budget: 1_000_000)
        #expect(whole.split(separator: "\n").count { $0.hasPrefix("| + | `p") } == 2_000)
        #expect(whole.split(separator: "\n").count { $0.hasPrefix("<details>") } == 2_000)
        #expect(!whole.contains("left out"))
    }

    /// A preview too big for the room left is left out, and smaller ones
    /// after it still show; so does the text of an item blocked only for
    /// credentials not set here (a pull request's job has none).
    @Test func markdownPreviewsWhatFitsAndWhatAwaitsCredentials() {
        let at = Date(timeIntervalSince1970: 1_800_000_000)
        var huge = PlanItem(post: "a-huge", account: "m1", platform: .mastodon, part: 0, partCount: 1, action: .wait, publishAt: at,
                            text: String(repeating: "long words ", count: 6_000), length: 66_000, limit: 100_000)
        huge.reason = "due later"
        var small = PlanItem(post: "b-small", account: "m1", platform: .mastodon, part: 0, partCount: 1, action: .blocked, publishAt: at,
                             text: "Added in a pull request", length: 23, limit: 500)
        small.reason = "no credentials: set HERALD_M1_ACCESS_TOKEN"
        small.awaitsCredentials = true
        var invalid = small
        invalid.post = "c-invalid"
        invalid.awaitsCredentials = false
        invalid.reason = "text contains U+0007"
        let markdown = PlanRenderer.markdown(Plan(at: at, items: [huge, small, invalid], timeZone: nil), budget: 20_000)
        #expect(!markdown.contains("<code>a-huge</code>"))
        #expect(markdown.contains("<details><summary><code>b-small</code></summary>") && markdown.contains("Added in a pull request"), "\(markdown)")
        #expect(!markdown.contains("<code>c-invalid</code>"))
        #expect(markdown.hasSuffix("\n*1 more post's preview is left out to keep this comment within GitHub's size limit.*\n"), "\(markdown)")
    }

    @Test(arguments: [("id", "`id`"), ("a`b", "``a`b``"), ("`a", "`` `a ``"), ("a``", "``` a`` ```")])
    func codeSpans(_ value: String, _ expected: String) {
        #expect(PlanRenderer.codeSpan(value) == expected)
    }

    /// Ids and reasons come from files (an unknown account is whatever the
    /// post says): a terminal gets their control characters as escapes,
    /// and the columns line up on what it shows.
    @Test func textPlanEscapesControlCharacters() {
        let at = Date(timeIntervalSince1970: 1_800_000_000)
        let items = [
            PlanItem(post: "a\u{1B}[2J", account: "x\ny", platform: nil, part: 0, partCount: 1, action: .blocked, publishAt: at,
                     reason: "unknown account 'x\ny'\u{07}"),
            PlanItem(post: "b", account: "acme-x", platform: .x, part: 0, partCount: 1, action: .publish, publishAt: at),
        ]
        let text = PlanRenderer.render(Plan(at: at, items: items, timeZone: nil), format: .text, color: false)
        #expect(text.contains("\n  ! blocked      a\\e[2J  x\\ny    unknown account 'x\\ny'\\x07\n  + publish      b       acme-x\n"))
    }

    /// Post ids are file names, in any script: the columns line up on the
    /// cells a terminal gives them, two for 日 or 🎉, one for e + ◌́.
    @Test func textPlanColumnsLineUpUnderWideCharacters() {
        let at = Date(timeIntervalSince1970: 1_800_000_000)
        let items = ["日本語", "🎉x", "cafe\u{301}", "abcdefg"].map {
            PlanItem(post: $0, account: "acme-x", platform: .x, part: 0, partCount: 1, action: .publish, publishAt: at)
        }
        let text = PlanRenderer.render(Plan(at: at, items: items, timeZone: nil), format: .text, color: false)
        #expect(text.contains("""

              + publish      日本語   acme-x
              + publish      🎉x      acme-x
              + publish      cafe\u{301}     acme-x
              + publish      abcdefg  acme-x

            """))
    }

    /// An unknown account is whatever the post says, and its reason quotes
    /// it: a long one is shown with its middle left out, in the text plan,
    /// the markdown table (a PR comment has a size limit) and publish's lines.
    @Test func longWordsFromFilesAreShortenedInPlans() {
        let at = Date(timeIntervalSince1970: 1_800_000_000)
        let account = String(repeating: "x", count: 5_000)
        let item = PlanItem(post: "a", account: account, platform: nil, part: 0, partCount: 1, action: .blocked, publishAt: at,
                            reason: "unknown account '\(account)'")
        let plan = Plan(at: at, items: [item], timeZone: nil)
        func xs(_ n: Int) -> String { String(repeating: "x", count: n) }
        let shortAccount = "\(xs(200))… (4740 characters left out) …\(xs(60))"
        // A reason may be longer than other words (`TerminalText.longestReason`): it may end with a command.
        let shortReason = "unknown account '\(xs(383))… (4498 characters left out) …\(xs(119))'"
        // Compared as booleans: a failure would otherwise print the 5,000 characters.
        let text = PlanRenderer.render(plan, format: .text, color: false)
        #expect(text.contains("\n  ! blocked      a  \(shortAccount)  \(shortReason)\n"))
        #expect(!text.contains(xs(384)))
        let markdown = PlanRenderer.render(plan, format: .markdown, color: false)
        #expect(markdown.contains("| ! | `a` | \(shortAccount) | 1/1 | blocked |  | \(shortReason) |\n"))
        #expect(!markdown.contains(xs(384)))
        let json = PlanRenderer.render(plan, format: .json, color: false)
        #expect(json.contains("unknown account '\(account)'"))
        let line = PublishReport.line(PublishOutcome(item: item, result: .failed("HTTP 500: not \(account)")))
        // As long as a reason: a message may end with what to do.
        #expect(line.hasPrefix("✗ failed     a → \(xs(383))… ("))
        #expect(line.hasSuffix(" characters left out) …\(xs(120))"))
    }

    /// publish's line for an item that needs attention shortens its reason
    /// on its own, as the plan does: with the line, a reason near the limit
    /// lost the middle of the command it ends with.
    @Test func attentionLinesKeepAReasonWhole() {
        let reason = "published with the same content as 'news/2026/launch-announcement-part-one' (a post whose file is gone): if the file moved here, run "
            + "'herald state resolve news/2026/launch-announcement-part-one-moved --account acme-mastodon --part 2 --published 117730828881428480 --sandbox'"
        #expect(reason.count < 300)
        let item = PlanItem(post: "news/2026/launch-announcement-part-one-moved", account: "acme-mastodon", platform: .mastodon, part: 1, partCount: 2,
                            action: .blocked, publishAt: nil, reason: reason)
        #expect(PublishReport.attention(item) == "! blocked    news/2026/launch-announcement-part-one-moved [2/2] → acme-mastodon  " + reason)
    }

    /// The summary counts what this run did, and says what earlier runs
    /// left unknown or what changed since published: the exit status (3)
    /// is not left to contradict "unknown 0".
    @Test func publishSummarySaysWhatEarlierRunsLeft() {
        let at = Date(timeIntervalSince1970: 1_800_000_000)
        let items = [PlanAction.unknown, .drift, .done].map {
            PlanItem(post: "p", account: "acme-x", platform: .x, part: 0, partCount: 1, action: $0, publishAt: at)
        }
        #expect(PublishReport.summary([], plan: Plan(at: at, items: items, timeZone: nil))
            == "Published 0, found 0, failed 0, unknown 0, skipped 0. (0 waiting, 1 already done, 0 blocked, 1 unknown before this run, for a person to check, 1 changed since published)")
    }

    /// A part found on the platform may have been made by this run's own
    /// attempt whose answer was lost, by a run whose record was lost, or by
    /// hand: the line says what herald did, not which of these it was.
    @Test func aFoundPartSaysWhatHeraldDid() {
        let item = PlanItem(post: "a", account: "acme-x", platform: .x, part: 0, partCount: 1, action: .publish, publishAt: nil)
        #expect(PublishReport.line(PublishOutcome(item: item, result: .alreadyThere(.init(remoteID: "9", url: "https://x.example/9"))))
            == "= found      a → acme-x  https://x.example/9 (already on the platform: recorded, not sent again)")
    }

    @Test func publishLinesEscapeControlCharacters() {
        let item = PlanItem(post: "a", account: "acme-x", platform: .x, part: 0, partCount: 1, action: .publish, publishAt: nil)
        let line = PublishReport.line(PublishOutcome(item: item, result: .failed("HTTP 400: \u{1B}]0;owned\u{07}")))
        #expect(line == "✗ failed     a → acme-x  HTTP 400: \\e]0;owned\\x07")
    }

    /// Secrets are replaced before a line escapes a control character or
    /// JSON escapes a quote: an escaped secret would no longer be found.
    @Test func publishReportsRedactBeforeEscaping() {
        let secret = "placeholder\"sec\u{07}ret"
        let redact = Redactor(secrets: [secret])
        let item = PlanItem(post: "a", account: "acme-x", platform: .x, part: 0, partCount: 1, action: .publish, publishAt: nil)
        let outcome = PublishOutcome(item: item, result: .failed("HTTP 401: bad token \(secret)"))
        #expect(PublishReport.line(outcome, redactor: redact) == "✗ failed     a → acme-x  HTTP 401: bad token [REDACTED]")
        let json = PublishReport.json([outcome], at: Date(timeIntervalSince1970: 0), dryRun: false, redactor: redact)
        #expect(json.contains(#""message" : "HTTP 401: bad token [REDACTED]""#), "\(json)")
        #expect(!json.contains("placeholder"))
    }

    /// A chunk's buffer is sized from an estimate: it grows when the
    /// estimate is short, keeping what it held.
    /// Items are searched in tasks of 256: a secret in any word of an item
    /// at either end of a task is replaced, and no other item changes.
    @Test func planRedactionReachesEveryItem() {
        let at = Date(timeIntervalSince1970: 1_800_000_000)
        let secret = "placeholder-Redact-9"
        let items = (0..<600).map { i in
            PlanItem(post: "p\(i)", account: "acme-x", platform: .x, part: 0, partCount: 1, action: .publish, publishAt: at, text: "text \(i)")
        }
        var plan = Plan(at: at, items: items, timeZone: nil)
        plan.items[0].text = "a \(secret) b"
        plan.items[255].url = "https://x.example/\(secret)"
        plan.items[256].post = "p-\(secret)"
        plan.items[511].reason = "\(secret)"
        plan.items[512].location = SourceLocation(path: "posts/\(secret).yaml", line: 1, column: 1)
        plan.items[599].account = secret
        let redacted = plan.redacted(by: Redactor(secrets: [secret]))
        #expect(redacted.items[0].text == "a [REDACTED] b")
        #expect(redacted.items[255].url == "https://x.example/[REDACTED]")
        #expect(redacted.items[256].post == "p-[REDACTED]")
        #expect(redacted.items[511].reason == "[REDACTED]")
        #expect(redacted.items[512].location?.path == "posts/[REDACTED].yaml")
        #expect(redacted.items[599].account == "[REDACTED]")
        let changed = [0, 255, 256, 511, 512, 599]
        #expect(redacted.items.indices.filter { !changed.contains($0) }.allSatisfy { redacted.items[$0] == plan.items[$0] })
        #expect(!redacted.items.contains { item in [item.post, item.account, item.text ?? "", item.url ?? "", item.reason ?? ""].contains { $0.contains(secret) } })
    }

    @Test func bufferGrowsPastItsFirstCapacity() {
        var text = TextBuffer(capacity: 1)
        for i in 0..<1_000 { text.append("line \(i)\n") }
        text.string("end")
        let expected = (0..<1_000).map { "line \($0)\n" }.joined() + "\"end\""
        #expect(text.text == expected)
        #expect(text.withBytes { Array($0) } == Array(expected.utf8))
    }

    /// Output is written in chunks on all cores: a plan longer than a chunk
    /// keeps its order and its separators.
    @Test func longPlansRenderInOrder() throws {
        let items = (0..<5_000).map { i in
            PlanItem(post: "p/\(i)", account: "acme-x", platform: .x, part: 0, partCount: 1, action: i % 2 == 0 ? .publish : .blocked,
                     publishAt: Date(timeIntervalSince1970: 1_800_000_000), reason: "reason \(i)")
        }
        let plan = Plan(at: Date(timeIntervalSince1970: 1_800_000_000), items: items, timeZone: nil)
        let json = PlanRenderer.render(plan, format: .json, color: false)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let posts = try #require(object["items"] as? [[String: Any]]).map { $0["post"] as? String }
        #expect(posts == items.map(\.post))
        let text = PlanRenderer.render(plan, format: .text, color: false)
        let lines = text.split(separator: "\n").filter { $0.hasPrefix("  ") }
        #expect(lines.count == 5_000)
        #expect(lines.first == "  + publish      p/0     acme-x  reason 0")
        #expect(lines.last == "  ! blocked      p/4999  acme-x  reason 4999")
    }

    @Test func emptyPlanIsValidJSON() throws {
        let json = PlanRenderer.render(Plan(at: Date(timeIntervalSince1970: 0), items: [], timeZone: nil), format: .json, color: false)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["schema"] as? String == "herald.plan/v1")
        #expect((object["items"] as? [Any])?.isEmpty == true)
        #expect((object["summary"] as? [String: Int])?["publish"] == 0)
    }

    /// Another account's preview is "the same as above" only when its text
    /// and its media both are: a variant with other pictures shows them.
    @Test func aPreviewWithTheSameTextAndOtherMediaIsShown() {
        let at = Date(timeIntervalSince1970: 1_800_000_000)
        let place = SourceLocation(path: "posts/a.yaml", line: 1, column: 1)
        var x = PlanItem(post: "a", account: "acme-x", platform: .x, part: 0, partCount: 1, action: .publish,
                         publishAt: at, text: "Launch day", length: 10, limit: 280)
        x.media = [MediaRef(path: Located("media/wide.png", at: place))]
        var mastodon = x
        (mastodon.account, mastodon.platform, mastodon.limit) = ("acme-mastodon", .mastodon, 500)
        mastodon.media = [MediaRef(path: Located("media/tall.png", at: place))]
        let markdown = PlanRenderer.render(Plan(at: at, items: [x, mastodon], timeZone: nil), format: .markdown, color: false)
        #expect(markdown.contains("**acme-mastodon** (Mastodon) — 10/500\n\n```text\nLaunch day\n```\n\n- 🖼 `media/tall.png`, no alt text\n\n"), "\(markdown)")
        #expect(markdown.contains("**acme-x** (X) — 10/280\n\n```text\nLaunch day\n```\n\n- 🖼 `media/wide.png`, no alt text\n\n"), "\(markdown)")
        #expect(!markdown.contains("the same as above"))
    }

    /// A text exactly at its platform's limit fits: only one over it is
    /// marked as over the limit in the preview.
    @Test func aTextAtTheLimitIsNotMarkedOverIt() {
        let at = Date(timeIntervalSince1970: 1_800_000_000)
        let full = PlanItem(post: "a", account: "acme-x", platform: .x, part: 0, partCount: 1, action: .publish,
                            publishAt: at, text: String(repeating: "a", count: 280), length: 280, limit: 280)
        var over = full
        (over.post, over.text, over.length) = ("b", String(repeating: "b", count: 281), 281)
        let markdown = PlanRenderer.render(Plan(at: at, items: [full, over], timeZone: nil), format: .markdown, color: false)
        #expect(markdown.contains("**acme-x** (X) — 280/280\n\n"), "\(markdown)")
        #expect(markdown.contains("**acme-x** (X) — 281/280 ⚠️ over the limit\n\n"), "\(markdown)")
    }

    /// A web address in a table cell is a code span, and a `|` in it is
    /// still escaped: unescaped, it would end the cell and shift the row.
    @Test func aPipeInAnAddressInATableCellIsEscaped() {
        let item = PlanItem(post: "p", account: "https://x.example/a|b", platform: nil, part: 0, partCount: 1, action: .blocked,
                            publishAt: nil, reason: "unknown account 'https://x.example/a|b'")
        let markdown = PlanRenderer.render(Plan(at: Date(timeIntervalSince1970: 1_800_000_000), items: [item], timeZone: nil),
                                           format: .markdown, color: false)
        #expect(markdown.contains(#"| ! | `p` | `https://x.example/a\|b` | 1/1 | blocked |  | unknown account '`https://x.example/a\|b`' |"#), "\(markdown)")
    }

    /// "draft" only for one: none are "0 drafts", as the summary says "0 done".
    @Test func theSummarySaysDraftsForNone() {
        let at = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(PlanRenderer.summary(Plan(at: at, items: [], timeZone: nil))
            == "Plan: 0 to publish, 0 waiting, 0 done, 0 blocked, 0 drifted, 0 orphaned, 0 unknown, 0 drafts, 0 unsupported.")
    }

    /// `publish --format json`'s summary counts the plan's items that need
    /// someone as well as the run's outcomes: an item unknown before the
    /// run began (not sent again) is one more unknown, a blocked one and a
    /// changed one are counted as such; each is listed with its reason.
    @Test func publishJSONCountsTheItemsThatNeedSomeone() throws {
        func item(_ post: String, _ action: PlanAction) -> PlanItem {
            var item = PlanItem(post: post, account: "acme-x", platform: .x, part: 0, partCount: 1, action: action, publishAt: nil)
            item.reason = "\(action.rawValue) reason"
            return item
        }
        let outcome = PublishOutcome(item: item("a", .publish), result: .unknown("check the account"))
        let json = PublishReport.json([outcome], attention: [item("b", .unknown), item("c", .blocked), item("d", .drift)],
                                      at: Date(timeIntervalSince1970: 0), dryRun: false)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let summary = try #require(object["summary"] as? [String: Int])
        #expect(summary["unknown"] == 2)
        #expect(summary["blocked"] == 1)
        #expect(summary["drift"] == 1)
        #expect((object["results"] as? [[String: Any]])?.map { $0["result"] as? String } == ["unknown", "blocked", "drift", "unknown"])
    }
}
