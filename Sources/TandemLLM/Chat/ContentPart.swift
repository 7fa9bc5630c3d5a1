/// One part of a message's content.
public enum ContentPart: Sendable, Hashable {
    /// Plain text.
    case text(String)
    /// An image (user messages).
    case image(ImageSource)
    /// The model's visible reasoning (Anthropic `thinking` blocks, OpenAI-compatible `reasoning_content`), with the
    /// provider's signature when it gave one (Anthropic requires it back unchanged in later turns).
    case reasoning(text: String, signature: String?)

    /// The text of a `.text` part, else `nil`.
    public var text: String? {
        if case .text(let text) = self { return text }
        return nil
    }
}
