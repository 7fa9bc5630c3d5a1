/// The tools an agent may use, by name.
public struct ToolRegistry: Sendable {
    private var tools: [String: AgentTool] = [:]
    private var order: [String] = []

    /// An empty registry.
    public init() {}

    /// A registry holding `tools` (a later tool with the same name replaces an earlier one).
    public init(_ tools: [AgentTool]) {
        for tool in tools { self.register(tool) }
    }

    /// Registers a tool under its name, replacing one with the same name.
    public mutating func register(_ tool: AgentTool) {
        if self.tools[tool.name] == nil { self.order.append(tool.name) }
        self.tools[tool.name] = tool
    }

    /// The tool called `name`, if registered.
    public subscript(name: String) -> AgentTool? { self.tools[name] }

    /// The registered names, in registration order.
    public var names: [String] { self.order }

    /// The tools called `names` (unknown names are left out).
    public func subset(_ names: [String]) -> [AgentTool] { names.compactMap { self.tools[$0] } }
}
