import Testing
@testable import HeraldKit

/// How alike a status must read to be taken for a post edited since it was
/// published (`MastodonAdapter.EditedSince`).
@Suite struct TextSimilarityTests {
    @Test func aCorrectedWordLeavesATextAlike() {
        let corrected = TextSimilarity.dice("Old post one, sent a day late.", "Old post one, sent one day late.")
        #expect(corrected >= MastodonAdapter.EditedSince.threshold && corrected < 1)
        #expect(TextSimilarity.dice("Our winter release is out: faster sync and a new editor. #WinterLaunch",
                                    "Our winter release is out: faster sync and a brand-new editor. #WinterLaunch") >= 0.9)
        // Letter case aside, as Mastodon's rendering may change it.
        #expect(TextSimilarity.dice("Launch Day", "launch day") == 1)
    }

    @Test func postsOnOtherSubjectsAreNot() {
        #expect(TextSimilarity.dice("Webinar tomorrow at 10:00 CET: what's new in winter. #WinterLaunch",
                                    "Our winter release is out: faster sync and a new editor. #WinterLaunch") < MastodonAdapter.EditedSince.threshold)
        #expect(TextSimilarity.dice("Happy Friday", "Happy Monday") < MastodonAdapter.EditedSince.threshold)
        #expect(TextSimilarity.dice("hi", "hello") == 0)
        #expect(TextSimilarity.dice("", "a text") == 0)
        #expect(TextSimilarity.dice("", "") == 1)
    }
}
