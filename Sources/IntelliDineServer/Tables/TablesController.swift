import Foundation
import HTTPTypes
import Hummingbird
import IntelliDineStore

/// The tables' QR codes: each table's guest-app URL (`{public_url}/table/{id}?tenant_id=`) as an
/// SVG or a PNG, and an A4 sheet of all of them with their names, ready to print and cut.
///
/// Public, like the codes themselves: everything in them is printed on the tables anyway, and
/// a manager can open the sheet straight from a browser to print it.
struct TablesController {
    let database: AppDatabase
    let publicURL: String

    func register(on routes: APIRoutes) {
        routes.get("/tables/:table_id/qr.svg", use: svg)
        routes.get("/tables/:table_id/qr.png", use: png)
        routes.get("/tables/qr-sheet", use: sheet)
    }

    func guestURL(tenantId: String, tableId: String) -> String {
        let table = tableId.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"])) ?? tableId
        let tenant = tenantId.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed.subtracting(["&", "="])) ?? tenantId
        return "\(publicURL)/table/\(table)?tenant_id=\(tenant)"
    }

    private func lookUp(_ request: Request, _ context: AppRequestContext) async throws -> (tenantId: String, table: TableRecord) {
        let (tenantId, tables) = try await restaurant(request)
        let id = try context.parameters.require("table_id")
        guard let table = tables.first(where: { $0.id == id }) else {
            throw APIError(.notFound, "TABLE_NOT_FOUND", "This restaurant has no table '\(id)'")
        }
        return (tenantId, table)
    }

    private func restaurant(_ request: Request) async throws -> (String, [TableRecord]) {
        guard let tenantId = request.uri.queryParameters.get("tenant_id").map({ String($0) }), !tenantId.isEmpty, tenantId.count <= 64 else {
            throw APIError.validation("tenant_id is required")
        }
        guard let (_, tables) = try await database.tables(tenantId: tenantId) else {
            throw APIError(.notFound, "TENANT_NOT_FOUND", "No restaurant with that tenant_id")
        }
        return (tenantId, tables)
    }

    private func code(_ url: String) throws -> QRCode {
        guard let code = QRCode(url) else { throw APIError.validation("The table's URL is too long for a QR code") }
        return code
    }

    @Sendable func svg(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (tenantId, table) = try await lookUp(request, context)
        let url = guestURL(tenantId: tenantId, tableId: table.id)
        return Self.respond(Array(try code(url).svg(title: "\(table.name): \(url)").utf8), type: "image/svg+xml")
    }

    @Sendable func png(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (tenantId, table) = try await lookUp(request, context)
        return Self.respond(try code(guestURL(tenantId: tenantId, tableId: table.id)).png(), type: "image/png")
    }

    /// An A4 page of every table's code with its name and number, three across.
    @Sendable func sheet(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (tenantId, tables) = try await restaurant(request)
        let cards = try tables.map { table in
            let url = guestURL(tenantId: tenantId, tableId: table.id)
            return """
                <figure class="qr-card">\(try code(url).svg(size: 180, title: table.name))\
                <figcaption><strong>\(HTMLText.escape(table.name))</strong><span>Scan to order</span></figcaption></figure>
                """
        }
        let html = """
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Table QR codes</title>
            <link rel="stylesheet" href="/assets/qr-sheet.css"></head><body><main class="qr-sheet">\(cards.joined())</main></body></html>
            """
        var response = Self.respond(Array(html.utf8), type: "text/html; charset=utf-8")
        response.headers[.contentSecurityPolicy] = WebController.contentSecurityPolicy
        return response
    }

    private static func respond(_ bytes: [UInt8], type: String) -> Response {
        Response(status: .ok, headers: [.contentType: type, .cacheControl: "no-cache"], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
