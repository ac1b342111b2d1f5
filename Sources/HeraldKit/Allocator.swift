#if canImport(Glibc)
import Glibc
#endif

/// Tuning of glibc's malloc for a run that allocates ~100 MB in a few
/// hundred milliseconds. None of it changes what herald computes: where
/// glibc or the kernel differ from what it assumes, pages only stay small
/// (or other memory of the process gets huge pages).
public enum Allocator {
    /// Lets glibc's malloc grow its heaps in large steps, and asks the kernel
    /// for huge pages on the main thread's heap. By default a worker thread's
    /// heap grows by a page or two at a time, one `mprotect` call each:
    /// about 8,700 calls for a plan of 10,000 posts. This only reserves
    /// address space; a page counts towards RSS once it is used.
    public static func reserveGrowth() {
        #if canImport(Glibc)
        // `mallopt` is declared in <malloc.h>, which the Glibc module leaves out.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        let topPad: Int32 = -2  // M_TOP_PAD
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        _ = unsafeBitCast(symbol, to: Mallopt.self)(topPad, Int32(heapGrowth))
        // The main thread's heap is the program break: one allocation makes
        // it grow by the pad, and the whole grown part is advised at once.
        guard let probe = malloc(64 << 10) else { return }
        defer { free(probe) }
        adviseHugePages(from: UInt(bitPattern: probe), to: UInt(bitPattern: sbrk(0)))
        #endif
    }

    /// Asks the kernel for huge pages on the heap of the calling thread, once
    /// per thread; `parallelMap` calls it in every iteration.
    ///
    /// A first touch of a 4 KiB page costs a page fault: about 20,000 of
    /// them, some 10% of the CPU time of a plan of 10,000 posts, before
    /// this; 4,000 to 5,000 after. It is what glibc's `glibc.malloc.hugetlb=1`
    /// tunable does, which can only be set from the environment. Transparent
    /// huge pages must be enabled as `madvise` or `always` (the usual
    /// default), or this changes nothing.
    static func adviseThreadHeap() {
        #if canImport(Glibc)
        guard pthread_getspecific(advisedKey) == nil else { return }
        pthread_setspecific(advisedKey, UnsafeRawPointer(bitPattern: 1))
        guard let probe = malloc(64) else { return }
        defer { free(probe) }
        // The main thread allocates below the program break, advised at
        // startup. Any other thread's arena lives in heaps of
        // `threadHeapSize` bytes aligned to their size (glibc's `heap_for_ptr`).
        guard UInt(bitPattern: probe) >= UInt(bitPattern: sbrk(0)) else { return }
        let heap = UInt(bitPattern: probe) & ~(threadHeapSize - 1)
        adviseHugePages(from: heap, to: heap + threadHeapSize)
        #endif
    }

    #if canImport(Glibc)
    private static let heapGrowth = 32 << 20
    /// glibc's HEAP_MAX_SIZE on 64-bit systems: twice the largest mmap threshold.
    private static let threadHeapSize: UInt = 64 << 20
    private static let hugePageSize: UInt = 2 << 20
    private static let advisedKey: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    /// `madvise(MADV_HUGEPAGE)` on the whole huge pages between two
    /// addresses. A failure (a hole in the range, a kernel without
    /// transparent huge pages) only leaves the pages small.
    private static func adviseHugePages(from start: UInt, to end: UInt) {
        let first = (start + hugePageSize - 1) & ~(hugePageSize - 1)
        guard end > first, let address = UnsafeMutableRawPointer(bitPattern: first) else { return }
        _ = madvise(address, Int(end - first), MADV_HUGEPAGE)
    }
    #endif
}
