import Foundation
import IntelliDineDomain
import IntelliDineStore

/// Reads the event log and queues kitchen order tickets: one per printer for each new order, and a
/// cancellation ticket when an order is cancelled. Queueing is idempotent (one job per event and
/// printer), so a redelivered event queues nothing new; `PrinterService` does the printing.
struct KOTSpooler: EventConsumer {
    let name = ConsumerName.kitchenPrinter
    let batchSize = 200
    /// A box that gains printers does not print the past.
    let startsAtHead = true

    let database: AppDatabase
    /// Tells the printers there is work.
    let wake: @Sendable () -> Void

    func handle(_ events: [EventRecord]) async throws -> Int64 {
        // Most restaurants have no printer: one look per batch spares them reading every order.
        let printing = Set(try await database.printers(tenantId: nil).map(\.tenantId))
        // The whole pass's tickets go in one write: one savepoint in the group commit, not one per order.
        var jobs: [NewPrintJob] = []
        for event in events where printing.contains(event.tenantId) {
            let kind: KitchenTicket.Kind?
            if event.type == OrderCreatedPayload.eventType {
                kind = .order
            } else if let change = (try? event.decode(OrderStatusChangedPayload.self)) ?? nil,
                      change.new_status == OrderStatus.cancelled.rawValue {
                kind = .cancellation
            } else {
                kind = nil
            }
            if let kind, let source = try await database.ticketSource(orderId: event.aggregateId) {
                jobs += TicketJobs.jobs(for: source, kind: kind, sourceId: event.id)
            }
        }
        guard !jobs.isEmpty else { return events.last?.seq ?? 0 }
        try await database.enqueuePrintJobs(jobs, at: Date())
        wake()
        return events.last?.seq ?? 0
    }
}
