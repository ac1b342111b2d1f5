import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
@testable import HeraldKit

// How the sandbox reads a fault's methods and a form's '+': round seven of mutation testing found these untested.

extension SandboxFaultTests {
    /// A method is matched whatever its letter case, as HTTP's are named in
    /// the README in capitals and often typed in lower case.
    @Test func aFaultsMethodsMatchInAnyCase() async throws {
        try await withSandbox { _, client in
            try await addFault(client, ["type": "status", "status": 503], methods: ["post"])
            #expect(try await post(client, "lost").status == 503)
            #expect(try await client.posts().isEmpty)
            #expect(try await post(client, "kept").status == 200)
        }
    }
}

extension MastodonSandboxTests {
    /// A form as browsers and `curl --data` write it: a space as '+', a '+' as %2B.
    /// The status holds the words as meant.
    @Test func aFormBodyReadsPlusAsASpace() async throws {
        try await withSandbox { _, client in
            let made = try await client.send("POST", statuses, token: acmeMastodonToken,
                                             body: Data("status=two+words+%2B+one&visibility=public".utf8),
                                             contentType: "application/x-www-form-urlencoded")
            #expect(made.status == 200)
            #expect(try await client.posts().compactMap { $0["text"] as? String } == ["two words + one"])
        }
    }
}
