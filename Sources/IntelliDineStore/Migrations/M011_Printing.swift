import GRDB

/// Kitchen order tickets. `printers` are the network thermal printers (raw TCP, port 9100), each
/// printing the menu categories of its station (`[]` is everything). `print_jobs` is each printer's
/// durable queue, filled from the event log: one job per event and printer (`UNIQUE (source,
/// printer_id)`), so a redelivered event never prints twice, and a printer that is off or out of
/// paper keeps its jobs until it can print them.
enum M011_Printing: Migration {
    static let id = "011_printing"

    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE printers (
              id TEXT PRIMARY KEY,
              tenant_id TEXT NOT NULL REFERENCES tenants(id),
              name TEXT NOT NULL,
              host TEXT NOT NULL,
              port INTEGER NOT NULL DEFAULT 9100 CHECK (port BETWEEN 1 AND 65535),
              categories TEXT NOT NULL DEFAULT '[]',
              is_active INTEGER NOT NULL DEFAULT 1,
              created_at TEXT NOT NULL
            ) STRICT;

            CREATE TABLE print_jobs (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              tenant_id TEXT NOT NULL,
              printer_id TEXT NOT NULL REFERENCES printers(id),
              order_id TEXT NOT NULL,
              source TEXT NOT NULL,
              kind TEXT NOT NULL CHECK (kind IN ('ORDER', 'CANCELLATION', 'DUPLICATE')),
              content BLOB NOT NULL,
              status TEXT NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'PRINTED')),
              attempts INTEGER NOT NULL DEFAULT 0,
              last_error TEXT,
              created_at TEXT NOT NULL,
              printed_at TEXT,
              UNIQUE (source, printer_id)
            ) STRICT;
            CREATE INDEX print_jobs_pending ON print_jobs(printer_id, status, id);
            """)
    }
}
