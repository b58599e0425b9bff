import GRDB

/// An invoice keeps who issued it (the restaurant's name, address, GSTIN and FSSAI number as they
/// were at issue), so editing the restaurant's profile never changes an invoice already issued.
/// Invoices issued before this take the profile as it is now, which is what they showed until now.
enum M019_InvoiceIssuer: Migration {
    static let id = "019_invoice_issuer"

    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE invoices ADD COLUMN issuer_name TEXT NOT NULL DEFAULT '';
            ALTER TABLE invoices ADD COLUMN issuer_address TEXT NOT NULL DEFAULT '';
            ALTER TABLE invoices ADD COLUMN issuer_gstin TEXT NOT NULL DEFAULT '';
            ALTER TABLE invoices ADD COLUMN issuer_fssai TEXT NOT NULL DEFAULT '';
            UPDATE invoices SET
              issuer_name = (SELECT name FROM tenants t WHERE t.id = invoices.tenant_id),
              issuer_address = (SELECT address FROM tenants t WHERE t.id = invoices.tenant_id),
              issuer_gstin = (SELECT gstin FROM tenants t WHERE t.id = invoices.tenant_id),
              issuer_fssai = (SELECT fssai FROM tenants t WHERE t.id = invoices.tenant_id);
            """)
    }
}
