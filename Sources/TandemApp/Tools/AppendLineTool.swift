#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Logging
import TandemCore

extension BuiltinTools {
    /// `append_line`: append a line to a text file in `directory` (a local journal or report), once per step.
    ///
    /// Each line is written as `key<TAB>text`, with the step's idempotency key. A step redone after a crash (the
    /// window between writing and checkpointing) first looks for its key in the file and, when the line is there,
    /// returns what it returned the first time instead of writing again: the file holds each step's line once.
    public static func appendLine(directory: String) -> AgentTool {
        AgentTool(
            name: "append_line",
            description: "Append one line of text to a named file in the workspace.",
            parameters: [
                "type": "object",
                "properties": [
                    "file": ["type": "string", "description": "A file name: letters, digits, '.', '-', '_'."],
                    "text": ["type": "string", "description": "The line (newlines become spaces)."],
                ],
                "required": ["file", "text"],
                "additionalProperties": false,
            ],
            effect: .sideEffecting
        ) { arguments, context in
            let name = arguments["file"]?.stringValue ?? ""
            guard !name.isEmpty, name.count <= 100, !name.hasPrefix("."),
                name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_") })
            else { throw TandemError(.invalidInput, "the file name may hold only letters, digits, '.', '-' and '_'") }
            let path = directory + "/" + name
            let text = (arguments["text"]?.stringValue ?? "").map { $0 == "\n" || $0 == "\r" ? " " : $0 }
            let line = context.idempotencyKey + "\t" + String(text) + "\n"
            if context.isRecovery, Self.fileContains(path: path, prefix: context.idempotencyKey + "\t") {
                context.logger.debug("append_line found its line from before a crash", metadata: ["agent.step": "\(context.stepID)"])
                return .result(["file": .string(name), "appended": true])
            }
            try Self.append(line, to: path)
            return .result(["file": .string(name), "appended": true])
        }
    }

    static func append(_ line: String, to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw TandemError(.internal, "cannot open the file for appending") }
        defer { close(descriptor) }
        let bytes = Array(line.utf8)
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count else { throw TandemError(.internal, "the line was not written whole") }
        fsync(descriptor)
    }

    static func fileContains(path: String, prefix: String) -> Bool {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var contents: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            contents += buffer[0..<count]
        }
        let needle = Array(prefix.utf8)
        return contents.split(separator: UInt8(ascii: "\n")).contains { $0.starts(with: needle) }
    }
}
