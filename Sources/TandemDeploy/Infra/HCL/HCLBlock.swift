/// A Terraform block (`resource "aws_sqs_queue" "jobs" { ... }`) with its attributes and nested blocks.
package struct HCLBlock: Sendable, Equatable {
    /// One line of a block's body.
    package enum Item: Sendable, Equatable {
        case attribute(String, HCLValue)
        case block(HCLBlock)
        case comment(String)
    }

    package var type: String
    package var labels: [String]
    package var items: [Item]

    package init(_ type: String, _ labels: String..., @HCLBodyBuilder body: () -> [Item] = { [] }) {
        self.type = type
        self.labels = labels
        self.items = body()
    }

    /// The value of a top-level attribute, for tests.
    package func attribute(_ name: String) -> HCLValue? {
        for case .attribute(let key, let value) in self.items where key == name { return value }
        return nil
    }

    /// The nested blocks of a type, for tests.
    package func blocks(_ type: String) -> [HCLBlock] {
        self.items.compactMap { if case .block(let block) = $0, block.type == type { block } else { nil } }
    }

    package func rendered(indent: Int = 0) -> String {
        let pad = String(repeating: "  ", count: indent)
        let header = ([self.type] + self.labels.map { "\"\($0)\"" }).joined(separator: " ")
        var out = pad + header + " {\n"
        // Align `=` across runs of consecutive single-line attributes, as `terraform fmt` does.
        var run: [(String, String)] = []
        func flush() {
            let width = run.map(\.0.count).max() ?? 0
            for (key, value) in run {
                out += pad + "  " + key + String(repeating: " ", count: width - key.count) + " = " + value + "\n"
            }
            run.removeAll()
        }
        var previousWasBlock = false
        for item in self.items {
            switch item {
            case .attribute(let key, let value):
                let text = value.rendered(indent: indent + 1)
                if previousWasBlock || (text.contains("\n") && !out.hasSuffix("{\n")) { out += "\n" }
                previousWasBlock = false
                if text.contains("\n") {
                    flush()
                    out += pad + "  " + key + " = " + text + "\n"
                } else {
                    run.append((HCLValue.key(key), text))
                }
            case .block(let block):
                flush()
                out += (out.hasSuffix("{\n") || out.hasSuffix("\n\n") ? "" : "\n") + block.rendered(indent: indent + 1)
                previousWasBlock = true
            case .comment(let text):
                flush()
                out += text.split(separator: "\n", omittingEmptySubsequences: false).map { pad + "  # " + $0 + "\n" }
                    .joined()
            }
        }
        flush()
        return out + pad + "}\n"
    }
}

/// Builds a block body from attributes (`"name" <- value`), nested blocks and comments.
@resultBuilder
package enum HCLBodyBuilder {
    package static func buildExpression(_ item: HCLBlock.Item) -> [HCLBlock.Item] { [item] }
    package static func buildExpression(_ block: HCLBlock) -> [HCLBlock.Item] { [.block(block)] }
    package static func buildExpression(_ items: [HCLBlock.Item]) -> [HCLBlock.Item] { items }
    package static func buildBlock(_ parts: [HCLBlock.Item]...) -> [HCLBlock.Item] { parts.flatMap { $0 } }
    package static func buildOptional(_ part: [HCLBlock.Item]?) -> [HCLBlock.Item] { part ?? [] }
    package static func buildEither(first part: [HCLBlock.Item]) -> [HCLBlock.Item] { part }
    package static func buildEither(second part: [HCLBlock.Item]) -> [HCLBlock.Item] { part }
    package static func buildArray(_ parts: [[HCLBlock.Item]]) -> [HCLBlock.Item] { parts.flatMap { $0 } }
}

infix operator <- : AssignmentPrecedence

/// An attribute line: `"memory_size" <- 512`.
package func <- (name: String, value: HCLValue) -> HCLBlock.Item {
    .attribute(name, value)
}

/// A comment line (or lines).
package func comment(_ text: String) -> HCLBlock.Item {
    .comment(text)
}

/// A checkov skip with its reason, as an inline comment checkov reads.
package func checkovSkip(_ check: String, _ reason: String) -> HCLBlock.Item {
    .comment("checkov:skip=\(check):\(reason)")
}
