/// A stack in one growable buffer whose top elements can be moved out in
/// bulk: how the tree builder turns a collection's finished children into
/// one exactly-sized array without copying them one by one.
struct ScratchStack<Element>: ~Copyable {
    private var base: UnsafeMutablePointer<Element>
    private var capacity: Int
    private(set) var count = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 1)
        base = .allocate(capacity: self.capacity)
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    @inline(__always)
    mutating func push(_ element: consuming Element) {
        if count == capacity { grow() }
        (base + count).initialize(to: element)
        count += 1
    }

    @inline(never)
    private mutating func grow() {
        let larger = UnsafeMutablePointer<Element>.allocate(capacity: capacity * 2)
        larger.moveInitialize(from: base, count: count)
        base.deallocate()
        base = larger
        capacity *= 2
    }

    mutating func popLast() -> Element? {
        guard count > 0 else { return nil }
        count -= 1
        return (base + count).move()
    }

    subscript(index: Int) -> Element {
        base[index]
    }

    /// The first index at or after `start` whose element satisfies
    /// `predicate`.
    func firstIndex(from start: Int, where predicate: (borrowing Element) -> Bool) -> Int? {
        var index = start
        while index < count {
            if predicate(base[index]) { return index }
            index += 1
        }
        return nil
    }

    /// Moves the elements from `start` to the top into a new array.
    mutating func takeArray(from start: Int) -> [Element] {
        let taken = count - start
        count = start
        let source = base + start
        return Array(unsafeUninitializedCapacity: taken) { buffer, initialized in
            buffer.baseAddress?.moveInitialize(from: source, count: taken)
            initialized = taken
        }
    }
}
