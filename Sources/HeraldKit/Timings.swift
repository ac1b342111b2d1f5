import Foundation

/// Wall-clock time per stage, printed to standard error when the environment
/// sets `HERALD_TIMINGS=1`. For the benchmark and for people chasing a slow
/// repository; silent and nearly free otherwise.
public enum Timings {
    public static let enabled = ProcessInfo.processInfo.environment["HERALD_TIMINGS"] == "1"
    nonisolated(unsafe) private static var last = DispatchTime.now().uptimeNanoseconds
    nonisolated(unsafe) private static var lastCPU = 0.0
    nonisolated(unsafe) private static var lastFaults = 0

    /// Reports the time since the previous mark; the first mark starts the clock.
    public static func mark(_ stage: @autoclosure () -> String) {
        guard enabled else { return }
        let previous = last
        let now = DispatchTime.now().uptimeNanoseconds
        let wall = (Double(now) - Double(previous)) / 1e6
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        // CPU time of all threads: above the wall time when a stage runs on several cores.
        let cpu = milliseconds(usage.ru_utime) + milliseconds(usage.ru_stime)
        let line = String(format: "%.1f ms, CPU %.1f ms", wall, cpu - lastCPU)
        // Each page the process touches for the first time costs a fault.
        let faults = usage.ru_minflt + usage.ru_majflt
        StandardStreams.writeError("herald timings: \(stage()) \(line), \(faults - lastFaults) page faults (peak RSS \(usage.ru_maxrss / 1024) MB)\n")
        last = now
        lastCPU = cpu
        lastFaults = faults
    }

    private static func milliseconds(_ time: timeval) -> Double {
        Double(time.tv_sec) * 1e3 + Double(time.tv_usec) / 1e3
    }
}
