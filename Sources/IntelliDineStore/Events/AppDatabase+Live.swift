import GRDB
import IntelliDineDomain

/// What a live screen (the kitchen display, a guest's tracking page) follows: one restaurant's
/// orders, or one order of it.
public struct LiveScope: Sendable, Equatable {
    public var tenantId: String
    /// Only this order's events (a guest tracking their order); nil for every order.
    public var orderId: String?

    public init(tenantId: String, orderId: String?) {
        self.tenantId = tenantId
        self.orderId = orderId
    }

    /// The event types a live screen shows: an order's life, its payments, and the tables'
    /// calls for a waiter (which a guest following one order never matches).
    public static let eventTypes = [
        OrderCreatedPayload.eventType, OrderStatusChangedPayload.eventType, OrderLinesChangedPayload.eventType, PaymentRequestedPayload.eventType,
        PaymentCompletedPayload.eventType, TableCallPayload.eventType, TableCallAcknowledgedPayload.eventType,
    ]
    /// `(type = ? OR …)`, one term per type: an `IN (?, …)` list made SQLite build a temporary
    /// table on each read, and the feed reads after every commit (docs/architecture.md, "The order
    /// path's statements").
    static let typeCondition = "(" + eventTypes.map { _ in "type = ?" }.joined(separator: " OR ") + ")"

    public func matches(_ event: EventRecord) -> Bool {
        event.tenantId == tenantId && Self.eventTypes.contains(event.type) && (orderId == nil || event.aggregateId == orderId)
    }
}

/// How a live screen starts: the board as it is, or the events it missed while away.
public enum LiveStart: Sendable {
    /// The open orders (or the one order) as of `seq`, read in the same transaction.
    case snapshot(seq: Int64, orders: [OrderDetail])
    /// Every matching event after the client's last `seq`, then the head of the log.
    case catchUp(events: [EventRecord], head: Int64)
}

extension AppDatabase {
    /// Where a live screen starts. A client that names the last `seq` it handled gets exactly
    /// the events it missed; one that is new, too far behind (more than `maxCatchUp` events) or
    /// ahead of this log (a restored box) gets a fresh snapshot instead.
    public func liveStart(_ scope: LiveScope, after: Int64?, maxCatchUp: Int) async throws -> LiveStart {
        try await pool.read { db in
            let head = try EventLog.head(db)
            if let after, after <= head {
                let events = try Self.liveEvents(db, scope, after: after, limit: maxCatchUp + 1)
                if events.count <= maxCatchUp { return .catchUp(events: events, head: head) }
            }
            return .snapshot(seq: head, orders: try Self.liveOrders(db, scope))
        }
    }

    /// Events after `seq` of any restaurant, oldest first, for the live feed to fan out.
    public func liveEvents(after seq: Int64, limit: Int) async throws -> [EventRecord] {
        try await readOneStatement { db in
            try EventLog.events(db, where: "seq > ? AND \(LiveScope.typeCondition) ORDER BY seq LIMIT ?") { values in
                values.add(seq)
                for type in LiveScope.eventTypes { values.add(type) }
                values.add(limit)
            }
        }
    }

    /// The head of the log: where a feed that starts now begins.
    public func logHead() async throws -> Int64 {
        try await readOneStatement { db in try EventLog.head(db) }
    }

    private static func liveEvents(_ db: Database, _ scope: LiveScope, after seq: Int64, limit: Int) throws -> [EventRecord] {
        let order = scope.orderId == nil ? "" : " AND aggregate_id = ?"
        return try EventLog.events(db, where: "seq > ? AND tenant_id = ? AND \(LiveScope.typeCondition)\(order) ORDER BY seq LIMIT ?") { values in
            values.add(seq)
            values.add(scope.tenantId)
            for type in LiveScope.eventTypes { values.add(type) }
            if let orderId = scope.orderId { values.add(orderId) }
            values.add(limit)
        }
    }

    /// The kitchen's board: orders not yet served (new, cooking, ready for pickup), oldest first;
    /// or the one order a guest follows, whatever its status, with its history.
    private static func liveOrders(_ db: Database, _ scope: LiveScope) throws -> [OrderDetail] {
        let orders: [OrderRecord]
        if let orderId = scope.orderId {
            orders = try OrderRecord.fetchAll(
                db, sql: "SELECT * FROM orders WHERE tenant_id = ? AND id = ?", arguments: [scope.tenantId, orderId])
        } else {
            orders = try OrderRecord.fetchAll(db, sql: """
                SELECT * FROM orders WHERE tenant_id = ? AND status IN ('PENDING', 'PREPARING', 'READY')
                ORDER BY created_at, ticket_number LIMIT 1000
                """, arguments: [scope.tenantId])
        }
        let ids = orders.map(\.id)
        let items = Dictionary(grouping: try OrderItemRecord.filter(ids.contains(Column("order_id"))).order(Column("position")).fetchAll(db), by: \.orderId)
        let history = scope.orderId == nil ? [:] : Dictionary(grouping: try StatusHistoryRecord.fetchAll(
            db, sql: "SELECT * FROM order_status_history WHERE order_id = ? ORDER BY changed_at, rowid", arguments: [scope.orderId!]),
            by: \.orderId)
        return orders.map { OrderDetail(order: $0, items: items[$0.id] ?? [], history: history[$0.id] ?? [], payments: []) }
    }
}
