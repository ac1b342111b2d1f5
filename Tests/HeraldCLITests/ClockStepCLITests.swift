import Foundation
import HeraldTestSupport
import Testing

/// herald's wall clock stepped back during a run (NTP correcting it, a
/// virtual machine resumed), by a shim preloaded into herald alone: the
/// sandbox, a process of its own, keeps the real clock.
@Suite struct ClockStepCLITests: SandboxPublishing {
    /// Steps CLOCK_REALTIME by CLOCK_STEP_SECONDS once CLOCK_STEP_AFTER_MS
    /// have passed since the process first read it. The monotonic clocks
    /// are left alone, as a step leaves them.
    static let shimSource = """
        #define _GNU_SOURCE
        #include <stdlib.h>
        #include <sys/syscall.h>
        #include <sys/time.h>
        #include <time.h>
        #include <unistd.h>

        static long long first_ns = -1;

        static long long step_ns(void) {
            struct timespec m;
            syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &m);
            long long now = m.tv_sec * 1000000000LL + m.tv_nsec;
            if (first_ns < 0) first_ns = now;
            const char *after = getenv("CLOCK_STEP_AFTER_MS"), *by = getenv("CLOCK_STEP_SECONDS");
            if (!after || !by || now - first_ns < atoll(after) * 1000000LL) return 0;
            return atoll(by) * 1000000000LL;
        }

        int clock_gettime(clockid_t clock, struct timespec *ts) {
            int result = syscall(SYS_clock_gettime, clock, ts);
            if (result == 0 && (clock == CLOCK_REALTIME || clock == CLOCK_REALTIME_COARSE)) {
                long long ns = ts->tv_sec * 1000000000LL + ts->tv_nsec + step_ns();
                ts->tv_sec = ns / 1000000000LL;
                ts->tv_nsec = ns % 1000000000LL;
            }
            return result;
        }

        int gettimeofday(struct timeval *tv, void *zone) {
            struct timespec ts;
            clock_gettime(CLOCK_REALTIME, &ts);
            if (tv) { tv->tv_sec = ts.tv_sec; tv->tv_usec = ts.tv_nsec / 1000; }
            return 0;
        }

        time_t time(time_t *t) {
            struct timespec ts;
            clock_gettime(CLOCK_REALTIME, &ts);
            if (t) *t = ts.tv_sec;
            return ts.tv_sec;
        }
        """

    /// The shim, built with the toolchain's clang into `folder`.
    func shim(in folder: TempDirectory) async throws -> String {
        try folder.write("step.c", Self.shimSource)
        let library = folder.root + "/step.so"
        let built = try await CLI.runProgram("/usr/bin/env", ["clang", "-shared", "-fPIC", "-O1", "-o", library, folder.root + "/step.c"],
                                             environment: ProcessInfo.processInfo.environment)
        try #require(built.status == 0, "clang: \(built.stderr)")
        return library
    }

    /// Each status a run made was taken for one its idempotency key brought
    /// back from before the run, and reported found: the run's start was a
    /// time kept from before the step, and the statuses' times were read in
    /// the clock after it. They are published, once each.
    @Test func statusesARunMadeAreNotFoundWhenItsClockStepsBack() async throws {
        let folder = try TempDirectory()
        let library = try await shim(in: folder)
        let sandbox = try await ServerProcess.sandbox(latencyMS: 100)
        let repo = try repository()
        // A step 150 ms in: the image's post and the thread's three parts, each request 100 ms, are made after it.
        let stepped = CLI.environment(["LD_PRELOAD": library, "CLOCK_STEP_AFTER_MS": "150", "CLOCK_STEP_SECONDS": "-3"])
        let run = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL], environment: stepped)
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        #expect(run.stdout.contains("Published 4, found 0, failed 0, unknown 0, skipped 0."), "\(run.stdout)")
        try await expectEachPostedOnce(sandbox, count: 4)
        let again = try await CLI.run(["publish", "-C", repo.root, "--sandbox-url", sandbox.baseURL])
        #expect(again.stdout.contains("Nothing to publish."), "\(again.stdout)")
        try await expectEachPostedOnce(sandbox, count: 4)
    }
}
