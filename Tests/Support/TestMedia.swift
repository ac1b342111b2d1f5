import Foundation

/// Media files for tests, whole as herald judges them.
public enum TestMedia {
    /// A PNG of exactly `bytes` bytes (at least 20): its signature, a
    /// private chunk of `fill` bytes where there is room for one, and its
    /// end (IEND), with any bytes that do not make a chunk after it. Not a
    /// picture a platform would show: no test server decodes one.
    public static func png(bytes: Int = 20, fill: UInt8 = 7) -> Data {
        precondition(bytes >= 20, "a PNG of a signature and its end takes 20 bytes")
        let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        let end: [UInt8] = [0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82]
        let room = bytes - 20
        guard room >= 12 else { return Data(signature + end + [UInt8](repeating: fill, count: room)) }
        let length = UInt32(room - 12)
        let chunk = withUnsafeBytes(of: length.bigEndian, Array.init) + Array("teSt".utf8) + [UInt8](repeating: fill, count: room - 12) + [0, 0, 0, 0]
        return Data(signature + chunk + end)
    }
}
