import Foundation
import Testing
@testable import HeraldKit

/// Moved posts held where the plan's order or the records' age put them at
/// an edge of `PlannerMovesTests`' cases: the new file at the old path
/// first in the plan, the post on two accounts side by side, records
/// written before they kept `due`.
extension PlannerTests {
    /// A post moved to a new file, and a new post at its old path: the old
    /// text, published, is held in its new file on every account the post
    /// went to, the second account's as much as the first's (their items
    /// stand side by side in the plan), and when the new post at the old
    /// path comes first in the plan.
    @Test func aMovedPostIsHeldOnEveryAccountAndFirstInThePlan() throws {
        let repo = try TempRepository([
            "posts/hours-2025.yaml": "publish_at: 2026-11-20T09:00:00Z\naccounts: [acme-x, acme-mastodon]\ntext: off from 24 December\n",
            "posts/hours.yaml": "publish_at: 2026-11-30T09:00:00Z\naccounts: [acme-x, acme-mastodon]\ntext: off from 23 December\n",
        ])
        let hash = try stateHashes(repo)("hours-2025", 0)
        try repo.write("state/acme-mastodon.state", "herald-state 1 account=acme-mastodon\n2026-11-20T09:00:01Z published post=hours part=0 hash=\(hash) id=51\n")
        let result = try plan(repo, state: "2026-11-20T09:00:02Z published post=hours part=0 hash=\(hash) id=21\n")
        #expect(result.items.map(row) == [
            "blocked hours-2025#0 acme-mastodon", "blocked hours-2025#0 acme-x", "drift hours#0 acme-mastodon", "drift hours#0 acme-x",
        ])
        // The new post at the old path due before the moved one: first in the plan.
        try repo.write("posts/hours.yaml", "publish_at: 2026-11-01T09:00:00Z\naccounts: [acme-x]\ntext: off from 23 December\n")
        try repo.write("posts/hours-2025.yaml", "publish_at: 2026-11-20T09:00:00Z\naccounts: [acme-x]\ntext: off from 24 December\n")
        try FileManager.default.removeItem(atPath: repo.root + "/state/acme-mastodon.state")
        let first = try plan(repo, state: "2026-11-20T09:00:01Z published post=hours part=0 hash=\(hash) id=21\n")
        #expect(first.items.map(row) == ["drift hours#0 acme-x", "blocked hours-2025#0 acme-x"])
        #expect(first.count(.publish) == 0)
    }

    /// A post moved to two paths, one carried over by `state resolve`: the
    /// other copy stays held when the records were written by a herald
    /// before records kept `due` (none to compare with its time).
    @Test func aPostMovedToTwoPathsStaysHeldWhenItsRecordHasNoDue() throws {
        let repo = try TempRepository([
            "posts/archive/launch.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: Launch day.\nthread: [More]\n",
            "posts/launch/launch.yaml": "publish_at: 2026-12-01T09:00:00Z\naccounts: [acme-x]\ntext: Launch day.\nthread: [More]\n",
        ])
        let hash = try stateHashes(repo)
        let resolved = try plan(repo, state: """
            2026-12-01T09:00:01Z published post=2026/launch part=0 hash=\(hash("archive/launch", 0)) id=11
            2026-12-01T09:00:02Z published post=2026/launch part=1 hash=\(hash("archive/launch", 1)) id=12
            2026-12-02T10:00:00Z published post=archive/launch part=0 hash=\(hash("archive/launch", 0)) id=11
            2026-12-02T10:00:01Z published post=archive/launch part=1 hash=\(hash("archive/launch", 1)) id=12

            """)
        #expect(resolved.items.map(row) == ["done archive/launch#0 acme-x", "done archive/launch#1 acme-x",
                                            "blocked launch/launch#0 acme-x", "blocked launch/launch#1 acme-x"])
        #expect(resolved.items[2].reason == "same content as 2026/launch, published, whose file is gone, and recorded since as archive/launch's: "
            + "to send it again, change its text, or run 'herald state resolve launch/launch --account acme-x --absent'")
    }
}
