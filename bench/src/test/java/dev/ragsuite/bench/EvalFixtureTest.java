package dev.ragsuite.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loader and the scorer over the small in-project fixture (two documents, four questions); no suite needed. */
class EvalFixtureTest {

    private static final Path FIXTURE = Path.of("src/test/resources/eval-fixture");

    @Test
    void loadsTheFixtureQuestionsSkippingBlankLines() throws IOException {
        List<EvalQuestion> questions = EvalQuestion.load(FIXTURE.resolve("questions.jsonl"));
        assertEquals(List.of("q1", "q2", "q3", "q4"), questions.stream().map(EvalQuestion::id).toList());
        EvalQuestion q1 = questions.get(0);
        assertEquals(List.of("Augustin-Jean Fresnel", "Fresnel"), q1.answers());
        assertEquals("Lighthouses.md", q1.doc());
        assertTrue(q1.passage().startsWith("Modern lighthouses use a Fresnel lens"));
    }

    @Test
    void aMalformedLineFailsWithItsLineNumber(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("q.jsonl");
        Files.writeString(file, """
                {"id": "a", "question": "q?", "answers": ["x"], "doc": "d.md", "passage": "p"}
                {"id": "b", "question": "q?", "answers": [], "doc": "d.md", "passage": "p"}
                """);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EvalQuestion.load(file));
        assertTrue(e.getMessage().contains("q.jsonl:2") && e.getMessage().contains("answers"), e.getMessage());

        Files.writeString(file, "{\"id\": \"a\", \"question\": \"q?\", \"answers\": [\"x\"], \"doc\": \"d.md\"}\n");
        e = assertThrows(IllegalArgumentException.class, () -> EvalQuestion.load(file));
        assertTrue(e.getMessage().contains("q.jsonl:1") && e.getMessage().contains("passage"), e.getMessage());

        Files.writeString(file, "not json\n");
        e = assertThrows(IllegalArgumentException.class, () -> EvalQuestion.load(file));
        assertTrue(e.getMessage().contains("q.jsonl:1"), e.getMessage());

        Files.writeString(file, "\n\n");
        assertThrows(IllegalArgumentException.class, () -> EvalQuestion.load(file));
    }

    @Test
    void corpusFilesAreTheFixtureDocuments() throws IOException {
        assertEquals(List.of("Lighthouses.md", "Tea.txt"),
                Bench.corpusFiles(FIXTURE.resolve("corpus")).stream().map(p -> p.getFileName().toString()).toList());
    }

    /**
     * Scores two made-up retrievers over the fixture's paragraphs: one that returns the gold paragraph
     * first, and one that returns every paragraph in corpus order (gold ranks 2, 3, 4 and 6), with each
     * retriever's top chunk as the "answer" — for the first retriever with the chunk's sentences in reverse order and
     * citation markers, so the answer holds the gold answer but only q2's and q4's (one-sentence paragraphs) open with it.
     */
    @Test
    void scoresTheFixtureLikeTheEvaluation() throws IOException {
        List<EvalQuestion> questions = EvalQuestion.load(FIXTURE.resolve("questions.jsonl"));
        List<String> paragraphs = new ArrayList<>();
        for (Path file : Bench.corpusFiles(FIXTURE.resolve("corpus"))) {
            for (String p : Files.readString(file).split("\\n\\s*\\n")) {
                if (!p.isBlank() && !p.startsWith("#")) {
                    paragraphs.add(p.strip());
                }
            }
        }
        assertEquals(6, paragraphs.size());

        Map<String, EvalScores> scores = new LinkedHashMap<>();
        Eval.MODES.forEach(m -> scores.put(m, new EvalScores()));
        for (EvalQuestion q : questions) {
            List<String> goldFirst = new ArrayList<>(paragraphs);
            goldFirst.sort((a, b) -> Boolean.compare(SquadText.isGold(b, q.passage()), SquadText.isGold(a, q.passage())));
            List<String> sentences = new ArrayList<>(List.of(goldFirst.get(0).split("(?<=\\.) ")));
            Collections.reverse(sentences);
            String reversed = String.join(" [1] ", sentences) + " [1]";
            scores.get("hybrid").add(SquadText.firstGoldRank(goldFirst, q.passage()),
                    SquadText.answerHit(reversed, q.answers()), SquadText.firstSentenceHit(reversed, q.answers()));
            scores.get("bm25").add(SquadText.firstGoldRank(paragraphs, q.passage()),
                    SquadText.answerHit(paragraphs.get(0), q.answers()), SquadText.firstSentenceHit(paragraphs.get(0), q.answers()));
            scores.get("dense").add(0, null, null);
        }

        JsonNode json = SuiteClient.JSON.readTree(SuiteClient.JSON.writeValueAsString(Eval.json(scores, questions.size())));
        assertEquals(List.of("hybrid", "bm25", "dense", "questions"), fieldNames(json));
        assertEquals(List.of("recall@1", "recall@3", "recall@5", "recall@10", "mrr@10", "answerHit", "answerHit@1"),
                fieldNames(json.get("hybrid")));
        assertEquals(4, json.get("questions").asInt());

        ObjectNode perfect = (ObjectNode) json.get("hybrid");
        assertEquals(1.0, perfect.get("recall@1").asDouble());
        assertEquals(1.0, perfect.get("mrr@10").asDouble());
        assertEquals(1.0, perfect.get("answerHit").asDouble());
        assertEquals(0.5, perfect.get("answerHit@1").asDouble(), "q1 and q3 now open with their paragraph's second sentence");

        JsonNode inOrder = json.get("bm25");
        assertEquals(0.0, inOrder.get("recall@1").asDouble());
        assertEquals(0.5, inOrder.get("recall@3").asDouble());
        assertEquals(0.75, inOrder.get("recall@5").asDouble());
        assertEquals(1.0, inOrder.get("recall@10").asDouble());
        assertEquals(0.3125, inOrder.get("mrr@10").asDouble(), 1e-4); // (1/2 + 1/3 + 1/4 + 1/6) / 4
        assertEquals(0.0, inOrder.get("answerHit").asDouble(), "the first lighthouse paragraph answers none");

        assertEquals(0.0, json.get("dense").get("recall@10").asDouble());
        assertTrue(json.get("dense").get("answerHit").isNull());
        assertTrue(json.get("dense").get("answerHit@1").isNull());

        List<String> table = Eval.table(scores, FIXTURE.resolve("corpus"), FIXTURE.resolve("questions.jsonl"), 4, 2, 1, 2, 3);
        assertTrue(table.get(1).endsWith("answerHit  answerHit@1"), table.get(1));
        assertTrue(table.get(2).matches("hybrid\\s+1\\.000\\s+1\\.000\\s+1\\.000\\s+1\\.000\\s+1\\.000\\s+1\\.000\\s+0\\.500"), table.get(2));
        assertTrue(table.get(4).endsWith(" -            -"), table.get(4));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
