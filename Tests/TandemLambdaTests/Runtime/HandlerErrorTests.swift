import Logging
import NIOCore
import NIOHTTP1
import TandemCore
import TandemLambda
import Testing

extension RuntimeAPIClientTests {
    @Suite("Handler errors")
    struct HandlerErrorTests {
        @Test(
            "every error type in the table reaches /error in Lambda's pattern, and the loop keeps serving",
            arguments: RunMode.allCases
        )
        func errorTable(mode: RunMode) async throws {
            let cases = ErrorCase.all
            try await ScriptedRuntimeAPI.with { api in
                for index in cases.indices { api.enqueue(.event(String(index), requestID: "err-\(index)")) }
                api.enqueue(.event("fine", requestID: "after-errors"))
                try await api.withRuntime(mode: mode) { event, writer, _ in
                    if let index = Int(String(buffer: event)) { throw cases[index].make() }
                    try await writer.writeAndFinish(ByteBuffer(string: "still serving"))
                } _: { exit in
                    for (index, errorCase) in cases.enumerated() {
                        let request = try await api.waitForPost("error", for: "err-\(index)")
                        let headerType = try #require(request.header("Lambda-Runtime-Function-Error-Type"))
                        #expect(headerType == errorCase.expectedType, "\(errorCase.name)")
                        #expect(LambdaWire.isAcceptedErrorType(headerType), "\(errorCase.name): \(headerType)")
                        #expect(request.header("Content-Type") == "application/json")
                        let body = try LambdaWire.json(request.body)
                        #expect(LambdaWire.keys(body) == ["errorMessage", "errorType", "stackTrace"])
                        #expect(body["errorType"]?.stringValue == headerType)
                        #expect(body["errorMessage"]?.stringValue == "\(errorCase.make())")
                        let trace = try #require(body["stackTrace"]?.arrayValue, "\(errorCase.name)")
                        #expect(!trace.isEmpty && trace.allSatisfy { $0.stringValue != nil })
                        #expect(api.completedPost("response", for: "err-\(index)") == nil)
                    }
                    let last = try await api.waitForPost("response", for: "after-errors")
                    #expect(last.bodyText == "still serving")
                    #expect(!exit.hasExited)
                }
            }
        }

        struct Greeting: Decodable {
            var name: String
        }

        struct Reply: Encodable {
            var text: String
            var score: Double
        }

        struct Greeter: LambdaJSONHandler {
            func handle(_ event: Greeting, context: LambdaContext) async throws -> Reply {
                // JSONEncoder refuses non-finite numbers: "nan" makes an unencodable result.
                Reply(text: "hi \(event.name)", score: event.name == "nan" ? .nan : 1)
            }
        }

        @Test("LambdaJSONHandler: malformed JSON -> Runtime.UnmarshalError, unencodable -> Runtime.MarshalError")
        func jsonHandlerErrors() async throws {
            try await ScriptedRuntimeAPI.with { api in
                api.enqueue(
                    .event(#"{"name":"Ada"}"#, requestID: "json-ok"),
                    .event(#"{"name":"#, requestID: "json-truncated"),
                    .event(#"{"name":42}"#, requestID: "json-wrong-type"),
                    .event("not json at all", requestID: "json-garbage"),
                    .event(#"{"name":"nan"}"#, requestID: "json-unencodable"),
                    .event(#"{"name":"Grace"}"#, requestID: "json-ok-again")
                )
                try await api.withRuntime(makeHandler: { Greeter() }) { _ in
                    let ok = try await api.waitForPost("response", for: "json-ok")
                    #expect(ok.header("Content-Type") == "application/json")
                    let expected = try LambdaWire.json(#"{"text":"hi Ada","score":1}"#)
                    #expect(try LambdaWire.json(ok.body) == expected)
                    for id in ["json-truncated", "json-wrong-type", "json-garbage"] {
                        let error = try await api.waitForPost("error", for: id)
                        #expect(error.header("Lambda-Runtime-Function-Error-Type") == "Runtime.UnmarshalError", "\(id)")
                        let body = try LambdaWire.json(error.body)
                        #expect(body["errorType"]?.stringValue == "Runtime.UnmarshalError")
                        #expect(body["errorMessage"]?.stringValue?.hasPrefix("Unable to unmarshal input") == true)
                    }
                    let unencodable = try await api.waitForPost("error", for: "json-unencodable")
                    #expect(unencodable.header("Lambda-Runtime-Function-Error-Type") == "Runtime.MarshalError")
                    #expect(try LambdaWire.json(unencodable.body)["errorType"]?.stringValue == "Runtime.MarshalError")
                    #expect(api.completedPost("response", for: "json-unencodable") == nil)
                    let again = try await api.waitForPost("response", for: "json-ok-again")
                    #expect(try LambdaWire.json(again.body)["text"]?.stringValue == "hi Grace")
                }
            }
        }

        @Test("a handler that fails after its response was sent: response kept, error logged, no /error")
        func failureAfterResponse() async throws {
            struct LateFailure: Error {}
            let (logger, logs) = CapturingLogHandler.logger()
            try await ScriptedRuntimeAPI.with { api in
                api.enqueue(.event(requestID: "late"), .event(requestID: "after-late"))
                try await api.withRuntime(logger: logger) { _, writer, context in
                    try await writer.writeAndFinish(ByteBuffer(string: "answered"))
                    if context.requestID == "late" {
                        // Using the writer again is a misuse the runtime reports, not a second response.
                        await #expect(throws: LambdaRuntimeError.self) {
                            try await writer.write(ByteBuffer(string: "x"))
                        }
                        throw LateFailure()
                    }
                } _: { exit in
                    let late = try await api.waitForPost("response", for: "late")
                    #expect(late.bodyText == "answered")
                    _ = try await api.waitForPost("response", for: "after-late")
                    #expect(api.requests.first { $0.isPost("error", for: "late") } == nil)
                    #expect(api.requests.filter { $0.path.contains("/late/") }.count == 1)
                    #expect(!exit.hasExited)
                }
            }
            #expect(logs.all.contains { $0.metadata["requestId"] == "late" && $0.level == .error })
        }

        @Test("a handler that returns without writing sends an empty buffered response")
        func silentHandler() async throws {
            try await ScriptedRuntimeAPI.with { api in
                api.enqueue(.event(requestID: "silent"))
                try await api.withRuntime { _, _, _ in
                } _: { _ in
                    let response = try await api.waitForPost("response", for: "silent")
                    #expect(response.body.isEmpty)
                    #expect(!response.isChunked)
                    #expect(response.header("Content-Length") == "0")
                }
            }
        }
    }
}
