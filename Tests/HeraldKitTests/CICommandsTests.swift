import Foundation
import Testing
@testable import HeraldKit

/// Command markers a CI runner acts on are broken in what herald prints;
/// everything else is left as it is.
@Suite struct CICommandsTests {
    @Test func markersAreBrokenAndNothingElse() {
        let zwsp = "\u{200B}"
        #expect(CICommands.inert("::add-mask::x") == ":\(zwsp):add-mask::x")
        #expect(CICommands.inert("a\r\n \t::error::y\rz ::not at a line's start") == "a\r\n \t:\(zwsp):error::y\rz ::not at a line's start")
        #expect(CICommands.inert("see ##[warning]x, ###[y and ##vso[task]z") == "see #\(zwsp)#[warning]x, ##\(zwsp)#[y and #\(zwsp)#vso[task]z")
        // After any blank the runner trims (.NET's TrimStart): a no-break, em or ideographic space, a line separator.
        for blank in ["\u{00A0}", "\u{2003}", "\u{3000}", "\u{2028}", "\u{0085}", "\u{000B}", " \u{FEFF}\u{200B}\t"] {
            #expect(CICommands.inert("a\n" + blank + "::error::x") == "a\n" + blank + ":\(zwsp):error::x")
        }
        for plain in ["", "std::vector", "a #tag", "##", "## heading", "#[", ":", "x\n:y", "日本::x", "é::x", "\u{3000}é::x", "🎉::x"] {
            #expect(CICommands.inert(plain) == plain)
        }
    }

    /// In JSON the marker's first `#` is written `\u0023`: the same string
    /// to a reader of JSON.
    @Test func jsonReadsBackTheSame() throws {
        let value = ["a": "##[add-mask]x ##vso[y] ::z"]
        let encoded = JSONOutput.encode(value)
        #expect(!encoded.contains("##[") && !encoded.contains("##vso["))
        let decoded = try JSONSerialization.jsonObject(with: Data(encoded.utf8)) as? [String: String]
        #expect(decoded == value)
    }
}
