import Foundation
import HeraldTestSupport
import Testing
@testable import HeraldKit

/// Where the state folder is: led to by a link, to nothing or outside the
/// repository, left behind by a changed state_dir, or a file.
extension StateTests {
    /// A state folder that leads outside the repository through a link is
    /// not written: the lock, taken before any write, is refused. Nor is it
    /// read: its records are not this repository's.
    @Test func aStateFolderLeadingOutsideIsNeitherReadNorWritten() async throws {
        let repo = try TempRepository()
        let outside = try TempDirectory()
        try outside.write("acme-x.state", "herald-state 1 account=acme-x\n2026-12-01T08:00:00Z published post=a part=0 hash=h id=1\n")
        try FileManager.default.createSymbolicLink(atPath: repo.root + "/state", withDestinationPath: outside.root)
        let store = StateStore(directory: repo.root + "/state", displayDirectory: "state", repositoryRoot: repo.root)
        await #expect(throws: StateError.self) { try await store.lock(timeout: .seconds(1)) }
        await #expect(throws: StateError.self) { try await store.lockIfPresent(timeout: .seconds(1)) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside.root) == ["acme-x.state"])
        let snapshot = store.read()
        #expect(snapshot["acme-x", "a", 0] == nil)
        #expect(snapshot.accounts.isEmpty)
        #expect(snapshot.diagnostics.map(TempRepository.describe) == [
            "state:1:1: error: state leads outside the repository (to \(outside.root)) through a symbolic link "
                + "(herald keeps state only inside the repository: replace the link with a copy of the folder it leads to, records and all "
                + "(rm state && cp -R \(outside.root) state); nothing is published until then)",
        ])
        #expect(snapshot.folderProblem?.what == "the state folder state leads outside the repository; nothing is published until it is a folder inside it, holding the records it led to")
        #expect(snapshot.folderProblem?.location?.description == "state:1:1")
        // Its command, run as printed in the repository, keeps the records the link led to.
        let command = try #require(snapshot.diagnostics.first?.hint?.firstMatch(of: /\((rm .*)\);/)?.1)
        #expect(try runShell(String(command), in: repo.root) == 0)
        #expect(store.read()["acme-x", "a", 0]?.published?.remoteID == "1")
        // A link that stays inside the repository is a folder like any other.
        try FileManager.default.removeItem(atPath: repo.root + "/state")
        try FileManager.default.createDirectory(atPath: repo.root + "/kept", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: repo.root + "/state", withDestinationPath: repo.root + "/kept")
        let lock = try await store.lock(timeout: .seconds(1))
        lock.release()
        #expect(store.read().folderProblem == nil)
        #expect(store.read().diagnostics.isEmpty)
    }

    /// A state folder reached through a symbolic link to nothing (a state
    /// kept in another checkout, missing from this one) is not an absent
    /// folder: read as one, every post would look new. It blocks, says
    /// where the link leads, and the lock refuses to make a folder there.
    @Test func aStateFolderReachedThroughALinkToNothingBlocks() async throws {
        let repo = try TempRepository()
        try FileManager.default.createDirectory(atPath: repo.root + "/data", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: repo.root + "/records", withDestinationPath: "../state-checkout/records")
        try FileManager.default.createSymbolicLink(atPath: repo.root + "/data/x", withDestinationPath: "nowhere")
        for (folder, link, target) in [("records", "records", "../state-checkout/records"), ("data/x/state", "data/x", "nowhere")] {
            let store = StateStore(directory: repo.root + "/" + folder, displayDirectory: folder, repositoryRoot: repo.root)
            let snapshot = store.read()
            #expect(snapshot.diagnostics.map(TempRepository.describe) == [
                "\(link):1:1: error: \(link) is a symbolic link to '\(target)', which does not exist (the state folder \(folder) is reached "
                    + "through it; nothing is published until the folder it leads to is there, or the link is replaced by a folder holding the records it led to)",
            ])
            #expect(snapshot.folderProblem?.what == "the state folder \(folder) is reached through a symbolic link to nothing; nothing is published until it leads to a folder")
            await #expect(throws: StateError.self) { try await store.lock(timeout: .seconds(1)) }
            await #expect(throws: StateError.self) { try await store.lockIfPresent(timeout: .seconds(1)) }
        }
        #expect(!FileManager.default.fileExists(atPath: repo.root + "/data/nowhere"))
    }

    /// state_dir changed in herald.yaml and the records left where they
    /// were: the folder it names holds none (missing, or empty) while
    /// another at the top of the repository holds herald's. Read as none,
    /// every published post would look new: it blocks and says what to do.
    /// The sandbox's folder, and a file `.state` that is not herald's, do not count.
    @Test func recordsLeftInTheFolderOfAnEarlierStateDirBlock() throws {
        let repo = try TempRepository([
            "state/acme-x.state": "herald-state 1 account=acme-x\n2026-12-01T08:00:00Z published post=a part=0 hash=h id=1\n",
            "notes/plan.state": "not herald's\n",
        ])
        let hint = "state_dir in herald.yaml names records: move the records there (mkdir -p records && mv state/*.state records/), or set state_dir: state; "
            + "nothing is published until then"
        let store = StateStore(directory: repo.root + "/records", displayDirectory: "records", repositoryRoot: repo.root, isConfigured: true)
        for make in [false, true] {
            if make { try FileManager.default.createDirectory(atPath: repo.root + "/records", withIntermediateDirectories: true) }
            let snapshot = store.read()
            #expect(snapshot.diagnostics.map(TempRepository.describe) == ["records:1:1: error: the state folder records holds no records, but state/ holds herald's (\(hint))"])
            #expect(snapshot.folderProblem?.what == "the state folder records holds no records, but state/ holds herald's; nothing is published until they are in one folder")
        }
        // Run from elsewhere (`herald -C 'my site' plan`): the command runs in the repository, where its glob means something.
        var named = store
        named.commandRepository = "my site"
        #expect(named.read().diagnostics.first?.hint
                == "state_dir in herald.yaml names records: move the records there (cd \"my site\" && mkdir -p records && mv state/*.state records/), "
                + "or set state_dir: state; nothing is published until then")
        // The sandbox's folder is not the one herald.yaml names.
        let sandbox = StateStore(directory: repo.root + "/.herald/sandbox/state", displayDirectory: ".herald/sandbox/state", repositoryRoot: repo.root)
        #expect(sandbox.read().folderProblem == nil)
        // Moved: read as usual.
        try FileManager.default.moveItem(atPath: repo.root + "/state/acme-x.state", toPath: repo.root + "/records/acme-x.state")
        let moved = store.read()
        #expect(moved.folderProblem == nil && moved.diagnostics.isEmpty)
        #expect(moved["acme-x", "a", 0]?.published?.remoteID == "1")
        // Only a file that is not herald's elsewhere: nothing to say.
        try FileManager.default.removeItem(atPath: repo.root + "/records/acme-x.state")
        #expect(store.read().folderProblem == nil)
    }

    /// Records in a hidden folder (`state_dir: .herald-state`, the line
    /// then lost from herald.yaml) count as well: before, hidden folders
    /// were passed over, and every published post looked new. git's own
    /// folder does not count.
    @Test func recordsLeftInAHiddenFolderBlock() throws {
        let repo = try TempRepository([
            ".herald-state/acme-x.state": "herald-state 1 account=acme-x\n2026-12-01T08:00:00Z published post=a part=0 hash=h id=1\n",
            ".git/acme-x.state": "herald-state 1 account=acme-x\n",
        ])
        let store = StateStore(directory: repo.root + "/state", displayDirectory: "state", repositoryRoot: repo.root, isConfigured: true)
        #expect(store.read().folderProblem?.what == "the state folder state holds no records, but .herald-state/ holds herald's; nothing is published until they are in one folder")
        try FileManager.default.removeItem(atPath: repo.root + "/.herald-state")
        #expect(store.read().folderProblem == nil)
    }

    /// Records in a folder below the top (`state_dir: data/records`, then
    /// written `Data/records`, or with a blank after it): found, three
    /// folders deep at most; the sandbox's records under .herald are not.
    /// Before, only folders at the top were looked at, and every post looked new.
    @Test func recordsLeftInANestedFolderBlock() throws {
        let repo = try TempRepository([
            "data/records/acme-x.state": "herald-state 1 account=acme-x\n2026-12-01T08:00:00Z published post=a part=0 hash=h id=1\n",
            ".herald/sandbox/state/acme-x.state": "herald-state 1 account=acme-x\n",
        ])
        let store = StateStore(directory: repo.root + "/Data/records", displayDirectory: "Data/records", repositoryRoot: repo.root, isConfigured: true)
        #expect(store.read().folderProblem?.what
                == "the state folder Data/records holds no records, but data/records/ holds herald's; nothing is published until they are in one folder")
        try FileManager.default.removeItem(atPath: repo.root + "/data")
        #expect(store.read().folderProblem == nil)
        // Another repository's records, deeper (vendored, a test's fixtures): not this one's. Before the re-check, they blocked.
        try repo.write("vendor/other/state/their-x.state", "herald-state 1 account=their-x\n2026-12-01T08:00:00Z published post=a part=0 hash=h id=1\n")
        let plain = StateStore(directory: repo.root + "/state", displayDirectory: "state", repositoryRoot: repo.root, isConfigured: true)
        #expect(plain.read().folderProblem == nil)
        // This repository's own records under another name, deeper (ops/records/ after state_dir changed): they block.
        // Before the re-check, every published post looked new.
        try repo.write("ops/records/acme-mastodon.state", "herald-state 1 account=acme-mastodon\n2026-12-01T08:00:00Z published post=a part=0 hash=h id=1\n")
        #expect(plain.read().folderProblem?.what == "the state folder state holds no records, but ops/records/ holds herald's; nothing is published until they are in one folder")
    }

    /// A state folder that is a file (or inside one) holds no records that
    /// can be read: every post would look new. It blocks, and nothing of
    /// the file is quoted. A folder not made yet is no problem.
    @Test func aStateFolderThatIsAFileBlocks() throws {
        let repo = try TempRepository(["media/a.png": "\u{89}PNG private words\n"])
        for (folder, display) in [("media/a.png", "media/a.png"), ("media/a.png/state", "media/a.png/state")] {
            let store = StateStore(directory: repo.root + "/" + folder, displayDirectory: display, repositoryRoot: repo.root, isConfigured: true)
            let snapshot = store.read()
            #expect(snapshot.diagnostics.map(TempRepository.describe) == [
                "\(display):1:1: error: the state folder \(display) is a file, or inside one (herald keeps its records in a folder there "
                    + "(herald.yaml's state_dir, or state/ when it sets none); nothing is published until then)",
            ])
            #expect(snapshot.folderProblem?.what == "the state folder \(display) is a file, or inside one; nothing is published until it is a folder")
            let printed = DiagnosticPrinter(format: .text, color: false, root: repo.root).render(snapshot.diagnostics)
            #expect(!printed.contains("private words"), "\(printed)")
        }
        let fresh = StateStore(directory: repo.root + "/state", displayDirectory: "state", repositoryRoot: repo.root).read()
        #expect(fresh.folderProblem == nil && fresh.diagnostics.isEmpty)
    }
}
