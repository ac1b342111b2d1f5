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
        utf8.withContiguousStorageIfAvailable { bytes in
            guard let base = bytes.baseAddress else { return false }
            return memchr(base, Int32(byte), bytes.count) != nil
        } ?? utf8.contains(byte)
    }
}
