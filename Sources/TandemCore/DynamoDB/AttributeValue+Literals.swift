extension AttributeValue: ExpressibleByStringLiteral {
    /// An `S` value.
    public init(stringLiteral value: String) { self = .string(value) }
}

extension AttributeValue: ExpressibleByIntegerLiteral {
    /// An `N` value, exact.
    public init(integerLiteral value: Int64) { self = .number(Number(value)) }
}

extension AttributeValue: ExpressibleByBooleanLiteral {
    /// A `BOOL` value.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension AttributeValue: ExpressibleByArrayLiteral {
    /// An `L` value.
    public init(arrayLiteral elements: AttributeValue...) { self = .list(elements) }
}

extension AttributeValue: ExpressibleByDictionaryLiteral {
    /// An `M` value; a repeated key keeps its last value.
    public init(dictionaryLiteral elements: (String, AttributeValue)...) {
        self = .map(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}

extension AttributeValue: ExpressibleByNilLiteral {
    /// The `NULL` value.
    public init(nilLiteral: ()) { self = .null }
}
