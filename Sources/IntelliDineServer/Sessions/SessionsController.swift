import Foundation
import Hummingbird
import IntelliDineDomain
import IntelliDineStore

/// Table sessions: the guests at a table share one bill across rounds; waiters seat, move and
/// merge tables, split the bill and take each part's payment.
struct SessionsController {
    let database: AppDatabase
    let body: JSONBody
    let clock: WallClock

    func register(on routes: APIRoutes) {
        routes.post("/api/tables/:table_id/session/join", use: join)
        routes.post("/api/tables/:table_id/session", use: seat)
        routes.get("/api/sessions", use: list)
        routes.get("/api/sessions/:id", use: show)
        routes.post("/api/sessions/:id/move", use: move)
        routes.post("/api/sessions/:id/merge", use: merge)
        routes.post("/api/sessions/:id/split", use: split)
        routes.post("/api/sessions/:id/parts/:part_id/cash", use: payPartCash)
        routes.get("/api/sessions/:id/invoice", use: invoice)
        routes.put("/api/sessions/:id/buyer", use: setBuyer)
        routes.get("/api/invoices", use: invoices)
    }

    struct InvoiceAnswer: Encodable, Sendable { var invoice: InvoiceJSON }

    /// `GET /api/sessions/{id}/invoice`: the settled bill's GST tax invoice (404 until it is settled).
    @Sendable func invoice(_ request: Request, context: AppRequestContext) async throws -> Success<InvoiceAnswer> {
        let (identity, tenantId) = try context.require([.customer, .waiter, .manager], request: request)
        guard let document = try await database.invoice(
            tenantId: tenantId, sessionId: try context.parameters.require("id"), visibleTo: identity.actor)
        else { throw APIError(.notFound, "INVOICE_NOT_ISSUED", "The invoice is issued when the bill is paid in full") }
        return Success(InvoiceAnswer(invoice: InvoiceJSON(document)))
    }

    struct InvoicesAnswer: Encodable, Sendable {
        struct Row: Encodable, Sendable {
            var number: String
            var session_id: String
            var issued_at: String
            var total: Paise
            var payment_methods: String
        }
        var date: String
        var invoices: [Row]
    }

    /// `GET /api/invoices?date=YYYY-MM-DD` (today in the restaurant's zone by default): to find and reprint one.
    @Sendable func invoices(_ request: Request, context: AppRequestContext) async throws -> Success<InvoicesAnswer> {
        let (_, tenantId) = try context.require([.waiter, .manager], request: request)
        let tenant = try await database.requireTenant(id: tenantId)
        let date = request.uri.queryParameters.get("date").map { String($0) }
            ?? tenant.calendar.businessDate(of: clock.now())
        guard LocalDateRange.isDate(date) else { throw APIError.validation("date must be YYYY-MM-DD") }
        let rows = try await database.invoices(tenantId: tenantId, localDate: date).map {
            InvoicesAnswer.Row(
                number: $0.id, session_id: $0.sessionId, issued_at: $0.issuedAt, total: Paise($0.totalPaise),
                payment_methods: $0.paymentMethods)
        }
        return Success(InvoicesAnswer(date: date, invoices: rows))
    }

    /// `{"session": null}` when the table has no open bill: the null is written, not left out.
    struct JoinAnswer: Encodable, Sendable {
        var session: SessionJSON?

        private enum Key: String, CodingKey { case session }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            if let session { try container.encode(session, forKey: .session) } else { try container.encodeNil(forKey: .session) }
        }
    }

    /// `POST /api/tables/{table_id}/session/join` (guest): joins the table's open bill, if any.
    @Sendable func join(_ request: Request, context: AppRequestContext) async throws -> Success<JoinAnswer> {
        let (identity, tenantId) = try context.require([.customer], request: request)
        let bill = try await database.joinSession(
            tenantId: tenantId, tableId: try context.parameters.require("table_id"), customerId: identity.subject, at: clock.now())
        return Success(JoinAnswer(session: bill.map(SessionJSON.init)))
    }

    /// `POST /api/tables/{table_id}/session` (waiter): seats the table (opens its session).
    @Sendable func seat(_ request: Request, context: AppRequestContext) async throws -> Success<SessionAnswer> {
        let (identity, tenantId) = try context.require([.waiter, .manager], request: request)
        let bill = try await database.seatTable(
            tenantId: tenantId, tableId: try context.parameters.require("table_id"), by: identity.actor, at: clock.now())
        return Self.answer(bill)
    }

    struct SessionsAnswer: Encodable, Sendable { var sessions: [SessionJSON] }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Success<SessionsAnswer> {
        let (_, tenantId) = try context.require([.waiter, .manager], request: request)
        return Success(SessionsAnswer(sessions: try await database.openSessions(tenantId: tenantId).map(SessionJSON.init)))
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Success<SessionAnswer> {
        let (identity, tenantId) = try context.require([.customer, .waiter, .manager], request: request)
        return Self.answer(try await database.sessionBill(tenantId: tenantId, sessionId: try context.parameters.require("id"), visibleTo: identity.actor))
    }

    struct BuyerRequest: Decodable {
        var gstin: String
        var name: String
    }

    /// `PUT /api/sessions/{id}/buyer` `{"gstin", "name"}`: a business guest's details, before the bill
    /// is paid, for a B2B tax invoice; both empty make it a consumer's bill again. Staff only: a B2B
    /// invoice moves tax credit to the GSTIN's owner, so a waiter enters it when the guest asks.
    @Sendable func setBuyer(_ request: Request, context: AppRequestContext) async throws -> Success<SessionAnswer> {
        let (identity, tenantId) = try context.require([.waiter, .manager], request: request)
        let input = try await body.decode(BuyerRequest.self, from: request)
        let gstin = input.gstin.trimmingCharacters(in: .whitespaces).uppercased()
        let name = input.name.trimmingCharacters(in: .whitespacesAndNewlines)
        if !gstin.isEmpty || !name.isEmpty {
            guard RestaurantIDs.isValidGSTIN(gstin) else {
                throw APIError.validation("This GSTIN is not valid: check each character (15, ending in its check letter or digit)")
            }
            guard (1...100).contains(name.count) else { throw APIError.validation("The business name is 1 to 100 characters") }
        }
        return Self.answer(try await database.setBuyer(
            tenantId: tenantId, sessionId: try context.parameters.require("id"), gstin: gstin, name: name, visibleTo: identity.actor))
    }

    struct MoveRequest: Decodable { var table_id: String }

    @Sendable func move(_ request: Request, context: AppRequestContext) async throws -> Success<SessionAnswer> {
        let (identity, tenantId) = try context.require([.waiter, .manager], request: request)
        let input = try await body.decode(MoveRequest.self, from: request)
        return Self.answer(try await database.moveSession(
            tenantId: tenantId, sessionId: try context.parameters.require("id"), toTable: input.table_id, by: identity.actor, at: clock.now()))
    }

    struct MergeRequest: Decodable { var from_session_id: String }

    /// `POST /api/sessions/{id}/merge` {from_session_id}: that table's guests and orders join this bill.
    @Sendable func merge(_ request: Request, context: AppRequestContext) async throws -> Success<SessionAnswer> {
        let (identity, tenantId) = try context.require([.waiter, .manager], request: request)
        let input = try await body.decode(MergeRequest.self, from: request)
        return Self.answer(try await database.mergeSessions(
            tenantId: tenantId, into: try context.parameters.require("id"), from: input.from_session_id, by: identity.actor, at: clock.now()))
    }

    struct SplitRequest: Decodable {
        /// `whole`, `equal`, `items` or `amounts`.
        var mode: String
        var parts: Int?
        var items: [[String]]?
        var amounts: [Paise]?
    }

    /// `POST /api/sessions/{id}/split`: the whole bill, N equal parts, parts by items (lists of
    /// order line ids) or by amounts (which must add up to what is due). Guests may split too.
    @Sendable func split(_ request: Request, context: AppRequestContext) async throws -> Success<SessionAnswer> {
        let (identity, tenantId) = try context.require([.customer, .waiter, .manager], request: request)
        let input = try await body.decode(SplitRequest.self, from: request)
        let how: AppDatabase.SplitRequest
        switch input.mode {
        case "whole": how = .whole
        case "equal":
            guard let parts = input.parts else { throw APIError.validation("parts: how many equal parts") }
            how = .equal(parts: parts)
        case "items":
            guard let items = input.items else { throw APIError.validation("items: one list of order line ids per part") }
            how = .items(items)
        case "amounts":
            guard let amounts = input.amounts else { throw APIError.validation("amounts: one amount in rupees per part") }
            how = .amounts(amounts)
        default: throw APIError.validation("mode must be whole, equal, items or amounts")
        }
        return Self.answer(try await database.splitBill(
            tenantId: tenantId, sessionId: try context.parameters.require("id"), how, by: identity.actor, at: clock.now()))
    }

    struct CashRequest: Decodable { var amount_received: Paise }

    struct PartCashAnswer: Encodable, Sendable {
        var part: SessionJSON.Part
        var change: Paise
        var message: String
        var session: SessionJSON
    }

    @Sendable func payPartCash(_ request: Request, context: AppRequestContext) async throws -> Success<PartCashAnswer> {
        let (identity, tenantId) = try context.require([.waiter, .manager], request: request)
        let input = try await body.decode(CashRequest.self, from: request)
        guard input.amount_received > .zero, input.amount_received <= Paise(rupees: 10_000_000) else {
            throw APIError.validation("amount_received must be a positive amount of rupees")
        }
        let (bill, part, change) = try await database.payBillPartCash(
            tenantId: tenantId, sessionId: try context.parameters.require("id"), partId: try context.parameters.require("part_id"),
            received: input.amount_received, by: identity.actor, at: clock.now())
        return Success(PartCashAnswer(
            part: SessionJSON.Part(part), change: change, message: "Payment received. Change to give: \(change.formatted)",
            session: SessionJSON(bill)))
    }

    struct SessionAnswer: Encodable, Sendable { var session: SessionJSON }

    static func answer(_ bill: SessionBill) -> Success<SessionAnswer> {
        Success(SessionAnswer(session: SessionJSON(bill)))
    }
}
