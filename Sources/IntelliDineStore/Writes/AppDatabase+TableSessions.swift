import Foundation
import GRDB
import IntelliDineDomain

/// A table's session: its guests and, across rounds, all their orders on one bill.
public struct TableSessionRecord: SnakeCaseRecord, Equatable {
    public static let databaseTableName = "table_sessions"
    public var id: String
    public var tenantId: String
    public var tableId: String
    /// `OPEN`, `CLOSED` (paid in full) or `MERGED` (into `mergedInto`).
    public var status: String
    public var mergedInto: String?
    public var openedAt: String
    public var openedBy: String
    public var closedAt: String?
}

/// One part of a split bill, paid on its own.
public struct BillPartRecord: SnakeCaseRecord, Equatable {
    public static let databaseTableName = "bill_parts"
    public var id: String
    public var tenantId: String
    public var sessionId: String
    public var position: Int
    /// `WHOLE`, `EQUAL`, `ITEMS`, `AMOUNT`, or `ADDED` (an order placed after the split).
    public var kind: String
    public var label: String
    public var amountPaise: Int64
    public var paidPaise: Int64
    /// JSON array of the order line ids a by-items part pays for.
    public var items: String
    public var createdAt: String

    public var isPaid: Bool { paidPaise >= amountPaise }
}

/// A session with everything its bill shows.
public struct SessionBill: Sendable {
    public var session: TableSessionRecord
    public var tableNumber: Int
    public var guests: [String]
    public var orders: [OrderDetail]
    public var parts: [BillPartRecord]
    /// Every line with its share of its order's total, tax included.
    public var lines: [BillSplit.Line]

    /// Orders that count: cancelled ones are off the bill.
    public var billable: [OrderDetail] { orders.filter { $0.order.status != OrderStatus.cancelled.rawValue } }
    public var total: Paise { Paise(billable.reduce(0) { $0 + $1.order.totalPaise }) }
    public var paid: Paise { Paise(billable.reduce(0) { $0 + $1.order.paidPaise }) }
    public var due: Paise { total - paid }
}

/// Why a session action is refused.
public enum SessionRefusal: Error, Equatable, Sendable {
    case sessionNotFound
    case notInSession
    case sessionClosed
    case tableOccupied(Int)
    case sameSession
    case billPartlyPaid
    case nothingToPay
    case partNotFound
    case partAlreadyPaid
    case billIsSplit
    /// The bill no longer owes what the part was cut for (an order was cancelled after a split).
    case billChanged
    case split(BillSplit.Refusal)
    case callNotFound
}

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
            guard session.status == "OPEN" else { throw SessionRefusal.sessionClosed }
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
            guard into.status == "OPEN", from.status == "OPEN" else { throw SessionRefusal.sessionClosed }
            // A bill that has taken money keeps its parts as they were paid.
            for session in [into, from] where try TableSessions.bill(db, session).paid > .zero { throw SessionRefusal.billPartlyPaid }
            guard let table = try Self.table(db, tenantId: tenantId, id: into.tableId) else { throw OrderRefusal.tableNotFound(into.tableId) }
            try db.execute(sql: "UPDATE orders SET table_session_id = ? WHERE table_session_id = ?", arguments: [into.id, from.id])
            try db.execute(sql: """
                INSERT OR IGNORE INTO session_guests (session_id, customer_id, joined_at)
                SELECT ?, customer_id, joined_at FROM session_guests WHERE session_id = ?
                """, arguments: [into.id, from.id])
            try db.execute(sql: "DELETE FROM bill_parts WHERE session_id IN (?, ?)", arguments: [into.id, from.id])
            try db.execute(sql: "UPDATE table_calls SET status = 'ACKNOWLEDGED', acknowledged_at = ?, acknowledged_by = ? WHERE session_id = ? AND status = 'OPEN'",
                           arguments: [Timestamp.string(instant), actor.name, from.id])
            try TableSessions.retable(db, sessionId: into.id, to: table)
            from.status = "MERGED"
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
            guard session.status == "OPEN" else { throw SessionRefusal.sessionClosed }
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

/// Session bookkeeping that runs inside order and payment transactions.
enum TableSessions {
    static func open(_ db: Database, tenantId: String, tableId: String) throws -> TableSessionRecord? {
        try TableSessionRecord.fetchOne(
            db.cachedStatement(sql: "SELECT * FROM table_sessions WHERE tenant_id = ? AND table_id = ? AND status = 'OPEN'"),
            arguments: [tenantId, tableId])
    }

    static func openOrCreate(_ db: Database, tenantId: String, tableId: String, by who: String, at instant: Date) throws -> TableSessionRecord {
        if let session = try open(db, tenantId: tenantId, tableId: tableId) { return session }
        let session = TableSessionRecord(
            id: RecordID.make("ses"), tenantId: tenantId, tableId: tableId, status: "OPEN", mergedInto: nil,
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
        let session = try openOrCreate(db, tenantId: tenantId, tableId: tableId, by: who, at: instant)
        if let customerId { try addGuest(db, sessionId: session.id, customerId: customerId, at: instant) }
        let placed = try Int.fetchOne(
            db.cachedStatement(sql: "SELECT COUNT(*) FROM orders WHERE table_session_id = ?"), arguments: [session.id])!
        if let last = try Int.fetchOne(db.cachedStatement(sql: "SELECT MAX(position) FROM bill_parts WHERE session_id = ?"), arguments: [session.id]) {
            try BillPartRecord(
                id: RecordID.make("part"), tenantId: tenantId, sessionId: session.id, position: last + 1, kind: "ADDED",
                label: "Round \(placed + 1), ordered after the split", amountPaise: orderTotal.value, paidPaise: 0, items: "[]",
                createdAt: Timestamp.string(instant)
            ).insert(db)
        }
        return (session.id, placed + 1)
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
        for detail in details where detail.order.status != OrderStatus.cancelled.rawValue {
            let shares = BillSplit.lineShares(orderTotal: Paise(detail.order.totalPaise), lineSubtotals: detail.items.map { Paise($0.subtotalPaise) })
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
