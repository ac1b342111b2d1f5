import Foundation

/// Numbers from `JSONSerialization`, read as the JSON wrote them.
enum JSONNumber {
    /// A JSON number that is whole, as an Int: not `true`, which
    /// JSONSerialization hands over as a number that reads as 1.
    static func whole(_ value: Any?) -> Int? {
        guard let number = value as? NSNumber, String(cString: number.objCType) != "c" else { return nil }
        return value as? Int
    }
}
