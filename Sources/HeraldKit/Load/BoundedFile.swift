import Foundation

/// Reads a whole regular file up to a size limit, with a reason a person
/// can act on when it cannot: repository files, and files named on the
/// command line.
enum BoundedFile {
    enum Contents {
        case bytes([UInt8])
        case problem(String)
    }

    /// Reads `path`, relative to the open directory `directory` (or the
    /// working directory: `AT_FDCWD`).
    static func read(_ path: String, in directory: Int32 = AT_FDCWD, limit: Int) -> Contents {
        // O_NONBLOCK: opening a FIFO must not wait for a writer; fstat rejects it next.
        let fd = openat(directory, path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else {
            let reason = errno
            if reason == ENOENT, let target = danglingLink(path, in: directory) {
                return .problem("the file is a symbolic link to '\(target)', which does not exist")
            }
            // A socket cannot be opened at all ("No such device or address"): it is no file, as a FIFO is not.
            var info = stat()
            if reason == ENXIO, fstatat(directory, path, &info, 0) == 0, info.st_mode & S_IFMT != S_IFREG { return .problem("not a regular file") }
            return .problem("cannot read the file: \(errorText(reason))")
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return .problem("cannot read the file: \(errorText(errno))") }
        guard info.st_mode & S_IFMT == S_IFREG else { return .problem("not a regular file") }
        let size = Int(info.st_size)
        guard size <= limit else { return .problem(tooLarge(size, limit)) }
        var readError: Int32 = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            count = 0
            while count < size {
                let n = Foundation.read(fd, buffer.baseAddress! + count, size - count)
                if n > 0 {
                    count += n
                } else if n == 0 {
                    break  // The file shrank since fstat; take what is there.
                } else if errno != EINTR {
                    readError = errno
                    break
                }
            }
        }
        if readError != 0 { return .problem("cannot read the file: \(errorText(readError))") }
        return .bytes(bytes)
    }

    /// Where `path` leads when it is a symbolic link to nothing.
    static func danglingLink(_ path: String, in directory: Int32 = AT_FDCWD) -> String? {
        var info = stat()
        guard fstatat(directory, path, &info, AT_SYMLINK_NOFOLLOW) == 0, info.st_mode & S_IFMT == S_IFLNK,
              fstatat(directory, path, &info, 0) != 0 else { return nil }
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlinkat(directory, path, &buffer, buffer.count - 1)
        guard count >= 0 else { return nil }
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func tooLarge(_ size: Int, _ limit: Int) -> String {
        "file is \(TextRules.grouped(size)) bytes, over the limit of \(TextRules.grouped(limit)) bytes"
    }

    private static func errorText(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
