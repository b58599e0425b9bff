import Foundation
import GRDB
import IntelliDineDomain

/// What GSTR-1 needs of a month's invoices (`AppDatabase.gstr1Inputs`).
public struct GSTR1Inputs: Sendable {
    public var consumerTaxes: [TaxLine]
    public var businessTaxes: [TaxLine]
    public var businessInvoices: [InvoiceRecord]
    public var series: [GSTR1.DocumentSeries]
    /// The restaurant's GSTIN as on the month's latest invoice, if any has one.
    public var issuerGSTIN: String?
}

/// An invoice with what it prints: the restaurant and the bill's lines.
public struct InvoiceDocument: Sendable {
    public var invoice: InvoiceRecord
    public var tenant: TenantRecord
    public var bill: SessionBill
}

extension AppDatabase {
    /// A settled bill's invoice, for its guests and the staff.
    public func invoice(tenantId: String, sessionId: String, visibleTo actor: Actor) async throws -> InvoiceDocument? {
        try await pool.read { db in
            let session = try TableSessions.fetch(db, tenantId: tenantId, id: sessionId, visibleTo: actor)
            guard let invoice = try InvoiceRecord.fetchOne(db, sql: "SELECT * FROM invoices WHERE session_id = ?", arguments: [session.id]),
                  let tenant = try TenantRecord.fetchOne(db, key: tenantId)
            else { return nil }
            return InvoiceDocument(invoice: invoice, tenant: tenant, bill: try TableSessions.bill(db, session))
        }
    }

    /// A month's GSTR-1 inputs, summed in SQL (a month is tens of thousands of invoices): consumers'
    /// GST by rate, business invoices whole, and each invoice series' first, last and count.
    public func gstr1Inputs(tenantId: String, month: String) async throws -> GSTR1Inputs {
        try await pool.read { db in
            let range: StatementArguments = [tenantId, month + "-01", month + "-32"]
            let window = "i.tenant_id = ? AND i.local_date >= ? AND i.local_date < ?"
            // The month's tax at each rate, split in halves once: each invoice gives its odd paisa to
            // CGST, which over a month would put CGST rupees above SGST; the return's rows keep the
            // halves within a paisa, and their sum is still the invoices' tax to the paisa.
            func byRate(_ kind: String) throws -> [TaxLine] {
                try Row.fetchAll(db, sql: """
                    SELECT json_extract(t.value, '$.rate_bp') AS rate, SUM(json_extract(t.value, '$.taxable')) AS taxable,
                      SUM(json_extract(t.value, '$.cgst') + json_extract(t.value, '$.sgst')) AS tax
                    FROM invoices i, json_each(i.tax_lines) t WHERE \(window) AND i.buyer_gstin \(kind) ''
                    GROUP BY rate ORDER BY rate
                    """, arguments: range).map {
                    TaxLine(rate: GSTRate(total: BasisPoints($0["rate"])), taxable: Paise($0["taxable"]), tax: GSTRate.split(Paise($0["tax"])))
                }
            }
            func number(_ year: String, _ sequence: Int) throws -> String {
                try String.fetchOne(
                    db, sql: "SELECT id FROM invoices WHERE tenant_id = ? AND financial_year = ? AND sequence = ?", arguments: [tenantId, year, sequence]
                ) ?? TaxInvoice.number(financialYear: year, sequence: sequence)
            }
            let series = try Row.fetchAll(db, sql: """
                SELECT financial_year, COUNT(*) AS issued, MIN(sequence) AS low, MAX(sequence) AS high
                FROM invoices i WHERE \(window) GROUP BY financial_year ORDER BY financial_year
                """, arguments: range).map {
                GSTR1.DocumentSeries(
                    from: try number($0["financial_year"], $0["low"]), to: try number($0["financial_year"], $0["high"]), count: $0["issued"], cancelled: 0)
            }
            let business = try InvoiceRecord.fetchAll(db, sql: """
                SELECT * FROM invoices i WHERE \(window) AND i.buyer_gstin != '' ORDER BY financial_year, sequence
                """, arguments: range)
            let gstin = try String.fetchOne(db, sql: """
                SELECT issuer_gstin FROM invoices i WHERE \(window) AND issuer_gstin != '' ORDER BY financial_year DESC, sequence DESC LIMIT 1
                """, arguments: range)
            return GSTR1Inputs(consumerTaxes: try byRate("="), businessTaxes: try byRate("!="), businessInvoices: business, series: series, issuerGSTIN: gstin)
        }
    }

    /// Names a business buyer on a table's bill before it is settled; its invoice is then B2B.
    /// Empty values make it a consumer's bill again.
    public func setBuyer(tenantId: String, sessionId: String, gstin: String, name: String, visibleTo actor: Actor) async throws -> SessionBill {
        try await pool.write { db in
            var session = try TableSessions.fetch(db, tenantId: tenantId, id: sessionId, visibleTo: actor)
            guard session.status == .open else { throw SessionRefusal.sessionClosed }
            session.buyerGstin = gstin
            session.buyerName = name
            try session.update(db, columns: ["buyer_gstin", "buyer_name"])
            return try TableSessions.bill(db, session)
        }
    }

    /// The invoices issued on a local date, newest first, for the staff to find and print.
    public func invoices(tenantId: String, localDate: String) async throws -> [InvoiceRecord] {
        try await pool.read { db in
            try InvoiceRecord.fetchAll(
                db, sql: "SELECT * FROM invoices WHERE tenant_id = ? AND local_date = ? ORDER BY sequence DESC", arguments: [tenantId, localDate])
        }
    }
}

/// Issuing invoices inside the transaction that settles a bill.
enum Invoices {
    static func issue(_ db: Database, sessionId: String, at instant: Date) throws {
        guard let session = try TableSessionRecord.fetchOne(db, key: sessionId),
              let tenant = try TenantRecord.fetchOne(db, key: session.tenantId),
              try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM invoices WHERE session_id = ?", arguments: [sessionId])! == 0
        else { return }
        let localDate = tenant.calendar.businessDate(of: instant)
        let year = TaxInvoice.financialYear(ofLocalDate: localDate)
        let sequence = try Int.fetchOne(db, sql: """
            INSERT INTO invoice_counters (tenant_id, financial_year, last_number) VALUES (?, ?, 1)
            ON CONFLICT (tenant_id, financial_year) DO UPDATE SET last_number = last_number + 1
            RETURNING last_number
            """, arguments: [tenant.id, year])!
        let orders = try Row.fetchAll(db, sql: """
            SELECT tax_lines, service_charge_paise, round_off_paise, total_paise
            FROM orders WHERE table_session_id = ? AND status != 'CANCELLED'
            """, arguments: [sessionId])
        // GST at each rate over the bill's orders: the taxable values and taxes each order was placed with.
        let taxes = TaxLine.sumByRate(orders.map { TaxLinesJSON.decode($0["tax_lines"]) })
        let gst = taxes.reduce(GSTBreakdown.zero) { $0 + $1.tax }
        let methods = try String.fetchAll(db, sql: """
            SELECT DISTINCT p.payment_method FROM payments p JOIN orders o ON o.id = p.order_id
            WHERE o.table_session_id = ? AND p.status = 'COMPLETED' ORDER BY p.payment_method
            """, arguments: [sessionId])
        let invoice = InvoiceRecord(
            id: TaxInvoice.number(financialYear: year, sequence: sequence), tenantId: tenant.id, sessionId: sessionId,
            financialYear: year, sequence: sequence, issuedAt: Timestamp.string(instant), localDate: localDate,
            taxablePaise: taxes.reduce(Paise.zero) { $0 + $1.taxable }.value, cgstPaise: gst.cgst.value, sgstPaise: gst.sgst.value,
            totalPaise: orders.reduce(0) { $0 + ($1["total_paise"] as Int64) },
            paymentMethods: methods.joined(separator: ", "), issuerName: tenant.name, issuerAddress: tenant.address,
            issuerGstin: tenant.gstin, issuerFssai: tenant.fssai,
            serviceChargePaise: orders.reduce(0) { $0 + ($1["service_charge_paise"] as Int64) },
            roundOffPaise: orders.reduce(0) { $0 + ($1["round_off_paise"] as Int64) },
            taxLines: TaxLinesJSON.encode(taxes), buyerGstin: session.buyerGstin, buyerName: session.buyerName)
        try invoice.insert(db)
        let table = try Int.fetchOne(db, sql: "SELECT table_number FROM tables WHERE id = ?", arguments: [session.tableId]) ?? 0
        try EventLog.append(
            db, tenantId: tenant.id, aggregateId: invoice.id,
            payload: InvoiceIssuedPayload(
                tenant_id: tenant.id, invoice_number: invoice.id, table_session_id: sessionId, table_number: table,
                date: localDate, taxable_value: Paise(invoice.taxablePaise), cgst: gst.cgst, sgst: gst.sgst,
                service_charge: Paise(invoice.serviceChargePaise), round_off: Paise(invoice.roundOffPaise), total: Paise(invoice.totalPaise),
                taxes: taxes.map(OrderCreatedPayload.Tax.init), payment_methods: invoice.paymentMethods,
                buyer_gstin: session.buyerGstin.isEmpty ? nil : session.buyerGstin, timestamp: invoice.issuedAt),
            at: instant)
    }
}
