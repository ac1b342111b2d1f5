import Foundation

/// An advisory lock on `<state_dir>/.lock` (flock: released by the kernel
/// when the process dies, so a crash never leaves a stale lock). The file is
/// removed on release, so a CI job that commits `state/` after a run never
/// commits it; a file left by a killed run is taken over by the next one.
public final class StateLock: @unchecked Sendable {
    private var fd: Int32
    private let path: String
    /// Made by this run (not only waited for): removed on release.
    private let removes: Bool

    private init(fd: Int32, path: String, removes: Bool) {
        self.fd = fd
        self.path = path
        self.removes = removes
    }

    /// `readOnly`: for a dry run, which writes nothing: where the folder
    /// may not be written (a read-only checkout, another user's), a lock
    /// file there is waited for as it is, and none is made (nil).
    static func acquire(directory: String, timeout: Duration, waiting: (() -> Void)? = nil, readOnly: Bool = false) async throws -> StateLock? {
        let path = directory + "/.lock"
        let deadline = ContinuousClock.now + timeout
        var told = false
        var shared = false
        while true {
            var fd = shared ? open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC) : open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o644)
            if fd < 0 && readOnly && !shared && (errno == EACCES || errno == EROFS || errno == EPERM) {
                shared = true
                fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
            }
            if fd < 0 && shared && errno == ENOENT { return nil }
            guard fd >= 0 else { throw StateError.openFailed(path) }
            while flock(fd, LOCK_EX | LOCK_NB) != 0 {
                if !told {
                    told = true
                    waiting?()
                }
                if ContinuousClock.now >= deadline {
                    close(fd)
                    throw StateError.locked(path, timeout)
                }
                try? await Task.sleep(for: .milliseconds(100))
            }
            // The run that held the lock removes the file before it lets go:
            // a lock on a file no longer at the path keeps no one out. Open it again.
            if isStill(fd, at: path) { return StateLock(fd: fd, path: path, removes: !shared) }
            close(fd)
        }
    }

    private static func isStill(_ fd: Int32, at path: String) -> Bool {
        var held = stat()
        var named = stat()
        guard fstat(fd, &held) == 0, stat(path, &named) == 0 else { return false }
        return held.st_dev == named.st_dev && held.st_ino == named.st_ino
    }

    public func release() {
        guard fd >= 0 else { return }
        // Removed while still held, so no one else can have taken it in between.
        if removes { unlink(path) }
        flock(fd, LOCK_UN)
        close(fd)
        fd = -1
    }

    deinit { release() }
}
