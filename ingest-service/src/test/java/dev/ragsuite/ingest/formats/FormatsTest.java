package dev.ragsuite.ingest.formats;

import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.verify;

import dev.ragsuite.ingest.OwnerTest;
import dev.ragsuite.ingest.IngestTestSupport;
import dev.ragsuite.vector.api.ChunkPayload;
import dev.ragsuite.vector.api.UpsertRequest;
import dev.ragsuite.ingest.Fixtures;
import dev.ragsuite.testing.RagTestEnvironment;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/** One generated fixture per supported format, sniffed from the bytes and indexed; malformed files end failed or 4xx. */
@QuarkusTest
@WithTestResource(value = RagTestEnvironment.class, scope = TestResourceScope.GLOBAL)
class FormatsTest extends OwnerTest {

    private static final Duration INDEXING = Duration.ofSeconds(60);

    FormatsTest() {
        super("formats-");
    }

    @Test
    void docxIsIndexed() {
        indexed("keeper.docx", Fixtures.docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                "docx keeper wrote");
    }

    @Test
    void pptxIsIndexedWithSlidesAsPages() {
        List<ChunkPayload> chunks = indexed("deck.pptx", Fixtures.pptx(),
                "application/vnd.openxmlformats-officedocument.presentationml.presentation", "Presentation harbour beacon");
        assertEquals(1, chunks.get(0).page(), "slides count as pages");
    }

    @Test
    void xlsxIsIndexed() {
        indexed("sheet.xlsx", Fixtures.xlsx(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "Spreadsheet lantern");
    }

    @Test
    void odtIsIndexedWithItsHeading() {
        List<ChunkPayload> chunks = indexed("letter.odt", Fixtures.odt(), "application/vnd.oasis.opendocument.text",
                "Open document lantern");
        assertTrue(chunks.stream().anyMatch(c -> "Odt harbour".equals(c.headingPath())), "heading path from the ODT heading");
    }

    @Test
    void csvIsIndexed() {
        indexed("keepers.csv", Fixtures.csv(), "text/csv", "Comma lantern");
    }

    @Test
    void emlIsIndexed() {
        indexed("lamp.eml", Fixtures.eml(), "message/rfc822", "Mail beacon signature");
    }

    @Test
    void epubIsIndexedWithItsHeading() {
        List<ChunkPayload> chunks = indexed("book.epub", Fixtures.epub(), "application/epub+zip", "Electronic book beacon");
        assertTrue(chunks.stream().anyMatch(c -> c.headingPath() != null && c.headingPath().contains("Epub chapter")),
                "heading path from the chapter heading");
    }

    @Test
    void pdfWithAWrongExtensionIsStillReadAsPdf() {
        indexed("report.txt", Fixtures.pdf(), "application/pdf", "spiral stairs");
    }

    @Test
    void imageNamedPdfIs415ListingTheSupportedTypes() {
        upload("photo.pdf", Fixtures.pngHeader()).then().statusCode(415).contentType("application/problem+json")
                .body("detail", containsString("image/png"))
                .body("detail", containsString("EPUB"))
                .body("detail", containsString("application/vnd.openxmlformats-officedocument.wordprocessingml.document"));
    }

    @Test
    void plainZipArchiveIs415() {
        upload("archive.docx", Fixtures.plainZip()).then().statusCode(415).contentType("application/problem+json");
    }

    @Test
    void zipBombEndsFailedOr4xxWithinTheParseLimit() {
        byte[] bomb = Fixtures.zipBombDocx();
        assertTrue(bomb.length < 65536, "the bomb fits the upload limit: " + bomb.length);
        long started = System.nanoTime();
        Response response = upload("bomb.docx", bomb);
        if (response.statusCode() >= 400) {
            assertTrue(response.statusCode() < 500, "a client error, not " + response.statusCode());
            return;
        }
        JsonPath document = awaitFinal(response.jsonPath().getString("id"));
        assertEquals("failed", document.getString("status"), () -> "a bomb must not be indexed: " + document.prettify());
        assertTrue(document.getString("error").length() < 300);
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toSeconds() < 30, "within the parse timeout");
    }

    // ---------------------------------------------------------------------------------------------

    private List<ChunkPayload> indexed(String name, byte[] bytes, String expectedType, String phrase) {
        Response response = upload(name, bytes);
        response.then().statusCode(202);
        String id = response.jsonPath().getString("id");
        JsonPath document = awaitFinal(id);
        assertEquals("indexed", document.getString("status"), () -> "error: " + document.getString("error"));
        assertEquals(expectedType, document.getString("contentType"));
        ArgumentCaptor<UpsertRequest> requests = ArgumentCaptor.forClass(UpsertRequest.class);
        verify(vectors, atLeastOnce()).upsert(requests.capture());
        List<ChunkPayload> chunks = requests.getAllValues().stream().filter(r -> r.documentId().toString().equals(id))
                .flatMap(r -> r.chunks().stream()).toList();
        assertEquals(document.getInt("chunkCount"), chunks.size());
        assertTrue(chunks.stream().anyMatch(c -> c.text().contains(phrase)), () -> "'" + phrase + "' expected in " + chunks);
        return chunks;
    }

    private Response upload(String name, byte[] bytes) {
        return IngestTestSupport.upload(token, name, bytes, "application/octet-stream");
    }

    private JsonPath awaitFinal(String id) {
        return IngestTestSupport.awaitFinal(token, id, INDEXING);
    }
}
