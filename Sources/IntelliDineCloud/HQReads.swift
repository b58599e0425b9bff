import Foundation
import IntelliDineDomain
import Logging
import PostgresNIO

/// What head office reads, from the projections only (never the raw events).
public struct HQReads: Sendable {
    let client: PostgresClient
    let logger: Logger

    /// A box is behind when its oldest unsent event is older than this while it is sending.
    static let behindAfterSeconds: Int64 = 15 * 60
    /// A box sends at least a heartbeat a minute: five minutes without one, it is silent (off,
    /// or cut off from the internet).
    static let silentAfterSeconds: Int64 = 5 * 60

    public struct FleetBox: Encodable, Sendable {
        public var box_id, name, timezone: String
        public var revoked: Bool
        public var last_contact: String?
        public var last_seq, events_received, duplicates, conflicts, gaps: Int64
        public var backlog: Int64?
        public var oldest_unsent: String?
        /// Seconds since the oldest unsent event happened; nil when nothing is waiting.
        public var oldest_unsent_age_seconds: Int64?
        public var behind: Bool
        /// Not heard from for five minutes (`silentAfterSeconds`): its backlog figures are stale.
        public var silent: Bool
        public var today: String
        public var today_orders: Int64
        public var today_sales: Paise
    }

    /// Every box with its health, and today's trade in its own zone.
    public func fleet() async throws -> [FleetBox] {
        var boxes: [FleetBox] = []
        let rows = try await client.query("""
            SELECT b.box_id, b.name, b.timezone, b.revoked_at IS NOT NULL, b.last_contact, b.last_seq, b.events_received, b.duplicates, b.conflicts,
                   (SELECT count(*) FROM seq_gaps g WHERE g.box_id = b.box_id), b.backlog, b.oldest_unsent,
                   CASE WHEN b.oldest_unsent IS NULL OR b.backlog = 0 THEN NULL ELSE floor(extract(epoch FROM now() - b.oldest_unsent))::bigint END,
                   to_char((now() AT TIME ZONE b.timezone)::date, 'YYYY-MM-DD'),
                   COALESCE(floor(extract(epoch FROM now() - b.last_contact))::bigint, 0),
                   COALESCE(d.orders, 0)::bigint, COALESCE(d.sales_paise, 0)
            FROM boxes b LEFT JOIN LATERAL (
                SELECT sum(orders) AS orders, sum(sales_paise)::bigint AS sales_paise FROM daily_sales
                WHERE box_id = b.box_id AND local_date = (now() AT TIME ZONE b.timezone)::date) d ON true
            ORDER BY b.name, b.box_id
            """, logger: logger)
        for try await row in rows {
            let cells = row.makeRandomAccess()
            let revoked = try cells[3].decode(Bool.self), age = try cells[12].decode(Int64?.self), quiet = try cells[14].decode(Int64.self)
            boxes.append(FleetBox(
                box_id: try cells[0].decode(String.self), name: try cells[1].decode(String.self), timezone: try cells[2].decode(String.self),
                revoked: revoked, last_contact: try cells[4].decode(Date?.self).map(Timestamps.string), last_seq: try cells[5].decode(Int64.self),
                events_received: try cells[6].decode(Int64.self), duplicates: try cells[7].decode(Int64.self), conflicts: try cells[8].decode(Int64.self),
                gaps: try cells[9].decode(Int64.self), backlog: try cells[10].decode(Int64?.self),
                oldest_unsent: try cells[11].decode(Date?.self).map(Timestamps.string), oldest_unsent_age_seconds: age,
                behind: !revoked && (age ?? 0) > Self.behindAfterSeconds,
                silent: !revoked && quiet > Self.silentAfterSeconds,
                today: try cells[13].decode(String.self), today_orders: try cells[15].decode(Int64.self), today_sales: Paise(try cells[16].decode(Int64.self))))
        }
        return boxes
    }

    public struct Restaurant: Encodable, Sendable {
        public struct Day: Encodable, Sendable { public var date: String; public var orders: Int64; public var sales: Paise }
        public var box_id, name: String
        public var revoked: Bool
        public var orders, cancelled: Int64
        public var sales, payments, average_ticket: Paise
        public var days: [Day]
    }

    /// Each restaurant's trade over local days `from`...`to`, side by side.
    public func chain(from: String, to: String) async throws -> [Restaurant] {
        var byBox: [String: Restaurant] = [:]
        var order: [String] = []
        for try await (id, name, revoked) in try await client.query(
            "SELECT box_id, name, revoked_at IS NOT NULL FROM boxes ORDER BY name, box_id", logger: logger
        ).decode((String, String, Bool).self) {
            byBox[id] = Restaurant(box_id: id, name: name, revoked: revoked, orders: 0, cancelled: 0, sales: .zero, payments: .zero, average_ticket: .zero, days: [])
            order.append(id)
        }
        for try await (id, date, orders, sales, cancelled, paid) in try await client.query("""
            SELECT box_id, to_char(local_date, 'YYYY-MM-DD'), sum(orders)::bigint, sum(sales_paise)::bigint, sum(cancelled)::bigint, sum(payments_paise)::bigint
            FROM daily_sales WHERE local_date BETWEEN \(from)::date AND \(to)::date GROUP BY box_id, local_date ORDER BY box_id, local_date
            """, logger: logger).decode((String, String, Int64, Int64, Int64, Int64).self) {
            guard var restaurant = byBox[id] else { continue }
            restaurant.orders += orders
            restaurant.cancelled += cancelled
            restaurant.sales = restaurant.sales + Paise(sales)
            restaurant.payments = restaurant.payments + Paise(paid)
            restaurant.days.append(.init(date: date, orders: orders, sales: Paise(sales)))
            byBox[id] = restaurant
        }
        return order.compactMap { id in
            byBox[id].map { restaurant in
                var restaurant = restaurant
                // Rounded half up to the paisa, as the box's own reports.
                restaurant.average_ticket = Paise(restaurant.orders == 0 ? 0 : (restaurant.sales.value * 2 + restaurant.orders) / (2 * restaurant.orders))
                return restaurant
            }
        }
    }

    /// The accountant's export: one CSV of orders, payments or invoices over local days `from`...`to`.
    public func export(_ kind: String, from: String, to: String) async throws -> String? {
        let sql: String
        switch kind {
        case "orders":
            sql = """
                SELECT b.name, o.box_id, o.tenant_id, o.order_id, o.ticket_number::text, o.table_number::text, o.status,
                       to_char(o.local_date, 'YYYY-MM-DD'), to_char(o.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                       o.total_paise::text, o.gst_paise::text
                FROM orders o JOIN boxes b ON b.box_id = o.box_id WHERE o.local_date BETWEEN $1::date AND $2::date ORDER BY b.name, o.created_at, o.order_id
                """
        case "payments":
            sql = """
                SELECT b.name, p.box_id, p.tenant_id, p.payment_id, p.order_id, p.method, to_char(p.local_date, 'YYYY-MM-DD'),
                       to_char(p.paid_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), p.amount_paise::text
                FROM payments p JOIN boxes b ON b.box_id = p.box_id WHERE p.local_date BETWEEN $1::date AND $2::date ORDER BY b.name, p.paid_at, p.payment_id
                """
        case "invoices":
            sql = """
                SELECT b.name, i.box_id, i.tenant_id, i.invoice_number, to_char(i.local_date, 'YYYY-MM-DD'), i.table_number::text,
                       i.taxable_paise::text, i.cgst_paise::text, i.sgst_paise::text, i.total_paise::text, i.payment_methods, COALESCE(i.buyer_gstin, '')
                FROM invoices i JOIN boxes b ON b.box_id = i.box_id WHERE i.local_date BETWEEN $1::date AND $2::date ORDER BY b.name, i.invoice_number
                """
        default: return nil
        }
        let headings = HQExport.headings[kind]!
        var bindings = PostgresBindings()
        bindings.append(from)
        bindings.append(to)
        var lines = [headings.joined(separator: ",")]
        for try await row in try await client.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: logger) {
            var cells: [String] = []
            for (index, cell) in row.makeRandomAccess().enumerated() {
                let text = try cell.decode(String.self)
                cells.append(HQExport.moneyColumns[kind]!.contains(index) ? HQExport.rupees(text) : text)
            }
            lines.append(cells.map(HQExport.quote).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}

/// The export's columns, money as rupees with two decimals, cells quoted as RFC 4180 asks and
/// never starting a spreadsheet formula.
enum HQExport {
    static let headings: [String: [String]] = [
        "orders": ["restaurant", "box_id", "tenant_id", "order_id", "ticket", "table", "status", "date", "created_at", "total", "gst"],
        "payments": ["restaurant", "box_id", "tenant_id", "payment_id", "order_id", "method", "date", "paid_at", "amount"],
        "invoices": ["restaurant", "box_id", "tenant_id", "invoice", "date", "table", "taxable_value", "cgst", "sgst", "total", "paid_by", "buyer_gstin"],
    ]
    static let moneyColumns: [String: Set<Int>] = ["orders": [9, 10], "payments": [8], "invoices": [6, 7, 8, 9]]

    static func rupees(_ paise: String) -> String {
        guard let value = Int64(paise) else { return paise }
        let sign = value < 0 ? "-" : ""
        let magnitude = value.magnitude
        return "\(sign)\(magnitude / 100).\(magnitude % 100 < 10 ? "0" : "")\(magnitude % 100)"
    }

    static func quote(_ cell: String) -> String {
        var cell = cell
        if let first = cell.first, "=+-@".contains(first), Double(cell) == nil { cell = "'" + cell }
        guard cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return cell }
        return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
