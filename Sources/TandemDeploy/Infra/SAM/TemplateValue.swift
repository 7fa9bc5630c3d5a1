/// A CloudFormation template value, with keys kept in the order written.
package indirect enum TemplateValue: Sendable, Equatable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case list([TemplateValue])
    case map([(String, TemplateValue)])

    package static func == (lhs: TemplateValue, rhs: TemplateValue) -> Bool { lhs.yaml() == rhs.yaml() }

    /// `{"Ref": name}`.
    package static func ref(_ name: String) -> TemplateValue { .map([("Ref", .string(name))]) }
    /// `{"Fn::GetAtt": [resource, attribute]}`.
    package static func getAtt(_ resource: String, _ attribute: String) -> TemplateValue {
        .map([("Fn::GetAtt", .list([.string(resource), .string(attribute)]))])
    }
    /// `{"Fn::Sub": text}`.
    package static func sub(_ text: String) -> TemplateValue { .map([("Fn::Sub", .string(text))]) }

    /// The member for `key` if this is a map, for tests.
    package subscript(key: String) -> TemplateValue? {
        if case .map(let members) = self { return members.first { $0.0 == key }?.1 }
        return nil
    }

    /// YAML text: block style, every string double-quoted (so no value changes type), keys plain where safe.
    package func yaml() -> String {
        var out = ""
        self.emit(into: &out, indent: 0, inList: false)
        return out
    }

    private var isScalar: Bool {
        switch self {
        case .list(let items): return items.isEmpty
        case .map(let members): return members.isEmpty
        default: return true
        }
    }

    private var scalarText: String {
        switch self {
        case .string(let text): return Self.quote(text)
        case .number(let value):
            return value == value.rounded() && Swift.abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
        case .bool(let value): return value ? "true" : "false"
        case .list: return "[]"
        case .map: return "{}"
        }
    }

    private func emit(into out: inout String, indent: Int, inList: Bool) {
        let pad = String(repeating: " ", count: indent)
        switch self {
        case .map(let members) where !members.isEmpty:
            for (index, (key, value)) in members.enumerated() {
                // The first key of a map inside a list item sits on the dash's line.
                let prefix = inList && index == 0 ? "" : pad
                out += prefix + Self.key(key) + ":"
                if value.isScalar {
                    out += " " + value.scalarText + "\n"
                } else {
                    out += "\n"
                    value.emit(into: &out, indent: indent + 2, inList: false)
                }
            }
        case .list(let items) where !items.isEmpty:
            for item in items {
                out += pad + "- "
                if item.isScalar {
                    out += item.scalarText + "\n"
                } else if case .map = item {
                    item.emit(into: &out, indent: indent + 2, inList: true)
                } else {
                    out += "\n"
                    item.emit(into: &out, indent: indent + 2, inList: false)
                }
            }
        default:
            out += pad + self.scalarText + "\n"
        }
    }

    static func key(_ key: String) -> String {
        let plain = key.first.map(\.isLetter) ?? false && key.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
        return plain ? key : Self.quote(key)
    }

    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\x" + (hex.count == 1 ? "0" : "") + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

extension TemplateValue: ExpressibleByStringInterpolation, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral
{
    package init(stringLiteral value: String) { self = .string(value) }
    package init(stringInterpolation: DefaultStringInterpolation) {
        self = .string(String(stringInterpolation: stringInterpolation))
    }
    package init(integerLiteral value: Int) { self = .number(Double(value)) }
    package init(booleanLiteral value: Bool) { self = .bool(value) }
    package init(arrayLiteral elements: TemplateValue...) { self = .list(elements) }
}
