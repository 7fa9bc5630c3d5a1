import TandemCore

/// Builds a ``WorkloadProfile`` from an optional YAML file and flag overrides.
public enum ProfileLoader {
    /// Reads the profile file (if any), then applies each override that is set.
    ///
    /// - Parameters:
    ///   - path: The YAML file, or `nil` for the defaults.
    ///   - overrides: Field names and values from flags; `nil` values are skipped.
    /// - Returns: The profile.
    /// - Throws: ``TandemError`` naming the file or the field at fault.
    public static func load(path: String?, overrides: [(String, String?)] = []) throws -> WorkloadProfile {
        var profile = WorkloadProfile()
        if let path {
            do {
                profile = try WorkloadProfile(yaml: try FileIO.read(path))
            } catch let error as TandemError {
                throw TandemError(error.code, "\(path): \(error.message)", underlying: error.underlying)
            }
        }
        for (name, value) in overrides {
            guard let value else { continue }
            profile = try profile.setting(name, to: value)
        }
        return profile
    }
}
