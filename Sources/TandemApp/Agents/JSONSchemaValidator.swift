public import TandemCore

/// Checks tool arguments against the subset of JSON Schema that tool definitions use: `type` (one or a list),
/// `properties`, `required`, `additionalProperties: false`, `items`, `enum`, `minimum`/`maximum`,
/// `minLength`/`maxLength`. Unknown keywords are ignored (accepted), as a lenient validator should.
public struct JSONSchemaValidator: Sendable {
    /// The schema.
    public var schema: JSONValue

    /// A validator for `schema`.
    public init(schema: JSONValue) {
        self.schema = schema
    }

    /// The problems with `value`, each naming its path (`$.url: expected string`); empty when it is valid.
    public func problems(with value: JSONValue) -> [String] {
        var problems: [String] = []
        Self.check(value, against: self.schema, path: "$", into: &problems)
        return problems
    }

    private static func check(_ value: JSONValue, against schema: JSONValue, path: String, into problems: inout [String]) {
        guard case .object(let rules) = schema else { return }
        if let type = rules["type"] {
            let allowed = type.arrayValue?.compactMap(\.stringValue) ?? type.stringValue.map { [$0] } ?? []
            if !allowed.isEmpty, !allowed.contains(where: { Self.matches(value, type: $0) }) {
                problems.append("\(path): expected \(allowed.joined(separator: " or ")), got \(Self.typeName(value))")
                return
            }
        }
        if let options = rules["enum"]?.arrayValue, !options.contains(value) {
            problems.append("\(path): must be one of \(options.map { $0.canonicalJSON() }.joined(separator: ", "))")
        }
        switch value {
        case .object(let members):
            for name in rules["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where members[name] == nil {
                problems.append("\(path): missing required property '\(name)'")
            }
            let properties = rules["properties"]?.objectValue ?? [:]
            for (name, member) in members.sorted(by: { $0.key < $1.key }) {
                if let propertySchema = properties[name] {
                    Self.check(member, against: propertySchema, path: "\(path).\(name)", into: &problems)
                } else if rules["additionalProperties"] == .bool(false) {
                    problems.append("\(path): unexpected property '\(name)'")
                }
            }
        case .array(let elements):
            if let items = rules["items"] {
                for (index, element) in elements.enumerated() {
                    Self.check(element, against: items, path: "\(path)[\(index)]", into: &problems)
                }
            }
        case .string(let text):
            if let minimum = rules["minLength"]?.integerValue, text.count < minimum {
                problems.append("\(path): shorter than \(minimum) characters")
            }
            if let maximum = rules["maxLength"]?.integerValue, text.count > maximum {
                problems.append("\(path): longer than \(maximum) characters")
            }
        case .integer, .double:
            let number = value.doubleValue ?? 0
            if let minimum = rules["minimum"]?.doubleValue, number < minimum {
                problems.append("\(path): below the minimum \(minimum)")
            }
            if let maximum = rules["maximum"]?.doubleValue, number > maximum {
                problems.append("\(path): above the maximum \(maximum)")
            }
        default:
            break
        }
    }

    private static func matches(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("object", .object), ("array", .array), ("string", .string), ("boolean", .bool), ("null", .null),
            ("number", .integer), ("number", .double), ("integer", .integer):
            return true
        case ("integer", .double(let number)):
            return number.rounded() == number
        default:
            return false
        }
    }

    private static func typeName(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "boolean"
        case .integer: "integer"
        case .double: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}
