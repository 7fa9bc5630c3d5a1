#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The process's environment variables, read once per access.
public enum ProcessEnvironment {
    /// The current environment of this process.
    public static var current: [String: String] { ProcessInfo.processInfo.environment }
}
