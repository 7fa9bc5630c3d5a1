#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// An error that answers an HTTP request with a status code and a JSON body.
///
/// The default body is OpenAI-style, `{"error":{"message":...,"type":...,"param":...,"code":...}}`, which is what
/// most AI clients parse; front doors of other APIs render their own format.
public struct HTTPError: Error, Sendable, CustomStringConvertible {
    /// The status code.
    public var status: Int
    /// A message for the client (no secrets, no internals).
    public var message: String
    /// A stable error type, e.g. `invalid_request_error`.
    public var type: String
    /// The offending parameter or field, if one is to blame.
    public var param: String?
    /// A stable machine-readable code.
    public var code: String?
    /// Extra response headers (e.g. `Retry-After`).
    public var headers: [(name: String, value: String)]

    /// Creates an error.
    public init(
        status: Int,
        message: String,
        type: String? = nil,
        param: String? = nil,
        code: String? = nil,
        headers: [(name: String, value: String)] = []
    ) {
        self.status = status
        self.message = message
        self.type = type ?? HTTPError.defaultType(for: status)
        self.param = param
        self.code = code
        self.headers = headers
    }

    /// 400 with the field to blame.
    public static func badRequest(_ message: String, param: String? = nil) -> HTTPError {
        HTTPError(status: 400, message: message, param: param)
    }

    /// 404.
    public static func notFound(_ message: String) -> HTTPError {
        HTTPError(status: 404, message: message, type: "not_found_error")
    }

    /// 413.
    public static func payloadTooLarge(limit: Int) -> HTTPError {
        HTTPError(status: 413, message: "request body exceeds \(limit) bytes", code: "payload_too_large")
    }

    public var description: String { "HTTP \(self.status) \(self.type): \(self.message)" }

    static func defaultType(for status: Int) -> String {
        switch status {
        case 401: "authentication_error"
        case 403: "permission_error"
        case 404: "not_found_error"
        case 429: "rate_limit_error"
        case 400..<500: "invalid_request_error"
        default: "api_error"
        }
    }

    /// The response: OpenAI-style error JSON.
    public var response: AppResponse {
        struct Body: Encodable {
            struct Detail: Encodable {
                var message: String
                var type: String
                var param: String?
                var code: String?
            }
            var error: Detail
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body = Body(error: .init(message: self.message, type: self.type, param: self.param, code: self.code))
        let bytes = (try? encoder.encode(body)) ?? Data()
        var response = AppResponse.json(bytes, status: self.status)
        response.headers += self.headers
        return response
    }
}
