import Foundation
import Testing

@testable import HeraldKit

// Headers as they are sent, and a URL's password as it is shown: round seven of mutation testing found these untested.

extension HTTPClientFailureTests {
    /// A carriage return alone is a line break to many servers and proxies:
    /// a value holding one, with no line feed after it, is refused before
    /// anything is sent, as "\r\n" is.
    @Test func aBareCarriageReturnInAHeaderIsRefused() async throws {
        let error = try await #require(throws: HTTPError.self) {
            try await HTTPClient().send(
                HTTPRequest(url: "http://127.0.0.1:9/", headers: ["X-Evil": "a\rHost: elsewhere"]))
        }
        #expect(error.kind == .invalidRequest)
        #expect(!error.mayHaveReachedServer)
    }
}

extension HTTPClientTests {
    /// A field with an empty value is sent, empty, not dropped.
    @Test func aHeaderWithAnEmptyValueIsSent() async throws {
        let server = try await HTTPTestServer()
        let response = try await HTTPClient().send(HTTPRequest(url: "\(server.base)/echo", headers: ["X-Empty": "", "X-Full": "x"]))
        let echo = try HTTPTestServer.echo(response.body)
        #expect(echo.header("X-Empty") == [""])
        #expect(echo.header("X-Full") == ["x"])
    }
}

extension RedactionTests {
    /// A password holding ':' (the user name ends at the first one): none of it shows.
    @Test func aPasswordHoldingAColonIsRedactedWhole() {
        #expect(Redaction.redactURL("https://alice:pa:ss@h/p?q=1") == "https://alice:REDACTED@h/p?q=1")
    }
}

extension HTTPClientTests {
    /// A Content-Type the request names replaces the one its body would
    /// have: one field is sent, the request's.
    @Test func aRequestsOwnContentTypeIsTheOnlyOne() async throws {
        let server = try await HTTPTestServer()
        let json = Data(#"{"a":1}"#.utf8)
        let response = try await HTTPClient().send(
            HTTPRequest(method: .post, url: "\(server.base)/echo", headers: ["Content-Type": "application/activity+json"], body: .json(json)))
        let echo = try HTTPTestServer.echo(response.body)
        #expect(echo.header("Content-Type") == ["application/activity+json"])
        #expect(echo.body == json)
    }
}

extension HTTPClientFailureTests {
    /// A field's name is a token: a space in it (`X Evil`), which a server
    /// or proxy may read as the end of the name or refuse the request for,
    /// is refused before anything is sent, as a control character is.
    @Test func aHeaderNameWithASpaceIsRefused() async throws {
        for name in ["X Evil", " X-Lead", "X-Trail "] {
            let error = try await #require(throws: HTTPError.self) {
                try await HTTPClient().send(HTTPRequest(url: "http://127.0.0.1:9/", headers: [name: "a"]))
            }
            #expect(error.kind == .invalidRequest, "\(name): \(error)")
            #expect(!error.mayHaveReachedServer)
            #expect(error.message == "header \"\(name)\" has a name or value that cannot be sent", "\(error)")
        }
    }
}

extension HTTPClientTests {
    /// A header folded onto a second line (obs-fold, RFC 9112 §5.2) is
    /// one value whose lines are joined by a space, as a recipient must
    /// read it: `Link: <…>;` then ` rel="next"` is `<…>; rel="next"`, and
    /// a folded `Retry-After` reason keeps its words apart.
    @Test func aFoldedHeaderLineContinuesTheValueAfterASpace() {
        var headers: HTTPHeaders = [:]
        headers.append(name: "Link", value: "<https://m.example/x?max_id=7>;")
        headers.continueLastValue(with: "rel=\"next\"")
        #expect(headers["link"] == "<https://m.example/x?max_id=7>; rel=\"next\"")
        #expect(MastodonAdapter.linksNextPage(headers) == true)
        headers.append(name: "X-Reason", value: "try")
        headers.continueLastValue(with: "again")
        headers.continueLastValue(with: "later")
        #expect(headers.values(for: "x-reason") == ["try again later"])
        #expect(headers.values(for: "link").count == 1)
    }
}
