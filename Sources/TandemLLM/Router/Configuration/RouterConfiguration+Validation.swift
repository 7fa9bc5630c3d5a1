import TandemCore

extension RouterConfiguration {
    /// Checks every field, so that a bad configuration stops start-up instead of failing a request later.
    ///
    /// - Parameter prefix: Where this configuration sits in the file (`llm.`), put in front of field names.
    /// - Throws: A ``TandemError`` with code `invalid_configuration` whose message starts with the field's path,
    ///   e.g. `models[2].deployments[0].weight: must be a positive number, not -1`.
    public func validate(at prefix: String = "") throws {
        func fail(_ field: String, _ problem: String) -> TandemError {
            TandemError(.invalidConfiguration, "\(prefix)\(field): \(problem)")
        }
        var names: Set<String> = []
        for (modelIndex, model) in self.models.enumerated() {
            let path = "models[\(modelIndex)]"
            if model.name.isEmpty { throw fail("\(path).name", "must not be empty") }
            if model.name.contains("/") {
                throw fail("\(path).name", "must not contain '/' (that form is provider/model), not '\(model.name)'")
            }
            if !names.insert(model.name).inserted {
                throw fail("\(path).name", "'\(model.name)' is defined twice")
            }
            if model.deployments.isEmpty { throw fail("\(path).deployments", "needs at least one deployment") }
            for (index, deployment) in model.deployments.enumerated() {
                let field = "\(path).deployments[\(index)]"
                guard let kind = ProviderKind(rawValue: deployment.provider) else {
                    let known = ProviderKind.allCases.map(\.rawValue).joined(separator: ", ")
                    throw fail("\(field).provider", "must be one of \(known), not '\(deployment.provider)'")
                }
                if deployment.model.isEmpty { throw fail("\(field).model", "must not be empty") }
                if !(deployment.weight > 0) || !deployment.weight.isFinite {
                    throw fail("\(field).weight", "must be a positive number, not \(deployment.weight)")
                }
                if let url = deployment.baseURL, !(url.hasPrefix("http://") || url.hasPrefix("https://")) {
                    throw fail("\(field).base_url", "must start with http:// or https://")
                }
                if let variable = deployment.apiKeyEnv, !Self.isEnvironmentVariableName(variable) {
                    throw fail("\(field).api_key_env", "must name an environment variable (the key itself never goes here)")
                }
                if deployment.region != nil, kind != .bedrock {
                    throw fail("\(field).region", "applies to bedrock deployments only")
                }
                if let name = deployment.name, name.isEmpty { throw fail("\(field).name", "must not be empty") }
            }
        }
        let aliasNames = Set(self.aliases.keys)
        for (alias, target) in self.aliases.sorted(by: { $0.key < $1.key }) {
            if names.contains(alias) { throw fail("aliases.\(alias)", "is also the name of a model") }
            if !Self.isRoutable(target, models: names) {
                throw fail("aliases.\(alias)", "'\(target)' is neither a configured model nor provider/model")
            }
        }
        let known = names.union(aliasNames)
        for (modelIndex, model) in self.models.enumerated() {
            let lists = [
                ("fallbacks", model.fallbacks), ("context_window_fallbacks", model.contextWindowFallbacks),
                ("content_policy_fallbacks", model.contentPolicyFallbacks),
            ]
            for (key, list) in lists {
                for (index, target) in list.enumerated() where !Self.isRoutable(target, models: known) {
                    throw fail(
                        "models[\(modelIndex)].\(key)[\(index)]",
                        "'\(target)' is neither a configured model, an alias nor provider/model"
                    )
                }
            }
        }
        let retry = self.retry
        if retry.maxAttempts < 1 { throw fail("retry.max_attempts", "must be at least 1, not \(retry.maxAttempts)") }
        if retry.baseDelayMilliseconds < 0 { throw fail("retry.base_delay_ms", "must not be negative") }
        if retry.maxDelayMilliseconds < retry.baseDelayMilliseconds {
            throw fail("retry.max_delay_ms", "must be at least base_delay_ms (\(retry.baseDelayMilliseconds))")
        }
        if retry.maxRetryAfterMilliseconds < 0 { throw fail("retry.max_retry_after_ms", "must not be negative") }
        if retry.minimumAttemptMilliseconds < 0 { throw fail("retry.minimum_attempt_ms", "must not be negative") }
        if self.cooldown.failureThreshold < 1 {
            throw fail("cooldown.failure_threshold", "must be at least 1, not \(self.cooldown.failureThreshold)")
        }
        if self.cooldown.baseMilliseconds < 0 { throw fail("cooldown.base_ms", "must not be negative") }
        if self.cooldown.maxMilliseconds < self.cooldown.baseMilliseconds {
            throw fail("cooldown.max_ms", "must be at least base_ms (\(self.cooldown.baseMilliseconds))")
        }
        if self.sessionAffinity.ttlSeconds < 1 { throw fail("session_affinity.ttl_seconds", "must be at least 1") }
        if self.sessionAffinity.maxSessions < 1 { throw fail("session_affinity.max_sessions", "must be at least 1") }
        for (model, price) in self.prices.sorted(by: { $0.key < $1.key }) {
            let values = [
                ("input", price.input), ("output", price.output), ("cache_read", price.cacheRead ?? 0),
                ("cache_write", price.cacheWrite ?? 0),
            ]
            for (key, value) in values where !(value >= 0) || !value.isFinite {
                throw fail("prices.\(model).\(key)", "must be a non-negative number of dollars per million tokens")
            }
        }
    }

    static func isRoutable(_ target: String, models: Set<String>) -> Bool {
        if models.contains(target) { return true }
        guard let slash = target.firstIndex(of: "/") else { return false }
        return ProviderKind(rawValue: String(target[..<slash])) != nil && target.index(after: slash) < target.endIndex
    }

    private static func isEnvironmentVariableName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, !("0"..."9").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || ("A"..."Z").contains($0) || ("a"..."z").contains($0)
            || ("0"..."9").contains($0)
        }
    }
}
