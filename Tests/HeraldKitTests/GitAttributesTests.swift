import Foundation
import Testing
import HeraldTestSupport
@testable import HeraldKit

/// `.gitattributes` and the state folder: whether git merges the state
/// files with union, read as git reads the attributes files.
@Suite struct GitAttributesTests {
    /// A .gitattributes that does not merge the state folder's files with
    /// union (as after state_dir changed) is a warning: two branches adding
    /// records to one file would leave conflict markers. Any pattern that
    /// covers the folder's files will do. No .gitattributes: said once the
    /// state folder holds records (a CI job's clone has no other).
    @Test func gitattributesWithoutUnionForTheStateFolderIsAWarning() throws {
        let repo = try TempRepository(["herald.yaml": "state_dir: ops/state/\n"])
        let warning = ".gitattributes:1:1: warning: no line of .gitattributes merges the state files with union (add 'ops/state/*.state merge=union eol=lf': "
            + "without it, two branches that both add records to one account's state file leave conflict markers in it, "
            + "and herald publishes nothing to that account until they are removed)"
        #expect(repo.diagnostics() == [])
        for (attributes, warned) in [
            ("# records\nstate/*.state merge=union\n", true),
            ("ops/state/*.state merge=union\n", false),
            ("/ops/state/*.state  merge=union -text\n", false),
            ("*.state\tmerge=union\n", false),
            ("ops/state/*.state -diff\n", true),
            ("# ops/state/*.state merge=union\n", true),
            // Patterns as git matches them: a name in any folder, or a path where '**' is any number of folders.
            ("* merge=union\n", false), ("** merge=union\n", false), ("ops/** merge=union\n", false),
            ("**/*.state merge=union\n", false), ("ops/*/*.state merge=union\n", false), ("ops/**/*.state merge=union\n", false),
            ("[o]ps/state/*.state merge=union\n", false), ("*.stat? merge=union\n", false),
            ("ops/state/acme-*.state merge=union\n", true), ("ops/* merge=union\n", true), ("*.txt merge=union\n", true),
            ("state/** merge=union\n", true), ("ops/state/**/x/*.state merge=union\n", true),
            // Matched at once, not tried every way (a line git reads is under 2,048 bytes).
            (String(repeating: "**/", count: 600) + "*/*.state merge=union\n", false),
        ] {
            try repo.write(".gitattributes", attributes)
            #expect(repo.diagnostics() == (warned ? [warning] : []), "\(attributes)")
        }
        // As git reads them, a later line setting merge otherwise takes union away; a later union gives it back.
        let taken = ".gitattributes:3:1: warning: a later line of .gitattributes takes merge=union from the state files (remove it, or put "
            + "'ops/state/*.state merge=union eol=lf' after it: without union, two branches that both add records to one account's state file "
            + "leave conflict markers in it, and herald publishes nothing to that account until they are removed)"
        for (attributes, expected) in [
            ("ops/state/*.state merge=union\n# later\nops/state/*.state -merge\n", [taken]),
            ("ops/state/*.state merge=union\r\n\r\n*.state binary\r\n", [taken]),
            ("ops/state/*.state -merge\nops/state/*.state merge=union\n", []),
        ] {
            try repo.write(".gitattributes", attributes)
            #expect(repo.diagnostics() == expected, "\(attributes)")
        }
        // A later line naming one state file there is, or a pattern only some match: that file's merges lose union too.
        // Before, only a file of any account's name was looked at.
        try repo.write("ops/state/g1.state", "herald-state 1 account=g1\n")
        for later in ["ops/state/g1.state binary", "ops/state/g* -merge"] {
            try repo.write(".gitattributes", "ops/state/*.state merge=union eol=lf\n\(later)\n")
            #expect(repo.diagnostics() == [taken.replacingOccurrences(of: ".gitattributes:3:1:", with: ".gitattributes:2:1:")], "\(later)")
        }
        try FileManager.default.removeItem(atPath: repo.root + "/ops/state/g1.state")
        // A link is not followed (git does not): none of the file it leads to is shown.
        let outside = try TempDirectory()
        try outside.write("private", "private words\n")
        try FileManager.default.removeItem(atPath: repo.root + "/.gitattributes")
        #expect(symlink(outside.root + "/private", repo.root + "/.gitattributes") == 0)
        #expect(repo.diagnostics() == [])
        // A folder not known (a misspelt state_dir) has its own error; no warning on top.
        try repo.write("herald.yaml", "statedir: ops/state\n")
        #expect(!repo.diagnostics().contains(warning))
        // A folder with a blank in its name: the line is quoted as git reads it, and such a line counts.
        let spaced = try TempRepository(["herald.yaml": "state_dir: my records\n", ".gitattributes": "my records/*.state merge=union\n"])
        #expect(spaced.diagnostics().first?.hasSuffix("(add '\"my records/*.state\" merge=union eol=lf': without it, two branches that both add records to one "
            + "account's state file leave conflict markers in it, and herald publishes nothing to that account until they are removed)") == true,
                "\(spaced.diagnostics())")
        try spaced.write(".gitattributes", "\"my records/*.state\" merge=union\n")
        #expect(spaced.diagnostics() == [])
        // A folder whose name git would read as a pattern: its line escapes it, and such a line counts.
        let bracketed = try TempRepository(["herald.yaml": "state_dir: \"rec[1]\"\n", ".gitattributes": "rec[1]/*.state merge=union\n"])
        #expect(bracketed.diagnostics().first?.contains("(add 'rec\\[1\\]/*.state merge=union eol=lf'") == true, "\(bracketed.diagnostics())")
        try bracketed.write(".gitattributes", "rec\\[1\\]/*.state merge=union eol=lf\n")
        #expect(bracketed.diagnostics() == [])
        // One starting with '#' or '!': a comment, or a pattern git refuses, unless escaped.
        let banged = try TempRepository(["herald.yaml": "state_dir: \"!rec\"\n", ".gitattributes": "*.png binary\n"])
        #expect(banged.diagnostics().first?.contains("(add '\\!rec/*.state merge=union eol=lf'") == true, "\(banged.diagnostics())")
    }

    /// git skips a byte order mark at a file's start (Notepad writes one),
    /// and reads a macro the top's file defines (`[attr]name attr…`) as the
    /// attributes it stands for, `binary` as `-diff -merge -text`: a file
    /// that gives the state files union so is not warned of. Each case is
    /// answered as `git check-attr merge` (2.39) answers it.
    @Test func gitattributesAreReadWithAByteOrderMarkAndMacros() throws {
        let repo = try TempRepository(["herald.yaml": "state_dir: ops/state\n"])
        let advice = "without it, two branches that both add records to one account's state file leave conflict markers in it, "
            + "and herald publishes nothing to that account until they are removed"
        let none = ".gitattributes:1:1: warning: no line of .gitattributes merges the state files with union (add 'ops/state/*.state merge=union eol=lf': \(advice))"
        let taken = { (line: Int) in
            ".gitattributes:\(line):1: warning: a later line of .gitattributes takes merge=union from the state files (remove it, or put "
                + "'ops/state/*.state merge=union eol=lf' after it: \(advice.replacingOccurrences(of: "without it", with: "without union")))"
        }
        // A line that sets merge otherwise: the line to add goes after it, where git reads it later.
        let setBy = { (line: Int) in
            ".gitattributes:\(line):1: warning: no line of .gitattributes merges the state files with union (put "
                + "'ops/state/*.state merge=union eol=lf' after this line, which sets merge for them otherwise: \(advice))"
        }
        // A line git passes over for its length would have given union: the warning says so, at it.
        let passedOver = { (line: Int) in
            ".gitattributes:\(line):1: warning: git passes over this line, 2048 bytes or longer: the state files get no merge=union from it "
                + "(shorten it, or put 'ops/state/*.state merge=union eol=lf' on a line of its own after it: "
                + "\(advice.replacingOccurrences(of: "without it", with: "without union")))"
        }
        for (attributes, expected) in [
            ("\u{FEFF}ops/state/*.state merge=union eol=lf\n", []),
            ("\u{FEFF}\u{FEFF}ops/state/*.state merge=union eol=lf\n", [none]),
            ("# records\n\u{FEFF}ops/state/*.state merge=union eol=lf\n", [none]),
            ("[attr]records merge=union eol=lf\nops/state/*.state records\n", []),
            ("\u{FEFF}[attr]records merge=union eol=lf\nops/state/*.state records\n", []),
            // Defined anywhere in the file, the last definition winning.
            ("ops/state/*.state records\n[attr]records merge=union eol=lf\n", []),
            ("[attr]records merge=union\n[attr]records -merge\nops/state/*.state records\n", [setBy(3)]),
            // A macro within a macro; its attributes set only where a later word or line leaves them be.
            ("[attr]a b\n[attr]b merge=union\nops/state/*.state a\n", []),
            ("[attr]a b\n[attr]b merge=union\nops/state/*.state a -b\n", [none]),
            ("[attr]records merge=union\nops/state/*.state -merge records\n", []),
            ("[attr]records merge=union\nops/state/*.state records -merge\n", [setBy(2)]),
            ("[attr]records merge=union\nops/state/*.state records\n# later\nops/state/*.state -records\n", [taken(4)]),
            ("[attr]records merge=union\nops/state/*.state records=yes\n", [none]),
            ("[attr]binary -diff\nops/state/*.state merge=union\nops/state/*.state binary\n", []),
            // Not a macro: '[attr]' alone is a pattern; a name git refuses makes it pass the line over.
            ("[attr] records merge=union\nops/state/*.state records\n", [none]),
            ("[attr]records% merge=union\nops/state/*.state records\n", [none]),
            ("ops/state/*.state merge=union %\n", [none]),
            ("# records\nops/state/*.state binary\n", [setBy(2)]),
            // A line of 2,048 bytes or more git passes over (a carriage return before its line feed not counted);
            // it reads a line up to a zero byte.
            ("ops/state/*.state merge=union " + String(repeating: "a", count: 2_017) + "\n", []),
            ("ops/state/*.state merge=union " + String(repeating: "a", count: 2_018) + "\n", [passedOver(1)]),
            ("ops/state/*.state merge=union " + String(repeating: "a", count: 2_017) + "\r\n", []),
            ("ops/state/*.state merge=union " + String(repeating: "a", count: 2_017) + "\r", [passedOver(1)]),
            ("\u{FEFF}ops/state/*.state merge=union " + String(repeating: "a", count: 2_017) + "\n", []),
            ("ops/state/*.state -merge\0 merge=union\n", [setBy(1)]),
            // A carriage return alone ends no line for git, and one for editors: the place is an editor's.
            ("# old mac line\r*.png binary\nops/state/*.state -merge\n", [setBy(3)]),
            ("*.png binary\n\0\nops/state/*.state merge=union\n", []),
        ] {
            try repo.write(".gitattributes", attributes)
            #expect(repo.diagnostics() == expected, "\(attributes)")
        }
        // Deeper files: a mark is skipped in each; a macro is defined only in the top's.
        try repo.write(".gitattributes", "*.png binary\n")
        try repo.write("ops/state/.gitattributes", "\u{FEFF}*.state merge=union\n")
        #expect(repo.diagnostics() == [])
        try repo.write("ops/state/.gitattributes", "[attr]records merge=union\n*.state records\n")
        #expect(repo.diagnostics() == [none])
        // A deeper file that sets merge otherwise is where the line goes, written from its folder.
        try repo.write("ops/state/.gitattributes", "*.state -merge\n")
        #expect(repo.diagnostics() == [
            "ops/state/.gitattributes:1:1: warning: no line of .gitattributes merges the state files with union (put "
                + "'*.state merge=union eol=lf' after this line, which sets merge for them otherwise: \(advice))",
        ])
        try repo.write("ops/state/.gitattributes", "*.state -merge\n*.state merge=union eol=lf\n")
        #expect(repo.diagnostics() == [])
        try repo.write("ops/state/.gitattributes", "[attr]records merge=union\n*.state records\n")
        try repo.write(".gitattributes", "[attr]records merge=union\n")
        #expect(repo.diagnostics() == [])
    }

    /// No .gitattributes at all: nothing is said until the state folder
    /// holds a state file; then a warning at the folder names the line.
    @Test func noGitattributesIsAWarningOnceThereAreRecords() throws {
        let repo = try TempRepository(["herald.yaml": "timezone: UTC\n"])
        try FileManager.default.createDirectory(atPath: repo.root + "/state", withIntermediateDirectories: true)
        try repo.write("state/notes.txt", "not herald's\n")
        #expect(repo.diagnostics() == [])
        try repo.write("state/acme-x.state", "herald-state 1 account=acme-x\n")
        #expect(repo.diagnostics() == [
            "state/acme-x.state:1:1: warning: no .gitattributes: git merges the state files line by line (add one holding "
                + "'state/*.state merge=union eol=lf' and commit it (a CI clone has no other); without it, two branches adding "
                + "records to one state file leave conflict markers, which block its account)",
        ])
        try repo.write(".gitattributes", "state/*.state merge=union eol=lf\n")
        #expect(repo.diagnostics() == [])
    }

    /// git reads a `.gitattributes` in each folder too, a deeper one's lines
    /// after the top's, each relative to its folder: one in the state folder
    /// (`*.state merge=union`) or on the way to it counts, and a deeper line
    /// that takes union away is named in its own file, with the line to put
    /// after it written as a pattern from that file's folder (in the state
    /// folder, `ops/state/*.state` would match `ops/state/ops/state/*.state`).
    /// Each advice followed, the warning goes, as `git check-attr` agrees.
    @Test func aGitattributesInTheStateFolderCounts() throws {
        let repo = try TempRepository(["herald.yaml": "state_dir: ops/state\n"])
        try repo.write("ops/state/.gitattributes", "*.state merge=union\n")
        #expect(repo.diagnostics() == [])
        try repo.write(".gitattributes", "*.png binary\n")
        try repo.write("ops/.gitattributes", "state/*.state merge=union\n")
        try FileManager.default.removeItem(atPath: repo.root + "/ops/state/.gitattributes")
        #expect(repo.diagnostics() == [])
        let without = "without union, two branches that both add records to one account's state file "
            + "leave conflict markers in it, and herald publishes nothing to that account until they are removed"
        try repo.write("ops/state/.gitattributes", "# no union here\n*.state -merge\n")
        #expect(repo.diagnostics() == [
            "ops/state/.gitattributes:2:1: warning: a later line of ops/state/.gitattributes takes merge=union from the state files (remove it, or put "
                + "'*.state merge=union eol=lf' after it: \(without))",
        ])
        try repo.write("ops/state/.gitattributes", "# no union here\n*.state -merge\n*.state merge=union eol=lf\n")
        #expect(repo.diagnostics() == [])
        // On the way to the state folder: the pattern from there.
        try FileManager.default.removeItem(atPath: repo.root + "/ops/state/.gitattributes")
        try repo.write("ops/.gitattributes", "state/*.state merge=union\n*.state binary\n")
        #expect(repo.diagnostics() == [
            "ops/.gitattributes:2:1: warning: a later line of ops/.gitattributes takes merge=union from the state files (remove it, or put "
                + "'state/*.state merge=union eol=lf' after it: \(without))",
        ])
        try repo.write("ops/.gitattributes", "state/*.state merge=union\n*.state binary\nstate/*.state merge=union eol=lf\n")
        #expect(repo.diagnostics() == [])
        // The state folder's own file the only one: the line to add is for it.
        try FileManager.default.removeItem(atPath: repo.root + "/.gitattributes")
        try FileManager.default.removeItem(atPath: repo.root + "/ops/.gitattributes")
        try repo.write("ops/state/.gitattributes", "*.state -diff\n")
        #expect(repo.diagnostics() == [
            "ops/state/.gitattributes:1:1: warning: no line of .gitattributes merges the state files with union (add '*.state merge=union eol=lf': "
                + "without it, two branches that both add records to one account's state file leave conflict markers in it, "
                + "and herald publishes nothing to that account until they are removed)",
        ])
        try repo.write("ops/state/.gitattributes", "*.state -diff\n*.state merge=union eol=lf\n")
        #expect(repo.diagnostics() == [])
    }

    /// Where a line sets merge otherwise, the warning points at its
    /// pattern: after the blanks git skips, on the line an editor shows it
    /// on when a carriage return alone (an old Mac editor's) comes first.
    /// Before, such a line was placed on the line above, at column 1.
    @Test func aSetterLineIsPlacedWhereItsPatternStarts() throws {
        let repo = try TempRepository(["herald.yaml": "state_dir: ops/state\n"])
        let setBy = { (place: String) in
            ".gitattributes:\(place): warning: no line of .gitattributes merges the state files with union (put 'ops/state/*.state merge=union eol=lf' "
                + "after this line, which sets merge for them otherwise: without it, two branches that both add records to one account's state file "
                + "leave conflict markers in it, and herald publishes nothing to that account until they are removed)"
        }
        for (attributes, place) in [
            ("*.png binary\n\rops/state/*.state -merge\n", "3:1"),
            ("*.png binary\n  ops/state/*.state -merge\n", "2:3"),
            ("*.png binary\n\t\r  ops/state/*.state -merge\n", "3:3"),
            ("\r\r\tops/state/*.state -merge\n", "3:2"),
            ("\u{FEFF} ops/state/*.state -merge\n", "1:2"),
        ] {
            try repo.write(".gitattributes", attributes)
            #expect(repo.diagnostics() == [setBy(place)], "\(attributes.debugDescription)")
        }
    }

    /// A line of 2,048 bytes or more, which git passes over, that would
    /// have given the state files union is named as the cause, unless a
    /// line after it sets merge otherwise. Before, the warning said only that
    /// no line gives union, at the file's first line.
    @Test func aUnionLineGitPassesOverForItsLengthIsNamed() throws {
        let repo = try TempRepository(["herald.yaml": "state_dir: ops/state\n"])
        let long = "ops/state/*.state merge=union eol=lf " + String(repeating: "x", count: 2_100) + "\n"
        let passedOver = { (line: Int) in
            ".gitattributes:\(line):1: warning: git passes over this line, 2048 bytes or longer: the state files get no merge=union from it "
                + "(shorten it, or put 'ops/state/*.state merge=union eol=lf' on a line of its own after it: without union, two branches that "
                + "both add records to one account's state file leave conflict markers in it, and herald publishes nothing to that account until they are removed)"
        }
        try repo.write(".gitattributes", "# records\n" + long)
        #expect(repo.diagnostics() == [passedOver(2)])
        // After a line that takes union away, and after one that sets merge otherwise: still the cause.
        try repo.write(".gitattributes", "ops/state/*.state merge=union\n*.state binary\n" + long)
        #expect(repo.diagnostics() == [passedOver(3)])
        try repo.write(".gitattributes", "*.state -merge\n" + long)
        #expect(repo.diagnostics() == [passedOver(2)])
        // Through a macro, too; and in a deeper file, read after the top's.
        try repo.write(".gitattributes", "[attr]records merge=union\nops/state/*.state records " + String(repeating: "x", count: 2_100) + "\n")
        #expect(repo.diagnostics() == [passedOver(2)])
        try repo.write(".gitattributes", "*.state -merge\n")
        try repo.write("ops/state/.gitattributes", String(long.dropFirst("ops/state/".count)))
        #expect(repo.diagnostics().first?.hasPrefix("ops/state/.gitattributes:1:1: warning: git passes over this line") == true, "\(repo.diagnostics())")
        try FileManager.default.removeItem(atPath: repo.root + "/ops/state/.gitattributes")
        // A line after it that sets merge otherwise is what the warning names; so is one setting only '-merge' on a long line.
        try repo.write(".gitattributes", long + "*.state binary\n")
        #expect(repo.diagnostics().first?.hasPrefix(".gitattributes:2:1: warning: no line of .gitattributes merges the state files with union") == true)
        try repo.write(".gitattributes", "ops/state/*.state -merge " + String(repeating: "x", count: 2_100) + "\n")
        #expect(repo.diagnostics().first?.hasPrefix(".gitattributes:1:1: warning: no line of .gitattributes merges the state files with union (add") == true)
    }

    /// A line naming the state file of an account that has no records yet
    /// (`ops/state/acme-x.state binary`) would merge its first records
    /// without union: it is found before the file exists. Before, only the
    /// files there were, and any account's name, were looked at.
    @Test func aLineNamingTheStateFileOfAnAccountWithoutRecordsIsFound() throws {
        let repo = try TempRepository(["herald.yaml": "state_dir: ops/state\n"])
        try repo.write(".gitattributes", "ops/state/*.state merge=union eol=lf\nops/state/acme-x.state binary\n")
        #expect(repo.diagnostics() == [
            ".gitattributes:2:1: warning: a later line of .gitattributes takes merge=union from the state files (remove it, or put "
                + "'ops/state/*.state merge=union eol=lf' after it: without union, two branches that both add records to one account's state file "
                + "leave conflict markers in it, and herald publishes nothing to that account until they are removed)",
        ])
        // An account accounts.yaml does not define: no file of its will be written.
        try repo.write(".gitattributes", "ops/state/*.state merge=union eol=lf\nops/state/acme-y.state binary\n")
        #expect(repo.diagnostics() == [])
    }
}
