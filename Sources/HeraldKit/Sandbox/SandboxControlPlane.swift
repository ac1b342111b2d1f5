import FlyingFox
import Foundation

/// The control plane under `/_sandbox/`: JSON in and out, no authentication
/// (the server listens on loopback only), never touched by faults or latency.
///
///     GET    /_sandbox/health
///     GET    /_sandbox/posts[?platform=mastodon&account=acme-mastodon]
///     POST   /_sandbox/posts           {"platform": "mastodon", "account": "m1", "text": "…",
///                                       "created_at": "2025-01-01T09:00:00Z", "application": "Web"}
///     GET    /_sandbox/faults
///     POST   /_sandbox/faults          {"match": {…}, "effect": {…}, "count": 1}
///     DELETE /_sandbox/faults[/f1]
///     GET    /_sandbox/latency
///     PUT    /_sandbox/latency         {"ms": 100}
///     GET    /_sandbox/limits
///     PUT    /_sandbox/limits          {"mastodon": {"image_size_limit": 8388608}}
///     GET    /_sandbox/clock
///     PUT    /_sandbox/clock           {"offset_seconds": -30}
///     POST   /_sandbox/reset
extension SandboxRouter {
    func control(_ http: FlyingFox.HTTPRequest) async -> SandboxResponse {
        let method = http.method.rawValue
        let route = http.path.split(separator: "/").dropFirst().map(String.init)
        let query = SandboxRequest.decodeForm(http.target.query())
        let body = (try? await http.bodyData) ?? Data()

        switch (method, route) {
        case ("GET", []), ("GET", ["health"]):
            return health()
        case ("GET", ["posts"]):
            return await posts(query: query)
        case ("POST", ["posts"]):
            return await seedStatus(body)
        case ("GET", ["faults"]):
            return faultList(await faults.all())
        case ("POST", ["faults"]):
            return await addFault(body)
        case ("DELETE", ["faults"]):
            await faults.removeAll()
            return faultList([])
        case ("DELETE", let parts) where parts.count == 2 && parts[0] == "faults":
            guard await faults.remove(id: parts[1]) else {
                return Self.problem(404, "No fault with id '\(parts[1])'; GET /_sandbox/faults lists them")
            }
            return faultList(await faults.all())
        case ("GET", ["latency"]):
            return .json(["ms": Self.milliseconds(await store.latency)])
        case ("PUT", ["latency"]), ("POST", ["latency"]):
            guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any],
                  let ms = JSONNumber.whole(object["ms"]), (0...SandboxServer.maxDelayMilliseconds).contains(ms) else {
                return Self.problem(400, #"Expected a JSON body like {"ms": 100} with a whole number of milliseconds from 0 to "# + "\(SandboxServer.maxDelayMilliseconds)")
            }
            await store.setLatency(.milliseconds(ms))
            return .json(["ms": ms])
        case ("GET", ["clock"]):
            return .json(["offset_seconds": Int(await store.clockOffset)])
        case ("PUT", ["clock"]), ("POST", ["clock"]):
            // An instance whose clock is off from the caller's: what it dates statuses with, and its Date header.
            let day = 86_400
            guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any],
                  let seconds = JSONNumber.whole(object["offset_seconds"]), (-day...day).contains(seconds) else {
                return Self.problem(400, #"Expected a JSON body like {"offset_seconds": -30}: how far the platforms' clock is ahead of this machine's, "#
                                    + "a whole number of seconds within a day either way")
            }
            await store.setClockOffset(TimeInterval(seconds))
            return .json(["offset_seconds": seconds])
        case ("GET", ["limits"]):
            return await limitList()
        case ("PUT", ["limits"]), ("POST", ["limits"]):
            return await setLimits(body)
        case ("POST", ["reset"]):
            await store.reset()
            await faults.removeAll()
            return .json(["reset": true])
        default:
            return Self.problem(404, "No control endpoint \(method) \(http.path); see GET /_sandbox/health")
        }
    }

    /// Every platform's limits that can be set, as they are now.
    private func limitList() async -> SandboxResponse {
        var list: [String: Any] = [:]
        for part in platforms where !part.limits.isEmpty { list[part.platform.rawValue] = await store.limits(of: part) }
        return .json(list)
    }

    /// Sets limits by platform: `{"mastodon": {"max_characters": 1000}}`.
    /// Nothing is set when any name or value is wrong.
    private func setLimits(_ body: Data) async -> SandboxResponse {
        let example = #"{"mastodon": {"image_size_limit": 8388608}}"#
        guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any], !object.isEmpty else {
            return Self.problem(400, "Expected a JSON body like \(example): limits by platform, each a whole number")
        }
        let settable = platforms.filter { !$0.limits.isEmpty }
        var changes: [(any SandboxPlatform, [String: Int])] = []
        for (name, value) in object.sorted(by: { $0.key < $1.key }) {
            guard let part = settable.first(where: { $0.platform.rawValue == name }) else {
                return Self.problem(400, "No sandbox platform '\(name)' has limits to set; these do: \(settable.map(\.platform.rawValue).joined(separator: ", "))")
            }
            guard let values = value as? [String: Any] else { return Self.problem(400, "Expected \(name)'s limits as an object, as in \(example)") }
            var set: [String: Int] = [:]
            for (limit, number) in values {
                guard part.limits[limit] != nil else {
                    return Self.problem(400, "\(name) has no limit '\(limit)'; its limits: \(part.limits.keys.sorted().joined(separator: ", "))")
                }
                guard let whole = JSONNumber.whole(number), whole > 0, whole <= Int(Int32.max) else {
                    return Self.problem(400, "\(name)'s \(limit) must be a whole number from 1 to \(Int32.max)")
                }
                set[limit] = whole
            }
            changes.append((part, set))
        }
        for (part, set) in changes { await store.setLimits(set, on: part.platform) }
        return await limitList()
    }

    private func health() -> SandboxResponse {
        .json([
            "status": "ok",
            "platforms": platforms.map { ["platform": $0.platform.rawValue, "base_url": baseURL(of: $0).absoluteString] },
        ])
    }

    private func posts(query: [SandboxField]) async -> SandboxResponse {
        var platform: Platform?
        if let name = query.first(where: { $0.name == "platform" })?.value {
            guard let known = Platform(rawValue: name) else {
                let names = Platform.allCases.map(\.rawValue).joined(separator: ", ")
                return Self.problem(400, "Unknown platform '\(name)'; expected one of \(names)")
            }
            platform = known
        }
        let account = query.first { $0.name == "account" }?.value
        var postKinds: [Platform: Set<String>] = [:]
        for part in platforms { postKinds[part.platform] = part.postKinds }
        var listed: [[String: Any]] = []
        for object in await store.objects(platform: platform, account: account)
        where postKinds[object.platform]?.contains(object.kind) == true {
            listed.append(await describe(object))
        }
        return .json(["posts": listed])
    }

    /// A Mastodon status already on the account, made when `created_at`
    /// says (default now) through `application` (default `Web`: by hand):
    /// what a look-up after a lost state meets.
    private func seedStatus(_ body: Data) async -> SandboxResponse {
        guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any], object["platform"] as? String == "mastodon",
              let account = object["account"] as? String, !account.isEmpty, let text = object["text"] as? String,
              let part = platforms.first(where: { $0.platform == .mastodon }) else {
            return Self.problem(400, #"Expected a Mastodon status like {"platform": "mastodon", "account": "m1", "text": "…", "#
                + #""created_at": "2025-01-01T09:00:00Z", "application": "Web"}"#)
        }
        var createdAt = Date()
        if let written = object["created_at"] as? String {
            guard let time = try? TimeParser.instant(written, zone: nil).get() else {
                return Self.problem(400, "created_at must be an RFC 3339 time such as 2025-01-01T09:00:00Z, found '\(written)'")
            }
            createdAt = time
        }
        let application = object["application"] as? String ?? "Web"
        let base = baseURL(of: part)
        let made = createdAt
        let (status, _) = await store.create(platform: .mastodon, account: account, idempotencyKey: nil, keptFor: 0, now: made) { id in
            SandboxObject(platform: .mastodon, account: account, id: id, kind: MastodonSandbox.Kind.status, text: text, visibility: "public",
                          createdAt: made, fields: ["spoiler_text": "", "sensitive": "false", "application": application,
                                                         "url": base.appendingPathComponent("@\(account)/\(id)").absoluteString])
        }
        return .json(await describe(status))
    }

    private func describe(_ object: SandboxObject) async -> [String: Any] {
        var media: [[String: Any]] = []
        for id in object.mediaIDs {
            let file = await store.object(object.platform, id: id)
            media.append([
                "id": id,
                "alt": SandboxJSON.orNull(file?.altText),
                "bytes": SandboxJSON.orNull(file?.byteCount),
                "content_type": SandboxJSON.orNull(file?.contentType),
            ])
        }
        return [
            "platform": object.platform.rawValue,
            "account": object.account,
            "id": object.id,
            "kind": object.kind,
            "text": SandboxJSON.orNull(object.text),
            "media": media,
            "reply_to": SandboxJSON.orNull(object.replyTo),
            "visibility": SandboxJSON.orNull(object.visibility),
            "language": SandboxJSON.orNull(object.language),
            "url": SandboxJSON.orNull(object.fields["url"]),
            "created_at": SandboxJSON.timestamp(object.createdAt),
        ]
    }

    private func addFault(_ body: Data) async -> SandboxResponse {
        let fault: SandboxFault
        do {
            fault = try JSONDecoder().decode(SandboxFault.self, from: body)
        } catch {
            let kinds = SandboxFault.Kind.allCases.map(\.rawValue).joined(separator: "|")
            return Self.problem(400, "\(Self.explain(error)); expected a fault like {\"match\":{\"platform\":"
                + "\"mastodon\",\"methods\":[\"POST\"],\"path\":\"/api/v1/statuses\"},\"effect\":{\"type\":"
                + "\"\(kinds)\",\"delay_ms\":2000},\"count\":1}")
        }
        if let problem = fault.problem {
            return Self.problem(400, problem)
        }
        if let platform = fault.match.platform, !platforms.contains(where: { $0.platform == platform }) {
            return Self.problem(400, "The sandbox does not serve \(platform.rawValue)")
        }
        let added = await faults.add(fault)
        return Self.encoded(added, status: 201)
    }

    /// A decoding error as one line that names the offending field.
    private static func explain(_ error: any Error) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            keys.isEmpty ? "the body" : keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error as? DecodingError {
        case .keyNotFound(let key, let context)?:
            return "\(path(context.codingPath + [key])) is missing"
        case .typeMismatch(_, let context)?, .valueNotFound(_, let context)?:
            return "\(path(context.codingPath)) has the wrong type"
        case .dataCorrupted(let context)?:
            return context.codingPath.isEmpty ? "the body is not JSON"
                : "\(path(context.codingPath)) has an unknown value"
        default:
            return "the body is not a fault"
        }
    }

    private func faultList(_ list: [SandboxFault]) -> SandboxResponse {
        struct List: Encodable { var faults: [SandboxFault] }
        return Self.encoded(List(faults: list))
    }

    private static func encoded(_ value: some Encodable, status: Int = 200) -> SandboxResponse {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return SandboxResponse(status: status, headers: ["Content-Type": "application/json; charset=utf-8"], body: data)
    }

    static func problem(_ status: Int, _ message: String) -> SandboxResponse {
        .json(["error": message], status: status)
    }

    private static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
    }
}
