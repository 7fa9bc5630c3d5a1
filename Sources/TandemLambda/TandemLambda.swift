// The TandemLambda module. See docs/ARCHITECTURE.md for what it holds.
