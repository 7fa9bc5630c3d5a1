import TandemCore

extension PackageCommand {
    /// One symbol version a dynamically linked ELF binary asks the loader for, e.g. `GLIBC_2.34` from `libc.so.6`,
    /// with the dynamic symbols bound to it.
    struct VersionNeed: Equatable, CustomStringConvertible {
        /// The shared object that must define the version (`vn_file`), e.g. `libm.so.6`.
        var library: String
        /// The version name (`vna_name`), e.g. `GLIBC_2.35`.
        var version: String
        /// The undefined dynamic symbols bound to this version, sorted.
        var symbols: [String]

        var description: String {
            let shown = self.symbols.prefix(6).joined(separator: ", ")
            let more = self.symbols.count > 6 ? ", and \(self.symbols.count - 6) more" : ""
            return "\(self.version) from \(self.library)" + (self.symbols.isEmpty ? "" : " (\(shown)\(more))")
        }
    }

    /// Reads the version needs of a 64-bit little-endian ELF binary: the `SHT_GNU_verneed` section (`.gnu.version_r`)
    /// for what each library must provide, and `.dynsym` with `SHT_GNU_versym` (`.gnu.version`) for which symbols ask.
    ///
    /// Section headers survive `strip --strip-all`, so this works on the stripped `bootstrap`. A static binary (the
    /// Static Linux SDK's) has no such section and gives an empty list.
    /// - Parameter bytes: The whole file.
    /// - Returns: One entry per (library, version), in file order.
    /// - Throws: ``TandemError`` when the file is not a 64-bit little-endian ELF file or a table points outside it.
    static func versionNeeds(elf bytes: [UInt8]) throws -> [VersionNeed] {
        let reader = ELFReader(bytes: bytes)
        let sections = try reader.sections()
        let verneedType = 0x6FFF_FFFE
        let versymType = 0x6FFF_FFFF
        let dynsymType = 11
        guard let verneed = sections.first(where: { $0.type == verneedType }), verneed.link < sections.count else {
            return []
        }
        let strings = sections[verneed.link]
        func string(_ offset: Int) throws -> String {
            try reader.cString(at: strings.offset + offset, limit: strings.offset + strings.size)
        }

        // Version index (vna_other) -> position in the result.
        var needs: [VersionNeed] = []
        var positionOfIndex: [Int: Int] = [:]
        var entry = verneed.offset
        // sh_info holds the number of Verneed entries; the chain's vn_next ends it too.
        for _ in 0 ..< max(verneed.info, 1) {
            let file = try string(try reader.int(32, at: entry + 4))
            let auxiliaryCount = try reader.int(16, at: entry + 2)
            var auxiliary = entry + (try reader.int(32, at: entry + 8))
            for _ in 0 ..< auxiliaryCount {
                let index = try reader.int(16, at: auxiliary + 6) & 0x7FFF
                let name = try string(try reader.int(32, at: auxiliary + 8))
                positionOfIndex[index] = needs.count
                needs.append(VersionNeed(library: file, version: name, symbols: []))
                let next = try reader.int(32, at: auxiliary + 12)
                if next == 0 { break }
                auxiliary += next
            }
            let next = try reader.int(32, at: entry + 12)
            if next == 0 { break }
            entry += next
        }

        if let symbols = sections.first(where: { $0.type == dynsymType }), symbols.link < sections.count,
            let versions = sections.first(where: { $0.type == versymType })
        {
            let names = sections[symbols.link]
            let count = min(symbols.size / 24, versions.size / 2)
            for symbol in 0 ..< count {
                let index = try reader.int(16, at: versions.offset + symbol * 2) & 0x7FFF
                guard let position = positionOfIndex[index] else { continue }
                let nameOffset = try reader.int(32, at: symbols.offset + symbol * 24)
                let name = try reader.cString(at: names.offset + nameOffset, limit: names.offset + names.size)
                needs[position].symbols.append(name)
            }
        }
        for position in needs.indices { needs[position].symbols.sort() }
        return needs
    }

    /// The shared libraries a 64-bit little-endian ELF binary names in `DT_NEEDED` entries of its `.dynamic` section.
    /// - Parameter bytes: The whole file.
    /// - Returns: The library names in file order; empty for a static binary.
    /// - Throws: ``TandemError`` when the file is not a 64-bit little-endian ELF file or a table points outside it.
    static func neededLibraries(elf bytes: [UInt8]) throws -> [String] {
        let reader = ELFReader(bytes: bytes)
        let sections = try reader.sections()
        let dynamicType = 6
        let neededTag = 1
        guard let dynamic = sections.first(where: { $0.type == dynamicType }), dynamic.link < sections.count else {
            return []
        }
        let strings = sections[dynamic.link]
        var libraries: [String] = []
        for entry in 0 ..< dynamic.size / 16 {
            let tag = try reader.int(64, at: dynamic.offset + entry * 16)
            if tag == 0 { break }  // DT_NULL
            guard tag == neededTag else { continue }
            let offset = try reader.int(64, at: dynamic.offset + entry * 16 + 8)
            libraries.append(try reader.cString(at: strings.offset + offset, limit: strings.offset + strings.size))
        }
        return libraries
    }

    /// The shared libraries every `provided.al2023` function can load: glibc's, and GCC's C and C++ runtimes.
    static let al2023Libraries: Set<String> = [
        "libc.so.6", "libm.so.6", "libdl.so.2", "libpthread.so.0", "librt.so.1", "libutil.so.1", "libresolv.so.2",
        "ld-linux-x86-64.so.2", "ld-linux-aarch64.so.1", "libgcc_s.so.1", "libstdc++.so.6",
    ]

    /// The version needs that Amazon Linux 2023 (`provided.al2023`) cannot satisfy: glibc 2.34, and GCC 11's
    /// libstdc++ (`GLIBCXX_3.4.29`, `CXXABI_1.3.13`) and libgcc_s (`GCC_11.0`). `GLIBC_PRIVATE` is refused too: it
    /// binds to one glibc build.
    static func tooNewForAL2023(_ needs: [VersionNeed]) -> [VersionNeed] {
        let limits: [(prefix: String, newest: [Int])] = [
            ("GLIBC_", [2, 34]),
            ("GLIBCXX_", [3, 4, 29]),
            ("CXXABI_", [1, 3, 13]),
            ("GCC_", [11, 0, 0]),
        ]
        return needs.filter { need in
            if need.version == "GLIBC_PRIVATE" { return true }
            guard let limit = limits.first(where: { need.version.hasPrefix($0.prefix) }) else { return false }
            let parts = need.version.dropFirst(limit.prefix.count).split(separator: ".").map { Int($0) }
            guard !parts.isEmpty, parts.allSatisfy({ $0 != nil }) else { return false }
            return Self.isNewer(parts.compactMap { $0 }, than: limit.newest)
        }
    }

    /// Compares dotted versions with missing parts as zeros: `3.4` is older than `3.4.29`, `2.35` newer than `2.34`.
    static func isNewer(_ version: [Int], than limit: [Int]) -> Bool {
        let width = max(version.count, limit.count)
        let padded = version + Array(repeating: 0, count: width - version.count)
        let paddedLimit = limit + Array(repeating: 0, count: width - limit.count)
        return paddedLimit.lexicographicallyPrecedes(padded)
    }

    /// The newest version of each family the binary needs, for the summary line, e.g. `GLIBC_2.34`.
    static func newest(_ prefix: String, in needs: [VersionNeed]) -> String? {
        let versions = needs.map(\.version).filter {
            $0.hasPrefix(prefix) && $0.dropFirst(prefix.count).allSatisfy { $0.isNumber || $0 == "." }
        }
        return versions.max { left, right in
            let l = left.dropFirst(prefix.count).split(separator: ".").compactMap { Int($0) }
            let r = right.dropFirst(prefix.count).split(separator: ".").compactMap { Int($0) }
            return l.lexicographicallyPrecedes(r)
        }
    }
}

/// Bounds-checked little-endian reads from a file's bytes.
private struct ELFReader {
    /// The fields of a section header that the readers above use.
    struct Section {
        var type: Int
        var offset: Int
        var size: Int
        var link: Int
        var info: Int
    }

    let bytes: [UInt8]

    /// The section header table (empty when the file has none).
    func sections() throws -> [Section] {
        guard self.bytes.count >= 64, self.bytes[0 ..< 4] == [0x7F, 0x45, 0x4C, 0x46], self.bytes[4] == 2,
            self.bytes[5] == 1
        else {
            throw TandemError(.invalidInput, "not a 64-bit little-endian ELF file")
        }
        let table = try self.int(64, at: 0x28)
        let entrySize = try self.int(16, at: 0x3A)
        let count = try self.int(16, at: 0x3C)
        guard table > 0, count > 0, entrySize >= 64 else { return [] }
        return try (0 ..< count).map { index in
            let header = table + index * entrySize
            return Section(
                type: try self.int(32, at: header + 4),
                offset: try self.int(64, at: header + 0x18),
                size: try self.int(64, at: header + 0x20),
                link: try self.int(32, at: header + 0x28),
                info: try self.int(32, at: header + 0x2C)
            )
        }
    }

    func int(_ bits: Int, at offset: Int) throws -> Int {
        let width = bits / 8
        guard offset >= 0, offset <= self.bytes.count - width else {
            throw TandemError(.invalidInput, "ELF table points outside the file (offset \(offset))")
        }
        var value: UInt64 = 0
        for byte in 0 ..< width { value |= UInt64(self.bytes[offset + byte]) << UInt64(8 * byte) }
        guard value <= UInt64(Int.max) else {
            throw TandemError(.invalidInput, "ELF value out of range at offset \(offset)")
        }
        return Int(value)
    }

    func cString(at offset: Int, limit: Int) throws -> String {
        let end = min(limit, self.bytes.count)
        guard offset >= 0, offset < end else {
            throw TandemError(.invalidInput, "ELF string points outside its table (offset \(offset))")
        }
        var cursor = offset
        while cursor < end, self.bytes[cursor] != 0 { cursor += 1 }
        return String(decoding: self.bytes[offset ..< cursor], as: UTF8.self)
    }
}
