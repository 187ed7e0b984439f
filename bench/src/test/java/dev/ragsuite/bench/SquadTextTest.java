package dev.ragsuite.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SquadTextTest {

    @Test
    void normalisesLikeSquad() {
        assertEquals("denver broncos", SquadText.normaliseAnswer("The  Denver Broncos!"));
        assertEquals("apple", SquadText.normaliseAnswer("an Apple."));
        assertEquals("santa clara california", SquadText.normaliseAnswer("Santa Clara,\nCalifornia"));
        assertEquals("2410", SquadText.normaliseAnswer("24–10"));
        assertEquals("theory", SquadText.normaliseAnswer("Theory"), "articles only as whole words");
        assertEquals("", SquadText.normaliseAnswer("the ... a"));
    }

    @Test
    void goldIsAChunkInsideThePassageOrAPassageInsideTheChunk() {
        String passage = "First sentence here. Second sentence\nthere.";
        assertTrue(SquadText.isGold("Second   sentence there.", passage), "a piece of a long paragraph");
        assertTrue(SquadText.isGold("# Heading\n\nFirst sentence here. Second sentence there.\n\nNext paragraph.", passage),
                "paragraphs packed into one chunk");
        assertFalse(SquadText.isGold("sentence there. Next paragraph.", passage), "straddles two paragraphs");
        assertFalse(SquadText.isGold("   ", passage));
    }

    @Test
    void answerHitNeedsAWholeNormalisedGoldAnswer() {
        assertTrue(SquadText.answerHit("It was invented by Augustin-Jean Fresnel in 1822.", List.of("Augustin-Jean Fresnel")));
        assertTrue(SquadText.answerHit("THE FRESNEL lens", List.of("nobody", "the Fresnel")));
        assertFalse(SquadText.answerHit("They left in 1998.", List.of("199")), "no partial words");
        assertFalse(SquadText.answerHit("", List.of("matcha")));
        assertFalse(SquadText.answerHit(null, List.of("matcha")));
    }

    @Test
    void theFirstSentenceEndsAtTheFirstSentenceBoundaryWithoutCitationMarkers() {
        String extractive = "His father died in 1879. [1] Tesla died on 7 January 1943. [1] He was 86. [2]";
        assertEquals("His father died in 1879.", SquadText.firstSentence(extractive));
        assertFalse(SquadText.firstSentenceHit(extractive, List.of("1943")));
        assertTrue(SquadText.answerHit(extractive, List.of("1943")));
        assertTrue(SquadText.firstSentenceHit("Tesla died on 7 January 1943. [1] His father died in 1879. [1]", List.of("1943")));
        assertEquals("Tesla died in 1943 in New York.", SquadText.firstSentence("Tesla died in 1943 [1] in New York [2,3]. Later…"));
        assertFalse(SquadText.firstSentenceHit("The answer is in passage [1].", List.of("1")), "a marker is not an answer");
        assertEquals("One sentence without a full stop", SquadText.firstSentence("One sentence without a full stop [3]"));
        assertEquals("", SquadText.firstSentence(null));
        assertEquals("", SquadText.firstSentence("  "));
    }

    @Test
    void firstGoldRankIsOneBasedAndZeroWhenMissed() {
        String passage = "Alpha beta gamma.";
        assertEquals(2, SquadText.firstGoldRank(List.of("delta", "Alpha beta gamma. More.", "beta"), passage));
        assertEquals(0, SquadText.firstGoldRank(List.of("delta", "epsilon"), passage));
        assertEquals(0, SquadText.firstGoldRank(List.of(), passage));
    }
}
