import Foundation
import Hummingbird
import IntelliDineDomain
import IntelliDineStore

/// The manager's reports. The GST return's tables for a month (docs/gstr1.md) come from the
/// month's invoices, as issued.
struct ReportsController {
    let database: AppDatabase
    let clock: WallClock

    func register(on routes: APIRoutes) {
        routes.get("/api/reports/gstr1", use: gstr1)
    }

    /// `GET /api/reports/gstr1?month=YYYY-MM[&format=csv&table=b2b|b2cs|hsn|docs]` (manager): the
    /// JSON of the GST offline tool's import, or one table as CSV, to download.
    @Sendable func gstr1(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (_, tenantId) = try context.require(.managers, request: request)
        let tenant = try await database.requireTenant(id: tenantId)
        let query = request.uri.queryParameters
        let today: String = tenant.calendar.businessDate(of: clock.now())
        let month = query.get("month").map { String($0) } ?? String(today.dropLast(3))
        guard month.wholeMatch(of: /\d{4}-(0[1-9]|1[0-2])/) != nil else { throw APIError.validation("month must be YYYY-MM") }
        guard !tenant.gstin.isEmpty else {
            throw APIError(.conflict, "NO_GSTIN", "Set the restaurant's GSTIN in its profile before preparing its GST return")
        }
        let inputs = try await database.gstr1Inputs(tenantId: tenantId, month: month)
        // The restaurant's GSTIN as its invoices were issued (the profile may have changed since).
        let tables = GSTR1.month(
            month, gstin: inputs.issuerGSTIN ?? tenant.gstin, consumerTaxes: inputs.consumerTaxes, businessTaxes: inputs.businessTaxes,
            businessInvoices: inputs.businessInvoices.map {
                GSTR1.B2BInvoice(
                    buyerGSTIN: $0.buyerGstin, buyerName: $0.buyerName, number: $0.id, localDate: $0.localDate, total: Paise($0.totalPaise),
                    taxes: TaxLinesJSON.decode($0.taxLines))
            },
            series: inputs.series)
        let name = "GSTR1-\(tables.gstin)-\(month)"
        switch query.get("format") ?? "json" {
        case "json":
            let body = try JSONBody.encode(GSTR1Export.json(tables))
            return Self.download(body, type: "application/json; charset=utf-8", name: "\(name).json")
        case "csv":
            guard let table = query.get("table").flatMap({ GSTR1Export.Table(rawValue: String($0)) }) else {
                throw APIError.validation("table must be b2b, b2cs, hsn or docs")
            }
            return Self.download(Data(GSTR1Export.csv(tables, table: table).utf8), type: "text/csv; charset=utf-8", name: "\(name)-\(table.rawValue).csv")
        default:
            throw APIError.validation("format must be json or csv")
        }
    }

    static func download(_ body: Data, type: String, name: String) -> Response {
        Response(
            status: .ok,
            headers: [.contentType: type, .contentDisposition: "attachment; filename=\"\(name)\"", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}
