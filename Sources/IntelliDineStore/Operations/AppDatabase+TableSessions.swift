import Foundation
import GRDB
import IntelliDineDomain

extension AppDatabase {
    /// A guest who scanned the table's QR code joins its open session (nil when the table is free:
    /// their first order will open one).
    public func joinSession(tenantId: String, tableId: String, customerId: String, at instant: Date) async throws -> SessionBill? {
        try await pool.write { db in
            guard try Self.table(db, tenantId: tenantId, id: tableId) != nil else { throw OrderRefusal.tableNotFound(tableId) }
            guard let session = try TableSessions.open(db, tenantId: tenantId, tableId: tableId) else { return nil }
            try TableSessions.addGuest(db, sessionId: session.id, customerId: customerId, at: instant)
            return try TableSessions.bill(db, session)
        }
    }

    /// A waiter seats a table: its open session, opened now if there is none.
    public func seatTable(tenantId: String, tableId: String, by actor: Actor, at instant: Date) async throws -> SessionBill {
        try await pool.write { db in
            guard try Self.table(db, tenantId: tenantId, id: tableId) != nil else { throw OrderRefusal.tableNotFound(tableId) }
            let session = try TableSessions.openOrCreate(db, tenantId: tenantId, tableId: tableId, by: actor.name, at: instant)
            return try TableSessions.bill(db, session)
        }
    }

    /// A session's bill, for its guests and the staff.
    public func sessionBill(tenantId: String, sessionId: String, visibleTo actor: Actor) async throws -> SessionBill {
        try await pool.read { db in
            let session = try TableSessions.fetch(db, tenantId: tenantId, id: sessionId, visibleTo: actor)
            return try TableSessions.bill(db, session)
        }
    }

    /// The open sessions, for the waiters' floor view.
    public func openSessions(tenantId: String) async throws -> [SessionBill] {
        try await pool.read { db in
            try TableSessionRecord.fetchAll(
                db, sql: "SELECT * FROM table_sessions WHERE tenant_id = ? AND status = 'OPEN' ORDER BY opened_at", arguments: [tenantId]
            ).map { try TableSessions.bill(db, $0) }
        }
    }

    /// Moves a session (its orders, its calls) to a free table.
    public func moveSession(tenantId: String, sessionId: String, toTable tableId: String, by actor: Actor, at instant: Date) async throws -> SessionBill {
        try await pool.write { db in
            var session = try TableSessions.fetch(db, tenantId: tenantId, id: sessionId, visibleTo: actor)
            guard session.status == .open else { throw SessionRefusal.sessionClosed }
            guard let table = try Self.table(db, tenantId: tenantId, id: tableId) else { throw OrderRefusal.tableNotFound(tableId) }
            if table.id == session.tableId { return try TableSessions.bill(db, session) }
            if try TableSessions.open(db, tenantId: tenantId, tableId: table.id) != nil { throw SessionRefusal.tableOccupied(table.tableNumber) }
            session.tableId = table.id
            try session.update(db, columns: ["table_id"])
            try TableSessions.retable(db, sessionId: session.id, to: table)
            return try TableSessions.bill(db, session)
        }
    }

    /// Merges `fromId` into `intoId`: its guests and orders join the other bill, at that table.
    public func mergeSessions(tenantId: String, into intoId: String, from fromId: String, by actor: Actor, at instant: Date) async throws -> SessionBill {
        try await pool.write { db in
            guard intoId != fromId else { throw SessionRefusal.sameSession }
            let into = try TableSessions.fetch(db, tenantId: tenantId, id: intoId, visibleTo: actor)
            var from = try TableSessions.fetch(db, tenantId: tenantId, id: fromId, visibleTo: actor)
            guard into.status == .open, from.status == .open else { throw SessionRefusal.sessionClosed }
            // A bill that has taken money keeps its parts as they were paid.
            for session in [into, from] where try TableSessions.bill(db, session).paid > .zero { throw SessionRefusal.billPartlyPaid }
            guard let table = try Self.table(db, tenantId: tenantId, id: into.tableId) else { throw OrderRefusal.tableNotFound(into.tableId) }
            try db.execute(sql: "UPDATE orders SET table_session_id = ? WHERE table_session_id = ?", arguments: [into.id, from.id])
            // The merged bill's next order is the round after both tables' orders.
            try db.execute(sql: "UPDATE table_sessions SET orders_placed = orders_placed + (SELECT orders_placed FROM table_sessions WHERE id = ?) WHERE id = ?",
                           arguments: [from.id, into.id])
            try db.execute(sql: """
                INSERT OR IGNORE INTO session_guests (session_id, customer_id, joined_at)
                SELECT ?, customer_id, joined_at FROM session_guests WHERE session_id = ?
                """, arguments: [into.id, from.id])
            try db.execute(sql: "DELETE FROM bill_parts WHERE session_id IN (?, ?)", arguments: [into.id, from.id])
            try db.execute(sql: "UPDATE table_calls SET status = 'ACKNOWLEDGED', acknowledged_at = ?, acknowledged_by = ? WHERE session_id = ? AND status = 'OPEN'",
                           arguments: [Timestamp.string(instant), actor.name, from.id])
            try TableSessions.retable(db, sessionId: into.id, to: table)
            from.status = .merged
            from.mergedInto = into.id
            from.closedAt = Timestamp.string(instant)
            try from.update(db)
            return try TableSessions.bill(db, into)
        }
    }

    /// How a bill is to be split.
    public enum SplitRequest: Sendable {
        case whole
        case equal(parts: Int)
        case amounts([Paise])
        case items([[String]])
    }

    /// Splits what is due into parts (replacing an earlier split); only before anything is paid.
    public func splitBill(tenantId: String, sessionId: String, _ request: SplitRequest, by actor: Actor, at instant: Date) async throws -> SessionBill {
        try await pool.write { db in
            let session = try TableSessions.fetch(db, tenantId: tenantId, id: sessionId, visibleTo: actor)
            guard session.status == .open else { throw SessionRefusal.sessionClosed }
            let bill = try TableSessions.bill(db, session)
            guard bill.paid == .zero else { throw SessionRefusal.billPartlyPaid }
            guard bill.due > .zero else { throw SessionRefusal.nothingToPay }
            let amounts: [Paise]
            let kind: String
            var itemLists: [[String]] = []
            do throws(BillSplit.Refusal) {
                switch request {
                case .whole:
                    (amounts, kind) = ([bill.due], "WHOLE")
                case .equal(let parts):
                    (amounts, kind) = (try BillSplit.equal(bill.due, parts: parts), "EQUAL")
                case .amounts(let given):
                    (amounts, kind) = (try BillSplit.amounts(given, total: bill.due), "AMOUNT")
                case .items(let parts):
                    (amounts, kind) = (try BillSplit.byItems(parts, lines: bill.lines), "ITEMS")
                    itemLists = parts
                }
            } catch {
                throw SessionRefusal.split(error)
            }
            try db.execute(sql: "DELETE FROM bill_parts WHERE session_id = ?", arguments: [session.id])
            let now = Timestamp.string(instant)
            for (index, amount) in amounts.enumerated() {
                let items = itemLists.isEmpty ? "[]" : String(decoding: try JSONEncoder().encode(itemLists[index]), as: UTF8.self)
                try BillPartRecord(
                    id: RecordID.make("part"), tenantId: tenantId, sessionId: session.id, position: index + 1, kind: kind,
                    label: amounts.count == 1 ? "Whole bill" : "Part \(index + 1) of \(amounts.count)", amountPaise: amount.value,
                    paidPaise: 0, items: items, createdAt: now
                ).insert(db)
            }
            return try TableSessions.bill(db, session)
        }
    }

    /// Records cash for one part of a split bill: spread over the session's orders, the change
    /// given back; the session closes (the table is free) once everything is paid.
    public func payBillPartCash(
        tenantId: String, sessionId: String, partId: String, received: Paise, by actor: Actor, at instant: Date
    ) async throws -> (bill: SessionBill, part: BillPartRecord, change: Paise) {
        try await pool.write { db in
            let session = try TableSessions.fetch(db, tenantId: tenantId, id: sessionId, visibleTo: actor)
            guard var part = try BillPartRecord.fetchOne(
                db, sql: "SELECT * FROM bill_parts WHERE id = ? AND session_id = ?", arguments: [partId, session.id])
            else { throw SessionRefusal.partNotFound }
            guard !part.isPaid else { throw SessionRefusal.partAlreadyPaid }
            let due = Paise(part.amountPaise - part.paidPaise)
            guard let change = OrderPricing.change(received: received, due: due) else { throw OrderRefusal.cashShort(due: due) }
            let payments = try TableSessions.pay(
                db, session: session, amount: due, from: .cash(by: actor.name, billPartId: part.id), at: instant)
            try CashPaymentRecord(
                paymentId: payments[0].id, tenantId: tenantId, orderId: payments[0].orderId, amountReceivedPaise: received.value,
                changeGivenPaise: change.value, collectedBy: actor.name
            ).insert(db)
            part.paidPaise += due.value
            try part.update(db, columns: ["paid_paise"])
            let after = try TableSessionRecord.fetchOne(db, key: session.id)!
            return (try TableSessions.bill(db, after), part, change)
        }
    }

    static func table(_ db: Database, tenantId: String, id: String) throws -> TableRecord? {
        try TableRecord.fetchOne(db, sql: "SELECT * FROM tables WHERE tenant_id = ? AND id = ? AND is_active = 1", arguments: [tenantId, id])
    }
}
