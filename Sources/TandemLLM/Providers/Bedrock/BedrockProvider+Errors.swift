import TandemAWS
import TandemCore

extension BedrockProvider {
    /// The ``LLMError`` for anything a call to Bedrock threw: service errors by their exception name (see
    /// `BedrockConverse.error(type:message:status:requestID:)`), transport failures as `connection_error`, passed
    /// deadlines, missing credentials as `authentication`, cancellation as `cancelled`.
    func llmError(_ error: any Error) -> LLMError {
        var result: LLMError
        switch error {
        case let error as LLMError:
            result = error
        case let error as AWSServiceError:
            result = BedrockConverse.error(
                type: error.code,
                message: error.message,
                status: error.status,
                requestID: error.requestID
            )
        case let error as AWSClientError:
            switch error.code {
            case .deadlineExceeded: result = LLMError(.deadlineExceeded, "the deadline passed before Bedrock answered")
            case .responseTooLarge: result = LLMError(.badResponse, "the response body is too large")
            case .invalidConfiguration, .invalidEndpoint: result = LLMError(.invalidRequest, error.message)
            default: result = LLMError(.connection, "the connection to Bedrock failed")
            }
        case let error as AWSCredentialsError:
            result = LLMError(.authentication, "no AWS credentials: \(error.message)")
        case let error as EventStreamError:
            result = LLMError(.badResponse, "the event stream is corrupted (\(error.code))")
        case is CancellationError:
            result = LLMError(.cancelled, "the caller went away")
        default:
            result = LLMError(.connection, "the call to Bedrock failed")
        }
        result.provider = self.name
        return result
    }
}
