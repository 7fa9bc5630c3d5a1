import Foundation

/// Runs a Python peer script and collects its output.
enum PythonPeer {
    struct Result {
        var status: Int32
        var output: String
    }

    static func run(_ python: URL, arguments: [String], input: Data? = nil) throws -> Result {
        let process = Process()
        process.executableURL = python
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        let stdin = Pipe()
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(input) }
        try stdin.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }
}
