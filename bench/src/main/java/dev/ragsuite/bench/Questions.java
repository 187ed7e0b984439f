package dev.ragsuite.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The questions P4 of {@code ./rag bench all} asks when it is given only the corpus: sentences of the
 * corpus turned into queries, deterministically (a fixed seed), so the gateway run and the floor ask the
 * same questions in the same order, and two runs ask the same ones. Each question is an interrogative
 * opener followed by a window of 5 to 10 consecutive words of one corpus sentence ("What about the Amazon
 * rainforest covers much of the Amazon basin?"): its answer is in the corpus, keyword and dense retrieval
 * both find it, and the extractive answerer has sentences to score. Headings, list markers and sentences
 * shorter than {@link #MIN_WORDS} words are skipped. With {@code --questions FILE.jsonl} (the format of
 * {@code ./rag eval}) the file's questions are asked instead.
 */
final class Questions {

    static final long SEED = 16;
    static final int MIN_WORDS = 8;
    static final int MAX_WORDS = 60;
    private static final int MIN_WINDOW = 5;
    private static final int MAX_WINDOW = 10;
    private static final List<String> OPENERS = List.of("What about", "What is known about", "Who or what is", "When and where",
            "Why", "How");
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+");
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}'’-]*");
    private static final Pattern MARKUP_LINE = Pattern.compile("^\\s*(?:#|[-*+|>]|\\d+[.)]\\s).*$");

    private Questions() {
    }

    /** Up to {@code max} distinct questions derived from the corpus files (in the order of {@code files}) with {@code seed}. */
    static List<String> derive(List<Path> files, int max, long seed) throws IOException {
        List<String> texts = new ArrayList<>();
        for (Path file : files) {
            texts.add(Files.readString(file, StandardCharsets.UTF_8));
        }
        return deriveFromTexts(texts, max, seed);
    }

    /** {@link #derive} over texts already read. */
    static List<String> deriveFromTexts(List<String> texts, int max, long seed) {
        List<List<String>> sentences = new ArrayList<>();
        for (String text : texts) {
            for (String paragraph : text.split("\\R\\s*\\R")) {
                StringBuilder prose = new StringBuilder();
                for (String line : paragraph.split("\\R")) {
                    if (!MARKUP_LINE.matcher(line).matches()) {
                        prose.append(line).append(' ');
                    }
                }
                for (String sentence : SENTENCE_END.split(prose)) {
                    List<String> words = words(sentence);
                    if (words.size() >= MIN_WORDS && words.size() <= MAX_WORDS) {
                        sentences.add(words);
                    }
                }
            }
        }
        Random random = new Random(seed);
        Collections.shuffle(sentences, random);
        Set<String> questions = new LinkedHashSet<>();
        for (List<String> words : sentences) {
            if (questions.size() >= max) {
                break;
            }
            int window = Math.min(words.size(), MIN_WINDOW + random.nextInt(MAX_WINDOW - MIN_WINDOW + 1));
            int start = random.nextInt(words.size() - window + 1);
            String opener = OPENERS.get(random.nextInt(OPENERS.size()));
            questions.add(opener + " " + String.join(" ", words.subList(start, start + window)) + "?");
        }
        return List.copyOf(questions);
    }

    /** The questions of an evaluation file ({@code ./rag eval}'s JSON Lines), in the file's order. */
    static List<String> fromEvalFile(Path file) throws IOException {
        return EvalQuestion.load(file).stream().map(EvalQuestion::question).toList();
    }

    static List<String> words(String sentence) {
        List<String> words = new ArrayList<>();
        var m = WORD.matcher(sentence);
        while (m.find()) {
            words.add(m.group());
        }
        return words;
    }
}
