import Foundation
import IntelliDineDomain
import IntelliDineStore

/// Turns an order into one ESC/POS ticket per printer whose station cooks any of its lines.
enum TicketJobs {
    static func jobs(for source: TicketSource, kind: KitchenTicket.Kind, sourceId: String) -> [NewPrintJob] {
        let placedAt = placedAtText(source.createdAt, timezone: source.timezone)
        return source.printers.compactMap { printer in
            let lines = source.lines.filter { printer.prints(category: $0.categoryId) }.map(\.line)
            guard !lines.isEmpty else { return nil }
            let ticket = KitchenTicket(
                kind: kind, ticketNumber: source.ticketNumber, tableNumber: source.tableNumber, round: source.round, placedAt: placedAt,
                station: printer.name, lines: lines)
            return NewPrintJob(
                tenantId: source.tenantId, printerId: printer.id, orderId: source.orderId, source: sourceId, kind: .init(kind),
                content: ESCPOS.render(ticket))
        }
    }

    /// "19:08 25-10-2026" in the restaurant's own zone.
    static func placedAtText(_ date: Date, timezone: String) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: timezone) ?? .gmt
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        func two(_ value: Int?) -> String { (value ?? 0) < 10 ? "0\(value ?? 0)" : "\(value ?? 0)" }
        return "\(two(c.hour)):\(two(c.minute)) \(two(c.day))-\(two(c.month))-\(c.year ?? 0)"
    }
}
