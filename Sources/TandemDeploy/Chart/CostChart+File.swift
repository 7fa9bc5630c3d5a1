extension CostChart {
    /// Writes the SVG, and a PNG beside it (same name, `.png`) when a converter is installed.
    ///
    /// - Parameter path: The SVG file to write; a path ending in `.png` writes the SVG beside it too.
    /// - Returns: The paths written.
    /// - Throws: ``TandemError`` if the SVG cannot be written.
    public func write(to path: String) throws -> [String] {
        let base = path.hasSuffix(".svg") || path.hasSuffix(".png") ? String(path.dropLast(4)) : path
        let svgPath = base + ".svg"
        try FileIO.write(self.svg(), to: svgPath)
        var written = [svgPath]
        if PNGConverter.convert(svg: svgPath, png: base + ".png") != nil { written.append(base + ".png") }
        return written
    }
}
