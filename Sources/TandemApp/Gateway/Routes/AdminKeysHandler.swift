import NIOCore
import TandemCore

/// `/admin/keys`, guarded by the master key: `POST` creates a virtual key (the key is in this one answer only),
/// `GET` lists keys (never keys or digests), `DELETE /admin/keys/{id}` revokes one.
///
/// A create body: `{"name": "team-a", "models": ["gpt-4o-mini"], "rpm": 60, "tpm": 100000,
/// "budget_usd": 10, "budget_period": "30d"}` (every field but `name` optional; periods in `s`, `m`, `h`, `d`).
struct AdminKeysHandler: HTTPHandler {
    let gateway: Gateway

    func handle(_ request: AppRequest) async throws -> AppResponse {
        do {
            let principal = try self.gateway.access.authenticate(AccessControl.presentedKey(request))
            guard principal.isMaster else {
                throw GatewayError(status: 403, message: "the admin endpoint needs the master key", type: "permission_error")
            }
            guard let store = self.gateway.access.virtualKeys else {
                throw GatewayError(status: 404, message: "virtual keys are not enabled (no key store)", type: "not_found_error")
            }
            switch (request.method, request.pathParameters["id"]) {
            case ("POST", nil): return try self.create(request, store: store)
            case ("GET", nil):
                let keys = try store.list().map(Self.json)
                return .json(JSONValue.object(["object": "list", "data": .array(keys)]).canonicalJSON().utf8)
            case ("DELETE", let id?):
                guard try store.revoke(id: id, at: self.gateway.access.currentMilliseconds) else {
                    throw GatewayError(status: 404, message: "no active key with id '\(id)'", type: "not_found_error")
                }
                return .json(JSONValue.object(["id": .string(id), "revoked": true]).canonicalJSON().utf8)
            default:
                throw GatewayError(status: 405, message: "method \(request.method) not allowed here")
            }
        } catch let error as GatewayError {
            return error.response(for: .openAI)
        }
    }

    private func create(_ request: AppRequest, store: any VirtualKeyStore) throws -> AppResponse {
        let body: JSONValue
        do {
            body = try JSONValue(parsing: String(decoding: request.body.readableBytesView, as: UTF8.self))
        } catch {
            throw GatewayError.invalidRequest("the body is not JSON")
        }
        var reader: ConfigurationReader
        do {
            reader = try ConfigurationReader(body, path: "")
            let name = try reader.requiredString("name")
            let models = try reader.strings("models") ?? []
            let rpm = try reader.integer("rpm", in: 1...100_000_000)
            let tpm = try reader.integer("tpm", in: 1...Int.max)
            let budget = try reader.number("budget_usd")
            let period = try reader.value("budget_period").map { value -> Duration in
                if case .string(let text) = value, text.hasSuffix("d"), let days = Double(text.dropLast()), days > 0 {
                    return .seconds(Int64(days * 86_400))
                }
                guard let duration = ConfigurationReader.parseDuration(value), duration >= .seconds(1) else {
                    throw ConfigurationError(field: "budget_period", problem: "expected a period such as 1h, 1d, 30d")
                }
                return duration
            } ?? .seconds(30 * 86_400)
            try reader.finish()
            let now = self.gateway.access.currentMilliseconds
            let secret = Self.newSecret()
            let key = VirtualKey(
                id: "vk_" + String(Self.newSecret().dropFirst(3).prefix(16)),
                name: name,
                models: models,
                requestsPerMinute: rpm,
                tokensPerMinute: tpm,
                budgetUSD: budget,
                budgetPeriodSeconds: Int(period.components.seconds),
                periodStartMilliseconds: now,
                createdMilliseconds: now
            )
            try store.insert(key, digest: KeyDigest(of: secret))
            var json = Self.json(key)
            if case .object(var object) = json {
                object["key"] = .string(secret)
                json = .object(object)
            }
            return .json(json.canonicalJSON().utf8, status: 201)
        } catch let error as ConfigurationError {
            throw GatewayError.invalidRequest("\(error.field): \(error.problem)", param: error.field)
        }
    }

    /// `tk-` and 43 characters of base64url from 32 random bytes.
    static func newSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        var text = Array("tk-".utf8)
        for _ in 0..<43 { text.append(alphabet[Int(generator.next(upperBound: UInt8(64)))]) }
        return String(decoding: text, as: UTF8.self)
    }

    static func json(_ key: VirtualKey) -> JSONValue {
        var object: [String: JSONValue] = [
            "id": .string(key.id),
            "name": .string(key.name),
            "models": .array(key.models.map(JSONValue.string)),
            "budget_period_seconds": .integer(Int64(key.budgetPeriodSeconds)),
            "spent_usd": .double(key.spentUSD),
            "created_ms": .integer(key.createdMilliseconds),
            "revoked": .bool(key.revokedMilliseconds != nil),
        ]
        object["rpm"] = key.requestsPerMinute.map { .integer(Int64($0)) } ?? .null
        object["tpm"] = key.tokensPerMinute.map { .integer(Int64($0)) } ?? .null
        object["budget_usd"] = key.budgetUSD.map(JSONValue.double) ?? .null
        return .object(object)
    }
}
