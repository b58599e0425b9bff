import Foundation
import GRDB
import IntelliDineDomain

/// The one way money lands on an order, whether cash at the table, Razorpay online, or a slice of
/// a split bill's part: the payment row, the order's `paid_paise`, `payment.completed` in the log,
/// the order completed once it is served and paid in full, and the table's session closed (and
/// invoiced) once every order on it is paid. All inside the caller's write transaction.
enum PaymentLedger {
    /// Where a payment came from, for the payment row.
    struct Source {
        var method: PaymentMethod
        var recordedBy: String
        /// The split bill's part it pays, if any.
        var billPartId: String?
        var razorpayOrderId: String?
        var razorpayPaymentId: String?
        /// A UPI or card payment's reference.
        var reference: String? = nil

        static func cash(by who: String, billPartId: String? = nil) -> Source {
            Source(method: .cash, recordedBy: who, billPartId: billPartId)
        }

        static func counter(_ method: PaymentMethod, reference: String, by who: String, billPartId: String? = nil) -> Source {
            Source(method: method, recordedBy: who, billPartId: billPartId, reference: reference)
        }
    }

    /// The payment that already carries this UPI reference, if any: a UTR pays once.
    static func paymentWithReference(_ db: Database, tenantId: String, source: Source) throws -> PaymentRecord? {
        guard let reference = source.reference else { return nil }
        return try PaymentRecord.fetchOne(db, sql: """
            SELECT * FROM payments WHERE tenant_id = ? AND payment_method = ? AND reference = ? AND status = 'COMPLETED' LIMIT 1
            """, arguments: [tenantId, source.method.rawValue, reference])
    }

    /// Applies `amount` to `order` and returns the payment row; `completionNote` goes on the
    /// status history when this payment completes the order.
    @discardableResult
    static func record(
        _ db: Database, _ amount: Paise, to order: inout OrderRecord, from source: Source, completionNote: String, at instant: Date
    ) throws -> PaymentRecord {
        let now = Timestamp.string(instant)
        let payment = PaymentRecord(
            id: RecordID.make("pay"), tenantId: order.tenantId, orderId: order.id, billId: source.billPartId, amountPaise: amount.value,
            paymentMethod: source.method, status: .completed, razorpayOrderId: source.razorpayOrderId,
            razorpayPaymentId: source.razorpayPaymentId, recordedBy: source.recordedBy, createdAt: now, flagReason: nil,
            reference: source.reference, businessDate: try BusinessDay.forPayment(db, tenantId: order.tenantId, at: instant))
        try payment.insert(db)
        order.paidPaise += amount.value
        order.updatedAt = now
        try order.update(db, columns: ["paid_paise", "updated_at"])
        try EventLog.append(
            db, tenantId: order.tenantId, aggregateId: order.id,
            payload: PaymentCompletedPayload(
                order_id: order.id, tenant_id: order.tenantId, payment_id: payment.id, amount: amount, method: source.method.rawValue,
                timestamp: now),
            at: instant)
        if order.paidPaise >= order.totalPaise, let status = Optional(order.status), OrderStatusMachine.completesWhenPaid(status) {
            try AppDatabase.transition(db, &order, to: .completed, by: source.recordedBy, notes: completionNote, at: instant)
        }
        try TableSessions.closeIfSettled(db, sessionId: order.tableSessionId, at: instant)
        return payment
    }

    /// Records money that was taken but cannot be applied as it is (`OnlinePaymentCheck`): a
    /// flagged payment row and `payment.flagged`, for a manager. The order is not changed.
    static func flag(
        _ db: Database, _ amount: Paise, on order: OrderRecord, expected due: Paise, reason: String, from source: Source, at instant: Date
    ) throws -> PaymentRecord {
        let now = Timestamp.string(instant)
        let payment = PaymentRecord(
            id: RecordID.make("pay"), tenantId: order.tenantId, orderId: order.id, billId: source.billPartId, amountPaise: amount.value,
            paymentMethod: source.method, status: .flagged, razorpayOrderId: source.razorpayOrderId,
            razorpayPaymentId: source.razorpayPaymentId, recordedBy: source.recordedBy, createdAt: now, flagReason: reason,
            reference: source.reference, businessDate: try BusinessDay.forPayment(db, tenantId: order.tenantId, at: instant))
        try payment.insert(db)
        try EventLog.append(
            db, tenantId: order.tenantId, aggregateId: order.id,
            payload: PaymentFlaggedPayload(
                order_id: order.id, tenant_id: order.tenantId, payment_id: payment.id,
                razorpay_payment_id: source.razorpayPaymentId ?? "", amount: amount, expected: due, reason: reason, timestamp: now),
            at: instant)
        return payment
    }
}
