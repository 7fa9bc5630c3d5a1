import TandemCore

/// `GET /health/ready`: 200 when every readiness check passes (configuration loaded, stores reachable, models
/// loaded), else 503 with the failing checks; `GET /health/live`: 200 while the process serves requests.
struct ReadinessHandler: HTTPHandler {
    let gateway: Gateway

    func handle(_ request: AppRequest) async throws -> AppResponse {
        var checks: [String: JSONValue] = ["configuration": true]
        var ready = true
        for (name, check) in self.gateway.readinessChecks {
            let passed = await check()
            checks[name] = .bool(passed)
            ready = ready && passed
        }
        let body: JSONValue = ["status": .string(ready ? "ready" : "not_ready"), "checks": .object(checks)]
        return .json(body.canonicalJSON().utf8, status: ready ? 200 : 503)
    }
}
