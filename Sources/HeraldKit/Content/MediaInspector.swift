import Foundation

/// What a media file is, judged by its bytes, not its name.
public enum MediaKind: String, Sendable {
    case png, jpeg, gif, webp, heic, mp4, mov, webm

    public var isVideo: Bool { [.mp4, .mov, .webm].contains(self) }

    /// How people write the format's name: PNG, WebP, MP4.
    public var name: String {
        switch self {
        case .webp: "WebP"
        case .webm: "WebM"
        default: rawValue.uppercased()
        }
    }

    /// The name after its article, as a sentence says it: "a PNG", "an MP4".
    var withArticle: String { (self == .mp4 ? "an " : "a ") + name }

    /// The kind a file's name says (`.jpg`, `.JPEG`, `.m4v`…); nil for a name of no known kind.
    static func named(_ path: String) -> MediaKind? {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return nil }
        let ext = path[path.index(after: dot)...].lowercased()
        switch ext {
        case "jpg", "jpeg", "jpe": return .jpeg
        case "heif": return .heic
        case "m4v": return .mp4
        case "qt": return .mov
        default: return MediaKind(rawValue: ext)
        }
    }

    public var contentType: String {
        switch self {
        case .png: "image/png"
        case .jpeg: "image/jpeg"
        case .gif: "image/gif"
        case .webp: "image/webp"
        case .heic: "image/heic"
        case .mp4: "video/mp4"
        case .mov: "video/quicktime"
        case .webm: "video/webm"
        }
    }
}

public struct MediaFacts: Sendable {
    public var kind: MediaKind
    public var bytes: Int
}

public enum MediaInspector {
    public enum Problem: Error, Equatable {
        /// With what the path may have meant, when herald can tell.
        case missing(hint: String?)
        /// There, but herald may not read it (or enter a folder on its way): why.
        case unreadable(String)
        case notAFile
        case outsideRepository(String)
        case unknownType
        /// No bytes at all: a copy cut short.
        case empty
        /// A Git LFS pointer where the file belongs: a checkout without LFS.
        case lfsPointer
        /// Shorter than what it holds says it is: `bytes` against `needed`.
        case cutShort(MediaKind, bytes: Int, needed: Int)
        /// Ending before its format's end marker, with no other end: a JPEG
        /// without FF D9, a GIF without its trailer.
        case endMissing(MediaKind, bytes: Int)
    }

    /// Resolves symlinks, checks the file stays inside `root`, and sniffs its type.
    public static func inspect(root: String, path: String) -> Result<MediaFacts, Problem> {
        let full = root + "/" + path
        var info = stat()
        guard stat(full, &info) == 0 else {
            if errno == EACCES { return .failure(.unreadable(String(cString: strerror(errno)))) }
            return .failure(.missing(hint: missingHint(root: root, path: path)))
        }
        guard info.st_mode & S_IFMT == S_IFREG else { return .failure(.notAFile) }
        if let outside = RepositoryPath.resolvedOutside(root: root, path: path) { return .failure(.outsideRepository(outside)) }
        guard let handle = FileHandle(forReadingAtPath: full) else {
            return .failure(access(full, R_OK) != 0 ? .unreadable(String(cString: strerror(errno))) : .missing(hint: nil))
        }
        defer { try? handle.close() }
        let head = [UInt8]((try? handle.read(upToCount: 24)) ?? Data())
        guard let kind = sniff(head) else {
            if info.st_size == 0 { return .failure(.empty) }
            return .failure(head.starts(with: "version https://git-lfs".utf8) ? .lfsPointer : .unknownType)
        }
        if let needed = lengthNeeded(kind, head: head, bytes: Int(info.st_size), file: handle.fileDescriptor) {
            return .failure(.cutShort(kind, bytes: Int(info.st_size), needed: needed))
        }
        let ends = switch kind {
        case .jpeg: jpegEnds(bytes: Int(info.st_size), file: handle.fileDescriptor)
        case .gif: gifEnds(bytes: Int(info.st_size), file: handle.fileDescriptor)
        default: true
        }
        if !ends { return .failure(.endMissing(kind, bytes: Int(info.st_size))) }
        return .success(MediaFacts(kind: kind, bytes: Int(info.st_size)))
    }

    /// How long a file that a copy or download cut short should be, where
    /// its format says so: a GIF's header, a WebP's RIFF size, the boxes of
    /// an MP4, MOV or HEIC file, the last of which runs past the end (an
    /// interrupted copy of a video leaves that). A platform refuses such a
    /// file, or shows what arrived of it, for good. nil when the file is
    /// whole or the format does not tell (a JPEG's end is looked for by
    /// `jpegEnds`), as a WebM whose length is left open (a live
    /// recording's) or a file whose structure herald cannot follow.
    static func lengthNeeded(_ kind: MediaKind, head: [UInt8], bytes: Int, file: Int32) -> Int? {
        switch kind {
        case .gif:
            // "GIF89a", then the logical screen descriptor.
            return bytes < 13 ? 13 : nil
        case .webp:
            guard head.count >= 8 else { return nil }
            let riff = Int(head[4]) | Int(head[5]) << 8 | Int(head[6]) << 16 | Int(head[7]) << 24
            return bytes < riff + 8 ? riff + 8 : nil
        case .mp4, .mov, .heic:
            return boxesEnd(bytes: bytes, file: file)
        case .png:
            return pngEnd(bytes: bytes, file: file)
        case .webm:
            return segmentEnd(bytes: bytes, file: file)
        case .jpeg:
            return nil
        }
    }

    /// Where a PNG cut short would end: the end of the chunk that runs
    /// past the file's, or, when the file ends between chunks before the
    /// last (IEND), the end of a chunk header after it. nil when the file
    /// ends with IEND, or holds it where its chunks lead (bytes after it
    /// are taken by platforms), or its chunks cannot be followed. The
    /// chunks are walked only when the file does not end with IEND.
    private static func pngEnd(bytes: Int, file: Int32) -> Int? {
        let iend: [UInt8] = [0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82]
        var header = [UInt8](repeating: 0, count: 12)
        if bytes >= 20, header.withUnsafeMutableBytes({ pread(file, $0.baseAddress, 12, off_t(bytes - 12)) }) == 12, header == iend { return nil }
        var offset = 8
        // A chunk is at least 12 bytes: a file of 10 MB holds fewer than a million.
        for _ in 0..<1_000_000 {
            guard bytes - offset >= 8 else { return offset + 12 }
            guard header.withUnsafeMutableBytes({ pread(file, $0.baseAddress, 8, off_t(offset)) }) == 8 else { return nil }
            let length = header[0..<4].reduce(0) { $0 << 8 | Int($1) }
            let letters = header[4..<8].allSatisfy { (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) }
            guard length < 1 << 31, letters else { return nil }
            let end = offset + 12 + length
            if end > bytes { return end }
            if header[4..<8].elementsEqual("IEND".utf8) { return nil }
            offset = end
        }
        return nil
    }

    /// Where a WebM's Segment, the element after its EBML header that holds
    /// the rest, ends, when that is past the file's end; nil when it is
    /// not, or its length is left open (all ones), or the file is not laid
    /// out so.
    private static func segmentEnd(bytes: Int, file: Int32) -> Int? {
        var buffer = [UInt8](repeating: 0, count: 16)
        /// An EBML number at `offset`: its value and how many bytes it takes;
        /// nil for a length left open.
        func number(at offset: Int) -> (value: Int, count: Int)? {
            let read = buffer.withUnsafeMutableBytes { pread(file, $0.baseAddress, 16, off_t(offset)) }
            guard read >= 1, buffer[0] != 0 else { return nil }
            let count = buffer[0].leadingZeroBitCount + 1
            guard read >= count else { return nil }
            let first = Int(buffer[0]) & (0xFF >> count)
            let value = buffer[1..<count].reduce(first) { $0 << 8 | Int($1) }
            return value == (1 << (7 * count)) - 1 ? nil : (value, count)
        }
        // The EBML header's ID (4 bytes, sniffed) and its length, then the Segment's ID and length.
        // A header of more than a few kilobytes is no header: not followed.
        guard let header = number(at: 4), header.value <= 4_096 else { return nil }
        let segment = 4 + header.count + header.value
        guard segment + 4 <= bytes else { return segment + 4 }
        var id = [UInt8](repeating: 0, count: 4)
        guard id.withUnsafeMutableBytes({ pread(file, $0.baseAddress, 4, off_t(segment)) }) == 4, id == [0x18, 0x53, 0x80, 0x67],
              let length = number(at: segment + 4) else { return nil }
        let end = segment + 4 + length.count + length.value
        return end > bytes ? end : nil
    }

    /// Whether a GIF holds its trailer (3B): the file ends with it, or it
    /// comes where the GIF's blocks lead (bytes after it are taken). A copy
    /// cut short has none. The blocks are walked only when the file does
    /// not end with it; a GIF whose blocks herald cannot follow is taken as
    /// whole.
    static func gifEnds(bytes: Int, file: Int32) -> Bool {
        var last: UInt8 = 0
        if pread(file, &last, 1, off_t(bytes - 1)) == 1, last == 0x3B { return true }
        var reader = ByteReader(file: file, size: bytes)
        /// The size of a colour table a packed byte announces, if it has one.
        func table(_ packed: UInt8) -> Int { packed & 0x80 == 0 ? 0 : 3 << (Int(packed & 7) + 1) }
        /// Past a run of data sub-blocks, each its length then its bytes, to
        /// the empty one that ends them; nil when the file ends first.
        func pastSubBlocks(from start: Int) -> Int? {
            var at = start
            while true {
                guard let length = reader[at] else { return nil }
                at += 1 + Int(length)
                if length == 0 { return at }
            }
        }
        guard let screen = reader[10] else { return false }
        var at = 13 + table(screen)
        while true {
            guard let introducer = reader[at] else { return false }
            switch introducer {
            case 0x3B:
                return true
            case 0x21:  // an extension: its label, then sub-blocks
                guard let next = pastSubBlocks(from: at + 2) else { return false }
                at = next
            case 0x2C:  // an image: its descriptor, its colour table, the LZW code size, then sub-blocks
                guard let packed = reader[at + 9] else { return false }
                guard let next = pastSubBlocks(from: at + 10 + table(packed) + 1) else { return false }
                at = next
            default:
                return true  // not a block herald knows: not followed
            }
        }
    }

    /// Whether a JPEG holds its end marker (FF D9): the file ends with it,
    /// or, as a phone's file that carries its own bytes after the picture,
    /// it comes where the picture's segments and scans lead. A copy cut
    /// short has none. The file is read whole only when it does not end
    /// with the marker; one whose segments herald cannot follow is taken
    /// as whole.
    static func jpegEnds(bytes: Int, file: Int32) -> Bool {
        var tail: [UInt8] = [0, 0]
        guard bytes >= 4 else { return false }
        if tail.withUnsafeMutableBytes({ pread(file, $0.baseAddress, 2, off_t(bytes - 2)) }) == 2, tail == [0xFF, 0xD9] { return true }
        var reader = ByteReader(file: file, size: bytes)
        var at = 2  // after the start marker, FF D8
        while true {
            guard let byte = reader[at] else { return false }
            guard byte == 0xFF else { return true }  // not a marker where one belongs: not followed
            var marker = 0xFF
            while marker == 0xFF {
                at += 1
                guard let next = reader[at] else { return false }
                marker = Int(next)
            }
            at += 1
            switch marker {
            case 0xD9:
                return true
            case 0x01, 0xD0...0xD7:
                continue  // no length
            default:
                guard let high = reader[at], let low = reader[at + 1] else { return false }
                let length = Int(high) << 8 | Int(low)
                guard length >= 2 else { return true }
                at += length
                guard marker == 0xDA else { continue }
                // The scan's data, up to the next marker: FF is followed by 00 (a byte of data) or a restart marker inside it.
                while true {
                    guard let byte = reader[at] else { return false }
                    at += 1
                    guard byte == 0xFF else { continue }
                    guard let next = reader[at] else { return false }
                    if next == 0x00 || (0xD0...0xD7).contains(next) || next == 0xFF { at += next == 0xFF ? 0 : 1; continue }
                    at -= 1
                    break
                }
            }
        }
    }

    /// A file's bytes by offset, read in blocks as they are asked for in order.
    private struct ByteReader {
        let file: Int32
        let size: Int
        private var block: [UInt8] = []
        private var start = 0

        init(file: Int32, size: Int) {
            self.file = file
            self.size = size
        }

        subscript(offset: Int) -> UInt8? {
            mutating get {
                guard offset >= 0, offset < size else { return nil }
                if offset < start || offset >= start + block.count {
                    block = [UInt8](repeating: 0, count: 1 << 16)
                    let read = block.withUnsafeMutableBytes { pread(file, $0.baseAddress, 1 << 16, off_t(offset)) }
                    block.removeLast(block.count - max(0, read))
                    start = offset
                    guard !block.isEmpty else { return nil }
                }
                return block[offset - start]
            }
        }
    }

    /// The boxes that stand at the top of an MP4, MOV or HEIC file (ISO/IEC
    /// 14496-12 and QuickTime's own).
    private static let topLevelBoxes: Set<String> = [
        "ftyp", "moov", "mdat", "free", "skip", "wide", "moof", "mfra", "meta", "uuid", "pdin", "styp", "sidx", "ssix", "prft",
        "emsg", "pnot", "idat", "iinf", "iloc",
    ]

    /// Where the top-level box that runs past the end of an ISO media file
    /// ends; nil when every box ends within it, or one cannot be read.
    private static func boxesEnd(bytes: Int, file: Int32) -> Int? {
        let size = UInt64(bytes)
        var offset: UInt64 = 0
        var header = [UInt8](repeating: 0, count: 16)
        // A fragmented video holds a pair of boxes per fragment: thousands, not millions.
        for _ in 0..<100_000 {
            guard size - offset >= 8 else { return nil }
            let read = header.withUnsafeMutableBytes { pread(file, $0.baseAddress, 16, off_t(offset)) }
            guard read >= 8 else { return nil }
            func number(_ range: Range<Int>) -> UInt64 { header[range].reduce(0) { $0 << 8 | UInt64($1) } }
            var length = number(0..<4)
            if length == 1 {
                // A 64-bit length follows the type.
                guard read >= 16 else { return size - offset < 16 ? Int(offset) + 16 : nil }
                length = number(8..<16)
                guard length >= 16 else { return nil }
            } else if length == 0 {
                return nil  // the last box, running to the end of the file
            } else if length < 8 {
                return nil
            }
            if length > size - offset {
                // Bytes a tool added after the last box read as a box of any length: only a box
                // of a type that stands at the top of such a file is taken to be cut.
                guard topLevelBoxes.contains(String(decoding: header[4..<8], as: UTF8.self)),
                      length <= UInt64(Int.max) - offset else { return nil }
                return Int(offset + length)
            }
            offset += length
        }
        return nil
    }

    /// The file a media path that is refused or missing likely meant, as
    /// written from the repository's top: an absolute path into the
    /// repository, or one from its top (`/media/a.png`), one with `\` between folders, one written from the post's
    /// folder (`../../media/a.png`, or `a.png` beside the post), or a name
    /// alone for a file in `media/`. Only a file that is there, inside the
    /// repository, is named.
    static func meant(_ path: String, root: String, postFolder: String) -> String? {
        let slashed = path.replacingOccurrences(of: "\\", with: "/")
        var candidates: [String] = []
        if slashed.hasPrefix("/") {
            let tops = [root] + (realpath(root, nil).map { real in defer { free(real) }; return [String(cString: real)] } ?? [])
            candidates = tops.filter { slashed.hasPrefix($0 + "/") }.map { String(slashed.dropFirst($0.count + 1)) }
            // `/media/a.png`: written from the repository's top, as a web site's paths are.
            if candidates.isEmpty { candidates = [String(slashed.drop { $0 == "/" })] }
        } else if !slashed.hasPrefix("~") {
            candidates = [slashed, postFolder + "/" + slashed] + (slashed.contains("/") ? [] : ["media/" + slashed])
        }
        return candidates.lazy.compactMap(lexicallyInside).first { candidate in
            candidate != path && FileWalker.isRegularFile(root + "/" + candidate)
                && RepositoryPath.resolvedOutside(root: root, path: candidate) == nil
        }
    }

    /// `path` with `.` and `..` worked out by name alone; nil when it climbs
    /// above the top.
    private static func lexicallyInside(_ path: String) -> String? {
        var kept: [Substring] = []
        for component in path.split(separator: "/") where component != "." {
            if component == ".." {
                guard kept.popLast() != nil else { return nil }
            } else {
                kept.append(component)
            }
        }
        return kept.isEmpty ? nil : kept.joined(separator: "/")
    }

    /// What a missing media path may have meant, looked for only when it is
    /// missing: a name that differs in case (a Mac's disk ignores case,
    /// Linux's, where CI runs, does not) or only in Unicode form (é composed,
    /// or e and a combining accent: a Mac may write either), a typo, or a
    /// folder that does not exist.
    static func missingHint(root: String, path: String) -> String? {
        // A folder of more files is not searched for a typo: many posts
        // missing their files would compare each with every one.
        let typoSearchLimit = 1_000
        enum Difference { case form, letterCase, typo }
        var found: [String] = []  // the path as the disk has it, so far
        var differences: Set<Difference> = []
        let components = path.split(separator: "/").map(String.init)
        for (index, component) in components.enumerated() {
            var info = stat()
            let onDisk = ([root] + found + [component]).joined(separator: "/")
            if stat(onDisk, &info) == 0 {
                found.append(component)
                continue
            }
            let failure = errno
            if failure == ELOOP || (lstat(onDisk, &info) == 0 && info.st_mode & S_IFMT == S_IFLNK) {
                let shown = (found + [component]).joined(separator: "/")
                guard failure != ELOOP, let target = try? FileManager.default.destinationOfSymbolicLink(atPath: onDisk) else {
                    return "'\(shown)' is a symbolic link that loops back on itself"
                }
                return "'\(shown)' is a symbolic link to '\(target)', which does not exist"
            }
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: ([root] + found).joined(separator: "/")).sorted() else {
                return nil
            }
            // String equality is Unicode canonical equivalence: é composed equals e and a combining accent.
            if let same = names.first(where: { $0 == component }) {
                (found, differences) = (found + [same], differences.union([.form]))
            } else if let other = names.first(where: { $0.lowercased() == component.lowercased() }) {
                (found, differences) = (found + [other], differences.union([.letterCase]))
            } else if names.count <= typoSearchLimit, let close = Suggest.closest(to: component, in: names) {
                (found, differences) = (found + [close], differences.union([.typo]))
            } else {
                return index < components.count - 1 ? "there is no folder '\((found + [component]).joined(separator: "/"))'" : nil
            }
        }
        let meant = found.joined(separator: "/")
        if differences == [.form] {
            return "'\(meant)' on disk has the same letters in another Unicode form (composed, or with combining marks);"
                + " rename it, or write the name as it is on disk"
        }
        return "did you mean '\(meant)'?" + (differences == [.letterCase] ? " The names differ in case, which Linux tells apart" : "")
    }

    static func sniff(_ b: [UInt8]) -> MediaKind? {
        func starts(_ prefix: [UInt8], at offset: Int = 0) -> Bool {
            b.count >= offset + prefix.count && Array(b[offset..<(offset + prefix.count)]) == prefix
        }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if starts([0xFF, 0xD8, 0xFF]) { return .jpeg }
        if starts(Array("GIF87a".utf8)) || starts(Array("GIF89a".utf8)) { return .gif }
        if starts(Array("RIFF".utf8)), starts(Array("WEBP".utf8), at: 8) { return .webp }
        if starts([0x1A, 0x45, 0xDF, 0xA3]) { return .webm }
        // ISO media files share one box: the major brand tells a video from
        // audio (`M4A `), a camera's raw file (`crx `) or an AVIF picture,
        // none of which a platform takes as what herald would send it as.
        if starts(Array("ftyp".utf8), at: 4) {
            let brand = b.count >= 12 ? String(decoding: b[8..<12], as: UTF8.self) : ""
            if ["heic", "heix", "hevc", "hevx", "mif1", "msf1"].contains(brand) { return .heic }
            if brand == "qt  " { return .mov }
            if ["isom", "iso2", "iso3", "iso4", "iso5", "iso6", "mp41", "mp42", "avc1", "dash", "M4V ", "M4VH", "M4VP",
                "mmp4", "MSNV", "XAVC", "f4v "].contains(brand) { return .mp4 }
            return nil
        }
        return nil
    }
}

/// Per-platform media rules. Figures marked unconfirmed in PLATFORMS.md are
/// conservative and listed in the README.
public struct MediaLimits: Sendable {
    public var maxItems: Int
    public var maxImageBytes: Int
    public var maxVideoBytes: Int
    /// A GIF's own cap, where the platform has one (X: 15 MB, against 5 MB
    /// for other images); else `maxImageBytes`.
    public var maxGIFBytes: Int? = nil
    public var kinds: Set<MediaKind>
    /// Whether a post may consist of media alone.
    public var allowsMediaOnly: Bool
    /// Whether a post needs media (Instagram).
    public var requiresMedia: Bool
    /// The longest alt text the platform takes, in Unicode code points, where
    /// it has a limit: X's `/2/media/metadata` takes 1,000 characters
    /// (PLATFORMS.md); Mastodon's media description 1,500 (its
    /// `MAX_DESCRIPTION_LENGTH`, a Rails length check, which counts code
    /// points; 4.4 and later report it as `description_limit`).
    public var maxAltCharacters: Int? = nil
    /// Kinds a post carries alone, with no other file: X takes "up to 4
    /// images, or 1 GIF/video" (PLATFORMS.md); Mastodon refuses audio or
    /// video beside anything ("Cannot attach a video to a post that already
    /// contains images"; a GIF, made a `gifv`, may sit beside images);
    /// Bluesky embeds images, or one video; a LinkedIn post carries one
    /// video or images (`multiImage` takes images only), and a Facebook
    /// Page's photos go together (`attached_media`), a video in a post of
    /// its own.
    public var aloneKinds: Set<MediaKind> = []
    /// A thread's later parts are comments on the post, text alone
    /// (LinkedIn, Facebook, Instagram, VK: PLATFORMS.md).
    public var repliesAreComments = false

    /// Validation asks once per (post, account): built once.
    public static func limits(for platform: Platform) -> MediaLimits { table[platform]! }

    private static let table = Dictionary(uniqueKeysWithValues: Platform.allCases.map { ($0, make(for: $0)) })

    private static func make(for platform: Platform) -> MediaLimits {
        var limits = base(for: platform)
        limits.repliesAreComments = [.linkedin, .facebook, .instagram, .vk].contains(platform)
        return limits
    }

    private static func base(for platform: Platform) -> MediaLimits {
        let mb = 1_000_000
        // Mastodon's `16.megabytes` and `99.megabytes` are Rails', binary.
        let mib = 1_048_576
        let common: Set<MediaKind> = [.png, .jpeg, .gif, .webp, .mp4, .mov]
        switch platform {
        case .x: return MediaLimits(maxItems: 4, maxImageBytes: 5 * mb, maxVideoBytes: 512 * mb, maxGIFBytes: 15 * mb, kinds: common, allowsMediaOnly: true,
                                    requiresMedia: false, maxAltCharacters: 1_000, aloneKinds: [.gif, .mp4, .mov])
        case .mastodon: return MediaLimits(maxItems: 4, maxImageBytes: 16 * mib, maxVideoBytes: 99 * mib, kinds: common.union([.webm, .heic]), allowsMediaOnly: true, requiresMedia: false,
                                           maxAltCharacters: 1_500, aloneKinds: [.mp4, .mov, .webm])
        case .bluesky: return MediaLimits(maxItems: 4, maxImageBytes: 1_000_000, maxVideoBytes: 50 * mb, kinds: common, allowsMediaOnly: true, requiresMedia: false,
                                          aloneKinds: [.mp4, .mov])
        case .linkedin: return MediaLimits(maxItems: 20, maxImageBytes: 10 * mb, maxVideoBytes: 500 * mb, kinds: [.png, .jpeg, .gif, .mp4], allowsMediaOnly: true, requiresMedia: false,
                                           aloneKinds: [.mp4])
        case .facebook: return MediaLimits(maxItems: 10, maxImageBytes: 10 * mb, maxVideoBytes: 1000 * mb, kinds: common, allowsMediaOnly: true, requiresMedia: false,
                                           aloneKinds: [.mp4, .mov])
        case .instagram: return MediaLimits(maxItems: 10, maxImageBytes: 8 * mb, maxVideoBytes: 300 * mb, kinds: [.jpeg, .mp4, .mov], allowsMediaOnly: true, requiresMedia: true)
        case .threads: return MediaLimits(maxItems: 20, maxImageBytes: 8 * mb, maxVideoBytes: 1000 * mb, kinds: [.png, .jpeg, .mp4, .mov], allowsMediaOnly: true, requiresMedia: false)
        case .vk: return MediaLimits(maxItems: 10, maxImageBytes: 50 * mb, maxVideoBytes: 1000 * mb, kinds: common, allowsMediaOnly: true, requiresMedia: false)
        }
    }
}
