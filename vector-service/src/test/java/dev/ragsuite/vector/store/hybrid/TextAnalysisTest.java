package dev.ragsuite.vector.store.hybrid;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.junit.jupiter.api.Test;

class TextAnalysisTest {

    @Test
    void interrogativesAndDoAreStopWordsLikeTheEnglishOnes() {
        try (Analyzer analyzer = TextAnalysis.analyzer()) {
            assertEquals(List.of("war", "end", "treaty"),
                    List.copyOf(TextAnalysis.distinctTerms(analyzer, "text", "Which war ended, and when did the treaty?", 10)));
            assertEquals(List.of(), List.copyOf(TextAnalysis.distinctTerms(analyzer, "text", "What who whom whose where why how do does", 10)));
            assertEquals(Map.of("tesla", 2, "die", 1),
                    TextAnalysis.termFrequencies(analyzer, "text", "How did Tesla die? Tesla!"));
        }
    }

    @Test
    void inflectionsOfOneWordShareAStemAndPossessivesAreDropped() {
        try (Analyzer analyzer = TextAnalysis.analyzer()) {
            // Porter stems "died" to "di" but "die" to "die": the question missed the answer's sentence
            assertEquals(List.of("tesla", "death", "die", "new", "york"),
                    List.copyOf(TextAnalysis.distinctTerms(analyzer, "text", "Tesla's death: died in New York; Tesla dies", 10)));
            assertEquals(List.of("tesla", "die"), List.copyOf(TextAnalysis.distinctTerms(analyzer, "text", "When did Tesla die?", 10)));
        }
    }
}
