import Foundation
import Hummingbird
import IntelliDineDomain
import IntelliDineStore

/// "Call the waiter" and "bring the bill" from the guest app, and the waiters' answers. Each
/// reaches the staff screens live over the stream (`table.call`, `table.call_acknowledged`).
struct TableCallsController {
    let database: AppDatabase
    let body: JSONBody
    let clock: WallClock

    func register(on routes: APIRoutes) {
        routes.post("/api/tables/:table_id/calls", use: call)
        routes.get("/api/calls", use: open)
        routes.get("/api/calls/:id", use: show)
        routes.post("/api/calls/:id/acknowledge", use: acknowledge)
    }

    struct CallRequest: Decodable { var kind: String }

    struct CallJSON: Encodable, Sendable {
        var id: String
        var table_id: String
        var table_number: Int
        var kind: String
        var status: TableCallStatus
        var created_at: String
        var acknowledged_at: String?
        var acknowledged_by: String?
        /// For a bill request: the table's whole bill still due, every guest's orders.
        var amount_due: Paise?

        init(_ view: TableCallView) {
            self.init(view.call)
            amount_due = view.amountDue
        }

        init(_ call: TableCallRecord) {
            id = call.id
            table_id = call.tableId
            table_number = call.tableNumber
            kind = call.kind
            status = call.status
            created_at = call.createdAt
            acknowledged_at = call.acknowledgedAt
            acknowledged_by = call.acknowledgedBy
        }
    }

    struct CallAnswer: Encodable, Sendable {
        var call: CallJSON
        var message: String
    }

    /// `POST /api/tables/{table_id}/calls` {kind: WAITER | BILL}: 201 for a new call, 200 with the
    /// call still open when the guest taps again.
    @Sendable func call(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<Success<CallAnswer>> {
        let (_, tenantId) = try context.require([.customer, .waiter, .manager], request: request)
        let input = try await body.decode(CallRequest.self, from: request)
        let kind = input.kind.uppercased()
        guard kind == "WAITER" || kind == "BILL" else { throw APIError.validation("kind must be WAITER or BILL") }
        let (call, created) = try await database.callWaiter(
            tenantId: tenantId, tableId: try context.parameters.require("table_id"), kind: kind, at: clock.now())
        // Requested, not "on the way": that is for when a waiter has taken the call.
        let message = switch (kind, call.amountDue) {
        case ("BILL", let due?): "Requested: your waiter will bring the table's bill of \(due.formatted)"
        case ("BILL", nil): "Requested: your waiter will bring the bill"
        default: "Requested: your waiter has been called"
        }
        return Success(CallAnswer(call: CallJSON(call), message: message)).with(status: created ? .created : .ok)
    }

    /// `GET /api/calls/{id}`: one call, so the guest who made it sees when a waiter has taken it.
    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Success<AcknowledgeAnswer> {
        let (_, tenantId) = try context.require([.customer, .waiter, .manager], request: request)
        return Success(AcknowledgeAnswer(call: CallJSON(try await database.tableCall(tenantId: tenantId, id: try context.parameters.require("id")))))
    }

    struct CallsAnswer: Encodable, Sendable { var calls: [CallJSON] }

    @Sendable func open(_ request: Request, context: AppRequestContext) async throws -> Success<CallsAnswer> {
        let (_, tenantId) = try context.require([.waiter, .manager], request: request)
        return Success(CallsAnswer(calls: try await database.openCalls(tenantId: tenantId).map(CallJSON.init)))
    }

    struct AcknowledgeAnswer: Encodable, Sendable { var call: CallJSON }

    @Sendable func acknowledge(_ request: Request, context: AppRequestContext) async throws -> Success<AcknowledgeAnswer> {
        let (identity, tenantId) = try context.require([.waiter, .manager], request: request)
        let call = try await database.acknowledgeCall(tenantId: tenantId, callId: try context.parameters.require("id"), by: identity.actor, at: clock.now())
        return Success(AcknowledgeAnswer(call: CallJSON(call)))
    }
}
