import Foundation

/// Where else in a repository herald's records may be, when the state folder holds none.
extension StateStore {
    /// The first folder at the top of `root` (by name; hidden ones too, but
    /// not git's, herald's own working folder, nor those of posts and
    /// media) holding a file `*.state` that starts as herald's do; or one
    /// deeper, three at most, that is the folder `directory` names written
    /// otherwise (`Data/records` for `data/records`, a blank after a name),
    /// or that holds the records of an account of this repository's
    /// accounts.yaml (`ops/records/` after state_dir changed). Not another
    /// repository's, deeper (vendored, a test's fixtures).
    static func folderHoldingRecords(in root: String, besides directory: String) -> String? {
        func folded(_ path: some StringProtocol) -> String {
            path.split(separator: "/").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.joined(separator: "/")
        }
        let named = directory.hasPrefix(root + "/") ? folded(directory.dropFirst(root.count + 1)) : ""
        // This repository's account ids, read only when a deeper folder holds records.
        var own: Set<String>?
        func ownAccounts() -> Set<String> {
            if let own { return own }
            let document = YAMLLoader.load(fileAt: root + "/accounts.yaml", path: "accounts.yaml", options: YAMLLoadOptions(quotesContent: false))
            own = Set(document.root?["accounts"]?.pairs?.map(\.keyString) ?? [])
            return own!
        }
        var level = [""]
        for depth in 0..<3 {
            var next: [String] = []
            for parent in level {
                guard let folders = try? FileManager.default.contentsOfDirectory(atPath: parent.isEmpty ? root : root + "/" + parent) else { continue }
                for name in folders.sorted() {
                    let folder = parent.isEmpty ? name : parent + "/" + name
                    let path = root + "/" + folder
                    guard !(parent.isEmpty ? skipped : heavy).contains(name), FileWalker.isDirectory(path), !FileWalker.isSymbolicLink(path) else { continue }
                    next.append(folder)
                    guard path != directory, let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { continue }
                    for file in names where file.hasSuffix(fileExtension) && !file.hasPrefix(".") && headerLine(of: path + "/" + file) != nil {
                        if depth == 0 || named == folded(folder) || ownAccounts().contains(String(file.dropLast(fileExtension.count))) { return folder }
                    }
                }
            }
            level = next
        }
        return nil
    }

    /// Folders at the top that hold no records of this repository's: git's, the sandbox's (`.herald`), and content.
    private static let skipped = heavy.union([".herald", "posts", "media", "campaigns", "contacts", "messages"])

    /// Folders of other tools' files, of thousands of folders, not looked through.
    private static let heavy: Set<String> = [".git", "node_modules", ".venv", "venv", ".build", "build", "dist", "target", "__pycache__"]
}
