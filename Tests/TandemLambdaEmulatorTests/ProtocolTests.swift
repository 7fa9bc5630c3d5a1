import Testing

@testable import TandemLambdaEmulator

@Suite("Runtime API routes, base64 and process wording")
struct ProtocolTests {
    @Test(
        "routes",
        arguments: [
            ("GET", "/2018-06-01/runtime/invocation/next", RuntimeAPIRoute.next),
            ("POST", "/2018-06-01/runtime/invocation/abc-1/response", .response(requestID: "abc-1")),
            ("POST", "/2018-06-01/runtime/invocation/abc-1/error", .error(requestID: "abc-1")),
            ("POST", "/2018-06-01/runtime/init/error", .initError),
            ("POST", "/2015-03-31/functions/function/invocations", .invoke(streaming: false)),
            ("POST", "/2015-03-31/functions/function/invocations?stream=true", .invoke(streaming: true)),
            ("POST", "/2015-03-31/functions/function/invocations?a=b&stream=1", .invoke(streaming: true)),
            ("POST", "/2015-03-31/functions/function/invocations?stream=false", .invoke(streaming: false)),
            ("POST", "/2018-06-01/runtime/invocation/next", .methodNotAllowed),
            ("GET", "/2018-06-01/runtime/invocation/abc/response", .methodNotAllowed),
            ("GET", "/2018-06-01/runtime/invocation/abc/other", .notFound),
            ("GET", "/", .notFound),
        ] as [(String, String, RuntimeAPIRoute)]
    )
    func routes(method: String, uri: String, expected: RuntimeAPIRoute) {
        #expect(RuntimeAPIRoute(method: method, uri: uri) == expected)
    }

    @Test("the streaming header selects a streamed invoke")
    func streamingHeader() {
        let route = RuntimeAPIRoute(
            method: "POST",
            uri: "/2015-03-31/functions/function/invocations",
            streamingHeader: "Streaming"
        )
        #expect(route == .invoke(streaming: true))
    }

    @Test("base64 round-trips every length and rejects junk", arguments: 0..<8)
    func base64(length: Int) {
        let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 * 37 + 200) }
        let encoded = Base64.encode(bytes)
        #expect(encoded.count == (length + 2) / 3 * 4)
        #expect(Base64.decode(encoded) == bytes)
    }

    @Test("base64 known vectors")
    func base64Vectors() {
        #expect(Base64.encode(Array("foobar".utf8)) == "Zm9vYmFy")
        #expect(Base64.encode(Array("fo".utf8)) == "Zm8=")
        #expect(Base64.decode("Zm9vYg==") == Array("foob".utf8))
        #expect(Base64.decode("not base64!") == nil)
    }

    @Test("waitpid statuses read as Go's ProcessState")
    func termination() {
        #expect(BootstrapProcess.termination(3 << 8) == "exit status 3")
        #expect(BootstrapProcess.termination(0) == "exit status 0")
        #expect(BootstrapProcess.termination(9) == "signal: killed")
        #expect(BootstrapProcess.termination(15) == "signal: terminated")
    }

    @Test("JSON strings are escaped")
    func json() {
        #expect(EmulatorJSON.quoted("a\"b\\c\n\u{01}") == #""a\"b\\c\n\u0001""#)
    }

    @Test("the log stream name has Lambda's shape")
    func logStream() {
        let name = LambdaEnvironment.logStreamName(version: "$LATEST", now: 1_764_374_400)
        #expect(name.hasPrefix("2025/11/29/[$LATEST]"))
        #expect(name.count == "2025/11/29/[$LATEST]".count + 32)
    }
}
