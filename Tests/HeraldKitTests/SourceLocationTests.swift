import Foundation
import Testing
@testable import HeraldKit

/// Positions hold their file as a registered number (`SourceFile`): they
/// must still compare, sort, hash and encode by the path itself.
@Suite struct SourceLocationTests {
    @Test func positionsInTheSameFileAreEqualHowEverThePathWasMade() {
        let path = "posts/" + String(repeating: "long-folder/", count: 3) + "launch.yaml"
        let a = HeraldKit.SourceLocation(path: path, line: 4, column: 7)
        let b = HeraldKit.SourceLocation(path: String(decoding: Array(path.utf8), as: UTF8.self), line: 4, column: 7)
        #expect(a == b)
        #expect(Set([a, b]).count == 1)
        #expect(a.path == path)
        #expect(a != HeraldKit.SourceLocation(path: path + "x", line: 4, column: 7))
    }

    @Test func positionsSortByPathThenLineThenColumn() {
        // Registered out of order: the order is the paths', not the registry's.
        let later = HeraldKit.SourceLocation(path: "posts/zz-registered-first.yaml", line: 1, column: 1)
        let earlier = HeraldKit.SourceLocation(path: "posts/aa-registered-second.yaml", line: 9, column: 9)
        let sameFile = HeraldKit.SourceLocation(path: "posts/aa-registered-second.yaml", line: 9, column: 3)
        #expect([later, earlier, sameFile].sorted() == [sameFile, earlier, later])
    }

    @Test func aChangedPathIsThePositionsNewFile() {
        var location = HeraldKit.SourceLocation(path: "posts/secret-token-name.yaml", line: 2, column: 5)
        location.path = "posts/[redacted].yaml"
        #expect(location == HeraldKit.SourceLocation(path: "posts/[redacted].yaml", line: 2, column: 5))
        #expect(location.description == "posts/[redacted].yaml:2:5")
    }

    @Test func encodesAsPathLineAndColumn() throws {
        let location = HeraldKit.SourceLocation(path: "campaigns/winter-launch.yaml", line: 3, column: 11)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(location), as: UTF8.self)
        #expect(json == #"{"column":11,"line":3,"path":"campaigns\/winter-launch.yaml"}"#)
        #expect(try JSONDecoder().decode(HeraldKit.SourceLocation.self, from: Data(json.utf8)) == location)
    }
}
