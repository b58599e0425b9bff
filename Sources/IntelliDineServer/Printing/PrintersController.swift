import Foundation
import Hummingbird
import IntelliDineDomain
import IntelliDineStore

/// The kitchen's printers and reprints.
struct PrintersController {
    let database: AppDatabase
    let body: JSONBody
    let printers: PrinterService
    let clock: WallClock

    func register(on routes: APIRoutes) {
        routes.get("/api/printers", use: list)
        routes.post("/api/printers", use: add)
        routes.delete("/api/printers/:id", use: remove)
        routes.post("/api/orders/:id/reprint", use: reprint)
    }

    struct PrinterJSON: Encodable, Sendable {
        var id: String
        var name: String
        var host: String
        var port: Int
        var categories: [String]
        var is_active: Bool
        /// `KITCHEN` or `RECEIPT`.
        var role: String
        init(_ record: PrinterRecord) {
            role = record.role
            id = record.id
            name = record.name
            host = record.host
            port = record.port
            categories = record.categories
            is_active = record.isActive
        }
    }

    struct ListAnswer: Encodable, Sendable { var printers: [PrinterJSON] }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Success<ListAnswer> {
        let (_, tenantId) = try context.require(.staff, request: request)
        let printers = try await database.printers(tenantId: tenantId)
        return Success(ListAnswer(printers: printers.map(PrinterJSON.init)))
    }

    struct AddRequest: Decodable {
        var name: String
        var host: String
        var port: Int?
        var categories: [String]?
        /// `KITCHEN` (the default) or `RECEIPT`: the counter's printer for bills, invoices and day reports.
        var role: String?
    }

    struct PrinterAnswer: Encodable, Sendable { var printer: PrinterJSON }

    /// `POST /api/printers` (manager): `{"name", "host", "port"?: 9100, "categories"?: ["cat-1"]}`.
    @Sendable func add(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<Success<PrinterAnswer>> {
        let (_, tenantId) = try context.require(.managers, request: request)
        let input = try await body.decode(AddRequest.self, from: request)
        let name = input.name.trimmingCharacters(in: .whitespaces)
        guard (1...40).contains(name.count) else { throw APIError.validation("name is 1 to 40 characters") }
        guard (1...253).contains(input.host.count), input.host.allSatisfy({ $0.isLetter || $0.isNumber || ".-:".contains($0) }) else {
            throw APIError.validation("host must be a host name or an IP address")
        }
        let port = input.port ?? 9100
        guard (1...65_535).contains(port) else { throw APIError.validation("port must be between 1 and 65535") }
        let role = (input.role ?? "KITCHEN").uppercased()
        guard ["KITCHEN", "RECEIPT"].contains(role) else { throw APIError.validation("role is KITCHEN or RECEIPT") }
        var printer = PrinterRecord(
            id: RecordID.make("prn"), tenantId: tenantId, name: name, host: input.host, port: port,
            categories: role == "RECEIPT" ? [] : input.categories ?? [], isActive: true, createdAt: Timestamp.string(clock.now()))
        printer.role = role
        try await database.addPrinter(printer)
        return Success(PrinterAnswer(printer: PrinterJSON(printer))).created
    }

    /// `DELETE /api/printers/{id}` (manager): the printer gets no new tickets.
    @Sendable func remove(_ request: Request, context: AppRequestContext) async throws -> Success<NoFields> {
        let (_, tenantId) = try context.require(.managers, request: request)
        let id = try context.parameters.require("id")
        guard try await database.removePrinter(tenantId: tenantId, id: id) else {
            throw APIError(.notFound, "PRINTER_NOT_FOUND", "No printer '\(id)' in use here")
        }
        return Success()
    }

    struct ReprintAnswer: Encodable, Sendable { var tickets: Int }

    /// `POST /api/orders/{id}/reprint`: the order's tickets again, marked DUPLICATE.
    @Sendable func reprint(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<Success<ReprintAnswer>> {
        let (identity, tenantId) = try context.require([.kitchenStaff, .manager], request: request)
        let orderId = try context.parameters.require("id")
        _ = try await database.orderDetail(tenantId: tenantId, id: orderId, visibleTo: identity.actor)
        guard let source = try await database.ticketSource(orderId: orderId) else { throw OrderRefusal.orderNotFound }
        let jobs = TicketJobs.jobs(for: source, kind: .duplicate, sourceId: RecordID.make("reprint"))
        try await database.enqueuePrintJobs(jobs, at: clock.now())
        printers.wake()
        return Success(ReprintAnswer(tickets: jobs.count)).with(status: .accepted)
    }
}
