import Foundation
import GRDB
import IntelliDineDomain

/// Session bookkeeping that runs inside order and payment transactions.
enum TableSessions {
    static func open(_ db: Database, tenantId: String, tableId: String) throws -> TableSessionRecord? {
        try TableSessionRecord.fetchOne(
            db.cachedStatement(sql: "SELECT * FROM table_sessions WHERE tenant_id = ? AND table_id = ? AND status = 'OPEN'"),
            arguments: [tenantId, tableId])
    }

    static func openOrCreate(_ db: Database, tenantId: String, tableId: String, by who: String, at instant: Date) throws -> TableSessionRecord {
        if let session = try open(db, tenantId: tenantId, tableId: tableId) { return session }
        return try create(db, tenantId: tenantId, tableId: tableId, by: who, at: instant)
    }

    /// A new open session at a table that has none (a unique index allows one open per table).
    static func create(_ db: Database, tenantId: String, tableId: String, by who: String, at instant: Date) throws -> TableSessionRecord {
        let session = TableSessionRecord(
            id: RecordID.make("ses"), tenantId: tenantId, tableId: tableId, status: .open, mergedInto: nil,
            openedAt: Timestamp.string(instant), openedBy: who, closedAt: nil)
        try session.insert(db)
        return session
    }

    static func addGuest(_ db: Database, sessionId: String, customerId: String, at instant: Date) throws {
        try db.cachedStatement(sql: "INSERT OR IGNORE INTO session_guests (session_id, customer_id, joined_at) VALUES (?, ?, ?)")
            .execute(arguments: [sessionId, customerId, Timestamp.string(instant)])
    }

    /// An order joins its table's session (opening one at a free table): returns the session id and
    /// the order's round. A bill already split gains a part for the new order, so nothing goes unpaid.
    static func attach(
        _ db: Database, tenantId: String, tableId: String, customerId: String?, by who: String, orderTotal: Paise, at instant: Date
    ) throws -> (sessionId: String, round: Int) {
        // The session's own count (its orders before this one), not a count of its orders' rows. The
        // table's open session is found and counted in one statement (one is open at most, by a
        // unique index); a free table opens one first.
        let sessionId: String
        let placed: Int
        // The last part of the session's bill comes back too: there is one only if the bill was split.
        let lastPart: Int?
        // Read, then counted, in the writer's transaction: `UPDATE … RETURNING` costs SQLite a
        // temporary table per statement (docs/architecture.md, "The order path's statements").
        // Whether the guest already sits at the session comes too: a guest's later rounds then write
        // nothing to `session_guests`.
        let seated: Bool
        if let open = try db.fetchBound("""
            SELECT id, orders_placed, (SELECT MAX(position) FROM bill_parts WHERE session_id = table_sessions.id),
              EXISTS (SELECT 1 FROM session_guests WHERE session_id = table_sessions.id AND customer_id = ?)
            FROM table_sessions WHERE tenant_id = ? AND table_id = ? AND status = 'OPEN'
            """, { $0.add(customerId); $0.add(tenantId); $0.add(tableId) },
            { (id: $0.text(0), placed: $0.int(1), lastPart: $0.optionalInt(2), seated: $0.bool(3)) })
        {
            (sessionId, placed, lastPart, seated) = (open.id, open.placed, open.lastPart, open.seated)
        } else {
            // A new session has no bill parts and no guests.
            sessionId = try create(db, tenantId: tenantId, tableId: tableId, by: who, at: instant).id
            placed = 0
            lastPart = nil
            seated = false
        }
        try db.runBound("UPDATE table_sessions SET orders_placed = ? WHERE id = ?") { $0.add(placed + 1); $0.add(sessionId) }
        if let customerId, !seated { try addGuest(db, sessionId: sessionId, customerId: customerId, at: instant) }
        if let last = lastPart {
            try BillPartRecord(
                id: RecordID.make("part"), tenantId: tenantId, sessionId: sessionId, position: last + 1, kind: "ADDED",
                label: "Round \(placed + 1), ordered after the split", amountPaise: orderTotal.value, paidPaise: 0, items: "[]",
                createdAt: Timestamp.string(instant)
            ).insert(db)
        }
        return (sessionId, placed + 1)
    }

    static func fetch(_ db: Database, tenantId: String, id: String, visibleTo actor: Actor) throws -> TableSessionRecord {
        guard let session = try TableSessionRecord.fetchOne(
            db, sql: "SELECT * FROM table_sessions WHERE tenant_id = ? AND id = ?", arguments: [tenantId, id])
        else { throw SessionRefusal.sessionNotFound }
        if actor.role == .customer {
            let member = try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM session_guests WHERE session_id = ? AND customer_id = ?", arguments: [id, actor.id])!
            guard member > 0 else { throw SessionRefusal.notInSession }
        }
        return session
    }

    static func bill(_ db: Database, _ session: TableSessionRecord) throws -> SessionBill {
        let orders = try OrderRecord.fetchAll(
            db, sql: "SELECT * FROM orders WHERE table_session_id = ? ORDER BY created_at, ticket_number", arguments: [session.id])
        let details = try orders.map { try AppDatabase.detail(db, $0) }
        var lines: [BillSplit.Line] = []
        for detail in details where detail.order.status != .cancelled {
            let shares = BillSplit.lineShares(
                orderTotal: Paise(detail.order.totalPaise),
                lines: detail.items.map { (Paise($0.subtotalPaise), GSTRate(total: BasisPoints($0.gstRateBp))) },
                pricesIncludeTax: detail.order.pricesIncludeTax)
            lines += zip(detail.items, shares).map { BillSplit.Line(id: $0.id, gross: $1) }
        }
        let table = try AppDatabase.table(db, tenantId: session.tenantId, id: session.tableId)
        return SessionBill(
            session: session, tableNumber: table?.tableNumber ?? 0,
            guests: try String.fetchAll(db, sql: "SELECT customer_id FROM session_guests WHERE session_id = ? ORDER BY joined_at", arguments: [session.id]),
            orders: details,
            parts: try BillPartRecord.fetchAll(db, sql: "SELECT * FROM bill_parts WHERE session_id = ? ORDER BY position", arguments: [session.id]),
            lines: lines)
    }

    /// Points a session's orders and open calls at another table.
    static func retable(_ db: Database, sessionId: String, to table: TableRecord) throws {
        try db.execute(
            sql: "UPDATE orders SET table_id = ?, table_number = ? WHERE table_session_id = ?",
            arguments: [table.id, table.tableNumber, sessionId])
        try db.execute(
            sql: "UPDATE table_calls SET table_id = ?, table_number = ? WHERE session_id = ? AND status = 'OPEN'",
            arguments: [table.id, table.tableNumber, sessionId])
    }

    /// Spreads `amount` over the session's orders, oldest first, as one payment row per order
    /// (all with `bill_id` = the part); orders paid in full and served are completed.
    static func pay(_ db: Database, session: TableSessionRecord, amount: Paise, from source: PaymentLedger.Source, at instant: Date) throws -> [PaymentRecord] {
        var left = amount.value
        var payments: [PaymentRecord] = []
        let orders = try OrderRecord.fetchAll(db, sql: """
            SELECT * FROM orders WHERE table_session_id = ? AND status != 'CANCELLED' AND paid_paise < total_paise
            ORDER BY created_at, ticket_number
            """, arguments: [session.id])
        var slicing = source
        for var order in orders where left > 0 {
            let slice = min(left, order.totalPaise - order.paidPaise)
            left -= slice
            payments.append(try PaymentLedger.record(db, Paise(slice), to: &order, from: slicing, completionNote: "Table bill paid", at: instant))
            // Razorpay's payment id is unique per payment row: only the first slice carries it.
            slicing.razorpayPaymentId = nil
        }
        guard !payments.isEmpty else { throw SessionRefusal.nothingToPay }
        // Money the orders cannot take would be collected and recorded nowhere: refuse it whole.
        guard left == 0 else { throw SessionRefusal.billChanged }
        return payments
    }

    /// Closes the session when every order on it is paid in full: the table is free again, and the
    /// bill gets its tax invoice.
    static func closeIfSettled(_ db: Database, sessionId: String?, at instant: Date) throws {
        guard let sessionId else { return }
        let owing = try Int.fetchOne(db, sql: """
            SELECT COUNT(*) FROM orders WHERE table_session_id = ? AND status != 'CANCELLED' AND paid_paise < total_paise
            """, arguments: [sessionId])!
        let placed = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM orders WHERE table_session_id = ? AND status != 'CANCELLED'", arguments: [sessionId])!
        guard owing == 0, placed > 0 else { return }
        try db.execute(
            sql: "UPDATE table_sessions SET status = 'CLOSED', closed_at = ? WHERE id = ? AND status = 'OPEN'",
            arguments: [Timestamp.string(instant), sessionId])
        // The settled bill gets its tax invoice number in the same transaction: no gaps in the series.
        if db.changesCount > 0 { try Invoices.issue(db, sessionId: sessionId, at: instant) }
    }

    /// An order on a split bill is being cancelled: the parts no longer add up, so an unpaid split
    /// is undone (the bill is split again); once part of it is paid, the order cannot be cancelled.
    static func orderCancelled(_ db: Database, sessionId: String?) throws {
        guard let sessionId, try isSplit(db, sessionId: sessionId) else { return }
        let paid = try Int64.fetchOne(db, sql: "SELECT COALESCE(SUM(paid_paise), 0) FROM bill_parts WHERE session_id = ?", arguments: [sessionId])!
        guard paid == 0 else { throw SessionRefusal.billPartlyPaid }
        try db.execute(sql: "DELETE FROM bill_parts WHERE session_id = ?", arguments: [sessionId])
    }

    /// Whether the order's session bill is split into parts (then the parts are what is paid).
    static func isSplit(_ db: Database, sessionId: String?) throws -> Bool {
        guard let sessionId else { return false }
        return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM bill_parts WHERE session_id = ?", arguments: [sessionId])! > 0
    }
}
