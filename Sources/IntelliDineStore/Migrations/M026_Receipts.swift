import GRDB

/// Bills, tax invoices and day reports on the receipt printer: a printer is either the kitchen's
/// (tickets for its stations) or the counter's receipt printer, and a print job may be one of
/// these documents. `print_jobs.kind` had a CHECK for kitchen tickets only, so the table is rebuilt
/// with the same rows; `order_id` names what was printed (an order, a table's session, a day).
enum M026_Receipts: Migration {
    static let id = "026_receipts"

    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE printers ADD COLUMN role TEXT NOT NULL DEFAULT 'KITCHEN' CHECK (role IN ('KITCHEN', 'RECEIPT'));

            CREATE TABLE print_jobs_new (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              tenant_id TEXT NOT NULL,
              printer_id TEXT NOT NULL REFERENCES printers(id),
              order_id TEXT NOT NULL,
              source TEXT NOT NULL,
              kind TEXT NOT NULL CHECK (kind IN ('ORDER', 'CANCELLATION', 'DUPLICATE', 'BILL', 'INVOICE', 'DAY_REPORT')),
              content BLOB NOT NULL,
              status TEXT NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'PRINTED')),
              attempts INTEGER NOT NULL DEFAULT 0,
              last_error TEXT,
              created_at TEXT NOT NULL,
              printed_at TEXT,
              UNIQUE (source, printer_id)
            ) STRICT;
            INSERT INTO print_jobs_new (id, tenant_id, printer_id, order_id, source, kind, content, status, attempts, last_error, created_at, printed_at)
            SELECT id, tenant_id, printer_id, order_id, source, kind, content, status, attempts, last_error, created_at, printed_at FROM print_jobs;
            DROP TABLE print_jobs;
            ALTER TABLE print_jobs_new RENAME TO print_jobs;
            CREATE INDEX print_jobs_pending ON print_jobs(printer_id, status, id);
            """)
    }
}
