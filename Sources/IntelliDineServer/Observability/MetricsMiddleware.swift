import Hummingbird

/// Counts and times every request by its route pattern (`/api/orders/{id}`, never the id itself,
/// so the number of series stays small).
struct MetricsMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let metrics: BoxMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            metrics.recordRequest(
                route: context.endpointPath ?? "unmatched", method: request.method.rawValue, status: Int(response.status.code),
                duration: ContinuousClock.now - start)
            return response
        } catch {
            let status = (error as? HTTPResponseError)?.status.code ?? 500
            metrics.recordRequest(
                route: context.endpointPath ?? "unmatched", method: request.method.rawValue, status: Int(status),
                duration: ContinuousClock.now - start)
            throw error
        }
    }
}
