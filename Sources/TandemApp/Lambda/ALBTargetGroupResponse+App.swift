#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import NIOCore
import TandemEvents

extension ALBTargetGroupResponse {
    /// An ALB response for an app response; multi-value headers when the target group has them enabled (ALB then
    /// requires them in the response too).
    init(_ response: AppResponse, body: ByteBuffer, multiValue: Bool) {
        let bytes = Array(body.readableBytesView)
        let text = String(validating: bytes, as: UTF8.self)
        var single: [String: String] = [:]
        var multi: [String: [String]] = [:]
        for (name, value) in response.headers {
            let key = name.lowercased()
            multi[key, default: []].append(value)
            single[key] = single[key].map { $0 + ", " + value } ?? value
        }
        self.init(
            statusCode: response.status,
            statusDescription: "\(response.status) \(HTTPStatusText.reason(response.status))",
            headers: multiValue ? nil : single,
            multiValueHeaders: multiValue ? multi : nil,
            body: text ?? Data(bytes).base64EncodedString(),
            isBase64Encoded: text == nil
        )
    }
}

/// Reason phrases for status lines.
enum HTTPStatusText {
    static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 201: "Created"
        case 202: "Accepted"
        case 204: "No Content"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 413: "Payload Too Large"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: "Status"
        }
    }
}
