import Hummingbird

/// The envelope of every successful JSON answer: `{"success": true, …fields}`. Handlers return
/// `Success<SomeAnswer>`, so the compiler checks each answer's shape (docs/api.md, "Answers").
struct Success<Fields: Encodable & Sendable>: ResponseEncodable, Sendable {
    let fields: Fields

    init(_ fields: Fields) { self.fields = fields }

    private enum Key: String, CodingKey { case success }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(true, forKey: .success)
        try fields.encode(to: encoder)
    }
}

/// An answer that says only that it worked.
struct NoFields: Encodable, Sendable {}

extension Success where Fields == NoFields {
    init() { self.init(NoFields()) }
}

/// A one-field answer whose key is fixed by the type: `Success(Message("Saved"))`.
struct Message: Encodable, Sendable {
    let message: String
    init(_ message: String) { self.message = message }
}

extension ResponseGenerator {
    /// The same answer with another status (201 for a creation) or extra headers.
    func with(status: HTTPResponse.Status? = nil, headers: HTTPFields = [:]) -> EditedResponse<Self> {
        EditedResponse(status: status, headers: headers, response: self)
    }

    /// 201 Created.
    var created: EditedResponse<Self> { with(status: .created) }
}
