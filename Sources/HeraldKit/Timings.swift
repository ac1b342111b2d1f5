import Foundation

/// Wall-clock time per stage, printed to standard error when the environment
/// sets `HERALD_TIMINGS=1`. For the benchmark and for people chasing a slow
/// repository; silent and nearly free otherwise.
public enum Timings {
    public static let enabled = ProcessInfo.processInfo.environment["HERALD_TIMINGS"] == "1"
    nonisolated(unsafe) private static var last = DispatchTime.now().uptimeNanoseconds

    /// Reports the time since the previous mark; the first mark starts the clock.
    public static func mark(_ stage: @autoclosure () -> String) {
        guard enabled else { return }
        let previous = last
        let now = DispatchTime.now().uptimeNanoseconds
        let milliseconds = (Double(now) - Double(previous)) / 1e6
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        FileHandle.standardError.write(Data("herald timings: \(stage()) \(String(format: "%.1f", milliseconds)) ms (peak RSS \(usage.ru_maxrss / 1024) MB)\n".utf8))
        last = now
    }
}
