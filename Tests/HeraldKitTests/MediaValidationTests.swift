import Foundation
import Testing
import HeraldTestSupport
@testable import HeraldKit

/// The rules for a post's media: paths, kinds, sizes, counts and alt text per platform.
@Suite struct MediaValidationTests {
    let due = "publish_at: 2026-12-01T09:00:00+01:00\n"

    @Test func mediaEntryWithoutPath() throws {
        let repo = try TempRepository(["posts/a.yaml": due + "accounts: [acme-x]\ntext: hi\nmedia:\n  - alt: a picture\n"])
        #expect(repo.diagnostics() == ["posts/a.yaml:5:5: error: media entry has no 'path'"])
        // Misspelt, it is one error, at the key written.
        let misspelt = try TempRepository(["posts/a.yaml": due + "accounts: [acme-x]\ntext: hi\nmedia:\n  - Path: media/a.png\n"])
        #expect(misspelt.diagnostics() == ["posts/a.yaml:5:5: error: unknown key 'Path' in a media entry (did you mean 'path'?)"])
        // Named as another tool or platform names it: told which, and one error.
        let named = try TempRepository(["posts/a.yaml": due + "accounts: [acme-mastodon]\ntext: hi\nmedia:\n  - file: media/a.png\n    alt: a cat\n"
                                            + "  - path: media/a.png\n    alt_text: a dog\n  - path: media/a.png\n    description: a bird\n"])
        try named.write("media/a.png", TempRepository.png)
        #expect(named.diagnosticsBesidesAlt() == [
            "posts/a.yaml:5:5: error: unknown key 'file' in a media entry (herald calls it 'path')",
            "posts/a.yaml:8:5: error: unknown key 'alt_text' in a media entry (herald calls it 'alt')",
            "posts/a.yaml:10:5: error: unknown key 'description' in a media entry (herald calls it 'alt')",
        ])
    }

    /// A missing file says what was probably meant: a name in another case
    /// (it works on a Mac, not on Linux), the same letters in another
    /// Unicode form, a typo in the file's or a folder's name, a folder that
    /// does not exist.
    @Test func aMissingFileSaysWhatWasMeant() throws {
        let post = due + "accounts: [acme-x]\ntext: hi\nmedia:\n  - path: %@\n"
        let repo = try TempRepository([
            "posts/case.yaml": post.replacingOccurrences(of: "%@", with: "Media/Launch.PNG"),
            "posts/form.yaml": post.replacingOccurrences(of: "%@", with: "media/caf\u{E9}.png"),
            // Named as on disk, beside the post that names it otherwise: each is checked by its own bytes.
            "posts/right.yaml": post.replacingOccurrences(of: "%@", with: "media/cafe\u{301}.png"),
            "posts/typo.yaml": post.replacingOccurrences(of: "%@", with: "media/lanch.png"),
            "posts/folder.yaml": post.replacingOccurrences(of: "%@", with: "media/2026/launch.png"),
            "posts/nothing.yaml": post.replacingOccurrences(of: "%@", with: "media/zzz.png"),
            "posts/dangling.yaml": post.replacingOccurrences(of: "%@", with: "media/dangling.png"),
            "posts/loop.yaml": post.replacingOccurrences(of: "%@", with: "media/loop.png"),
        ])
        try repo.write("media/launch.png", TempRepository.png)
        // Links that lead nowhere: the name is right, the link is not.
        try FileManager.default.createSymbolicLink(atPath: repo.root + "/media/dangling.png", withDestinationPath: "nowhere.png")
        try FileManager.default.createSymbolicLink(atPath: repo.root + "/media/loop.png", withDestinationPath: "loop.png")
        // Written on disk with e and a combining accent, as a Mac may write é.
        try repo.write("media/cafe\u{301}.png", TempRepository.png)
        #expect(repo.diagnosticsBesidesAlt() == [
            "posts/case.yaml:5:11: error: media file 'Media/Launch.PNG' does not exist (did you mean 'media/launch.png'? The names differ in case, which Linux tells apart)",
            "posts/dangling.yaml:5:11: error: media file 'media/dangling.png' does not exist ('media/dangling.png' is a symbolic link to 'nowhere.png', which does not exist)",
            "posts/folder.yaml:5:11: error: media file 'media/2026/launch.png' does not exist (there is no folder 'media/2026')",
            "posts/form.yaml:5:11: error: media file 'media/caf\u{E9}.png' does not exist ('media/cafe\u{301}.png' on disk has the same letters in another Unicode form (composed, or with combining marks); rename it, or write the name as it is on disk)",
            "posts/loop.yaml:5:11: error: media file 'media/loop.png' does not exist ('media/loop.png' is a symbolic link that loops back on itself)",
            "posts/nothing.yaml:5:11: error: media file 'media/zzz.png' does not exist",
            "posts/typo.yaml:5:11: error: media file 'media/lanch.png' does not exist (did you mean 'media/launch.png'?)",
        ])
    }

    /// A path written from the post's folder, as an absolute path into the
    /// repository, with '\\' between folders, or as a name alone for a file
    /// in media/, is told the path to write, when that file is there.
    @Test func aPathWrittenFromElsewhereIsToldThePathToWrite() throws {
        let repo = try TempRepository([
            "posts/2026/a.yaml": due + """
                accounts: [acme-x]
                text: hi
                media: [launch.png, ../../media/launch.png, 'media\\launch.png', beside.png, ../../../outside.png, nothing.png]

                """,
            "posts/b.yaml": due + "accounts: [acme-x]\ntext: hi\nmedia: [%@/media/launch.png, %@/media/../media/launch.png]\n",
            // Written from the repository's top, as a web site's paths are.
            "posts/c.yaml": due + "accounts: [acme-x]\ntext: hi\nmedia: [/media/launch.png]\n",
        ])
        try repo.write("posts/b.yaml", try String(contentsOfFile: repo.root + "/posts/b.yaml", encoding: .utf8).replacingOccurrences(of: "%@", with: repo.root))
        try repo.write("media/launch.png", TempRepository.png)
        try repo.write("posts/2026/beside.png", TempRepository.png)
        // A link beside the post that leads out of the repository is not offered.
        symlink("/etc/hostname", repo.root + "/posts/2026/nothing.png")
        let top = "media paths start at the repository's top"
        #expect(repo.diagnostics() == [
            "posts/2026/a.yaml:4:9: error: media file 'launch.png' does not exist (write it as 'media/launch.png': \(top))",
            "posts/2026/a.yaml:4:21: error: media path must stay inside the repository ('..' is not allowed) (write it as 'media/launch.png': \(top))",
            "posts/2026/a.yaml:4:45: error: media path must use '/' as the separator (write it as 'media/launch.png')",
            "posts/2026/a.yaml:4:65: error: media file 'beside.png' does not exist (write it as 'posts/2026/beside.png': \(top))",
            "posts/2026/a.yaml:4:77: error: media path must stay inside the repository ('..' is not allowed)",
            "posts/2026/a.yaml:4:77: error: post has 6 media files; X (acme-x) takes at most 4",
            "posts/2026/a.yaml:4:99: error: media file 'nothing.png' does not exist",
            "posts/b.yaml:4:9: error: media path must be relative to the repository, not absolute (write it as 'media/launch.png': \(top))",
            "posts/b.yaml:4:\(9 + repo.root.count + 19): error: media path must be relative to the repository, not absolute (write it as 'media/launch.png': \(top))",
            "posts/c.yaml:4:9: error: media path must be relative to the repository, not absolute (write it as 'media/launch.png': \(top))",
        ])
    }

    @Test func mediaPathRules() throws {
        let repo = try TempRepository([
            "posts/a.yaml": due + """
                accounts: [acme-mastodon]
                text: hi
                media:
                  - path: /etc/passwd
                  - path: ../secret.png
                  - path: media/missing.png
                  - path: media/notes.txt
                  - path: media/escape.png

                """,
            "media/notes.txt": "just text",
        ])
        symlink("/etc/hostname", repo.root + "/media/escape.png")
        #expect(repo.diagnostics() == [
            "posts/a.yaml:5:11: error: media path must be relative to the repository, not absolute",
            "posts/a.yaml:6:11: error: media path must stay inside the repository ('..' is not allowed)",
            "posts/a.yaml:7:11: error: media file 'media/missing.png' does not exist",
            "posts/a.yaml:8:11: error: media file 'media/notes.txt' is not an image or video herald knows (PNG, JPEG, GIF, WebP, HEIC, MP4, MOV, WebM)",
            "posts/a.yaml:9:11: error: media path 'media/escape.png' leads outside the repository through a symbolic link",
            "posts/a.yaml:9:11: error: post has 5 media files; Mastodon (acme-mastodon) takes at most 4",
        ])
    }

    /// A file with no bytes (a copy cut short) and a Git LFS pointer (a
    /// checkout without LFS, as CI's often is) are said to be what they are,
    /// not a type herald does not know.
    @Test func anEmptyFileAndAnLFSPointerAreNamed() throws {
        let repo = try TempRepository([
            "posts/a.yaml": due + "accounts: [acme-mastodon]\ntext: hi\nmedia:\n  - { path: media/empty.png, alt: a }\n  - { path: media/big.png, alt: b }\n",
            "media/empty.png": "",
            "media/big.png": "version https://git-lfs.github.com/spec/v1\noid sha256:4d7a\nsize 12345\n",
        ])
        #expect(repo.diagnostics() == [
            "posts/a.yaml:5:13: error: media file 'media/empty.png' is empty (0 bytes) (a copy cut short? put the whole file there)",
            "posts/a.yaml:6:13: error: media file 'media/big.png' is a Git LFS pointer, not the file "
                + "(fetch the files: git lfs pull, or in a GitHub job actions/checkout with 'lfs: true')",
        ])
    }

    /// A file shorter than its format says it is (an interrupted copy or
    /// download of a video, most often) is refused before a platform takes
    /// what arrived of it: a GIF without its header, a WebP shorter than its
    /// RIFF size, an MP4 whose last box, with a 32- or 64-bit length, runs
    /// past the end, a PNG whose chunk runs past it or that ends before its
    /// last chunk (IEND), a WebM whose Segment does, a GIF whose blocks end
    /// before its trailer. Whole files, a last box that runs to the end
    /// (length 0), bytes after an MP4's last box, a PNG's IEND or a GIF's trailer, and a WebM whose length is
    /// left open (a live recording) pass.
    @Test func aFileCutShortIsRefused() throws {
        func box(_ type: String, length: UInt32, body: Int) -> [UInt8] {
            withUnsafeBytes(of: length.bigEndian, Array.init) + Array(type.utf8) + [UInt8](repeating: 7, count: body)
        }
        let ftyp = box("ftyp", length: 16, body: 0).prefix(8) + Array("isom".utf8) + [0, 0, 2, 0]
        let wide = withUnsafeBytes(of: UInt32(1).bigEndian, Array.init) + Array("mdat".utf8) + withUnsafeBytes(of: UInt64(5_000_000).bigEndian, Array.init)
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        // A GIF's header and screen, with a colour table of two colours (the packed byte 0x80).
        let gif: [UInt8] = Array("GIF89a".utf8) + [1, 0, 1, 0, 0x80, 0, 0] + [0, 0, 0, 255, 255, 255]
        func chunk(_ type: String, _ length: Int) -> [UInt8] {
            withUnsafeBytes(of: UInt32(length).bigEndian, Array.init) + Array(type.utf8) + [UInt8](repeating: 5, count: length) + [0, 0, 0, 0]
        }
        // EBML's ID, a length of 4 (one byte, 0x84), and 4 bytes of header.
        let ebml: [UInt8] = [0x1A, 0x45, 0xDF, 0xA3, 0x84, 0x42, 0x86, 0x81, 0x01]
        func webp(riff: UInt32, body: Int) -> Data {
            Data(Array("RIFF".utf8) + withUnsafeBytes(of: riff.littleEndian, Array.init) + Array("WEBPVP8 ".utf8) + [UInt8](repeating: 0, count: body))
        }
        let files: [(String, Data)] = [
            ("short.gif", Data("GIF89a".utf8)),
            ("short.mp4", Data(ftyp + box("mdat", length: 1_000_000, body: 92))),
            ("wide.mp4", Data(ftyp + wide + [1, 2, 3])),
            ("short.webp", webp(riff: 1_000, body: 10)),
            ("whole.gif", Data(gif + [0x3B])),
            ("cut.gif", Data(gif + [0x21, 0xF9, 4, 0, 0, 0, 0, 0] + [0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 0x01])),
            ("trailer.gif", Data(gif + [0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0x80] + [UInt8](repeating: 9, count: 6) + [2, 2, 0x44, 0x01, 0, 0x3B, 1, 2])),
            ("whole.mp4", Data(ftyp + box("moov", length: 12, body: 4) + box("mdat", length: 100, body: 92))),
            ("open.mp4", Data(ftyp + box("mdat", length: 0, body: 500))),
            // Bytes a tool added after the last box read as a box "extr" of 1.7 GB: not a box that stands at the top.
            ("trailer.mp4", Data(ftyp + box("mdat", length: 100, body: 92) + Array("extra trailing bytes".utf8))),
            ("whole.webp", webp(riff: 18, body: 10)),
            ("short.png", Data(png + chunk("IHDR", 13) + chunk("IDAT", 1_000).prefix(50))),
            ("endless.png", Data(png + chunk("IHDR", 13))),
            ("whole.png", Data(png + chunk("IHDR", 13) + chunk("IDAT", 30) + chunk("IEND", 0))),
            ("trailer.png", Data(png + chunk("IHDR", 13) + chunk("IEND", 0) + [1, 2, 3])),
            ("short.webm", Data(ebml + [0x18, 0x53, 0x80, 0x67, 0x42, 0x00] + [UInt8](repeating: 3, count: 100))),
            ("whole.webm", Data(ebml + [0x18, 0x53, 0x80, 0x67, 0x84] + [1, 2, 3, 4])),
            ("live.webm", Data(ebml + [0x18, 0x53, 0x80, 0x67, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF] + [1, 2, 3])),
        ]
        let repo = try TempRepository(["posts/a.yaml": due + "accounts: [acme-mastodon]\ntext: hi\nmedia:\n"
            + files.map { "  - { path: media/\($0.0), alt: a }\n" }.joined()])
        for (name, bytes) in files { try repo.write("media/" + name, bytes) }
        #expect(repo.diagnostics().filter { !$0.contains("at most") } == [
            "posts/a.yaml:5:13: error: media file 'media/short.gif' is cut short: the file has 6 bytes, and as a GIF it needs at least 13 "
                + "(a copy or download interrupted? put the whole file there)",
            "posts/a.yaml:6:13: error: media file 'media/short.mp4' is cut short: the file has 116 bytes, and as an MP4 it needs at least 1,000,016 "
                + "(a copy or download interrupted? put the whole file there)",
            "posts/a.yaml:7:13: error: media file 'media/wide.mp4' is cut short: the file has 35 bytes, and as an MP4 it needs at least 5,000,016 "
                + "(a copy or download interrupted? put the whole file there)",
            "posts/a.yaml:8:13: error: media file 'media/short.webp' is cut short: the file has 26 bytes, and as a WebP it needs at least 1,008 "
                + "(a copy or download interrupted? put the whole file there)",
            "posts/a.yaml:10:13: error: media file 'media/cut.gif' is cut short: the file has 41 bytes and ends before a GIF's trailer (3B) "
                + "(a copy or download interrupted? put the whole file there)",
            "posts/a.yaml:16:13: error: media file 'media/short.png' is cut short: the file has 83 bytes, and as a PNG it needs at least 1,045 "
                + "(a copy or download interrupted? put the whole file there)",
            "posts/a.yaml:17:13: error: media file 'media/endless.png' is cut short: the file has 33 bytes, and as a PNG it needs at least 45 "
                + "(a copy or download interrupted? put the whole file there)",
            "posts/a.yaml:20:13: error: media file 'media/short.webm' is cut short: the file has 115 bytes, and as a WebM it needs at least 527 "
                + "(a copy or download interrupted? put the whole file there)",
        ])
    }

    /// A JPEG cut short has no end marker (FF D9): one that ends with it,
    /// or holds it where its segments and scans lead (a phone's file with
    /// bytes of its own after the picture), is whole. A scan's data may hold
    /// FF 00 and restart markers, which are not its end.
    @Test func aJPEGWithoutItsEndIsCutShort() throws {
        let start: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0, 16] + Array("JFIF".utf8) + [0, 1, 1, 0, 0, 1, 0, 1, 0, 0]
        let scan: [UInt8] = [0xFF, 0xDA, 0, 8, 1, 1, 0, 0, 63, 0] + [0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56, 0xFF, 0xFF, 0x00]
        let whole = start + scan + [0xFF, 0xD9]
        let files: [(String, [UInt8])] = [
            ("cut.jpg", start + scan),
            ("cut-in-a-segment.jpg", start + [0xFF, 0xE1, 0x40, 0x00] + Array("Exif".utf8)),
            ("cut-after-ff.jpg", start + scan + [0xFF]),
            ("whole.jpg", whole),
            ("trailer.jpg", whole + Array("SEFH trailer of a phone".utf8)),
            ("progressive.jpg", start + scan + [0xFF, 0xC4, 0, 3, 9] + scan + [0xFF, 0xD9] + [1, 2, 3]),
        ]
        let repo = try TempRepository(["posts/a.yaml": due + "accounts: [acme-x]\ntext: hi\nmedia:\n"
            + files.map { "  - { path: media/\($0.0), alt: a }\n" }.joined()])
        for (name, bytes) in files { try repo.write("media/" + name, Data(bytes)) }
        #expect(repo.diagnostics().filter { !$0.contains("at most") } == [
            "posts/a.yaml:5:13: error: media file 'media/cut.jpg' is cut short: the file has 40 bytes and ends before a JPEG's end marker (FF D9) "
                + "(a copy or download interrupted? put the whole file there)",
            "posts/a.yaml:6:13: error: media file 'media/cut-in-a-segment.jpg' is cut short: the file has 28 bytes and ends before a JPEG's end marker (FF D9) "
                + "(a copy or download interrupted? put the whole file there)",
            "posts/a.yaml:7:13: error: media file 'media/cut-after-ff.jpg' is cut short: the file has 41 bytes and ends before a JPEG's end marker (FF D9) "
                + "(a copy or download interrupted? put the whole file there)",
        ])
    }

    @Test func mediaSizeAndCountPerPlatform() throws {
        var big = TempRepository.png
        big.append(Data(count: 1_000_001))
        let repo = try TempRepository([
            "posts/a.yaml": due + """
                accounts: [acme-bluesky, acme-mastodon]
                text: hi
                media: [media/big.png, media/a.png, media/a.png, media/a.png, media/a.png]

                """,
            "media/a.png": String(decoding: TempRepository.png, as: UTF8.self),
        ])
        try repo.write("media/a.png", TempRepository.png)
        try repo.write("media/big.png", big)
        #expect(repo.diagnosticsBesidesAlt() == [
            "posts/a.yaml:4:9: error: media file 'media/big.png' is 1,000,021 bytes; Bluesky (acme-bluesky) takes at most 1,000,000 bytes (1 MB)",
            "posts/a.yaml:4:63: error: post has 5 media files; Bluesky (acme-bluesky) takes at most 4",
            "posts/a.yaml:4:63: error: post has 5 media files; Mastodon (acme-mastodon) takes at most 4",
        ])
    }

    /// A video or GIF goes alone on X ("up to 4 images, or 1 GIF/video");
    /// a video goes alone on Mastodon (which refuses one beside images) and
    /// on Bluesky, where a GIF is an image, as on Mastodon (a `gifv`). Before, only the count was
    /// checked: the platform refused the post at every run.
    @Test func aVideoOrGIFGoesAlone() throws {
        let mp4 = Data([0, 0, 0, 24] + Array("ftypisom".utf8) + [0, 0, 2, 0] + Array("isomiso2".utf8))
        let gif = Data(Array("GIF89a".utf8) + [1, 0, 1, 0, 0, 0, 0, 0x3B])
        let repo = try TempRepository([
            "posts/x.yaml": due + "accounts: [acme-x, acme-mastodon, acme-bluesky]\ntext: hi\nmedia: [media/a.png, media/clip.mp4]\n",
            "posts/g.yaml": due + "accounts: [acme-x, acme-bluesky, acme-mastodon]\ntext: hi\nmedia: [media/a.gif, media/a.png, media/a.png]\n",
            "posts/one.yaml": due + "accounts: [acme-x, acme-mastodon, acme-bluesky]\ntext: hi\nmedia: [media/clip.mp4]\n",
        ])
        try repo.write("media/a.png", TempRepository.png)
        try repo.write("media/a.gif", gif)
        try repo.write("media/clip.mp4", mp4)
        let hint = " (put it in a post or thread part of its own)"
        #expect(repo.diagnosticsBesidesAlt() == [
            "posts/g.yaml:4:9: error: post has a GIF and 2 other media files; X (acme-x) takes a GIF alone" + hint,
            "posts/x.yaml:4:22: error: post has a video and 1 other media file; Bluesky (acme-bluesky) takes a video alone" + hint,
            "posts/x.yaml:4:22: error: post has a video and 1 other media file; Mastodon (acme-mastodon) takes a video alone" + hint,
            "posts/x.yaml:4:22: error: post has a video and 1 other media file; X (acme-x) takes a video alone" + hint,
        ])
    }

    /// Caps at their edges, in the platform's units: Mastodon's 16 MiB
    /// (Rails' `16.megabytes`, binary), and X's 15 MB for a GIF against 5 MB
    /// for other images. Before, 16 MB was read as 16,000,000 bytes, and an
    /// X GIF over 5 MB was refused.
    @Test func sizeCapsInThePlatformsUnits() throws {
        let gif = Data(Array("GIF89a".utf8) + [1, 0, 1, 0, 0, 0, 0, 0x3B])
        let repo = try TempRepository([
            "posts/a.yaml": due + "accounts: [acme-mastodon]\ntext: hi\nmedia: [media/at.png]\n",
            "posts/b.yaml": due + "accounts: [acme-mastodon]\ntext: hi\nmedia: [media/over.png]\n",
            "posts/c.yaml": due + "accounts: [acme-x]\ntext: hi\nmedia: [media/gif-at.gif]\n",
            "posts/d.yaml": due + "accounts: [acme-x]\ntext: hi\nmedia: [media/gif-over.gif]\n",
            "posts/e.yaml": due + "accounts: [acme-x]\ntext: hi\nmedia: [media/png-over.png]\n",
        ])
        try repo.write("media/at.png", TempRepository.png + Data(count: 16 * 1_048_576 - TempRepository.png.count))
        try repo.write("media/over.png", TempRepository.png + Data(count: 16 * 1_048_576 - TempRepository.png.count + 1))
        try repo.write("media/gif-at.gif", gif + Data(count: 15_000_000 - gif.count))
        try repo.write("media/gif-over.gif", gif + Data(count: 15_000_000 - gif.count + 1))
        try repo.write("media/png-over.png", TempRepository.png + Data(count: 5_000_000 - TempRepository.png.count + 1))
        #expect(repo.diagnosticsBesidesAlt() == [
            "posts/b.yaml:4:9: error: media file 'media/over.png' is 16,777,217 bytes; Mastodon (acme-mastodon) takes at most 16,777,216 bytes (16 MiB)",
            "posts/d.yaml:4:9: error: media file 'media/gif-over.gif' is 15,000,001 bytes; X (acme-x) takes at most 15,000,000 bytes (15 MB)",
            "posts/e.yaml:4:9: error: media file 'media/png-over.png' is 5,000,001 bytes; X (acme-x) takes at most 5,000,000 bytes (5 MB)",
        ])
    }

    /// A LinkedIn post carries one video or images (`multiImage` takes
    /// images only); a Facebook Page's photos go together, a video in a post
    /// of its own. Before, a mix passed, for the platform to refuse.
    @Test func aVideoGoesAloneOnLinkedInAndFacebook() throws {
        let mp4 = Data([0, 0, 0, 24] + Array("ftypisom".utf8) + [0, 0, 2, 0] + Array("isomiso2".utf8))
        let accounts = TempRepository.defaultAccounts + "  acme-li: { platform: linkedin, organization: \"2414183\" }\n  acme-fb: { platform: facebook, page_id: \"104512345678901\" }\n"
        let repo = try TempRepository([
            "posts/a.yaml": due + "accounts: [acme-li, acme-fb]\ntext: hi\nmedia: [media/a.png, media/clip.mp4]\n",
            "posts/b.yaml": due + "accounts: [acme-li, acme-fb]\ntext: hi\nmedia: [media/clip.mp4]\n",
        ], accounts: accounts)
        try repo.write("media/a.png", TempRepository.png)
        try repo.write("media/clip.mp4", mp4)
        let hint = " (put it in a post or thread part of its own)"
        #expect(repo.diagnosticsBesidesAlt() == [
            "posts/a.yaml:4:22: error: post has a video and 1 other media file; Facebook (acme-fb) takes a video alone" + hint,
            "posts/a.yaml:4:22: error: post has a video and 1 other media file; LinkedIn (acme-li) takes a video alone" + hint,
        ])
    }

    /// An alt text written as a block (`alt: |`) ends with a line break
    /// YAML keeps: it is sent and counted without it, as a post's text is.
    /// Before, 1,500 characters so written were refused on Mastodon as 1,501.
    @Test func anAltTextBlocksLineBreakIsNotSentNorCounted() throws {
        let repo = try TempRepository([
            "posts/a.yaml": due + "accounts: [acme-mastodon]\ntext: hi\nmedia:\n  - path: media/a.png\n    alt: |\n      \(String(repeating: "a", count: 1_500))\n",
        ])
        try repo.write("media/a.png", TempRepository.png)
        #expect(repo.diagnostics() == [])
        let media = try #require(repo.load().posts.first?.media.first)
        #expect(media.alt?.value.hasSuffix("\n") == true)
        #expect(media.sentAlt == String(repeating: "a", count: 1_500))
    }

    /// Where a thread's later parts are comments (Instagram, LinkedIn,
    /// Facebook, VK), each is text alone: a text part is not told it needs
    /// an image (Instagram's post does), and a part with media is an error.
    @Test func aThreadsCommentsAreTextAlone() throws {
        let accounts = TempRepository.defaultAccounts + "  acme-ig:\n    platform: instagram\n    user_id: \"17841400000000000\"\n"
        let repo = try TempRepository([
            "posts/a.yaml": due + "accounts: [acme-ig]\ntext: hi\nmedia: [media/a.jpg]\nthread:\n  - text: a comment\n  - text: with a picture\n    media: [media/a.jpg]\n",
        ], accounts: accounts)
        try repo.write("media/a.jpg", TempRepository.jpeg)
        #expect(repo.diagnosticsBesidesAlt() == [
            "posts/a.yaml:8:13: error: part 3/3 of the thread is a comment on Instagram (acme-ig), which carries no media (put the media in the post itself, or in a post of its own)",
        ])
        // A comment's text is measured as any part's.
        try repo.write("posts/a.yaml", due + "accounts: [acme-ig]\ntext: hi\nmedia: [media/a.jpg]\nthread:\n  - text: \(String(repeating: "a", count: 2_300))\n")
        #expect(repo.diagnosticsBesidesAlt().first?.hasPrefix("posts/a.yaml:6:11: error: part 2/2 of the thread is too long for Instagram (acme-ig)") == true, "\(repo.diagnostics())")
    }

    /// A kind a platform does not take is refused (Instagram takes JPEG
    /// alone), judged by the file's bytes: a PNG saved as `.jpg` is told
    /// to be one, or the message would read as wrong.
    @Test func aKindThePlatformDoesNotTakeIsRefusedByItsBytes() throws {
        let accounts = TempRepository.defaultAccounts + "  acme-ig:\n    platform: instagram\n    user_id: \"17841400000000000\"\n"
        let repo = try TempRepository([
            "posts/a.yaml": due + "accounts: [acme-ig]\ntext: hi\nmedia: [media/a.png]\n",
            "posts/b.yaml": due + "accounts: [acme-ig]\ntext: hi\nmedia: [media/b.jpg]\n",
            "posts/c.yaml": due + "accounts: [acme-ig]\ntext: hi\nmedia: [media/c.JPG]\n",
        ], accounts: accounts)
        try repo.write("media/a.png", TempRepository.png)
        try repo.write("media/b.jpg", TempRepository.png)
        try repo.write("media/c.JPG", TempRepository.jpeg)
        #expect(repo.diagnosticsBesidesAlt() == [
            "posts/a.yaml:4:9: error: Instagram does not take PNG files (acme-ig)",
            "posts/b.yaml:4:9: error: Instagram does not take PNG files (acme-ig) ('media/b.jpg' is a PNG file by its bytes, whatever its name says)",
        ])
    }

    /// An ISO media file is a video by its brand: audio (`M4A `), a
    /// camera's raw file (`crx `) and an AVIF picture are no video herald
    /// knows, where any such file was taken for an MP4 before.
    @Test func onlyAVideosBrandIsAVideo() {
        func kind(_ brand: String) -> MediaKind? { MediaInspector.sniff([0, 0, 0, 24] + Array("ftyp\(brand)".utf8) + [0, 0, 2, 0]) }
        #expect(kind("isom") == .mp4 && kind("mp42") == .mp4 && kind("qt  ") == .mov && kind("heic") == .heic)
        #expect(kind("M4A ") == nil && kind("crx ") == nil && kind("avif") == nil)
    }

    /// X takes 1,000 characters of alt text and Mastodon 1,500, both
    /// counted in code points (an emoji of two code points counts 2); Bluesky
    /// sets no limit. Caught here, at the alt text, rather than by a failed
    /// upload halfway through a publish run.
    @Test func altTextOverThePlatformsLimit() throws {
        let family = "👨‍👩‍👧"  // one grapheme, five code points
        let repo = try TempRepository([
            "posts/a.yaml": due + """
                accounts: [acme-x, acme-mastodon, acme-bluesky]
                text: hi
                media:
                  - path: media/a.png
                    alt: \(String(repeating: "a", count: 1_000))
                  - path: media/a.png
                    alt: \(String(repeating: "a", count: 996) + family)
                  - path: media/a.png
                    alt: \(String(repeating: "é", count: 1_501))

                """,
        ])
        try repo.write("media/a.png", TempRepository.png)
        #expect(repo.diagnostics() == [
            "posts/a.yaml:8:10: error: alt text is 1001 characters; X (acme-x) takes at most 1000",
            "posts/a.yaml:10:10: error: alt text is 1501 characters; Mastodon (acme-mastodon) takes at most 1500",
            "posts/a.yaml:10:10: error: alt text is 1501 characters; X (acme-x) takes at most 1000",
        ])
    }

    /// A signature is read when the file holds nothing more: the check of
    /// its length takes a file of exactly the signature's bytes.
    @Test func aSignatureAloneIsReadAsItsKind() {
        #expect(MediaInspector.sniff([0xFF, 0xD8, 0xFF]) == .jpeg)
        #expect(MediaInspector.sniff(Array("GIF89a".utf8)) == .gif)
        #expect(MediaInspector.sniff([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) == .png)
    }

    /// A link into a folder beside the repository, whose name starts with
    /// the repository's (`site` and `site-private`), leads outside it.
    @Test func aLinkToAFolderBesideTheRepositoryLeadsOutside() throws {
        let repo = try TempRepository(["posts/a.yaml": due + "accounts: [acme-mastodon]\ntext: hi\nmedia: [media/a.png]\n"])
        let beside = repo.root + "-private"
        try FileManager.default.createDirectory(atPath: beside, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: beside) }
        try TempRepository.png.write(to: URL(fileURLWithPath: beside + "/a.png"))
        try FileManager.default.createDirectory(atPath: repo.root + "/media", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: repo.root + "/media/a.png", withDestinationPath: beside + "/a.png")
        #expect(repo.diagnostics() == ["posts/a.yaml:4:9: error: media path 'media/a.png' leads outside the repository through a symbolic link"])
    }

    /// A path from the home folder (`~/…`) is refused as absolute, in a post's
    /// media and as state_dir: read as a folder named '~' in the repository,
    /// the records would be written where nobody looks for them.
    @Test func aPathFromTheHomeFolderIsRefused() throws {
        let repo = try TempRepository([
            "herald.yaml": "state_dir: ~/herald-state\n",
            "posts/a.yaml": due + "accounts: [acme-mastodon]\ntext: hi\nmedia: [~/launch.png]\n",
        ])
        #expect(repo.diagnostics() == [
            "herald.yaml:1:12: error: state_dir must be relative to the repository, not absolute",
            "posts/a.yaml:4:9: error: media path must be relative to the repository, not absolute",
        ])
        #expect(RepositoryLoader.settings(root: repo.root).stateDirectory != "~/herald-state")
    }

    /// An image or GIF without alt text (none, or one that shows nothing) is
    /// a warning at its path, wherever in the post it is; a video, a draft's
    /// image and a file with an error of its own are not warned of. Media
    /// not checked on disk are told by their names.
    @Test func anImageWithoutAltTextIsAWarning() throws {
        let mp4 = Data([0, 0, 0, 24] + Array("ftypisom".utf8) + [0, 0, 2, 0] + Array("isomiso2".utf8))
        let gif = Data(Array("GIF89a".utf8) + [1, 0, 1, 0, 0, 0, 0, 0x3B])
        let post = due + "accounts: [acme-mastodon]\ntext: hi\n"
        let repo = try TempRepository([
            "posts/a.yaml": post + "media: [media/a.png, media/clip.mp4]\n",
            // An empty alt is none (as tools write a picture that needs none); a misspelt key has its error and is not also said to be missing.
            "posts/b.yaml": post + "media:\n  - path: media/a.png\n    alt: \"\"\n  - path: media/a.png\n    alt: \"\\u200B \"\n"
                + "  - path: media/a.gif\n    alt: a cat\n  - path: media/a.gif\n",
            "posts/f.yaml": post + "media:\n  - path: media/a.png\n    alt_text: a dog\n",
            "posts/c.yaml": post + "thread:\n  - text: two\n    media: [media/a.png]\nvariants:\n  mastodon:\n    media: [media/a.gif]\n",
            "posts/d.yaml": "draft: true\ntext: hi\nmedia: [media/a.png]\n",
            "posts/e.yaml": post + "media: [media/missing.png, ../a.png]\n",
        ])
        try repo.write("media/a.png", TempRepository.png)
        try repo.write("media/a.gif", gif)
        try repo.write("media/clip.mp4", mp4)
        let warning = { (place: String, path: String) in
            "posts/\(place): warning: image '\(path)' has no alt text (add 'alt:' under its path, a description of the image: screen readers read it out, "
                + "and every platform herald publishes to shows it to those who cannot see the image)"
        }
        #expect(repo.diagnostics() == [
            warning("a.yaml:4:9", "media/a.png"),
            "posts/a.yaml:4:22: error: post has a video and 1 other media file; Mastodon (acme-mastodon) takes a video alone (put it in a post or thread part of its own)",
            warning("b.yaml:5:11", "media/a.png"),
            warning("b.yaml:7:11", "media/a.png"),
            warning("b.yaml:11:11", "media/a.gif"),
            warning("c.yaml:6:13", "media/a.png"),
            warning("c.yaml:9:13", "media/a.gif"),
            "posts/e.yaml:4:9: error: media file 'media/missing.png' does not exist",
            "posts/e.yaml:4:28: error: media path must stay inside the repository ('..' is not allowed)",
            "posts/f.yaml:6:5: error: unknown key 'alt_text' in a media entry (herald calls it 'alt')",
        ])
        // Not checked on disk (herald text): by its name, a .mp4 being a video.
        try repo.write("media/a.png", "not a picture at all")
        let unchecked = RepositoryLoader.load(root: repo.root, options: LoadOptions(checkMedia: false)).diagnostics.map(TempRepository.describe)
        #expect(unchecked.filter { $0.hasPrefix("posts/a.yaml") } == [warning("a.yaml:4:9", "media/a.png")])
    }

    /// `alt_text` in herald.yaml makes an image without alt text an error,
    /// which holds its post until one is written (`error`), or says nothing
    /// of it (`off`); `warn` is the default. Another value is an error.
    @Test func altTextInHeraldYamlSetsWhatAMissingOneIs() throws {
        let repo = try TempRepository(["posts/a.yaml": due + "accounts: [acme-mastodon]\ntext: hi\nmedia: [media/a.png]\n"])
        try repo.write("media/a.png", TempRepository.png)
        let said = "image 'media/a.png' has no alt text (add 'alt:' under its path, a description of the image: screen readers read it out, "
            + "and every platform herald publishes to shows it to those who cannot see the image)"
        try repo.write("herald.yaml", "alt_text: warn\n")
        #expect(repo.diagnostics() == ["posts/a.yaml:4:9: warning: " + said])
        #expect(repo.load().invalidPosts.isEmpty)
        try repo.write("herald.yaml", "alt_text: error\n")
        #expect(repo.diagnostics() == ["posts/a.yaml:4:9: error: " + said])
        #expect(repo.load().invalidPosts.keys.sorted() == ["a"])
        try repo.write("herald.yaml", "alt_text: off\n")
        #expect(repo.diagnostics() == [])
        // Nor is an empty one, as tools write a picture that needs none: it was an error whatever alt_text said.
        try repo.write("posts/a.yaml", due + "accounts: [acme-mastodon]\ntext: hi\nmedia:\n  - path: media/a.png\n    alt: \"\"\n")
        #expect(repo.diagnostics() == [])
        #expect(repo.load().posts.first?.media.first?.sentAlt == nil)
        try repo.write("posts/a.yaml", due + "accounts: [acme-mastodon]\ntext: hi\nmedia: [media/a.png]\n")
        try repo.write("herald.yaml", "alt_text: warning\n")
        #expect(repo.diagnostics() == [
            "herald.yaml:1:11: error: alt_text must be one of warn, error, off, found 'warning' (did you mean 'warn'?)",
            "posts/a.yaml:4:9: warning: " + said,
        ])
        try repo.write("herald.yaml", "alt_text: true\n")
        #expect(repo.diagnostics().first == "herald.yaml:1:11: error: alt_text must be one of warn, error, off, found 'true' (did you mean 'error'?)")
        try repo.write("herald.yaml", "require_alt_text: true\n")
        #expect(repo.diagnostics().first == "herald.yaml:1:1: error: unknown key 'require_alt_text' in herald.yaml (herald calls it 'alt_text')")
    }
}

extension MediaValidationTests {
    /// RIFF is a container: WebP is the one whose form type (bytes 8–11)
    /// is `WEBP`. A WAV sound or an AVI video is no picture herald knows,
    /// whatever its name says; taken as WebP, it would be uploaded as one
    /// and refused by the platform halfway through a run.
    @Test func aRIFFFileIsAWebPOnlyByItsFormType() throws {
        func riff(_ form: String) -> [UInt8] { Array("RIFF".utf8) + [36, 0, 0, 0] + Array(form.utf8) + Array("fmt ".utf8) + [16, 0, 0, 0] }
        #expect(MediaInspector.sniff(riff("WEBP")) == .webp)
        #expect(MediaInspector.sniff(riff("WAVE")) == nil)
        #expect(MediaInspector.sniff(riff("AVI ")) == nil)

        let repo = try TempRepository([
            "posts/a.yaml": due + "accounts: [acme-mastodon]\ntext: hi\nmedia:\n  - { path: media/sound.webp, alt: a }\n",
        ])
        try repo.write("media/sound.webp", Data(riff("WAVE")))
        #expect(repo.diagnostics() == [
            "posts/a.yaml:5:13: error: media file 'media/sound.webp' is not an image or video herald knows (PNG, JPEG, GIF, WebP, HEIC, MP4, MOV, WebM)",
        ])
    }
}
