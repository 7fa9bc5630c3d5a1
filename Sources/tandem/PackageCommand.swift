import ArgumentParser
import TandemCore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// `tandem package`: builds the release `bootstrap` and zips it for Lambda's `provided.al2023` runtime.
///
/// Runs `swift build -c release --product tandem --static-swift-stdlib` (with libstdc++ linked statically too when
/// `libstdc++.a` is installed), strips a copy of the binary into `DIR/bootstrap` (mode 0755), checks that Amazon
/// Linux 2023's glibc and libstdc++ can load it, and writes `DIR/tandem-lambda-<arch>.zip` holding only
/// `bootstrap`. Processes are started with `posix_spawn` and files handled with FoundationEssentials, so this command
/// adds nothing heavy to the binary it packages.
struct PackageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "package",
        abstract: "Build the release bootstrap and zip it for Lambda (provided.al2023).",
        discussion: """
            Builds with --static-swift-stdlib and a static libstdc++ (only glibc and libgcc_s are needed at run \
            time), strips the binary, refuses it if it needs a newer glibc or libstdc++ than Amazon Linux 2023 has \
            (glibc 2.34, GLIBCXX_3.4.29), and writes DIR/bootstrap and DIR/tandem-lambda-<arch>.zip (bootstrap, \
            mode 0755); with --local-model layer also DIR/model-layer.zip (the embedding model under \
            models/all-minilm-l6-v2, mounted at /opt/models), with --local-model zip the model inside the function \
            zip, checked against Lambda's 250 MB unzipped limit. The \
            architecture is the host's: building for the other one needs the Static Linux SDK (musl), passed with \
            --swift-sdk. See docs/packaging.md.
            """
    )

    /// A Lambda architecture, spelled as Lambda spells it.
    enum Architecture: String, ExpressibleByArgument, CaseIterable {
        case arm64
        case x86_64

        /// The machine this process runs on.
        static var host: Architecture? {
            #if arch(x86_64)
            return .x86_64
            #elseif arch(arm64)
            return .arm64
            #else
            return nil
            #endif
        }

        /// The architecture's name in target triples and Swift SDK names.
        var tripleName: String {
            switch self {
            case .arm64: "aarch64"
            case .x86_64: "x86_64"
            }
        }

        /// The ELF `e_machine` value of a binary for this architecture.
        var elfMachine: UInt16 {
            switch self {
            case .arm64: 183
            case .x86_64: 62
            }
        }
    }

    @Option(help: "Target architecture (arm64 or x86_64); defaults to the host's.")
    var arch: Architecture?

    @Option(help: "Where to write bootstrap and the zip.")
    var out: String = "dist"

    @Option(help: "The Tandem package (or a package whose product is named tandem).")
    var packagePath: String = "."

    @Option(help: "A Swift SDK to build with, e.g. x86_64-swift-linux-musl (the Static Linux SDK).")
    var swiftSDK: String?

    @Flag(help: "Package the last release build without running swift build.")
    var skipBuild = false

    @Flag(help: "Link without the cold-start layout (function sections, deploy/bootstrap.order, no exports, no PIE).")
    var noLayout = false

    @Option(help: "Package the local embedding model (all-MiniLM-L6-v2): as DIR/model-layer.zip (a Lambda layer), inside the function zip, or not at all.")
    var localModel: LocalModelPackaging = .none

    @Option(help: "The model folder for --local-model (default: found like `tandem embed` finds it).")
    var modelPath: String?

    @Option(help: ArgumentHelp("Write the linker's map to this file (read by bench/coldstart/order.sh).", visibility: .hidden))
    var linkMap: String?

    func validate() throws {
        guard let host = Architecture.host else {
            throw ValidationError("Lambda runs arm64 and x86_64 only; this host is neither")
        }
        let target = self.arch ?? host
        if let swiftSDK {
            guard swiftSDK.hasPrefix(target.tripleName + "-") else {
                throw ValidationError(
                    "--swift-sdk \(swiftSDK) does not build for \(target.rawValue) "
                        + "(expected a name starting with \(target.tripleName)-)"
                )
            }
        } else if target != host {
            throw ValidationError(
                """
                cannot build \(target.rawValue) on this \(host.rawValue) host without a cross-compilation SDK. \
                Install the Static Linux SDK (musl) that matches your toolchain with `swift sdk install <url> \
                --checksum <sum>` (https://www.swift.org/documentation/articles/static-linux-getting-started.html), \
                then run `tandem package --arch \(target.rawValue) --swift-sdk \(target.tripleName)-swift-linux-musl`; \
                or run `tandem package` on an \(target.rawValue) machine. See docs/packaging.md.
                """
            )
        }
    }

    func run() throws {
        let target = self.arch ?? Architecture.host ?? .x86_64
        // The Static Linux SDK links everything statically already; glibc builds get libstdc++, SQLite and zlib
        // statically here.
        let staticLibraries = self.swiftSDK == nil && !self.skipBuild ? try self.staticLibrariesDirectory() : nil
        let layout = try self.skipBuild ? nil : self.bootstrapLayout()
        let buildArguments = self.buildArguments(
            staticLibrariesDirectory: staticLibraries?.directory,
            layout: layout
        )
        if let staticLibraries {
            for (name, archive) in staticLibraries.archives {
                printError("\(name): linked statically from \(archive)\n")
            }
            for name in staticLibraries.missing {
                printError("\(name): no static archive found, linked dynamically\n")
            }
        }
        if let layout {
            printError("layout: \(layout.describe())\n")
        }
        if !self.skipBuild {
            printError("building: swift \(buildArguments.joined(separator: " "))\n")
            let status = try Subprocess.run(["swift"] + buildArguments)
            guard status == 0 else {
                throw TandemError(.internal, "swift build failed (\(Subprocess.describe(status)))")
            }
        }
        let shown = try Subprocess.capture(["swift"] + buildArguments + ["--show-bin-path"])
        let binPath = shown.split(separator: "\n").last.map(String.init) ?? ""
        let built = binPath + "/tandem"
        let files = FileManager.default
        guard files.fileExists(atPath: built) else {
            throw TandemError(.notFound, "no release binary at \(built); run without --skip-build")
        }
        try Self.checkELF(at: built, architecture: target)

        try files.createDirectory(atPath: self.out, withIntermediateDirectories: true)
        let bootstrap = self.out + "/bootstrap"
        if files.fileExists(atPath: bootstrap) { try files.removeItem(atPath: bootstrap) }
        let stripper = try Self.strip(built, to: bootstrap)
        try files.setAttributes([.posixPermissions: 0o755], ofItemAtPath: bootstrap)
        try Self.checkELF(at: bootstrap, architecture: target)

        let zipPath = self.out + "/tandem-lambda-\(target.rawValue).zip"
        if files.fileExists(atPath: zipPath) { try files.removeItem(atPath: zipPath) }
        guard let contents = files.contents(atPath: bootstrap) else {
            throw TandemError(.internal, "\(bootstrap) cannot be read")
        }
        let bytes = [UInt8](contents)
        let foreign = try Self.neededLibraries(elf: bytes).filter { !Self.al2023Libraries.contains($0) }
        guard foreign.isEmpty else {
            throw TandemError(
                .invalidConfiguration,
                """
                \(bootstrap) needs shared libraries that provided.al2023 does not have: \
                \(foreign.joined(separator: ", ")); no zip written. Was the binary built without \
                --static-swift-stdlib? Run tandem package without --skip-build.
                """
            )
        }
        let needs = try Self.versionNeeds(elf: bytes)
        let tooNew = Self.tooNewForAL2023(needs)
        guard tooNew.isEmpty else {
            throw TandemError(
                .invalidConfiguration,
                """
                \(bootstrap) needs symbol versions that Amazon Linux 2023 (provided.al2023: glibc 2.34, \
                GLIBCXX_3.4.29) does not have, so Lambda's loader would refuse to start it; no zip written:
                \(tooNew.map { "  " + $0.description }.joined(separator: "\n"))
                Link those symbols from a static library or give the binary its own definitions (see \
                Sources/CTandemCompat), build on Amazon Linux 2023, or build with the Static Linux SDK: \
                --swift-sdk \(target.tripleName)-swift-linux-musl. See docs/packaging.md.
                """
            )
        }
        let method = try Self.zip(bootstrap, into: zipPath)

        let builtSize = try Self.size(of: built)
        let binarySize = try Self.size(of: bootstrap)
        let zipSize = try Self.size(of: zipPath)
        print("architecture: \(target.rawValue) (\(self.swiftSDK ?? "host toolchain, glibc"))")
        print("built:        \(built) \(Self.format(builtSize))")
        print("bootstrap:    \(bootstrap) \(Self.format(binarySize)) (stripped with \(stripper))")
        print("zip:          \(zipPath) \(Self.format(zipSize)) (\(method); bootstrap mode 0755)")
        let libraries = Set(needs.map(\.library)).sorted()
        if libraries.isEmpty {
            print("runtime:      no shared libraries' symbol versions needed (static)")
        } else {
            let newest = ["GLIBC_", "GLIBCXX_", "CXXABI_", "GCC_"].compactMap { Self.newest($0, in: needs) }
            print("runtime:      \(libraries.joined(separator: ", ")); newest \(newest.joined(separator: ", "))")
            print("              fits provided.al2023 (glibc 2.34, GLIBCXX_3.4.29)")
        }
        for line in try self.packageLocalModel(bootstrap: bootstrap, functionZip: zipPath) { print(line) }
    }

    /// The `swift build` arguments for the release bootstrap.
    /// - Parameters:
    ///   - staticLibrariesDirectory: A directory holding only static archives (`libstdc++.a`, `libsqlite3.a`,
    ///     `libz.a`), searched before the toolchain's and the system's directories so that the `-lstdc++`,
    ///     `-lsqlite3` and `-lz` of the link line resolve to the archives.
    ///   - layout: The hot-code layout flags (function sections, link order, no exported symbols, no PIE).
    func buildArguments(staticLibrariesDirectory: String? = nil, layout: BootstrapLayout? = nil) -> [String] {
        var arguments = [
            "build", "-c", "release", "--product", "tandem", "--package-path", self.packagePath,
            // Its own build folder: the layout flags differ from a plain release build's, and sharing `.build`
            // would rebuild everything each time one alternates between the two.
            "--scratch-path", self.scratchPath,
        ]
        if let swiftSDK {
            // The Static Linux SDK links everything, libc (musl) included, statically.
            arguments += ["--swift-sdk", swiftSDK]
        } else {
            arguments += ["--static-swift-stdlib"]
            if let staticLibrariesDirectory {
                // swiftc passes -L to clang ahead of the toolchain's library directories; -Xlinker -L would come
                // after them, where the linker has already found libstdc++.so.
                arguments += ["-Xswiftc", "-L" + staticLibrariesDirectory]
            }
        }
        if let layout {
            arguments += layout.arguments(linker: self.swiftSDK == nil ? .gold : .lld)
        }
        return arguments
    }

    /// The build folder of `tandem package`: `<package>/.build-package`.
    var scratchPath: String {
        self.absolutePackagePath + "/.build-package"
    }

    /// The package path made absolute.
    var absolutePackagePath: String {
        self.packagePath.hasPrefix("/")
            ? self.packagePath : FileManager.default.currentDirectoryPath + "/" + self.packagePath
    }

    /// The libraries linked from static archives when the archives are installed, so the bootstrap needs nothing
    /// that `provided.al2023` may lack: libstdc++ (AL2023's is older than Debian 12's), SQLite and zlib (not in
    /// the minimal image Lambda's runtime is built on).
    static let staticArchives = ["libstdc++.a", "libsqlite3.a", "libz.a"]

    /// Makes `<package>/.build-package/static-libraries/`, holding links to the static archives of
    /// ``staticArchives`` that a compiler knows.
    ///
    /// `--static-swift-stdlib` links the Swift runtime statically but asks for `-lstdc++`, which the linker resolves
    /// to `libstdc++.so.6`: this machine's (GCC 12, `GLIBCXX_3.4.30`) is newer than Amazon Linux 2023's (GCC 11). A
    /// directory with only archives in it, searched first, makes the same `-lstdc++` (and `-lsqlite3`, `-lz`) link
    /// the archives.
    /// - Returns: The directory, the archives linked into it, and the libraries without an archive.
    func staticLibrariesDirectory() throws -> (directory: String, archives: [(String, String)], missing: [String])? {
        let directory = self.scratchPath + "/static-libraries"
        let files = FileManager.default
        try files.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var archives: [(String, String)] = []
        var missing: [String] = []
        for name in Self.staticArchives {
            guard let archive = Self.findArchive(name) else {
                missing.append(name)
                continue
            }
            let link = directory + "/" + name
            if (try? files.destinationOfSymbolicLink(atPath: link)) != archive {
                try? files.removeItem(atPath: link)
                try files.createSymbolicLink(atPath: link, withDestinationPath: archive)
            }
            archives.append((name, archive))
        }
        return archives.isEmpty ? nil : (directory, archives, missing)
    }

    /// The path of a static archive as the C compilers find it (`clang -print-file-name=NAME`, then `g++`, `c++`).
    static func findArchive(_ name: String) -> String? {
        for compiler in ["clang", "g++", "c++"] {
            let answer = try? Subprocess.capture([compiler, "-print-file-name=" + name], quietErrors: true)
            let path = answer?.split(separator: "\n").first.map(String.init) ?? ""
            // An unknown file is echoed back as given, without a directory.
            if path.hasPrefix("/"), FileManager.default.fileExists(atPath: path) {
                return path
            }
        }
        return nil
    }

    /// Writes a stripped copy of `source` to `destination`.
    /// - Returns: The tool that stripped it.
    /// - Throws: ``TandemError`` when no strip tool works.
    static func strip(_ source: String, to destination: String) throws -> String {
        // llvm-strip and llvm-objcopy understand every architecture; binutils' strip only its host's.
        let candidates: [[String]] = [
            ["llvm-strip", "--strip-all", "-o", destination, source],
            ["llvm-objcopy", "--strip-all", source, destination],
            ["strip", "--strip-all", "-o", destination, source],
        ]
        for candidate in candidates {
            if let status = try? Subprocess.run(candidate, quiet: true), status == 0 {
                return candidate[0]
            }
        }
        throw TandemError(.notFound, "no working strip tool (llvm-strip, llvm-objcopy or strip) on PATH")
    }

    /// Zips `bootstrap` into `zipPath`, with `zip` when it is installed (deflate), else a stored zip written here.
    /// - Returns: A description of the method used.
    static func zip(_ bootstrap: String, into zipPath: String) throws -> String {
        if let status = try? Subprocess.run(["zip", "-q", "-X", "-9", "-j", zipPath, bootstrap], quiet: true),
            status == 0
        {
            return "deflate, zip"
        }
        let contents = try Data(contentsOf: URL(fileURLWithPath: bootstrap))
        var archive = StoredZipArchive()
        archive.add(name: "bootstrap", contents: [UInt8](contents), mode: 0o100755)
        try Data(archive.bytes()).write(to: URL(fileURLWithPath: zipPath))
        return "stored, no `zip` on PATH (apt-get install zip for a smaller file)"
    }

    /// Checks that `path` is a 64-bit little-endian ELF executable for `architecture`.
    static func checkELF(at path: String, architecture: Architecture) throws {
        guard let handle = FileManager.default.contents(atPath: path), handle.count >= 20 else {
            throw TandemError(.internal, "\(path) cannot be read")
        }
        let header = [UInt8](handle.prefix(20))
        guard header[0 ..< 4] == [0x7F, 0x45, 0x4C, 0x46], header[4] == 2, header[5] == 1 else {
            throw TandemError(.internal, "\(path) is not a 64-bit little-endian ELF binary")
        }
        let machine = UInt16(header[18]) | UInt16(header[19]) << 8
        guard machine == architecture.elfMachine else {
            throw TandemError(
                .internal,
                "\(path) is not an \(architecture.rawValue) binary (ELF machine \(machine))"
            )
        }
    }

    static func size(of path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.size] as? Int) ?? Int((attributes[.size] as? UInt64) ?? 0)
    }

    static func format(_ bytes: Int) -> String {
        let mebibytes = Double(bytes) / 1_048_576
        let rounded = (mebibytes * 10).rounded() / 10
        return "\(bytes) bytes (\(rounded) MiB)"
    }
}

extension PackageCommand {
    /// A zip archive of stored (uncompressed) entries with Unix permissions, as Lambda reads them.
    ///
    /// Lambda takes a file's mode from the upper 16 bits of the central directory's external attributes when the
    /// "version made by" host is Unix (3). Times are fixed (1980-01-01) so the same input gives the same bytes.
    struct StoredZipArchive {
        private struct Entry {
            var name: [UInt8]
            var contents: [UInt8]
            var mode: UInt32
            var crc: UInt32
            var offset: Int
        }

        private var entries: [Entry] = []
        private var size = 0

        /// Adds a file.
        /// - Parameters:
        ///   - name: The path inside the archive.
        ///   - contents: The file's bytes (at most 4 GiB: no ZIP64).
        ///   - mode: The full Unix mode, file type included (`0o100755` for an executable).
        mutating func add(name: String, contents: [UInt8], mode: UInt32) {
            let entry = Entry(
                name: Array(name.utf8),
                contents: contents,
                mode: mode,
                crc: CRC32.checksum(contents),
                offset: self.size
            )
            self.size += 30 + entry.name.count + contents.count
            self.entries.append(entry)
        }

        /// The archive's bytes: local headers with data, the central directory, the end record.
        func bytes() -> [UInt8] {
            var out: [UInt8] = []
            out.reserveCapacity(self.size + self.entries.count * 100 + 22)
            for entry in self.entries {
                out.appendLE(UInt32(0x0403_4B50))
                out.appendLE(UInt16(20))  // version needed: 2.0
                out.appendLE(UInt16(0))  // flags
                out.appendLE(UInt16(0))  // method: stored
                out.appendLE(UInt16(0))  // time 00:00:00
                out.appendLE(UInt16(0x21))  // date 1980-01-01
                out.appendLE(entry.crc)
                out.appendLE(UInt32(entry.contents.count))
                out.appendLE(UInt32(entry.contents.count))
                out.appendLE(UInt16(entry.name.count))
                out.appendLE(UInt16(0))  // extra length
                out += entry.name
                out += entry.contents
            }
            let directoryStart = out.count
            for entry in self.entries {
                out.appendLE(UInt32(0x0201_4B50))
                out.appendLE(UInt16(3 << 8 | 20))  // made by: Unix, 2.0
                out.appendLE(UInt16(20))
                out.appendLE(UInt16(0))
                out.appendLE(UInt16(0))
                out.appendLE(UInt16(0))
                out.appendLE(UInt16(0x21))
                out.appendLE(entry.crc)
                out.appendLE(UInt32(entry.contents.count))
                out.appendLE(UInt32(entry.contents.count))
                out.appendLE(UInt16(entry.name.count))
                out.appendLE(UInt16(0))  // extra length
                out.appendLE(UInt16(0))  // comment length
                out.appendLE(UInt16(0))  // disk number
                out.appendLE(UInt16(0))  // internal attributes
                out.appendLE(entry.mode << 16)  // external attributes: Unix mode
                out.appendLE(UInt32(entry.offset))
                out += entry.name
            }
            let directorySize = out.count - directoryStart
            out.appendLE(UInt32(0x0605_4B50))
            out.appendLE(UInt16(0))
            out.appendLE(UInt16(0))
            out.appendLE(UInt16(self.entries.count))
            out.appendLE(UInt16(self.entries.count))
            out.appendLE(UInt32(directorySize))
            out.appendLE(UInt32(directoryStart))
            out.appendLE(UInt16(0))  // comment length
            return out
        }
    }

    /// CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320), as zip uses it.
    enum CRC32 {
        private static let table: [UInt32] = (0 ..< 256).map { index in
            var value = UInt32(index)
            for _ in 0 ..< 8 { value = value & 1 == 1 ? (value >> 1) ^ 0xEDB8_8320 : value >> 1 }
            return value
        }

        static func checksum(_ bytes: [UInt8]) -> UInt32 {
            var crc: UInt32 = 0xFFFF_FFFF
            for byte in bytes { crc = Self.table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
            return crc ^ 0xFFFF_FFFF
        }
    }

    /// Starts programs with `posix_spawnp` (Foundation's `Process` would link full Foundation, and ICU with it).
    enum Subprocess {
        /// Runs `arguments` with this process's standard streams (or none, when `quiet`) and waits for it.
        /// - Returns: The raw `waitpid` status.
        /// - Throws: ``TandemError`` when the program cannot be started.
        static func run(_ arguments: [String], quiet: Bool = false) throws -> Int32 {
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            if quiet {
                posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
                posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
            }
            let pid = try Self.spawn(arguments, actions: &actions)
            return Self.wait(pid)
        }

        /// Runs `arguments` and returns its standard output (standard error passes through).
        /// - Throws: ``TandemError`` when it cannot be started or exits non-zero.
        static func capture(_ arguments: [String], quietErrors: Bool = false) throws -> String {
            var pipeEnds: [Int32] = [0, 0]
            guard pipe(&pipeEnds) == 0 else {
                throw TandemError(.internal, "pipe: \(String(cString: strerror(errno)))")
            }
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 1)
            posix_spawn_file_actions_addclose(&actions, pipeEnds[0])
            if quietErrors { posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0) }
            let pid: pid_t
            do {
                pid = try Self.spawn(arguments, actions: &actions)
            } catch {
                close(pipeEnds[0])
                close(pipeEnds[1])
                throw error
            }
            close(pipeEnds[1])
            var output: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(pipeEnds[0], $0.baseAddress, $0.count) }
                if count > 0 {
                    output += buffer[0 ..< count]
                } else if count == 0 || errno != EINTR {
                    break
                }
            }
            close(pipeEnds[0])
            let status = Self.wait(pid)
            guard status == 0 else {
                let command = arguments.joined(separator: " ")
                throw TandemError(.internal, "\(command) failed (\(Self.describe(status)))")
            }
            return String(decoding: output, as: UTF8.self)
        }

        /// A `waitpid` status in words.
        static func describe(_ status: Int32) -> String {
            let signal = status & 0x7F
            return signal == 0 ? "exit status \((status >> 8) & 0xFF)" : "signal \(signal)"
        }

        private static func spawn(
            _ arguments: [String],
            actions: inout posix_spawn_file_actions_t
        ) throws -> pid_t {
            let cArguments = arguments.map { strdup($0) } + [nil]
            defer { cArguments.forEach { free($0) } }
            var pid: pid_t = 0
            let result = posix_spawnp(&pid, arguments[0], &actions, nil, cArguments, environ)
            guard result == 0 else {
                let reason = String(cString: strerror(result))
                throw TandemError(.internal, "cannot start \(arguments[0]): \(reason)")
            }
            return pid
        }

        private static func wait(_ pid: pid_t) -> Int32 {
            var status: Int32 = 0
            while waitpid(pid, &status, 0) == -1 {
                if errno != EINTR { return -1 }
            }
            return status
        }
    }
}

extension [UInt8] {
    fileprivate mutating func appendLE(_ value: UInt16) {
        self.append(UInt8(truncatingIfNeeded: value))
        self.append(UInt8(truncatingIfNeeded: value >> 8))
    }

    fileprivate mutating func appendLE(_ value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { self.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }
}

private func printError(_ text: String) {
    var text = text
    text.withUTF8 { buffer in _ = write(2, buffer.baseAddress, buffer.count) }
}
