import Foundation
import GRDB
import IntelliDineDomain
@testable import IntelliDineStore
import Testing

@Suite("Migrations over a database that already has trade in it")
struct MigrationTests {
    @Test("M020 gives old orders their tax line, and M024 rebuilds payments for UPI and card with every payment and its cash record kept, foreign keys intact")
    func counterPaymentsKeepHistory() throws {
        let path = try temporaryDirectory() + "/old.sqlite"
        let queue = try DatabaseQueue(path: path)
        var before = Migrations.migrator
        try before.migrate(queue, upTo: M019_InvoiceIssuer.id)
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO tenants (id, name, address, gstin, timezone, gst_rate_bp, created_at) VALUES ('t1', 'Old Place', '', '', 'Asia/Kolkata', 500, '2026-01-01T00:00:00.000Z');
                INSERT INTO tables (id, tenant_id, table_number, name, capacity, is_active) VALUES ('tbl-1', 't1', 1, 'Table 1', 4, 1);
                INSERT INTO orders (id, tenant_id, ticket_number, business_date, table_id, table_number, status, original_subtotal_paise,
                  subtotal_paise, cgst_paise, sgst_paise, total_paise, original_total_paise, gst_rate_bp, paid_paise,
                  estimated_preparation_time, created_at, updated_at)
                VALUES ('ord-1', 't1', 1, '2026-01-01', 'tbl-1', 1, 'COMPLETED', 10000, 10000, 250, 250, 10500, 10500, 500, 10500, 10,
                  '2026-01-01T10:00:00.000Z', '2026-01-01T10:00:00.000Z');
                INSERT INTO payments (id, tenant_id, order_id, amount_paise, payment_method, status, recorded_by, created_at, flag_reason)
                VALUES ('pay-1', 't1', 'ord-1', 10500, 'CASH', 'COMPLETED', 'waiter1', '2026-01-01T10:30:00.000Z', NULL),
                       ('pay-2', 't1', 'ord-1', 100, 'RAZORPAY', 'FLAGGED', 'razorpay', '2026-01-01T10:31:00.000Z', 'amount does not match');
                INSERT INTO cash_payments (payment_id, tenant_id, order_id, amount_received_paise, change_given_paise, collected_by)
                VALUES ('pay-1', 't1', 'ord-1', 20000, 9500, 'waiter1');
                """)
        }
        try Migrations.migrator.migrate(queue)
        try queue.read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT id, payment_method, status, flag_reason, reference FROM payments ORDER BY id")
            #expect(rows.map { $0["id"] as String } == ["pay-1", "pay-2"])
            #expect(rows[1]["flag_reason"] as String? == "amount does not match")
            #expect(rows.allSatisfy { ($0["reference"] as String?) == nil })
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM cash_payments WHERE payment_id = 'pay-1'") == 1)
            #expect(try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").isEmpty)
            // The order keeps its single-rate tax line (M020), and UPI can now be stored.
            #expect(try String.fetchOne(db, sql: "SELECT tax_lines FROM orders WHERE id = 'ord-1'")?.contains(#""rate_bp":500"#) == true)
        }
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO payments (id, tenant_id, order_id, amount_paise, payment_method, status, recorded_by, created_at, reference)
                VALUES ('pay-3', 't1', 'ord-1', 100, 'UPI', 'FLAGGED', 'waiter1', '2026-01-02T10:00:00.000Z', '412345678901')
                """)
        }
    }
    @Test("M029 writes every CHECK list as = and OR: stored rows stay, the same values are refused, and no write builds a temporary B-tree")
    func checksWithoutLists() throws {
        #expect(M029_ChecksWithoutLists.withoutLists("a TEXT CHECK (trigger IN ('nightly', 'manager')), b TEXT CHECK (\"kind\" IN ('X'))")
            == "a TEXT CHECK ((trigger = 'nightly' OR trigger = 'manager')), b TEXT CHECK ((\"kind\" = 'X'))")
        let path = try temporaryDirectory() + "/lists.sqlite"
        let queue = try DatabaseQueue(path: path)
        var before = Migrations.migrator
        try before.migrate(queue, upTo: M028_RedundantOrderIndexes.id)
        let order = """
            INSERT INTO orders (id, tenant_id, ticket_number, business_date, table_id, table_number, status, original_subtotal_paise,
              subtotal_paise, cgst_paise, sgst_paise, total_paise, original_total_paise, gst_rate_bp, paid_paise,
              estimated_preparation_time, created_at, updated_at)
            VALUES (?, 't1', ?, '2026-01-01', 'tbl-1', 1, ?, 10000, 10000, 250, 250, 10500, 10500, 500, 0, 10,
              '2026-01-01T10:00:00.000Z', '2026-01-01T10:00:00.000Z')
            """
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO tenants (id, name, address, gstin, timezone, gst_rate_bp, created_at) VALUES ('t1', 'Old Place', '', '', 'Asia/Kolkata', 500, '2026-01-01T00:00:00.000Z');
                INSERT INTO tables (id, tenant_id, table_number, name, capacity, is_active) VALUES ('tbl-1', 't1', 1, 'Table 1', 4, 1);
                """)
            try db.execute(sql: order, arguments: ["ord-1", 1, "SERVED"])
        }
        // A connection that read the schema before the change, as the pool's readers have.
        let reader = try DatabaseQueue(path: path)
        #expect(try reader.read { try String.fetchOne($0, sql: "SELECT status FROM orders") } == "SERVED")

        try Migrations.migrator.migrate(queue)
        try queue.read { db in
            #expect(try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE sql LIKE '% IN (''%'").isEmpty)
            #expect(try String.fetchAll(db, sql: "PRAGMA integrity_check") == ["ok"])
            #expect(try String.fetchOne(db, sql: "SELECT status FROM orders WHERE id = 'ord-1'") == "SERVED")
            // SQLite's program for an order's row opens no temporary table any more.
            let program = try Row.fetchAll(db, sql: "EXPLAIN " + order, arguments: ["ord-2", 2, "PENDING"]).map { $0["opcode"] as String }
            #expect(!program.isEmpty && !program.contains("OpenEphemeral"))
        }
        try queue.write { db in
            try db.execute(sql: order, arguments: ["ord-2", 2, "CANCELLED"])
            #expect(throws: DatabaseError.self) { try db.execute(sql: order, arguments: ["ord-3", 3, "LOST"]) }
            #expect(throws: DatabaseError.self) { try db.execute(sql: order, arguments: ["ord-3", 3, "pending"]) }
            try db.execute(sql: """
                INSERT INTO demand_models (tenant_id, version, trained_at, trigger, history_from, history_to, training_hours, items, model)
                VALUES ('t1', 1, '2026-01-01T00:00:00.000Z', 'manager', '2025-12-01', '2025-12-31', 100, 3, '{}')
                """)
            #expect(throws: DatabaseError.self) {
                try db.execute(sql: """
                    INSERT INTO demand_models (tenant_id, version, trained_at, trigger, history_from, history_to, training_hours, items, model)
                    VALUES ('t1', 2, '2026-01-01T00:00:00.000Z', 'whim', '2025-12-01', '2025-12-31', 100, 3, '{}')
                    """)
            }
        }
        // The old connection re-reads the schema and refuses the same way.
        #expect(throws: DatabaseError.self) { try reader.write { try $0.execute(sql: order, arguments: ["ord-4", 4, "LOST"]) } }
        try reader.write { try $0.execute(sql: order, arguments: ["ord-4", 4, "READY"]) }
        #expect(try reader.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM orders") } == 3)
    }
}

@Suite("GST at each rate as stored")
struct TaxLinesJSONTests {
    @Test("What is written reads back the same, by the fast scan and by JSONDecoder alike, and other shapes still decode")
    func roundTrip() {
        let lines = [
            TaxLine(rate: GSTRate(total: BasisPoints(500)), taxable: Paise(123_456), tax: GSTBreakdown(cgst: Paise(3_087), sgst: Paise(3_086))),
            TaxLine(rate: GSTRate(total: BasisPoints(1_800)), taxable: Paise(6_000), tax: GSTBreakdown(cgst: Paise(540), sgst: Paise(540))),
        ]
        let json = TaxLinesJSON.encode(lines)
        #expect(TaxLinesJSON.scan(json) == lines)
        #expect(TaxLinesJSON.decode(json) == lines)
        // SQLite's json_object (M020's backfill) and spacing, and keys in another order.
        #expect(TaxLinesJSON.decode(#"[ {"taxable": 100, "sgst": 2, "cgst": 3, "rate_bp": 500} ]"#)
            == [TaxLine(rate: GSTRate(total: BasisPoints(500)), taxable: Paise(100), tax: GSTBreakdown(cgst: Paise(3), sgst: Paise(2)))])
        #expect(TaxLinesJSON.decode("[]") == [])
        #expect(TaxLinesJSON.scan(#"[{"rate_bp":5.5,"taxable":1,"cgst":1,"sgst":1}]"#) == nil)
        #expect(TaxLinesJSON.scan("not json") == nil)
    }
}
