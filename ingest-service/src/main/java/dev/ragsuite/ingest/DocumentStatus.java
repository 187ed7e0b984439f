package dev.ragsuite.ingest;

import com.fasterxml.jackson.annotation.JsonValue;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.Arrays;

/** Where a document is in its ingestion; stored and shown in lower case. */
public enum DocumentStatus {
    QUEUED, PROCESSING, INDEXED, FAILED;

    @JsonValue
    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static DocumentStatus fromWire(String value) {
        return Arrays.stream(values()).filter(s -> s.wire().equals(value)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown document status " + value));
    }

    /** Maps the enum to the lower-case values the table's check constraint allows. */
    @Converter(autoApply = true)
    public static class JpaConverter implements AttributeConverter<DocumentStatus, String> {
        @Override
        public String convertToDatabaseColumn(DocumentStatus status) {
            return status == null ? null : status.wire();
        }

        @Override
        public DocumentStatus convertToEntityAttribute(String value) {
            return value == null ? null : fromWire(value);
        }
    }
}
