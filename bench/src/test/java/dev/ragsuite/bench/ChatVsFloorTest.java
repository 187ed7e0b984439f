package dev.ragsuite.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** P4's pure parts: the questions derived from a corpus, the closed loop, the report, the settings read from chat-service. */
class ChatVsFloorTest {

    private static final String TEXT = """
            # A heading line that is long enough to be a sentence of eight words

            The Danube is the second longest river in Europe after the Volga. It flows through ten countries, \
            more than any other river in the world. Short one here.
            - a list item with many words in it that should never be a question

            Vienna, Budapest and Belgrade all stand on the banks of the Danube river today.
            """;

    @Test
    void questionsAreDeterministicAndTakenFromTheCorpusSentences() {
        List<String> once = Questions.deriveFromTexts(List.of(TEXT), 100, Questions.SEED);
        List<String> again = Questions.deriveFromTexts(List.of(TEXT), 100, Questions.SEED);
        assertEquals(once, again, "the same seed, the same questions in the same order");
        assertEquals(3, once.size(), "three prose sentences of 8 words or more: " + once);
        assertEquals(once.size(), new HashSet<>(once).size(), "distinct");

        List<String> corpusWords = Questions.words(TEXT);
        for (String q : once) {
            assertTrue(q.endsWith("?"), q);
            assertFalse(q.contains("heading") || q.contains("list item"), "headings and list items are skipped: " + q);
            List<String> words = Questions.words(q);
            boolean fromCorpus = false;
            for (int drop = 1; drop <= 4 && !fromCorpus; drop++) { // the opener is one to four words
                List<String> window = words.subList(drop, words.size());
                fromCorpus = window.size() >= 5 && window.size() <= 10 && Collections.indexOfSubList(corpusWords, window) >= 0;
            }
            assertTrue(fromCorpus, "a window of 5 to 10 consecutive corpus words after the opener: " + q);
        }
        assertEquals(2, Questions.deriveFromTexts(List.of(TEXT), 2, Questions.SEED).size(), "at most max");
    }

    @Test
    void anotherSeedAsksOtherwise() {
        StringBuilder corpus = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            corpus.append("Sentence number ").append(i).append(" tells the reader about river ").append(i)
                    .append(" and its many long bridges. ");
        }
        List<String> a = Questions.deriveFromTexts(List.of(corpus.toString()), 20, 1);
        List<String> b = Questions.deriveFromTexts(List.of(corpus.toString()), 20, 2);
        assertEquals(20, a.size());
        assertNotEquals(a, b);
    }

    @Test
    void theFixtureCorpusAndQuestionFileGiveQuestions() throws IOException {
        Path fixture = Path.of("src/test/resources/eval-fixture");
        List<String> derived = Questions.derive(Bench.corpusFiles(fixture.resolve("corpus")), ChatVsFloor.MAX_QUESTIONS, Questions.SEED);
        assertFalse(derived.isEmpty());
        List<String> fromFile = Questions.fromEvalFile(fixture.resolve("questions.jsonl"));
        assertEquals(4, fromFile.size(), "four questions (the blank line is skipped)");
        assertEquals("Who invented the lens used in modern lighthouses?", fromFile.get(0));
    }

    @Test
    void closedLoopHandsOutQuestionsInOrderAndCountsFailures() throws Exception {
        List<String> asked = Collections.synchronizedList(new ArrayList<>());
        ClosedLoop loop = new ClosedLoop(List.of("q0", "q1", "q2"), 0);
        ClosedLoop.Result result = loop.run(1, 0.2, (user, question) -> {
            asked.add(question);
            if (question.startsWith("q1")) {
                throw new IllegalStateException("no answer to q1");
            }
            Thread.sleep(1);
        });
        assertTrue(asked.size() >= 6, "a closed loop keeps asking for the whole run: " + asked.size());
        for (int i = 0; i < asked.size(); i++) {
            String expected = i < 3 ? "q" + i : "q" + (i % 3) + " (round " + (i / 3 + 1) + ")";
            assertEquals(expected, asked.get(i), "in list order, marked with their round past the first");
        }
        assertEquals(asked.size(), asked.stream().distinct().count(), "no text is asked twice");
        assertEquals(asked.size(), result.asked());
        assertEquals(asked.size(), result.answers() + result.failures());
        assertEquals(asked.stream().filter(q -> q.startsWith("q1")).count(), result.failures());
        assertEquals("IllegalStateException: no answer to q1", result.firstFailure());
        assertTrue(result.p50Ms() >= 1 && result.p99Ms() >= result.p50Ms(), result.toString());
        assertEquals(result.asked(), loop.position());
        assertThrows(IllegalArgumentException.class, () -> new ClosedLoop(List.of(), 0));
    }

    @Test
    void aWarmUpMarksEveryQuestionAndStopsOnceTheRateStopsRising() throws Exception {
        ClosedLoop warmUp = new ClosedLoop(List.of("a", "b"), 0, "warm-up");
        assertEquals("a (warm-up, round 1)", warmUp.question(0));
        assertEquals("b (warm-up, round 2)", warmUp.question(3));

        assertFalse(ClosedLoop.steady(List.of(10.0, 20.0, 30.0, 40.0, 50.0)), "too few windows to tell");
        assertFalse(ClosedLoop.steady(List.of(20.0, 36.0, 46.0, 53.0, 58.0, 62.0)), "still rising: 57.7 after 34.0");
        assertTrue(ClosedLoop.steady(List.of(95.0, 90.0, 98.0, 89.0, 86.0, 100.0)), "levelled off: 91.7 after 94.3");
        assertTrue(ClosedLoop.steady(List.of(150.0, 155.0, 155.0, 158.0, 162.0, 157.0)), "within 5 %: 159 after 153.3");

        // a load that cannot level off in time ends at the limit, not steady; the minimum holds even when steady at once
        long start = System.nanoTime();
        ClosedLoop.Ask faster = (user, question) -> { // 8, 4, 2, 1, 0 ms a question: the rate keeps rising
            long delay = 8 >> ((System.nanoTime() - start) / 50_000_000);
            Thread.sleep(delay);
        };
        ClosedLoop.WarmUp capped = warmUp.warmUntilSteady(1, 0, 0.3, 0.05, faster);
        assertFalse(capped.steady(), capped.toString());
        assertTrue(capped.seconds() >= 0.3 && capped.seconds() < 2, capped.toString());
        ClosedLoop.WarmUp flat = new ClosedLoop(List.of("x"), 0, "w").warmUntilSteady(1, 0.4, 5, 0.05,
                (user, question) -> Thread.sleep(2));
        assertTrue(flat.steady() && flat.seconds() >= 0.4 && flat.windowRps().size() >= 6, flat.toString());
    }

    @Test
    void reportHasTheIssuesKeysAndTheRatioToTheFloor() {
        Properties r = new Properties();
        r.setProperty("p4.concurrency", "16");
        r.setProperty("p4.questions", "5000");
        r.setProperty("p4.gateway.rps", "40");
        r.setProperty("p4.gateway.p50Ms", "350");
        r.setProperty("p4.gateway.p99Ms", "900");
        r.setProperty("p4.gateway.answers", "2400");
        r.setProperty("p4.floor.rps", "100");
        r.setProperty("p4.floor.p50Ms", "150");
        r.setProperty("p4.floor.p99Ms", "450");
        r.setProperty("p4.floor.answers", "6000");
        r.setProperty("p4.floor.threads", "16");
        r.setProperty("p4.cacheHit.p50Ms", "4.2");
        r.setProperty("p4.cacheHit.p99Ms", "9");
        r.setProperty("p4.cacheHit.requests", "200");
        List<String> table = new ArrayList<>();
        JsonNode p4 = BenchAll.figures(r, table).path("p4");

        assertEquals(16, p4.path("concurrency").asInt());
        assertEquals(40, p4.path("rps").asDouble(), 1e-9);
        assertEquals(100, p4.path("floorRps").asDouble(), 1e-9);
        assertEquals(0.4, p4.path("ratio").asDouble(), 1e-9);
        assertEquals(350, p4.path("p50Ms").asDouble(), 1e-9);
        assertEquals(900, p4.path("p99Ms").asDouble(), 1e-9);
        assertEquals(4.2, p4.path("cacheHitP50Ms").asDouble(), 1e-9);
        assertEquals(150, p4.path("floorP50Ms").asDouble(), 1e-9);
        assertEquals(450, p4.path("floorP99Ms").asDouble(), 1e-9);
        assertFalse(p4.has("measured"));
        assertTrue(table.stream().anyMatch(l -> l.startsWith("P4") && l.contains("0.40x") && l.contains(">= 0.5x")),
                String.join("\n", table));
        assertTrue(table.stream().anyMatch(l -> l.startsWith("P4") && l.contains("cache hit") && l.contains("<= 5 ms")),
                String.join("\n", table));
    }

    @Test
    void quickReportHasTheFloorAndSaysWhyTheGatewayWasNot() {
        Properties r = new Properties();
        r.setProperty("p4.questions", "9");
        r.setProperty("p4.gateway.reason", "quick pass: no suite is started");
        r.setProperty("p4.floor.rps", "30");
        r.setProperty("p4.floor.p50Ms", "40");
        r.setProperty("p4.floor.p99Ms", "90");
        r.setProperty("p4.floor.answers", "30");
        r.setProperty("p4.floor.threads", "2");
        List<String> table = new ArrayList<>();
        JsonNode p4 = ChatVsFloor.report(r, table);
        assertFalse(p4.path("measured").asBoolean(true));
        assertEquals("gateway not measured: quick pass: no suite is started", p4.path("reason").asText());
        assertEquals(30, p4.path("floorRps").asDouble(), 1e-9);
        assertEquals(2, p4.path("concurrency").asInt());
        assertFalse(p4.has("rps") || p4.has("ratio") || p4.has("cacheHitP50Ms"), p4.toString());
    }

    @Test
    void theFloorAnswersWithChatServicesOwnSettings() throws IOException {
        ChatVsFloor.Extractive settings = ChatVsFloor.extractiveConfig();
        // chat-service's declared defaults (ChatConfig.Extractive) and rag.chat.default-top-k of its application.properties
        assertEquals(new ChatVsFloor.Extractive(3, 0.6, 300, 5), settings);
    }

    @Test
    void theOwnerIsTheTokensSubject() throws IOException {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String jwt = b64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString("{\"sub\":\"0d5c-user\",\"role\":\"user\"}".getBytes(StandardCharsets.UTF_8)) + ".sig";
        assertEquals("0d5c-user", ChatVsFloor.subject(jwt));
        assertThrows(IOException.class, () -> ChatVsFloor.subject("not-a-token"));
    }
}
