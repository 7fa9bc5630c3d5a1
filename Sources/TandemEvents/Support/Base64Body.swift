import TandemCore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Decodes an HTTP event body that may be base64.
enum Base64Body {
    /// The body's bytes: UTF-8 of the text, or the base64-decoded bytes when `isBase64Encoded` is set.
    static func bytes(of body: String?, isBase64Encoded: Bool) throws(TandemError) -> Data {
        guard let body else { return Data() }
        guard isBase64Encoded else { return Data(body.utf8) }
        guard let data = Data(base64Encoded: body) else {
            throw TandemError(.invalidInput, "the event body is marked isBase64Encoded but is not valid base64")
        }
        return data
    }
}
