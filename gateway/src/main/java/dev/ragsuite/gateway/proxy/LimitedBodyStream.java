package dev.ragsuite.gateway.proxy;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * A request body on its way upstream that may not grow past a limit. Bodies that declare their
 * length are checked before forwarding (BodyLimitFilter); this catches chunked bodies of unknown
 * size: once the limit is passed, the stream fails and the upstream request is aborted.
 */
final class LimitedBodyStream implements ReadStream<Buffer> {

    /** Raised into the proxy when the body passes its limit. */
    static final class TooLarge extends RuntimeException {
        TooLarge(long limit) {
            super("request body larger than " + limit + " bytes", null, false, false);
        }
    }

    private final ReadStream<Buffer> source;
    private final long limit;
    private long seen;
    private boolean failed;
    private Handler<Throwable> exceptionHandler;

    LimitedBodyStream(ReadStream<Buffer> source, long limit) {
        this.source = source;
        this.limit = limit;
    }

    /** Whether the body passed its limit (the upstream request was then aborted). */
    boolean exceeded() {
        return failed;
    }

    @Override
    public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
        this.exceptionHandler = handler;
        source.exceptionHandler(handler);
        return this;
    }

    @Override
    public ReadStream<Buffer> handler(Handler<Buffer> handler) {
        if (handler == null) {
            source.handler(null);
            return this;
        }
        source.handler(buffer -> {
            if (failed) {
                return;
            }
            seen += buffer.length();
            if (seen > limit) {
                failed = true;
                source.pause();
                if (exceptionHandler != null) {
                    exceptionHandler.handle(new TooLarge(limit));
                }
                return;
            }
            handler.handle(buffer);
        });
        return this;
    }

    @Override
    public ReadStream<Buffer> pause() {
        source.pause();
        return this;
    }

    @Override
    public ReadStream<Buffer> resume() {
        source.resume();
        return this;
    }

    @Override
    public ReadStream<Buffer> fetch(long amount) {
        source.fetch(amount);
        return this;
    }

    @Override
    public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
        source.endHandler(v -> {
            if (!failed && endHandler != null) {
                endHandler.handle(v);
            }
        });
        return this;
    }
}
