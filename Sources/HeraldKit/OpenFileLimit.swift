#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
@preconcurrency import Darwin
#endif

/// How many files herald may hold open at once (`ulimit -n`).
///
/// Short of them, herald did not fail with an error: Foundation's run loop
/// and libdispatch's event thread stop the process (SIGILL) when they cannot
/// open the descriptors they need, which at 16 they could not; at 20 to 24
/// some post files could not be read ("Too many open files"), and at 32 the
/// in-process sandbox could not accept herald's own connections. So the
/// soft limit is raised as far as the hard one allows (as Go's runtime
/// does), and a command that reads the repository refuses to start below
/// what it needs.
public enum OpenFileLimit {
    /// What a command needs: the in-process sandbox's connections, git's
    /// pipes, the run loop's and dispatch's descriptors, with room to spare
    /// (a publish on the sandbox ran from 48).
    public static let needed = 64
    /// How far the soft limit is raised when it is lower: enough for any
    /// run, and not so high that closing every descriptor a child could
    /// inherit takes time.
    static let wanted: rlim_t = 1024

    /// Raises the soft limit to `wanted`, or to the hard limit when that is
    /// lower; a higher soft limit is left as it is.
    public static func raise() {
        var limit = rlimit()
        guard getrlimit(resourceNoFile, &limit) == 0, limit.rlim_cur < wanted else { return }
        let raised = limit.rlim_max == unlimited ? wanted : min(limit.rlim_max, wanted)
        guard raised > limit.rlim_cur else { return }
        limit.rlim_cur = raised
        _ = setrlimit(resourceNoFile, &limit)
    }

    /// The problem when fewer than `needed` files may be open at once, after
    /// `raise()`; nil when there are enough, or the limit cannot be read.
    public static func problem() -> String? {
        var limit = rlimit()
        guard getrlimit(resourceNoFile, &limit) == 0, limit.rlim_cur != unlimited, limit.rlim_cur < rlim_t(needed) else { return nil }
        let raise = limit.rlim_max == limit.rlim_cur ? "which herald cannot raise" : "which herald could not raise"
        return "this shell lets herald open only \(limit.rlim_cur) files at once (ulimit -n \(limit.rlim_cur), \(raise)), "
            + "and it needs \(needed): run it where 'ulimit -n' is \(needed) or more"
    }

    #if canImport(Glibc)
    private static let resourceNoFile = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
    /// RLIM_INFINITY, which Swift imports as a literal -1 it cannot store.
    private static let unlimited = rlim_t.max
    #else
    private static let resourceNoFile = RLIMIT_NOFILE
    /// RLIM_INFINITY, a macro with a cast Swift does not import: 2^63 - 1.
    private static let unlimited = rlim_t(Int64.max)
    #endif
}
