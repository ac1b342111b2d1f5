import Dispatch
import Foundation
import HeraldKit

/// SIGINT (Ctrl-C) and SIGTERM (a CI job cancelled) while publish sends:
/// the first asks the run to stop (`Interruption`) — nothing new starts,
/// the requests in flight finish and are recorded, and the report is
/// printed; a second ends the process at once, as the signal would have.
///
/// A handler of its own writes each signal's number to a pipe, which a
/// dispatch source reads: installed, it hears every signal from then on.
/// Before, a dispatch signal source, which needs the signal ignored first
/// and hears it only once the source is registered, some time after it
/// is resumed: a Ctrl-C in between was lost.
final class StopSignals {
    let interruption = Interruption()
    private let numbers: [Int32]
    private var source: DispatchSourceRead?

    /// `beforeStopping`: what is done at a second signal before the process
    /// ends (the state lock's file removed, as a run that ends removes it).
    /// `atOnce`: the first signal ends the process (a dry run, which has
    /// no request to finish), after `beforeStopping`.
    init(_ numbers: [Int32] = [SIGINT, SIGTERM], atOnce: Bool = false, beforeStopping: @escaping @Sendable () -> Void = {}) {
        self.numbers = numbers
        var ends: [Int32] = [-1, -1]
        // Without a pipe (no file descriptor left), the signals keep their default action: they end the run.
        guard pipe(&ends) == 0 else { return }
        for end in ends {
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
            _ = fcntl(end, F_SETFL, O_NONBLOCK)
        }
        let (reading, writing) = (ends[0], ends[1])
        let source = DispatchSource.makeReadSource(fileDescriptor: reading, queue: .global())
        source.setEventHandler { [interruption] in
            var byte: UInt8 = 0
            while read(reading, &byte, 1) == 1 {
                let number = Int32(byte)
                guard !atOnce, interruption.request(signal: number) else {
                    beforeStopping()
                    signal(number, SIG_DFL)
                    kill(getpid(), number)
                    return
                }
                StandardStreams.writeError("herald: \(Self.name(number)): finishing the requests in flight and recording them; nothing new is sent (another \(Self.name(number)) stops at once)\n")
            }
        }
        source.setCancelHandler {
            close(reading)
            close(writing)
        }
        stopSignalPipe = writing
        source.resume()
        self.source = source
        for number in numbers { signal(number, stopSignalHandler) }
    }

    /// The signals' default actions back.
    func restore() {
        for number in numbers { signal(number, SIG_DFL) }
        source?.cancel()
        source = nil
    }

    /// The exit status a shell gives a process the signal ended: 128 + its number.
    var exitStatus: Int32? { interruption.requestedBy.map { 128 + $0 } }

    static func name(_ number: Int32) -> String {
        switch number {
        case SIGINT: "SIGINT"
        case SIGTERM: "SIGTERM"
        default: "signal \(number)"
        }
    }
}

/// The pipe's end `stopSignalHandler` writes to: set before the handler is
/// installed, read by it alone.
nonisolated(unsafe) private var stopSignalPipe: Int32 = -1

/// Writes the signal's number to the pipe: all a signal handler may safely
/// do. errno is kept, as the code the signal interrupted may be about to read it.
private func stopSignalHandler(_ number: Int32) {
    let saved = errno
    var byte = UInt8(truncatingIfNeeded: number)
    _ = write(stopSignalPipe, &byte, 1)
    errno = saved
}
