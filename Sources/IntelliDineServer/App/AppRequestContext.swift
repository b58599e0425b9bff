import Hummingbird
import HummingbirdWebSocket
import IntelliDineDomain
import IntelliDineStore
import NIOCore
import Synchronization

/// Per-request state: where the request came from and, once the gateway has checked a bearer
/// token, who sent it.
public struct AppRequestContext: RequestContext, RemoteAddressRequestContext, WebSocketRequestContext {
    public var coreContext: CoreRequestContextStorage
    let webSocketSlot = WebSocketSlot()
    /// Where the router leaves the handler of a WebSocket upgrade (the live stream, the live menu).
    public var webSocket: WebSocketHandlerReference<AppRequestContext> { webSocketSlot.reference }
    public let remoteAddress: SocketAddress?
    /// Set by `AuthenticationMiddleware` from a valid bearer token.
    public var identity: Identity?
    /// Encodes what handlers return (`Success<…>`), the house way.
    public var responseEncoder: APIResponseEncoder { APIResponseEncoder() }

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// Lets go of the upgrade's handler once it runs (`APIRoutes.webSocket`). hummingbird-websocket
    /// leaves the request context in the handler reference, and the context holds the reference:
    /// a cycle that kept every upgraded connection (its channel, context and logger, about 1 KB)
    /// alive after it closed, so a day of guests following their orders grew the daemon without end.
    func releaseWebSocketHandler() { webSocketSlot.release() }
}

/// The handler reference behind `AppRequestContext.webSocket`, shared by the context's copies,
/// until the upgrade has taken its handler. Made on first use: only an upgrade request reads it, so
/// an ordinary request allocates this slot and nothing more, as hummingbird-websocket's own
/// default (one locked box per context) would.
final class WebSocketSlot: Sendable {
    private enum State { case unused, holding(WebSocketHandlerReference<AppRequestContext>), released }
    private let state = Mutex<State>(.unused)

    /// After the release, an empty reference: nothing reads it then.
    var reference: WebSocketHandlerReference<AppRequestContext> {
        state.withLock { state in
            switch state {
            case .holding(let reference): return reference
            case .released: return WebSocketHandlerReference()
            case .unused:
                let reference = WebSocketHandlerReference<AppRequestContext>()
                state = .holding(reference)
                return reference
            }
        }
    }

    func release() { state.withLock { $0 = .released } }
}

/// Who a valid token says is calling.
public struct Identity: Sendable, Equatable {
    public var subject: String
    public var role: Role
    public var tenantId: String
    public var sessionId: String
    public var phone: String?
    public var username: String?

    /// The audit trail's name for this caller.
    public var actor: Actor { Actor(id: subject, name: username ?? subject, role: role) }
}
