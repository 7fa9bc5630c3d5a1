import TandemCore
import Yams

extension WorkloadProfile {
    /// Reads a profile from YAML: a mapping of documented field names to scalars.
    ///
    /// - Parameter yaml: The YAML text; empty text gives the default profile.
    /// - Throws: ``TandemError`` `invalid_configuration` naming every unknown field, or the first invalid one.
    public init(yaml: String) throws {
        self.init()
        let loaded: Any?
        do {
            loaded = try Yams.load(yaml: yaml)
        } catch {
            throw TandemError(.invalidConfiguration, "profile is not valid YAML", underlying: error)
        }
        guard let loaded else { return }
        guard let mapping = loaded as? [String: Any] else {
            throw TandemError(.invalidConfiguration, "profile must be a mapping of field names to values")
        }
        let known = Set(Self.fields.map(\.name))
        let unknown = mapping.keys.filter { !known.contains($0) }.sorted()
        if !unknown.isEmpty {
            let list = unknown.map { "'\($0)'" }.joined(separator: ", ")
            throw TandemError(
                .invalidConfiguration,
                "unknown profile field\(unknown.count > 1 ? "s" : "") \(list); known fields: "
                    + Self.fields.map(\.name).joined(separator: ", ")
            )
        }
        for field in Self.fields {
            guard let value = mapping[field.name] else { continue }
            let text: String
            switch value {
            case let bool as Bool: text = bool ? "true" : "false"
            case let int as Int: text = String(int)
            case let double as Double: text = "\(double)"
            case let string as String: text = string
            default:
                throw TandemError(.invalidConfiguration, "profile field '\(field.name)' must be a single value")
            }
            try field.set(&self, text)
        }
    }
}
