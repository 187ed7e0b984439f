package dev.ragsuite.gateway.webapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebAppFilesTest {

    @Test
    void aFolderServesItsFilesAndNothingOutsideIt(@TempDir Path dir) throws IOException {
        Path app = Files.createDirectories(dir.resolve("app"));
        Files.writeString(app.resolve("index.html"), "<html>");
        Files.writeString(app.resolve("index.html.br"), "br-bytes");
        Files.writeString(dir.resolve("secret.txt"), "secret");
        WebAppFiles files = WebAppFiles.fromFolder(app);

        assertTrue(files.present());
        WebAppFiles.WebAppFile index = files.find("index.html").orElseThrow();
        assertEquals("text/html; charset=utf-8", index.contentType());
        assertEquals("br-bytes", new String(index.brotli()));
        assertNull(index.gzip());
        assertTrue(index.etag().matches("\"[A-Za-z0-9_-]{27}\""), index.etag());
        assertTrue(files.find("../secret.txt").isEmpty());
        assertTrue(files.find("missing.js").isEmpty());
    }

    @Test
    void anEmptyClasspathHasNoApp() {
        assertFalse(WebAppFiles.fromClasspath(new ClassLoader(null) { }).present());
    }

    @Test
    void acceptEncodingIsReadWithItsWeights() {
        assertTrue(WebAppHandler.accepts("gzip, deflate, br", "br"));
        assertFalse(WebAppHandler.accepts("gzip;q=1.0, br;q=0", "br"));
        assertTrue(WebAppHandler.accepts("*;q=0.5", "gzip"));
        assertFalse(WebAppHandler.accepts("br;q=0.0, *", "br"));
        assertFalse(WebAppHandler.accepts("identity", "gzip"));
        assertFalse(WebAppHandler.accepts(null, "gzip"));
    }
}
