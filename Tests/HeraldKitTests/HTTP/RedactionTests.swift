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
        // A password holding '@': the host starts after the last one (before a mutation run, unpinned: cut at the first, 'ss' showed).
        ("https://alice:p@ss@h/p", "https://alice:REDACTED@h/p"),
        ("https://h/cb#access_token=t&token_type=bearer", "https://h/cb#access_token=REDACTED&token_type=REDACTED"),
        ("https://h/page#section-2", "https://h/page#section-2"),
        ("https://h/a/b?x=1&&y", "https://h/a/b?x=1&&y"),
        ("https://h/a/b", "https://h/a/b"),
        // A word of the name that ends with a credential's word; not one that only holds it.
        ("https://h/?apiKey=k&authtoken=t&keyboard=us&zipcode-x=1&designer=d", "https://h/?apiKey=REDACTED&authtoken=REDACTED&keyboard=us&zipcode-x=REDACTED&designer=d"),
        // A plural, a version, and the short names of a password and a JSON Web Token.
        ("https://h/?tokens=t&sigv4=s&pwd=p&jwt=j&codec=h264", "https://h/?tokens=REDACTED&sigv4=REDACTED&pwd=REDACTED&jwt=REDACTED&codec=h264"),
    ])
    func redactURL(input: String, expected: String) {
        #expect(Redaction.redactURL(input) == expected)
    }

    /// A redirect's address, quoted in the failure that is shown and recorded
    /// in state/, loses the token-like values of its query.
    @Test func aRedirectsLocationIsRedacted() {
        let account = Account(id: "m", platform: .mastodon, location: SourceLocation(path: "accounts.yaml", line: 1, column: 1),
                              fields: ["instance": "https://one.example"])
        let adapter = MastodonAdapter(account: account, token: "placeholder", http: HTTPClient(configuration: .init()))
        let response = HTTPResponse(status: 301, headers: ["Location": "https://new.example/api/v1/statuses?access_token=placeholder-loc&x=1"],
                                    effectiveURL: "https://one.example/api/v1/statuses")
        #expect(adapter.failure(response).description
            == "HTTP 301: the instance redirects this request to https://new.example/api/v1/statuses?access_token=REDACTED&x=1; set the account's instance to the address it moved to")
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

    /// Header names match whatever the case of each letter, the last of
    /// the alphabet too: `X-AMZ-DATE` is found as `x-amz-date`.
    @Test func headerNamesMatchInAnyCaseOfEveryLetter() {
        let headers: HTTPHeaders = ["X-AMZ-DATE": "20261201T090000Z", "ABCDEFGHIJKLMNOPQRSTUVWXYZ": "all"]
        #expect(headers["x-amz-date"] == "20261201T090000Z")
        #expect(headers["abcdefghijklmnopqrstuvwxyz"] == "all")
        #expect(headers.contains("x-Amz-Date"))
    }
}
