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

    /// Tickets queued per write, at most: a catch-up after a long outage does not hold one shared
    /// commit (and the orders in it) for hundreds of inserts.
    static let jobsPerWrite = 50

    func handle(_ events: [EventRecord]) async throws -> Int64 {
        // Most restaurants have no printer: one look per batch spares them reading every order.
        let printing = Set(try await database.printers(tenantId: nil).map(\.tenantId))
        // A pass's tickets go in a few writes (each a savepoint of the group commit), not one per
        // order. What was gathered before a failure is queued before the error goes up.
        var jobs: [NewPrintJob] = []
        func queue() async throws {
            guard !jobs.isEmpty else { return }
            try await database.enqueuePrintJobs(jobs, at: Date())
            jobs.removeAll()
            wake()
        }
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
            guard let kind else { continue }
            let source: TicketSource?
            do {
                source = try await database.ticketSource(orderId: event.aggregateId)
            } catch {
                try await queue()
                throw error
            }
            if let source { jobs += TicketJobs.jobs(for: source, kind: kind, sourceId: event.id) }
            if jobs.count >= Self.jobsPerWrite { try await queue() }
        }
        try await queue()
        return events.last?.seq ?? 0
    }
}
