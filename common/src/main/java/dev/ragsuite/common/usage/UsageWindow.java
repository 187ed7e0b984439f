package dev.ragsuite.common.usage;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * The {@code days} query parameter of the usage endpoints ({@code @Valid @BeanParam UsageWindow window}):
 * the last {@code days} UTC days, today included, so the window starts at a midnight UTC and the figures
 * (and their ETag) stay the same between two calls unless the data changed. Bound as text and checked
 * here, as {@code PageRequest} does, so {@code ?days=abc} is a 400 problem naming the field, not a 404.
 */
public class UsageWindow {

    public static final int MAX_DAYS = 366;
    public static final int DEFAULT_DAYS = 30;
    private static final String RULE = "must be a whole number from 1 to " + MAX_DAYS;

    @RestQuery
    @DefaultValue("" + DEFAULT_DAYS)
    @Parameter(description = "the last N UTC days, today included", schema = @Schema(type = SchemaType.INTEGER,
            minimum = "1", maximum = "" + MAX_DAYS, defaultValue = "" + DEFAULT_DAYS))
    @Pattern(regexp = "\\d{1,3}", message = RULE)
    @Min(value = 1, message = RULE)
    @Max(value = MAX_DAYS, message = RULE)
    String days;

    public UsageWindow() {
    }

    public UsageWindow(int days) {
        this.days = Integer.toString(days);
    }

    public int days() {
        return Integer.parseInt(days);
    }

    /** The first day of the window (UTC). */
    public LocalDate firstDay(Clock clock) {
        return LocalDate.now(clock.withZone(ZoneOffset.UTC)).minusDays(days() - 1L);
    }

    /** Midnight UTC at the start of the window. */
    public Instant from(Clock clock) {
        return firstDay(clock).atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
