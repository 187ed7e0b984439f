package dev.ragsuite.ingest.clickup;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A ClickUp task as the Markdown document ingest indexes: its name as the title, a line of facts
 * (status, list, parent task, assignees, due and closed dates), its custom text fields, its text,
 * then its comments oldest first. The same task always renders to the same bytes, so a sync can tell
 * a changed task from one that only looks new (its document is re-embedded only when these bytes change).
 */
public final class TaskDocument {

    /** Custom field types whose value is text worth searching (ClickUp's "Custom Field types"). */
    static final Set<String> TEXT_FIELDS = Set.of("text", "short_text", "email", "url", "phone");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    private TaskDocument() {
    }

    public static byte[] render(ClickUp.Task task, List<ClickUp.Comment> comments) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(oneLine(orElse(task.name(), "Task " + task.id()))).append("\n\n");
        StringBuilder facts = new StringBuilder();
        fact(facts, "Status", task.status() == null ? null : task.status().status());
        fact(facts, "List", task.list() == null ? null : task.list().name());
        fact(facts, "Subtask of", task.parent());
        if (task.assignees() != null && !task.assignees().isEmpty()) {
            fact(facts, "Assignees", task.assignees().stream().map(p -> orElse(p.username(), p.email()))
                    .filter(n -> n != null && !n.isBlank()).collect(Collectors.joining(", ")));
        }
        fact(facts, "Due", day(task.dueDate()));
        fact(facts, "Closed", day(task.dateClosed()));
        fact(facts, "ClickUp task", task.customId() != null ? task.customId() : task.id());
        md.append(facts).append('\n');
        if (task.customFields() != null) {
            for (ClickUp.CustomField field : task.customFields()) {
                String value = text(field);
                if (value != null) {
                    md.append("**").append(oneLine(field.name())).append(":** ").append(value.strip()).append("\n\n");
                }
            }
        }
        String body = task.textContent() != null && !task.textContent().isBlank() ? task.textContent() : task.description();
        if (body != null && !body.isBlank()) {
            md.append(body.strip()).append("\n\n");
        }
        List<ClickUp.Comment> said = comments.stream().filter(c -> c.commentText() != null && !c.commentText().isBlank()).toList();
        if (!said.isEmpty()) {
            md.append("## Comments\n\n");
            for (ClickUp.Comment comment : said) {
                String who = comment.user() == null ? "someone" : orElse(comment.user().username(), "someone");
                String when = day(comment.date());
                md.append("**").append(oneLine(who)).append("**").append(when == null ? "" : " (" + when + ")").append(": ")
                        .append(comment.commentText().strip()).append("\n\n");
            }
        }
        return md.toString().strip().concat("\n").getBytes(StandardCharsets.UTF_8);
    }

    /** A file name for the task's document: its name, made safe by the upload rules later. */
    public static String name(ClickUp.Task task) {
        return oneLine(orElse(task.name(), "ClickUp task " + task.id())) + ".md";
    }

    /** ClickUp's {@code date_updated} (Unix milliseconds as a string), or null. */
    public static Instant updated(ClickUp.Task task) {
        return instant(task.dateUpdated());
    }

    private static void fact(StringBuilder facts, String label, String value) {
        if (value != null && !value.isBlank()) {
            facts.append(label).append(": ").append(oneLine(value)).append("  \n");
        }
    }

    private static String text(ClickUp.CustomField field) {
        JsonNode value = field.value();
        if (field.type() == null || !TEXT_FIELDS.contains(field.type()) || value == null || !value.isTextual()
                || value.asText().isBlank() || field.name() == null) {
            return null;
        }
        return value.asText();
    }

    private static String day(String millis) {
        Instant at = instant(millis);
        return at == null ? null : DAY.format(at);
    }

    static Instant instant(String millis) {
        if (millis == null || millis.isBlank()) {
            return null;
        }
        try {
            return Instant.ofEpochMilli(Long.parseLong(millis.strip()));
        } catch (NumberFormatException e) {
            return null; // not a date as ClickUp documents them: left out rather than guessed
        }
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }

    private static String orElse(String value, String otherwise) {
        return value == null || value.isBlank() ? otherwise : value;
    }
}
