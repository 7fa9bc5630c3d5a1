import Testing

@testable import TandemSQLite

@Suite("SQLite errors")
struct SQLiteErrorTests {
    @Test("extended codes map to their primary code, busy and constraint flags")
    func classification() {
        let constraintUnique = SQLiteError(resultCode: 2067, message: "UNIQUE constraint failed: keys.id")
        #expect(constraintUnique.primaryResultCode == 19)
        #expect(constraintUnique.isConstraintViolation)
        #expect(!constraintUnique.isBusy)
        let busySnapshot = SQLiteError(resultCode: 517, message: "database is locked")
        #expect(busySnapshot.isBusy)
        #expect(SQLiteError(resultCode: 1, message: "x", sql: "SELECT 1").description == "SQLite error 1: x (in: SELECT 1)")
    }
}
