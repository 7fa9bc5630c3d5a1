import TandemCore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension PackageCommand {
    /// The package's order file: the functions a Lambda cold start runs, then those `tandem serve`'s start-up runs.
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
            // The linker reads the order through a copy named after its contents: SwiftPM relinks when a link flag
            // changes, not when a file the linker reads does, so a re-recorded order must change the flag.
            let bytes = Array(data)
            let text = String(decoding: bytes, as: UTF8.self)
            let name = directory + "/bootstrap-" + Self.fingerprint(bytes)
            try Self.removeStaleOrders(in: directory, keeping: name)
            try Self.write(text, to: name + ".order")
            layout.sectionOrder = name + ".order"
            try Self.write(BootstrapLayout.symbolOrder(fromSectionOrder: text), to: name + ".symbols")
            layout.symbolOrder = name + ".symbols"
        }
        return layout
    }

    /// 64-bit FNV-1a of `bytes` as 16 hex digits: a name that changes with the contents.
    /// - Parameter bytes: The contents to name.
    /// - Returns: The hash in lower-case hex.
    static func fingerprint(_ bytes: [UInt8]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// Removes the order copies of earlier orders from the layout folder (all but `keeping`'s).
    private static func removeStaleOrders(in directory: String, keeping name: String) throws {
        let files = FileManager.default
        let kept = name.split(separator: "/").last.map(String.init) ?? name
        for file in try files.contentsOfDirectory(atPath: directory) where file.hasPrefix("bootstrap") {
            if file != kept + ".order" && file != kept + ".symbols" {
                try files.removeItem(atPath: directory + "/" + file)
            }
        }
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
