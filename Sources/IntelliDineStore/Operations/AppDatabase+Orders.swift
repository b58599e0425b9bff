import Foundation
import GRDB
import IntelliDineDomain

/// An order ready to be written: validated and priced outside the transaction, so the write
/// itself stays short (docs/architecture.md, "Storage").
public struct NewOrder: Sendable {
    public var id: String
    public var tenantId: String
    public var customerId: String?
    public var table: TableRecord
    public var lines: [NewOrderLine]
    public var totals: OrderTotals
    /// The restaurant's standard rate when placed (each line keeps its own in `priced.line.gst`).
    public var gstRate: GSTRate
    public var estimatedPreparationTime: Int
    public var placedAt: Date
    public var businessDate: String
    /// Who placed it, for the first history row ("cust-abc123" or a waiter's username).
    public var placedBy: String

    public init(
        id: String, tenantId: String, customerId: String?, table: TableRecord, lines: [NewOrderLine], totals: OrderTotals,
        gstRate: GSTRate, estimatedPreparationTime: Int, placedAt: Date, businessDate: String, placedBy: String
    ) {
        self.id = id
        self.tenantId = tenantId
        self.customerId = customerId
        self.table = table
        self.lines = lines
        self.totals = totals
        self.gstRate = gstRate
        self.estimatedPreparationTime = estimatedPreparationTime
        self.placedAt = placedAt
        self.businessDate = businessDate
        self.placedBy = placedBy
    }
}

/// One priced line with what the kitchen and the bill need to show.
public struct NewOrderLine: Sendable {
    public var priced: PricedLine
    public var name: String
    public var discountReason: String?
    /// `rule:<id>` or `model:<version>` when discounted.
    public var discountSource: String?
    public var specialInstructions: String?
    public var preparationTime: Int
    /// The chosen portion's name ("Half plate") and options, and its share of the recipe.
    public var variant: String? = nil
    /// The chosen add-ons and choices; the line's `options` column holds them as JSON.
    public var options: [ChosenOption] = []
    public var portionBp: Int = 10_000
    /// The kitchen station that cooks it: its menu category.
    public var station: String = ""

    public init(
        priced: PricedLine, name: String, discountReason: String?, discountSource: String? = nil, specialInstructions: String?,
        preparationTime: Int
    ) {
        self.priced = priced
        self.name = name
        self.discountReason = discountReason
        self.discountSource = discountSource
        self.specialInstructions = specialInstructions
        self.preparationTime = preparationTime
    }
}

/// Who makes a change, as the audit trail records it.
public struct Actor: Sendable, Equatable {
    public var id: String
    /// What the history shows: a staff username ("kitchen_staff1") or the customer id.
    public var name: String
    public var role: Role

    public init(id: String, name: String, role: Role) {
        self.id = id
        self.name = name
        self.role = role
    }
}

/// The result of placing an order: a new one, or the stored answer to a repeated request.
public enum PlaceOrderOutcome: Sendable {
    case created(OrderDetail, body: Data)
    case replayed(StoredResponse)
}

extension AppDatabase {
    /// Writes the order, its lines, its first history row and `order.created` atomically, with its
    /// per-day ticket number. With an idempotency claim, the rendered response is stored in the
    /// same transaction, so a retry replays exactly what the first request answered. Orders placed
    /// at the same moment share a transaction (group commit), each in its own savepoint.
    ///
    /// `render` runs before the write, on the order as placed but with ticket number 0, no table
    /// session and round 0: it must write those through `JSONText`'s `writer:` fields, whose holes
    /// the write fills with the real values.
    public func placeOrder(
        _ new: NewOrder, idempotency claim: IdempotencyClaim?, render: @escaping @Sendable (OrderDetail) throws -> JSONText
    ) async throws -> PlaceOrderOutcome {
        // The recipes the ordering menu holds, used only if no commit has touched the menu's tables
        // by the time the write runs. That check runs on the writer, after every commit of this
        // process, so it is exact; a miss reads them in the transaction, as before the cache.
        let generation = orderingMenus.changes.generation
        let cachedRecipes = orderingMenus.menu(tenantId: new.tenantId, at: generation)?.recipes
        // The rows, the answer and the event are made here, on the request's thread, with holes for
        // what only the write decides; the single writer, which sets the pace of orders, fills them.
        let placed = PlacedRows(new)
        let body = try render(placed.detail)
        do {
            return try await groupCommit.submit { [orderingMenus] db in
                let current = orderingMenus.changes.generation == generation ? cachedRecipes : nil
                let recipes = try current ?? RecipeBook.read(db, tenantId: new.tenantId)
                let (detail, values) = try Self.insertOrder(db, new, placed, recipes: recipes)
                let answer = Data(body.filled(values))
                // The key is claimed last, by its primary key. Taken means a retry of an answered
                // request, or an identical one that got here first (two taps): the savepoint undoes
                // this order, and the stored answer is given. Looking the key up first cost every
                // order a read.
                if let claim,
                   try !claim.storeIfNew(db, tenantId: new.tenantId, statusCode: 201, body: answer, resourceId: new.id, at: new.placedAt)
                {
                    throw IdempotencyClaim.Taken()
                }
                return .created(detail, body: answer)
            }
        } catch is IdempotencyClaim.Taken {
            // Answered after the shared transaction committed, so the other request's answer is there.
            // Keys are never deleted; were one missing, the client is told to use a fresh key.
            guard let claim, let stored = try await storedResponse(tenantId: new.tenantId, claim: claim) else {
                throw OrderRefusal.idempotencyKeyReused
            }
            return .replayed(stored)
        }
    }

    /// The first answer given to `claim`'s key, if any; a key reused for a different request is refused.
    public func storedResponse(tenantId: String, claim: IdempotencyClaim) async throws -> StoredResponse? {
        try await pool.read { db in try StoredResponse.find(db, tenantId: tenantId, claim: claim) }
    }

    private static func insertOrder(
        _ db: Database, _ new: NewOrder, _ placed: PlacedRows, recipes: RecipeBook
    ) throws -> (OrderDetail, WriterValues) {
        // The day's last ticket plus one, read in the writer's transaction, where no other order can
        // take it meanwhile: the ticket numbers' unique index ends in the number, so SQLite reads
        // the day's last entry and nothing else. (A counter row of its own cost two statements per
        // order and a page written per commit, until M030 dropped it.) Whether the day was closed
        // comes in the same statement: an order placed after its day was closed belongs to the
        // next day (docs/day-close.md), whose numbers are then read the same way.
        func nextTicket(on date: String) throws -> (ticket: Int, closed: Bool) {
            try db.fetchBound("""
                SELECT COALESCE(MAX(ticket_number), 0) + 1,
                  EXISTS (SELECT 1 FROM day_closes WHERE tenant_id = ?1 AND business_date = ?2)
                FROM orders WHERE tenant_id = ?1 AND business_date = ?2
                """, { $0.add(new.tenantId); $0.add(date) }, { (ticket: $0.int(0), closed: $0.bool(1)) })!
        }
        var businessDate = new.businessDate
        var next = try nextTicket(on: businessDate)
        if next.closed {
            businessDate = try BusinessDay.open(db, tenantId: new.tenantId, localDate: businessDate)
            next = try nextTicket(on: businessDate)
        }
        let ticket = next.ticket
        // The order joins its table's session (one bill for the table, across guests and rounds).
        let session = try TableSessions.attach(
            db, tenantId: new.tenantId, tableId: new.table.id, customerId: new.customerId, by: new.placedBy,
            orderTotal: new.totals.total, at: new.placedAt)
        var order = placed.detail.order
        order.businessDate = businessDate
        order.ticketNumber = ticket
        order.tableSessionId = session.sessionId
        order.round = session.round
        let values = WriterValues(ticketNumber: ticket, tableSessionId: session.sessionId, round: session.round)
        try order.insertFast(db)
        try OrderItemRecord.insertFast(db, placed.detail.items)
        try Stock.reserve(
            db, tenantId: new.tenantId, orderId: new.id,
            lines: new.lines.map {
                Stock.Line(itemId: $0.priced.line.menuItemId, name: $0.name, quantity: $0.priced.line.quantity, portionBp: $0.portionBp)
            },
            recipes: recipes, at: new.placedAt)
        try placed.detail.history[0].insertFast(db)
        try EventLog.append(
            db, tenantId: new.tenantId, aggregateId: new.id, type: OrderCreatedPayload.eventType,
            payload: String(decoding: placed.event.filled(values), as: UTF8.self), at: new.placedAt)
        return (OrderDetail(order: order, items: placed.detail.items, history: placed.detail.history, payments: []), values)
    }

    /// Moves an order to `next` if the state machine and the actor's role allow it. Runs inside one
    /// write transaction, so of two concurrent changes from the same status only one can win.
    public func changeOrderStatus(
        tenantId: String, orderId: String, to next: OrderStatus, by actor: Actor, notes: String?, at instant: Date
    ) async throws -> OrderDetail {
        try await pool.write { db in
            var order = try Self.fetchOrder(db, tenantId: tenantId, id: orderId, visibleTo: actor)
            let current = order.status
            do throws(StatusChangeRefusal) {
                try OrderStatusMachine.check(from: current, to: next, by: actor.role)
            } catch {
                throw OrderRefusal.statusChange(error)
            }
            if next == .cancelled && order.paidPaise > 0 { throw OrderRefusal.cancelPaidOrder }
            if next == .cancelled { try TableSessions.orderCancelled(db, sessionId: order.tableSessionId) }
            try Self.transition(db, &order, to: next, by: actor.name, notes: notes, at: instant)
            try Self.moveAllLines(db, order, to: next)
            if OrderStatusMachine.completesWhenPaid(next) && order.paidPaise >= order.totalPaise {
                try Self.transition(db, &order, to: .completed, by: actor.name, notes: "Served and paid in full", at: instant)
            }
            return try Self.detail(db, order)
        }
    }

    /// Records a cash payment for what is still due on the order and the change given back;
    /// completes the order when it has been served.
    public func recordCashPayment(
        tenantId: String, orderId: String, received: Paise, by actor: Actor, at instant: Date
    ) async throws -> CashReceipt {
        try await pool.write { db in
            var order = try Self.fetchOrder(db, tenantId: tenantId, id: orderId, visibleTo: actor)
            let status = order.status
            if status == .cancelled { throw OrderRefusal.orderCancelled }
            guard order.paidPaise < order.totalPaise else { throw OrderRefusal.alreadyPaid }
            if try TableSessions.isSplit(db, sessionId: order.tableSessionId) { throw SessionRefusal.billIsSplit }
            let due = Paise(order.totalPaise - order.paidPaise)
            guard let change = OrderPricing.change(received: received, due: due) else { throw OrderRefusal.cashShort(due: due) }
            let payment = try PaymentLedger.record(db, due, to: &order, from: .cash(by: actor.name), completionNote: "Paid in full", at: instant)
            let cash = CashPaymentRecord(
                paymentId: payment.id, tenantId: tenantId, orderId: orderId, amountReceivedPaise: received.value,
                changeGivenPaise: change.value, collectedBy: actor.name)
            try cash.insert(db)
            return CashReceipt(payment: payment, cash: cash, detail: try Self.detail(db, order))
        }
    }

    /// One order with its lines, history and payments, if the actor may see it.
    public func orderDetail(tenantId: String, id: String, visibleTo actor: Actor) async throws -> OrderDetail {
        try await pool.read { db in
            try Self.detail(db, try Self.fetchOrder(db, tenantId: tenantId, id: id, visibleTo: actor))
        }
    }

    /// Recent orders, newest first; a guest sees only their own.
    public func orders(tenantId: String, status: OrderStatus?, visibleTo actor: Actor, limit: Int = 200) async throws -> [OrderDetail] {
        try await pool.read { db in
            var sql = "SELECT * FROM orders WHERE tenant_id = ?"
            var arguments: StatementArguments = [tenantId]
            if let status {
                sql += " AND status = ?"
                _ = arguments.append(contentsOf: [status.rawValue])
            }
            if actor.role == .customer {
                sql += " AND customer_id = ?"
                _ = arguments.append(contentsOf: [actor.id])
            }
            sql += " ORDER BY created_at DESC, ticket_number DESC LIMIT ?"
            _ = arguments.append(contentsOf: [limit])
            let orders = try OrderRecord.fetchAll(db, sql: sql, arguments: arguments)
            let items = try OrderItemRecord
                .filter(orders.map(\.id).contains(Column("order_id")))
                .order(Column("position"))
                .fetchAll(db)
            let itemsByOrder = Dictionary(grouping: items, by: \.orderId)
            return orders.map { OrderDetail(order: $0, items: itemsByOrder[$0.id] ?? [], history: [], payments: []) }
        }
    }

    // MARK: - Inside a transaction

    private static func fetchOrder(_ db: Database, tenantId: String, id: String, visibleTo actor: Actor) throws -> OrderRecord {
        guard let order = try OrderRecord.fetchOne(
            db, sql: "SELECT * FROM orders WHERE tenant_id = ? AND id = ?", arguments: [tenantId, id])
        else { throw OrderRefusal.orderNotFound }
        if actor.role == .customer && order.customerId != actor.id { throw OrderRefusal.notYourOrder }
        return order
    }

    static func transition(
        _ db: Database, _ order: inout OrderRecord, to next: OrderStatus, by who: String, notes: String?, at instant: Date
    ) throws {
        let now = Timestamp.string(instant)
        let previous = order.status
        if next == .served || next == .cancelled {
            try Stock.settle(db, orderId: order.id, tenantId: order.tenantId, consumed: next == .served)
        }
        order.status = next
        order.updatedAt = now
        try order.update(db, columns: ["status", "updated_at"])
        try StatusHistoryRecord(
            id: RecordID.make("osh"), orderId: order.id, tenantId: order.tenantId, fromStatus: previous.rawValue,
            status: next.rawValue, changedAt: now, changedBy: who, notes: notes
        ).insert(db)
        try EventLog.append(
            db, tenantId: order.tenantId, aggregateId: order.id,
            payload: OrderStatusChangedPayload(
                order_id: order.id, ticket_number: order.ticketNumber, tenant_id: order.tenantId,
                table_number: order.tableNumber, old_status: previous.rawValue, new_status: next.rawValue,
                changed_by: who, notes: notes, timestamp: now),
            at: instant)
    }

    static func detail(_ db: Database, _ order: OrderRecord) throws -> OrderDetail {
        OrderDetail(
            order: order,
            items: try OrderItemRecord.filter(Column("order_id") == order.id).order(Column("position")).fetchAll(db),
            history: try StatusHistoryRecord.fetchAll(
                db, sql: "SELECT * FROM order_status_history WHERE order_id = ? ORDER BY changed_at, rowid", arguments: [order.id]),
            payments: try PaymentRecord.fetchAll(
                db, sql: "SELECT * FROM payments WHERE order_id = ? ORDER BY created_at, rowid", arguments: [order.id]))
    }
}

/// A recorded cash payment: the payment, the cash handed over and the change, and the order after it.
public struct CashReceipt: Sendable {
    public var payment: PaymentRecord
    public var cash: CashPaymentRecord
    public var detail: OrderDetail
}
