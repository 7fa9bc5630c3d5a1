public import TandemCore

/// The shape the model's answer must take.
public enum ResponseFormat: Sendable, Hashable {
    /// Free text (the default).
    case text
    /// Any JSON object.
    case jsonObject
    /// JSON matching a schema. Providers without native support get it as a forced tool call whose input is the
    /// answer (the translation is the provider's job; callers see the JSON text as the message text).
    case jsonSchema(name: String, schema: JSONValue, strict: Bool)
}
