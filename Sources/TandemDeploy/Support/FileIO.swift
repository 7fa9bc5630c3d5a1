import TandemCore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Reading and writing the files the deploy tools take and produce.
package enum FileIO {
    /// The text of a file.
    ///
    /// - Throws: ``TandemError`` `not_found` naming the path.
    package static func read(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TandemError(.notFound, "cannot read '\(path)'")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// Writes text to a file, creating its directory.
    ///
    /// - Throws: ``TandemError`` `internal_error` naming the path.
    package static func write(_ text: String, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        do {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(),
                withIntermediateDirectories: true
            )
            try Data(text.utf8).write(to: url)
        } catch {
            throw TandemError(.internal, "cannot write '\(path)'", underlying: error)
        }
    }
}
