import Foundation
import GRDB
import IntelliDineDomain

/// A Razorpay payment as one of its two paths reports it: the guest's checkout (its signature
/// checked by the caller) or a webhook (`payment.captured`, `order.paid`).
public struct RazorpayPaymentReport: Sendable {
    public var razorpayOrderId: String
    public var razorpayPaymentId: String
    /// What Razorpay says was paid; the checkout path does not say, and the order's amount stands.
    public var amount: Paise?
    /// `checkout` or `webhook:<event>`, for the payment's `recorded_by`.
    public var source: String
    /// The webhook delivery's event id, remembered in the same transaction as the payment.
    public var webhookEventId: String?
    public var webhookEvent: String?

    public init(
        razorpayOrderId: String, razorpayPaymentId: String, amount: Paise?, source: String,
        webhookEventId: String? = nil, webhookEvent: String? = nil
    ) {
        self.razorpayOrderId = razorpayOrderId
        self.razorpayPaymentId = razorpayPaymentId
        self.amount = amount
        self.source = source
        self.webhookEventId = webhookEventId
        self.webhookEvent = webhookEvent
    }
}

public enum RazorpayPaymentOutcome: Sendable, Equatable {
    /// Recorded now; the order is paid (and completed if it was served).
    case recorded(PaymentRecord)
    /// This payment was recorded before, by the other path or an earlier delivery.
    case alreadyRecorded(PaymentRecord)
    /// Kept for a manager, not accepted: the amount does not match, or the order cannot take it.
    case flagged(PaymentRecord)
    /// A webhook delivery seen before (same event id): nothing to do.
    case duplicateDelivery
    /// No Razorpay order of ours has this id (another shop's, or a forgery that got the secret).
    case unknownOrder
}

extension AppDatabase {
    /// The order a guest (or staff member) wants to pay online and what is still due on it.
    public func onlinePaymentTarget(tenantId: String, orderId: String, visibleTo actor: Actor) async throws -> (OrderRecord, due: Paise) {
        try await pool.read { db in
            guard let order = try OrderRecord.fetchOne(
                db, sql: "SELECT * FROM orders WHERE tenant_id = ? AND id = ?", arguments: [tenantId, orderId])
            else { throw OrderRefusal.orderNotFound }
            if actor.role == .customer && order.customerId != actor.id { throw OrderRefusal.notYourOrder }
            if order.status == .cancelled { throw OrderRefusal.orderCancelled }
            guard order.paidPaise < order.totalPaise else { throw OrderRefusal.alreadyPaid }
            if try TableSessions.isSplit(db, sessionId: order.tableSessionId) { throw SessionRefusal.billIsSplit }
            return (order, Paise(order.totalPaise - order.paidPaise))
        }
    }

    /// The part of a split bill to pay online, what is due on it, and the session order that anchors it.
    public func onlinePaymentTarget(
        tenantId: String, sessionId: String, partId: String, visibleTo actor: Actor
    ) async throws -> (part: BillPartRecord, anchor: OrderRecord, due: Paise) {
        try await pool.read { db in
            let session = try TableSessions.fetch(db, tenantId: tenantId, id: sessionId, visibleTo: actor)
            guard let part = try BillPartRecord.fetchOne(
                db, sql: "SELECT * FROM bill_parts WHERE id = ? AND session_id = ?", arguments: [partId, session.id])
            else { throw SessionRefusal.partNotFound }
            guard !part.isPaid else { throw SessionRefusal.partAlreadyPaid }
            guard let anchor = try OrderRecord.fetchOne(db, sql: """
                SELECT * FROM orders WHERE table_session_id = ? AND status != 'CANCELLED' AND paid_paise < total_paise
                ORDER BY created_at, ticket_number LIMIT 1
                """, arguments: [session.id])
            else { throw SessionRefusal.nothingToPay }
            return (part, anchor, Paise(part.amountPaise - part.paidPaise))
        }
    }

    public func saveRazorpayOrder(_ record: RazorpayOrderRecord) async throws {
        try await pool.write { db in try record.insert(db) }
    }

    public func razorpayOrder(id: String) async throws -> RazorpayOrderRecord? {
        try await pool.read { db in try RazorpayOrderRecord.fetchOne(db, key: id) }
    }

    /// The order a Razorpay order pays, as `actor` may see it: a guest sees their own order, or, when
    /// the Razorpay order pays a part of a table's split bill, the bill's anchor order if they joined
    /// that table's bill (which may hold a tablemate's orders: they see the whole bill anyway).
    public func paidOrder(of razorpayOrder: RazorpayOrderRecord, visibleTo actor: Actor) async throws -> OrderDetail {
        try await pool.read { db in
            guard let order = try OrderRecord.fetchOne(
                db, sql: "SELECT * FROM orders WHERE tenant_id = ? AND id = ?", arguments: [razorpayOrder.tenantId, razorpayOrder.orderId])
            else { throw OrderRefusal.orderNotFound }
            if actor.role == .customer {
                if razorpayOrder.billPartId != nil, let sessionId = order.tableSessionId {
                    _ = try TableSessions.fetch(db, tenantId: razorpayOrder.tenantId, id: sessionId, visibleTo: actor)
                } else if order.customerId != actor.id {
                    throw OrderRefusal.notYourOrder
                }
            }
            return try Self.detail(db, order)
        }
    }

    /// Records a Razorpay payment exactly once, whichever path reports it first; the webhook's
    /// event id is remembered in the same transaction, so a delivery is either fully handled or
    /// not at all. A payment is accepted only for the amount its Razorpay order was created for,
    /// and only while that is still what the order owes; otherwise it is flagged for a manager.
    public func recordRazorpayPayment(_ report: RazorpayPaymentReport, at instant: Date) async throws -> RazorpayPaymentOutcome {
        try await pool.write { db in
            let now = Timestamp.string(instant)
            if let eventId = report.webhookEventId {
                let seen = try Bool.fetchOne(
                    db, sql: "SELECT EXISTS (SELECT 1 FROM razorpay_webhook_events WHERE event_id = ?)", arguments: [eventId]) ?? false
                if seen { return .duplicateDelivery }
            }
            let outcome = try Self.applyRazorpayPayment(db, report, at: instant)
            if let eventId = report.webhookEventId {
                try db.execute(
                    sql: "INSERT INTO razorpay_webhook_events (event_id, event, outcome, received_at) VALUES (?, ?, ?, ?)",
                    arguments: [eventId, report.webhookEvent ?? "", "\(outcome.label)", now])
            }
            return outcome
        }
    }

    /// Webhook deliveries that carry nothing to record are still remembered, so a replay is a no-op.
    public func rememberWebhookDelivery(eventId: String, event: String, outcome: String, at instant: Date) async throws -> Bool {
        try await pool.write { db in
            try db.execute(
                sql: "INSERT OR IGNORE INTO razorpay_webhook_events (event_id, event, outcome, received_at) VALUES (?, ?, ?, ?)",
                arguments: [eventId, event, outcome, Timestamp.string(instant)])
            return db.changesCount > 0
        }
    }

    /// Online payments kept for a manager, newest first.
    public func flaggedPayments(tenantId: String) async throws -> [PaymentRecord] {
        try await pool.read { db in
            try PaymentRecord.fetchAll(
                db, sql: "SELECT * FROM payments WHERE tenant_id = ? AND status = 'FLAGGED' ORDER BY created_at DESC, rowid DESC",
                arguments: [tenantId])
        }
    }

    private static func applyRazorpayPayment(
        _ db: Database, _ report: RazorpayPaymentReport, at instant: Date
    ) throws -> RazorpayPaymentOutcome {
        if let existing = try PaymentRecord.fetchOne(
            db, sql: "SELECT * FROM payments WHERE razorpay_payment_id = ?", arguments: [report.razorpayPaymentId]) {
            return .alreadyRecorded(existing)
        }
        guard let razorpayOrder = try RazorpayOrderRecord.fetchOne(db, key: report.razorpayOrderId),
              var order = try OrderRecord.fetchOne(db, key: razorpayOrder.orderId)
        else { return .unknownOrder }
        if let partId = razorpayOrder.billPartId {
            return try applyBillPartPayment(db, report, razorpayOrder: razorpayOrder, partId: partId, anchor: order, at: instant)
        }

        let amount = report.amount ?? Paise(razorpayOrder.amountPaise)
        guard amount.value > 0 else { return .unknownOrder }  // nothing was taken
        let due = Paise(order.totalPaise - order.paidPaise)
        let source = PaymentLedger.Source(
            method: .razorpay, recordedBy: report.source, razorpayOrderId: razorpayOrder.id, razorpayPaymentId: report.razorpayPaymentId)
        if let reason = OnlinePaymentCheck.flagReason(
            paid: amount, requested: Paise(razorpayOrder.amountPaise), due: due,
            for: .order(cancelled: order.status == .cancelled)) {
            return .flagged(try PaymentLedger.flag(db, amount, on: order, expected: due, reason: reason, from: source, at: instant))
        }
        let payment = try PaymentLedger.record(db, amount, to: &order, from: source, completionNote: "Paid online", at: instant)
        return .recorded(payment)
    }
}

extension AppDatabase {
    /// An online payment for one part of a split bill: accepted for exactly what the part still
    /// owes and spread over the session's orders like cash; otherwise flagged for a manager.
    private static func applyBillPartPayment(
        _ db: Database, _ report: RazorpayPaymentReport, razorpayOrder: RazorpayOrderRecord, partId: String, anchor: OrderRecord,
        at instant: Date
    ) throws -> RazorpayPaymentOutcome {
        let amount = report.amount ?? Paise(razorpayOrder.amountPaise)
        guard amount.value > 0 else { return .unknownOrder }
        guard var part = try BillPartRecord.fetchOne(db, key: partId),
              let session = try TableSessionRecord.fetchOne(db, key: part.sessionId)
        else { return .unknownOrder }
        let due = Paise(part.amountPaise - part.paidPaise)
        let source = PaymentLedger.Source(
            method: .razorpay, recordedBy: report.source, billPartId: partId, razorpayOrderId: razorpayOrder.id,
            razorpayPaymentId: report.razorpayPaymentId)
        if let reason = OnlinePaymentCheck.flagReason(paid: amount, requested: Paise(razorpayOrder.amountPaise), due: due, for: .billPart) {
            return .flagged(try PaymentLedger.flag(db, amount, on: anchor, expected: due, reason: reason, from: source, at: instant))
        }
        let payments = try TableSessions.pay(db, session: session, amount: amount, from: source, at: instant)
        part.paidPaise += amount.value
        try part.update(db, columns: ["paid_paise"])
        return .recorded(payments[0])
    }
}

extension RazorpayPaymentOutcome {
    /// A short name for logs, answers and the webhook record.
    public var label: String {
        switch self {
        case .recorded: "recorded"
        case .alreadyRecorded: "already_recorded"
        case .flagged: "flagged"
        case .duplicateDelivery: "duplicate"
        case .unknownOrder: "unknown_order"
        }
    }
}
