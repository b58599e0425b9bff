/// Lets a small answer mix value types in one dictionary (`["success": true, "item": ...]`).
struct AnyEncodable: Encodable, Sendable {
    private let encodeValue: @Sendable (any Encoder) throws -> Void

    init<T: Encodable & Sendable>(_ value: T) { encodeValue = { try value.encode(to: $0) } }

    func encode(to encoder: any Encoder) throws { try encodeValue(encoder) }
}
