import Foundation
import Testing
@testable import HeraldKit

@Suite struct AllocatorTests {
    /// The flags the kernel shows for the mapping that holds `address`
    /// (`VmFlags` in /proc/self/smaps; `hg` is "advised to use huge pages").
    func mappingFlags(of address: UInt) throws -> [String] {
        // Read to the end: the file reports a size of 0.
        let file = try #require(FileHandle(forReadingAtPath: "/proc/self/smaps"))
        let smaps = String(decoding: file.readDataToEndOfFile(), as: UTF8.self)
        var inMapping = false
        for line in smaps.split(separator: "\n") {
            let fields = line.split(separator: " ")
            if let range = fields.first, range.contains("-"), !range.hasSuffix(":") {
                let bounds = range.split(separator: "-").compactMap { UInt($0, radix: 16) }
                inMapping = bounds.count == 2 && bounds[0] <= address && address < bounds[1]
            } else if inMapping, fields.first == "VmFlags:" {
                return fields.dropFirst().map(String.init)
            }
        }
        return []
    }

    /// A worker thread's malloc heap is advised to use huge pages: this
    /// fails if glibc lays out its thread heaps differently from what
    /// `Allocator` assumes. Skipped where the kernel has no transparent
    /// huge pages.
    @Test func aWorkerThreadsHeapIsAdvisedToUseHugePages() throws {
        let setting = try? String(contentsOfFile: "/sys/kernel/mm/transparent_hugepage/enabled", encoding: .utf8)
        guard let setting, !setting.contains("[never]") else { return }
        // When a process has as many arenas as glibc allows (8 per core),
        // a new thread shares one, and under the parallel test run that can
        // be the main thread's heap, which `Allocator` leaves to
        // `reserveGrowth`. glibc hands out shared arenas in turn, so among
        // a few fresh threads one certainly gets a thread heap.
        var address: UInt = 0
        for _ in 0..<64 where address == 0 {
            address = Self.blockOnAFreshThread()
        }
        try #require(address != 0, "no fresh thread was given a heap of its own")
        #expect(try mappingFlags(of: address).contains("hg"))
    }

    /// The address of a block that a new thread allocates after advising its
    /// heap, or 0 if that thread shares the main thread's heap (below the
    /// program break).
    static func blockOnAFreshThread() -> UInt {
        nonisolated(unsafe) var address: UInt = 0
        let done = DispatchSemaphore(value: 0)
        Thread {
            Allocator.adviseThreadHeap()
            let block = malloc(1024)!
            if UInt(bitPattern: block) >= UInt(bitPattern: sbrk(0)) {
                address = UInt(bitPattern: block)
            }
            free(block)
            done.signal()
        }.start()
        done.wait()
        return address
    }
}
