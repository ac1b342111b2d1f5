/// The fields of a value type kept in one shared box, copied on the first
/// write to a shared value (`Post`, `Campaign`). Such values are copied
/// often (out of arrays, into closures, by every post of a campaign), and
/// a copy then counts one reference instead of one per field.
///
/// Written only through the owner's `unique()`, while the writing value
/// holds the only reference: a box shared between threads is never written.
final class CopyOnWriteBox<Fields>: @unchecked Sendable {
    var fields: Fields

    init(_ fields: Fields) {
        self.fields = fields
    }

    /// `box`, first replaced by a copy of its own if another value shares it.
    static func unique(_ box: inout CopyOnWriteBox) -> CopyOnWriteBox {
        if !isKnownUniquelyReferenced(&box) { box = CopyOnWriteBox(box.fields) }
        return box
    }
}
