import Foundation

/// Where else in a repository herald's records may be, when the state folder holds none.
extension StateStore {
    /// The first folder at the top of `root` (by name; hidden ones too, but
    /// not git's, herald's own working folder, nor those of posts and
    /// media), or deeper the folder `directory` names written otherwise
    /// (`Data/records` for `data/records`, a blank after a name), holding
    /// a file `*.state` that starts as herald's do. Not any folder deeper:
    /// another repository's records (vendored, a test's) are not this one's.
    static func folderHoldingRecords(in root: String, besides directory: String) -> String? {
        func folded(_ path: some StringProtocol) -> String {
            path.split(separator: "/").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.joined(separator: "/")
        }
        let named = directory.hasPrefix(root + "/") ? folded(directory.dropFirst(root.count + 1)) : ""
        var level = [""]
        for depth in 0..<3 {
            var next: [String] = []
            for parent in level {
                guard let folders = try? FileManager.default.contentsOfDirectory(atPath: parent.isEmpty ? root : root + "/" + parent) else { continue }
                for name in folders.sorted() {
                    let folder = parent.isEmpty ? name : parent + "/" + name
                    let path = root + "/" + folder
                    guard !(parent.isEmpty && skipped.contains(name)), FileWalker.isDirectory(path), !FileWalker.isSymbolicLink(path) else { continue }
                    // Deeper, only on the way to the folder named, written otherwise.
                    guard depth == 0 || named == folded(folder) || named.hasPrefix(folded(folder) + "/") else { continue }
                    next.append(folder)
                    guard path != directory, depth == 0 || named == folded(folder),
                          let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { continue }
                    for file in names where file.hasSuffix(fileExtension) && !file.hasPrefix(".") {
                        if headerLine(of: path + "/" + file) != nil { return folder }
                    }
                }
            }
            level = next
        }
        return nil
    }

    /// Folders at the top that hold no records of this repository's: git's, the sandbox's (`.herald`), and content.
    private static let skipped: Set<String> = [".git", ".herald", "posts", "media", "campaigns", "contacts", "messages"]
}
