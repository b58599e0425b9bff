import Foundation
import GRDB
import HummingbirdTesting
import IntelliDineServer
import IntelliDineStore
import Testing

@Suite("Kitchen order tickets on network thermal printers (ESC/POS over TCP 9100)")
struct KitchenTicketTests {
    static func addPrinter(_ client: some TestClientProtocol, _ manager: String, name: String, port: Int, categories: [String] = []) async throws {
        let added = try await client.call(.post, "/api/printers", token: manager, json: [
            "name": name, "host": "127.0.0.1", "port": port, "categories": categories,
        ])
        #expect(added.status == .created, "\(added.text)")
    }

    /// The demo journey's ticket, written out byte by byte from the ESC/POS manual, not by the renderer.
    static func seedTicket(number: Int, placedAt: String, station: String) -> [UInt8] {
        let ESC: UInt8 = 0x1B, GS: UInt8 = 0x1D, LF: UInt8 = 0x0A
        func ascii(_ text: String) -> [UInt8] { Array(text.utf8) }
        let rule = ascii(String(repeating: "-", count: 48)) + [LF]
        var bytes: [UInt8] = [ESC, 0x40, ESC, 0x61, 0x01]
        bytes += [ESC, 0x21, 0x30] + ascii("ORDER #\(number)") + [LF]
        bytes += [ESC, 0x21, 0x10] + ascii("Table 5") + [LF]
        bytes += [ESC, 0x21, 0x00] + ascii("\(placedAt)  \(station)") + [LF]
        bytes += [ESC, 0x61, 0x00] + rule
        for line in ["2 x Paneer Tikka", "1 x Dal Makhani", "3 x Garlic Naan"] {
            bytes += [ESC, 0x21, 0x10] + ascii(line) + [LF] + [ESC, 0x21, 0x00]
        }
        bytes += rule + [GS, 0x56, 0x42, 0x04]
        return bytes
    }

    static func placedAt(_ isoTimestamp: String) -> String {
        let parser = ISO8601DateFormatter()
        parser.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let formatter = DateFormatter()
        formatter.timeZone = TimeZone(identifier: "Asia/Kolkata")
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "HH:mm dd-MM-yyyy"
        return formatter.string(from: parser.date(from: isoTimestamp)!)
    }

    @Test("One ticket per order with the demo order's exact bytes; offline or out of paper it prints later, once")
    func ticketsPrintOnceAndLate() async throws {
        let box = try await TestBox.make()
        let printer = try TestPrinter()
        try printer.switchOn()
        defer { printer.switchOff() }
        try await box.test { client in
            let manager = try await client.loginStaff("manager1")
            try await Self.addPrinter(client, manager, name: "Kitchen", port: printer.port)
            let guest = try await client.loginGuest(box)

            let first = try await client.placeSeedOrder(token: guest.token)
            let tickets = try await printer.waitForTickets(1)
            let expected = Self.seedTicket(number: 1, placedAt: Self.placedAt(first.order["created_at"] as! String), station: "Kitchen")
            #expect(tickets == [expected])

            // Off while an order is placed: printed when it comes back, once.
            printer.switchOff()
            _ = try await client.placeSeedOrder(token: guest.token)
            try await Task.sleep(for: .seconds(1.5))
            #expect(printer.tickets.withLock { $0.count } == 1)
            try printer.switchOn()
            let afterOutage = try await printer.waitForTickets(2)
            #expect(afterOutage[1].starts(with: [0x1B, 0x40, 0x1B, 0x61, 0x01, 0x1B, 0x21, 0x30] + Array("ORDER #2".utf8)))

            // Out of paper: nothing is lost in a printer that cannot print; it prints when refilled.
            printer.paperOut.withLock { $0 = true }
            _ = try await client.placeSeedOrder(token: guest.token)
            try await Task.sleep(for: .seconds(1.5))
            #expect(printer.tickets.withLock { $0.count } == 2)
            printer.paperOut.withLock { $0 = false }
            _ = try await printer.waitForTickets(3)
        }
        // The log delivered again from the start (a crash before the cursor moved, then a
        // restart): nothing prints twice.
        try await box.database.pool.write { db in
            try db.execute(sql: "UPDATE consumer_cursors SET last_seq = 0 WHERE consumer = ?", arguments: [ConsumerName.kitchenPrinter])
        }
        let restarted = try await box.restarted()
        try await restarted.test { client in
            let manager = try await client.loginStaff("manager1")
            _ = try await client.call(.patch, "/api/menu/items/item_006", token: manager, json: ["price": 35])
            try await restarted.caughtUp(ConsumerName.kitchenPrinter)
            // Printed jobs are sent from their own queue: give a wrongly re-queued one time to print.
            try await Task.sleep(for: .seconds(2))
            #expect(printer.tickets.withLock { $0.count } == 3)
            let jobs = try await restarted.database.pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM print_jobs")! }
            #expect(jobs == 3)
        }
    }

    @Test("Routed by category, a cancellation ticket on CANCELLED, and a reprint marked DUPLICATE")
    func routingCancellationAndReprint() async throws {
        let box = try await TestBox.make()
        let kitchen = try TestPrinter()
        let tandoor = try TestPrinter()
        try kitchen.switchOn()
        try tandoor.switchOn()
        defer {
            kitchen.switchOff()
            tandoor.switchOff()
        }
        try await box.test { client in
            let manager = try await client.loginStaff("manager1")
            try await Self.addPrinter(client, manager, name: "Kitchen", port: kitchen.port, categories: ["cat-1", "cat-2"])
            try await Self.addPrinter(client, manager, name: "Tandoor", port: tandoor.port, categories: ["cat-3"])
            let guest = try await client.loginGuest(box)
            let id = try #require(try await client.placeSeedOrder(token: guest.token).order["id"] as? String)
            let main = try await kitchen.waitForTickets(1)
            let breads = try await tandoor.waitForTickets(1)
            let mainText = String(decoding: main[0], as: UTF8.self)
            let breadText = String(decoding: breads[0], as: UTF8.self)
            #expect(mainText.contains("2 x Paneer Tikka") && mainText.contains("1 x Dal Makhani") && !mainText.contains("Naan"))
            #expect(breadText.contains("3 x Garlic Naan") && !breadText.contains("Paneer") && breadText.contains("Tandoor"))

            // A guest's note is printed as text: a control byte in it cannot reach the printer.
            _ = try await client.placeOrder(token: guest.token, items: [["menu_item_id": "item_005", "quantity": 1, "special_instructions": "extra crisp \u{1B}@ ñ"]])
            let noted = try await tandoor.waitForTickets(2)
            #expect(String(decoding: noted[1], as: UTF8.self).contains("   >> extra crisp @ ?"))

            let cancelled = try await client.call(.patch, "/api/orders/\(id)/status", token: guest.token, json: ["status": "CANCELLED"])
            #expect(cancelled.status == .ok)
            let afterCancel = try await kitchen.waitForTickets(2)
            #expect(String(decoding: afterCancel[1], as: UTF8.self).contains("*** CANCELLED ***"))

            let kitchenStaff = try await client.loginStaff("kitchen_staff1")
            let reprint = try await client.call(.post, "/api/orders/\(id)/reprint", token: kitchenStaff)
            #expect(reprint.status == .accepted)
            #expect(reprint["tickets"] as? Int == 2)
            let duplicate = try await kitchen.waitForTickets(3)
            #expect(String(decoding: duplicate[2], as: UTF8.self).contains("*** DUPLICATE ***"))
            #expect(try await client.call(.post, "/api/orders/\(id)/reprint", token: guest.token).status == .forbidden)
            #expect(try await client.call(.post, "/api/printers", token: kitchenStaff, json: ["name": "x", "host": "h"]).status == .forbidden)
        }
    }
}
