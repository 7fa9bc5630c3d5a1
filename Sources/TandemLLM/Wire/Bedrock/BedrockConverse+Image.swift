package import TandemCore

extension BedrockConverse {
    /// A Converse `image` block for a neutral image: inline base64 bytes, or a `data:` URL split into them.
    ///
    /// - Throws: An ``LLMError`` `unsupported` for `https:` URLs (Converse only takes bytes or S3 locations) and
    ///   `invalidRequest` for media types other than PNG, JPEG, GIF and WebP.
    package static func imageBlock(_ source: ImageSource) throws(LLMError) -> JSONValue {
        let mediaType: String
        let data: String
        switch source {
        case .base64(let type, let bytes):
            mediaType = type
            data = bytes
        case .url(let url):
            guard url.hasPrefix("data:"), let comma = url.firstIndex(of: ","),
                url[..<comma].hasSuffix(";base64")
            else {
                throw Self.requestError(
                    "Bedrock Converse takes images as bytes, not URLs; send base64 or a data: URL",
                    code: .unsupported
                )
            }
            mediaType = String(url[url.index(url.startIndex, offsetBy: 5)..<comma].dropLast(";base64".count))
            data = String(url[url.index(after: comma)...])
        }
        guard let format = Self.imageFormat(mediaType: mediaType) else {
            throw Self.requestError("Bedrock Converse cannot take images of type \(mediaType)")
        }
        return ["image": ["format": .string(format), "source": ["bytes": .string(data)]]]
    }

    /// The Converse image format (`png`, `jpeg`, `gif`, `webp`) for a media type.
    static func imageFormat(mediaType: String) -> String? {
        switch mediaType.lowercased() {
        case "image/png": "png"
        case "image/jpeg", "image/jpg": "jpeg"
        case "image/gif": "gif"
        case "image/webp": "webp"
        default: nil
        }
    }

    /// The neutral image for a Converse `image` block with inline bytes.
    static func imageSource(_ block: JSONValue) -> ImageSource? {
        guard let format = block["format"]?.stringValue, let bytes = block["source"]?["bytes"]?.stringValue else {
            return nil
        }
        return .base64(mediaType: "image/\(format)", data: bytes)
    }
}
