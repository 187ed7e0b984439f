package dev.ragsuite.ingest;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a connection stands: {@code needs_reauth} once the third party refuses its token. */
public enum ConnectorStatus {
    IDLE, SYNCING, FAILED, NEEDS_REAUTH;

    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ConnectorStatus of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
