// The TandemModels module. See docs/ARCHITECTURE.md for what it holds.
