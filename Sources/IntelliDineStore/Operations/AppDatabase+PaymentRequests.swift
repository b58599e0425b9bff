import Foundation
import GRDB
import IntelliDineDomain

/// What became of a guest's request to pay.
public enum PaymentRequestOutcome: Sendable, Equatable {
    /// The waiters were told now.
    case requested(due: Paise)
    /// The same request was made moments ago; the waiters already know.
    case alreadyRequested(due: Paise)
}

extension AppDatabase {
    /// How long a repeated tap on "pay" is treated as the same request.
    public static let paymentRequestWindow: TimeInterval = 120

    /// Tells the floor that a guest wants to pay an order, once per `paymentRequestWindow`.
    public func requestPayment(
        tenantId: String, orderId: String, method: String, by actor: Actor, at instant: Date
    ) async throws -> PaymentRequestOutcome {
        try await pool.write { db in
            guard let order = try OrderRecord.fetchOne(
                db, sql: "SELECT * FROM orders WHERE tenant_id = ? AND id = ?", arguments: [tenantId, orderId])
            else { throw OrderRefusal.orderNotFound }
            if actor.role == .customer && order.customerId != actor.id { throw OrderRefusal.notYourOrder }
            if order.status == .cancelled { throw OrderRefusal.orderCancelled }
            guard order.paidPaise < order.totalPaise else { throw OrderRefusal.alreadyPaid }
            let due = Paise(order.totalPaise - order.paidPaise)
            let since = Timestamp.string(instant.addingTimeInterval(-Self.paymentRequestWindow))
            let recent = try Bool.fetchOne(db, sql: """
                SELECT EXISTS (SELECT 1 FROM events WHERE aggregate_id = ? AND type = ? AND occurred_at > ?)
                """, arguments: [orderId, PaymentRequestedPayload.eventType, since]) ?? false
            if recent { return .alreadyRequested(due: due) }
            try EventLog.append(
                db, tenantId: tenantId, aggregateId: orderId,
                payload: PaymentRequestedPayload(
                    order_id: orderId, ticket_number: order.ticketNumber, tenant_id: tenantId, table_number: order.tableNumber,
                    method: method, amount_due: due, timestamp: Timestamp.string(instant)),
                at: instant)
            return .requested(due: due)
        }
    }
}
