/// `%XX` escaping, one implementation for the several sets herald needs:
/// form bodies, URL query parameters and state-file values.
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
