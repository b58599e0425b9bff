import ChildProcesses
import Foundation
import HummingbirdTesting
import IntelliDineServer
import IntelliDineStore
import Testing

@Suite("Table QR codes, read back by a real decoder (zbarimg)")
struct TableQRCodeTests {
    /// What Debian's zbarimg reads from an image file.
    static func decode(_ bytes: [UInt8], suffix: String) throws -> [String] {
        let path = NSTemporaryDirectory() + "qr-" + UUID().uuidString + suffix
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let output = try Child("/usr/bin/zbarimg", ["--raw", "-q", path], stderr: .null).finish().output
        return output.split(separator: "\n").map(String.init)
    }

    @Test("Each table's PNG decodes to its own guest-app URL under the configured base URL")
    func pngPerTable() async throws {
        let box = try await TestBox.make { $0.publicURL = "http://192.168.1.20:8080/" }
        try await box.test { client in
            for number in 1...10 {
                let id = String(format: "tbl-%03d", number)
                let response = try await client.executeRequest(
                    uri: "/tables/\(id)/qr.png?tenant_id=\(demoTenant)", method: .get, headers: [:], body: nil)
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "image/png")
                let decoded = try Self.decode(Array(buffer: response.body), suffix: ".png")
                #expect(decoded == ["http://192.168.1.20:8080/table/\(id)?tenant_id=\(demoTenant)"])
            }
            let svg = try await client.call(.get, "/tables/tbl-003/qr.svg?tenant_id=\(demoTenant)")
            #expect(svg.headers[.contentType] == "image/svg+xml")
            #expect(svg.text.hasPrefix("<svg") && svg.text.contains("<title>Table 3: http://192.168.1.20:8080/table/tbl-003"))

            #expect(try await client.call(.get, "/tables/tbl-404/qr.png?tenant_id=\(demoTenant)").status == .notFound)
            #expect(try await client.call(.get, "/tables/tbl-001/qr.png?tenant_id=nobody").status == .notFound)
            #expect(try await client.call(.get, "/tables/tbl-001/qr.png").status == .unprocessableContent)

            let sheet = try await client.call(.get, "/tables/qr-sheet?tenant_id=\(demoTenant)")
            #expect(sheet.status == .ok)
            #expect(sheet.text.components(separatedBy: "<svg ").count - 1 == 10)
            #expect(sheet.text.contains("<strong>Table 10</strong>"))
            #expect(sheet.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
        }
    }

    @Test("Without public_url the codes point at the box's avahi name on its port")
    func defaultBase() async throws {
        let box = try await TestBox.make { $0.port = 8080 }
        #expect(box.config.resolvedPublicURL == "http://intellidine.local:8080")
        var port80 = ServerConfiguration()
        port80.port = 80
        #expect(port80.resolvedPublicURL == "http://intellidine.local")
    }
}
