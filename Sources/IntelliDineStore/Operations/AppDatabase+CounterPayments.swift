import Foundation
import GRDB
import IntelliDineDomain

/// What became of a UPI or card payment a waiter recorded.
public enum CounterPaymentOutcome: Sendable {
    /// Applied: the order (or the bill's part) is paid.
    case recorded(PaymentRecord)
    /// Not applied: its reference is already on another payment. A flagged row keeps it for a
    /// manager (GET /api/payments/flagged); nothing is paid.
    case flagged(PaymentRecord, alreadyOn: PaymentRecord)
}

extension AppDatabase {
    /// A UPI or card payment of an order's whole amount due, with its reference.
    public func recordCounterPayment(
        tenantId: String, orderId: String, method: PaymentMethod, reference: String, by actor: Actor, at instant: Date
    ) async throws -> (CounterPaymentOutcome, OrderDetail) {
        try await pool.write { db in
            guard var order = try OrderRecord.fetchOne(db, sql: "SELECT * FROM orders WHERE tenant_id = ? AND id = ?", arguments: [tenantId, orderId])
            else { throw OrderRefusal.orderNotFound }
            if order.status == .cancelled { throw OrderRefusal.orderCancelled }
            guard order.paidPaise < order.totalPaise else { throw OrderRefusal.alreadyPaid }
            if try TableSessions.isSplit(db, sessionId: order.tableSessionId) { throw SessionRefusal.billIsSplit }
            let due = Paise(order.totalPaise - order.paidPaise)
            let source = PaymentLedger.Source.counter(method, reference: reference, by: actor.name)
            if let earlier = try PaymentLedger.paymentWithReference(db, tenantId: tenantId, source: source) {
                let flagged = try PaymentLedger.flag(
                    db, due, on: order, expected: due, reason: Self.reused(reference, earlier), from: source, at: instant)
                return (.flagged(flagged, alreadyOn: earlier), try Self.detail(db, order))
            }
            let payment = try PaymentLedger.record(db, due, to: &order, from: source, completionNote: "Paid in full", at: instant)
            return (.recorded(payment), try Self.detail(db, order))
        }
    }

    /// A UPI or card payment of one part of a split bill, spread over the bill's orders like cash.
    public func payBillPartCounter(
        tenantId: String, sessionId: String, partId: String, method: PaymentMethod, reference: String, by actor: Actor, at instant: Date
    ) async throws -> (CounterPaymentOutcome, SessionBill, BillPartRecord) {
        try await pool.write { db in
            let session = try TableSessions.fetch(db, tenantId: tenantId, id: sessionId, visibleTo: actor)
            guard var part = try BillPartRecord.fetchOne(
                db, sql: "SELECT * FROM bill_parts WHERE id = ? AND session_id = ?", arguments: [partId, session.id])
            else { throw SessionRefusal.partNotFound }
            guard !part.isPaid else { throw SessionRefusal.partAlreadyPaid }
            let due = Paise(part.amountPaise - part.paidPaise)
            let source = PaymentLedger.Source.counter(method, reference: reference, by: actor.name, billPartId: part.id)
            if let earlier = try PaymentLedger.paymentWithReference(db, tenantId: tenantId, source: source) {
                guard let order = try OrderRecord.fetchOne(db, sql: """
                    SELECT * FROM orders WHERE table_session_id = ? AND status != 'CANCELLED' ORDER BY created_at, ticket_number LIMIT 1
                    """, arguments: [session.id]) else { throw SessionRefusal.nothingToPay }
                let flagged = try PaymentLedger.flag(
                    db, due, on: order, expected: due, reason: Self.reused(reference, earlier), from: source, at: instant)
                return (.flagged(flagged, alreadyOn: earlier), try TableSessions.bill(db, session), part)
            }
            let payments = try TableSessions.pay(db, session: session, amount: due, from: source, at: instant)
            part.paidPaise += due.value
            try part.update(db, columns: ["paid_paise"])
            let after = try TableSessionRecord.fetchOne(db, key: session.id)!
            return (.recorded(payments[0]), try TableSessions.bill(db, after), part)
        }
    }

    private static func reused(_ reference: String, _ earlier: PaymentRecord) -> String {
        "Reference \(reference) was already recorded on payment \(earlier.id) (order \(earlier.orderId), \(earlier.createdAt))"
    }
}
