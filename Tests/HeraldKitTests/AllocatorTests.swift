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
        // A thread of its own, so the advice is certainly given on it.
        nonisolated(unsafe) var address: UInt = 0
        let done = DispatchSemaphore(value: 0)
        Thread {
            Allocator.adviseThreadHeap()
            let block = malloc(1024)!
            address = UInt(bitPattern: block)
            free(block)
            done.signal()
        }.start()
        done.wait()
        #expect(address != 0)
        #expect(try mappingFlags(of: address).contains("hg"))
    }
}
