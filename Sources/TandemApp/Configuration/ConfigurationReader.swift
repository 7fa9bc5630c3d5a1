public import TandemCore

/// Reads one object of a configuration tree, field by field, and names the field when one is missing, has the
/// wrong type or is not known (a typo such as `max_token` must not be silently ignored).
///
/// Call ``finish()`` once every field has been read: it rejects fields nobody asked for.
public struct ConfigurationReader {
    /// The dotted path of this object (`""` for the root).
    public let path: String
    private let object: [String: JSONValue]
    private var read: Set<String> = []

    /// A reader over `value`, which must be an object (or `null`, read as an empty object).
    ///
    /// - Throws: ``ConfigurationError`` when `value` is not an object.
    public init(_ value: JSONValue, path: String) throws {
        self.path = path
        switch value {
        case .object(let object): self.object = object
        case .null: self.object = [:]
        default:
            throw ConfigurationError(field: path.isEmpty ? "(root)" : path, problem: "expected a mapping")
        }
    }

    /// The dotted path of a field of this object.
    public func fieldPath(_ key: String) -> String { self.path.isEmpty ? key : "\(self.path).\(key)" }

    /// The raw value of a field, marking it read.
    public mutating func value(_ key: String) -> JSONValue? {
        self.read.insert(key)
        guard let value = self.object[key], value != .null else { return nil }
        return value
    }

    /// A string field.
    public mutating func string(_ key: String) throws -> String? {
        guard let value = self.value(key) else { return nil }
        switch value {
        case .string(let text): return text
        case .integer(let number): return String(number)
        case .double(let number): return String(number)
        default: throw self.wrongType(key, "a string")
        }
    }

    /// A required string field.
    public mutating func requiredString(_ key: String) throws -> String {
        guard let text = try self.string(key) else {
            throw ConfigurationError(field: self.fieldPath(key), problem: "is required")
        }
        guard !text.isEmpty else { throw ConfigurationError(field: self.fieldPath(key), problem: "must not be empty") }
        return text
    }

    /// An integer field within `range`.
    public mutating func integer(_ key: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let value = self.value(key) else { return nil }
        let number: Int
        switch value {
        case .integer(let integer): number = Int(integer)
        case .double(let double) where double.rounded() == double && abs(double) < 1e15: number = Int(double)
        case .string(let text) where Int(text) != nil: number = Int(text)!
        default: throw self.wrongType(key, "an integer")
        }
        guard range.contains(number) else {
            throw ConfigurationError(
                field: self.fieldPath(key),
                problem: "must be from \(range.lowerBound) to \(range.upperBound), got \(number)"
            )
        }
        return number
    }

    /// A non-negative number field.
    public mutating func number(_ key: String) throws -> Double? {
        guard let value = self.value(key) else { return nil }
        let number: Double
        switch value {
        case .integer(let integer): number = Double(integer)
        case .double(let double): number = double
        case .string(let text) where Double(text) != nil: number = Double(text)!
        default: throw self.wrongType(key, "a number")
        }
        guard number >= 0, number.isFinite else {
            throw ConfigurationError(field: self.fieldPath(key), problem: "must be a non-negative number")
        }
        return number
    }

    /// A Boolean field.
    public mutating func bool(_ key: String) throws -> Bool? {
        guard let value = self.value(key) else { return nil }
        switch value {
        case .bool(let flag): return flag
        case .string("true"), .string("yes"), .string("on"): return true
        case .string("false"), .string("no"), .string("off"): return false
        default: throw self.wrongType(key, "true or false")
        }
    }

    /// A duration field: a number of seconds, or text such as `250ms`, `15s`, `2m`, `1h`.
    public mutating func duration(_ key: String) throws -> Duration? {
        guard let value = self.value(key) else { return nil }
        guard let duration = ConfigurationReader.parseDuration(value) else {
            throw self.wrongType(key, "a duration (seconds, or text such as 250ms, 15s, 2m)")
        }
        return duration
    }

    /// A list of strings (a single string is a list of one).
    public mutating func strings(_ key: String) throws -> [String]? {
        guard let value = self.value(key) else { return nil }
        switch value {
        case .string(let text): return [text]
        case .array(let items):
            return try items.enumerated().map { index, item in
                guard case .string(let text) = item else {
                    throw ConfigurationError(field: "\(self.fieldPath(key))[\(index)]", problem: "expected a string")
                }
                return text
            }
        default: throw self.wrongType(key, "a list of strings")
        }
    }

    /// A nested object, as a reader.
    public mutating func object(_ key: String) throws -> ConfigurationReader {
        try ConfigurationReader(self.value(key) ?? .null, path: self.fieldPath(key))
    }

    /// A list of objects, as readers.
    public mutating func objects(_ key: String) throws -> [ConfigurationReader] {
        guard let value = self.value(key) else { return [] }
        guard case .array(let items) = value else { throw self.wrongType(key, "a list") }
        return try items.enumerated().map { index, item in
            try ConfigurationReader(item, path: "\(self.fieldPath(key))[\(index)]")
        }
    }

    /// Rejects fields that were never read.
    ///
    /// - Throws: ``ConfigurationError`` naming the first unknown field (in sorted order) and the known ones.
    public func finish() throws {
        let unknown = self.object.keys.filter { !self.read.contains($0) }.sorted()
        guard let first = unknown.first else { return }
        let known = self.read.sorted().joined(separator: ", ")
        throw ConfigurationError(field: self.fieldPath(first), problem: "unknown field (known: \(known))")
    }

    private func wrongType(_ key: String, _ expected: String) -> ConfigurationError {
        ConfigurationError(field: self.fieldPath(key), problem: "expected \(expected)")
    }

    /// Parses `15`, `1.5`, `"250ms"`, `"15s"`, `"2m"`, `"1h"`.
    static func parseDuration(_ value: JSONValue) -> Duration? {
        switch value {
        case .integer(let seconds) where seconds >= 0: return .seconds(seconds)
        case .double(let seconds) where seconds >= 0 && seconds.isFinite: return .milliseconds(Int64(seconds * 1000))
        case .string(let text):
            let text = text.trimmingPrefix(" ")
            let units: [(suffix: String, milliseconds: Double)] = [
                ("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000),
            ]
            for unit in units where text.hasSuffix(unit.suffix) {
                guard let number = Double(text.dropLast(unit.suffix.count)), number >= 0, number.isFinite else {
                    return nil
                }
                return .milliseconds(Int64(number * unit.milliseconds))
            }
            guard let seconds = Double(text), seconds >= 0, seconds.isFinite else { return nil }
            return .milliseconds(Int64(seconds * 1000))
        default: return nil
        }
    }
}
