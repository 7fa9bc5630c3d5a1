import NIOHTTP1
import TandemCore
import TandemLambda
import Testing

@Suite("LambdaErrorPayload")
struct LambdaErrorPayloadTests {
    @Test("a handler error becomes a payload whose type matches Lambda's pattern", arguments: ErrorCase.all)
    func functionErrorType(errorCase: ErrorCase) {
        let payload = LambdaErrorPayload(functionError: errorCase.make())
        #expect(payload.errorType == errorCase.expectedType)
        #expect(LambdaWire.isAcceptedErrorType(payload.errorType))
        #expect(LambdaErrorPayload.isValidType(payload.errorType))
        #expect(payload.errorMessage == "\(errorCase.make())")
        #expect(!payload.stackTrace.isEmpty)
    }

    @Test(
        "isValidType agrees with (Runtime|Function)\\.[A-Z][a-zA-Z]+",
        arguments: [
            "Runtime.UnmarshalError", "Function.X", "Function.Xy", "Function.", "Runtime", "Function.ab",
            "Function.A1", "Function.A_b", "Handler.Failed", "function.Failed", "Runtime.Un.known", "Runtime.Ünknown",
            ".Failed", "", "Function.Failed ", " Function.Failed", "Function.ÄB", "Runtime.Sandbox.Timeout",
        ]
    )
    func validity(type: String) {
        #expect(LambdaErrorPayload.isValidType(type) == LambdaWire.isAcceptedErrorType(type))
    }

    @Test(
        "normalizedType always yields an accepted type and keeps valid ones",
        arguments: [
            ("Runtime.UnmarshalError", "Runtime.UnmarshalError"),
            ("Function.ValidationError", "Function.ValidationError"),
            ("Runtime.unmarshal_error", "Runtime.UnmarshalError"),
            ("Function.out-of-memory", "Function.OutOfMemory"),
            ("ValidationError", "Function.ValidationError"),
            ("Runtime.Sandbox.Timeout", "Runtime.Timeout"),
            ("", "Function.Error"),
            ("Function.", "Function.Error"),
            ("42", "Function.Error"),
            ("Swift.DecodingError", "Function.DecodingError"),
            ("Array<Int>", "Function.Array"),
        ]
    )
    func normalization(input: String, expected: String) {
        let normalized = LambdaErrorPayload.normalizedType(input)
        #expect(normalized == expected)
        #expect(LambdaWire.isAcceptedErrorType(normalized))
    }

    @Test("the designated initialiser normalises the type")
    func initNormalises() {
        let payload = LambdaErrorPayload(errorMessage: "m", errorType: "bad type", stackTrace: ["a"])
        #expect(payload.errorType == "Function.BadType")
        #expect(payload.stackTrace == ["a"])
    }

    @Test("encoded() is the three-key JSON document, round-tripping the fields")
    func encoding() throws {
        let payload = LambdaErrorPayload(
            errorMessage: "line1\nline2 \"quoted\" \u{0} /path",
            errorType: "Function.Failed",
            stackTrace: ["frame 1", "frame 2"]
        )
        let json = try LambdaWire.json(payload.encoded())
        #expect(LambdaWire.keys(json) == ["errorMessage", "errorType", "stackTrace"])
        #expect(json["errorMessage"]?.stringValue == payload.errorMessage)
        #expect(json["errorType"]?.stringValue == "Function.Failed")
        #expect(json["stackTrace"] == .array(["frame 1", "frame 2"]))
    }

    @Test("a TandemError's stack trace follows its underlying errors")
    func tandemErrorTrace() {
        let root = PlainFailure()
        let middle = TandemError(.upstream, "provider failed", underlying: root)
        let top = TandemError(.invalidInput, "bad request", underlying: middle)
        let payload = LambdaErrorPayload(functionError: top)
        #expect(payload.errorType == "Function.InvalidInput")
        #expect(payload.stackTrace.count == 3)
        #expect(payload.stackTrace[0].contains("invalid_input"))
        #expect(payload.stackTrace[1].contains("upstream_error"))
        #expect(payload.stackTrace[2].contains("PlainFailure"))
    }
}
