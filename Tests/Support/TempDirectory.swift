import Foundation

/// A fresh directory under the system's temporary folder, removed with its
/// contents when the object goes away.
public final class TempDirectory {
    public let root: String

    public init(prefix: String = "herald-test") throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    /// Writes `text` to `path` under the root, creating folders as needed.
    public func write(_ path: String, _ text: String) throws {
        try write(path, Data(text.utf8))
    }

    public func write(_ path: String, _ data: Data) throws {
        let url = URL(fileURLWithPath: root + "/" + path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
    }
}

extension TempDirectory {
    /// Moves every state record under `folder` (relative to the root) back
    /// by `seconds`, as if that much time had passed since each was written:
    /// the record's own time, the line's first field. `due=` is left alone.
    /// A run started again after a send with no answer waits (two minutes
    /// and more, `Publisher.settleAfterSend`) before it repeats or looks.
    public func passTime(_ seconds: TimeInterval, stateFolder folder: String) throws {
        try StateFiles.passTime(seconds, in: URL(fileURLWithPath: self.root).appendingPathComponent(folder).path)
    }
}

public enum StateFiles {
    /// `TempDirectory.passTime` for a state folder named by its path.
    public static func passTime(_ seconds: TimeInterval, in folder: String) throws {
        let root = URL(fileURLWithPath: folder)
        guard FileManager.default.fileExists(atPath: root.path) else { return }
        let formatter = ISO8601DateFormatter()
        for name in try FileManager.default.contentsOfDirectory(atPath: root.path) where name.hasSuffix(".state") {
            let file = root.appendingPathComponent(name)
            let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            let moved = lines.map { line -> String in
                guard let space = line.firstIndex(of: " "), let time = formatter.date(from: String(line[..<space])) else { return String(line) }
                return formatter.string(from: time.addingTimeInterval(-seconds)) + line[space...]
            }
            try moved.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        }
    }
}
