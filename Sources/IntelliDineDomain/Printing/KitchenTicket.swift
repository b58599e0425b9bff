/// A kitchen order ticket (KOT) for one printer: the lines of an order that its station cooks.
public struct KitchenTicket: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// A new order.
        case order = "ORDER"
        /// The order was cancelled: stop cooking these.
        case cancellation = "CANCELLATION"
        /// Printed again on request.
        case duplicate = "DUPLICATE"
    }

    public struct Line: Sendable, Equatable {
        public var quantity: Int
        public var name: String
        public var note: String?

        public init(quantity: Int, name: String, note: String?) {
            self.quantity = quantity
            self.name = name
            self.note = note
        }
    }

    public var kind: Kind
    public var ticketNumber: Int
    public var tableNumber: Int
    /// Which of the table's orders this is; the ticket says "Round 2" from the second on.
    public var round: Int
    /// When the order was placed, already in the restaurant's zone ("19:08 25-10-2026").
    public var placedAt: String
    public var station: String
    public var lines: [Line]

    public init(kind: Kind, ticketNumber: Int, tableNumber: Int, round: Int = 1, placedAt: String, station: String, lines: [Line]) {
        self.kind = kind
        self.ticketNumber = ticketNumber
        self.tableNumber = tableNumber
        self.round = round
        self.placedAt = placedAt
        self.station = station
        self.lines = lines
    }
}

/// Renders tickets as ESC/POS for an 80 mm thermal printer (48 columns of font A). Text is
/// printable ASCII only: anything else (control bytes a guest might have typed, letters the
/// printer's code page lacks) becomes `?`, so a note can never send the printer a command.
public enum ESCPOS {
    public static let width = 48

    static let initialize: [UInt8] = [0x1B, 0x40]
    static let alignLeft: [UInt8] = [0x1B, 0x61, 0x00]
    static let alignCenter: [UInt8] = [0x1B, 0x61, 0x01]
    static let normal: [UInt8] = [0x1B, 0x21, 0x00]
    static let doubleHeight: [UInt8] = [0x1B, 0x21, 0x10]
    static let doubleSize: [UInt8] = [0x1B, 0x21, 0x30]
    static let boldOn: [UInt8] = [0x1B, 0x45, 0x01]
    static let boldOff: [UInt8] = [0x1B, 0x45, 0x00]
    /// Feed 4 lines and cut, leaving a little paper attached (GS V 66 n).
    static let feedAndCut: [UInt8] = [0x1D, 0x56, 0x42, 0x04]
    /// DLE EOT 4: ask for the paper roll sensor's status (one byte back).
    public static let paperStatusQuery: [UInt8] = [0x10, 0x04, 0x04]

    /// Whether a DLE EOT 4 answer says the paper has run out (bits 5 and 6).
    public static func paperIsOut(_ status: UInt8) -> Bool { status & 0x60 != 0 }

    public static func render(_ ticket: KitchenTicket) -> [UInt8] {
        var out = initialize + alignCenter
        switch ticket.kind {
        case .order: break
        case .cancellation: out += doubleSize + text("*** CANCELLED ***") + [0x0A]
        case .duplicate: out += boldOn + text("*** DUPLICATE ***") + boldOff + [0x0A]
        }
        out += doubleSize + text("ORDER #\(ticket.ticketNumber)") + [0x0A]
        out += doubleHeight + text("Table \(ticket.tableNumber)" + (ticket.round > 1 ? " - Round \(ticket.round)" : "")) + [0x0A]
        out += normal + text("\(ticket.placedAt)  \(ticket.station)") + [0x0A]
        out += alignLeft + text(String(repeating: "-", count: width)) + [0x0A]
        for line in ticket.lines {
            out += doubleHeight + text("\(line.quantity) x \(line.name)") + [0x0A] + normal
            if let note = line.note {
                for part in note.split(separator: "\n", omittingEmptySubsequences: true) {
                    out += text("   >> \(part)") + [0x0A]
                }
            }
        }
        out += text(String(repeating: "-", count: width)) + [0x0A]
        out += feedAndCut
        return out
    }

    /// Printable ASCII of `string`, one `?` for each character outside it.
    static func text(_ string: String) -> [UInt8] {
        string.map { character in
            guard let ascii = character.asciiValue, (0x20...0x7E).contains(ascii) else { return UInt8(ascii: "?") }
            return ascii
        }
    }
}
