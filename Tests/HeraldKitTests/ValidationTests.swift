import Foundation
import Testing
import HeraldTestSupport
@testable import HeraldKit

/// Every validation rule, with the exact message and position it reports.
@Suite struct ValidationTests {
    let due = "publish_at: 2026-12-01T09:00:00+01:00\n"

    @Test func exampleRepositoryIsValid() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        let repository = RepositoryLoader.load(root: root)
        #expect(repository.diagnostics.map(TempRepository.describe) == [])
        #expect(repository.posts.count == 4)
    }

    @Test func unknownAccountWithSuggestion() throws {
        let repo = try TempRepository(["posts/launch.yaml": due + "accounts: [acme-twiter]\ntext: hello\n"])
        #expect(repo.diagnostics() == ["posts/launch.yaml:2:12: error: unknown account 'acme-twiter' (did you mean 'acme-x'?)"])
    }

    @Test func unknownCampaign() throws {
        let repo = try TempRepository([
            "campaigns/winter.yaml": "name: Winter\naccounts: [acme-x]\n",
            "posts/a.yaml": due + "campaign: wintr\ntext: hi\n",
        ])
        #expect(repo.diagnostics() == ["posts/a.yaml:2:11: error: unknown campaign 'wintr' (did you mean 'winter'?)"])
        // A list item a space further than the one above: read as more of its name, and told so.
        let indented = try TempRepository(["posts/a.yaml": due + "accounts:\n  - acme-mastodon\n   - acme-x\ntext: hi\n"])
        #expect(indented.diagnostics() == ["posts/a.yaml:3:5: error: unknown account 'acme-mastodon - acme-x'"
            + " (a '- ' indented further than the item above is read as more of it: start each '- ' of the list in the same column)"])
        // Written as its file, or an account as a file would be: the name meant, all the same.
        let files = try TempRepository([
            "campaigns/winter-launch.yaml": "name: Winter\naccounts: [acme-x]\n",
            "posts/a.yaml": due + "campaign: campaigns/winter-launch.yaml\ntext: hi\n",
            "posts/b.yaml": due + "campaign: winter-launch.yaml\ntext: hi\n",
            "posts/c.yaml": due + "accounts: [acme-mastodon.yaml]\ntext: hi\n",
        ])
        #expect(files.diagnostics() == [
            "posts/a.yaml:2:11: error: unknown campaign 'campaigns/winter-launch.yaml' (did you mean 'winter-launch'?)",
            "posts/b.yaml:2:11: error: unknown campaign 'winter-launch.yaml' (did you mean 'winter-launch'?)",
            "posts/c.yaml:2:12: error: unknown account 'acme-mastodon.yaml' (did you mean 'acme-mastodon'?)",
        ])
    }

    /// A campaign file with an error blocks its posts, naming the error:
    /// one that could not be read at all was 'unknown' to its posts.
    @Test func campaignsWithErrorsAreNamedByTheirPosts() throws {
        let repo = try TempRepository([
            "campaigns/spring.yaml": "name: Spring\nhashtags: [\"#spring\"\n",
            "campaigns/summer.yaml": "name: Summer\nhashtag: [\"#summer\"]\n",
            "posts/a.yaml": due + "accounts: [acme-mastodon]\ncampaign: spring\ntext: hi\n",
            "posts/b.yaml": due + "accounts: [acme-mastodon]\ncampaign: summer\ntext: hi\n",
            "posts/c.yaml": due + "accounts: [acme-mastodon]\ncampaign: sprng\ntext: hi\n",
        ])
        let spring = "campaign 'spring' cannot be used: campaigns/spring.yaml has an error in it (campaigns/spring.yaml:2:11: YAML syntax error: the file ends inside this list: its closing ']' is missing)"
        let summer = "campaign 'summer' cannot be used: campaigns/summer.yaml has an error in it (campaigns/summer.yaml:2:1: unknown key 'hashtag' in a campaign)"
        #expect(repo.diagnostics() == [
            "campaigns/spring.yaml:2:11: error: YAML syntax error: the file ends inside this list: its closing ']' is missing",
            "campaigns/summer.yaml:2:1: error: unknown key 'hashtag' in a campaign (did you mean 'hashtags'?)",
            "posts/a.yaml:3:11: error: " + spring,
            "posts/c.yaml:3:11: error: unknown campaign 'sprng' (did you mean 'spring'?)",
        ])
        let loaded = repo.load()
        #expect(loaded.blocker(post: "a", account: "acme-mastodon").map(TempRepository.describe) == "posts/a.yaml:3:11: error: " + spring)
        #expect(loaded.blocker(post: "b", account: "acme-mastodon").map(TempRepository.describe) == "posts/b.yaml:3:11: error: " + summer)
    }

    @Test func campaignIdUsedTwice() throws {
        let repo = try TempRepository([
            "campaigns/winter.yaml": "name: Winter\n",
            "campaigns/winter.yml": "name: Winter again\n",
        ])
        #expect(repo.diagnostics() == ["campaigns/winter.yml:1:1: error: campaign id 'winter' is also used by campaigns/winter.yaml"])
    }

    @Test func threadAndVariantWrittenAsOneValue() throws {
        let repo = try TempRepository(["posts/a.yaml": due + "accounts: [acme-x]\ntext: hi\nthread: two\n",
                                       "posts/b.yaml": due + "accounts: [acme-x]\ntext: hi\nthread:\n  text: two\nvariants:\n  x: hi there\n  acme-x: [hi]\n"])
        let part = "(start each part with '- ' on a line of its own, as in '  - text: …')"
        #expect(repo.diagnostics() == ["posts/a.yaml:4:9: error: thread must be a list of parts, found 'two' \(part)",
                                       "posts/b.yaml:5:3: error: thread must be a list of parts, found a mapping \(part)",
                                       "posts/b.yaml:7:6: error: variant 'x' must be a mapping, found 'hi there' (a variant has keys of its own: write 'x: { text: … }', or 'text:' indented on the line after it)",
                                       "posts/b.yaml:8:11: error: variant 'acme-x' must be a mapping, found a list"])
        // A variant's keys written at its level, not under it: told to go under it, not to be a variant of their own.
        let flat = try TempRepository(["posts/c.yaml": due + "accounts: [acme-x]\ntext: hi\nvariants:\n  x:\n  text: hi x\n  media: [media/a.png]\n",
                                       "posts/d.yaml": due + "accounts: [acme-x]\ntext: hi\nvariants:\n  text: hi x\n"])
        #expect(flat.diagnostics() == [
            "posts/c.yaml:6:3: error: 'text' is a key of a variant, written where a platform or account goes (indent it under 'x' above, further than 'x')",
            "posts/c.yaml:7:3: error: 'media' is a key of a variant, written where a platform or account goes (indent it under 'x' above, further than 'x')",
            "posts/d.yaml:5:3: error: 'text' is a key of a variant, written where a platform or account goes"
                + " (write it under the platform or account it is for, as 'x:' and then '  text: …')",
        ])
    }

    @Test func accountListedTwice() throws {
        let repo = try TempRepository(["posts/a.yaml": due + "accounts: [acme-x, acme-mastodon, acme-x]\ntext: hi\n"])
        #expect(repo.diagnostics() == ["posts/a.yaml:2:35: error: account 'acme-x' is listed twice"])
    }

    /// A long list (kept in a set, not searched from its start for each
    /// account) says the same: each repeat where it is, each unknown account.
    @Test func accountsListedTwiceInALongList() throws {
        let names = (0..<30).map { "u\($0)" }
        let list = (["acme-x"] + names + ["acme-x", "u3"]).joined(separator: ", ")
        let repo = try TempRepository(["posts/a.yaml": due + "accounts: [\(list)]\ntext: hi\n"])
        let found = repo.diagnostics()
        #expect(found.count == 32)
        #expect(found.filter { $0.contains("is listed twice") } == [
            "posts/a.yaml:2:160: error: account 'acme-x' is listed twice",
            "posts/a.yaml:2:168: error: account 'u3' is listed twice",
        ])
        #expect(found.filter { $0.contains("unknown account") }.count == 30)
    }

    /// Listed twice in a campaign, an account is one error in the campaign's
    /// file, not one more in every post that takes the list.
    @Test func accountListedTwiceInACampaign() throws {
        let repo = try TempRepository([
            "campaigns/c.yaml": "name: C\naccounts: [acme-x, acme-x]\n",
            "posts/a.yaml": due + "campaign: c\ntext: one\n",
            "posts/b.yaml": due + "campaign: c\ntext: two\n",
        ])
        #expect(repo.diagnostics() == ["campaigns/c.yaml:2:20: error: account 'acme-x' is listed twice"])
        #expect(repo.load().blocker(post: "a", account: "acme-x")?.fullMessage
            == "campaign 'c' cannot be used: campaigns/c.yaml has an error in it (campaigns/c.yaml:2:20: account 'acme-x' is listed twice)")
    }

    @Test func campaignSuppliesAccounts() throws {
        let repo = try TempRepository([
            "campaigns/winter.yaml": "name: Winter\naccounts: [acme-x, acme-mastodn]\n",
            "posts/a.yaml": due + "campaign: winter\ntext: hi\n",
        ])
        #expect(repo.diagnostics() == ["campaigns/winter.yaml:2:20: error: unknown account 'acme-mastodn' (did you mean 'acme-mastodon'?)"])
        #expect(ContentResolver.accounts(of: repo.load().posts[0], campaigns: repo.load().campaigns).map(\.value) == ["acme-x", "acme-mastodn"])
    }

    @Test func unknownKeyWithSuggestion() throws {
        let repo = try TempRepository(["posts/a.yaml": due + "accounts: [acme-x]\ntxt: hello\n"])
        #expect(repo.diagnostics() == ["posts/a.yaml:3:1: error: unknown key 'txt' in a post (did you mean 'text'?)"])
    }

    /// A key misspelt or written under another name is one mistake with
    /// one error: the post is not also told that the key is missing. The
    /// error blocks the post.
    @Test func aMisnamedKeyIsNotAlsoMissing() throws {
        let repo = try TempRepository([
            "posts/a.yaml": "date: 2026-12-01T09:00:00Z\nto: [acme-x]\nText: hi\n",
            "posts/b.yaml": due + "accounts: [acme-x]\ntext: hi\nthread:\n  - body: two\n  - Image: media/a.png\n  - parts: three\n",
            "posts/c.yaml": "drafts: true\ntext: later\n",
            "posts/d.yaml": "drafts: false\ntext: soon\n",
            // Words with ': ' in them, read as a key and its value.
            "posts/e.yaml": due + "accounts: [acme-x]\ntext: hi\nthread:\n  - Part 2: more\n  - Note: bring \"snacks\"\n  - Note: \"see you\"\n  - Remember:\n  - Later: null\n",
        ])
        #expect(repo.diagnostics() == [
            "posts/a.yaml:1:1: error: unknown key 'date' in a post (herald calls it 'publish_at')",
            "posts/a.yaml:2:1: error: unknown key 'to' in a post (herald calls it 'accounts')",
            "posts/a.yaml:3:1: error: unknown key 'Text' in a post (did you mean 'text'?)",
            "posts/b.yaml:5:5: error: unknown key 'body' in a thread part (herald calls it 'text')",
            "posts/b.yaml:6:5: error: unknown key 'Image' in a thread part (herald calls it 'media')",
            // A thread part has no thread: 'parts' is not taken for a key it could have.
            "posts/b.yaml:7:5: error: part 4/4 of the thread has no text and no media for X (acme-x)",
            "posts/b.yaml:7:5: error: unknown key 'parts' in a thread part",
            "posts/c.yaml:1:1: error: unknown key 'drafts' in a post (did you mean 'draft'?)",
            // Not a draft: its missing keys are said.
            "posts/d.yaml:1:1: error: post has no publish_at (add 'publish_at:' and the time it goes out, in the form YYYY-MM-DDThh:mm:ss±hh:mm, or 'draft: true' to keep it unpublished)",
            "posts/d.yaml:1:1: error: post targets no accounts (add 'accounts: [...]' or a campaign with accounts)",
            "posts/d.yaml:1:1: error: unknown key 'drafts' in a post (did you mean 'draft'?)",
            "posts/e.yaml:5:5: error: this thread part is read as a key and its value ('Part 2' and 'more'), because of the ': ' in it (quote the text, as in - \"Part 2: more\")",
            "posts/e.yaml:6:5: error: this thread part is read as a key and its value ('Note' and 'bring \"snacks\"'), because of the ': ' in it (quote the text, as in - \"Note: bring \\\"snacks\\\"\")",
            // A quoted value, and none: one error each, the same.
            "posts/e.yaml:7:5: error: this thread part is read as a key and its value ('Note' and 'see you'), because of the ': ' in it (quote the text, as in - \"Note: \\\"see you\\\"\")",
            "posts/e.yaml:8:5: error: this thread part is read as a key and its value ('Remember' and nothing), because it ends in ':' (quote the text, as in - \"Remember:\")",
            "posts/e.yaml:9:5: error: this thread part is read as a key and its value ('Later' and 'null'), because of the ': ' in it (quote the text, as in - \"Later: null\")",
        ])
        let plan = Planner.plan(.init(repository: repo.load(), state: .init(), now: Date(timeIntervalSince1970: 1_800_000_000), missingCredentials: [:]))
        #expect(plan.items.filter { ["a", "b", "c"].contains($0.post) }.map { "\($0.post) \($0.part) \($0.action) \($0.reason ?? "")" } == [
            "b 0 blocked unknown key 'body' in a thread part (herald calls it 'text')",
            "b 1 blocked unknown key 'body' in a thread part (herald calls it 'text')",
            "b 2 blocked unknown key 'body' in a thread part (herald calls it 'text')",
            "b 3 blocked unknown key 'body' in a thread part (herald calls it 'text')",
            "a 0 blocked unknown key 'date' in a post (herald calls it 'publish_at')",
            "c 0 blocked unknown key 'drafts' in a post (did you mean 'draft'?)",
        ])
    }

    /// A key people write for what a post has under another name, or in
    /// another place, gets a hint saying which; in a thread part too.
    @Test func keysWrittenUnderAnotherName() throws {
        let repo = try TempRepository([
            "posts/a.yaml": due + "accounts: [acme-x]\ntext: hi\nImage: media/a.png\ntags: ['#a']\nalt: a cat\nschedule: 2026-12-01\n",
            "posts/b.yaml": due + "accounts: [acme-x]\ntext: hi\nthread:\n  - text: two\n    publish_at: 2026-12-02T09:00:00Z\n    accounts: [acme-x]\n",
        ])
        #expect(repo.diagnostics() == [
            "posts/a.yaml:4:1: error: unknown key 'Image' in a post (herald calls it 'media')",
            "posts/a.yaml:5:1: error: unknown key 'tags' in a post (hashtags go in the text, or under 'hashtags' in a campaign, which adds them to each of its posts)",
            "posts/a.yaml:6:1: error: unknown key 'alt' in a post (alt text goes with its image: media: [{ path: media/a.png, alt: … }])",
            "posts/a.yaml:7:1: error: unknown key 'schedule' in a post (herald calls it 'publish_at')",
            "posts/b.yaml:6:5: error: unknown key 'publish_at' in a thread part (a thread goes out at once, each part a reply to the one before; "
                + "a part at a time of its own is a post of its own)",
            "posts/b.yaml:7:5: error: unknown key 'accounts' in a thread part (a thread part goes to its post's accounts; "
                + "one account's own parts are written under 'variants' as a thread of their own)",
        ])
        // A variant for an account named like a variant's key is a mapping, as any variant is: read as one.
        let named = try TempRepository(["posts/e.yaml": due + "accounts: [media]\ntext: hi\nvariants:\n  media: { text: hi press }\n"],
                                       accounts: TempRepository.defaultAccounts + "  media:\n    platform: mastodon\n    instance: https://press.example\n")
        #expect(named.diagnostics() == [])
        // Keys of another file: where they go.
        let elsewhere = try TempRepository([
            "herald.yaml": "timezone: UTC\naccounts:\n  acme-x: { platform: x }\nhashtags: ['#a']\n",
            "posts/a.yaml": due + "accounts: [acme-x]\ntext: hi\nvisibility: unlisted\ntimezone: UTC\n",
        ])
        #expect(elsewhere.diagnostics() == [
            "herald.yaml:2:1: error: unknown key 'accounts' in herald.yaml (accounts are defined in accounts.yaml, beside herald.yaml)",
            "herald.yaml:4:1: error: unknown key 'hashtags' in herald.yaml (hashtags go in a post's text, or under 'hashtags' in a campaign, which adds them to each of its posts)",
            "posts/a.yaml:4:1: error: unknown key 'visibility' in a post (visibility is an account's: set it under the account in accounts.yaml (Mastodon: public, unlisted or private))",
            "posts/a.yaml:5:1: error: unknown key 'timezone' in a post (the time zone is herald.yaml's, for every post; or write publish_at with its offset, as 2026-12-01T09:00:00+01:00)",
        ])
    }

    /// YAML 1.1's merge key reads as a key of its own: the error says so,
    /// once; the keys it would have merged in are not said to be missing too.
    @Test func mergeKeyIsNotSupported() throws {
        let repo = try TempRepository([
            "posts/a.yaml": due + "accounts: [acme-x, acme-mastodon]\ntext: hi\nvariants:\n  x: &v { text: short }\n  mastodon:\n    <<: *v\n",
            "posts/b.yaml": due + "accounts: [acme-x]\n<<: {text: hi}\n",
            "posts/c.yaml": "<<: [{publish_at: 2026-12-01T09:00:00Z}, {accounts: [acme-x]}]\ntext: hi\n",
        ])
        let error = "(merge keys ('<<: *anchor') are not supported: write the keys out)"
        #expect(repo.diagnostics() == [
            "posts/a.yaml:7:5: error: unknown key '<<' in variant 'mastodon' " + error,
            "posts/b.yaml:3:1: error: unknown key '<<' in a post " + error,
            "posts/c.yaml:1:1: error: unknown key '<<' in a post " + error,
        ])
    }

    @Test func missingPublishAt() throws {
        let repo = try TempRepository(["posts/a.yaml": "accounts: [acme-x]\ntext: hi\n"])
        #expect(repo.diagnostics() == [
            "posts/a.yaml:1:1: error: post has no publish_at (add 'publish_at:' and the time it goes out, in the form YYYY-MM-DDThh:mm:ss±hh:mm, or 'draft: true' to keep it unpublished)",
        ])
    }

    @Test func draftNeedsNoPublishAt() throws {
        let repo = try TempRepository(["posts/a.yaml": "draft: true\naccounts: [acme-x]\ntext: later\n"])
        #expect(repo.diagnostics() == [])
    }

    @Test func emptyTextAndEmptyThreadPart() throws {
        let repo = try TempRepository(["posts/a.yaml": due + "accounts: [acme-x]\ntext: \"\"\nthread:\n  - text: \"  \"\n"])
        #expect(repo.diagnostics() == [
            "posts/a.yaml:3:7: error: post has no text and no media for X (acme-x)",
            "posts/a.yaml:5:11: error: part 2/2 of the thread has no text and no media for X (acme-x)",
        ])
    }

    /// A thread written wholly under 'thread:' leaves the post's own text,
    /// its first part, empty: the hint says where the first part goes. A
    /// text written empty gets no such hint (above).
    @Test func aThreadWithNoTextOfItsOwnIsToldWhereItsFirstPartGoes() throws {
        let repo = try TempRepository(["posts/a.yaml": due + "accounts: [acme-x]\nthread:\n  - text: one\n  - text: two\n"])
        #expect(repo.diagnostics() == [
            "posts/a.yaml:1:1: error: post has no text and no media for X (acme-x) (the post's own text is the thread's first part, "
                + "and 'thread:' lists the replies after it: move the first entry of 'thread:' up to 'text:')",
        ])
    }

    /// A post with no accounts is pointed at where its list is written, when
    /// it is; an empty list in a post of a campaign replaces the campaign's
    /// accounts, and the hint says so. A value that is no list has its own
    /// error and no second one.
    @Test func postWithNoAccounts() throws {
        let repo = try TempRepository([
            "campaigns/winter.yaml": "name: Winter\naccounts: [acme-x]\n",
            "campaigns/bare.yaml": "name: Bare\n",
            "posts/a.yaml": due + "text: no key\n",
            "posts/b.yaml": due + "accounts: []\ntext: empty list\n",
            "posts/c.yaml": due + "campaign: winter\naccounts: []\ntext: empty list in a campaign\n",
            "posts/d.yaml": due + "accounts:\ntext: no value\n",
            "posts/e.yaml": due + "campaign: bare\ntext: a campaign with no accounts\n",
            // Entries that are no names: each its own error, and the list is not called empty.
            "posts/f.yaml": due + "accounts: [[acme-x], ~]\ntext: entries that are no names\n",
        ])
        #expect(repo.diagnostics() == [
            "posts/a.yaml:1:1: error: post targets no accounts (add 'accounts: [...]' or a campaign with accounts)",
            "posts/b.yaml:2:11: error: post targets no accounts: its list of accounts is empty",
            "posts/c.yaml:3:11: error: post targets no accounts: its list of accounts is empty (an empty list replaces the campaign's accounts; remove 'accounts' to use them)",
            "posts/d.yaml:2:10: error: accounts must be a list, found nothing",
            "posts/e.yaml:1:1: error: post targets no accounts (add 'accounts: [...]'; its campaign lists none)",
            "posts/f.yaml:2:12: error: each entry of accounts must be a string, found a list",
            "posts/f.yaml:2:22: error: each entry of accounts must be a string, found nothing (YAML reads a bare ~ as nothing: write a value, or leave the key out)",
        ])
    }

    /// `text: #launch day` is a text of nothing: YAML reads the unquoted
    /// '#' as a comment. Said once, at the '#', with the reason (a text
    /// left empty, `text:`, is named where libyaml places it, with a hint
    /// of its own); a
    /// text that is empty as written is still an empty part, and the part's
    /// other problems are still reported.
    @Test func aTextStartingWithAnUnquotedHashIsNothing() throws {
        let hint = "after a blank, an unquoted '#' starts a comment in YAML; quote the text, or write it on the lines after 'text: |'"
        let repo = try TempRepository([
            "posts/a.yaml": due + "accounts: [acme-mastodon]\ntext: #launch day\nthread:\n  - text: #two\n  - #three\n  - text: \"\"\n",
            "posts/b.yaml": due + "accounts: [acme-mastodon]\ntext: hi\nvariants:\n  mastodon:\n    text:\n",
            "posts/c.yaml": due + "accounts: [acme-mastodon]\ntext: #five\nmedia: [media/a.png, media/a.png, media/a.png, media/a.png, media/a.png]\n",
            // Characters past ASCII before it: libyaml's mark counts characters, the file is bytes.
            "posts/d.yaml": "# Café ☕ — the launch\n" + due + "accounts: [acme-mastodon]\ntext: #launch day\n",
            "media/a.png": String(decoding: TempRepository.png, as: UTF8.self),
        ])
        try repo.write("media/a.png", TempRepository.png)
        #expect(repo.diagnosticsBesidesAlt() == [
            "posts/a.yaml:3:7: error: text must be a string, found nothing (\(hint))",
            "posts/a.yaml:5:11: error: text must be a string, found nothing (\(hint))",
            "posts/a.yaml:6:5: error: thread part must be a string, found nothing (\(hint))",
            "posts/a.yaml:7:11: error: part 4/4 of the thread has no text and no media for Mastodon (acme-mastodon)",
            // Nothing written, and no comment: the hint does not speak of one.
            "posts/b.yaml:6:10: error: text must be a string, found nothing (nothing is written there: write the text on its line, "
                + "or on the lines after 'text: |', indented)",
            "posts/c.yaml:3:7: error: text must be a string, found nothing (\(hint))",
            "posts/c.yaml:4:61: error: post has 5 media files; Mastodon (acme-mastodon) takes at most 4",
            "posts/d.yaml:4:7: error: text must be a string, found nothing (\(hint))",
        ])
    }

    @Test func wrongTypes() throws {
        let repo = try TempRepository(["posts/a.yaml": due + "accounts: {x: 1}\ntext: [a, b]\ndraft: maybe\n"])
        #expect(repo.diagnostics() == [
            "posts/a.yaml:2:11: error: accounts must be a list, found a mapping",
            "posts/a.yaml:3:7: error: text must be a string, found a list (" + TempRepository.textAsList + ")",
            "posts/a.yaml:4:8: error: draft must be true or false, found 'maybe'",
        ])
    }

    @Test func trueAndFalseWrittenAnotherWay() throws {
        let repo = try TempRepository([
            "posts/a.yaml": due + "accounts: [acme-x]\ntext: hi\ndraft: yes\n",
            "posts/b.yaml": due + "accounts: [acme-x]\ntext: hi\ndraft: \"true\"\n",
            "posts/c.yaml": due + "accounts: [acme-x]\ntext: hi\ndraft: Off\n",
            "posts/d.yaml": due + "accounts: [acme-x]\ntext: hi\ndraft: 'FALSE'\n",
        ])
        #expect(repo.diagnostics() == [
            "posts/a.yaml:4:8: error: draft must be true or false, found 'yes' (write true, in lowercase and without quotes)",
            "posts/b.yaml:4:8: error: draft must be true or false, found 'true' (in quotes it is text: write true without quotes)",
            "posts/c.yaml:4:8: error: draft must be true or false, found 'Off' (write false, in lowercase and without quotes)",
            "posts/d.yaml:4:8: error: draft must be true or false, found 'FALSE' (in quotes it is text: write false without quotes)",
        ])
    }

    /// A tag changes what a value means in YAML: herald reads `!!str` (what
    /// it reads anyway) and no other, rather than publish base64 as text.
    /// YAML's words for nothing say how to write them as text. A text that
    /// is no string is one error, not also a post without text.
    @Test func tagsAndWordsForNothing() throws {
        let post = "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-mastodon]\n"
        let repo = try TempRepository([
            "posts/binary.yaml": post + "text: !!binary aGVsbG8=\n",
            "posts/custom.yaml": post + "text: hi\ncampaign: !vault spring\n",
            "posts/str.yaml": post + "text: !!str 1234\n",
            "posts/null.yaml": post + "text: null\n",
            // A time or a path is no text: quoting '~' would not help.
            "posts/nulltime.yaml": "publish_at: ~\naccounts: [acme-x]\ntext: hi\nmedia: ~\n",
            "posts/list.yaml": post + "text: [a, b]\n",
            // A true or false and a number take their own tags, and no other.
            "posts/bool.yaml": post + "text: hi\ndraft: !!bool false\n",
            "posts/boolstr.yaml": post + "text: hi\ndraft: !!str false\n",
        ])
        try repo.write("herald.yaml", "max_attempts: !!int 3\nconcurrency: !!float 2\n")
        #expect(repo.diagnostics() == [
            "herald.yaml:2:14: error: concurrency has the YAML tag '!!float', which herald does not read (remove the tag and write the value itself)",
            "posts/binary.yaml:3:7: error: text has the YAML tag '!!binary', which herald does not read (remove the tag and write the value itself)",
            "posts/boolstr.yaml:4:8: error: draft has the YAML tag '!!str', which herald does not read (remove the tag and write the value itself)",
            "posts/custom.yaml:4:11: error: campaign has the YAML tag '!vault', which herald does not read (remove the tag and write the value itself)",
            "posts/list.yaml:3:7: error: text must be a string, found a list (" + TempRepository.textAsList + ")",
            "posts/null.yaml:3:7: error: text must be a string, found nothing (YAML reads a bare null as nothing: quote it ('null') to write it as text)",
            "posts/nulltime.yaml:1:13: error: publish_at must be a string, found nothing (YAML reads a bare ~ as nothing: write a value, or leave the key out)",
            "posts/nulltime.yaml:4:8: error: media lists nothing (list the files under it, as in 'media: [media/launch.png]', or remove 'media:')",
        ])
    }

    @Test func emptyPostFile() throws {
        let repo = try TempRepository(["posts/a.yaml": "# nothing yet\n"])
        #expect(repo.diagnostics() == [
            "posts/a.yaml:1:1: error: post file is empty (a post needs at least 'text' and 'publish_at', or 'draft: true')",
        ])
    }

    /// Each campaign hashtag is checked where it is written: a tag needs its
    /// '#', no spaces and a name; a repeat (platforms ignore case) and a tag
    /// of digits alone, which platforms do not link, are warnings.
    @Test func campaignHashtags() throws {
        let repo = try TempRepository([
            "campaigns/w.yaml": """
                name: W
                hashtags:
                  - "#ok"
                  - herald
                  - "#spring sale"
                  - "#"
                  - "#ok"
                  - "#OK"
                  - "#2026"
                  - "#café"
                  - "#launch #herald"

                """,
        ])
        let comment = "after a blank, an unquoted '#' starts a comment in YAML; quote each hashtag, as in \"#launch\""
        let unquoted = try TempRepository([
            "campaigns/w.yaml": "name: W\nhashtags:\n  - #herald\n  - '#ci'\n",
            "campaigns/v.yaml": "name: V\nhashtags: #herald\n",
        ])
        #expect(unquoted.diagnostics() == [
            "campaigns/v.yaml:2:11: error: hashtags must be a list, found nothing (\(comment))",
            "campaigns/w.yaml:3:5: error: each entry of hashtags must be a string, found nothing (\(comment))",
        ])
        #expect(repo.diagnostics() == [
            "campaigns/w.yaml:4:5: error: hashtag 'herald' must start with '#' and contain no spaces (write '#herald')",
            "campaigns/w.yaml:5:5: error: hashtag '#spring sale' must start with '#' and contain no spaces (write '#springsale')",
            "campaigns/w.yaml:6:5: error: hashtag '#' has no name after the '#'",
            "campaigns/w.yaml:7:5: warning: hashtag '#ok' is listed twice; it is added once",
            "campaigns/w.yaml:8:5: warning: hashtag '#OK' is '#ok' again (platforms ignore a hashtag's case); it is added once",
            "campaigns/w.yaml:9:5: warning: hashtag '#2026' has no letter; platforms do not make a tag of digits alone a link",
            // Several hashtags in one entry: each goes in an entry of its own.
            "campaigns/w.yaml:11:5: error: hashtag '#launch #herald' must start with '#' and contain no spaces "
                + "(write each hashtag as an entry of its own: ['#launch', '#herald'])",
        ])
    }

    /// A hashtag list written over several lines takes an unquoted '#tag'
    /// for a comment, and drops it (and the rest of its line) without a
    /// syntax error: that is an error at the '#'. A comment after a blank is
    /// meant, and a commented-out account in a post's list is not a hashtag.
    @Test func hashtagTakenForACommentInAListOverLines() throws {
        let repo = try TempRepository([
            "campaigns/w.yaml": "name: W\nhashtags: [\n  \"#launch\",\n  #spring,\n  \"#sale\", #deals \"#x\"\n  # not this one\n]\n",
            "posts/a.yaml": due + "campaign: w\naccounts: [\n  acme-x,\n  #acme-mastodon\n]\ntext: hi\n",
        ])
        #expect(repo.diagnostics() == [
            "campaigns/w.yaml:4:3: error: '#spring' is a YAML comment here, not a hashtag: a '#' after a space starts a comment, which hides the rest of the line (quote it: '#spring')",
            "campaigns/w.yaml:5:12: error: '#deals' is a YAML comment here, not a hashtag: a '#' after a space starts a comment, which hides the rest of the line (quote it: '#deals')",
        ])
    }

    /// A language the platform does not know is dropped by it without a
    /// word (Mastodon leaves the post's language unset for `EN` or
    /// `english`, and reads `pt-br` as plain `pt`): a code in another case
    /// or a language's name is an error at the value.
    @Test func postLanguageIsACode() throws {
        let repo = try TempRepository([
            "posts/a.yaml": due + "accounts: [acme-mastodon]\ntext: hi\nlanguage: english\n",
            "posts/b.yaml": due + "accounts: [acme-mastodon]\ntext: hi\nlanguage: PT-br\n",
            "posts/c.yaml": due + "accounts: [acme-mastodon]\ntext: hi\nlanguage: en_US\n",
            "posts/d.yaml": due + "accounts: [acme-mastodon]\ntext: hi\nlanguage: pt-BR\n",
            "posts/e.yaml": due + "accounts: [acme-mastodon]\ntext: hi\nlanguage: ast\n",
            "posts/f.yaml": due + "accounts: [acme-mastodon]\ntext: hi\nlanguage: zh-Hant-TW\n",
        ])
        #expect(repo.diagnostics() == [
            "posts/a.yaml:4:11: error: language must be a language code such as 'en' or 'pt-BR' (ISO 639), found 'english'",
            "posts/b.yaml:4:11: error: language must be written 'pt-BR', found 'PT-br'",
            "posts/c.yaml:4:11: error: language must be a language code such as 'en' or 'pt-BR' (ISO 639), written with '-': 'en-US', found 'en_US'",
        ])
        #expect(repo.load().posts.compactMap(\.language?.value) == ["pt-BR", "ast", "zh-Hant-TW"])
    }

    @Test func variantMustNameAPlatformOrAccount() throws {
        let repo = try TempRepository(["posts/a.yaml": due + "accounts: [acme-x]\ntext: hi\nvariants:\n  twitter: { text: yo }\n  mastodon: { text: toot }\n"])
        #expect(repo.diagnostics() == [
            "posts/a.yaml:5:3: error: variant 'twitter' names no platform or account (did you mean 'x'?)",
            "posts/a.yaml:6:3: warning: variant 'mastodon' matches none of this post's accounts",
        ])
    }

    @Test func textOverTheLimitPointsAtTheVariant() throws {
        let long = String(repeating: "a", count: 281)
        let repo = try TempRepository(["posts/a.yaml": due + "accounts: [acme-x, acme-mastodon]\ntext: short\nvariants:\n  x:\n    text: \(long)\n"])
        let problems = repo.diagnostics()
        #expect(problems.count == 1)
        #expect(problems.first?.hasPrefix("posts/a.yaml:6:11: error: post is too long for X (acme-x): ") == true)
        // Only the X item is blocked; Mastodon still goes out.
        let loaded = repo.load()
        #expect(loaded.blocker(post: "a", account: "acme-x") != nil)
        #expect(loaded.blocker(post: "a", account: "acme-mastodon") == nil)
    }

    @Test func lengthIsCountedAfterLinkTagging() throws {
        // 293 graphemes before tagging; the UTM parameters add 52.
        let text = String(repeating: "a", count: 276) + " https://ex.com/b"
        let repo = try TempRepository([
            "campaigns/w.yaml": "name: W\naccounts: [acme-bluesky]\nlink_tagging: { utm_medium: social }\n",
            "posts/a.yaml": due + "campaign: w\ntext: \(text)\n",
        ])
        #expect(repo.diagnostics() == [
            // Where the limit falls in what is sent: inside the tagged link.
            "posts/a.yaml:3:7: error: post is too long for Bluesky (acme-bluesky): 345 graphemes, over Bluesky's limit of 300; "
                + "campaign 'w' adds 52 of them (its link tagging) (the first 300 characters fit, up to '…https://ex.com/b?utm_so')",
        ])
        let post = repo.load().posts[0]
        let bluesky = try #require(repo.load().account("acme-bluesky"))
        let tagged = ContentResolver.parts(of: post, for: bluesky, campaign: repo.load().campaigns["w"])[0].text
        #expect(tagged.hasSuffix("https://ex.com/b?utm_source=bluesky&utm_medium=social&utm_campaign=w"))
    }

    /// An `extra` parameter needs a name, and one that is a utm_ name in
    /// another case would tag links with a second, unread source; both are
    /// errors and left out. A utm_ name in extra replaces the one set above
    /// it, with a warning.
    @Test func linkTaggingExtraParameters() throws {
        let repo = try TempRepository([
            "campaigns/w.yaml": """
                name: W
                accounts: [acme-mastodon]
                link_tagging:
                  utm_medium: social
                  extra: { "": x, UTM_Source: newsletter, utm_medium: email, ref: "a&b" }

                """,
            "posts/a.yaml": due + "campaign: w\ntext: see https://ex.com/b\n",
        ])
        #expect(repo.diagnostics() == [
            "campaigns/w.yaml:5:12: error: a parameter in extra has no name (write it as 'name: value')",
            "campaigns/w.yaml:5:19: error: 'UTM_Source' would be a second utm_source parameter: analytics read 'utm_source' in lowercase"
                + " (write 'utm_source: newsletter' under link_tagging, not under extra)",
            "campaigns/w.yaml:5:43: warning: utm_medium is set both under link_tagging and in extra; the value in extra is used"
                + " (first defined at line 4; remove one of them)",
        ])
        let loaded = repo.load()
        let mastodon = try #require(loaded.account("acme-mastodon"))
        let tagged = ContentResolver.parts(of: loaded.posts[0], for: mastodon, campaign: loaded.campaigns["w"])[0].text
        #expect(tagged == "see https://ex.com/b?utm_source=mastodon&utm_medium=email&utm_campaign=w&ref=a%26b")
    }

    /// A control character reaches a text only through an escape in a
    /// double-quoted string; in a text, a thread part or an alt text it is an
    /// error at the escape that writes it. Tab and line breaks are text.
    @Test func controlCharactersInTexts() throws {
        let repo = try TempRepository([
            "posts/a.yaml": due + #"""
                accounts: [acme-mastodon]
                text: "launch\0day"
                thread:
                  - "tab\tand\r\nbreaks are fine"
                  - "bell\x07"
                media:
                  - { path: media/a.png, alt: "next\x85line" }

                """#,
        ])
        try repo.write("media/a.png", TempRepository.png)
        let hint = " (remove the escape that writes it)"
        #expect(repo.diagnostics() == [
            "posts/a.yaml:3:14: error: text contains U+0000, a control character that platforms reject or do not show" + hint,
            "posts/a.yaml:6:10: error: thread part contains U+0007, a control character that platforms reject or do not show" + hint,
            "posts/a.yaml:8:36: error: alt text contains U+0085, a control character that platforms reject or do not show" + hint,
        ])
    }

    /// Too long with what the campaign adds: the error says how much of it
    /// the campaign's hashtags and link tags are. Too long on its own: not.
    @Test func aLengthErrorSaysWhatTheCampaignAdds() throws {
        let words = String(repeating: "word ", count: 98) + "end."
        let repo = try TempRepository([
            "campaigns/c.yaml": "name: C\naccounts: [acme-mastodon]\nhashtags: ['#herald']\n",
            "posts/a.yaml": due + "campaign: c\ntext: \(words)\n",
            "posts/b.yaml": due + "campaign: c\ntext: \(words) \(words)\n",
        ])
        let diagnostics = repo.diagnostics()
        #expect(diagnostics.count == 2)
        #expect(diagnostics[0].hasPrefix("posts/a.yaml:3:7: error: post is too long for Mastodon (acme-mastodon): 503 characters, over Mastodon's limit of 500; "
            + "campaign 'c' adds 9 of them (its hashtags)"), "\(diagnostics)")
        #expect(!diagnostics[1].contains("campaign 'c' adds"), "\(diagnostics)")
    }

    /// X refuses a few characters whatever the length: the error says the
    /// post cannot go there, not that it is too long.
    @Test func characterXRefusesIsNotCalledLength() throws {
        let repo = try TempRepository([
            "posts/a.yaml": due + "accounts: [acme-x, acme-mastodon]\ntext: \"zero\\uFEFFwidth\"\n",
            "posts/b.yaml": due + "accounts: [acme-x]\ntext: \(String(repeating: "a", count: 281))\n",
        ])
        #expect(repo.diagnostics() == [
            "posts/a.yaml:3:7: error: post cannot go to X (acme-x): contains U+FEFF, which X does not accept",
            "posts/b.yaml:3:7: error: post is too long for X (acme-x): 281 weighted characters, over X's limit of 280 "
                + "(the first 280 characters fit, up to '…\(String(repeating: "a", count: 30))')",
        ])
    }

    @Test func everyProblemOfEveryFileAtOnceSorted() throws {
        let repo = try TempRepository([
            "posts/b.yaml": due + "accounts: [nobody]\ntext: hi\n",
            "posts/a.yaml": due + "accounts: [acme-x]\ntext: hi\ncolour: red\n",
            "campaigns/c.yaml": "name: C\nstarts: soon\n",
        ])
        #expect(repo.diagnostics() == [
            "campaigns/c.yaml:2:9: error: starts must be a date like 2026-11-25, found 'soon'",
            "posts/a.yaml:4:1: error: unknown key 'colour' in a post",
            "posts/b.yaml:2:12: error: unknown account 'nobody' (accounts.yaml defines acme-x, acme-mastodon, acme-bluesky)",
        ])
    }
}
