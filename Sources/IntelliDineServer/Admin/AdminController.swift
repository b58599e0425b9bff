import Foundation
import Hummingbird
import IntelliDineDomain
import IntelliDineStore

/// The manager's view of the box's background work: the cloud forwarder's backlog and parked
/// batches (with a retry), every consumer's lag behind the event log, and the HTTPS certificate.
struct AdminController {
    let database: AppDatabase
    let forwarder: CloudForwarder?
    let consumers: [String]
    let tls: TLSController
    let clock: WallClock

    func register(on routes: APIRoutes) {
        routes.get("/api/admin/sync", use: sync)
        routes.post("/api/admin/sync/parked/:id/retry", use: retry)
    }

    struct SyncJSON: Encodable, Sendable {
        struct Parked: Encodable, Sendable {
            var id: String
            var sink: String
            var first_seq: Int64
            var last_seq: Int64
            var event_count: Int
            var status_code: Int
            var reason: String
            var parked_at: String
        }
        struct Consumer: Encodable, Sendable {
            var name: String
            var cursor: Int64
            var lag: Int64
        }
        var forwarding_enabled: Bool
        var sink: String?
        var backlog: Int64
        var oldest_unsent_age_seconds: Int?
        var last_success_at: String?
        var last_error: String?
        var parked_batches: [Parked]
        var consumers: [Consumer]
        var tls: TLSController.StatusJSON
    }

    /// `GET /api/admin/sync`: backlog, age of the oldest unsent event, last success, parked batches.
    @Sendable func sync(_ request: Request, context: AppRequestContext) async throws -> Success<SyncJSON> {
        _ = try context.require(.managers, request: request)
        let status = try await database.forwarderStatus(consumer: ConsumerName.cloudForwarder)
        let positions = try await database.consumerPositions(consumers)
        let age = status.oldestUnsentAt.flatMap(Timestamp.date).map { max(0, Int(clock.now().timeIntervalSince($0))) }
        return Success(SyncJSON(
            forwarding_enabled: forwarder != nil, sink: forwarder?.sinkKind, backlog: status.backlog,
            oldest_unsent_age_seconds: status.backlog > 0 ? age : nil, last_success_at: status.lastSuccessAt,
            last_error: status.lastError,
            parked_batches: status.parked.map {
                .init(id: $0.id, sink: $0.sink, first_seq: $0.firstSeq, last_seq: $0.lastSeq, event_count: $0.eventCount,
                      status_code: $0.statusCode, reason: $0.reason, parked_at: $0.parkedAt)
            },
            consumers: positions.map { .init(name: $0.consumer, cursor: $0.cursor, lag: $0.lag) },
            tls: tls.status(now: clock.now())))
    }

    struct RetryAnswer: Encodable, Sendable { var delivered: String }

    /// `POST /api/admin/sync/parked/{id}/retry`: sends a parked batch again, now.
    @Sendable func retry(_ request: Request, context: AppRequestContext) async throws -> Success<RetryAnswer> {
        _ = try context.require(.managers, request: request)
        guard let forwarder else { throw APIError(.conflict, "FORWARDING_OFF", "Forwarding to the cloud is not configured") }
        guard let parked = try await database.parkedBatch(id: try context.parameters.require("id")), parked.deliveredAt == nil else {
            throw APIError(.notFound, "BATCH_NOT_FOUND", "No parked batch with that id")
        }
        do {
            try await forwarder.retry(parked: parked)
        } catch let error as SinkError {
            throw APIError(.badGateway, "CLOUD_REFUSED", "The cloud did not take the batch: \(error)")
        }
        return Success(RetryAnswer(delivered: parked.id))
    }
}
