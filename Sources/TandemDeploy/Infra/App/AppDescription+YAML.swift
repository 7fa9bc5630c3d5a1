import TandemCore
import Yams

extension AppDescription {
    /// Reads an app description from YAML (the same keys as the Codable form, snake_case).
    ///
    /// - Throws: ``TandemError`` `invalid_configuration` naming the field at fault.
    public init(yaml: String) throws {
        do {
            self = try YAMLDecoder().decode(AppDescription.self, from: yaml)
        } catch let error as DecodingError {
            throw TandemError(.invalidConfiguration, "app description: \(error.tandemSummary)")
        } catch {
            throw TandemError(.invalidConfiguration, "app description is not valid YAML", underlying: error)
        }
    }
}

extension AppDescription {
    /// Reads an app description from a YAML file.
    ///
    /// - Throws: ``TandemError`` naming the file and the field at fault.
    public static func load(path: String) throws -> AppDescription {
        do {
            return try AppDescription(yaml: try FileIO.read(path))
        } catch let error as TandemError {
            throw TandemError(error.code, "\(path): \(error.message)")
        }
    }
}
