import Foundation
import Testing

@testable import HeraldKit

@Suite("Redaction, headers, encoding")
struct RedactionTests {
    @Test(arguments: [
        ("https://h/x?access_token=abc&x=1", "https://h/x?access_token=REDACTED&x=1"),
        ("https://h/x?x=1&client_secret=s&api_key=k", "https://h/x?x=1&client_secret=REDACTED&api_key=REDACTED"),
        ("https://h/cb?code=9&state=ok", "https://h/cb?code=REDACTED&state=ok"),
        ("https://h/?Password=p&X-Amz-Signature=z", "https://h/?Password=REDACTED&X-Amz-Signature=REDACTED"),
        ("https://h/?refresh%5Ftoken=r", "https://h/?refresh%5Ftoken=REDACTED"),
        ("https://alice:hunter2@h:8443/p?q=1", "https://alice:REDACTED@h:8443/p?q=1"),
        ("https://alice@h/p", "https://alice@h/p"),
        ("https://h/cb#access_token=t&token_type=bearer", "https://h/cb#access_token=REDACTED&token_type=REDACTED"),
        ("https://h/page#section-2", "https://h/page#section-2"),
        ("https://h/a/b?x=1&&y", "https://h/a/b?x=1&&y"),
        ("https://h/a/b", "https://h/a/b"),
    ])
    func redactURL(input: String, expected: String) {
        #expect(Redaction.redactURL(input) == expected)
    }

    @Test func headerDescriptionsHideCredentials() {
        let headers: HTTPHeaders = ["Authorization": "Bearer t", "X-Api-Key": "k", "Accept": "application/json"]
        #expect(headers.description == "Authorization: REDACTED\nX-Api-Key: REDACTED\nAccept: application/json")
    }

    @Test func headerLookupAndReplacement() {
        var headers: HTTPHeaders = ["Link": "<a>", "link": "<b>", "Accept": "*/*"]
        #expect(headers["LINK"] == "<a>")
        #expect(headers.values(for: "Link") == ["<a>", "<b>"])
        headers["link"] = "<c>"
        #expect(headers.fields == [HTTPHeader(name: "Link", value: "<c>"), HTTPHeader(name: "Accept", value: "*/*")])
        headers["accept"] = nil
        headers["Retry-After"] = "5"
        #expect(headers.map(\.name) == ["Link", "Retry-After"])
    }

    @Test func formEncoding() {
        let encoded = FormEncoding.encode([("a b", "c&d=e"), ("emoji", "🎉"), ("safe", "A-z_0.9*~")])
        #expect(String(decoding: encoded, as: UTF8.self) == "a+b=c%26d%3De&emoji=%F0%9F%8E%89&safe=A-z_0.9*%7E")
    }

    @Test func durationsRoundUpToWholeMilliseconds() {
        #expect(Duration.seconds(10).wholeMilliseconds == 10_000)
        #expect(Duration.microseconds(1).wholeMilliseconds == 1)
        #expect(Duration.milliseconds(1500).wholeMilliseconds == 1500)
    }
}
