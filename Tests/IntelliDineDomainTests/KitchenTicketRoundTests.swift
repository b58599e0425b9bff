import Foundation
import IntelliDineDomain
import Testing

@Suite("Kitchen ticket header")
struct KitchenTicketRoundTests {
    func header(round: Int) -> String {
        let ticket = KitchenTicket(
            kind: .order, ticketNumber: 7, tableNumber: 5, round: round, placedAt: "19:08 25-10-2026", station: "Tandoor",
            lines: [KitchenTicket.Line(quantity: 1, name: "Chicken 65 (Half plate)", note: "Spice level: Hot")])
        return String(decoding: ESCPOS.render(ticket).filter { (0x20...0x7E).contains($0) || $0 == 0x0A }, as: UTF8.self)
    }

    @Test("A table's later rounds say so; the first order's ticket is as it always was")
    func round() {
        #expect(header(round: 2).contains("Table 5 - Round 2"))
        #expect(header(round: 1).contains("Table 5\n"))
        #expect(!header(round: 1).contains("Round"))
        #expect(header(round: 2).contains("Spice level: Hot"))
    }
}
