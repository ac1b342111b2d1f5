@testable import HeraldKit
import Testing

@Suite struct SuggestTests {
    func distance(_ a: String, _ b: String) -> Int {
        Suggest.editDistance(Array(a.unicodeScalars), Array(b.unicodeScalars))
    }

    @Test func editDistanceCountsEachTypoOnce() {
        #expect(distance("kitten", "sitting") == 3)
        #expect(distance("", "abc") == 3)
        #expect(distance("abc", "") == 3)
        #expect(distance("same", "same") == 0)
        // A swap of two neighbours is one typo.
        #expect(distance("ab", "ba") == 1)
        #expect(distance("acme-x", "acme-x") == 0)
        #expect(distance("timezone", "tiemzone") == 1)
        // Not a swap: each of these takes two edits.
        #expect(distance("aba", "bab") == 2)
        #expect(distance("aaba", "abab") == 2)
        #expect(distance("aaba", "bbab") == 3)
    }

    @Test func closestIsAPlausibleTypoOrNothing() {
        #expect(Suggest.closest(to: "publsh_at", in: PostDecoder.keys) == "publish_at")
        #expect(Suggest.closest(to: "TEXT", in: PostDecoder.keys) == "text")
        #expect(Suggest.closest(to: "colour", in: PostDecoder.keys) == nil)
        #expect(Suggest.closest(to: "Europe/Berln", in: ["Europe/Berlin", "Europe/Bern"]) == "Europe/Berlin")
        // Far longer or shorter than every candidate: too many edits to be a typo.
        #expect(Suggest.closest(to: "t", in: ["text", "thread"]) == nil)
        #expect(Suggest.closest(to: "x", in: ["x", "vk"]) == "x")
    }

    /// A value of many kilobytes (a pasted blob, a fuzzed file) gets no
    /// suggestion: it is not compared with hundreds of time zones.
    @Test func aVeryLongWordGetsNoSuggestion() {
        let blob = String(repeating: "a", count: 70_000)
        #expect(Suggest.closest(to: blob, in: [blob]) == nil)
        #expect(Suggest.closest(to: String(repeating: "a", count: 200), in: [String(repeating: "a", count: 199)]) == String(repeating: "a", count: 199))
    }
}
