import Foundation
import IntelliDineDomain
import IntelliDineStore
import Logging

/// The `sms-notifier` consumer: an SMS to the guest at each step of their order (docs/events.md,
/// `order.created` and `order.status_changed`, list the texts). Exactly one
/// per event: the event id is recorded as sent, and a redelivered event is skipped. A provider
/// outage makes the consumer back off and retry, so texts are delayed, never lost.
public struct SMSNotifier: EventConsumer {
    public static let consumerName = "sms-notifier"
    public let name = SMSNotifier.consumerName
    /// Events read per pass. Most events send nothing (menu edits, payments, other guests'
    /// walk-in orders), and the cursor moves once per pass, in its own durable write: reading
    /// 500 at a time keeps that write rare during a rush or a catch-up.
    public let batchSize = 500
    public let startsAtHead = true

    let database: AppDatabase
    let sender: any SMSSender
    /// Told of each failed send (for `/metrics`); the event is retried either way.
    let onSendFailure: @Sendable () -> Void

    public init(database: AppDatabase, sender: any SMSSender, onSendFailure: @escaping @Sendable () -> Void = {}) {
        self.database = database
        self.sender = sender
        self.onSendFailure = onSendFailure
    }

    public func handle(_ events: [EventRecord]) async throws -> Int64 {
        var done: Int64 = 0
        // One look-up per order per batch: an order's events usually arrive together.
        var orders: [String: NotificationContext?] = [:]
        for event in events {
            guard event.type == "order.created" || event.type == "order.status_changed" else {
                done = event.seq ?? done
                continue
            }
            if orders[event.aggregateId] == nil {
                orders[event.aggregateId] = .some(try await database.notificationContext(orderId: event.aggregateId))
            }
            if let order = orders[event.aggregateId] ?? nil, let message = message(for: event, order: order),
               try await !database.notificationSent(eventId: event.id) {
                do {
                    try await sender.send(to: message.phone, text: message.text, dedupKey: event.id)
                } catch {
                    onSendFailure()
                    throw error
                }
                try await database.recordNotificationSent(eventId: event.id, tenantId: event.tenantId, phone: message.phone.national)
            }
            done = event.seq ?? done
        }
        return done
    }

    struct Message {
        var phone: PhoneNumber
        var text: String
    }

    /// The text for each step. Orders placed by staff for walk-in guests have no phone and get none.
    func message(for event: EventRecord, order: NotificationContext) -> Message? {
        guard let phone = order.phone.flatMap(PhoneNumber.init) else { return nil }
        let payload = (try? JSONSerialization.jsonObject(with: Data(event.payload.utf8))) as? [String: Any] ?? [:]
        let number = "Order #\(order.ticketNumber)"
        switch event.type {
        case "order.created":
            let items = (payload["items"] as? [[String: Any]] ?? []).map { "\($0["quantity"] ?? 1) \($0["name"] ?? "")" }
            return Message(phone: phone, text: "Order received! \(items.joined(separator: ", ")). \(number), total \(Paise(order.totalPaise).formatted).")
        default:
            switch payload["new_status"] as? String {
            case "PREPARING":
                return Message(phone: phone, text: "Your order is being prepared. ETA: \(order.estimatedMinutes) minutes. \(number)")
            case "READY":
                return Message(phone: phone, text: "Your order is ready! \(number) is on its way to table \(order.tableNumber).")
            case "SERVED":
                return Message(phone: phone, text: "Your order has been delivered. Please pay at the counter or ask your waiter. \(number), due \(Paise(order.totalPaise).formatted).")
            case "COMPLETED":
                return Message(phone: phone, text: "Thank you for dining! Your order has been completed and paid. We look forward to seeing you again! 🙏")
            case "CANCELLED":
                return Message(phone: phone, text: "\(number) has been cancelled. Please ask your waiter if this is unexpected.")
            default:
                return nil
            }
        }
    }
}
