#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import TandemCore

/// A gateway failure on its way to a client: a status, a type both APIs know, the field to blame, and the wait a
/// client should observe before retrying. It renders in the format of the front door the request came through.
public struct GatewayError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The HTTP status.
    public var status: Int
    /// A message for the client (no secrets, no upstream bodies).
    public var message: String
    /// The OpenAI-style error type (`invalid_request_error`, `authentication_error`, `rate_limit_error`, ...).
    public var type: String
    /// The request field to blame (`messages[0].content`), if one is.
    public var param: String?
    /// A stable machine-readable code (`model_not_found`, `invalid_api_key`, `context_length_exceeded`, ...).
    public var code: String?
    /// How long the client should wait before trying again (sent as `Retry-After`, in whole seconds, rounded up).
    public var retryAfter: Duration?

    /// Creates an error.
    public init(
        status: Int,
        message: String,
        type: String? = nil,
        param: String? = nil,
        code: String? = nil,
        retryAfter: Duration? = nil
    ) {
        self.status = status
        self.message = message
        self.type = type ?? GatewayError.defaultType(status)
        self.param = param
        self.code = code
        self.retryAfter = retryAfter
    }

    public var description: String { "HTTP \(self.status) \(self.type): \(self.message)" }

    /// A 400 naming the offending field.
    public static func invalidRequest(_ message: String, param: String? = nil, code: String? = nil) -> GatewayError {
        GatewayError(status: 400, message: message, type: "invalid_request_error", param: param, code: code)
    }

    static func defaultType(_ status: Int) -> String {
        switch status {
        case 401: "authentication_error"
        case 403: "permission_error"
        case 404: "not_found_error"
        case 413: "request_too_large"
        case 429: "rate_limit_error"
        case 400..<500: "invalid_request_error"
        case 529: "overloaded_error"
        default: "api_error"
        }
    }

    /// The type in Anthropic's vocabulary (it has no `server_error`; `request_too_large` and `overloaded_error` are
    /// its own).
    var anthropicType: String {
        switch self.type {
        case "invalid_request_error", "authentication_error", "permission_error", "not_found_error",
            "request_too_large", "rate_limit_error", "api_error", "overloaded_error", "timeout_error":
            self.type
        default: GatewayError.defaultType(self.status)
        }
    }

    /// The JSON error object in the front door's format.
    public func body(for door: FrontDoor) -> [UInt8] {
        var detail: [String: JSONValue] = ["message": .string(self.message)]
        let root: JSONValue
        switch door {
        case .openAI:
            detail["type"] = .string(self.type)
            detail["param"] = self.param.map(JSONValue.string) ?? .null
            detail["code"] = self.code.map(JSONValue.string) ?? .null
            root = .object(["error": .object(detail)])
        case .anthropic:
            detail["type"] = .string(self.anthropicType)
            root = .object(["type": "error", "error": .object(detail)])
        }
        return Array(root.canonicalJSON().utf8)
    }

    /// The `Retry-After` value: whole seconds, rounded up, at least 1.
    public var retryAfterHeader: String? {
        guard let retryAfter else { return nil }
        let milliseconds = max(1, retryAfter.totalMilliseconds)
        return String((milliseconds + 999) / 1000)
    }

    /// The complete response in the front door's format, with `Retry-After` when there is a wait.
    public func response(for door: FrontDoor) -> AppResponse {
        var response = AppResponse.json(self.body(for: door), status: self.status)
        if let retryAfter = self.retryAfterHeader { response.headers.append(("retry-after", retryAfter)) }
        if door == .openAI, let code = self.code, self.status == 429 {
            response.headers.append(("x-tandem-limit", code))
        }
        return response
    }
}
