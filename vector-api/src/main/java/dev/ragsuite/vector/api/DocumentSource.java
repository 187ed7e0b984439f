package dev.ragsuite.vector.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Where a document came from, carried by the document, by each of its chunks in the index and by every
 * citation that points at it, so an answer can link back to the original.
 *
 * @param type {@code upload} (a file sent to {@code POST /api/documents}), {@code url} (imported from a web
 *        address) or {@code clickup} (a task pulled by a connector)
 * @param externalId the id of the original in the system it came from (a ClickUp task id); null for uploads and URLs
 * @param url where the original can be opened; null for uploads
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DocumentSource(
        @NotBlank @Pattern(regexp = "upload|url|clickup") String type,
        @Size(max = MAX_EXTERNAL_ID_CHARS) String externalId,
        @Size(max = MAX_URL_CHARS) String url) {

    public static final String UPLOAD = "upload";
    public static final String URL = "url";
    public static final String CLICKUP = "clickup";
    public static final int MAX_URL_CHARS = 2_048;
    public static final int MAX_EXTERNAL_ID_CHARS = 255;

    /** A file uploaded by its owner. */
    public static DocumentSource upload() {
        return new DocumentSource(UPLOAD, null, null);
    }

    /** A page or file fetched from {@code url}. */
    public static DocumentSource url(String url) {
        return new DocumentSource(URL, null, url);
    }

    /** The source as stored, where chunks written before sources existed count as uploads. */
    public static DocumentSource orUpload(DocumentSource source) {
        return source == null ? upload() : source;
    }
}
