import Foundation
import HTTPTypes
import Hummingbird
import IntelliDineStore
import Logging

/// The outermost middleware: every error becomes the API's JSON error format with the right
/// status. Anything unexpected is logged with the request id and answered with a plain 500 —
/// never a stack trace or SQL text.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let routes: RouteTable
    /// Told of a write the disk refused, for `/readyz`, the metrics and the STATUS line.
    let storage: StorageHealth

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            // The disk refused a write (full, failing, read-only): the transaction was rolled back,
            // so nothing was kept, and the client may try again once it is fixed.
            if let fault = storage.noteFailure(error) {
                context.logger.error("storage refused a write", metadata: ["fault": "\(fault)", "error": "\(String(reflecting: error))"])
                return Self.response(APIError.storage(fault))
            }
            if let api = ErrorMapping.apiError(for: error, path: request.uri.path, routes: routes) {
                return Self.response(api)
            }
            context.logger.error("unhandled error", metadata: ["error": "\(String(reflecting: error))"])
            return Self.response(APIError(.internalServerError, "INTERNAL_ERROR", "Something went wrong on our side; please try again"))
        }
    }

    static func response(_ error: APIError) -> Response {
        var body: [String: Any] = ["code": error.code, "message": error.message]
        for (key, value) in error.details { body[key] = value }
        let data = (try? JSONSerialization.data(withJSONObject: ["success": false, "error": body], options: [.sortedKeys])) ?? Data()
        var headers = error.headers
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: error.status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
