import TandemCore

/// A record that can hand the idempotency guard one of its top-level fields directly, so a key path such as
/// `messageId` does not encode the whole record to a JSON value first (about a third of the guard's own cost per
/// record). The value must equal what encoding the record and resolving the one-name key path gives.
protocol IdempotencyFieldProviding {
    /// The JSON value of the top-level field `name`, or `nil` when this type does not provide it directly (then
    /// the record is encoded whole).
    func idempotencyField(_ name: String) -> JSONValue?
}

extension IdempotencyKeyPath {
    /// The name, when the path is one top-level name.
    var topLevelName: String? {
        guard self.segments.count == 1, case .name(let name) = self.segments[0] else { return nil }
        return name
    }
}

extension Idempotency {
    /// The key of `record` without encoding it, when the configuration allows it: a one-name key path the record
    /// provides directly and no payload validation (which needs the whole record).
    func directKey(for record: some Encodable) -> String? {
        guard self.configuration.payloadValidationPath == nil, let name = self.configuration.keyPath?.topLevelName,
            let provider = record as? any IdempotencyFieldProviding, let value = provider.idempotencyField(name),
            value != .null
        else { return nil }
        return self.configuration.namespace + "#" + Self.hash(value)
    }
}
