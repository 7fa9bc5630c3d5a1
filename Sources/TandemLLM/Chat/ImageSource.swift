/// Where an image in a ``ContentPart/image(_:)`` comes from.
public enum ImageSource: Sendable, Hashable {
    /// A URL the provider fetches (`https:`), or a `data:` URL.
    case url(String)
    /// Inline bytes, base64-encoded, with their media type (`image/png`, `image/jpeg`, `image/gif`, `image/webp`).
    case base64(mediaType: String, data: String)
}
