import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import IntelliDineServer
import IntelliDineStore
import Testing

@Suite("What the web apps stand on: pages, assets, the table greeting, quotes and payment requests")
struct WebAppServingTests {
    @Test("Pages carry a strict Content-Security-Policy, have no inline script or style, and point at versioned assets")
    func pagesAndAssets() async throws {
        let box = try await TestBox.make()
        try await box.test { client in
            for path in ["/kitchen", "/table/tbl-005?tenant_id=\(demoTenant)", "/"] {
                let page = try await client.call(.get, path)
                #expect(page.status == .ok, "\(path)")
                #expect(page.headers[.contentType] == "text/html; charset=utf-8")
                let policy = try #require(page.headers[.contentSecurityPolicy])
                #expect(policy.contains("script-src 'self'") && policy.contains("default-src 'none'"))
                #expect(page.headers[.cacheControl] == "no-cache")
                #expect(!page.text.contains("<script>") && !page.text.contains("style="))
                #expect(page.text.range(of: #"\son[a-z]+="#, options: .regularExpression) == nil, "no inline event handlers")
                #expect(!page.text.contains("http://") && !page.text.contains("https://"), "nothing is fetched from elsewhere")
            }
            let kitchen = try await client.call(.get, "/kitchen")
            let range = try #require(kitchen.text.range(of: #"/assets/kitchen\.js\?v=[0-9a-f]{12}"#, options: .regularExpression))
            let versioned = String(kitchen.text[range])

            let asset = try await client.call(.get, versioned)
            #expect(asset.status == .ok)
            #expect(asset.headers[.contentType] == "text/javascript; charset=utf-8")
            #expect(asset.headers[.cacheControl] == "public, max-age=31536000, immutable")
            let unversioned = try await client.call(.get, "/assets/kitchen.js")
            #expect(unversioned.headers[.cacheControl] == "no-cache")
            let etag = try #require(asset.headers[.eTag])
            let again = try await client.call(.get, versioned, headers: [.ifNoneMatch: etag])
            #expect(again.status == .notModified)
            #expect(again.text.isEmpty)
            #expect(try await client.call(.get, "/assets/nothing.js").status == .notFound)
            #expect(try await client.call(.get, "/assets/..%2Fkitchen.html").status == .notFound)

            // A browser that accepts gzip gets the same script gzipped, as its own representation.
            let gzipped = try await client.executeRequest(uri: versioned, method: .get, headers: [.acceptEncoding: "gzip, deflate, br"], body: nil)
            #expect(gzipped.headers[.contentEncoding] == "gzip")
            #expect(gzipped.headers[.vary] == "Accept-Encoding")
            #expect(Array(gzipped.body.readableBytesView.prefix(2)) == [0x1f, 0x8b])
            #expect(gzipped.body.readableBytes < asset.text.utf8.count / 2)
            let gzipTag = try #require(gzipped.headers[.eTag])
            #expect(gzipTag != etag)
            #expect(try await client.executeRequest(uri: versioned, method: .get, headers: [.acceptEncoding: "gzip", .ifNoneMatch: gzipTag], body: nil).status == .notModified)
            let refused = try await client.executeRequest(uri: versioned, method: .get, headers: [.acceptEncoding: "gzip;q=0, identity"], body: nil)
            #expect(refused.headers[.contentEncoding] == nil)
            #expect(String(buffer: refused.body) == asset.text)
        }
    }

    @Test("The QR page greets the guest with the restaurant and the table number, without a token")
    func tableGreeting() async throws {
        let box = try await TestBox.make()
        try await box.test { client in
            let table = try await client.call(.get, "/api/tables/tbl-005?tenant_id=\(demoTenant)")
            #expect(table.status == .ok)
            #expect((table["table"] as? [String: Any])?["table_number"] as? Int == 5)
            #expect((table["restaurant"] as? [String: Any])?["name"] as? String == "Spice Garden (demo)")
            #expect(try await client.call(.get, "/api/tables/tbl-999?tenant_id=\(demoTenant)").status == .notFound)
            #expect(try await client.call(.get, "/api/tables/tbl-005").status == .unprocessableContent)
            #expect(try await client.call(.get, "/api/tables/tbl-005?tenant_id=nobody").status == .notFound)
        }
    }

    @Test("A quote prices the cart exactly as placing it would, and writes nothing")
    func quote() async throws {
        let box = try await TestBox.make()
        try await box.test { client in
            let guest = try await client.loginGuest(box)
            let before = try await box.database.pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM events")! }
            let quote = try await client.call(.post, "/api/orders/quote?tenant_id=\(demoTenant)", token: guest.token, json: [
                "table_id": "tbl-005",
                "items": [
                    ["menu_item_id": "item_001", "quantity": 2], ["menu_item_id": "item_003", "quantity": 1],
                    ["menu_item_id": "item_005", "quantity": 3],
                ],
            ])
            #expect(quote.status == .ok)
            #expect(rupees(quote["subtotal"]) == "922.5")
            #expect(rupees(quote["gst"]) == "166.05")
            #expect(rupees(quote["total"]) == "1088.55")
            #expect(rupees(quote["discount_saved"]) == "44.25")
            let lines = try #require(quote["items"] as? [[String: Any]])
            #expect(lines.map { ($0["discount_percentage"] as? NSNumber)?.intValue } == [0, 15, 0])
            // Before signing in, a guest prices the same cart the same way; nothing is written.
            let anonymous = try await client.call(.post, "/api/orders/quote?tenant_id=\(demoTenant)", json: [
                "table_id": "tbl-005", "items": [["menu_item_id": "item_001", "quantity": 2], ["menu_item_id": "item_003", "quantity": 1],
                                                 ["menu_item_id": "item_005", "quantity": 3]],
            ])
            #expect(anonymous.status == .ok, "\(anonymous.text)")
            #expect(rupees(anonymous["total"]) == rupees(quote["total"]))
            let after = try await box.database.pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM events")! }
            #expect(after == before)
            let placed = try await client.placeSeedOrder(token: guest.token)
            #expect(rupees(placed.order["total"]) == rupees(quote["total"]))

            let unknown = try await client.call(.post, "/api/orders/quote?tenant_id=\(demoTenant)", token: guest.token, json: [
                "table_id": "tbl-005", "items": [["menu_item_id": "item_404", "quantity": 1]],
            ])
            #expect(unknown.status == .unprocessableContent)
            #expect(unknown.errorCode == "MENU_ITEM_NOT_FOUND")
            #expect(try await client.call(.post, "/api/orders/quote?tenant_id=nowhere", json: [
                "table_id": "tbl-005", "items": [["menu_item_id": "item_001", "quantity": 1]],
            ]).errorCode == "TENANT_NOT_FOUND")
            #expect(try await client.call(.post, "/api/orders/quote", json: ["table_id": "tbl-005", "items": []]).status == .unprocessableContent)
        }
    }

    @Test("Pay cash tells the floor once, however often the guest taps")
    func paymentRequest() async throws {
        let box = try await TestBox.make()
        try await box.test { client in
            let guest = try await client.loginGuest(box)
            let other = try await client.loginGuest(box, phone: "9123456780")
            let id = try #require(try await client.placeSeedOrder(token: guest.token).order["id"] as? String)
            let first = try await client.call(.post, "/api/orders/\(id)/payment-request", token: guest.token, json: ["method": "CASH"])
            #expect(first.status == .created)
            #expect(rupees(first["amount_due"]) == "1088.55")
            let second = try await client.call(.post, "/api/orders/\(id)/payment-request", token: guest.token, json: ["method": "CASH"])
            #expect(second.status == .ok)
            #expect(second["already_requested"] as? Bool == true)
            let requests = try await box.database.events(forAggregate: id).filter { $0.type == "order.payment_requested" }
            #expect(requests.count == 1)
            #expect(requests.first?.payload.contains(#""table_number":5"#) == true)

            let online = try await client.call(.post, "/api/orders/\(id)/payment-request", token: guest.token, json: ["method": "ONLINE"])
            #expect(online.errorCode == "ONLINE_PAYMENT_UNAVAILABLE")
            let stranger = try await client.call(.post, "/api/orders/\(id)/payment-request", token: other.token, json: ["method": "CASH"])
            #expect(stranger.status == .forbidden)
        }
    }
}

@Suite("Dish photos: a manager uploads the photo as taken; the box makes phone-sized versions without metadata")
struct DishPhotoTests {
    /// A 640 × 480 JPEG whose EXIF says where it was taken (12°58′N 77°38′E), and a PNG.
    static func fixture(_ name: String) throws -> [UInt8] {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
        return Array(try Data(contentsOf: folder.appendingPathComponent(name)))
    }

    static func isWebP(_ bytes: [UInt8]) -> Bool {
        bytes.count > 12 && Array(bytes[0..<4]) == Array("RIFF".utf8) && Array(bytes[8..<12]) == Array("WEBP".utf8)
    }

    @Test("A JPEG with GPS comes back as WebP without its metadata; a PNG sent as image/jpeg is read by its bytes; text called a photo, a broken image, too big, not a manager or a strange path are refused")
    func photos() async throws {
        let box = try await TestBox.make()
        try await box.test(.live) { client in
            let manager = try await client.loginStaff("manager1")
            let waiter = try await client.loginStaff("waiter1")
            let put = { (token: String, bytes: [UInt8], item: String) in
                try await client.executeRequest(
                    uri: "/api/menu/items/\(item)/photo", method: .put,
                    headers: [.authorization: "Bearer \(token)", .contentType: "image/jpeg"], body: ByteBuffer(bytes: bytes))
            }
            let gps = try Self.fixture("gps.jpg")
            #expect(gps.starts(with: [0xFF, 0xD8, 0xFF, 0xE1]) && String(decoding: gps.prefix(64), as: UTF8.self).contains("Exif"))
            let uploaded = try await put(manager, gps, "item_001")
            #expect(uploaded.status == .ok, "\(String(buffer: uploaded.body))")
            let menu = try await client.call(.get, "/api/menu/items?tenant_id=\(demoTenant)")
            let paneer = try #require((menu["items"] as? [[String: Any]])?.first { $0["id"] as? String == "item_001" })
            let url = try #require(paneer["image_url"] as? String)
            let thumb = try #require(paneer["thumb_url"] as? String)
            #expect(url.wholeMatch(of: /\/photos\/[0-9a-f\-]+\/item_001-[0-9a-f]{16}\.webp/) != nil, "\(url)")
            #expect(thumb == String(url.dropLast(5)) + ".s.webp")
            let served = try await client.executeRequest(uri: url, method: .get, headers: [:], body: nil)
            #expect(served.status == .ok)
            let large = Array(served.body.readableBytesView)
            #expect(Self.isWebP(large))
            #expect(served.headers[.contentType] == "image/webp")
            #expect(served.headers[.cacheControl] == "public, max-age=31536000, immutable")
            // No EXIF, XMP or ICC chunk survives, and the coordinates' bytes are nowhere in it.
            let chunks = String(decoding: large, as: UTF8.self)
            #expect(!chunks.contains("EXIF") && !chunks.contains("Exif") && !chunks.contains("XMP ") && !chunks.contains("ICCP"))
            #expect(!large.indices.dropLast(3).contains { large[$0] == 0 && large[$0 + 1] == 0 && large[$0 + 2] == 0 && large[$0 + 3] == 77 })
            let small = try await client.executeRequest(uri: thumb, method: .get, headers: [:], body: nil)
            #expect(small.status == .ok && Self.isWebP(Array(small.body.readableBytesView)))
            #expect(small.body.readableBytes < large.count)

            // A PNG sent as "image/jpeg" (a renamed file): read by what it is. It replaces the old photo, files and all.
            #expect(try await put(manager, try Self.fixture("plate.png"), "item_001").status == .ok)
            #expect(try await client.executeRequest(uri: url, method: .get, headers: [:], body: nil).status == .notFound)
            let folder = box.config.photosDir + "/" + demoTenant
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder).count == 2)

            // Text called a photo, a JPEG cut short, an SVG: refused, nothing written.
            #expect(try await put(manager, Array("just a note, not a photo".utf8), "item_001").status == .unsupportedMediaType)
            #expect(try await put(manager, Array(gps.prefix(600)), "item_001").status == .unsupportedMediaType)
            #expect(try await put(manager, Array("<svg onload=alert(1)>".utf8), "item_001").status == .unsupportedMediaType)
            #expect(try await put(manager, gps + [UInt8](repeating: 0, count: 10 * 1024 * 1024), "item_001").status == .contentTooLarge)
            #expect(try await put(waiter, gps, "item_001").status == .forbidden)
            #expect(try await put(manager, gps, "item_404").status == .notFound)
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder).count == 2, "no stray file for a refused photo")
            for path in ["/photos/..%2Fdb/intellidine.sqlite", "/photos/\(demoTenant)/..%2F..%2Fdb%2Fintellidine.sqlite", "/photos/x/y.jpg"] {
                #expect(try await client.executeRequest(uri: path, method: .get, headers: [:], body: nil).status == .notFound, "\(path)")
            }
        }
    }
}
