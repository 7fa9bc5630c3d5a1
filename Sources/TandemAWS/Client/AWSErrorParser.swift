#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import TandemCore

/// Turns an AWS error response (status, headers, body) into an ``AWSServiceError``; pure, so it is tested alone.
///
/// The code comes from, in order: the `x-amzn-query-error` header (SQS's JSON protocol keeps its query-protocol codes
/// there, e.g. `AWS.SimpleQueueService.NonExistentQueue`), the `x-amzn-ErrorType` header (REST-JSON services), a JSON
/// body's `__type` / `code` (namespace before `#` and anything after `:` dropped), an XML body's `<Code>`
/// (`<Error><Code>` of S3 and the query protocol), else a name for the status (`NotFound` for an empty 404, as HEAD
/// answers). The request id comes from `x-amzn-RequestId`, `x-amz-request-id` or the XML `<RequestId>`.
package enum AWSErrorParser {
    /// Parses an error response.
    ///
    /// - Parameters:
    ///   - service: The signing name of the service.
    ///   - status: The HTTP status.
    ///   - headers: The response headers.
    ///   - body: The response body (possibly truncated or empty).
    /// - Returns: The typed error.
    package static func parse(
        service: String,
        status: Int,
        headers: [(name: String, value: String)],
        body: [UInt8]
    ) -> AWSServiceError {
        func header(_ name: String) -> String? {
            headers.first(where: { $0.name.lowercased() == name })?.value
        }
        var code: String?
        var message: String?
        var requestID = header("x-amzn-requestid") ?? header("x-amz-request-id") ?? header("x-amzn-request-id")

        if let queryError = header("x-amzn-query-error") {
            let name = queryError.split(separator: ";", maxSplits: 1).first.map(String.init) ?? queryError
            if !name.isEmpty { code = name }
        }
        if code == nil, let errorType = header("x-amzn-errortype") {
            code = Self.cleanCode(errorType)
        }
        let firstByte = body.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 })
        if firstByte == UInt8(ascii: "{"), let json = try? JSONValue(parsing: Data(body)) {
            if code == nil {
                let raw = json["__type"]?.stringValue ?? json["code"]?.stringValue ?? json["Code"]?.stringValue
                if let raw { code = Self.cleanCode(raw) }
            }
            message = json["message"]?.stringValue ?? json["Message"]?.stringValue ?? json["errorMessage"]?.stringValue
        } else if firstByte == UInt8(ascii: "<") {
            let text = String(decoding: body, as: UTF8.self)
            if code == nil, let value = Self.xmlElement("Code", in: text) { code = value }
            message = Self.xmlElement("Message", in: text)
            if requestID == nil { requestID = Self.xmlElement("RequestId", in: text) }
        }
        var error = AWSServiceError(
            service: service,
            code: (code?.isEmpty == false ? code : nil) ?? Self.statusCode(status),
            message: message ?? "",
            status: status,
            requestID: requestID
        )
        error.responseBody = body
        return error
    }

    /// `com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException` -> `ConditionalCheckFailedException`;
    /// `ValidationException:http://internal.amazon.com/...` -> `ValidationException`.
    static func cleanCode(_ raw: String) -> String {
        var code = Substring(raw)
        if let hash = code.lastIndex(of: "#") { code = code[code.index(after: hash)...] }
        if let colon = code.firstIndex(of: ":") { code = code[..<colon] }
        while code.first == " " { code.removeFirst() }
        while code.last == " " { code.removeLast() }
        return String(code)
    }

    /// The unescaped text of the first `<name>...</name>` in `text`.
    static func xmlElement(_ name: String, in text: String) -> String? {
        guard let open = text.firstRange(of: "<\(name)>"),
            let close = text[open.upperBound...].firstRange(of: "</\(name)>")
        else { return nil }
        return XMLText.unescape(text[open.upperBound..<close.lowerBound])
    }

    /// A code for an error with no body (HEAD requests, proxies).
    static func statusCode(_ status: Int) -> String {
        switch status {
        case 301: "PermanentRedirect"
        case 304: "NotModified"
        case 400: "BadRequest"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "NotFound"
        case 405: "MethodNotAllowed"
        case 409: "Conflict"
        case 410: "Gone"
        case 412: "PreconditionFailed"
        case 413: "RequestEntityTooLarge"
        case 416: "InvalidRange"
        case 429: "TooManyRequests"
        case 500: "InternalError"
        case 502: "BadGateway"
        case 503: "ServiceUnavailable"
        case 504: "GatewayTimeout"
        default: "HTTP\(status)"
        }
    }
}
