package dev.ragsuite.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One evaluation question: its text, the gold answers (any one counts), the corpus file that holds
 * the gold paragraph and that paragraph verbatim. Loaded from JSON Lines, one object a line with
 * at least {@code id}, {@code question}, {@code answers}, {@code doc} and {@code passage}.
 */
record EvalQuestion(String id, String question, List<String> answers, String doc, String passage) {

    /** Reads every non-blank line of {@code file}; a malformed line fails with its line number. */
    static List<EvalQuestion> load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + " is not a file");
        }
        List<EvalQuestion> questions = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (!line.isEmpty()) {
                questions.add(parse(line, file + ":" + (i + 1)));
            }
        }
        if (questions.isEmpty()) {
            throw new IllegalArgumentException(file + " holds no questions");
        }
        return questions;
    }

    static EvalQuestion parse(String line, String where) {
        JsonNode node;
        try {
            node = SuiteClient.JSON.readTree(line);
        } catch (IOException e) {
            throw new IllegalArgumentException(where + ": not a JSON object: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(where + ": not a JSON object");
        }
        List<String> answers = new ArrayList<>();
        node.path("answers").forEach(a -> {
            if (a.isTextual() && !a.asText().isBlank()) {
                answers.add(a.asText());
            }
        });
        if (answers.isEmpty()) {
            throw new IllegalArgumentException(where + ": 'answers' must list at least one non-blank string");
        }
        return new EvalQuestion(text(node, "id", where), text(node, "question", where), List.copyOf(answers),
                text(node, "doc", where), text(node, "passage", where));
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || !value.isValueNode() || value.asText().isBlank()) {
            throw new IllegalArgumentException(where + ": '" + field + "' is missing or blank");
        }
        return value.asText();
    }
}
