#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import TandemCore

/// Encodes an `Encodable` value straight into a ``TandemCore/JSONValue`` tree, without going through JSON text
/// (`JSONEncoder` then parsing costs tens of microseconds per SQS message; this costs a few).
///
/// The tree is the one `JSONEncoder` with its default strategies would write: `Date` as seconds since 2001
/// (`deferredToDate`), `Data` as base64, `URL` as its absolute string, non-finite doubles refused; so the
/// canonical JSON of the result equals that of the encoder's output parsed back.
struct JSONValueEncoder {
    func encode(_ value: some Encodable) throws -> JSONValue {
        try Self.box(value, codingPath: [])
    }

    static func box(_ value: some Encodable, codingPath: [any CodingKey]) throws -> JSONValue {
        switch value {
        case let date as Date: return .double(date.timeIntervalSinceReferenceDate)
        case let data as Data: return .string(data.base64EncodedString())
        case let url as URL: return .string(url.absoluteString)
        case let json as JSONValue: return json
        default:
            let encoder = Encoder(codingPath: codingPath)
            try value.encode(to: encoder)
            return encoder.storage.value ?? .object([:])
        }
    }

    /// Where an encoder's value accumulates; containers share it by reference.
    final class Storage {
        enum Node {
            case value(JSONValue)
            case object(Storage.Object)
            case array(Storage.Array)
        }

        final class Object {
            var fields: [String: Storage] = [:]
        }

        final class Array {
            var elements: [Storage] = []
        }

        var node: Node?

        var value: JSONValue? {
            switch self.node {
            case .none: return nil
            case .value(let value): return value
            case .object(let object): return .object(object.fields.compactMapValues { $0.value })
            case .array(let array): return .array(array.elements.map { $0.value ?? .null })
            }
        }

        func object() -> Object {
            if case .object(let object) = self.node { return object }
            let object = Object()
            self.node = .object(object)
            return object
        }

        func array() -> Array {
            if case .array(let array) = self.node { return array }
            let array = Array()
            self.node = .array(array)
            return array
        }
    }

    final class Encoder: Swift.Encoder {
        let codingPath: [any CodingKey]
        let userInfo: [CodingUserInfoKey: Any] = [:]
        let storage: Storage

        init(codingPath: [any CodingKey], storage: Storage = Storage()) {
            self.codingPath = codingPath
            self.storage = storage
        }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            KeyedEncodingContainer(Keyed(codingPath: self.codingPath, object: self.storage.object()))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            Unkeyed(codingPath: self.codingPath, array: self.storage.array())
        }

        func singleValueContainer() -> any SingleValueEncodingContainer {
            Single(codingPath: self.codingPath, storage: self.storage)
        }
    }

    static func number(_ value: some BinaryInteger) -> JSONValue {
        Int64(exactly: value).map(JSONValue.integer) ?? .double(Double(value))
    }

    static func double(_ value: Double, codingPath: [any CodingKey]) throws -> JSONValue {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, .init(codingPath: codingPath, debugDescription: "not a finite number"))
        }
        return .double(value)
    }

    struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let codingPath: [any CodingKey]
        let object: Storage.Object

        private func set(_ value: JSONValue, _ key: Key) {
            let storage = Storage()
            storage.node = .value(value)
            self.object.fields[key.stringValue] = storage
        }

        mutating func encodeNil(forKey key: Key) throws { self.set(.null, key) }
        mutating func encode(_ value: Bool, forKey key: Key) throws { self.set(.bool(value), key) }
        mutating func encode(_ value: String, forKey key: Key) throws { self.set(.string(value), key) }
        mutating func encode(_ value: Double, forKey key: Key) throws {
            self.set(try JSONValueEncoder.double(value, codingPath: self.codingPath + [key]), key)
        }
        mutating func encode(_ value: Float, forKey key: Key) throws {
            self.set(try JSONValueEncoder.double(Double(value), codingPath: self.codingPath + [key]), key)
        }
        mutating func encode(_ value: Int, forKey key: Key) throws { self.set(JSONValueEncoder.number(value), key) }
        mutating func encode(_ value: Int8, forKey key: Key) throws { self.set(JSONValueEncoder.number(value), key) }
        mutating func encode(_ value: Int16, forKey key: Key) throws { self.set(JSONValueEncoder.number(value), key) }
        mutating func encode(_ value: Int32, forKey key: Key) throws { self.set(JSONValueEncoder.number(value), key) }
        mutating func encode(_ value: Int64, forKey key: Key) throws { self.set(JSONValueEncoder.number(value), key) }
        mutating func encode(_ value: UInt, forKey key: Key) throws { self.set(JSONValueEncoder.number(value), key) }
        mutating func encode(_ value: UInt8, forKey key: Key) throws { self.set(JSONValueEncoder.number(value), key) }
        mutating func encode(_ value: UInt16, forKey key: Key) throws { self.set(JSONValueEncoder.number(value), key) }
        mutating func encode(_ value: UInt32, forKey key: Key) throws { self.set(JSONValueEncoder.number(value), key) }
        mutating func encode(_ value: UInt64, forKey key: Key) throws { self.set(JSONValueEncoder.number(value), key) }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            self.set(try JSONValueEncoder.box(value, codingPath: self.codingPath + [key]), key)
        }

        mutating func nestedContainer<NestedKey: CodingKey>(
            keyedBy keyType: NestedKey.Type,
            forKey key: Key
        ) -> KeyedEncodingContainer<NestedKey> {
            let storage = Storage()
            self.object.fields[key.stringValue] = storage
            return KeyedEncodingContainer(Keyed<NestedKey>(codingPath: self.codingPath + [key], object: storage.object()))
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            let storage = Storage()
            self.object.fields[key.stringValue] = storage
            return Unkeyed(codingPath: self.codingPath + [key], array: storage.array())
        }

        mutating func superEncoder() -> any Swift.Encoder { self.superEncoder(forKey: Key(stringValue: "super")!) }

        mutating func superEncoder(forKey key: Key) -> any Swift.Encoder {
            let storage = Storage()
            self.object.fields[key.stringValue] = storage
            return Encoder(codingPath: self.codingPath + [key], storage: storage)
        }
    }

    struct Unkeyed: UnkeyedEncodingContainer {
        let codingPath: [any CodingKey]
        let array: Storage.Array
        var count: Int { self.array.elements.count }

        private struct Index: CodingKey {
            var stringValue: String { String(self.intValue ?? 0) }
            var intValue: Int?
            init(_ index: Int) { self.intValue = index }
            init?(stringValue: String) { nil }
            init?(intValue: Int) { self.intValue = intValue }
        }

        private func append(_ value: JSONValue) {
            let storage = Storage()
            storage.node = .value(value)
            self.array.elements.append(storage)
        }

        mutating func encodeNil() throws { self.append(.null) }
        mutating func encode(_ value: Bool) throws { self.append(.bool(value)) }
        mutating func encode(_ value: String) throws { self.append(.string(value)) }
        mutating func encode(_ value: Double) throws {
            self.append(try JSONValueEncoder.double(value, codingPath: self.codingPath + [Index(self.count)]))
        }
        mutating func encode(_ value: Float) throws {
            self.append(try JSONValueEncoder.double(Double(value), codingPath: self.codingPath + [Index(self.count)]))
        }
        mutating func encode(_ value: Int) throws { self.append(JSONValueEncoder.number(value)) }
        mutating func encode(_ value: Int8) throws { self.append(JSONValueEncoder.number(value)) }
        mutating func encode(_ value: Int16) throws { self.append(JSONValueEncoder.number(value)) }
        mutating func encode(_ value: Int32) throws { self.append(JSONValueEncoder.number(value)) }
        mutating func encode(_ value: Int64) throws { self.append(JSONValueEncoder.number(value)) }
        mutating func encode(_ value: UInt) throws { self.append(JSONValueEncoder.number(value)) }
        mutating func encode(_ value: UInt8) throws { self.append(JSONValueEncoder.number(value)) }
        mutating func encode(_ value: UInt16) throws { self.append(JSONValueEncoder.number(value)) }
        mutating func encode(_ value: UInt32) throws { self.append(JSONValueEncoder.number(value)) }
        mutating func encode(_ value: UInt64) throws { self.append(JSONValueEncoder.number(value)) }
        mutating func encode<T: Encodable>(_ value: T) throws {
            self.append(try JSONValueEncoder.box(value, codingPath: self.codingPath + [Index(self.count)]))
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            let storage = Storage()
            let path = self.codingPath + [Index(self.count)]
            self.array.elements.append(storage)
            return KeyedEncodingContainer(Keyed<NestedKey>(codingPath: path, object: storage.object()))
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            let storage = Storage()
            let path = self.codingPath + [Index(self.count)]
            self.array.elements.append(storage)
            return Unkeyed(codingPath: path, array: storage.array())
        }

        mutating func superEncoder() -> any Swift.Encoder {
            let storage = Storage()
            let path = self.codingPath + [Index(self.count)]
            self.array.elements.append(storage)
            return Encoder(codingPath: path, storage: storage)
        }
    }

    struct Single: SingleValueEncodingContainer {
        let codingPath: [any CodingKey]
        let storage: Storage

        private func set(_ value: JSONValue) { self.storage.node = .value(value) }

        mutating func encodeNil() throws { self.set(.null) }
        mutating func encode(_ value: Bool) throws { self.set(.bool(value)) }
        mutating func encode(_ value: String) throws { self.set(.string(value)) }
        mutating func encode(_ value: Double) throws { self.set(try JSONValueEncoder.double(value, codingPath: self.codingPath)) }
        mutating func encode(_ value: Float) throws {
            self.set(try JSONValueEncoder.double(Double(value), codingPath: self.codingPath))
        }
        mutating func encode(_ value: Int) throws { self.set(JSONValueEncoder.number(value)) }
        mutating func encode(_ value: Int8) throws { self.set(JSONValueEncoder.number(value)) }
        mutating func encode(_ value: Int16) throws { self.set(JSONValueEncoder.number(value)) }
        mutating func encode(_ value: Int32) throws { self.set(JSONValueEncoder.number(value)) }
        mutating func encode(_ value: Int64) throws { self.set(JSONValueEncoder.number(value)) }
        mutating func encode(_ value: UInt) throws { self.set(JSONValueEncoder.number(value)) }
        mutating func encode(_ value: UInt8) throws { self.set(JSONValueEncoder.number(value)) }
        mutating func encode(_ value: UInt16) throws { self.set(JSONValueEncoder.number(value)) }
        mutating func encode(_ value: UInt32) throws { self.set(JSONValueEncoder.number(value)) }
        mutating func encode(_ value: UInt64) throws { self.set(JSONValueEncoder.number(value)) }
        mutating func encode<T: Encodable>(_ value: T) throws {
            self.set(try JSONValueEncoder.box(value, codingPath: self.codingPath))
        }
    }
}
