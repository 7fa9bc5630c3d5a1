#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The sizes of what `tandem package` wrote, for `tandem infra`'s unzipped-size budget.
struct PackagedSizes {
    /// `DIR/bootstrap` in MiB, if it exists.
    var bootstrapMB: Double?
    /// `DIR/model-layer.zip` in MiB, if it exists.
    var modelLayerMB: Double?

    /// Reads the sizes in `directory` (`dist` by default in the command).
    init(directory: String) {
        func mebibytes(_ path: String) -> Double? {
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return nil }
            let bytes = (attributes[.size] as? Int) ?? Int((attributes[.size] as? UInt64) ?? 0)
            return bytes > 0 ? Double(bytes) / 1_048_576 : nil
        }
        self.bootstrapMB = mebibytes(directory + "/bootstrap")
        self.modelLayerMB = mebibytes(directory + "/model-layer.zip")
    }
}
