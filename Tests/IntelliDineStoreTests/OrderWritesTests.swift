import Foundation
import GRDB
import IntelliDineDomain
import IntelliDineStore
import Testing

@Suite("Order writes: one transaction each, events in the same transaction")
struct OrderWritesTests {
    let tenant = DemoRestaurant.tenantId

    func demo() async throws -> AppDatabase {
        let database = try AppDatabase.open(path: try temporaryDirectory() + "/db.sqlite")
        try await database.seedDemoRestaurant(at: Date(), hashPassword: { "hash-of-\($0)" })
        // Plenty of paneer: these tests are about transactions, not stock.
        try await database.pool.write { db in try db.execute(sql: "UPDATE ingredients SET stock_quantity = 10000000 WHERE id = 'ing-paneer'") }
        return database
    }

    func newOrder(_ database: AppDatabase, table: String = "tbl-005", at instant: Date = Date()) async throws -> NewOrder {
        let context = try await database.orderingContext(tenantId: tenant, tableId: table, itemIds: ["item_001"])!
        let tableRecord = context.table ?? TableRecord(id: table, tenantId: tenant, tableNumber: 99, name: "?", capacity: 2, isActive: true)
        let priced = OrderPricing.price([PricingLine(menuItemId: "item_001", unitPrice: Paise(rupees: 280), quantity: 1)], settings: .demo)
        return NewOrder(
            id: RecordID.make("ord"), tenantId: tenant, customerId: nil, table: tableRecord,
            lines: priced.lines.map { NewOrderLine(priced: $0, name: "Paneer Tikka", discountReason: nil, specialInstructions: nil, preparationTime: 15) },
            totals: priced.totals, gstRate: .restaurant18, estimatedPreparationTime: 15, placedAt: instant,
            businessDate: ServiceCalendar(timeZone: TimeZone(identifier: "Asia/Kolkata")!).businessDate(of: instant), placedBy: "waiter1")
    }

    func count(_ database: AppDatabase, _ table: String) throws -> Int {
        try database.pool.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM \(table)")! }
    }

    @Test("Placing an order writes the order, its lines, a history row and order.created, with ticket numbers per day")
    func place() async throws {
        let database = try await demo()
        let eventsBefore = try count(database, "events")
        var tickets: [Int] = []
        for _ in 0..<3 {
            guard case .created(let detail, _) = try await database.placeOrder(try await newOrder(database), idempotency: nil, render: { _ in JSONText() })
            else { Issue.record("expected a new order"); return }
            tickets.append(detail.order.ticketNumber)
        }
        #expect(tickets == [1, 2, 3])
        #expect(try count(database, "orders") == 3)
        #expect(try count(database, "order_items") == 3)
        #expect(try count(database, "order_status_history") == 3)
        #expect(try count(database, "events") == eventsBefore + 3)
        let tomorrow = try await newOrder(database, at: Date().addingTimeInterval(86_400))
        guard case .created(let next, _) = try await database.placeOrder(tomorrow, idempotency: nil, render: { _ in JSONText() }) else { return }
        #expect(next.order.ticketNumber == 1)
    }

    @Test("A pass of the SMS consumer reads its orders, the lines of those it lists and the texts already sent, whatever the ids hold")
    func notificationPass() async throws {
        let database = try await demo()
        var placed: [OrderDetail] = []
        for _ in 0..<2 {
            guard case .created(let detail, _) = try await database.placeOrder(try await newOrder(database), idempotency: nil, render: { _ in JSONText() })
            else { Issue.record("not created"); return }
            placed.append(detail)
        }
        let (a, b) = (placed[0].order, placed[1].order)
        try await database.recordNotificationsSent([SentNotification(eventId: "evt-sent", tenantId: tenant, phone: "9876543210")])
        // Ids that are not the box's own shape still reach SQLite as data: a quote, a backslash, a non-ASCII character.
        let odd = "ord-\"quoted\"\\☕"
        let pass = try await database.notificationPass(
            orderIds: [a.id, b.id, odd], linesOf: [a.id, odd], eventIds: ["evt-sent", "evt-new", odd])
        #expect(Set(pass.orders.keys) == [a.id, b.id])
        #expect(pass.orders[a.id]?.ticketNumber == a.ticketNumber && pass.orders[b.id]?.ticketNumber == b.ticketNumber)
        #expect(pass.orders[a.id]?.lines.map { "\($0.quantity) \($0.name)" } == ["1 Paneer Tikka"])
        #expect(pass.orders[b.id]?.lines.isEmpty == true)
        #expect(pass.orders[a.id]?.totalPaise == Int64(a.totalPaise))
        #expect(pass.alreadySent == ["evt-sent"])
    }

    @Test("Given a write that fails half-way (unknown table), then nothing of it is left, not even a ticket number")
    func atomic() async throws {
        let database = try await demo()
        let before = try ["orders", "order_items", "order_status_history", "events"].map { try count(database, $0) }
        await #expect(throws: DatabaseError.self) {
            _ = try await database.placeOrder(try await newOrder(database, table: "tbl-999"), idempotency: nil, render: { _ in JSONText() })
        }
        let after = try ["orders", "order_items", "order_status_history", "events"].map { try count(database, $0) }
        #expect(before == after)
        // The ticket the failed write took is the next order's: numbers have no gaps.
        #expect(before[0] == 0)
        for expected in 1...2 {
            let placed = try await database.placeOrder(try await newOrder(database), idempotency: nil, render: { _ in JSONText() })
            guard case .created(let detail, _) = placed else { Issue.record("not placed"); return }
            #expect(detail.order.ticketNumber == expected)
        }
    }

    @Test("Given two cooks starting the same order at once, then exactly one wins and the history has one row for it")
    func concurrentStatus() async throws {
        let database = try await demo()
        guard case .created(let detail, _) = try await database.placeOrder(try await newOrder(database), idempotency: nil, render: { _ in JSONText() })
        else { return }
        let id = detail.order.id
        let kitchen = Actor(id: "s1", name: "kitchen_staff1", role: .kitchenStaff)
        let otherCook = Actor(id: "s2", name: "kitchen_staff2", role: .kitchenStaff)
        let results = await withTaskGroup(of: Result<OrderDetail, any Error>.self) { group in
            group.addTask { await Result(catching: { try await database.changeOrderStatus(tenantId: tenant, orderId: id, to: .preparing, by: kitchen, notes: nil, at: Date()) }) }
            group.addTask { await Result(catching: { try await database.changeOrderStatus(tenantId: tenant, orderId: id, to: .preparing, by: otherCook, notes: nil, at: Date()) }) }
            return await group.reduce(into: []) { $0.append($1) }
        }
        let wins = results.filter { if case .success = $0 { true } else { false } }
        #expect(wins.count == 1)
        let losses = results.compactMap { if case .failure(let error) = $0 { error as? OrderRefusal } else { nil } }
        #expect(losses == [.statusChange(.illegalTransition(from: .preparing, to: .preparing))])
        let history = try await database.pool.read {
            try String.fetchAll($0, sql: "SELECT status FROM order_status_history WHERE order_id = ? ORDER BY rowid", arguments: [id])
        }
        #expect(history.count == 2)
        #expect(history.first == "PENDING")
    }
}

@Suite("Group commit: concurrent orders share a transaction, each in its own savepoint")
struct GroupCommitTests {
    @Test("Given 60 concurrent orders of which every tenth names an unknown table, then the 54 good ones commit with consecutive tickets and the 6 bad ones leave nothing")
    func mixedBatch() async throws {
        let writes = OrderWritesTests()
        let database = try await writes.demo()
        let eventsBefore = try writes.count(database, "events")
        let results = await withTaskGroup(of: Result<PlaceOrderOutcome, any Error>.self) { group in
            for index in 0..<60 {
                group.addTask {
                    await Result(catching: {
                        let order = try await writes.newOrder(database, table: index % 10 == 0 ? "tbl-999" : "tbl-005")
                        return try await database.placeOrder(order, idempotency: nil, render: { _ in JSONText() })
                    })
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        let tickets = results.compactMap { result -> Int? in
            if case .success(.created(let detail, _)) = result { return detail.order.ticketNumber }
            return nil
        }
        #expect(tickets.count == 54)
        #expect(tickets.sorted() == Array(1...54))
        #expect(results.filter { if case .failure = $0 { true } else { false } }.count == 6)
        #expect(try writes.count(database, "orders") == 54)
        #expect(try writes.count(database, "order_items") == 54)
        #expect(try writes.count(database, "events") == eventsBefore + 54)
    }

    @Test("Eight orders with one Idempotency-Key at the same moment make one order; the others replay it, with the ticket the write filled in")
    func sameKeyInOneBatch() async throws {
        let writes = OrderWritesTests()
        let database = try await writes.demo()
        let claim = IdempotencyClaim(subjectId: "cust-1", key: "k", requestHash: "h")
        let outcomes = try await withThrowingTaskGroup(of: PlaceOrderOutcome.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    try await database.placeOrder(try await writes.newOrder(database), idempotency: claim, render: { detail in
                        // Written before the write, with a hole for the ticket number the write fills.
                        var json = JSONText()
                        json.leavesWriterFieldsOpen = true
                        json.object { json in
                            json.field("id", detail.order.id)
                            json.field("ticket", detail.order.ticketNumber, writer: .ticketNumber)
                        }
                        return json
                    })
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let bodies = Set(outcomes.map { outcome -> Data in
            switch outcome {
            case .created(_, let body): body
            case .replayed(let stored): stored.body
            }
        })
        #expect(bodies.count == 1)
        #expect(try writes.count(database, "orders") == 1)
        let stored = try await database.pool.read { try String.fetchOne($0, sql: "SELECT id FROM orders")! }
        #expect(bodies.first.map { String(decoding: $0, as: UTF8.self) } == #"{"id":"\#(stored)","ticket":1}"#)
    }
}

extension Result where Failure == any Error {
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
