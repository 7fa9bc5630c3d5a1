import TandemApp

/// The handler table this binary serves on its embedded defaults.
enum DefaultApp {
    static func table() -> HandlerTable {
        var table = HandlerTable()
        table.addBuiltinRoutes()
        table.addBuiltinEventHandlers()
        return table
    }
}
