import HummingbirdCore
import Logging
import NIOCore

/// Gives a new connection a limited time to send its first request head. A client that opens a
/// socket and trickles bytes (slowloris) would otherwise hold it forever: Hummingbird's idle
/// timeout starts only once a head is decoded, and the WebSocket upgrade waits for the first head.
/// Later requests on a kept-alive connection fall under that idle timeout.
struct RequestHeadDeadlineChannel<Base: ServerChildChannel>: ServerChildChannel {
    typealias Value = Base.Value

    let base: Base
    let timeout: TimeAmount

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let timeout = timeout
        return channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(RequestHeadDeadline(timeout: timeout))
        }.flatMap {
            base.setup(channel: channel, logger: logger)
        }
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}

/// Closes the connection unless the bytes of a whole request head (up to the blank line) arrive in
/// time; then steps out of the pipeline.
final class RequestHeadDeadline: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private var deadline: ClosingDeadline
    /// The last bytes seen, so a blank line split across reads is still found.
    private var tail: [UInt8] = []

    init(timeout: TimeAmount) {
        deadline = ClosingDeadline(timeout: timeout)
    }

    func handlerAdded(context: ChannelHandlerContext) { deadline.start(context) }
    func handlerRemoved(context: ChannelHandlerContext) { deadline.cancel() }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        let bytes = tail + buffer.readableBytesView
        if Self.containsBlankLine(bytes) {
            deadline.cancel()
            context.fireChannelRead(data)
            context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
            return
        }
        tail = Array(bytes.suffix(3))
        context.fireChannelRead(data)
    }

    private static func containsBlankLine(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 4 else { return false }
        for index in 0...(bytes.count - 4) where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
            return true
        }
        return false
    }
}

/// Closes a connection when its time runs out, unless cancelled first: what the handshake and
/// the first-request deadlines share.
struct ClosingDeadline {
    let timeout: TimeAmount
    private var scheduled: Scheduled<Void>?

    init(timeout: TimeAmount) {
        self.timeout = timeout
    }

    mutating func start(_ context: ChannelHandlerContext) {
        scheduled = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) {
            context.close(promise: nil)
        }
    }

    mutating func cancel() {
        scheduled?.cancel()
        scheduled = nil
    }
}
