import Testing

@testable import tandem

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `tandem package`'s reading of ELF version needs and its Amazon Linux 2023 limits.
@Suite struct VersionNeedsTests {
    static func need(_ version: String, _ library: String = "libc.so.6") -> PackageCommand.VersionNeed {
        PackageCommand.VersionNeed(library: library, version: version, symbols: [])
    }

    @Test(arguments: [
        ("GLIBC_2.2.5", false), ("GLIBC_2.34", false), ("GLIBC_2.35", true), ("GLIBC_2.36", true),
        ("GLIBC_3.0", true), ("GLIBC_PRIVATE", true), ("GLIBCXX_3.4", false), ("GLIBCXX_3.4.29", false),
        ("GLIBCXX_3.4.30", true), ("CXXABI_1.3.13", false), ("CXXABI_1.3.14", true), ("GCC_3.0", false),
        ("GCC_4.2.0", false), ("GCC_12.0.0", true), ("SOME_OTHER_1.0", false),
    ])
    func al2023Limits(version: String, tooNew: Bool) {
        let found = PackageCommand.tooNewForAL2023([Self.need(version)])
        #expect(found.isEmpty != tooNew, "\(version)")
    }

    @Test func newestPerFamily() {
        let needs = ["GLIBC_2.2.5", "GLIBC_2.34", "GLIBC_2.9", "GLIBC_PRIVATE", "GLIBCXX_3.4.9", "GLIBCXX_3.4.21"]
            .map { Self.need($0) }
        #expect(PackageCommand.newest("GLIBC_", in: needs) == "GLIBC_2.34")
        #expect(PackageCommand.newest("GLIBCXX_", in: needs) == "GLIBCXX_3.4.21")
        #expect(PackageCommand.newest("CXXABI_", in: needs) == nil)
    }

    /// This test binary is a dynamically linked ELF file that links CTandemCompat: its needs are known.
    @Test func readsThisProcessBinary() throws {
        #if os(Linux) && canImport(Glibc)
        let bytes = try #require(FileManager.default.contents(atPath: "/proc/self/exe"))
        let needs = try PackageCommand.versionNeeds(elf: [UInt8](bytes))
        let libc = needs.filter { $0.library == "libc.so.6" }
        #expect(libc.contains { $0.version == "GLIBC_2.2.5" && $0.symbols.contains("malloc") })
        // CTandemCompat's arc4random calls getrandom, new in glibc 2.25.
        #expect(libc.contains { $0.version == "GLIBC_2.25" && $0.symbols.contains("getrandom") })
        // The binary defines hypot, hypotf and arc4random itself: no version of them is asked for.
        let symbols = needs.flatMap(\.symbols)
        for own in ["hypot", "hypotf", "arc4random"] { #expect(!symbols.contains(own), "\(own)") }
        // Every symbol listed is listed once, under one version.
        #expect(Set(symbols).count == symbols.count)
        #endif
    }

    @Test func readsThisProcessLibraries() throws {
        #if os(Linux) && canImport(Glibc)
        let bytes = try #require(FileManager.default.contents(atPath: "/proc/self/exe"))
        let libraries = try PackageCommand.neededLibraries(elf: [UInt8](bytes))
        #expect(libraries.contains("libc.so.6"))
        // A debug test binary links the Swift runtime dynamically, which provided.al2023 does not ship.
        #expect(libraries.contains("libswiftCore.so"))
        #expect(!PackageCommand.al2023Libraries.contains("libswiftCore.so"))
        #endif
    }

    @Test func refusesWhatIsNotELF() {
        #expect(throws: (any Error).self) { try PackageCommand.versionNeeds(elf: Array("#!/bin/sh\n".utf8)) }
        var truncated: [UInt8] = [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1] + Array(repeating: 0, count: 57)
        truncated[0x28] = 0xFF  // a section table far past the end of the file
        truncated[0x3A] = 64
        truncated[0x3C] = 3
        #expect(throws: (any Error).self) { try PackageCommand.versionNeeds(elf: truncated) }
        #expect(throws: (any Error).self) { try PackageCommand.neededLibraries(elf: truncated) }
    }
}
