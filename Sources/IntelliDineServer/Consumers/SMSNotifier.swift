import Foundation
import IntelliDineDomain
import IntelliDineStore
import Logging

/// The `sms-notifier` consumer: an SMS to the guest at each step of their order (docs/events.md,
/// `order.created` and `order.status_changed`, list the texts). Exactly one
/// per event: the event id is recorded as sent, and a redelivered event is skipped. A provider
/// outage makes the consumer back off and retry, so texts are delayed, never lost.
public struct SMSNotifier: EventConsumer {
    public let name = ConsumerName.smsNotifier
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
            guard event.type == OrderCreatedPayload.eventType || event.type == OrderStatusChangedPayload.eventType else {
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
    /// A payload that does not decode (written by an older version in another shape) sends
    /// nothing rather than holding up every text behind it.
    func message(for event: EventRecord, order: NotificationContext) -> Message? {
        guard let phone = order.phone.flatMap(PhoneNumber.init) else { return nil }
        let number = "Order #\(order.ticketNumber)"
        if let created = (try? event.decode(OrderCreatedPayload.self)) ?? nil {
            let items = created.items.map { "\($0.quantity) \($0.name)" }
            return Message(phone: phone, text: "Order received! \(items.joined(separator: ", ")). \(number), total \(Paise(order.totalPaise).formatted).")
        }
        guard let change = (try? event.decode(OrderStatusChangedPayload.self)) ?? nil else { return nil }
        switch OrderStatus(rawValue: change.new_status) {
        case .preparing:
            return Message(phone: phone, text: "Your order is being prepared. ETA: \(order.estimatedMinutes) minutes. \(number)")
        case .ready:
            return Message(phone: phone, text: "Your order is ready! \(number) is on its way to table \(order.tableNumber).")
        case .served:
            return Message(phone: phone, text: "Your order has been delivered. Please pay at the counter or ask your waiter. \(number), due \(Paise(order.totalPaise).formatted).")
        case .completed:
            return Message(phone: phone, text: "Thank you for dining! Your order has been completed and paid. We look forward to seeing you again! 🙏")
        case .cancelled:
            return Message(phone: phone, text: "\(number) has been cancelled. Please ask your waiter if this is unexpected.")
        case .pending, nil:
            return nil
        }
    }
}
