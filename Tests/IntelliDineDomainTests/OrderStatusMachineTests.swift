import IntelliDineDomain
import Testing

@Suite("The order state machine")
struct OrderStatusMachineTests {
    @Test("The demo journey's path is allowed to the roles that walk it")
    func happyPath() throws {
        try OrderStatusMachine.check(from: .pending, to: .preparing, by: .kitchenStaff)
        try OrderStatusMachine.check(from: .preparing, to: .ready, by: .kitchenStaff)
        try OrderStatusMachine.check(from: .ready, to: .served, by: .waiter)
        for (from, to) in [(OrderStatus.pending, OrderStatus.preparing), (.preparing, .ready), (.ready, .served)] {
            try OrderStatusMachine.check(from: from, to: to, by: .manager)
        }
    }

    @Test("Skipping a step or going back is an illegal transition")
    func illegal() {
        #expect(throws: StatusChangeRefusal.illegalTransition(from: .pending, to: .ready)) {
            try OrderStatusMachine.check(from: .pending, to: .ready, by: .manager)
        }
        #expect(throws: StatusChangeRefusal.illegalTransition(from: .ready, to: .preparing)) {
            try OrderStatusMachine.check(from: .ready, to: .preparing, by: .manager)
        }
        #expect(throws: StatusChangeRefusal.illegalTransition(from: .served, to: .cancelled)) {
            try OrderStatusMachine.check(from: .served, to: .cancelled, by: .manager)
        }
        #expect(throws: StatusChangeRefusal.completesOnPayment) {
            try OrderStatusMachine.check(from: .served, to: .completed, by: .manager)
        }
    }

    @Test("Roles: a waiter cannot cook, a cook cannot serve, a guest can only withdraw a pending order")
    func roles() throws {
        #expect(throws: StatusChangeRefusal.roleNotAllowed(.waiter, to: .preparing)) {
            try OrderStatusMachine.check(from: .pending, to: .preparing, by: .waiter)
        }
        #expect(throws: StatusChangeRefusal.roleNotAllowed(.kitchenStaff, to: .served)) {
            try OrderStatusMachine.check(from: .ready, to: .served, by: .kitchenStaff)
        }
        #expect(throws: StatusChangeRefusal.roleNotAllowed(.customer, to: .preparing)) {
            try OrderStatusMachine.check(from: .pending, to: .preparing, by: .customer)
        }
        try OrderStatusMachine.check(from: .pending, to: .cancelled, by: .customer)
        #expect(throws: StatusChangeRefusal.roleNotAllowed(.kitchenStaff, to: .cancelled)) {
            try OrderStatusMachine.check(from: .preparing, to: .cancelled, by: .kitchenStaff)
        }
        try OrderStatusMachine.check(from: .preparing, to: .cancelled, by: .manager)
    }
}
