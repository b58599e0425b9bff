import Foundation
import Hummingbird
import IntelliDineDomain
import IntelliDineStore

/// Printing at the counter: the table's bill (with a UPI QR for what is due), its tax invoice and
/// the day's report go to the restaurant's receipt printer; the guest's phone can show the same
/// UPI QR on the bill screen.
struct ReceiptsController {
    let database: AppDatabase
    let clock: WallClock

    func register(on routes: APIRoutes) {
        routes.post("/api/sessions/:id/print", use: printBill)
        routes.post("/api/sessions/:id/invoice/print", use: printInvoice)
        routes.post("/api/day/print", use: printDay)
        routes.get("/api/sessions/:id/upi", use: upi)
    }

    struct PrintedAnswer: Encodable, Sendable {
        var printer: String
        var message: String
    }

    func enqueue(_ receipt: Receipt, kind: PrintJobKind, about subject: String, tenantId: String) async throws -> EditedResponse<Success<PrintedAnswer>> {
        guard let printer = try await database.receiptPrinter(tenantId: tenantId) else {
            throw APIError(.conflict, "NO_RECEIPT_PRINTER", "No receipt printer is set up: add one in Restaurant → Printers")
        }
        try await database.enqueuePrintJobs([NewPrintJob(
            tenantId: tenantId, printerId: printer.id, orderId: subject, source: RecordID.make(kind.rawValue.lowercased()), kind: kind,
            content: ESCPOS.render(receipt))], at: clock.now())
        return Success(PrintedAnswer(printer: printer.name, message: "Sent to \(printer.name)")).with(status: .accepted)
    }

    /// `POST /api/sessions/{id}/print` (waiter, manager): the table's bill.
    @Sendable func printBill(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<Success<PrintedAnswer>> {
        let (identity, tenantId) = try context.require([.waiter, .manager], request: request)
        let bill = try await database.sessionBill(tenantId: tenantId, sessionId: try context.parameters.require("id"), visibleTo: identity.actor)
        let tenant = try await database.requireTenant(id: tenantId)
        let receipt = ReceiptDocuments.bill(bill, tenant: tenant, printedAt: TicketJobs.placedAtText(clock.now(), timezone: tenant.timezone))
        return try await enqueue(receipt, kind: .bill, about: bill.session.id, tenantId: tenantId)
    }

    /// `POST /api/sessions/{id}/invoice/print` (waiter, manager): the settled bill's tax invoice.
    @Sendable func printInvoice(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<Success<PrintedAnswer>> {
        let (identity, tenantId) = try context.require([.waiter, .manager], request: request)
        guard let document = try await database.invoice(
            tenantId: tenantId, sessionId: try context.parameters.require("id"), visibleTo: identity.actor)
        else { throw APIError(.notFound, "INVOICE_NOT_ISSUED", "The invoice is issued when the bill is paid in full") }
        return try await enqueue(ReceiptDocuments.invoice(document), kind: .invoice, about: document.invoice.sessionId, tenantId: tenantId)
    }

    /// `POST /api/day/print?date=` (manager): the day's X report, or its Z report once closed.
    @Sendable func printDay(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<Success<PrintedAnswer>> {
        let (_, tenantId) = try context.require(.managers, request: request)
        let tenant = try await database.requireTenant(id: tenantId)
        let today = tenant.calendar.businessDate(of: clock.now())
        let date = request.uri.queryParameters.get("date").map { String($0) } ?? today
        guard LocalDateRange.isDate(date), date <= today else { throw APIError.validation("date must be YYYY-MM-DD, not after today") }
        let (live, close) = try await database.dayReport(tenantId: tenantId, businessDate: date)
        let receipt = ReceiptDocuments.day(close?.frozenReport ?? live, close: close, tenant: tenant)
        return try await enqueue(receipt, kind: .dayReport, about: "day-\(date)", tenantId: tenantId)
    }

    struct UPIAnswer: Encodable, Sendable {
        var amount: Paise
        var uri: String
        /// The QR code, as an SVG image to show on the guest's phone.
        var svg: String
    }

    /// `GET /api/sessions/{id}/upi` (the bill's guests, staff): a UPI request for what the table owes.
    @Sendable func upi(_ request: Request, context: AppRequestContext) async throws -> Success<UPIAnswer> {
        let (identity, tenantId) = try context.require([.customer, .waiter, .manager], request: request)
        let bill = try await database.sessionBill(tenantId: tenantId, sessionId: try context.parameters.require("id"), visibleTo: identity.actor)
        let tenant = try await database.requireTenant(id: tenantId)
        guard bill.due > .zero else { throw APIError(.conflict, "NOTHING_DUE", "This bill is paid") }
        guard let uri = ReceiptDocuments.upi(tenant: tenant, amount: bill.due, note: "Table \(bill.tableNumber) bill"),
              let code = QRCode(uri)
        else { throw APIError(.notFound, "NO_UPI_ID", "This restaurant takes UPI at the counter; ask your waiter") }
        return Success(UPIAnswer(amount: bill.due, uri: uri, svg: code.svg(size: 240, title: "UPI \(bill.due.formatted)")))
    }
}
