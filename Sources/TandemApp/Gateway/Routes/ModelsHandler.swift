import TandemCore

/// `GET /v1/models` (and `GET /v1/models/{id}`): the models this gateway serves, in OpenAI's list format (the
/// Anthropic SDK's `models.list` reads the same `data[].id`).
struct ModelsHandler: HTTPHandler {
    let gateway: Gateway

    func handle(_ request: AppRequest) async throws -> AppResponse {
        do {
            _ = try self.gateway.access.authenticate(AccessControl.presentedKey(request))
        } catch {
            return error.response(for: request.header("anthropic-version") == nil ? .openAI : .anthropic)
        }
        let created: Int64 = 1_700_000_000
        func entry(_ name: String) -> JSONValue {
            let owner = name.split(separator: "/").first.map(String.init) ?? "tandem"
            return ["id": .string(name), "object": "model", "created": .integer(created),
                "owned_by": .string(name.contains("/") ? owner : "tandem"), "type": "model",
                "display_name": .string(name)]
        }
        if let id = request.pathParameters["id"] {
            let name = id.removingPercentEncodingIfNeeded
            guard self.gateway.modelNames.contains(name) || name.contains("/") else {
                return GatewayError(status: 404, message: "model '\(name)' not found", code: "model_not_found")
                    .response(for: .openAI)
            }
            return .json(entry(name).canonicalJSON().utf8)
        }
        let body: JSONValue = [
            "object": "list",
            "data": .array(self.gateway.modelNames.map(entry)),
            "has_more": false,
        ]
        return .json(body.canonicalJSON().utf8)
    }
}

extension String {
    fileprivate var removingPercentEncodingIfNeeded: String {
        self.contains("%") ? PercentDecoding.decode(self[...], plusIsSpace: false) : self
    }
}
