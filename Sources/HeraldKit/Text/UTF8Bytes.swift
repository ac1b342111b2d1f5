import Foundation

extension StringProtocol {
    /// The UTF-8 bytes, read in place where the storage allows (native
    /// strings and their substrings), else from a copy. `String.withUTF8`
    /// is mutating: called on a copy of the string, it retains and releases
    /// it, and every text herald checks goes through here.
    @inline(__always)
    func withUTF8Bytes<T>(_ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        if let result = utf8.withContiguousStorageIfAvailable(body) { return result }
        return Array(utf8).withUnsafeBufferPointer(body)
    }
}

extension String {
    /// `StringProtocol.withUTF8Bytes` for a String: a non-native one is made
    /// native (`withUTF8`) rather than copied into an array.
    @inline(__always)
    func withUTF8Bytes<T>(_ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        if let result = utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = self
        return copy.withUTF8(body)
    }

    /// Whether the UTF-8 holds `byte`, searched in place (a String's
    /// `utf8.contains` steps through an iterator byte by byte).
    func containsUTF8(_ byte: UInt8) -> Bool {
        utf8.withContiguousStorageIfAvailable { $0.firstOffset(of: byte) != nil } ?? utf8.contains(byte)
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// The offset of the first `byte` in `from..<to` (to the end by
    /// default), found by memchr: state lines, fields, carriage returns and
    /// hashtags are looked for this way in every text and record.
    func firstOffset(of byte: UInt8, from start: Int = 0, to end: Int? = nil) -> Int? {
        let end = end ?? count
        guard let base = baseAddress, start < end,
              let found = memchr(base + start, Int32(byte), end - start) else { return nil }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }

    /// How many times `byte` occurs, found by memchr.
    func count(of byte: UInt8) -> Int {
        var count = 0
        var start = 0
        while let found = firstOffset(of: byte, from: start) {
            count += 1
            start = found + 1
        }
        return count
    }
}
