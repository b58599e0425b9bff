import IntelliDineDomain

/// Sends one text message. Implementations: the smstools3 spool directory (a GSM modem on
/// the box) and a Twilio-compatible HTTP API.
public protocol SMSSender: Sendable {
    /// Sends one message. `dedupKey`, when given, names the message so that sending it again is
    /// harmless where the provider allows it (the spool writes the same file again).
    func send(to phone: PhoneNumber, text: String, dedupKey: String?) async throws

    /// Makes every text handed over so far durable; called before they are recorded as sent.
    /// The spool flushes its files once for a batch of texts, not once per text.
    func flush() async throws
}

extension SMSSender {
    /// A provider that answered has the text: nothing to flush.
    public func flush() async throws {}

    func send(to phone: PhoneNumber, text: String) async throws {
        try await send(to: phone, text: text, dedupKey: nil)
    }
}

/// An SMS that could not be handed to the provider.
struct SMSSendFailed: Error, CustomStringConvertible {
    var reason: String
    var description: String { "SMS not sent: \(reason)" }
}
