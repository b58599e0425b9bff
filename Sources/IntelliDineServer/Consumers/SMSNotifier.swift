import Foundation
import IntelliDineDomain
import IntelliDineStore
import Logging

/// The `sms-notifier` consumer: an SMS to the guest at each step of their order (docs/events.md,
/// `order.created` and `order.status_changed`, list the texts). Exactly one
/// per event: the event id is recorded as sent (every `recordEvery` texts and at the end of each
/// pass, in one write), and a redelivered event is skipped. A provider
/// outage makes the consumer back off and retry, so texts are delayed, never lost.
public struct SMSNotifier: EventConsumer {
    public let name = ConsumerName.smsNotifier
    /// Events read per pass. Most events send nothing (menu edits, payments, other guests'
    /// walk-in orders), and the cursor moves once per pass, in a durable write (one savepoint of
    /// the group commit): reading 500 at a time keeps that write rare during a catch-up.
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

    /// Texts sent between two records of them. A crash in between sends those again when the
    /// events are redelivered; the spool then rewrites the same files, so a text the modem has
    /// not yet taken still goes out once.
    static let recordEvery = 50

    public func handle(_ events: [EventRecord]) async throws -> Int64 {
        let orderEvents = events.filter(Self.textsAbout)
        // One read for the whole pass: its orders, and the texts already sent.
        let pass = try await database.notificationPass(
            orderIds: Set(orderEvents.map(\.aggregateId)),
            linesOf: Set(orderEvents.filter { $0.type == OrderCreatedPayload.eventType }.map(\.aggregateId)),
            eventIds: orderEvents.map(\.id))
        var sent: [SentNotification] = []
        for event in orderEvents where !pass.alreadySent.contains(event.id) {
            guard let order = pass.orders[event.aggregateId], let message = message(for: event, order: order) else { continue }
            do {
                try await sender.send(to: message.phone, text: message.text, dedupKey: event.id)
            } catch {
                onSendFailure()
                // What went out before the failure is recorded, so the retry does not send it again.
                try await record(sent)
                throw error
            }
            sent.append(SentNotification(eventId: event.id, tenantId: event.tenantId, phone: message.phone.national))
            if sent.count == Self.recordEvery {
                try await record(sent)
                sent.removeAll(keepingCapacity: true)
            }
        }
        try await record(sent)
        // Every event of the pass is done: texted, already texted, or nothing to text.
        return events.compactMap(\.seq).last ?? 0
    }

    /// The events a guest gets a text for: their order's creation and its status changes.
    private static func textsAbout(_ event: EventRecord) -> Bool {
        event.type == OrderCreatedPayload.eventType || event.type == OrderStatusChangedPayload.eventType
    }

    /// Texts are recorded as sent only once the provider holds them durably.
    private func record(_ sent: [SentNotification]) async throws {
        guard !sent.isEmpty else { return }
        try await sender.flush()
        try await database.recordNotificationsSent(sent)
    }

    struct Message {
        var phone: PhoneNumber
        var text: String
    }

    /// The text for each step. Orders placed by staff for walk-in guests have no phone and get none.
    /// "Order received" lists the order's lines from the database, beside its total. A status
    /// change's payload that does not decode (written by an older version in another shape) sends
    /// nothing rather than holding up every text behind it.
    func message(for event: EventRecord, order: NotificationContext) -> Message? {
        guard let phone = order.phone.flatMap(PhoneNumber.init) else { return nil }
        let number = "Order #\(order.ticketNumber)"
        if event.type == OrderCreatedPayload.eventType {
            // The lines as they are now, beside the total as it is now.
            let items = order.lines.map { "\($0.quantity) \($0.name)" }
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
