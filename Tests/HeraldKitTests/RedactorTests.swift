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

    /// A URL in a verbose log or an HTTP error carries a secret
    /// percent-encoded: `+` as `%2B` (or `%2b`), `/` as `%2F`, a space as `+`.
    @Test func findsASecretPercentEncoded() {
        let redact = Redactor(secrets: ["placeholder+ab/cd", "place holder"])
        #expect(redact("POST https://h/k/placeholder%2Bab%2Fcd/api → 200 (3 ms)") == "POST https://h/k/[REDACTED]/api → 200 (3 ms)")
        #expect(redact("GET https://h/?q=placeholder%2bab%2fcd&x=50%") == "GET https://h/?q=[REDACTED]&x=50%")
        #expect(redact("GET https://h/?q=place+holder") == "GET https://h/?q=[REDACTED]")
        // A `+` kept as it is next to an escaped `/`, with a secret that has a space.
        #expect(redact("https://h/placeholder+ab%2Fcd") == "https://h/[REDACTED]")
        // Encoded twice, and both forms in one text.
        #expect(redact("a placeholder%252Bab%252Fcd b placeholder+ab/cd") == "a [REDACTED] b [REDACTED]")
        #expect(redact.finds(in: "https://h/placeholder%2Bab%2Fcd"))
        // Escapes that show no secret leave the text as it is.
        #expect(redact("100% sure, 1+1 %2B") == "100% sure, 1+1 %2B")
        #expect(!redact.finds(in: "placeholder%2Bab"))
    }

    /// A secret of letters, digits and `-._~` is written the same in a URL:
    /// text is not decoded for it.
    @Test func aSecretNoEncoderEscapesIsSearchedAsItIs() {
        let redact = Redactor(secrets: ["placeholder-abcd"])
        #expect(redact("%70laceholder-abcd") == "%70laceholder-abcd")
        #expect(redact("placeholder-abcd") == "[REDACTED]")
    }

    /// The search looks for a secret's rarest byte (here `Q` and `7`) first:
    /// a secret is still found at the very start and end of a text, next to
    /// copies of that byte, overlapping a near miss, and not past the end.
    @Test func findsASecretWhereverItsRarestByteIs() {
        let redact = Redactor(secrets: ["abcQdef", "ee7e"])
        #expect(redact("abcQdef") == "[REDACTED]")
        #expect(redact("QQabcQdefQ abcQde abcQdef") == "QQ[REDACTED]Q abcQde [REDACTED]")
        #expect(redact("abcabcQdefQdef") == "abc[REDACTED]Qdef")
        #expect(redact("eee7ee7e7") == "e[REDACTED]e7e7")
        #expect(!redact.finds(in: "bcQdef abcQde Q"))
        // Shorter than the shortest secret: nothing to search.
        #expect(!redact.finds(in: "ee7"))
        #expect(redact.finds(in: "x ee7e"))
    }

    /// A quote cut off inside a secret (where a text stops fitting) shows
    /// no part of it: the start of one that ends a quote, the end of one
    /// that follows the `'…` opening a quote.
    @Test func aQuoteCutInsideASecretShowsNoPartOfIt() {
        let redact = Redactor(secrets: ["Tok3nValue99XyzQ"])
        #expect(redact("the first 500 characters fit, up to '…word word Tok3nValue'") == "the first 500 characters fit, up to '…word word [REDACTED]'")
        #expect(redact("up to '…nValue99XyzQ end'") == "up to '…[REDACTED] end'")
        #expect(redact("up to '…xTok3nV'") == "up to '…x[REDACTED]'")
        // Percent-encoded in a link, the quote cut inside it.
        let encoded = Redactor(secrets: ["Tok3n+Val/ue=Secret12345"])
        #expect(encoded("up to '…ok3n%2BVal%2Fue%3DSecret12345'") == "up to '…[REDACTED]'")
        #expect(encoded("up to '…see https://x.org/?t=Tok3n%2bVal%2f'") == "up to '…see https://x.org/?t=[REDACTED]'")
        // A secret longer than the quote, cut at both ends: the piece of its middle that is the quote.
        #expect(redact("up to '…3nValue99Xy'") == "up to '…[REDACTED]'")
        // A word that only shares three bytes, or a whole secret, as before.
        #expect(redact("up to '…word Tok'") == "up to '…word Tok'")
        #expect(redact("'Tok3nValue99XyzQ'") == "'[REDACTED]'")
    }

    /// A quote cut inside a secret encoded otherwise than `encode` writes
    /// it shows no part of it either: partly (Python's `quote()` keeps
    /// `/`), twice, or as a form writes a space (`+`), the cut falling
    /// anywhere, even inside an escape. The word holding it is replaced.
    @Test func aQuoteCutInsideASecretEncodedOtherwiseShowsNoPartOfIt() {
        let redact = Redactor(secrets: ["Tok3n+Val/ue=Secret12345", "place hold+er"])
        #expect(redact("up to '…see https://x.org/?t=Tok3n%2BVal/u'") == "up to '…see [REDACTED]'")
        #expect(redact("up to '…Tok3n%252BVal%252Fu'") == "up to '…[REDACTED]'")
        #expect(redact("up to '…3n%2BVal/ue%3DSec'") == "up to '…[REDACTED]'")
        #expect(redact("up to '…ok3n%2BVal/ue%3DSecret12345 and more'") == "up to '…[REDACTED] and more'")
        #expect(redact("x 'place+hold%2Be'") == "x '[REDACTED]'")
        // Cut inside the escape of its `+`.
        #expect(redact("x 'place+hold%2'") == "x '[REDACTED]'")
        // Encoded twice, cut inside an escape at either end.
        let twice = Redactor(secrets: ["Tok3nValue+Rest/xyz="])
        for cut in ["Tok3nValue%252", "Tok3nValue%25", "Tok3nValue%252BRe"] {
            #expect(twice("up to '…word \(cut)'") == "up to '…word [REDACTED]'", "\(cut)")
        }
        #expect(twice("from '…252BRest%252Fxyz%253D' on") == "from '…[REDACTED]' on")
        #expect(twice("from '…52BRest%252Fxyz%253D' on") == "from '…[REDACTED]' on")
        #expect(twice("from '…252BRest' on") == "from '…[REDACTED]' on")
        #expect(twice("from '…52BRest' on") == "from '…[REDACTED]' on")
        // Escapes and `+` that read as no piece of a secret stay as they are.
        #expect(redact("50% off 'a+b%20c' up to '…Tok%2Bx'") == "50% off 'a+b%20c' up to '…Tok%2Bx'")
    }

    /// Escapes nested thousands deep (`%2525…25`, from a platform's error
    /// quoting what it was sent) are decoded four rounds, not one round per
    /// escape, which took gigabytes: a secret is found encoded up to five
    /// times (four rounds, and its forms encoded once).
    @Test func nestedEscapesAreDecodedFourRoundsAtMost() {
        let redact = Redactor(secrets: ["Tok3n+Value/xyz="])
        let nested = "%" + String(repeating: "25", count: 40_000)
        #expect(redact("near 'x \(nested)' and \(nested) end") == "near 'x \(nested)' and \(nested) end")
        func encoded(_ times: Int) -> String {
            (0..<times).reduce("Tok3n+Value/xyz=") { text, _ in PercentEncoding.encode(text, keeping: PercentEncoding.isUnreserved) }
        }
        #expect(redact("t=" + encoded(5)) == "t=[REDACTED]")
        #expect(redact("up to '…word \(encoded(4).prefix(12))'") == "up to '…word [REDACTED]'")
        #expect(redact("t=" + encoded(6)) == "t=" + encoded(6))
    }

    /// A secret that reads as a CI runner's command is found as output
    /// shows it, made inert.
    @Test func aSecretMadeInertIsFound() {
        let secret = "##[Zq9x7Kp2"
        let redact = Redactor(secrets: [secret])
        #expect(redact("line: " + CICommands.inert(secret) + " end") == "line: [REDACTED] end")
        #expect(redact("line: " + secret) == "line: [REDACTED]")
    }
}
