import Foundation

/// When a publish run began, read in the wall clock as it reads now.
///
/// A status's time on the platform is read in herald's clock: the
/// instance's offset comes from its `Date` header, measured by the clock as
/// it reads then. A clock stepped back during a run (NTP correcting it, a
/// virtual machine resumed) moved the statuses the run made back with it,
/// but not a start kept as a `Date`: each was taken for a status made
/// before the run, which its key brought back, and reported found. Kept
/// as the time since, on a clock that is never stepped (ContinuousClock,
/// which counts time asleep too, as the wall clock does), the start moves
/// with the wall clock.
struct RunStart: Sendable {
    private let instant = ContinuousClock.now

    /// The start, in the wall clock as it reads now.
    var date: Date { Date().addingTimeInterval(-(ContinuousClock.now - instant).timeInterval) }
}
