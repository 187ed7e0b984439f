package dev.ragsuite.ingest.clickup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ragsuite.testing.ClickUpStandIn;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A ClickUp task (as the stand-in shapes "Get Tasks" answers) rendered to the Markdown a sync indexes. */
class TaskDocumentTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ClickUp.Task task(Map<String, Object> fields) {
        return JSON.convertValue(fields, ClickUp.Task.class);
    }

    @Test
    void aTaskBecomesMarkdownWithItsFactsTextFieldsAndCommentsOldestFirst() {
        Map<String, Object> fields = ClickUpStandIn.task("86x1", "Ship  the\nsync", "The sync ships on Friday.", 1733500000000L);
        fields.put("custom_fields", List.of(
                ClickUpStandIn.ordered("id", "f1", "name", "Customer", "type", "short_text", "value", "Müller & Søn"),
                ClickUpStandIn.ordered("id", "f2", "name", "Budget", "type", "currency", "value", 1200),
                ClickUpStandIn.ordered("id", "f3", "name", "Notes", "type", "text", "value", null)));
        List<ClickUp.Comment> comments = List.of(
                new ClickUp.Comment("c1", "First.", new ClickUp.Person(1L, "Ada", null), "1733400000000"),
                new ClickUp.Comment("c2", "  ", new ClickUp.Person(1L, "Ada", null), "1733400001000"),
                new ClickUp.Comment("c3", "Second.", null, null));
        String md = new String(TaskDocument.render(task(fields), comments), StandardCharsets.UTF_8);

        assertTrue(md.startsWith("# Ship the sync\n"), md);
        assertTrue(md.contains("Status: in progress"), md);
        assertTrue(md.contains("List: Roadmap"), md);
        assertTrue(md.contains("Assignees: Grace Hopper"), md);
        assertTrue(md.contains("Due: 2025-01-01"), md);
        assertTrue(md.contains("ClickUp task: 86x1"), md);
        assertTrue(md.contains("**Customer:** Müller & Søn"), "a text custom field: " + md);
        assertFalse(md.contains("Budget"), "a number field is not text: " + md);
        assertFalse(md.contains("Notes"), "an empty field is left out: " + md);
        assertTrue(md.contains("The sync ships on Friday."), md);
        assertTrue(md.contains("## Comments"), md);
        assertTrue(md.indexOf("**Ada** (2024-12-05): First.") < md.indexOf("**someone**: Second."), md);
        assertEquals(2, md.split("\\*\\*(Ada|someone)\\*\\*", -1).length - 1, "a blank comment is left out: " + md);
        assertArrayEquals(TaskDocument.render(task(fields), comments), TaskDocument.render(task(fields), comments),
                "the same task renders to the same bytes");
    }

    @Test
    void missingPartsAreLeftOutNotGuessed() {
        Map<String, Object> fields = ClickUpStandIn.ordered("id", "86x2", "name", null, "text_content", "",
                "description", "Only a description.", "date_updated", "not a number", "due_date", null);
        ClickUp.Task bare = task(fields);
        String md = new String(TaskDocument.render(bare, List.of()), StandardCharsets.UTF_8);
        assertTrue(md.startsWith("# Task 86x2\n"), md);
        assertTrue(md.contains("Only a description."), md);
        assertFalse(md.contains("Due:"), md);
        assertFalse(md.contains("## Comments"), md);
        assertNull(TaskDocument.updated(bare), "a date ClickUp did not send as milliseconds");
        assertEquals("ClickUp task 86x2.md", TaskDocument.name(bare));
        assertEquals(Instant.ofEpochMilli(1733500000000L),
                TaskDocument.updated(task(ClickUpStandIn.task("86x3", "n", "t", 1733500000000L))));
    }
}
