package dev.ragsuite.ingest.extract;

/** A document's text could not be obtained; the message is short and meant for its owner. */
public class ExtractionException extends Exception {

    public ExtractionException(String message) {
        super(message, null, false, false);
    }
}
