import Foundation
import GRDB
import IntelliDineDomain

/// A call as the floor and the guest see it: with what the table owes when it asks for the bill.
public struct TableCallView: Sendable {
    public var call: TableCallRecord
    /// The table's whole bill still due (every guest's orders), for a BILL call on an open bill.
    public var amountDue: Paise?
}

extension AppDatabase {
    /// Calls a waiter to the table. A call of the same kind still open is returned as it is
    /// (`created` false): repeated taps do not pile up.
    public func callWaiter(tenantId: String, tableId: String, kind: String, at instant: Date) async throws -> (call: TableCallView, created: Bool) {
        try await pool.write { db in
            guard let table = try Self.table(db, tenantId: tenantId, id: tableId) else { throw OrderRefusal.tableNotFound(tableId) }
            if let open = try TableCallRecord.fetchOne(
                db, sql: "SELECT * FROM table_calls WHERE tenant_id = ? AND table_id = ? AND kind = ? AND status = 'OPEN'",
                arguments: [tenantId, table.id, kind]) {
                return (try Self.view(db, open), false)
            }
            let now = Timestamp.string(instant)
            let call = TableCallRecord(
                id: RecordID.make("call"), tenantId: tenantId, tableId: table.id, tableNumber: table.tableNumber,
                sessionId: try TableSessions.open(db, tenantId: tenantId, tableId: table.id)?.id, kind: kind, status: .open,
                createdAt: now, acknowledgedAt: nil, acknowledgedBy: nil)
            try call.insert(db)
            try EventLog.append(
                db, tenantId: call.tenantId, aggregateId: call.tableId, payload: TableCallPayload(call, at: instant), at: instant)
            return (try Self.view(db, call), true)
        }
    }

    /// One call, for the guest who made it to see when a waiter has taken it.
    public func tableCall(tenantId: String, id: String) async throws -> TableCallView {
        try await pool.read { db in
            guard let call = try TableCallRecord.fetchOne(
                db, sql: "SELECT * FROM table_calls WHERE tenant_id = ? AND id = ?", arguments: [tenantId, id])
            else { throw SessionRefusal.callNotFound }
            return try Self.view(db, call)
        }
    }

    private static func view(_ db: Database, _ call: TableCallRecord) throws -> TableCallView {
        guard call.kind == "BILL", let sessionId = call.sessionId else { return TableCallView(call: call, amountDue: nil) }
        let due = try Int64.fetchOne(db, sql: """
            SELECT COALESCE(SUM(total_paise - paid_paise), 0) FROM orders WHERE table_session_id = ? AND status != 'CANCELLED'
            """, arguments: [sessionId]) ?? 0
        return TableCallView(call: call, amountDue: Paise(due))
    }

    /// A waiter takes the call; acknowledging twice changes nothing.
    public func acknowledgeCall(tenantId: String, callId: String, by actor: Actor, at instant: Date) async throws -> TableCallRecord {
        try await pool.write { db in
            guard var call = try TableCallRecord.fetchOne(
                db, sql: "SELECT * FROM table_calls WHERE tenant_id = ? AND id = ?", arguments: [tenantId, callId])
            else { throw SessionRefusal.callNotFound }
            guard call.status == .open else { return call }
            call.status = .acknowledged
            call.acknowledgedAt = Timestamp.string(instant)
            call.acknowledgedBy = actor.name
            try call.update(db)
            try EventLog.append(
                db, tenantId: call.tenantId, aggregateId: call.tableId, payload: TableCallAcknowledgedPayload(call, at: instant),
                at: instant)
            return call
        }
    }

    /// Calls not yet taken, oldest first.
    public func openCalls(tenantId: String) async throws -> [TableCallView] {
        try await pool.read { db in
            try TableCallRecord.fetchAll(
                db, sql: "SELECT * FROM table_calls WHERE tenant_id = ? AND status = 'OPEN' ORDER BY created_at", arguments: [tenantId]
            ).map { try Self.view(db, $0) }
        }
    }
}

extension TableCallPayload {
    init(_ call: TableCallRecord, at instant: Date) {
        self.init(
            call_id: call.id, tenant_id: call.tenantId, table_id: call.tableId, table_number: call.tableNumber, kind: call.kind,
            status: call.status.rawValue, acknowledged_by: call.acknowledgedBy, timestamp: Timestamp.string(instant))
    }
}

extension TableCallAcknowledgedPayload {
    init(_ call: TableCallRecord, at instant: Date) {
        self.init(
            call_id: call.id, tenant_id: call.tenantId, table_id: call.tableId, table_number: call.tableNumber, kind: call.kind,
            status: call.status.rawValue, acknowledged_by: call.acknowledgedBy, timestamp: Timestamp.string(instant))
    }
}
