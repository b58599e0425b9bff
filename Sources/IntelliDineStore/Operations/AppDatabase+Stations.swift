import Foundation
import GRDB
import IntelliDineDomain

/// Why a station's change is refused.
public enum StationRefusal: Error, Equatable, Sendable {
    /// The order has no line for this station.
    case nothingForStation(String)
    /// The order is no longer in the kitchen (ready, served, paid or cancelled).
    case notInKitchen(OrderStatus)
}

extension AppDatabase {
    /// A kitchen station starts (`cooking`) or finishes (`done`) its lines of an order. The first
    /// station to start moves the order to PREPARING; the last to finish moves it to READY. Lines
    /// only move forward: a station that taps Start after Ready changes nothing. One transaction,
    /// with the lines' event and any status change, so every screen sees the same order.
    public func changeStation(
        tenantId: String, orderId: String, station: String, to status: KitchenLineStatus, by actor: Actor, at instant: Date
    ) async throws -> OrderDetail {
        try await pool.write { db in
            guard var order = try OrderRecord.fetchOne(
                db, sql: "SELECT * FROM orders WHERE tenant_id = ? AND id = ?", arguments: [tenantId, orderId])
            else { throw OrderRefusal.orderNotFound }
            guard order.status == .pending || order.status == .preparing else { throw StationRefusal.notInKitchen(order.status) }
            let lines = try OrderItemRecord.filter(Column("order_id") == order.id).order(Column("position")).fetchAll(db)
            guard lines.contains(where: { $0.station == station }) else { throw StationRefusal.nothingForStation(station) }
            let from: [KitchenLineStatus] = status == .done ? [.new, .cooking] : [.new]
            try db.execute(
                sql: "UPDATE order_items SET kitchen_status = ? WHERE order_id = ? AND station = ? AND kitchen_status IN (\(databaseQuestionMarks(count: from.count)))",
                arguments: StatementArguments([status.rawValue, order.id, station] + from.map(\.rawValue)))
            guard db.changesCount > 0 else { return try Self.detail(db, order) }
            if order.status == .pending {
                try Self.transition(db, &order, to: .preparing, by: actor.name, notes: "Started at \(station)", at: instant)
            }
            let done = try Bool.fetchOne(
                db, sql: "SELECT NOT EXISTS (SELECT 1 FROM order_items WHERE order_id = ? AND kitchen_status != 'DONE')",
                arguments: [order.id]) ?? false
            if done {
                try Self.transition(db, &order, to: .ready, by: actor.name, notes: "Every station is done", at: instant)
            }
            // Last, after the status events: a screen that applies the status's meaning to the lines
            // (PREPARING starts them all) is then corrected by the exact lines.
            try Self.logLines(db, order, station: station, by: actor.name, at: instant)
            return try Self.detail(db, order)
        }
    }

    /// The whole order started or bumped at once (the expo screen, or an older client): its lines
    /// follow. The order's own `order.status_changed` says so (PREPARING: the lines not started are
    /// cooking; READY: every line is done), so no lines event is written.
    static func moveAllLines(_ db: Database, _ order: OrderRecord, to next: OrderStatus) throws {
        let status: KitchenLineStatus, from: [KitchenLineStatus]
        switch next {
        case .preparing: (status, from) = (.cooking, [.new])
        case .ready: (status, from) = (.done, [.new, .cooking])
        default: return
        }
        try db.execute(
            sql: "UPDATE order_items SET kitchen_status = ? WHERE order_id = ? AND kitchen_status IN (\(databaseQuestionMarks(count: from.count)))",
            arguments: StatementArguments([status.rawValue, order.id] + from.map(\.rawValue)))
    }

    /// Appends `order.lines_changed` with every line as it now is.
    private static func logLines(_ db: Database, _ order: OrderRecord, station: String, by who: String, at instant: Date) throws {
        let lines = try OrderItemRecord.filter(Column("order_id") == order.id).order(Column("position")).fetchAll(db)
        try EventLog.append(
            db, tenantId: order.tenantId, aggregateId: order.id,
            payload: OrderLinesChangedPayload(
                order_id: order.id, ticket_number: order.ticketNumber, tenant_id: order.tenantId, table_number: order.tableNumber,
                station: station, lines: lines.map { .init(position: $0.position, station: $0.station, status: $0.kitchenStatus.rawValue) },
                changed_by: who, timestamp: Timestamp.string(instant)),
            at: instant)
    }
}
