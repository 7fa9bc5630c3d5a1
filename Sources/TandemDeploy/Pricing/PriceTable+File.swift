import TandemCore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension PriceTable {
    /// Reads a price table from a JSON file.
    ///
    /// - Parameter path: The file, shaped like `tandem advise --print-prices` prints it.
    /// - Returns: The table.
    /// - Throws: ``TandemError`` naming the file and the field at fault.
    public static func load(path: String) throws -> PriceTable {
        do {
            return try PriceTable.decode(Data(try FileIO.read(path).utf8))
        } catch let error as TandemError {
            throw TandemError(error.code, "\(path): \(error.message)")
        }
    }
}
