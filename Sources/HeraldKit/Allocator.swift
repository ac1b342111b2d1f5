#if canImport(Glibc)
import Glibc
#endif

public enum Allocator {
    /// Lets glibc's malloc grow its heaps in large steps. By default a worker
    /// thread's heap grows by a page or two at a time, one `mprotect` call
    /// each: about 8,700 calls for a plan of 10,000 posts. This only reserves
    /// address space; a page counts towards RSS once it is used.
    public static func reserveGrowth() {
        #if canImport(Glibc)
        // `mallopt` is declared in <malloc.h>, which the Glibc module leaves out.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        let topPad: Int32 = -2  // M_TOP_PAD
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        _ = unsafeBitCast(symbol, to: Mallopt.self)(topPad, 32 << 20)
        #endif
    }
}
