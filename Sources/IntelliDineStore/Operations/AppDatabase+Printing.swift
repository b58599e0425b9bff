import Foundation
import GRDB
import IntelliDineDomain

/// A network thermal printer and the menu categories it prints (empty: all of them).
public struct PrinterRecord: Sendable, Equatable {
    public var id: String
    public var tenantId: String
    public var name: String
    public var host: String
    public var port: Int
    public var categories: [String]
    public var isActive: Bool
    public var createdAt: String
    /// `KITCHEN` (tickets for its stations) or `RECEIPT` (the counter's bills, invoices and day reports).
    public var role: String = "KITCHEN"

    public init(id: String, tenantId: String, name: String, host: String, port: Int, categories: [String], isActive: Bool, createdAt: String) {
        self.id = id
        self.tenantId = tenantId
        self.name = name
        self.host = host
        self.port = port
        self.categories = categories
        self.isActive = isActive
        self.createdAt = createdAt
    }

    init(row: Row) {
        id = row["id"]
        tenantId = row["tenant_id"]
        name = row["name"]
        host = row["host"]
        port = row["port"]
        categories = (try? JSONDecoder().decode([String].self, from: Data((row["categories"] as String).utf8))) ?? []
        isActive = row["is_active"]
        createdAt = row["created_at"]
        role = row["role"]
    }

    /// Whether this printer's station cooks items of `category`.
    public func prints(category: String) -> Bool { categories.isEmpty || categories.contains(category) }
}

/// One ticket waiting for (or sent to) one printer.
public struct PrintJob: Sendable, Equatable {
    public var id: Int64
    public var printerId: String
    public var orderId: String
    public var kind: String
    public var content: [UInt8]
    public var attempts: Int
}

/// What a kitchen ticket is made of: the order, its lines with their categories, the restaurant's zone.
public struct TicketSource: Sendable {
    public struct Line: Sendable {
        public var categoryId: String
        public var line: KitchenTicket.Line
    }
    public var orderId: String
    public var tenantId: String
    public var ticketNumber: Int
    public var tableNumber: Int
    public var round: Int
    public var createdAt: Date
    public var timezone: String
    public var lines: [Line]
    public var printers: [PrinterRecord]
}

/// A ticket rendered for one printer, to be queued under `source` (an event id, or a reprint's own id).
/// What a print job is: a kitchen ticket, or a document from the counter's receipt printer.
public enum PrintJobKind: String, Sendable {
    case order = "ORDER", cancellation = "CANCELLATION", duplicate = "DUPLICATE"
    case bill = "BILL", invoice = "INVOICE", dayReport = "DAY_REPORT"

    public init(_ ticket: KitchenTicket.Kind) {
        switch ticket {
        case .order: self = .order
        case .cancellation: self = .cancellation
        case .duplicate: self = .duplicate
        }
    }
}

public struct NewPrintJob: Sendable {
    public var tenantId: String
    public var printerId: String
    public var orderId: String
    public var source: String
    public var kind: PrintJobKind
    public var content: [UInt8]

    public init(tenantId: String, printerId: String, orderId: String, source: String, kind: PrintJobKind, content: [UInt8]) {
        self.tenantId = tenantId
        self.printerId = printerId
        self.orderId = orderId
        self.source = source
        self.kind = kind
        self.content = content
    }
}

extension AppDatabase {
    public func addPrinter(_ printer: PrinterRecord) async throws {
        try await pool.write { db in
            try db.execute(sql: """
                INSERT INTO printers (id, tenant_id, name, host, port, categories, is_active, created_at, role) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [
                    printer.id, printer.tenantId, printer.name, printer.host, printer.port,
                    String(decoding: try JSONEncoder().encode(printer.categories), as: UTF8.self), printer.isActive, printer.createdAt,
                    printer.role,
                ])
        }
    }

    /// A restaurant's printers, or every active printer on the box (`tenantId` nil).
    /// The counter's receipt printer (the first one in use), if the restaurant has one.
    public func receiptPrinter(tenantId: String) async throws -> PrinterRecord? {
        try await pool.read { db in
            try Row.fetchOne(
                db, sql: "SELECT * FROM printers WHERE tenant_id = ? AND is_active = 1 AND role = 'RECEIPT' ORDER BY created_at, id LIMIT 1",
                arguments: [tenantId]
            ).map(PrinterRecord.init(row:))
        }
    }

    /// Takes a printer out of use: it gets no new tickets; the jobs it printed stay on record.
    public func removePrinter(tenantId: String, id: String) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "UPDATE printers SET is_active = 0 WHERE tenant_id = ? AND id = ? AND is_active = 1", arguments: [tenantId, id])
            return db.changesCount == 1
        }
    }

    public func printers(tenantId: String?) async throws -> [PrinterRecord] {
        try await readOneStatement { db in
            let rows = if let tenantId {
                try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM printers WHERE tenant_id = ? ORDER BY name"), arguments: [tenantId])
            } else {
                try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM printers WHERE is_active = 1 ORDER BY id"))
            }
            return rows.map(PrinterRecord.init(row:))
        }
    }

    /// Everything needed to print an order's tickets; nil for an order this box does not know.
    public func ticketSource(orderId: String) async throws -> TicketSource? {
        try await pool.read { db in
            guard let order = try OrderRecord.fetchOne(db, key: orderId),
                  let tenant = try TenantRecord.fetchOne(db, key: order.tenantId)
            else { return nil }
            let lines = try Row.fetchAll(db, sql: """
                SELECT i.quantity, i.name, i.variant, i.options, i.special_instructions, COALESCE(m.category_id, '') AS category_id
                FROM order_items i LEFT JOIN menu_items m ON m.id = i.menu_item_id AND m.tenant_id = i.tenant_id
                WHERE i.order_id = ? ORDER BY i.position
                """, arguments: [orderId]).map { row in
                    // The cook reads the portion with the dish and the add-ons before the guest's note.
                    let variant: String? = row["variant"]
                    let name: String = row["name"]
                    let options = ChosenOption.summary(ChosenOption.decode(row["options"]))
                    let note = [options, row["special_instructions"] as String? ?? ""].filter { !$0.isEmpty }.joined(separator: " / ")
                    return TicketSource.Line(
                        categoryId: row["category_id"],
                        line: KitchenTicket.Line(quantity: row["quantity"], name: variant.map { "\(name) (\($0))" } ?? name, note: note.isEmpty ? nil : note))
                }
            let printers = try Row.fetchAll(
                db, sql: "SELECT * FROM printers WHERE tenant_id = ? AND is_active = 1 AND role = 'KITCHEN' ORDER BY id", arguments: [order.tenantId]
            ).map(PrinterRecord.init(row:))
            return TicketSource(
                orderId: order.id, tenantId: order.tenantId, ticketNumber: order.ticketNumber, tableNumber: order.tableNumber, round: order.round,
                createdAt: Timestamp.date(order.createdAt) ?? Date(), timezone: tenant.timezone, lines: lines, printers: printers)
        }
    }

    /// Queues tickets; one already queued under the same source for the same printer is kept as it is.
    public func enqueuePrintJobs(_ jobs: [NewPrintJob], at instant: Date) async throws {
        guard !jobs.isEmpty else { return }
        // In the group commit: see `groupCommit`.
        try await groupCommit.submit { db in
            let insert = try db.cachedStatement(sql: """
                INSERT OR IGNORE INTO print_jobs (tenant_id, printer_id, order_id, source, kind, content, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
            for job in jobs {
                try insert.execute(arguments: [
                    job.tenantId, job.printerId, job.orderId, job.source, job.kind.rawValue, Data(job.content), Timestamp.string(instant),
                ])
            }
        }
    }

    /// A printer's tickets still to print, oldest first.
    public func pendingPrintJobs(printerId: String, limit: Int = 20) async throws -> [PrintJob] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, printer_id, order_id, kind, content, attempts FROM print_jobs
                WHERE printer_id = ? AND status = 'PENDING' ORDER BY id LIMIT ?
                """, arguments: [printerId, limit]).map {
                    PrintJob(id: $0["id"], printerId: $0["printer_id"], orderId: $0["order_id"], kind: $0["kind"],
                             content: [UInt8]($0["content"] as Data), attempts: $0["attempts"])
                }
        }
    }

    public func markPrinted(jobId: Int64, at instant: Date) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE print_jobs SET status = 'PRINTED', printed_at = ?, attempts = attempts + 1 WHERE id = ?",
                arguments: [Timestamp.string(instant), jobId])
        }
    }

    public func recordPrintFailure(jobId: Int64, error: String) async throws {
        try await pool.write { db in
            try db.execute(sql: "UPDATE print_jobs SET attempts = attempts + 1, last_error = ? WHERE id = ?", arguments: [error, jobId])
        }
    }
}
