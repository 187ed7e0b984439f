package dev.ragsuite.ingest.chunking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragsuite.ingest.extract.ExtractedText;
import dev.ragsuite.testing.RagTestEnvironment;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * structure-v2 boundaries with the default budgets (256 max, 110 for packing, 20 overlap). The bean
 * from the application: DJL's native tokenizer library can be loaded by one class loader only.
 */
@QuarkusTest
@WithTestResource(value = RagTestEnvironment.class, scope = TestResourceScope.GLOBAL)
class ChunkerTest {

    @Inject
    Chunker chunker;

    @Test
    void shortParagraphsArePackedAndAParagraphThatFitsStaysWhole() {
        String a = "The lighthouse stands on the northern cape.";
        String b = "Its lamp was first lit in 1822.";
        String medium = sentences("The keepers logged every passing ship in a leather-bound book", 12); // > 110, < 256 tokens
        String c = "The museum opens in summer.";
        int mediumTokens = chunker.countTokens(medium);
        assertTrue(mediumTokens > 110 && mediumTokens <= 256, "fixture size: " + mediumTokens);

        List<Chunker.Chunk> chunks = chunker.split(String.join("\n\n", a, b, medium, c));

        assertEquals(List.of(a + "\n\n" + b, medium, c), chunks.stream().map(Chunker.Chunk::text).toList(),
                "short paragraphs packed, the medium one alone and whole, no overlap between whole paragraphs");
    }

    @Test
    void aLongParagraphIsCutAndNoPieceMixesWithAnotherParagraph() {
        String longParagraph = sentences("Alternating current was promoted by Westinghouse against the direct current of Edison", 30);
        String next = "An unrelated short paragraph follows.";
        assertTrue(chunker.countTokens(longParagraph) > 256);

        List<Chunker.Chunk> chunks = chunker.split(longParagraph + "\n\n" + next);

        List<String> texts = new ArrayList<>(chunks.stream().map(Chunker.Chunk::text).toList());
        assertEquals(next, texts.remove(texts.size() - 1), "the next paragraph starts its own chunk without overlap");
        assertTrue(texts.size() >= 2, "the long paragraph is cut");
        for (String piece : texts) {
            assertTrue(longParagraph.contains(piece.replaceAll("\\s+", " ")), "a piece (with any overlap) lies inside its paragraph: " + piece);
            assertTrue(chunker.countTokens(piece) <= 256);
            assertFalse(piece.contains(next));
        }
    }

    @Test
    void aHeadingStartsAChunkAndJoinsTheParagraphBelowIt() {
        String medium = sentences("Tesla moved to New York and worked for Edison before founding his own laboratory", 9);
        assertTrue(chunker.countTokens(medium) > 110 && chunker.countTokens(medium) <= 250);
        ExtractedText text = new ExtractedText(List.of(
                new ExtractedText.Block("Intro words.", false, null, null, 0),
                new ExtractedText.Block("Tesla", true, "Tesla", null, 14),
                new ExtractedText.Block(medium, false, "Tesla", null, 21)), 0, false);

        List<Chunker.Chunk> chunks = chunker.split(text);

        assertEquals(List.of("Intro words.", "Tesla\n\n" + medium), chunks.stream().map(Chunker.Chunk::text).toList());
        assertEquals("Tesla", chunks.get(1).headingPath());
    }

    private static String sentences(String sentence, int count) {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= count; i++) {
            text.append(i > 1 ? " " : "").append(sentence).append(" number ").append(i).append('.');
        }
        return text.toString();
    }
}
