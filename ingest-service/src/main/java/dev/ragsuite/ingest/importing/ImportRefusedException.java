package dev.ragsuite.ingest.importing;

/**
 * An import that must not (or cannot ever) succeed, with the reason for the user: a refused or invalid
 * address, too many redirects, too large, or a page the server will not give. Never retried.
 */
public class ImportRefusedException extends Exception {

    public ImportRefusedException(String reason) {
        super(reason, null, false, false);
    }
}
