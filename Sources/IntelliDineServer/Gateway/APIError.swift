import HTTPTypes
import Hummingbird
import IntelliDineStore

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

    /// A write the disk refused: 503, nothing kept, try again later (docs/api.md, "Money and errors").
    static func storage(_ fault: StorageFault) -> APIError {
        var error = switch fault {
        case .full:
            APIError(.serviceUnavailable, "STORAGE_FULL",
                     "The box's storage is full, so nothing was saved. Please tell the staff, and try again once space is freed")
        case .unavailable, .vanished:
            APIError(.serviceUnavailable, "STORAGE_UNAVAILABLE", "The box cannot write to its storage right now, so nothing was saved. Try again in a moment")
        }
        error.headers[.retryAfter] = "30"
        return error
    }
}
