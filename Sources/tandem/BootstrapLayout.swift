/// How `tandem package` lays out the bootstrap's code so that a cold start touches as few pages as possible.
///
/// A cold start runs about 0.8 MB of the bootstrap's ~30 MB of code, spread over the whole binary; the kernel maps
/// file pages in 64 KiB (or larger folio) windows around each fault, so scattered hot code costs ~15 MB of resident
/// memory. The layout:
/// - compiles every function into its own section (`-function-sections` for Swift, `-ffunction-sections` for C),
///   so the linker can move functions one by one;
/// - links the functions listed in `deploy/bootstrap.order` (the ones a cold start runs, recorded by
///   `bench/coldstart/order.sh`) next to each other;
/// - exports no symbols (a version script with `local: *`): an executable needs none, and the ~50,000 that
///   SwiftPM's link exports cost the loader 4 MB of `.dynsym`/`.dynstr`/hash tables to search;
/// - links a position-dependent executable (`-no-pie`, glibc builds): no relocation table to apply at start-up
///   (3.5 MB of `.rela.dyn`, and the data pages it dirtied). Shared libraries, stack and heap stay randomised.
struct BootstrapLayout {
    /// The linker the build uses: GNU gold for the host toolchain (glibc), lld for the Static Linux SDK.
    enum Linker {
        case gold
        case lld
    }

    /// The section-ordering file (gold: section names, one per line), when the package has one.
    var sectionOrder: String?
    /// The same order as symbol names (lld's `--symbol-ordering-file`), when the package has one.
    var symbolOrder: String?
    /// The version script that keeps every symbol local.
    var exportsScript: String
    /// Where to write the linker's map, if asked.
    var linkMap: String?

    /// The contents of ``exportsScript``.
    static let exportsScriptText = "{ local: *; };\n"

    /// Section names of a section-ordering file as symbol names: `.text.<symbol>` -> `<symbol>`.
    /// - Parameter sectionOrder: The contents of a section-ordering file.
    /// - Returns: One symbol per line, in the same order.
    static func symbolOrder(fromSectionOrder sectionOrder: String) -> String {
        var lines: [Substring] = []
        for line in sectionOrder.split(separator: "\n") {
            let name = line.trimmingPrefix(" ")
            guard name.hasPrefix(".text.") else { continue }
            var symbol = name.dropFirst(".text.".count)
            for prefix in ["unlikely.", "hot.", "startup.", "exit."] where symbol.hasPrefix(prefix) {
                symbol = symbol.dropFirst(prefix.count)
            }
            if !symbol.isEmpty { lines.append(symbol) }
        }
        return lines.joined(separator: "\n") + (lines.isEmpty ? "" : "\n")
    }

    /// The `swift build` arguments that apply the layout.
    /// - Parameter linker: The linker the build uses.
    /// - Returns: `-Xswiftc`, `-Xcc`, `-Xlinker` arguments.
    func arguments(linker: Linker) -> [String] {
        var arguments = [
            // A frontend flag: the driver in SwiftPM does not know it, so it goes through -Xfrontend.
            "-Xswiftc", "-Xfrontend", "-Xswiftc", "-function-sections",
            "-Xcc", "-ffunction-sections",
            "-Xlinker", "--version-script=" + self.exportsScript,
        ]
        switch linker {
        case .gold:
            if let sectionOrder { arguments += ["-Xlinker", "--section-ordering-file=" + sectionOrder] }
            // The Static Linux SDK's executables are static already; a glibc one is PIE unless told otherwise.
            // SwiftPM has no -Xclang-linker; swiftc passes it on at the link step only.
            arguments += ["-Xswiftc", "-Xclang-linker", "-Xswiftc", "-no-pie"]
        case .lld:
            if let symbolOrder {
                arguments += ["-Xlinker", "--symbol-ordering-file=" + symbolOrder, "-Xlinker", "--no-warn-symbol-ordering"]
            }
        }
        if let linkMap { arguments += ["-Xlinker", "-Map=" + linkMap] }
        return arguments
    }

    /// A one-line summary for the command's output.
    func describe() -> String {
        let order = self.sectionOrder.map { "hot functions first from \($0)" } ?? "no order file (deploy/bootstrap.order)"
        return "function sections, \(order), no exported symbols, no PIE for glibc builds"
    }
}
