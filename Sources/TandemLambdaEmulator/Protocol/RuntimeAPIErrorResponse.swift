/// A refusal the Runtime API sends a runtime: an HTTP status and RAPID's error JSON
/// (`{"errorMessage":"...","errorType":"..."}`), with RAPID's exact messages.
package struct RuntimeAPIErrorResponse: Equatable, Sendable, Error {
    /// The HTTP status.
    package var status: Int
    /// RAPID's `errorType`, e.g. `InvalidRequestID`.
    package var errorType: String
    /// RAPID's `errorMessage`.
    package var errorMessage: String

    package init(status: Int, errorType: String, errorMessage: String) {
        self.status = status
        self.errorType = errorType
        self.errorMessage = errorMessage
    }

    /// The body, in RAPID's field order.
    package var json: String {
        EmulatorJSON.object(["errorMessage": self.errorMessage, "errorType": self.errorType])
    }

    /// 400: the request id is not the one in flight (RAPID's `AwsRequestIDValidator`).
    package static let invalidRequestID = Self(
        status: 400,
        errorType: "InvalidRequestID",
        errorMessage: "Invalid request ID"
    )

    /// 400: `Lambda-Runtime-Function-Response-Mode` is neither absent nor `streaming`.
    package static let invalidResponseMode = Self(
        status: 400,
        errorType: "InvalidFunctionResponseMode",
        errorMessage: "Invalid function response mode"
    )

    /// 400: the response body ended before its declared length or final chunk.
    package static let truncatedRequest = Self(
        status: 400,
        errorType: "TruncatedHTTPRequest",
        errorMessage: "HTTP request detected as truncated"
    )

    /// 410: the invocation already timed out (RAPID's managed-instances `RenderInvokeTimeout`).
    package static let invokeTimeout = Self(status: 410, errorType: "InvokeTimeout", errorMessage: "Invoke timeout")

    /// 413: a buffered response above ``EmulatorLimits/maxResponsePayload``.
    package static let requestEntityTooLarge = Self(
        status: 413,
        errorType: "RequestEntityTooLarge",
        errorMessage: "Exceeded maximum allowed payload size (\(EmulatorLimits.maxResponsePayload) bytes)."
    )

    /// 400: the echoed `Lambda-Runtime-Invocation-Id` is missing (when required) or not the one delivered.
    package static func invalidInvocationID(_ detail: String) -> Self {
        Self(status: 400, errorType: "InvalidInvocationID", errorMessage: detail)
    }

    /// 403: RAPID's runtime state machine refused the transition.
    /// - Parameters:
    ///   - from: RAPID's name of the current runtime state, e.g. `RuntimeResponseSentState`.
    ///   - to: RAPID's name of the requested state, e.g. `InvocationResponse`.
    package static func invalidStateTransition(from: String, to: String) -> Self {
        Self(
            status: 403,
            errorType: "InvalidStateTransition",
            errorMessage:
                "State transition from \(from) to \(to) failed for runtime. Error: State transition is not allowed"
        )
    }

    /// 404 for an unknown path.
    package static let notFound = Self(status: 404, errorType: "NotFound", errorMessage: "404 page not found")
    /// 405 for a known path with the wrong method.
    package static let methodNotAllowed = Self(
        status: 405,
        errorType: "MethodNotAllowed",
        errorMessage: "Method not allowed"
    )
}
