import Foundation
import HTTPTypes
import Hummingbird
import IntelliDineDomain
import IntelliDineStore

/// The orders area: place an order, read orders, move them through their statuses. An order's
/// whole path is in docs/architecture.md, "One order, from the phone to the kitchen, the SMS, the
/// printer and the cloud".
struct OrdersController {
    let database: AppDatabase
    let body: JSONBody
    let demand: DemandModels
    let clock: WallClock

    /// Bounds a real guest never reaches but a broken or hostile client might.
    static let maxLines = 50
    static let quantityRange = 1...50
    static let maxInstructionLength = 200

    func register(on routes: APIRoutes) {
        routes.post("/api/orders", use: place)
        routes.post("/api/orders/quote", use: quote)
        routes.get("/api/orders", use: list)
        routes.get("/api/orders/:id", use: show)
        routes.patch("/api/orders/:id/status", use: changeStatus)
        routes.patch("/api/orders/:id/stations/:station", use: changeStation)
    }

    struct PlaceRequest: Codable {
        struct Line: Codable {
            var menu_item_id: String
            var quantity: Int
            var special_instructions: String?
            /// A portion ("half"), when the item has them; its default otherwise.
            var variant_id: String?
            /// Chosen add-ons and choices by id.
            var options: [String]?
            /// The unit price the guest's screen showed, if the client sends one: checked against
            /// the menu, never used.
            var unit_price: Paise?
        }
        var table_id: String
        var customer_id: String?
        var items: [Line]
        /// The guest asks for the restaurant's optional service charge (docs/tax.md); never by default.
        var service_charge: Bool?
    }

    /// `POST /api/orders?tenant_id=`. Validation, discounts and pricing happen before the one
    /// short write transaction; `Idempotency-Key` makes a double tap or a retry safe.
    @Sendable func place(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (identity, tenantId) = try context.require([.customer, .waiter, .manager], request: request)
        let bytes = try await body.bytes(request)
        let input = try PlaceRequest.scanned(bytes) ?? body.decode(PlaceRequest.self, from: bytes)
        if identity.role == .customer, let customerId = input.customer_id, customerId != identity.subject {
            throw APIError(.forbidden, "CUSTOMER_MISMATCH", "customer_id must be your own")
        }
        let lines = try Self.validate(input)

        let claim = try Self.idempotencyClaim(request, canonical: input, subject: identity.subject)
        do {
            return try await placeNew(lines, input: input, by: identity, tenantId: tenantId, claim: claim, context: context)
        } catch let refusal {
            // A retry of a request already answered gets that answer, whatever has changed since (the
            // dish sold out, the table closed). Looked up only here and on the writer, which claims
            // the key last: a look-up before every order was a random read of a large index.
            // A reused key is itself the answer of a look-up (the write's): not looked up again.
            guard let claim, (refusal as? OrderRefusal) != .idempotencyKeyReused else { throw refusal }
            let stored: StoredResponse?
            do {
                stored = try await database.storedResponse(tenantId: tenantId, claim: claim)
            } catch let reused as OrderRefusal where reused == .idempotencyKeyReused {
                throw reused
            } catch {
                // The look-up failing too (the disk, say) does not hide why placing failed.
                throw refusal
            }
            guard let stored else { throw refusal }
            return Self.replay(stored)
        }
    }

    /// Prices and writes an order not placed before (or a retry the write recognises by its key).
    private func placeNew(
        _ lines: [PlaceRequest.Line], input: PlaceRequest, by identity: Identity, tenantId: String, claim: IdempotencyClaim?,
        context: AppRequestContext
    ) async throws -> Response {
        let policy = demand.policy(for: tenantId)
        guard let data = try await database.orderingContext(
            tenantId: tenantId, tableId: input.table_id, itemIds: Array(Set(lines.map(\.menu_item_id))), withPolicyInputs: policy != nil)
        else { throw OrderRefusal.tenantNotFound }
        guard let table = data.table else { throw OrderRefusal.tableNotFound(input.table_id) }
        let newOrder = try NewOrder(
            lines, in: data, table: table, by: identity, policy: policy, withServiceCharge: input.service_charge ?? false, at: clock.now())

        let lineOptions = newOrder.lines.map(\.options)
        let taxes = newOrder.totals.taxes
        switch try await database.placeOrder(
            newOrder, idempotency: claim, render: { PlacedOrderJSON($0, lineOptions: lineOptions, taxes: taxes).template })
        {
        case .created(let detail, let data):
            context.logger.debug("order placed", metadata: [
                "order_id": "\(detail.order.id)", "ticket": "\(detail.order.ticketNumber)", "tenant_id": "\(tenantId)",
            ])
            return JSONBody.response(data: data, status: .created, headers: [.location: "/api/orders/\(detail.order.id)"])
        case .replayed(let stored):
            return Self.replay(stored)
        }
    }

    /// `POST /api/orders/quote?tenant_id=`: the same body as placing an order; prices it exactly as
    /// placing would, and writes nothing. Public like the menu: a guest sees the bill before
    /// giving a phone number.
    @Sendable func quote(_ request: Request, context: AppRequestContext) async throws -> Success<QuoteJSON> {
        let (caller, tenantId) = try context.browsing([.customer, .waiter, .manager], request: request)
        let identity = caller ?? .browsingGuest(tenantId: tenantId)
        let bytes = try await body.bytes(request)
        let input = try PlaceRequest.scanned(bytes) ?? body.decode(PlaceRequest.self, from: bytes)
        let lines = try Self.validate(input)
        let policy = demand.policy(for: tenantId)
        guard let data = try await database.orderingContext(
            tenantId: tenantId, tableId: input.table_id, itemIds: Array(Set(lines.map(\.menu_item_id))), withPolicyInputs: policy != nil)
        else { throw OrderRefusal.tenantNotFound }
        guard let table = data.table else { throw OrderRefusal.tableNotFound(input.table_id) }
        let order = try NewOrder(
            lines, in: data, table: table, by: identity, policy: policy, withServiceCharge: input.service_charge ?? false, at: clock.now())
        return Success(QuoteJSON(order, serviceCharge: data.tenant.billSettings.serviceCharge))
    }

    /// Checks the request's shape and bounds; special instructions are trimmed and stripped of
    /// control characters (they are shown verbatim to cooks, escaped by every page that shows them).
    static func validate(_ input: PlaceRequest) throws -> [PlaceRequest.Line] {
        guard !input.table_id.isEmpty, input.table_id.count <= 64 else { throw APIError.validation("table_id is required") }
        guard !input.items.isEmpty else { throw APIError.validation("An order needs at least one item") }
        guard input.items.count <= maxLines else { throw APIError.validation("An order has at most \(maxLines) lines") }
        return try input.items.enumerated().map { index, line in
            guard quantityRange.contains(line.quantity) else {
                throw APIError.validation("items[\(index)].quantity must be between \(quantityRange.lowerBound) and \(quantityRange.upperBound)")
            }
            guard !line.menu_item_id.isEmpty, line.menu_item_id.count <= 64 else {
                throw APIError.validation("items[\(index)].menu_item_id is required")
            }
            var line = line
            if let text = line.special_instructions {
                let cleaned = String(String.UnicodeScalarView(text.unicodeScalars.filter {
                    !CharacterSet.controlCharacters.contains($0) || $0 == "\n"
                })).trimmingCharacters(in: .whitespacesAndNewlines)
                guard cleaned.count <= maxInstructionLength else {
                    throw APIError.validation("items[\(index)].special_instructions is at most \(maxInstructionLength) characters")
                }
                line.special_instructions = cleaned.isEmpty ? nil : cleaned
            }
            return line
        }
    }

    /// The claim on an `Idempotency-Key`. The request is hashed in a canonical form (decoded, then
    /// re-written with sorted keys: `canonicalJSON`), so a retry that spaces or orders its JSON differently is
    /// still recognised as the same request.
    static func idempotencyClaim(_ request: Request, canonical input: PlaceRequest, subject: String) throws -> IdempotencyClaim? {
        guard let key = request.headers[.idempotencyKey] else { return nil }
        // On the bytes, not the characters: a Character's `isWhitespace` was 1.3 % of an order's instructions.
        guard (1...255).contains(key.utf8.count), key.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw APIError.badRequest("Idempotency-Key must be 1 to 255 visible ASCII characters")
        }
        var hashed = Data(request.uri.path.utf8)
        hashed.append(input.canonicalJSON)
        return IdempotencyClaim(subjectId: subject, key: key, requestHash: JSONBody.sha256Hex(hashed))
    }

    static func replay(_ stored: StoredResponse) -> Response {
        JSONBody.response(
            data: stored.body, status: HTTPResponse.Status(code: stored.statusCode), headers: [.idempotentReplayed: "true"])
    }

    struct OrderAnswer: Encodable, Sendable { var order: OrderJSON }

    /// `GET /api/orders/{id}`: the guest who placed it, or the restaurant's staff.
    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Success<OrderAnswer> {
        let (identity, tenantId) = try context.require(.anyone, request: request)
        let detail = try await database.orderDetail(tenantId: tenantId, id: try context.parameters.require("id"), visibleTo: identity.actor)
        return Success(OrderAnswer(order: OrderJSON(detail, includeHistory: true)))
    }

    struct OrdersAnswer: Encodable, Sendable { var orders: [OrderJSON] }

    /// `GET /api/orders?status=`: staff see the restaurant's orders; a guest sees their own.
    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Success<OrdersAnswer> {
        let (identity, tenantId) = try context.require(.anyone, request: request)
        var status: OrderStatus?
        if let text = request.uri.queryParameters.get("status") {
            guard let parsed = OrderStatus(rawValue: text.uppercased()) else {
                throw APIError.validation("status must be one of \(OrderStatus.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            status = parsed
        }
        let orders = try await database.orders(tenantId: tenantId, status: status, visibleTo: identity.actor)
        return Success(OrdersAnswer(orders: orders.map { OrderJSON($0) }))
    }

    struct StatusRequest: Decodable {
        var status: String
        var notes: String?
    }

    struct StatusAnswer: Encodable, Sendable {
        var order: OrderJSON
        var message: String
    }

    /// `PATCH /api/orders/{id}/status`: only the state machine's transitions, by the right roles.
    @Sendable func changeStatus(_ request: Request, context: AppRequestContext) async throws -> Success<StatusAnswer> {
        let (identity, tenantId) = try context.require(.anyone, request: request)
        let input = try await body.decode(StatusRequest.self, from: request)
        guard let next = OrderStatus(rawValue: input.status.uppercased()) else {
            throw APIError.validation("status must be one of \(OrderStatus.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if let notes = input.notes, notes.count > 500 { throw APIError.validation("notes is at most 500 characters") }
        let detail = try await database.changeOrderStatus(
            tenantId: tenantId, orderId: try context.parameters.require("id"), to: next, by: identity.actor,
            notes: input.notes, at: clock.now())
        return Success(StatusAnswer(
            order: OrderJSON(detail, includeHistory: true), message: "Order is now \(detail.order.status)"))
    }

    struct StationRequest: Decodable {
        var status: String
    }

    /// `PATCH /api/orders/{id}/stations/{station}` {status: COOKING | DONE} (kitchen, manager): one
    /// station starts or finishes its lines of the order; the order follows (docs/api.md).
    @Sendable func changeStation(_ request: Request, context: AppRequestContext) async throws -> Success<StatusAnswer> {
        let (identity, tenantId) = try context.require([.kitchenStaff, .manager], request: request)
        let input = try await body.decode(StationRequest.self, from: request)
        guard let status = KitchenLineStatus(rawValue: input.status.uppercased()), status != .new else {
            throw APIError.validation("status must be COOKING or DONE")
        }
        let station = try context.parameters.require("station")
        guard (1...64).contains(station.count) else { throw APIError.validation("station is not valid") }
        let detail = try await database.changeStation(
            tenantId: tenantId, orderId: try context.parameters.require("id"), station: station, to: status, by: identity.actor,
            at: clock.now())
        return Success(StatusAnswer(
            order: OrderJSON(detail, includeHistory: true), message: "Order is now \(detail.order.status)"))
    }
}

extension HTTPField.Name {
    static let idempotencyKey = HTTPField.Name("Idempotency-Key")!
    static let idempotentReplayed = HTTPField.Name("Idempotent-Replayed")!
}
