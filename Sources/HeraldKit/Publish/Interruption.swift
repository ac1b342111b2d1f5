import Synchronization

/// A request to stop a publish run early (SIGINT, SIGTERM): no item is
/// started after it, no retry is waited for, and the requests in flight
/// finish and are recorded, so the next run does not have to ask the
/// platform what became of them.
public final class Interruption: Sendable {
    private let signal = Atomic<Int32>(0)

    public init() {}

    /// The first request wins; returns whether this was it.
    @discardableResult
    public func request(signal number: Int32) -> Bool {
        signal.compareExchange(expected: 0, desired: number, ordering: .sequentiallyConsistent).exchanged
    }

    /// The signal that asked to stop, or nil.
    public var requestedBy: Int32? {
        let number = signal.load(ordering: .sequentiallyConsistent)
        return number == 0 ? nil : number
    }

    public var isRequested: Bool { requestedBy != nil }

    /// Waits `duration`, or less when a stop is requested meanwhile; true
    /// when the whole wait passed.
    func pause(_ duration: Duration) async -> Bool {
        let clock = ContinuousClock()
        let end = clock.now + duration
        while !isRequested {
            let left = clock.now.duration(to: end)
            if left <= .zero { return true }
            try? await Task.sleep(for: min(left, .milliseconds(50)))
        }
        return false
    }
}
