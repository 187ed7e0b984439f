package dev.ragsuite.vector.support;

import dev.ragsuite.vector.index.ReindexLease;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** The re-index lease in memory (no expiry): what the Redis lease is for replicas in one test. */
public final class InMemoryLease implements ReindexLease {

    private Object holder;
    /** How many times the lease was granted. */
    public final AtomicInteger granted = new AtomicInteger();

    @Override
    public synchronized Optional<Held> tryAcquire() {
        if (holder != null) {
            return Optional.empty();
        }
        Object me = new Object();
        holder = me;
        granted.incrementAndGet();
        return Optional.of(new Held() {
            @Override
            public boolean renew() {
                synchronized (InMemoryLease.this) {
                    return holder == me;
                }
            }

            @Override
            public void release() {
                synchronized (InMemoryLease.this) {
                    if (holder == me) {
                        holder = null;
                    }
                }
            }
        });
    }

    public synchronized boolean held() {
        return holder != null;
    }
}
