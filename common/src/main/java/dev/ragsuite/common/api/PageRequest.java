package dev.ragsuite.common.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * The {@code page} and {@code size} query parameters of every list endpoint of the public API, checked
 * in this one place: take it as {@code @Valid @BeanParam PageRequest paging}. {@code page} counts from 0
 * up to {@value #MAX_PAGE}, {@code size} from 1 to {@value #MAX_SIZE} (default {@value #DEFAULT_SIZE}),
 * so {@code page * size} always fits an int and never reaches the database negative.
 * <p>
 * The parameters are bound as text and validated here, because JAX-RS answers a query parameter it
 * cannot convert to a number with a 404 (spec, section 3.2); as text, a word, a fraction or a number
 * past an int is a 400 problem with the field named, like a negative one. The OpenAPI document still
 * describes them as integers.
 */
public class PageRequest {

    public static final int MAX_PAGE = 1_000_000;
    public static final int MAX_SIZE = 100;
    public static final int DEFAULT_SIZE = 20;

    private static final String PAGE_RULE = "must be a whole number from 0 to " + MAX_PAGE;
    private static final String SIZE_RULE = "must be a whole number from 1 to " + MAX_SIZE;

    @RestQuery
    @DefaultValue("0")
    @Parameter(description = "0-based page number", schema = @Schema(type = SchemaType.INTEGER, minimum = "0",
            maximum = "" + MAX_PAGE, defaultValue = "0"))
    @Pattern(regexp = "\\d{1,7}", message = PAGE_RULE)
    @Max(value = MAX_PAGE, message = PAGE_RULE)
    String page;

    @RestQuery
    @DefaultValue("" + DEFAULT_SIZE)
    @Parameter(description = "items per page", schema = @Schema(type = SchemaType.INTEGER, minimum = "1",
            maximum = "" + MAX_SIZE, defaultValue = "" + DEFAULT_SIZE))
    @Pattern(regexp = "\\d{1,3}", message = SIZE_RULE)
    @Min(value = 1, message = SIZE_RULE)
    @Max(value = MAX_SIZE, message = SIZE_RULE)
    String size;

    public PageRequest() {
    }

    /** 0-based page number; only read after validation passed. */
    public int page() {
        return Integer.parseInt(page);
    }

    public int size() {
        return Integer.parseInt(size);
    }

    /** The index of the page's first item. */
    public int offset() {
        return page() * size();
    }

    /** The envelope for this page's items out of {@code total}. */
    public <T> Page<T> of(List<T> items, long total) {
        return new Page<>(items, page(), size(), total);
    }
}
