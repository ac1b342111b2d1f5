import CYAML

/// One libyaml parser reading a UTF-8 buffer, and the event it produced
/// last. Frees everything libyaml allocated when it goes away.
struct LibYAMLParser: ~Copyable {
    /// The parser and the current event, in one heap block: libyaml's string
    /// reader keeps a pointer to the parser, so it must not move, and
    /// handlers read the event's fields in place rather than copying it.
    private let parser: UnsafeMutablePointer<yaml_parser_t>
    /// The current event; valid after `next()` returned `true`.
    let event: UnsafeMutablePointer<yaml_event_t>
    private let block: UnsafeMutableRawPointer
    private var holdsEvent = false
    /// `false` when libyaml could not allocate its buffers.
    let isReady: Bool

    /// `bytes` must outlive the parser.
    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        let eventOffset = (MemoryLayout<yaml_parser_t>.size + 15) & ~15
        block = .allocate(byteCount: eventOffset + MemoryLayout<yaml_event_t>.size, alignment: 16)
        parser = block.bindMemory(to: yaml_parser_t.self, capacity: 1)
        event = (block + eventOffset).bindMemory(to: yaml_event_t.self, capacity: 1)
        isReady = yaml_parser_initialize(parser) == 1
        guard isReady else { return }
        yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
        // libyaml insists on a non-null input pointer even for no input; with
        // a size of 0 it never reads through it.
        let start = bytes.baseAddress ?? UnsafePointer(block.assumingMemoryBound(to: UInt8.self))
        yaml_parser_set_input_string(parser, start, bytes.count)
    }

    deinit {
        if holdsEvent { yaml_event_delete(event) }
        if isReady { yaml_parser_delete(parser) }
        block.deallocate()
    }

    /// Parses the next event into `event`; `false` at an error (see
    /// `failure`) or when the parser is not ready.
    mutating func next() -> Bool {
        if holdsEvent {
            yaml_event_delete(event)
            holdsEvent = false
        }
        guard isReady, yaml_parser_parse(parser, event) == 1 else { return false }
        holdsEvent = true
        return true
    }

    /// What went wrong, after `next()` returned `false`.
    var failure: Failure {
        guard isReady else {
            return Failure(kind: YAML_MEMORY_ERROR, problem: nil, context: nil,
                           problemMark: yaml_mark_t(), contextMark: yaml_mark_t(), problemOffset: 0, problemValue: -1)
        }
        return Failure(
            kind: parser.pointee.error,
            problem: parser.pointee.problem.map { String(cString: $0) },
            context: parser.pointee.context.map { String(cString: $0) },
            problemMark: parser.pointee.problem_mark,
            contextMark: parser.pointee.context_mark,
            problemOffset: Int(parser.pointee.problem_offset),
            problemValue: Int(parser.pointee.problem_value)
        )
    }

    struct Failure {
        var kind: yaml_error_type_t
        var problem: String?
        var context: String?
        /// Where scanner and parser errors are; 0-based.
        var problemMark: yaml_mark_t
        /// Where the construct the problem is in began (a flow sequence's '['); 0-based.
        var contextMark: yaml_mark_t
        /// Where reader errors (bad characters) are: a byte offset.
        var problemOffset: Int
        /// The character a reader error is about, or -1.
        var problemValue: Int
    }
}
