import ArgumentParser
import Testing

@testable import tandem

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `tandem package`'s cold-start layout: the flags it builds with and the order files it derives.
@Suite struct BootstrapLayoutTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    @Test func sectionNamesBecomeSymbolNamesForLLD() {
        let sections = """
            .text.swift_task_enqueue
            .text.$s8NIOPosix19SelectableEventLoopC3runyyKF
            .text.unlikely._ZN5swift4DemangleEv
            .text.hot.tandem_hot
            .rodata.ignored

            """
        #expect(
            BootstrapLayout.symbolOrder(fromSectionOrder: sections)
                == "swift_task_enqueue\n$s8NIOPosix19SelectableEventLoopC3runyyKF\n_ZN5swift4DemangleEv\ntandem_hot\n"
        )
        #expect(BootstrapLayout.symbolOrder(fromSectionOrder: "") == "")
    }

    @Test func glibcBuildsGetFunctionSectionsTheGoldOrderNoExportsAndNoPIE() throws {
        let layout = BootstrapLayout(sectionOrder: "/p/deploy/bootstrap.order", symbolOrder: "/s/bootstrap.symbols",
                                     exportsScript: "/s/exports.map", linkMap: nil)
        let arguments = layout.arguments(linker: .gold)
        #expect(arguments.starts(with: ["-Xswiftc", "-Xfrontend", "-Xswiftc", "-function-sections"]))
        #expect(Self.pairs(arguments).contains(["-Xcc", "-ffunction-sections"]))
        #expect(Self.pairs(arguments).contains(["-Xlinker", "--version-script=/s/exports.map"]))
        #expect(Self.pairs(arguments).contains(["-Xlinker", "--section-ordering-file=/p/deploy/bootstrap.order"]))
        #expect(arguments.joined(separator: " ").contains("-Xswiftc -Xclang-linker -Xswiftc -no-pie"))
        #expect(!arguments.contains { $0.contains("symbol-ordering") })
    }

    @Test func staticSDKBuildsGetTheLLDSymbolOrderAndStayAsTheSDKLinksThem() {
        let layout = BootstrapLayout(sectionOrder: "/p/o", symbolOrder: "/s/bootstrap.symbols",
                                     exportsScript: "/s/exports.map", linkMap: "/tmp/map")
        let arguments = layout.arguments(linker: .lld)
        #expect(Self.pairs(arguments).contains(["-Xlinker", "--symbol-ordering-file=/s/bootstrap.symbols"]))
        #expect(Self.pairs(arguments).contains(["-Xlinker", "-Map=/tmp/map"]))
        #expect(!arguments.contains("-no-pie"))
        #expect(!arguments.contains { $0.contains("section-ordering") })
    }

    @Test func theCommandBuildsInItsOwnFolderWithTheStaticArchivesAndTheLayout() throws {
        let command = try PackageCommand.parse(["--package-path", "/work/p"])
        let layout = BootstrapLayout(sectionOrder: nil, symbolOrder: nil, exportsScript: "/e", linkMap: nil)
        let arguments = command.buildArguments(staticLibrariesDirectory: "/work/p/.build-package/static-libraries",
                                               layout: layout)
        #expect(Self.pairs(arguments).contains(["--scratch-path", "/work/p/.build-package"]))
        #expect(arguments.contains("--static-swift-stdlib"))
        #expect(Self.pairs(arguments).contains(["-Xswiftc", "-L/work/p/.build-package/static-libraries"]))
        #expect(Self.pairs(arguments).contains(["-Xlinker", "--version-script=/e"]))
        #expect(PackageCommand.staticArchives == ["libstdc++.a", "libsqlite3.a", "libz.a"])
    }

    /// The committed order file: section names only, and the cold start's entry point among them.
    @Test func theCommittedOrderFileListsTextSections() throws {
        let text = try String(contentsOfFile: Self.root + "/" + PackageCommand.orderFileName, encoding: .utf8)
        let lines = text.split(separator: "\n")
        #expect(lines.count > 1000)
        #expect(lines.allSatisfy { $0.hasPrefix(".text.") })
        #expect(lines.contains(".text.tandem_main"))
    }

    static func pairs(_ arguments: [String]) -> [[String]] {
        zip(arguments, arguments.dropFirst()).map { [$0, $1] }
    }
}
