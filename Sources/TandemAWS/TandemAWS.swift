// The TandemAWS module. See docs/ARCHITECTURE.md for what it holds.
