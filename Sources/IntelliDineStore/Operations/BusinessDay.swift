import Foundation
import GRDB
import IntelliDineDomain

/// Which business day a new order or payment belongs to: the restaurant's local date, unless that
/// day is already closed, when it belongs to the next open one. A closed day never changes.
enum BusinessDay {
    static func open(_ db: Database, tenantId: String, localDate: String) throws -> String {
        var date = localDate
        while try Bool.fetchOne(
            db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM day_closes WHERE tenant_id = ? AND business_date = ?)"),
            arguments: [tenantId, date])! {
            date = next(date)
        }
        return date
    }

    /// The calendar day after `date` ("2026-12-31" → "2027-01-01").
    static func next(_ date: String) -> String {
        let parts = date.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return date }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        guard let day = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2])),
              let after = calendar.date(byAdding: .day, value: 1, to: day) else { return date }
        let c = calendar.dateComponents([.year, .month, .day], from: after)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }

    /// The business day of a payment made now on `order`.
    static func forPayment(_ db: Database, tenantId: String, at instant: Date) throws -> String {
        guard let zone = try String.fetchOne(db.cachedStatement(sql: "SELECT timezone FROM tenants WHERE id = ?"), arguments: [tenantId])
        else { return Timestamp.string(instant).prefix(10).description }
        let local = ServiceCalendar(timeZone: TimeZone(identifier: zone) ?? .gmt).businessDate(of: instant)
        return try open(db, tenantId: tenantId, localDate: local)
    }
}
