import IntelliDineDomain

/// Sends one text message. Implementations: the smstools3 spool directory (a GSM modem on
/// the box) and a Twilio-compatible HTTP API.
public protocol SMSSender: Sendable {
    /// Sends one message. `dedupKey`, when given, names the message so that sending it again is
    /// harmless where the provider allows it (the spool writes the same file again).
    func send(to phone: PhoneNumber, text: String, dedupKey: String?) async throws
}

extension SMSSender {
    func send(to phone: PhoneNumber, text: String) async throws {
        try await send(to: phone, text: text, dedupKey: nil)
    }
}

/// An SMS that could not be handed to the provider.
struct SMSSendFailed: Error, CustomStringConvertible {
    var reason: String
    var description: String { "SMS not sent: \(reason)" }
}
