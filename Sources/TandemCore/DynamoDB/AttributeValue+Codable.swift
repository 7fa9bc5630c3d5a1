#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension AttributeValue: Codable {
    /// Decodes DynamoDB's wire form: an object with exactly one type descriptor key.
    ///
    /// - Throws: `DecodingError.dataCorrupted` when the object has no type key, more than one, an unknown one,
    ///   `NULL` other than `true`, a number that is not decimal text or binary that is not base64;
    ///   `DecodingError.typeMismatch` when a value has the wrong JSON type. The error's coding path names the
    ///   offending attribute (for example `NewImage.Payload.B`).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: TypeKey.self)
        let keys = container.allKeys
        guard keys.count == 1, let key = keys.first else {
            let found = keys.map(\.stringValue).sorted().joined(separator: ", ")
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription: keys.isEmpty
                        ? "a DynamoDB attribute value needs one type key (S, N, B, SS, NS, BS, M, L, NULL, BOOL)"
                        : "a DynamoDB attribute value has exactly one type key, found \(keys.count): \(found)"
                )
            )
        }
        switch key.stringValue {
        case "S":
            self = .string(try container.decode(String.self, forKey: key))
        case "N":
            self = .number(try container.decode(Number.self, forKey: key))
        case "B":
            self = .binary(try Self.decodeBase64(container.decode(String.self, forKey: key), in: container, key: key))
        case "SS":
            self = .stringSet(try container.decode([String].self, forKey: key))
        case "NS":
            self = .numberSet(try container.decode([Number].self, forKey: key))
        case "BS":
            var elements = try container.nestedUnkeyedContainer(forKey: key)
            var values: [Data] = []
            while !elements.isAtEnd {
                let index = elements.currentIndex
                let text = try elements.decode(String.self)
                guard let bytes = Data(base64Encoded: text) else {
                    throw DecodingError.dataCorrupted(
                        .init(
                            codingPath: elements.codingPath + [TypeKey(index: index)],
                            debugDescription: "a DynamoDB binary value must be base64"
                        )
                    )
                }
                values.append(bytes)
            }
            self = .binarySet(values)
        case "M":
            self = .map(try container.decode([String: AttributeValue].self, forKey: key))
        case "L":
            self = .list(try container.decode([AttributeValue].self, forKey: key))
        case "NULL":
            guard try container.decode(Bool.self, forKey: key) else {
                throw DecodingError.dataCorruptedError(
                    forKey: key,
                    in: container,
                    debugDescription: "a DynamoDB NULL value must be true"
                )
            }
            self = .null
        case "BOOL":
            self = .bool(try container.decode(Bool.self, forKey: key))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: key,
                in: container,
                debugDescription: "unknown DynamoDB type key; expected one of S, N, B, SS, NS, BS, M, L, NULL, BOOL"
            )
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: TypeKey.self)
        let key = TypeKey(stringValue: self.typeDescriptor)
        switch self {
        case .string(let value): try container.encode(value, forKey: key)
        case .number(let value): try container.encode(value, forKey: key)
        case .binary(let value): try container.encode(value.base64EncodedString(), forKey: key)
        case .stringSet(let value): try container.encode(value, forKey: key)
        case .numberSet(let value): try container.encode(value, forKey: key)
        case .binarySet(let value): try container.encode(value.map { $0.base64EncodedString() }, forKey: key)
        case .map(let value): try container.encode(value, forKey: key)
        case .list(let value): try container.encode(value, forKey: key)
        case .null: try container.encode(true, forKey: key)
        case .bool(let value): try container.encode(value, forKey: key)
        }
    }

    private static func decodeBase64(
        _ text: String,
        in container: KeyedDecodingContainer<TypeKey>,
        key: TypeKey
    ) throws -> Data {
        guard let bytes = Data(base64Encoded: text) else {
            throw DecodingError.dataCorruptedError(
                forKey: key,
                in: container,
                debugDescription: "a DynamoDB binary value must be base64"
            )
        }
        return bytes
    }

    /// A type descriptor key (`S`, `N`, ...), or an index inside a set when reporting an error.
    struct TypeKey: CodingKey {
        let stringValue: String
        let intValue: Int?

        init(stringValue: String) {
            self.stringValue = stringValue
            self.intValue = nil
        }

        init(intValue: Int) {
            self.init(index: intValue)
        }

        init(index: Int) {
            self.stringValue = "Index \(index)"
            self.intValue = index
        }
    }
}
