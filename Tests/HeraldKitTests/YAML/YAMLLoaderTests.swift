import Foundation
import Testing
@testable import HeraldKit

@Suite struct YAMLLoaderStructureTests: YAMLTestCase {
    @Test func nestedMappingsAndSequencesHavePositions() throws {
        let root = try cleanRoot("""
            title: Launch
            meta:
              author: Ann
              tags:
                - one
                - two: 2
                  three: 3
            """)
        #expect(root.location == at(1, 1))
        let pairs = try #require(root.pairs)
        #expect(pairs.map(\.keyString) == ["title", "meta"])
        #expect(pairs[0].key.location == at(1, 1))
        #expect(pairs[0].value.location == at(1, 8))
        #expect(root["title"]?.string == "Launch")

        let meta = try #require(root["meta"])
        #expect(meta.location == at(3, 3))
        #expect(meta["author"]?.location == at(3, 11))
        let tags = try #require(meta["tags"])
        #expect(tags.kindName == "sequence")
        #expect(tags.location == at(5, 5))
        let items = try #require(tags.items)
        #expect(items.count == 2)
        #expect(items[0].string == "one")
        #expect(items[0].location == at(5, 7))
        #expect(items[1].location == at(6, 7))
        #expect(items[1]["two"]?.location == at(6, 12))
        #expect(items[1].pairs?[1].key.location == at(7, 7))
        #expect(items[1]["three"]?.string == "3")
    }

    @Test func indentlessSequenceStartsAtItsDash() throws {
        let root = try cleanRoot("tags:\n- a\n- b\n")
        #expect(root["tags"]?.location == at(2, 1))
        #expect(root["tags"]?.items?.map(\.location) == [at(2, 3), at(3, 3)])
    }

    @Test func flowCollectionsHavePositions() throws {
        let root = try cleanRoot("""
            accounts: [main, "alt", {x: 1}]
            variants: {mastodon: {text: hi}, bluesky: []}
            """)
        let accounts = try #require(root["accounts"]?.items)
        #expect(root["accounts"]?.location == at(1, 11))
        #expect(accounts.map(\.location) == [at(1, 12), at(1, 18), at(1, 25)])
        #expect(accounts[1].scalar?.style == .doubleQuoted)
        #expect(accounts[2]["x"]?.location == at(1, 29))
        #expect(accounts[2].pairs?.first?.key.location == at(1, 26))

        let variants = try #require(root["variants"])
        #expect(variants.location == at(2, 11))
        #expect(variants["mastodon"]?.location == at(2, 22))
        #expect(variants["mastodon"]?["text"]?.location == at(2, 29))
        #expect(variants.pairs?[1].key.location == at(2, 34))
        #expect(variants["bluesky"]?.items?.isEmpty == true)
        #expect(variants["bluesky"]?.location == at(2, 43))
    }

    @Test func columnsCountUnicodeScalars() throws {
        let root = try cleanRoot("[🎉, x, \"é\", y]")
        #expect(root.items?.map(\.location) == [at(1, 2), at(1, 5), at(1, 8), at(1, 13)])
        #expect(root.items?.first?.string == "🎉")
    }

    @Test func blockScalarsKeepNewlineSemantics() throws {
        let root = try cleanRoot("""
            text: |
              Line one
                indented

              last
            keep: |+
              kept

            strip: |-
              stripped
            folded: >
              a
              b

              c
            """ + "\n")
        #expect(root["text"]?.string == "Line one\n  indented\n\nlast\n")
        #expect(root["text"]?.scalar?.style == .literal)
        #expect(root["text"]?.location == at(1, 7))
        #expect(root["keep"]?.string == "kept\n\n")
        #expect(root["strip"]?.string == "stripped")
        #expect(root["strip"]?.location == at(9, 8))
        #expect(root["folded"]?.string == "a b\nc\n")
        #expect(root["folded"]?.scalar?.style == .folded)
        #expect(root["folded"]?.location == at(11, 9))
        // From the indicator to the last line written, trailing blank lines included.
        #expect(root["text"]?.scalar?.lineCount == 5)
        #expect(root["keep"]?.scalar?.lineCount == 3)
        #expect(root["strip"]?.scalar?.lineCount == 2)
        #expect(root["folded"]?.scalar?.lineCount == 5)
    }

    /// How many lines a scalar is written on: what a printer must not show
    /// of a secret.
    @Test func scalarsKnowHowManyLinesTheyRunOn() throws {
        let root = try cleanRoot("a: one\nb: \"two\n  lines\"\nc: plain\n  runs on\n\nd: {e: 'x\n\n  y', f: 1}\ng: |\n  s\nh: last\n")
        #expect(["a", "b", "c", "g", "h"].map { root[$0]?.scalar?.lineCount } == [1, 2, 2, 2, 1])
        #expect(root["d"]?["e"]?.scalar?.lineCount == 3)
        #expect(root["d"]?["f"]?.scalar?.lineCount == 1)
    }

    @Test func quotedStringsWithEscapes() throws {
        let root = try cleanRoot(#"""
            d: "tab\there \"q\" \u00e9 \x41 line\nnext"
            s: 'it''s \n raw'
            multi: "first
              second"
            """#)
        #expect(root["d"]?.string == "tab\there \"q\" é A line\nnext")
        #expect(root["d"]?.location == at(1, 4))
        #expect(root["s"]?.string == #"it's \n raw"#)
        #expect(root["s"]?.scalar?.style == .singleQuoted)
        #expect(root["multi"]?.string == "first second")
        #expect(root["multi"]?.location == at(3, 8))
    }

    @Test func everyScalarIsAStringAndTagsAreKept() throws {
        let root = try cleanRoot("n: 12\nb: yes\nd: 2026-11-25\nt: !!str 3\n")
        #expect(root["n"]?.string == "12")
        #expect(root["b"]?.string == "yes")
        #expect(root["d"]?.string == "2026-11-25")
        #expect(root["t"]?.scalar == YAMLScalar(value: "3", style: .plain, tag: "tag:yaml.org,2002:str"))
        #expect(root["t"]?.location == at(4, 4))
    }

    @Test func nullAndConveniences() throws {
        let root = try cleanRoot("""
            a:
            b: ~
            c: null
            d: NULL
            e: ""
            f: 'null'
            g: nil
            h: [x]
            """)
        for key in ["a", "b", "c", "d"] { #expect(root[key]?.isNull == true, "\(key)") }
        for key in ["e", "f", "g", "h"] { #expect(root[key]?.isNull == false, "\(key)") }
        #expect(root["a"]?.location == at(1, 3))
        #expect(root["e"]?.string == "")
        #expect(root.kindName == "mapping")
        #expect(root["a"]?.kindName == "string")
        #expect(root["h"]?.string == nil)
        #expect(root["missing"] == nil)
        #expect(root["a"]?["x"] == nil)
    }

    @Test func anchorsAndAliasesThatAreFine() throws {
        let root = try cleanRoot("""
            base: &base
              lang: en
              tags: [a, b]
            post:
              <<: *base
              extra: *base
              name: &n Ann
              again: *n
            """)
        let post = try #require(root["post"])
        #expect(post.pairs?.map(\.keyString) == ["<<", "extra", "name", "again"])
        let merged = try #require(post["<<"])
        #expect(merged.location == at(5, 7))
        #expect(merged["lang"]?.string == "en")
        #expect(merged["lang"]?.location == at(2, 9))
        #expect(merged["tags"]?.items?.map(\.string) == ["a", "b"])
        #expect(post["extra"]?.location == at(6, 10))
        #expect(post["again"]?.string == "Ann")
        #expect(post["again"]?.location == at(8, 10))
    }

    @Test func aliasAsKeyUsesTheScalar() throws {
        let root = try cleanRoot("k: &k title\n*k : value\n")
        #expect(root.pairs?.map(\.keyString) == ["k", "title"])
        #expect(root.pairs?[1].key.location == at(2, 1))
    }

    @Test func emptyFileHasNoRootAndNoDiagnostics() {
        for text in ["", "\n\n", "# just a comment\n  # another\n", "\u{FEFF}"] {
            let document = load(text)
            #expect(document.root == nil, "\(text.debugDescription)")
            #expect(document.diagnostics.isEmpty, "\(text.debugDescription)")
        }
    }

    @Test func scalarRoot() throws {
        let root = try cleanRoot("  just text\n")
        #expect(root.string == "just text")
        #expect(root.location == at(1, 3))
    }

    @Test func byteOrderMarkIsSkipped() throws {
        let root = try cleanRoot("\u{FEFF}a: 1\nb: [x, y]\n")
        #expect(root.location == at(1, 1))
        #expect(root["a"]?.location == at(1, 4))
        #expect(root["b"]?.items?.last?.location == at(2, 8))
        #expect(SourceLines(Array("\u{FEFF}a: 1\nb: 2".utf8)).line(1) == "a: 1")
    }

    @Test func crlfLineEndings() throws {
        let root = try cleanRoot("a: 1\r\nb: |\r\n  x\r\n  y\r\nc:\r\n  - 3\r\n")
        #expect(root["b"]?.string == "x\ny\n")
        #expect(root["b"]?.location == at(2, 4))
        #expect(root.pairs?[2].key.location == at(5, 1))
        #expect(root["c"]?.items?.first?.location == at(6, 5))
    }

    /// libyaml ends lines at NEL, LS and PS too; git, GitHub and editors
    /// show them inside a line, and so do herald's positions.
    @Test func unicodeLineSeparatorsStayInsideTheLine() throws {
        // Keys after them on the line are errors at each (YAMLHiddenLineTests), and keep their places.
        let document = load("a: 1\rb: 2\u{85}c: 3\u{2028}d: 4\n")
        #expect(document.diagnostics.map(\.location) == [at(2, 5), at(2, 10)])
        #expect(document.root?.pairs?.map(\.key.location) == [at(1, 1), at(2, 1), at(2, 6), at(2, 11)])
        // In a quoted text, a block text and a comment, before keys on later lines.
        let text = try cleanRoot("a: \"x\u{2028}y\u{2029}z\"\nb: |\n  é\u{2028}  f\n  g\n# note\u{2028}\nc: [1,\u{2028} 2]\nd: 4\n")
        #expect(text["a"]?.string == "x\u{2028}y\u{2029}z")
        #expect(text.pairs?.map(\.key.location) == [at(1, 1), at(2, 1), at(6, 1), at(7, 1)])
        #expect(text["c"]?.items?.map(\.location) == [at(6, 5), at(6, 9)])
        #expect(text["b"]?.string == "é\u{2028}f\ng\n")
        #expect(text["b"]?.scalar?.lineCount == 3)
        #expect(SourceLines(Array("a: 1\nb: 2\u{2028}c\nd: 4".utf8)).line(3) == "d: 4")
    }

    /// A problem after a line separator: at the line an editor shows it on.
    @Test func problemsAfterALineSeparatorKeepTheirLine() {
        let document = load("a: \"x\u{2028}y\"\nb: [1\nc: 2\n")
        #expect(document.diagnostics.map(\.location) == [at(3, 2)])
        #expect(document.diagnostics.first?.hint == "it began at line 2, column 4")
        #expect(load("a: \"x\u{2028}y\"\nb: [1\n").diagnostics.map(\.location) == [at(2, 4)])
        let invalid = load(bytes: Array("a: x\u{2028}y\n".utf8) + [0x62, 0xFF])
        #expect(invalid.diagnostics.first?.location == at(2, 2))
    }

    @Test func documentMarkersAroundOneDocument() throws {
        let root = try cleanRoot("---\na: 1\n...\n")
        #expect(root["a"]?.location == at(2, 4))
        let bare = try cleanRoot("---\n")
        #expect(bare.isNull)
    }

    /// The lines diagnostics are shown under are counted as positions are.
    @Test func sourceLines() {
        let file = Array("a: 1\r\n\nb: 2\rc: é".utf8)
        #expect(SourceLines(file).line(1) == "a: 1")
        #expect(SourceLines(file).line(2) == "")
        #expect(SourceLines(file).line(3) == "b: 2")
        #expect(SourceLines(file).line(4) == "c: é")
        #expect(SourceLines(file).line(5) == nil)
        #expect(SourceLines(file).line(0) == nil)
    }

    @Test func loadsFromFileDataAndRawBytes() throws {
        let text = "title: Launch\n"
        let file = try YAMLTemporaryFile(contents: Array(text.utf8))
        let fromFile = YAMLLoader.load(fileAt: file.path, path: "posts/launch.yaml")
        #expect(fromFile.diagnostics.isEmpty)
        #expect(fromFile.root?["title"]?.location == at(1, 8, in: "posts/launch.yaml"))

        let bytes = Array(text.utf8)
        let fromRaw = bytes.withUnsafeBytes { YAMLLoader.load(bytes: $0, path: "posts/t.yaml") }
        #expect(fromRaw.root == load(text).root)
        let fromData = YAMLLoader.load(bytes: Data(text.utf8), path: "posts/t.yaml")
        #expect(fromData.root == load(text).root)
    }
}
