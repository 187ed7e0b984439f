package dev.ragsuite.ingest.documents;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class UploadNamesTest {

    @Test
    void keepsOnlyTheBaseName() {
        assertEquals("passwd", UploadNames.safeBaseName("../../etc/passwd"));
        assertEquals("report.pdf", UploadNames.safeBaseName("C:\\Users\\me\\report.pdf"));
        assertEquals("notes.md", UploadNames.safeBaseName("/abs/path/notes.md"));
        assertEquals("plain.txt", UploadNames.safeBaseName("plain.txt"));
    }

    @Test
    void dropsControlAndInvisibleCharacters() {
        assertEquals("evil.txt", UploadNames.safeBaseName("ev\u0000il\n.txt"));
        assertEquals("abc.pdf", UploadNames.safeBaseName("a\u202Ebc.pdf")); // right-to-left override
    }

    @Test
    void fallsBackWhenNothingIsLeft() {
        assertEquals(UploadNames.FALLBACK, UploadNames.safeBaseName(null));
        assertEquals(UploadNames.FALLBACK, UploadNames.safeBaseName(""));
        assertEquals(UploadNames.FALLBACK, UploadNames.safeBaseName("../.."));
        assertEquals(UploadNames.FALLBACK, UploadNames.safeBaseName("dir/"));
        assertEquals(UploadNames.FALLBACK, UploadNames.safeBaseName("\u0001\u0002"));
    }

    @Test
    void isAtMost255Characters() {
        String name = UploadNames.safeBaseName("x".repeat(300) + ".txt");
        assertEquals(255, name.length());
        // a surrogate pair straddling the limit is not cut in half
        String emoji = UploadNames.safeBaseName("y".repeat(254) + "\uD83D\uDE00" + "z");
        assertEquals(254, emoji.length());
    }
}
