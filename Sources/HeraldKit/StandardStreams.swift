#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
@preconcurrency import Darwin
#endif
import Synchronization

/// Standard input, output and error, none of which can stop herald with a
/// crash: Foundation's `FileHandle.write(_:)` and `readDataToEndOfFile()`
/// trap on any error (a full disk, a closed stream, a directory as input).
///
/// Output that could not be written is an error, not a silent success: a
/// plan written to a full disk for a pull-request comment must not exit 0.
/// `checkOutputAtExit` makes every way out of the process check it.
public enum StandardStreams {
    /// The exit status when standard output could not be written (sysexits' EX_IOERR).
    public static let outputFailedStatus: Int32 = 74

    /// The first error writing standard output, other than a reader that
    /// has gone (EPIPE); 0 while there is none.
    private static let outputError = Atomic<Int32>(0)
    /// Standard input was closed when herald started.
    private static let inputClosed = Atomic<Bool>(false)

    /// Opens /dev/null on any of descriptors 0, 1 and 2 that the process
    /// started without (`herald plan >&-`), before herald opens a file:
    /// the next file opened would otherwise get that number, and what is
    /// printed would be written into it — a state file, say. Output to a
    /// closed standard output still fails, as it would have ("Bad file
    /// descriptor", exit 74); a closed standard input reads as an error.
    public static func openMissingDescriptors() {
        for descriptor in [STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO] where fcntl(descriptor, F_GETFD) == -1 && errno == EBADF {
            let null = open("/dev/null", O_RDWR)
            if null >= 0 && null != descriptor {
                dup2(null, descriptor)
                close(null)
            }
            if descriptor == STDIN_FILENO { inputClosed.store(true, ordering: .relaxed) }
            if descriptor == STDOUT_FILENO { _ = outputError.compareExchange(expected: 0, desired: EBADF, ordering: .relaxed) }
        }
    }

    /// Writes to standard output as they are, after anything `print` buffered.
    public static func writeOutput(_ buffer: UnsafeBufferPointer<UInt8>) {
        fflush(nil)
        if let code = writeAll(STDOUT_FILENO, buffer), code != EPIPE {
            _ = outputError.compareExchange(expected: 0, desired: code, ordering: .relaxed)
        }
    }

    /// Writes out what `print` buffered, whatever standard output is (a
    /// pipe, a file); a failure is kept, with its cause, for the exit.
    public static func flushOutput() {
        errno = 0
        if fflush(stdout) != 0, errno != 0, errno != EPIPE {
            _ = outputError.compareExchange(expected: 0, desired: errno, ordering: .relaxed)
        }
    }

    /// Whether some output could not be written (a full disk, a closed
    /// stream), a reader gone aside: a command that runs on after its
    /// output (the sandbox, after its banner) stops, and exits 74.
    public static var outputFailed: Bool {
        let code = outputError.load(ordering: .relaxed)
        return code != 0 && code != EPIPE
    }

    public static func writeOutput(_ text: String) {
        var text = text
        text.withUTF8 { writeOutput($0) }
    }

    /// Writes to standard error. An error there has nowhere to be told, and
    /// is ignored.
    public static func writeError(_ text: String) {
        var text = text
        _ = text.withUTF8 { writeAll(STDERR_FILENO, $0) }
    }

    public enum InputProblem: Error, Equatable {
        case unreadable(String)
        case tooLarge(limit: Int)
    }

    /// All of standard input, up to `limit` bytes.
    public static func readInput(limit: Int) -> Result<[UInt8], InputProblem> {
        if inputClosed.load(ordering: .relaxed) { return .failure(.unreadable(String(cString: strerror(EBADF)))) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
            if n == 0 { return .success(bytes) }
            if n < 0 {
                if errno == EINTR { continue }
                return .failure(.unreadable(String(cString: strerror(errno))))
            }
            guard bytes.count + n <= limit else { return .failure(.tooLarge(limit: limit)) }
            bytes.append(contentsOf: chunk[..<n])
        }
    }

    /// From now on, however the process ends (`exit`, a command's return,
    /// ArgumentParser's exit for a thrown `ExitCode`), standard output is
    /// flushed and checked first: when any of it could not be written, that
    /// is said on standard error and the process exits 74.
    public static func checkOutputAtExit() {
        atexit {
            var code = StandardStreams.outputError.load(ordering: .relaxed)
            if code == 0 {
                errno = 0
                let output = stdout
                let flushed = fflush(output) == 0
                // An error flag from an earlier buffered write leaves no errno of its own:
                // a pipe with no reader left (SIGPIPE ignored, as publish does) is told by the pipe.
                if !flushed || ferror(output) != 0 { code = StandardStreams.readerIsGone(STDOUT_FILENO) ? EPIPE : errno == 0 ? EIO : errno }
            }
            guard code != 0, code != EPIPE else { return }
            StandardStreams.writeError("Error: could not write the output: \(String(cString: strerror(code)))\n")
            _exit(StandardStreams.outputFailedStatus)
        }
    }

    /// Whether `descriptor` is a pipe whose reading end is closed.
    private static func readerIsGone(_ descriptor: Int32) -> Bool {
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFIFO else { return false }
        var check = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
        return poll(&check, 1, 0) == 1 && check.revents & Int16(POLLERR) != 0
    }

    /// Writes every byte; the error that stopped it, if any.
    private static func writeAll(_ descriptor: Int32, _ buffer: UnsafeBufferPointer<UInt8>) -> Int32? {
        guard let base = buffer.baseAddress else { return nil }
        var offset = 0
        while offset < buffer.count {
            let n = write(descriptor, base + offset, buffer.count - offset)
            if n > 0 {
                offset += n
            } else if n < 0 && errno == EINTR {
                continue
            } else {
                return n == 0 ? EIO : errno
            }
        }
        return nil
    }
}
