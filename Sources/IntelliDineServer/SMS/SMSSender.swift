import IntelliDineDomain

/// Sends one text message. Implementations: the smstools3 spool directory (a GSM modem on
/// the box) and a Twilio-compatible HTTP API.
public protocol SMSSender: Sendable {
    func send(to phone: PhoneNumber, text: String) async throws
}

/// An SMS that could not be handed to the provider.
struct SMSSendFailed: Error, CustomStringConvertible {
    var reason: String
    var description: String { "SMS not sent: \(reason)" }
}
