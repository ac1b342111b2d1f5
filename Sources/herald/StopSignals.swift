import Dispatch
import Foundation
import HeraldKit

/// SIGINT (Ctrl-C) and SIGTERM (a CI job cancelled) while publish sends:
/// the first asks the run to stop (`Interruption`) — nothing new starts,
/// the requests in flight finish and are recorded, and the report is
/// printed; a second ends the process at once, as the signal would have.
final class StopSignals {
    let interruption = Interruption()
    private var sources: [DispatchSourceSignal] = []

    /// `beforeStopping`: what is done at a second signal before the process
    /// ends (the state lock's file removed, as a run that ends removes it).
    /// `atOnce`: the first signal ends the process (a dry run, which has
    /// no request to finish), after `beforeStopping`.
    init(_ numbers: [Int32] = [SIGINT, SIGTERM], atOnce: Bool = false, beforeStopping: @escaping @Sendable () -> Void = {}) {
        for number in numbers {
            // Dispatch hears the signal only once its default action is off.
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [interruption] in
                guard !atOnce, interruption.request(signal: number) else {
                    beforeStopping()
                    signal(number, SIG_DFL)
                    kill(getpid(), number)
                    return
                }
                StandardStreams.writeError("herald: \(Self.name(number)): finishing the requests in flight and recording them; nothing new is sent (another \(Self.name(number)) stops at once)\n")
            }
            source.resume()
            sources.append(source)
        }
    }

    /// The signals' default actions back.
    func restore() {
        for source in sources {
            source.cancel()
            signal(Int32(source.handle), SIG_DFL)
        }
        sources = []
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
