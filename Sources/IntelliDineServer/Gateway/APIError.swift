import HTTPTypes
import Hummingbird

/// An error answer in the API's one format: `{"success": false, "error": {"code", "message"}}`.
public struct APIError: Error, Sendable {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String
    public var headers: HTTPFields = [:]
    /// Extra fields inside `error`, e.g. `attempts_remaining`.
    public var details: [String: Int] = [:]

    public init(_ status: HTTPResponse.Status, _ code: String, _ message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    static func validation(_ message: String) -> APIError { APIError(.unprocessableContent, "VALIDATION_FAILED", message) }
    static func badRequest(_ message: String) -> APIError { APIError(.badRequest, "BAD_REQUEST", message) }
    static let unauthorized = APIError(.unauthorized, "UNAUTHORIZED", "Sign in first: this needs a valid bearer token")
    static let forbidden = APIError(.forbidden, "FORBIDDEN", "Your role may not do this")
}
