import Hummingbird
import HummingbirdWebSocket
import IntelliDineDomain
import IntelliDineStore
import NIOCore

/// Per-request state: where the request came from and, once the gateway has checked a bearer
/// token, who sent it.
public struct AppRequestContext: RequestContext, RemoteAddressRequestContext, WebSocketRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Where the router leaves the handler of a WebSocket upgrade (the live stream).
    public let webSocket = WebSocketHandlerReference<AppRequestContext>()
    public let remoteAddress: SocketAddress?
    /// Set by `AuthenticationMiddleware` from a valid bearer token.
    public var identity: Identity?
    /// Encodes what handlers return (`Success<…>`), the house way.
    public var responseEncoder: APIResponseEncoder { APIResponseEncoder() }

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
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
