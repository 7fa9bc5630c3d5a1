/// One result row copied out of a statement: its values in column order, readable by index or column name.
public struct SQLiteRow: Sendable, Hashable {
    /// The column names, in order.
    public let columns: [String]
    /// The values, in column order.
    public let values: [SQLiteValue]

    /// Creates a row.
    public init(columns: [String], values: [SQLiteValue]) {
        self.columns = columns
        self.values = values
    }

    /// The value at `index` (0-based).
    public subscript(index: Int) -> SQLiteValue { self.values[index] }

    /// The value of the first column named `name`, or `.null` when there is no such column.
    public subscript(name: String) -> SQLiteValue {
        guard let index = self.columns.firstIndex(of: name) else { return .null }
        return self.values[index]
    }
}
