package dev.ragsuite.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.junit.jupiter.api.Test;

class TextAnalysisTest {

    @Test
    void interrogativesAuxiliariesAndTheAskerAreStopWordsLikeTheEnglishOnes() {
        try (Analyzer analyzer = TextAnalysis.analyzer()) {
            assertEquals(List.of("war", "end", "treati"),
                    List.copyOf(TextAnalysis.distinctTerms(analyzer, "text", "Which war ended, and when did the treaty?", 10)));
            assertEquals(List.of(), List.copyOf(TextAnalysis.distinctTerms(analyzer, "text", "What who whom whose where why how do does", 10)));
            assertEquals(List.of("rhine"), List.copyOf(TextAnalysis.distinctTerms(analyzer, "text", "Could you please tell me about the Rhine?", 10)));
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
            assertEquals(List.of("tesla", "die", "tesla"), TextAnalysis.terms(analyzer, "text", "Tesla died, Tesla's"));
        }
    }

    @Test
    void porterAfterKStemJoinsDerivedForms() {
        try (Analyzer analyzer = TextAnalysis.analyzer()) {
            assertEquals(TextAnalysis.terms(analyzer, "text", "construct governing"),
                    TextAnalysis.terms(analyzer, "text", "construction governs"));
        }
    }

    @Test
    void theWordsAnalyzerKeepsTheWordsAsWritten() {
        try (Analyzer words = TextAnalysis.wordsAnalyzer()) {
            assertEquals(List.of("tesla", "died", "new", "york"), TextAnalysis.terms(words, "text", "Where had Tesla's died in New York?"));
        }
    }

    @Test
    void distinctTermsStopsAtTheLimit() {
        try (Analyzer analyzer = TextAnalysis.analyzer()) {
            assertEquals(List.of("red", "green"), List.copyOf(TextAnalysis.distinctTerms(analyzer, "text", "red green blue red", 2)));
            assertEquals(List.of(), TextAnalysis.terms(analyzer, "text", null));
        }
    }
}
