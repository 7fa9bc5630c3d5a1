import Foundation
import TandemCore

/// Paths and peers the Bedrock and conformance tests use (`Tests/TandemLLMTests/Bedrock/` is four levels below the
/// root).
enum BedrockTestSupport {
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static let fixture = repositoryRoot.appendingPathComponent("Tests/Fixtures/llm/bedrock-botocore.json")
    static let scripts = repositoryRoot.appendingPathComponent("tests/python/llm")

    /// The Python peer: `$TANDEM_PYTHON`, else `<root>/.venv/bin/python` when it exists.
    static var python: URL? {
        if let path = ProcessInfo.processInfo.environment["TANDEM_PYTHON"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        let venv = repositoryRoot.appendingPathComponent(".venv/bin/python")
        return FileManager.default.isExecutableFile(atPath: venv.path) ? venv : nil
    }

    /// Runs a Python script with `input` on stdin; returns its exit status and combined output.
    static func runPython(_ script: String, arguments: [String] = [], input: Data? = nil) throws
        -> (status: Int32, output: String)
    {
        guard let python = Self.python else { return (-1, "no python") }
        let process = Process()
        process.executableURL = python
        process.arguments = [Self.scripts.appendingPathComponent(script).path] + arguments
        process.currentDirectoryURL = Self.scripts
        let output = Pipe()
        process.standardOutput = output
        let errors = Pipe()
        process.standardError = errors
        let stdin = Pipe()
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(input) }
        try stdin.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data + errorData, as: UTF8.self))
    }

    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }

    static func bytes(hex: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(hex.utf8.count / 2)
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            out.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        return out
    }

    /// Whether two JSON values are equal, numbers compared by value (`1` equals `1.0`).
    static func sameJSON(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.object(let a), .object(let b)):
            return a.count == b.count && a.allSatisfy { key, value in b[key].map { sameJSON(value, $0) } ?? false }
        case (.array(let a), .array(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { sameJSON($0, $1) }
        default:
            if let x = lhs.doubleValue, let y = rhs.doubleValue { return x == y }
            return lhs == rhs
        }
    }
}
