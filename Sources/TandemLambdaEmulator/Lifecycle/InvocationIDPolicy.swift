/// Whether `GET next` sends `Lambda-Runtime-Invocation-Id`, and how strictly the echo on `response`/`error` is
/// checked.
public struct InvocationIDPolicy: Hashable, Sendable, CustomStringConvertible {
    private enum Mode: Hashable { case off, send, require }
    private let mode: Mode

    /// Never send the header (what RAPID does for on-demand functions today).
    public static let off = Self(mode: .off)
    /// Send it; a runtime that echoes a different value gets 400, one that does not echo it is accepted.
    public static let send = Self(mode: .send)
    /// Send it and require the echo: a missing or different value gets 400.
    public static let require = Self(mode: .require)

    /// Whether `next` carries the header.
    public var sendsHeader: Bool { self.mode != .off }
    /// Whether a missing echo is refused.
    public var requiresEcho: Bool { self.mode == .require }

    public var description: String {
        switch self.mode {
        case .off: "off"
        case .send: "send"
        case .require: "require"
        }
    }

    /// Parses `off`, `send` or `require`.
    public init?(_ text: String) {
        switch text.lowercased() {
        case "off": self = .off
        case "send": self = .send
        case "require": self = .require
        default: return nil
        }
    }

    private init(mode: Mode) { self.mode = mode }
}
