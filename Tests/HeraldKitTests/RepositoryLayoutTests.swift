import Foundation
import Testing
import HeraldTestSupport
@testable import HeraldKit

/// Where herald looks for files, and what it says of those it cannot use:
/// the trees' files and folders (names, links, cases), post ids from paths,
/// and the state folder herald.yaml names.
@Suite struct RepositoryLayoutTests {
    let due = "publish_at: 2026-12-01T09:00:00+01:00\n"

    /// A post named `.YAML` (or `.yaml ` with a blank after it) would never
    /// be read, so never published: said, without a line of it (it was not
    /// checked for secrets). Hidden files and files of other kinds are left alone.
    @Test func yamlFilesInAnotherCaseAreNotReadAndSaidSo() throws {
        let repo = try TempRepository([
            "posts/a.yaml": due + "accounts: [acme-x]\ntext: hello\n",
            "posts/2026/Launch.YAML": due + "accounts: [acme-x]\ntext: hello\n",
            "posts/b.Yml": "access_token: placeholder-literal-1234\n",
            "posts/.draft.YAML": "text: hidden\n",
            "posts/notes.md": "# notes\n",
            "posts/c.yaml ": due + "accounts: [acme-x]\ntext: hello\n",
            "campaigns/spring.YAML": "name: Spring\n",
        ])
        #expect(repo.diagnostics() == [
            "campaigns/spring.YAML:1:1: warning: not read: herald reads files ending in .yaml or .yml, in lower case (rename it to campaigns/spring.yaml)",
            "posts/2026/Launch.YAML:1:1: warning: not read: herald reads files ending in .yaml or .yml, in lower case (rename it to posts/2026/Launch.yaml)",
            "posts/b.Yml:1:1: warning: not read: herald reads files ending in .yaml or .yml, in lower case (rename it to posts/b.yml)",
            "posts/c.yaml :1:1: warning: not read: its name ends in a blank after the extension, and herald reads files ending in .yaml or .yml (rename it to posts/c.yaml)",
        ])
        let repository = repo.load()
        #expect(repository.posts.map(\.id) == ["a"])
        let printed = DiagnosticPrinter(format: .text, color: false, root: repo.root).render(repository.diagnostics)
        #expect(!printed.contains("placeholder-literal"))
        // Its lower-case name another file's, renamed as told it would replace that post: said.
        try repo.write("posts/a.YAML", due + "accounts: [acme-x]\ntext: another\n")
        try repo.write("posts/a.yml.txt", "text: notes\n")
        #expect(repo.diagnostics().filter { $0.hasPrefix("posts/a.") } == [
            "posts/a.YAML:1:1: warning: not read: herald reads files ending in .yaml or .yml, in lower case (posts/a.yaml is there already: "
                + "give it another name, or move its content into that file)",
            // a.yml beside a.yaml is the same id.
            "posts/a.yml.txt:1:1: warning: not read: herald reads files ending in .yaml or .yml (posts/a.yaml is there already: give it another name, "
                + "or move its content into that file)",
        ])
    }

    /// A post whose extension is mistyped (`.ymal`), saved by a text
    /// editor as `.yaml.txt`, or left without one would never be published
    /// either: said, with the name meant. Other files (`feed.xml`, notes, a
    /// `README` with no extension) are left alone.
    @Test func yamlFilesWithAMistypedExtensionAreNotReadAndSaidSo() throws {
        let repo = try TempRepository([
            "posts/a.yaml": due + "accounts: [acme-x]\ntext: hello\n",
            "posts/b.ymal": due + "accounts: [acme-x]\ntext: hello\n",
            "posts/c.yaml.txt": due + "accounts: [acme-x]\ntext: hello\n",
            "posts/2026/d": due + "accounts: [acme-x]\ntext: hello\n",
            "posts/feed.xml": "<feed/>\n",
            "posts/notes.md": "# notes\n",
            "posts/e.yam": due + "accounts: [acme-x]\ntext: hello\n",
            // With no extension, a file is said only if it reads like a post or a campaign.
            "posts/README": "# Posts\n\nOne file per post: see the text: key in the README.\n",
            "posts/LICENSE": "Permission is hereby granted, free of charge\n",
            "posts/empty": "",
            "campaigns/spring": "# spring\nname : Spring\n",
        ])
        #expect(repo.diagnostics() == [
            "campaigns/spring:1:1: warning: not read: herald reads files ending in .yaml or .yml (if it is a post or a campaign, rename it to campaigns/spring.yaml)",
            "posts/2026/d:1:1: warning: not read: herald reads files ending in .yaml or .yml (if it is a post or a campaign, rename it to posts/2026/d.yaml)",
            "posts/b.ymal:1:1: warning: not read: herald reads files ending in .yaml or .yml (if it is a post or a campaign, rename it to posts/b.yaml)",
            "posts/c.yaml.txt:1:1: warning: not read: herald reads files ending in .yaml or .yml (if it is a post or a campaign, rename it to posts/c.yaml)",
            "posts/e.yam:1:1: warning: not read: herald reads files ending in .yaml or .yml (if it is a post or a campaign, rename it to posts/e.yaml)",
        ])
        #expect(repo.load().posts.map(\.id) == ["a"])
    }

    @Test func stateDirectoryStaysInside() throws {
        let repo = try TempRepository(["herald.yaml": "state_dir: ../elsewhere\n"])
        #expect(repo.diagnostics() == ["herald.yaml:1:12: error: state_dir must stay inside the repository ('..' is not allowed)"])
        #expect(repo.load().settings.stateDirectoryUnknown?.location.description == "herald.yaml:1:12")
    }

    /// State in `.git` is never committed: lost with the CI checkout, and
    /// every post sent again by the next run. `.herald` is herald's own.
    /// The repository's top folder itself is a folder like any.
    @Test func stateDirectoryIsOneGitKeeps() throws {
        let repo = try TempRepository(["herald.yaml": "state_dir: .git/herald\n"])
        #expect(repo.diagnostics() == [
            "herald.yaml:1:12: error: state_dir is inside .git, which git does not commit: the records would be lost with the checkout, and every post sent again (use a folder git keeps, such as state)",
        ])
        try repo.write("herald.yaml", "state_dir: ./.herald\n")
        #expect(repo.diagnostics() == [
            "herald.yaml:1:12: error: state_dir is inside .herald, herald's own working folder (the sandbox's state is kept there) (use a folder git keeps, such as state)",
        ])
        #expect(repo.load().settings.stateDirectoryUnknown?.value == "state_dir in herald.yaml cannot be used")
        for usable in [".", "ops/.state", "git"] {
            try repo.write("herald.yaml", "state_dir: \(usable)\n")
            #expect(repo.diagnostics() == [])
            #expect(repo.load().settings.stateDirectoryUnknown == nil)
        }
        #expect(RepositoryLoader.settings(root: repo.root).stateDirectory == "git")
        // The top folder is inside the repository, not a link leading out of it.
        let store = StateStore(directory: repo.root + "/.", displayDirectory: ".", repositoryRoot: repo.root)
        #expect(store.read().folderProblem == nil)
    }

    /// herald.yaml that cannot be read may name another state folder than
    /// the default: its settings say the folder is not known, and the state
    /// read from it blocks every item (publish: nothing sent twice).
    @Test func stateFolderIsNotKnownWhenHeraldYAMLCannotBeRead() throws {
        let repo = try TempRepository(["herald.yaml": "state_dir: ops/state\nconcurrency: [2\n"])
        for (file, reason, at) in [
            ("state_dir: ops/state\nconcurrency: [2\n", "herald.yaml could not be read", "herald.yaml:2:14"),
            ("- state_dir: ops/state\n", "herald.yaml could not be read", "herald.yaml:1:1"),
            ("state_dir: [ops, state]\n", "state_dir in herald.yaml cannot be used", "herald.yaml:1:12"),
            ("state_dir:\n", "state_dir in herald.yaml cannot be used", "herald.yaml:1:11"),
            // Where the records are is not guessed from a misspelt key, nor picked from two.
            ("timezone: UTC\nstatedir: ops/state\n", "herald.yaml's 'statedir' may be meant as state_dir", "herald.yaml:2:1"),
            ("State_Dir: ops/state\n", "herald.yaml's 'State_Dir' may be meant as state_dir", "herald.yaml:1:1"),
            // Nor from another name for it.
            ("state_folder: ops/state\n", "herald.yaml's 'state_folder' may be meant as state_dir", "herald.yaml:1:1"),
            ("timezone: UTC\nRecords: ops/state\n", "herald.yaml's 'Records' may be meant as state_dir", "herald.yaml:2:1"),
            ("state_dir: state\nstate_dir: ops/state\n", "herald.yaml is ambiguous (duplicate key 'state_dir')", "herald.yaml:2:1"),
            // Nor from one under another key, or a merge key, which herald does not read. Before, the default folder was read.
            ("timezone: UTC\nherald:\n  state_dir: ops/state\n", "herald.yaml's 'state_dir' is not at the top of the file, where herald reads state_dir", "herald.yaml:3:3"),
            ("timezone: UTC\n<<: {state_dir: ops/state}\n", "herald.yaml's 'state_dir' is not at the top of the file, where herald reads state_dir", "herald.yaml:2:6"),
            ("defaults: &d {statedir: ops/state}\n", "herald.yaml's 'statedir' is not at the top of the file, where herald reads state_dir", "herald.yaml:1:15"),
        ] {
            try repo.write("herald.yaml", file)
            for settings in [repo.load().settings, RepositoryLoader.settings(root: repo.root)] {
                #expect(settings.stateDirectoryUnknown?.value == reason, "\(file)")
                #expect(settings.stateDirectoryUnknown?.location.description == at, "\(file)")
            }
        }
        // herald.yaml renamed (herald.yml, Herald.yaml): not read, and the state folder it names is not guessed. Before, the default folder was read.
        try FileManager.default.removeItem(atPath: repo.root + "/herald.yaml")
        for (name, file, unknown) in [("herald.yml", "state_dir: ops/state\n", true), ("Herald.yaml", "state_dir: [\n", true),
                                      ("herald.yml", "timezone: UTC\n", false), ("herald.yml", "state_dir: state\n", false)] {
            // Beside another misnamed one that names none (Herald.yaml sorts first): each is looked at. Before the re-check, only the first.
            try repo.write("HERALD.yaml", "timezone: UTC\n")
            defer { try? FileManager.default.removeItem(atPath: repo.root + "/HERALD.yaml") }
            try repo.write(name, file)
            defer { try? FileManager.default.removeItem(atPath: repo.root + "/" + name) }
            for settings in [repo.load().settings, RepositoryLoader.settings(root: repo.root)] {
                #expect(settings.stateDirectoryUnknown?.value == (unknown ? "\(name) is not read (herald reads herald.yaml), and it may name another state_dir" : nil), "\(name) \(file)")
                #expect(settings.stateDirectoryUnknown.map { $0.location.description == "\(name):1:1" } ?? true)
            }
        }
        try repo.write("herald.yaml", "timezone: Europe/Lndon\nstate_dir: ops/state\n")
        #expect(repo.load().settings.stateDirectoryUnknown == nil, "another key's error leaves the folder known")
        #expect(repo.load().settings.stateDirectory == "ops/state")
        // Another name for state_dir under another key is no state_dir (`state: on`). Before the re-check, it blocked every item.
        try repo.write("herald.yaml", "timezone: UTC\nnotifications: {state: on}\n")
        #expect(repo.load().settings.stateDirectoryUnknown == nil)
        try repo.write("herald.yaml", "")
        #expect(repo.load().settings.stateDirectoryUnknown == nil)
        // Other names for the other keys: told which, and the folder stays known.
        try repo.write("herald.yaml", "tz: UTC\njobs: 2\nretries: 3\ntimeout: 10\n")
        #expect(repo.load().settings.stateDirectoryUnknown == nil)
        #expect(repo.diagnostics() == [
            "herald.yaml:1:1: error: unknown key 'tz' in herald.yaml (herald calls it 'timezone')",
            "herald.yaml:2:1: error: unknown key 'jobs' in herald.yaml (herald calls it 'concurrency')",
            "herald.yaml:3:1: error: unknown key 'retries' in herald.yaml (herald calls it 'max_attempts')",
            "herald.yaml:4:1: error: unknown key 'timeout' in herald.yaml (herald calls it 'request_timeout')",
        ])
    }

    @Test func postIDsAreUnique() throws {
        let repo = try TempRepository([
            "posts/a.yaml": due + "accounts: [acme-x]\ntext: one\n",
            "posts/a.yml": due + "accounts: [acme-x]\ntext: two\n",
        ])
        #expect(repo.diagnostics() == [
            "posts/a.yml:1:1: error: post id 'a' is also used by posts/a.yaml (a post's id is its path under posts/ without .yaml or .yml)",
        ])
    }

    /// Anything named like a post is reported, never skipped: a FIFO in
    /// posts/ would otherwise vanish from the plan without a word.
    @Test func specialFileNamedLikeAPostIsReported() throws {
        let repo = try TempRepository(["posts/a.yaml": due + "accounts: [acme-x]\ntext: hi\n"])
        #expect(mkfifo(repo.root + "/posts/pipe.yaml", 0o600) == 0)
        try FileManager.default.createDirectory(atPath: repo.root + "/posts/folder.yaml", withIntermediateDirectories: false)
        #expect(mkfifo(repo.root + "/posts/other", 0o600) == 0)
        #expect(repo.diagnostics() == ["posts/pipe.yaml:1:1: error: not a regular file"])
        #expect(repo.load().posts.map(\.id) == ["a"])
    }

    /// A name starting with a combining mark keeps it: cut as characters,
    /// `/` and the mark are one, and `ำthai` would be the id `thai`.
    @Test func postIDIsPathUnderPosts() throws {
        let repo = try TempRepository([
            "posts/2026/q4/launch.yaml": due + "accounts: [acme-x]\ntext: hi\n",
            "posts/\u{E33}thai.yaml": due + "accounts: [acme-x]\ntext: hi\n",
            "posts/thai.yml": due + "accounts: [acme-x]\ntext: hi\n",
        ])
        #expect(repo.load().posts.map(\.id) == ["2026/q4/launch", "thai", "\u{E33}thai"])
        #expect(repo.diagnostics().isEmpty)
    }

    /// A file of the repository that is a symbolic link to a file outside
    /// it is not read: a pull request could otherwise show any file of the
    /// CI machine in its diagnostics. A link inside the repository is read.
    @Test func repositoryFilesLinkingOutsideAreNotRead() throws {
        let outside = try TempDirectory()
        try outside.write("private.yaml", "text: the content of a file outside\nplaceholder: private words\n")
        let repo = try TempRepository([
            "posts/a.yaml": due + "accounts: [acme-mastodon]\ntext: hi\n",
            "shared/b.yaml": due + "accounts: [acme-mastodon]\ntext: kept in another folder of the repository\n",
        ])
        for link in ["posts/out.yaml", "campaigns/out.yaml", "contacts/out.yaml", "herald.yaml"] {
            try FileManager.default.createDirectory(atPath: repo.root + "/" + (link as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            #expect(symlink(outside.root + "/private.yaml", repo.root + "/" + link) == 0)
        }
        #expect(symlink("../shared/b.yaml", repo.root + "/posts/b.yaml") == 0)
        let content = repo.load()
        let message = "error: the file is a symbolic link that leads outside the repository; herald reads only files inside it"
        #expect(content.diagnostics.map(TempRepository.describe) == [
            "campaigns/out.yaml:1:1: " + message, "contacts/out.yaml:1:1: " + message, "herald.yaml:1:1: " + message,
            "posts/out.yaml:1:1: " + message,
        ])
        #expect(content.posts.map(\.id) == ["a", "b"])
        #expect(content.invalidPosts["out"] != nil)
        #expect(RepositoryLoader.settings(root: repo.root).stateDirectory == "state")
        // Nor is a line of it printed under the error.
        let printed = DiagnosticPrinter(format: .text, color: false, root: repo.root).render(content.diagnostics)
        #expect(!printed.contains("the content of a file outside"), "\(printed)")
    }

    /// A post file that is a link to another post file would be the same
    /// post under a second id, published twice: an error, and the link is
    /// not read. A link to a file elsewhere in the repository is a post
    /// (above); the file it links to keeps its own id.
    @Test func aLinkToAnotherPostFileIsAnError() throws {
        let repo = try TempRepository(["posts/real/r.yaml": due + "accounts: [acme-mastodon]\ntext: hi\n",
                                       "shared/x.yaml": due + "accounts: [acme-mastodon]\ntext: shared\n"])
        #expect(symlink("real/r.yaml", repo.root + "/posts/latest.yaml") == 0)
        #expect(symlink("latest.yaml", repo.root + "/posts/chained.yaml") == 0)
        // Two links to one file elsewhere: the first is its post, the second that post again.
        #expect(symlink("../shared/x.yaml", repo.root + "/posts/one.yaml") == 0)
        #expect(symlink("../shared/x.yaml", repo.root + "/posts/two.yaml") == 0)
        let content = repo.load()
        let message = "a post of its own: the same post would be published twice"
        #expect(content.diagnostics.map(TempRepository.describe) == [
            "posts/chained.yaml:1:1: error: the file is a symbolic link to posts/real/r.yaml, \(message), as 'chained' and as 'real/r' (delete the link: a post's id is its file's path)",
            "posts/latest.yaml:1:1: error: the file is a symbolic link to posts/real/r.yaml, \(message), as 'latest' and as 'real/r' (delete the link: a post's id is its file's path)",
            "posts/two.yaml:1:1: error: the file is a symbolic link to shared/x.yaml, as posts/one.yaml is: the same post would be published twice, as 'two' and as 'one' (delete the link: a post's id is its file's path)",
        ])
        #expect(content.posts.map(\.id) == ["one", "real/r"])
    }

    /// So it is where posts/ is itself a link (to content/posts): the file
    /// linked to is compared by where it is, as the link's target is. Before,
    /// the two paths never matched, and the post went out twice.
    @Test func aLinkToAnotherPostFileIsAnErrorInALinkedPostsFolder() throws {
        let repo = try TempRepository(["content/posts/a.yaml": due + "accounts: [acme-mastodon]\ntext: hello once\n"])
        #expect(symlink("content/posts", repo.root + "/posts") == 0)
        #expect(symlink("a.yaml", repo.root + "/content/posts/b.yaml") == 0)
        #expect(symlink("../posts/a.yaml", repo.root + "/content/posts/c.yaml") == 0)
        let content = repo.load()
        let message = "a post of its own: the same post would be published twice"
        #expect(content.diagnostics.map(TempRepository.describe) == [
            "posts/b.yaml:1:1: error: the file is a symbolic link to posts/a.yaml, \(message), as 'b' and as 'a' (delete the link: a post's id is its file's path)",
            "posts/c.yaml:1:1: error: the file is a symbolic link to posts/a.yaml, \(message), as 'c' and as 'a' (delete the link: a post's id is its file's path)",
        ])
        #expect(content.posts.map(\.id) == ["a"])
    }

    /// A file that is a symbolic link to nothing says where it leads. A
    /// herald.yaml or accounts.yaml linked to nothing is not taken as no file:
    /// a herald.yaml naming another state folder would be read as the
    /// default one, where every published post would look new.
    @Test func filesLinkingToNothingSayWhereTheyLead() throws {
        let repo = try TempRepository(["posts/a.yaml": due + "accounts: [acme-mastodon]\ntext: hi\n"], accounts: nil)
        try FileManager.default.createDirectory(atPath: repo.root + "/campaigns", withIntermediateDirectories: true)
        for (link, target) in [("herald.yaml", "../shared/herald.yaml"), ("accounts.yaml", "gone.yaml"),
                               ("posts/b.yaml", "nowhere.yaml"), ("campaigns/c.yaml", "/nonexistent/c.yaml")] {
            #expect(symlink(target, repo.root + "/" + link) == 0)
        }
        let content = repo.load()
        #expect(content.diagnostics.map(TempRepository.describe) == [
            "accounts.yaml:1:1: error: the file is a symbolic link to 'gone.yaml', which does not exist",
            "campaigns/c.yaml:1:1: error: the file is a symbolic link to '/nonexistent/c.yaml', which does not exist",
            "herald.yaml:1:1: error: the file is a symbolic link to '../shared/herald.yaml', which does not exist",
            "posts/a.yaml:2:12: error: account 'acme-mastodon' cannot be used: accounts.yaml has an error in it "
                + "(accounts.yaml:1:1: the file is a symbolic link to 'gone.yaml', which does not exist)",
            "posts/b.yaml:1:1: error: the file is a symbolic link to 'nowhere.yaml', which does not exist",
        ])
        #expect(content.settings.stateDirectoryUnknown != nil)
        #expect(RepositoryLoader.settings(root: repo.root).stateDirectoryUnknown != nil)
    }

    /// A tree that is a link to a folder outside the repository is not read
    /// (one inside it is); a link to a folder within a tree is not followed,
    /// and said, since its posts would otherwise never be published.
    @Test func foldersLinkingOutsideAreNotRead() throws {
        let outside = try TempDirectory()
        try outside.write("c.yaml", due + "accounts: [acme-mastodon]\ntext: the content of a file outside\n")
        let repo = try TempRepository([
            "content/posts/a.yaml": due + "accounts: [acme-mastodon]\ntext: hi\n",
            "content/posts/linked/b.yaml": due + "accounts: [acme-mastodon]\ntext: hi\n",
        ])
        #expect(symlink(outside.root, repo.root + "/campaigns") == 0)
        #expect(symlink("content/posts", repo.root + "/posts") == 0)
        #expect(symlink(outside.root, repo.root + "/content/posts/elsewhere") == 0)
        #expect(symlink("linked", repo.root + "/content/posts/again") == 0)
        // A tree that is no folder, or a link to nowhere, would leave its posts out: an error too.
        try repo.write("contacts", "not a folder\n")
        #expect(symlink("content/nowhere", repo.root + "/messages") == 0)
        let content = repo.load()
        #expect(content.diagnostics.map(TempRepository.describe) == [
            "campaigns:1:1: error: campaigns/ is a symbolic link that leads outside the repository (to \(outside.root)); herald reads only files inside it",
            "contacts:1:1: error: contacts is not a folder; herald reads the files in a folder of that name",
            "messages:1:1: error: messages/ is a symbolic link that leads nowhere: No such file or directory",
            // One to a folder of the tree is read where it is: its files linked one by one would be its posts twice.
            "posts/again:1:1: warning: not followed: a symbolic link to posts/linked, which herald reads where it is (delete the link: through it, its posts would have a second id)",
            "posts/elsewhere:1:1: warning: not read: a symbolic link to a folder, which herald does not follow (move the folder here, or link its files one by one)",
        ])
        #expect(content.posts.map(\.id) == ["a", "linked/b"])
        #expect(content.campaigns.isEmpty)
        let printed = DiagnosticPrinter(format: .text, color: false, root: repo.root).render(content.diagnostics)
        #expect(!printed.contains("the content of a file outside"), "\(printed)")
    }

    /// A name that is not UTF-8 cannot be a post's id: the file, or the
    /// folder and everything in it, is an error rather than left out
    /// without a word (its posts would never be published). A file of
    /// another kind is left alone, as any is.
    @Test func namesThatAreNotUTF8AreSaid() throws {
        let repo = try TempRepository(["posts/a.yaml": due + "accounts: [acme-mastodon]\ntext: hi\n"])
        let post = Array((due + "accounts: [acme-mastodon]\ntext: hi\n").utf8)
        func create(_ name: [UInt8], folder: Bool = false) {
            let path = Array((repo.root + "/posts/").utf8) + name + [0]
            path.withUnsafeBufferPointer { raw in
                raw.withMemoryRebound(to: CChar.self) { path in
                    if folder { #expect(mkdir(path.baseAddress!, 0o755) == 0); return }
                    let fd = open(path.baseAddress!, O_WRONLY | O_CREAT, 0o644)
                    #expect(fd >= 0)
                    #expect(write(fd, post, post.count) == post.count)
                    close(fd)
                }
            }
        }
        create(Array("launch-".utf8) + [0xE9] + Array(".yaml".utf8))     // Latin-1 é
        create(Array("caf".utf8) + [0xC3] + Array(".yml".utf8))           // a cut-off sequence
        create(Array("notes-".utf8) + [0xFF] + Array(".md".utf8))
        create(Array("2026-".utf8) + [0xE9, 0x05], folder: true)
        create(Array("2026-".utf8) + [0xE9, 0x05] + Array("/b.yaml".utf8))
        #expect(repo.diagnostics() == [
            "posts/2026-\\xE9\u{05}:1:1: error: not read, nor anything in it: its name is not UTF-8 text, and herald names a post by its path (rename it in UTF-8)",
            "posts/caf\\xC3.yml:1:1: error: not read: its name is not UTF-8 text, and herald names a post by its path (rename it in UTF-8)",
            "posts/launch-\\xE9.yaml:1:1: error: not read: its name is not UTF-8 text, and herald names a post by its path (rename it in UTF-8)",
        ])
        #expect(repo.load().posts.map(\.id) == ["a"])
        // A control character in a name is the printer's to show (as \x05, not raw).
        let printed = DiagnosticPrinter(format: .text, color: false, root: repo.root).render(repo.load().diagnostics)
        #expect(printed.contains("posts/2026-\\xE9\\x05:1:1: error: not read, nor anything in it"), "\(printed)")
    }

    /// An id holding a character that shows as a blank or as nothing: the
    /// plan, the state and herald's commands would name a post a person
    /// cannot tell apart. A space is a space, and a letter with an accent
    /// is a letter.
    @Test func anIdWithACharacterThatShowsAsNothingIsWarnedOf() throws {
        let post = "publish_at: 2026-11-20T09:00:00Z\naccounts: [acme-mastodon]\ntext: hi\n"
        let repo = try TempRepository(["posts/z\u{200B}w.yaml": post, "posts/n\u{A0}b.yaml": post, "posts/caf\u{E9}.yaml": post, "posts/a b.yaml": post])
        let hint = " (rename the file without it: the plan, the state and herald's commands name the post by its id)"
        #expect(repo.diagnostics() == [
            "posts/n\u{A0}b.yaml:1:1: warning: post id 'n\u{A0}b' holds U+00A0, which shows as a blank or as nothing" + hint,
            "posts/z\u{200B}w.yaml:1:1: warning: post id 'z\u{200B}w' holds U+200B, which shows as a blank or as nothing" + hint,
        ])
    }

    /// Ids that differ only in case (a file or a folder): Linux keeps both
    /// and both are published, but a Mac's or Windows' checkout holds one,
    /// and the other's records would show it gone. A warning, at the later.
    @Test func idsThatDifferOnlyInCaseAreWarnedOf() throws {
        let post = "publish_at: 2026-11-20T09:00:00Z\naccounts: [acme-mastodon]\ntext: hi\n"
        let repo = try TempRepository(["posts/Launch.yaml": post, "posts/launch.yaml": post, "posts/Dir/x.yaml": post, "posts/dir/x.yaml": post,
                                       "posts/\u{C9}t\u{E9}.yaml": post, "posts/\u{E9}t\u{E9}.yaml": post, "posts/Other.yaml": post])
        let said = ": a checkout on a Mac or on Windows, whose disks ignore case, holds one of the two files (rename one of them)"
        #expect(repo.diagnostics() == [
            "posts/dir/x.yaml:1:1: warning: post id 'dir/x' differs from 'Dir/x' only in case" + said,
            "posts/launch.yaml:1:1: warning: post id 'launch' differs from 'Launch' only in case" + said,
            "posts/\u{E9}t\u{E9}.yaml:1:1: warning: post id '\u{E9}t\u{E9}' differs from '\u{C9}t\u{E9}' only in case" + said,
        ])
        #expect(repo.load().posts.count == 7)
    }

    /// `café` spelt with `é` and with `e` and a combining accent: two files
    /// (Linux keeps both) whose ids herald compares as equal. Both were
    /// published, as one post, and recorded under the same id: now neither
    /// goes out, and the error says why the names look the same.
    @Test func namesInAnotherUnicodeFormAreTheSameId() throws {
        let repo = try TempRepository([
            "posts/caf\u{E9}.yaml": due + "accounts: [acme-mastodon]\ntext: one\n",
            "posts/other.yaml": due + "accounts: [acme-mastodon]\ntext: three\n",
        ])
        // Not in the literal above: a dictionary takes the two for one key, as herald did.
        try repo.write("posts/cafe\u{301}.yaml", due + "accounts: [acme-mastodon]\ntext: two\n")
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: repo.root + "/posts").map { Array($0.utf8) }).count == 3)
        let problems = repo.diagnostics()
        #expect(problems == [
            "posts/cafe\u{301}.yaml:1:1: error: post id 'cafe\u{301}' is also used by posts/caf\u{E9}.yaml: the two names are the same letters in different Unicode forms "
                + "(this one is cafe\\u0301, the other caf\\u00E9): composed, or with combining marks (rename one of them)",
        ])
        let loaded = repo.load()
        #expect(loaded.blocker(post: "caf\u{E9}", account: "acme-mastodon") != nil)
        #expect(loaded.blocker(post: "other", account: "acme-mastodon") == nil)
    }

    /// `posts` linking to the repository itself would read accounts.yaml
    /// and every other file as posts.
    @Test func aTreeLinkingToTheRepositoryItselfIsNotRead() throws {
        let repo = try TempRepository(["content/a.yaml": due + "accounts: [acme-mastodon]\ntext: hi\n"])
        #expect(symlink(".", repo.root + "/posts") == 0)
        let content = repo.load()
        #expect(content.diagnostics.map(TempRepository.describe) == [
            "posts:1:1: error: posts/ is a symbolic link to the repository itself; herald reads the files of a folder inside it",
        ])
        #expect(content.posts.isEmpty)
    }

    /// herald's names written otherwise (`Posts/`, `herald.yml`,
    /// `Accounts.yaml`, `post/`) where the name itself is missing are not read: a
    /// warning at each, since a Mac's disk that ignores case finds them and
    /// CI on Linux publishes nothing.
    @Test func heraldsNamesWrittenOtherwiseAreWarnedOf() throws {
        let repo = try TempRepository([
            "Posts/a.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: hi\n",
            "herald.yml": "timezone: UTC\n",
            "Campaigns/c.yaml": "name: C\n",
            "campaigns/d.yaml": "name: D\n",
            // Posts name their media by any path: a Media/ folder is no misspelt name.
            "Media/a.png": "x",
        ])
        #expect(repo.diagnostics() == [
            "Posts/:1:1: warning: not read: herald reads posts/, in lower case (a disk that ignores case finds it; CI on Linux does not) (rename Posts/ to posts/)",
            "herald.yml:1:1: warning: not read: herald reads herald.yaml (rename it to herald.yaml)",
        ])
        // The singular is herald's name written otherwise too.
        let singular = try TempRepository(["post/a.yaml": "text: hi\n", "campaign/c.yaml": "name: C\n"])
        #expect(singular.diagnostics() == [
            "campaign/:1:1: warning: not read: herald reads campaigns/ (rename campaign/ to campaigns/)",
            "post/:1:1: warning: not read: herald reads posts/ (rename post/ to posts/)",
        ])
        // A folder holding only such names is no repository, and says what it holds.
        let only = try TempRepository(["Posts/a.yaml": "text: hi\n"], accounts: nil)
        #expect(RepositoryLoader.notARepository(only.root) == "\(only.root) is not a herald repository: it has no accounts.yaml, herald.yaml, posts/ or campaigns/ "
            + "(Posts/ is here: herald reads posts/)")
    }

    /// An extension with a letter typed twice (`.yamll`) is a mistyped
    /// `.yaml` as `.ymal` is: said, or the post would never go out and
    /// nothing would tell why.
    @Test func aYamlExtensionWithALetterTypedTwiceIsSaid() throws {
        let repo = try TempRepository(["posts/a.yamll": due + "accounts: [acme-x]\ntext: hello\n"])
        #expect(repo.diagnostics() == [
            "posts/a.yamll:1:1: warning: not read: herald reads files ending in .yaml or .yml (if it is a post or a campaign, rename it to posts/a.yaml)",
        ])
    }
}
