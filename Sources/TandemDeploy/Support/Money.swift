/// Formats numbers for people without Foundation's locale machinery (keeps ICU out of the binary).
package enum Money {
    /// `$1,234.56`; amounts under a cent but above zero print as `<$0.01`.
    package static func format(_ amount: Double) -> String {
        if amount > 0 && amount < 0.005 { return "<$0.01" }
        let cents = Int64((amount * 100).rounded())
        let sign = cents < 0 ? "-" : ""
        let absolute = Swift.abs(cents)
        let fraction = absolute % 100
        return "\(sign)$\(Self.grouped(absolute / 100)).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    /// `1,234,567` for whole numbers; large values as `1.2M`, `3.4B` when `compact`.
    package static func count(_ value: Double, compact: Bool = false) -> String {
        if compact {
            let units: [(Double, String)] = [(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")]
            for (scale, suffix) in units where value >= scale {
                return Self.decimal(value / scale, digits: value / scale >= 100 ? 0 : 1) + suffix
            }
        }
        return Self.grouped(Int64(value.rounded()))
    }

    /// `value` with `digits` decimals, trailing zeros removed.
    package static func decimal(_ value: Double, digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = Int64((value * scale).rounded())
        let whole = scaled / Int64(scale)
        var fraction = String(Swift.abs(scaled) % Int64(scale))
        while fraction.count < digits { fraction = "0" + fraction }
        while fraction.hasSuffix("0") { fraction.removeLast() }
        let sign = scaled < 0 && whole == 0 ? "-" : ""
        return fraction.isEmpty ? "\(sign)\(whole)" : "\(sign)\(whole).\(fraction)"
    }

    static func grouped(_ value: Int64) -> String {
        let digits = String(Swift.abs(value))
        var result = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(character)
        }
        return (value < 0 ? "-" : "") + result
    }
}
