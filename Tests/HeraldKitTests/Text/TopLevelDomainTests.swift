import Foundation
import Testing
@testable import HeraldKit

@Suite("Top-level domains")
struct TopLevelDomainTests {
    /// Debian's `publicsuffix` package, the generator's source.
    static let pslPath = "/usr/share/publicsuffix/public_suffix_list.dat"
    static let pslInstalled = FileManager.default.fileExists(atPath: pslPath)

    /// twitter-text's tld_lib.yml against the PSL-derived set. TLDs missing
    /// here must be missing from the Public Suffix List too — names retired
    /// from the root zone (`an`, `tp`, brand TLDs that were given back) — so
    /// the generated file is faithful to its source.
    @Test("tld_lib.yml is covered, except TLDs the PSL no longer lists")
    func twitterTextList() throws {
        let yaml = try ConformanceYAML.parse(ConformanceData.text("tld_lib.yml"))
        var twitter: Set<String> = []
        for group in ["country", "generic"] {
            let items = try #require(yaml[group]?.list, "tld_lib.yml: \(group)")
            twitter.formUnion(items.compactMap { $0.string?.lowercased() })
        }
        #expect(twitter.count > 1_000)
        let missing = twitter.subtracting(KnownTopLevelDomains.all).sorted()
        print("tld_lib.yml: \(twitter.count) TLDs, \(missing.count) not in the PSL-derived set: "
            + missing.joined(separator: " "))
        #expect(Double(missing.count) < Double(twitter.count) * 0.1)

        guard Self.pslInstalled else { return }
        let psl = try pslTopLevelLabels()
        for tld in missing {
            #expect(!psl.contains(tld), "\(tld) is in the PSL; regenerate TLDs.generated.swift")
        }
    }

    @Test("TLDs.generated.swift matches the installed Public Suffix List", .enabled(if: pslInstalled))
    func generatedFileIsCurrent() throws {
        let psl = try pslTopLevelLabels()
        let absent = psl.subtracting(KnownTopLevelDomains.all).sorted()
        #expect(absent.isEmpty, "run scripts/generate-tlds.sh; missing: \(absent.prefix(20))")
    }

    @Test("ASCII, punycode and Unicode forms")
    func forms() {
        for tld in ["com", "co", "jp", "xn--q9jyb4c", "みんな", "рф", "xn--p1ai", "پاکستان"] {
            #expect(KnownTopLevelDomains.contains(tld), "\(tld)")
        }
        for notTLD in ["comm", "baz", "bz2", "test", "x"] {
            #expect(!KnownTopLevelDomains.contains(notTLD), "\(notTLD)")
        }
    }

    private func pslTopLevelLabels() throws -> Set<String> {
        let text = try String(contentsOfFile: Self.pslPath, encoding: .utf8)
        var labels: Set<String> = []
        var inICANN = false
        for line in text.split(separator: "\n") {
            if line.contains("===BEGIN ICANN DOMAINS===") { inICANN = true }
            if line.contains("===END ICANN DOMAINS===") { inICANN = false }
            guard inICANN, !line.hasPrefix("//"), let rule = line.split(separator: " ").first,
                  !rule.isEmpty
            else { continue }
            labels.insert(String(rule.split(separator: ".").last ?? rule).lowercased())
        }
        return labels
    }
}
