import Testing
@testable import HeraldKit

@Suite struct RedactorTests {
    @Test func replacesEveryOccurrenceLongestSecretFirst() {
        let redact = Redactor(secrets: ["placeholder-aa", "placeholder-aa-long", "abc"])
        #expect(redact("x placeholder-aa-long y placeholder-aa z placeholder-aa") == "x [REDACTED] y [REDACTED] z [REDACTED]")
        // Shorter than 4 characters: too common to replace.
        #expect(redact("abc") == "abc")
    }

    /// String's comparison sees "d" + U+0301 as one character, so a secret
    /// followed by a combining mark was not found; bytes are compared.
    @Test func findsASecretFollowedByACombiningMark() {
        let redact = Redactor(secrets: ["placeholder-abcd"])
        #expect(redact("é placeholder-abcd\u{301} é") == "é [REDACTED]\u{301} é")
        #expect(redact.finds(in: "placeholder-abcd\u{301}"))
        #expect(!redact.finds(in: "placeholder-abc"))
    }

    @Test func anEmptyRedactorLeavesTextAlone() {
        let redact = Redactor(secrets: [])
        #expect(redact.isEmpty)
        #expect(redact("placeholder-abcd") == "placeholder-abcd")
        #expect(!redact.finds(in: "anything"))
    }
}
