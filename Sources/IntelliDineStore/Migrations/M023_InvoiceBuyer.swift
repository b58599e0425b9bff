import GRDB

/// A business buyer on a table's bill: their GSTIN and name, given before the bill is settled,
/// make its invoice a B2B tax invoice (GSTR-1 table 4, docs/gstr1.md). Copied onto the invoice when
/// it is issued, like the restaurant's own details (M019).
enum M023_InvoiceBuyer: Migration {
    static let id = "023_invoice_buyer"

    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE table_sessions ADD COLUMN buyer_gstin TEXT NOT NULL DEFAULT '';
            ALTER TABLE table_sessions ADD COLUMN buyer_name TEXT NOT NULL DEFAULT '';
            ALTER TABLE invoices ADD COLUMN buyer_gstin TEXT NOT NULL DEFAULT '';
            ALTER TABLE invoices ADD COLUMN buyer_name TEXT NOT NULL DEFAULT '';
            CREATE INDEX invoices_by_date ON invoices(tenant_id, local_date);
            """)
    }
}
