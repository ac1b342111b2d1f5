/// `%XX` escaping, one implementation for the several sets herald needs:
/// form bodies, URL query parameters and state-file values; and decoding,
/// for state-file values and for finding a secret written in a URL.
enum PercentEncoding {
    /// `text` with every UTF-8 byte that `keep` refuses written as `%XX`
    /// (uppercase hex); with `spaceAsPlus`, a space as `+`. A text with
    /// nothing to escape is returned as it is.
    static func encode(_ text: String, spaceAsPlus: Bool = false, keeping keep: (UInt8) -> Bool) -> String {
        let utf8 = text.utf8
        guard utf8.contains(where: { !keep($0) }) else { return text }
        let hex: StaticString = "0123456789ABCDEF"
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count * 3)
        for byte in utf8 {
            if keep(byte) {
                out.append(byte)
            } else if spaceAsPlus && byte == UInt8(ascii: " ") {
                out.append(UInt8(ascii: "+"))
            } else {
                out += [UInt8(ascii: "%"), hex.utf8Start[Int(byte >> 4)], hex.utf8Start[Int(byte & 15)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `bytes` with each `%XX` (either case of hex) as its byte and, with
    /// `plusAsSpace`, each `+` as a space. A `%` without two hex digits
    /// after it is kept as it is with `keepingStray`; else the text is
    /// refused (`nil`).
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, plusAsSpace: Bool = false, keepingStray: Bool = false) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            i += 1
            if byte == UInt8(ascii: "%") {
                if i + 2 <= bytes.count, let high = hexValue(bytes[i]), let low = hexValue(bytes[i + 1]) {
                    out.append(high << 4 | low)
                    i += 2
                    continue
                }
                guard keepingStray else { return nil }
            }
            out.append(plusAsSpace && byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
        }
        return out
    }

    static func isHexDigit(_ c: UInt8) -> Bool { hexValue(c) != nil }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// RFC 3986's unreserved characters: letters, digits, `-`, `.`, `_`, `~`.
    static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
             UInt8(ascii: "_"), UInt8(ascii: "~"):
            true
        default:
            false
        }
    }
}
