import Foundation
import GRDB
import IntelliDineDomain

/// A business day's report (docs/day-close.md): the X report mid-day, and the Z report frozen at
/// the close. Both are this one computation, so the Z equals the X taken at the moment of closing.
public struct DayReport: Codable, Sendable, Equatable {
    public struct Cancellation: Codable, Sendable, Equatable {
        public var order_id: String
        public var ticket_number: Int
        public var table_number: Int
        public var total: Paise
        public var cancelled_by: String
        public var reason: String
    }

    public struct OpenBill: Codable, Sendable, Equatable {
        public var session_id: String
        public var table_number: Int
        public var due: Paise
    }

    public struct Movement: Codable, Sendable, Equatable {
        public var direction: String
        public var amount: Paise
        public var reason: String
        public var recorded_by: String
        public var recorded_at: String
    }

    public var business_date: String
    public var orders: Int
    public var sales: Paise
    public var taxes: [TaxJSON]
    public var gst: Paise
    public var service_charge: Paise
    public var round_off: Paise
    public var discounts_by_rules: Paise
    public var discounts_by_model: Paise
    /// Money taken in the day, by method (CASH, UPI, CARD, RAZORPAY), each apart.
    public var payments_by_method: [String: Paise]
    public var cancellations: [Cancellation]
    public var cash_movements: [Movement]
    public var cash_in: Paise
    public var cash_out: Paise
    /// Bills still owing: each is settled or carried over to the next day before the close.
    public var open_bills: [OpenBill]
}

/// A closed day, as stored.
public struct DayCloseRecord: SnakeCaseRecord, Equatable {
    public static let databaseTableName = "day_closes"
    public var tenantId: String
    public var businessDate: String
    public var number: Int
    public var openingFloatPaise: Int64
    public var expectedCashPaise: Int64
    public var countedCashPaise: Int64
    public var denominations: String?
    public var variancePaise: Int64
    public var varianceReason: String
    public var carriedOver: String
    public var report: String
    public var closedBy: String
    public var closedAt: String

    public var frozenReport: DayReport? { try? JSONDecoder().decode(DayReport.self, from: Data(report.utf8)) }
}

/// Why a close or a cash entry is refused.
public enum DayCloseRefusal: Error, Equatable, Sendable {
    case alreadyClosed(String)
    case openBills([DayReport.OpenBill])
    case varianceNeedsReason(Paise)
}

/// What the manager brings to the close.
public struct DayCloseInput: Sendable {
    public var businessDate: String
    public var openingFloat: Paise
    public var counted: Paise
    /// The count by note and coin, as JSON, when the manager counted that way.
    public var denominations: String?
    public var varianceReason: String
    /// Open bills the manager moves to the next day, by session id.
    public var carryOver: [String]

    public init(businessDate: String, openingFloat: Paise, counted: Paise, denominations: String?, varianceReason: String, carryOver: [String]) {
        (self.businessDate, self.openingFloat, self.counted, self.denominations) = (businessDate, openingFloat, counted, denominations)
        (self.varianceReason, self.carryOver) = (varianceReason, carryOver)
    }
}

extension AppDatabase {
    /// The X report: the day so far, read-only.
    public func dayReport(tenantId: String, businessDate: String) async throws -> (DayReport, DayCloseRecord?) {
        try await pool.read { db in
            (try Self.dayReport(db, tenantId: tenantId, businessDate: businessDate),
             try DayCloseRecord.fetchOne(db, key: ["tenant_id": tenantId, "business_date": businessDate]))
        }
    }

    /// Cash put into or taken out of the drawer, with why; counted in the day it is recorded on.
    public func recordCashMovement(
        tenantId: String, businessDate: String, direction: String, amount: Paise, reason: String, by who: String, at instant: Date
    ) async throws {
        try await pool.write { db in
            let day = try BusinessDay.open(db, tenantId: tenantId, localDate: businessDate)
            try db.execute(sql: """
                INSERT INTO cash_movements (id, tenant_id, business_date, direction, amount_paise, reason, recorded_by, recorded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [RecordID.make("cash"), tenantId, day, direction, amount.value, reason, who, Timestamp.string(instant)])
        }
    }

    /// Closes a business day: the report, the counted cash and the variance are frozen under the
    /// next number, in one transaction with the check that no bill is left open (unless carried over).
    public func closeDay(tenantId: String, _ input: DayCloseInput, by who: String, at instant: Date) async throws -> (DayCloseRecord, DayReport) {
        try await pool.write { db in
            if try DayCloseRecord.exists(db, key: ["tenant_id": tenantId, "business_date": input.businessDate]) {
                throw DayCloseRefusal.alreadyClosed(input.businessDate)
            }
            let report = try Self.dayReport(db, tenantId: tenantId, businessDate: input.businessDate)
            let left = report.open_bills.filter { !input.carryOver.contains($0.session_id) }
            guard left.isEmpty else { throw DayCloseRefusal.openBills(left) }
            let expected = CashCount.expected(
                openingFloat: input.openingFloat, cashPayments: report.payments_by_method[PaymentMethod.cash.rawValue] ?? .zero,
                cashIn: report.cash_in, cashOut: report.cash_out)
            let variance = input.counted - expected
            guard variance == .zero || !input.varianceReason.isEmpty else { throw DayCloseRefusal.varianceNeedsReason(variance) }
            let number = try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(number), 0) + 1 FROM day_closes WHERE tenant_id = ?", arguments: [tenantId])!
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            let close = DayCloseRecord(
                tenantId: tenantId, businessDate: input.businessDate, number: number, openingFloatPaise: input.openingFloat.value,
                expectedCashPaise: expected.value, countedCashPaise: input.counted.value, denominations: input.denominations,
                variancePaise: variance.value, varianceReason: input.varianceReason,
                carriedOver: String(decoding: try encoder.encode(input.carryOver), as: UTF8.self),
                report: String(decoding: try encoder.encode(report), as: UTF8.self), closedBy: who, closedAt: Timestamp.string(instant))
            try close.insert(db)
            try EventLog.append(
                db, tenantId: tenantId, aggregateId: "day-\(input.businessDate)",
                payload: DayClosedPayload(
                    tenant_id: tenantId, business_date: input.businessDate, number: number, sales: report.sales, gst: report.gst,
                    payments_by_method: report.payments_by_method, expected_cash: expected, counted_cash: input.counted,
                    variance: variance, closed_by: who, timestamp: close.closedAt),
                at: instant)
            return (close, report)
        }
    }

    /// The closed days, newest first.
    public func dayCloses(tenantId: String, limit: Int = 60) async throws -> [DayCloseRecord] {
        try await pool.read { db in
            try DayCloseRecord.fetchAll(
                db, sql: "SELECT * FROM day_closes WHERE tenant_id = ? ORDER BY number DESC LIMIT ?", arguments: [tenantId, limit])
        }
    }

    static func dayReport(_ db: Database, tenantId: String, businessDate: String) throws -> DayReport {
        let orders = try Row.fetchAll(db, sql: """
            SELECT total_paise, service_charge_paise, round_off_paise, tax_lines FROM orders
            WHERE tenant_id = ? AND business_date = ? AND status != 'CANCELLED'
            """, arguments: [tenantId, businessDate])
        let taxes = TaxLine.sumByRate(orders.map { TaxLinesJSON.decode($0["tax_lines"]) })
        let given = try discountsGiven(db, tenantId: tenantId, from: businessDate, to: businessDate)
        var byMethod: [String: Paise] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT payment_method, SUM(amount_paise) AS amount FROM payments
            WHERE tenant_id = ? AND business_date = ? AND status = 'COMPLETED' GROUP BY payment_method
            """, arguments: [tenantId, businessDate]) {
            byMethod[row["payment_method"]] = Paise(row["amount"])
        }
        let cancellations = try Row.fetchAll(db, sql: """
            SELECT o.id, o.ticket_number, o.table_number, o.total_paise, h.changed_by, COALESCE(h.notes, '') AS notes
            FROM orders o JOIN order_status_history h ON h.order_id = o.id AND h.status = 'CANCELLED'
            WHERE o.tenant_id = ? AND o.business_date = ? AND o.status = 'CANCELLED' ORDER BY o.ticket_number
            """, arguments: [tenantId, businessDate]).map {
            DayReport.Cancellation(
                order_id: $0["id"], ticket_number: $0["ticket_number"], table_number: $0["table_number"], total: Paise($0["total_paise"]),
                cancelled_by: $0["changed_by"], reason: $0["notes"])
        }
        let movements = try Row.fetchAll(db, sql: """
            SELECT direction, amount_paise, reason, recorded_by, recorded_at FROM cash_movements
            WHERE tenant_id = ? AND business_date = ? ORDER BY recorded_at
            """, arguments: [tenantId, businessDate]).map {
            DayReport.Movement(direction: $0["direction"], amount: Paise($0["amount_paise"]), reason: $0["reason"], recorded_by: $0["recorded_by"], recorded_at: $0["recorded_at"])
        }
        let open = try Row.fetchAll(db, sql: """
            SELECT s.id, o.table_number, SUM(o.total_paise - o.paid_paise) AS due FROM table_sessions s
            JOIN orders o ON o.table_session_id = s.id AND o.status != 'CANCELLED'
            WHERE s.tenant_id = ? AND s.status = 'OPEN' AND o.business_date <= ?
            GROUP BY s.id HAVING due > 0 ORDER BY o.table_number
            """, arguments: [tenantId, businessDate]).map {
            DayReport.OpenBill(session_id: $0["id"], table_number: $0["table_number"], due: Paise($0["due"]))
        }
        let sum = { (direction: String) in Paise(movements.filter { $0.direction == direction }.reduce(0) { $0 + $1.amount.value }) }
        return DayReport(
            business_date: businessDate, orders: orders.count, sales: Paise(orders.reduce(0) { $0 + ($1["total_paise"] as Int64) }),
            taxes: taxes.map(TaxJSON.init),
            gst: taxes.reduce(.zero) { $0 + $1.tax.total }, service_charge: Paise(orders.reduce(0) { $0 + ($1["service_charge_paise"] as Int64) }),
            round_off: Paise(orders.reduce(0) { $0 + ($1["round_off_paise"] as Int64) }),
            discounts_by_rules: given.rules, discounts_by_model: given.model, payments_by_method: byMethod,
            cancellations: cancellations, cash_movements: movements, cash_in: sum("IN"), cash_out: sum("OUT"), open_bills: open)
    }
}
