import Testing
@testable import HeraldKit

@Suite("LinkedIn little text")
struct LinkedInLittleTextTests {
    @Test("every reserved character gets a backslash")
    func reserved() {
        #expect(LinkedInLittleText.escape(#"a\b|c{d}e@f[g]h(i)j<k>l#m*n_o~p"#)
            == ##"a\\b\|c\{d\}e\@f\[g\]h\(i\)j\<k\>l\#m\*n\_o\~p"##)
        #expect(LinkedInLittleText.escape("Plain text, ünïcödé, emoji 👋🏽.") == "Plain text, ünïcödé, emoji 👋🏽.")
    }

    @Test("hashtags are escaped too: they show as literal text")
    func hashtags() {
        #expect(LinkedInLittleText.escape("Ship it #launch") == ##"Ship it \#launch"##)
    }

    @Test("mention syntax for people and organizations stays intact")
    func mentions() {
        let text = "Thanks @[Jane Doe](urn:li:person:AbC-12_3) and @[ACME](urn:li:organization:2414183) (again)!"
        #expect(LinkedInLittleText.escape(text)
            == #"Thanks @[Jane Doe](urn:li:person:AbC-12_3) and @[ACME](urn:li:organization:2414183) \(again\)!"#)
    }

    @Test("anything else that looks like a mention is escaped")
    func notMentions() {
        #expect(LinkedInLittleText.escape("@[Jane](urn:li:company:1)") == #"\@\[Jane\]\(urn:li:company:1\)"#)
        #expect(LinkedInLittleText.escape("@[Jane](urn:li:person:)") == #"\@\[Jane\]\(urn:li:person:\)"#)
        #expect(LinkedInLittleText.escape("@[](urn:li:person:1)") == #"\@\[\]\(urn:li:person:1\)"#)
        #expect(LinkedInLittleText.escape("@jane") == #"\@jane"#)
    }

    @Test("length is measured before escaping")
    func lengthBeforeEscaping() {
        let text = String(repeating: "_", count: 3_000)
        #expect(TextRules.measure(text, platform: .linkedin).valid)
        #expect(LinkedInLittleText.escape(text).count == 6_000)
    }
}
