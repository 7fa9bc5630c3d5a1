/// Who is calling: the key a request presented, resolved to its name and its limits.
public struct Principal: Sendable, Hashable {
    /// A stable id for limits and logs (`static:<name>`, `virtual:<id>`, `master`, `anonymous`); never the key.
    public var id: String
    /// A name for people.
    public var name: String
    /// The models it may call (empty: all).
    public var allowedModels: [String]
    /// Requests per minute (nil: no limit).
    public var requestsPerMinute: Int?
    /// Tokens per minute, input and output (nil: no limit).
    public var tokensPerMinute: Int?
    /// Whether it may manage virtual keys.
    public var isMaster: Bool

    /// Creates a principal.
    public init(
        id: String,
        name: String,
        allowedModels: [String] = [],
        requestsPerMinute: Int? = nil,
        tokensPerMinute: Int? = nil,
        isMaster: Bool = false
    ) {
        self.id = id
        self.name = name
        self.allowedModels = allowedModels
        self.requestsPerMinute = requestsPerMinute
        self.tokensPerMinute = tokensPerMinute
        self.isMaster = isMaster
    }

    /// The caller of a gateway that asks for no key.
    public static let anonymous = Principal(id: "anonymous", name: "anonymous")

    /// Whether it may call `model`.
    public func mayUse(_ model: String) -> Bool {
        self.allowedModels.isEmpty || self.allowedModels.contains(model)
    }
}
