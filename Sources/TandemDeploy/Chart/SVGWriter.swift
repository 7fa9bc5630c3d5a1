/// A small SVG writer: shapes and text appended in order, attribute values escaped.
package struct SVGWriter: Sendable {
    package var width: Double
    package var height: Double
    private var body: [String] = []

    package init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    package mutating func rect(
        x: Double,
        y: Double,
        width: Double,
        height: Double,
        fill: String = "none",
        stroke: String? = nil
    ) {
        var element =
            "<rect x=\"\(Self.n(x))\" y=\"\(Self.n(y))\" width=\"\(Self.n(width))\" height=\"\(Self.n(height))\" fill=\"\(fill)\""
        if let stroke { element += " stroke=\"\(stroke)\"" }
        self.body.append(element + "/>")
    }

    package mutating func line(
        x1: Double,
        y1: Double,
        x2: Double,
        y2: Double,
        stroke: String,
        dash: String? = nil
    ) {
        var element =
            "<line x1=\"\(Self.n(x1))\" y1=\"\(Self.n(y1))\" x2=\"\(Self.n(x2))\" y2=\"\(Self.n(y2))\" stroke=\"\(stroke)\""
        if let dash { element += " stroke-dasharray=\"\(dash)\"" }
        self.body.append(element + "/>")
    }

    package mutating func polyline(_ points: [(Double, Double)], stroke: String, width: Double, dash: String? = nil) {
        let list = points.map { "\(Self.n($0.0)),\(Self.n($0.1))" }.joined(separator: " ")
        var element =
            "<polyline points=\"\(list)\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(Self.n(width))\""
        element += " stroke-linejoin=\"round\" stroke-linecap=\"round\""
        if let dash { element += " stroke-dasharray=\"\(dash)\"" }
        self.body.append(element + "/>")
    }

    package mutating func circle(cx: Double, cy: Double, r: Double, fill: String, stroke: String) {
        self.body.append(
            "<circle cx=\"\(Self.n(cx))\" cy=\"\(Self.n(cy))\" r=\"\(Self.n(r))\" fill=\"\(fill)\" stroke=\"\(stroke)\" stroke-width=\"1.5\"/>"
        )
    }

    package mutating func text(
        _ content: String,
        x: Double,
        y: Double,
        size: Double,
        anchor: String = "start",
        weight: String = "400",
        fill: String = "#222222",
        rotate: Double? = nil
    ) {
        var element =
            "<text x=\"\(Self.n(x))\" y=\"\(Self.n(y))\" font-size=\"\(Self.n(size))\" text-anchor=\"\(anchor)\""
        element += " font-weight=\"\(weight)\" fill=\"\(fill)\""
        if let rotate { element += " transform=\"rotate(\(Self.n(rotate)) \(Self.n(x)) \(Self.n(y)))\"" }
        self.body.append(element + ">\(Self.escape(content))</text>")
    }

    package func document() -> String {
        let header =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Self.n(self.width))\" height=\"\(Self.n(self.height))\" "
            + "viewBox=\"0 0 \(Self.n(self.width)) \(Self.n(self.height))\" "
            + "font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\">"
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + header + "\n" + self.body.joined(separator: "\n")
            + "\n</svg>\n"
    }

    static func n(_ value: Double) -> String { Money.decimal(value, digits: 1) }

    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }
}
