package dev.ragsuite.vector.index;

import java.util.Optional;

/**
 * Who copies during a re-index: of all replicas sharing an index, only the holder of this lease copies
 * and switches. The holder renews it after every copy step; a holder that dies lets it expire, and the
 * next replica configured for the new model takes over (the copy resumes: chunks already copied keep
 * their vectors).
 */
public interface ReindexLease {

    /** A lease held. */
    interface Held {

        /** Extends the lease; false when it expired and another replica may hold it now (stop copying). */
        boolean renew();

        /** Gives the lease up (only if still held by this holder). */
        void release();
    }

    /** The lease, when no one else holds it. */
    Optional<Held> tryAcquire();

    /** For an index only this process opens (the embedded Lucene index): always granted. */
    ReindexLease LOCAL = () -> Optional.of(new Held() {
        @Override
        public boolean renew() {
            return true;
        }

        @Override
        public void release() {
        }
    });
}
