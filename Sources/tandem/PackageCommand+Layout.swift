import TandemCore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension PackageCommand {
    /// The package's order file: the functions a cold start runs, in the order it runs them.
    static let orderFileName = "deploy/bootstrap.order"

    /// Writes the version script (and, for lld, the symbol-ordering file) into the package's build folder.
    /// - Returns: The layout, or `nil` when `--no-layout` was given.
    /// - Throws: When a file cannot be written or the order file cannot be read.
    func bootstrapLayout() throws -> BootstrapLayout? {
        guard !self.noLayout else { return nil }
        let files = FileManager.default
        let directory = self.scratchPath + "/layout"
        try files.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let exports = directory + "/exports.map"
        try Self.write(BootstrapLayout.exportsScriptText, to: exports)
        let order = self.absolutePackagePath + "/" + Self.orderFileName
        var layout = BootstrapLayout(exportsScript: exports, linkMap: self.linkMap)
        if files.fileExists(atPath: order) {
            guard let data = files.contents(atPath: order) else {
                throw TandemError(.internal, "\(order) cannot be read")
            }
            layout.sectionOrder = order
            let symbols = directory + "/bootstrap.symbols"
            try Self.write(BootstrapLayout.symbolOrder(fromSectionOrder: String(decoding: data, as: UTF8.self)), to: symbols)
            layout.symbolOrder = symbols
        }
        return layout
    }

    /// Writes `text` to `path` unless the file already holds it (so the build does not see a change).
    private static func write(_ text: String, to path: String) throws {
        let bytes = Array(text.utf8)
        if let current = FileManager.default.contents(atPath: path), Array(current) == bytes { return }
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
            throw TandemError(.internal, "cannot write \(path)")
        }
    }
}
