#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
public import TandemApp
public import TandemCore
import Yams

/// Reads `tandem.yaml` into a ``TandemConfiguration``.
public enum ConfigurationFile {
    /// The file names looked for in the working directory when no `--config` is given.
    public static let defaultNames = ["tandem.yaml", "tandem.yml"]

    /// Loads the configuration: `path` if given (it must exist), else `TANDEM_CONFIG`, else `tandem.yaml` in the
    /// working directory if present, else the defaults.
    ///
    /// - Throws: ``ConfigurationError`` naming the file and the field.
    public static func load(path: String?, environment: [String: String]) throws -> TandemConfiguration {
        let explicit = path ?? environment["TANDEM_CONFIG"].flatMap { $0.isEmpty ? nil : $0 }
        let chosen = explicit ?? Self.defaultNames.first { FileManager.default.fileExists(atPath: $0) }
        guard let chosen else {
            return try TandemConfiguration(parsing: .null, environment: environment, source: "defaults")
        }
        guard let data = FileManager.default.contents(atPath: chosen) else {
            throw ConfigurationError(field: "(file)", problem: "cannot read the configuration file", source: chosen)
        }
        let tree = try Self.parse(String(decoding: data, as: UTF8.self), source: chosen)
        return try TandemConfiguration(parsing: tree, environment: environment, source: chosen)
    }

    /// Parses YAML text into JSON-like values.
    ///
    /// - Throws: ``ConfigurationError`` with the line and column of a syntax error.
    public static func parse(_ text: String, source: String) throws -> JSONValue {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw ConfigurationError(field: "(syntax)", problem: "\(error)", source: source)
        }
        guard let node else { return .null }
        return try Self.value(node, path: "", source: source)
    }

    private static func value(_ node: Node, path: String, source: String) throws -> JSONValue {
        switch node {
        case .scalar(let scalar):
            if scalar.style == .plain || scalar.style == .any {
                if let flag = Bool.construct(from: scalar) { return .bool(flag) }
                if scalar.string == "~" || scalar.string == "null" || scalar.string.isEmpty { return .null }
                if let integer = Int64(scalar.string) { return .integer(integer) }
                if let double = Double(scalar.string), scalar.string.contains(where: { $0 == "." || $0 == "e" }) {
                    return .double(double)
                }
            }
            return .string(scalar.string)
        case .sequence(let sequence):
            return .array(
                try sequence.enumerated().map { index, item in
                    try Self.value(item, path: "\(path)[\(index)]", source: source)
                }
            )
        case .mapping(let mapping):
            var object: [String: JSONValue] = [:]
            for (key, item) in mapping {
                guard case .scalar(let scalar) = key else {
                    throw ConfigurationError(field: path.isEmpty ? "(root)" : path, problem: "keys must be text", source: source)
                }
                let name = scalar.string
                let childPath = path.isEmpty ? name : "\(path).\(name)"
                guard object[name] == nil else {
                    throw ConfigurationError(field: childPath, problem: "is given twice", source: source)
                }
                object[name] = try Self.value(item, path: childPath, source: source)
            }
            return .object(object)
        case .alias:
            throw ConfigurationError(field: path, problem: "YAML aliases are not supported", source: source)
        }
    }
}
