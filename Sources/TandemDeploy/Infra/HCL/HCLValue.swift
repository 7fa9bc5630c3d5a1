/// A Terraform (HCL) expression.
///
/// Strings are HCL templates: `${...}` interpolates, other text is escaped when rendered.
package indirect enum HCLValue: Sendable, Equatable {
    case string(String)
    case number(Double)
    case bool(Bool)
    /// An expression written as is: a reference (`aws_sqs_queue.jobs.arn`) or a function call.
    case raw(String)
    case list([HCLValue])
    case object([(String, HCLValue)])

    package static func == (lhs: HCLValue, rhs: HCLValue) -> Bool {
        lhs.rendered(indent: 0) == rhs.rendered(indent: 0)
    }

    /// `jsonencode(value)`.
    package static func jsonencode(_ value: HCLValue) -> HCLValue {
        .raw("jsonencode(\(value.rendered(indent: 0)))")
    }

    package func rendered(indent: Int) -> String {
        switch self {
        case .string(let text): return "\"" + Self.escape(text) + "\""
        case .number(let value):
            return value == value.rounded() && Swift.abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
        case .bool(let value): return value ? "true" : "false"
        case .raw(let expression): return expression
        case .list(let items):
            if items.isEmpty { return "[]" }
            let simple = items.allSatisfy {
                if case .object = $0 { false } else if case .list = $0 { false } else { true }
            }
            let inline = "[" + items.map { $0.rendered(indent: indent) }.joined(separator: ", ") + "]"
            if simple && inline.count + indent <= 100 { return inline }
            let pad = String(repeating: "  ", count: indent + 1)
            return "[\n" + items.map { pad + $0.rendered(indent: indent + 1) + ",\n" }.joined()
                + String(repeating: "  ", count: indent) + "]"
        case .object(let members):
            if members.isEmpty { return "{}" }
            let pad = String(repeating: "  ", count: indent + 1)
            let width = members.map { Self.key($0.0).count }.max() ?? 0
            return "{\n"
                + members.map { name, value in
                    let key = Self.key(name)
                    return pad + key + String(repeating: " ", count: width - key.count) + " = "
                        + value.rendered(indent: indent + 1) + "\n"
                }.joined() + String(repeating: "  ", count: indent) + "}"
        }
    }

    static func key(_ name: String) -> String {
        let identifier =
            name.first.map { $0.isLetter || $0 == "_" } ?? false
            && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
        return identifier ? name : "\"" + Self.escape(name) + "\""
    }

    /// Escapes quotes, backslashes and newlines; keeps `${` interpolations; escapes `%{` directives.
    static func escape(_ text: String) -> String {
        var out = ""
        var previous: Character? = nil
        for character in text {
            switch character {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "{" where previous == "%":
                out.removeLast()
                out += "%%{"
            default: out.append(character)
            }
            previous = character
        }
        return out
    }
}

extension HCLValue: ExpressibleByStringInterpolation, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByFloatLiteral
{
    package init(stringLiteral value: String) { self = .string(value) }
    package init(stringInterpolation: DefaultStringInterpolation) {
        self = .string(String(stringInterpolation: stringInterpolation))
    }
    package init(integerLiteral value: Int) { self = .number(Double(value)) }
    package init(floatLiteral value: Double) { self = .number(value) }
    package init(booleanLiteral value: Bool) { self = .bool(value) }
    package init(arrayLiteral elements: HCLValue...) { self = .list(elements) }
}
