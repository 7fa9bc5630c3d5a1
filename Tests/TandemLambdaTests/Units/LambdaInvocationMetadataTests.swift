import Testing

@testable import TandemLambda

@Suite("Invocation metadata from the next response's headers")
struct LambdaInvocationMetadataTests {
    @Test("names match in any case; unrelated and look-alike headers are ignored")
    func caseInsensitive() throws {
        let metadata = try LambdaInvocationMetadata(headers: [
            ("content-type", "application/json"),
            ("LAMBDA-RUNTIME-AWS-REQUEST-ID", "req-1"),
            ("lambda-runtime-deadline-ms", "1795748400123"),
            ("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:us-east-1:123456789012:function:f"),
            ("Lambda-Runtime-Trace-Id", "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1"),
            ("lambda-runtime-client-context", #"{"custom":{}}"#),
            ("Lambda-Runtime-Cognito-Identity", #"{"cognitoIdentityId":"id"}"#),
            ("Lambda-Runtime-Aws-Tenant-Id", "tenant-7"),
            ("Lambda-Runtime-Invocation-Id", "inv-9"),
            ("Lambda-Runtime-Trace-Id-Extra", "ignored"),
            ("Lambda-Runtime-", "ignored"),
            ("X-Lambda-Runtime-Aws-Request-Id", "ignored"),
        ])
        #expect(metadata.requestID == "req-1")
        #expect(metadata.deadlineMilliseconds == 1_795_748_400_123)
        #expect(metadata.invokedFunctionARN == "arn:aws:lambda:us-east-1:123456789012:function:f")
        #expect(metadata.traceID == "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1")
        #expect(metadata.clientContext == #"{"custom":{}}"#)
        #expect(metadata.cognitoIdentity == #"{"cognitoIdentityId":"id"}"#)
        #expect(metadata.tenantID == "tenant-7")
        #expect(metadata.invocationID == "inv-9")
    }

    @Test("a missing request id or a malformed deadline is an error; optional headers may be absent")
    func required() throws {
        #expect(throws: LambdaRuntimeError.self) {
            try LambdaInvocationMetadata(headers: [("Lambda-Runtime-Deadline-Ms", "1")])
        }
        #expect(throws: LambdaRuntimeError.self) {
            try LambdaInvocationMetadata(headers: [
                ("Lambda-Runtime-Aws-Request-Id", "r"), ("Lambda-Runtime-Deadline-Ms", "soon"),
            ])
        }
        let minimal = try LambdaInvocationMetadata(headers: [
            ("Lambda-Runtime-Aws-Request-Id", "r"), ("Lambda-Runtime-Deadline-Ms", "5"),
        ])
        #expect(minimal.invokedFunctionARN == "" && minimal.traceID == nil && minimal.invocationID == nil)
    }
}
