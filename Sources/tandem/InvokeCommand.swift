import ArgumentParser
import TandemLambdaEmulator

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// `tandem invoke`: sends events to an invoke endpoint (`tandem lambda emulate`, or AWS's emulator) and prints what
/// came back.
struct InvokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "invoke",
        abstract: "Invoke a function through an invoke endpoint and print the result.",
        discussion: """
            Prints the response body to stdout (streamed chunks as they arrive with --stream). A function error \
            (X-Amz-Function-Error, or the Lambda-Runtime-Function-Error-Type trailer of a stream) is printed to \
            stderr with its type, and the exit code is 1. With --events DIR every *.json file is sent at once, in \
            name order, so they queue in the emulator.
            """
    )

    @Option(help: "A file holding one event.")
    var event: String?

    @Option(help: "A folder of *.json events to queue at once.")
    var events: String?

    @Flag(help: "Ask for a streamed response and print chunks as they arrive.")
    var stream = false

    @Option(help: "The endpoint.")
    var url: String = "http://127.0.0.1:9001"

    @Option(help: "Client context JSON (sent base64 in X-Amz-Client-Context).")
    var clientContext: String?

    func validate() throws {
        guard (self.event == nil) != (self.events == nil) else {
            throw ValidationError("give exactly one of --event FILE or --events DIR")
        }
    }

    func run() async throws {
        let client = try InvokeClient(url: self.url)
        var headers: [(String, String)] = []
        if let clientContext { headers.append(("X-Amz-Client-Context", Base64.encode(Array(clientContext.utf8)))) }
        if let event {
            let failed = try await Self.invoke(
                client,
                file: event,
                streaming: self.stream,
                headers: headers,
                label: nil
            )
            if failed { throw ExitCode(1) }
            return
        }
        let directory = self.events!
        let files = try FileManager.default.contentsOfDirectory(atPath: directory)
            .filter { $0.hasSuffix(".json") }
            .sorted()
        guard !files.isEmpty else { throw ValidationError("no *.json files in \(directory)") }
        let streaming = self.stream
        let requestHeaders = headers
        let failures = try await withThrowingTaskGroup(of: Bool.self) { group in
            for (index, file) in files.enumerated() {
                group.addTask {
                    // Staggered by a millisecond each, so the emulator queues them in name order.
                    try await Task.sleep(for: .milliseconds(index))
                    return try await Self.invoke(
                        client,
                        file: directory + "/" + file,
                        streaming: streaming,
                        headers: requestHeaders,
                        label: file
                    )
                }
            }
            var failures = 0
            for try await failed in group where failed { failures += 1 }
            return failures
        }
        Self.printError("\(files.count) events: \(files.count - failures) succeeded, \(failures) failed")
        if failures > 0 { throw ExitCode(1) }
    }

    /// Sends one file; returns whether the function failed.
    private static func invoke(
        _ client: InvokeClient,
        file: String,
        streaming: Bool,
        headers: [(String, String)],
        label: String?
    ) async throws -> Bool {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ValidationError("cannot read \(file)")
        }
        let prefix = label.map { "[\($0)] " } ?? ""
        let prelude = PreludeSplitter()
        let result = try await client.invoke(
            payload: Array(data),
            streaming: streaming,
            headers: headers,
            onHead: { responseHeaders in
                let contentType = responseHeaders.first { $0.name.lowercased() == "content-type" }?.value
                await prelude.expect(contentType == PreludeSplitter.contentType)
            },
            onChunk: { chunk in
                // A Function URL style stream starts with the HTTP prelude (JSON, then 8 NUL bytes): shown apart.
                let (head, payload) = await prelude.split(chunk)
                if let head { Self.printError("\(prefix)HTTP prelude: \(head)") }
                guard !payload.isEmpty else { return }
                // Each chunk is written the moment it arrives (unbuffered).
                if label != nil {
                    Self.printOut(prefix + String(decoding: payload, as: UTF8.self) + "\n")
                } else {
                    Self.printOut(String(decoding: payload, as: UTF8.self))
                }
            }
        )
        let held = await prelude.remainder()
        if !held.isEmpty { Self.printOut(prefix + String(decoding: held, as: UTF8.self)) }
        if let error = result.functionError {
            if result.streamed && label == nil { Self.printOut("\n") }
            Self.printError("\(prefix)function error \(error.type): \(error.body)")
            return true
        }
        guard result.status == 200 else {
            Self.printError("\(prefix)HTTP \(result.status): \(String(decoding: result.body, as: UTF8.self))")
            return true
        }
        if !result.streamed {
            Self.printOut(prefix + String(decoding: result.body, as: UTF8.self) + "\n")
        } else if label == nil {
            Self.printOut("\n")
        }
        return false
    }

    private static func printOut(_ text: String) { Self.write(text, to: 1) }

    private static func printError(_ text: String) { Self.write(text + "\n", to: 2) }

    /// Unbuffered, so each streamed chunk shows the moment it arrives.
    private static func write(_ text: String, to descriptor: Int32) {
        var remaining = Array(text.utf8)[...]
        while !remaining.isEmpty {
            let written = remaining.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if written <= 0 { return }
            remaining = remaining.dropFirst(written)
        }
    }
}

extension InvokeCommand {
    /// Separates the HTTP integration prelude (`{statusCode, headers, cookies}` + 8 NUL bytes) from a streamed body.
    /// Only streams whose content type says so are split; every other body passes through untouched.
    actor PreludeSplitter {
        static let contentType = "application/vnd.awslambda.http-integration-response"

        private var pending: [UInt8] = []
        private var decided = true

        /// Whether the stream starts with a prelude.
        func expect(_ prelude: Bool) { self.decided = !prelude }

        /// Returns the prelude JSON once it is complete, and the payload bytes that may be printed now.
        func split(_ chunk: [UInt8]) -> (prelude: String?, payload: [UInt8]) {
            if self.decided { return (nil, chunk) }
            self.pending += chunk
            let separator = [UInt8](repeating: 0, count: 8)
            guard self.pending.count >= 8,
                let end = (0...(self.pending.count - 8)).first(where: {
                    self.pending[$0..<$0 + 8].elementsEqual(separator)
                })
            else {
                return (nil, [])
            }
            self.decided = true
            let prelude = String(decoding: self.pending[..<end], as: UTF8.self)
            let payload = Array(self.pending[(end + 8)...])
            self.pending = []
            return (prelude, payload)
        }

        /// Bytes held back while waiting for a prelude that never completed.
        func remainder() -> [UInt8] {
            defer { self.pending = [] }
            return self.pending
        }
    }
}
