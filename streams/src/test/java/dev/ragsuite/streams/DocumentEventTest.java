package dev.ragsuite.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragsuite.streams.DocumentEvent.Status;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DocumentEventTest {

    private static final UUID ID = UUID.fromString("7d1c3f2e-1111-4222-8333-944455556666");

    @Test
    void theWireFormatIsFlatLowerCaseStrings() {
        DocumentEvent event = DocumentEvent.of(ID, "owner-1", Status.EMBEDDED).withVersion(2).withProgress(40, 120);

        assertEquals(Map.of("documentId", ID.toString(), "ownerId", "owner-1", "status", "embedded",
                "version", "2", "done", "40", "total", "120"), event.toFields());
    }

    @Test
    void readingBackGivesTheSameEventAndIgnoresTraceContext() {
        DocumentEvent event = DocumentEvent.of(ID, "owner-1", Status.RETRYING).withVersion(3).withReason("timeout")
                .withAttempt(2);
        Map<String, String> fields = new HashMap<>(event.toFields());
        fields.put("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");

        assertEquals(event, DocumentEvent.fromFields(fields));
    }

    @Test
    void entriesWrittenByOlderPublishersStillRead() {
        DocumentEvent event = DocumentEvent.fromFields(Map.of("documentId", ID.toString(), "ownerId", "o",
                "status", "deleted", "version", "not-a-number"));

        assertEquals(Status.DELETED, event.status());
        assertNull(event.version());
    }

    @Test
    void anEntryThatIsNotADocumentEventIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> DocumentEvent.fromFields(Map.of("ownerId", "o", "status", "indexed")));
        assertThrows(IllegalArgumentException.class, () -> DocumentEvent.fromFields(Map.of("documentId", ID.toString(),
                "ownerId", "o", "status", "exploded")));
        assertThrows(IllegalArgumentException.class, () -> DocumentEvent.fromFields(Map.of("documentId", "x",
                "ownerId", "o", "status", "indexed")));
        assertThrows(IllegalArgumentException.class, () -> DocumentEvent.fromFields(null));
    }

    @Test
    void onlyFinishedStatesChangeWhatIsSearchable() {
        for (Status status : Status.values()) {
            boolean finished = status == Status.INDEXED || status == Status.FAILED || status == Status.DELETED
                    || status == Status.PUBLISHED || status == Status.UNPUBLISHED;
            assertEquals(!finished, status.inProgress(), status.wire());
        }
        assertTrue(Status.QUEUED.inProgress());
        assertFalse(Status.DELETED.inProgress());
        assertTrue(Status.UNPUBLISHED.visibility());
        assertFalse(Status.DELETED.visibility());
    }

    @Test
    void aSharedDocumentsEventSaysSoOnTheWire() {
        DocumentEvent event = DocumentEvent.of(ID, "owner-1", Status.PUBLISHED).withShared(true).withVersion(2);
        assertEquals("true", event.toFields().get("shared"));
        assertEquals(event, DocumentEvent.fromFields(event.toFields()));
        DocumentEvent own = DocumentEvent.of(ID, "owner-1", Status.INDEXED);
        assertFalse(own.toFields().containsKey("shared"));
        assertFalse(DocumentEvent.fromFields(own.toFields()).shared());
    }
}
