import Foundation
import HeraldKit

let text = "once with herald once for with every plans herald exactly for and plans reviews state files team\nhttps://example.com/blog/15000\n\n#bench"
let tagging = LinkTagging(medium: "social")
func bench(_ name: String, _ n: Int = 30_000, _ body: (Int) -> Int) {
    var sink = 0
    let start = DispatchTime.now().uptimeNanoseconds
    for i in 0..<n { sink &+= body(i) }
    let ns = Double(DispatchTime.now().uptimeNanoseconds - start) / Double(n)
    print(String(format: "%-28@ %8.0f ns  (%d)", name as NSString, ns, sink & 1))
}
let prepared = LinkTagger.Prepared(platform: .x, campaignID: "bench", tagging: tagging)
let tagged = LinkTagger.tag(text, with: prepared)
let which = CommandLine.arguments.dropFirst().first ?? "all"
if which == "extract" { bench("extractURLs", 1_000_000) { _ in TwitterText.extractURLs(text).count }; exit(0) }
bench("extractURLs") { _ in TwitterText.extractURLs(text).count }
bench("LinkTagger.tag prepared") { _ in LinkTagger.tag(text, with: prepared).utf8.count }
bench("measure x") { _ in TextRules.measure(tagged, platform: .x).length }
bench("measure mastodon") { _ in TextRules.measure(tagged, platform: .mastodon).length }
bench("measure bluesky") { _ in TextRules.measure(tagged, platform: .bluesky).length }
bench("twitter parse") { _ in TwitterText.parse(tagged).weightedLength }
bench("count") { _ in tagged.count }
