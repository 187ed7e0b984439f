package dev.ragsuite.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One ClickUp token's tasks and comments in the {@link ClickUpStandIn}, by list: what its "Get Tasks" and
 * "Get Task Comments" answer (see {@link ClickUpStandIn#board(String)}). Thread-safe.
 */
public final class Board {

    /** ClickUp pages tasks by 100. */
    public volatile int pageSize = 100;
    final AtomicInteger calls = new AtomicInteger();
    private final Map<String, Map<String, Map<String, Object>>> lists = new LinkedHashMap<>();
    private final Map<String, List<Map<String, Object>>> comments = new LinkedHashMap<>();

    /** Adds or replaces a task in a list (as {@link ClickUpStandIn#task} makes them). */
    public synchronized Board put(String listId, Map<String, Object> task) {
        lists.computeIfAbsent(listId, k -> new LinkedHashMap<>()).put((String) task.get("id"), new LinkedHashMap<>(task));
        return this;
    }

    /** Edits a task: the given fields, and {@code date_updated} set to {@code updatedMillis}. */
    public synchronized Board edit(String taskId, long updatedMillis, Map<String, Object> fields) {
        Map<String, Object> task = find(taskId);
        task.putAll(fields);
        task.put("date_updated", String.valueOf(updatedMillis));
        return this;
    }

    /** Archives a task (ClickUp then leaves it out of "Get Tasks" unless archived=true). */
    public synchronized Board archive(String taskId, long updatedMillis) {
        return edit(taskId, updatedMillis, Map.of("archived", true));
    }

    /** Deletes a task: gone from every answer. */
    public synchronized Board delete(String taskId) {
        lists.values().forEach(tasks -> tasks.remove(taskId));
        comments.remove(taskId);
        return this;
    }

    /** The task's comments, newest first (as {@link ClickUpStandIn#comment} makes them). */
    public synchronized Board comments(String taskId, List<Map<String, Object>> newestFirst) {
        comments.put(taskId, new ArrayList<>(newestFirst));
        return this;
    }

    /** Calls answered from this board so far. */
    public int calls() {
        return calls.get();
    }

    private Map<String, Object> find(String taskId) {
        return lists.values().stream().map(tasks -> tasks.get(taskId)).filter(t -> t != null).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no task " + taskId));
    }

    synchronized Map<String, Object> tasksPage(String listId, int page, Long updatedAfter, boolean archived) {
        List<Map<String, Object>> matching = new ArrayList<>();
        for (Map<String, Object> task : lists.getOrDefault(listId, Map.of()).values()) {
            if (Boolean.TRUE.equals(task.get("archived")) != archived) {
                continue;
            }
            if (updatedAfter != null && Long.parseLong((String) task.get("date_updated")) <= updatedAfter) {
                continue;
            }
            matching.add(task);
        }
        int from = Math.min(matching.size(), page * pageSize);
        int to = Math.min(matching.size(), from + pageSize);
        return ClickUpStandIn.ordered("tasks", new ArrayList<>(matching.subList(from, to)), "last_page", to >= matching.size());
    }

    synchronized Map<String, Object> commentsPage(String taskId, Long start, String startId) {
        List<Map<String, Object>> all = comments.getOrDefault(taskId, List.of());
        int from = 0;
        if (startId != null) {
            for (int i = 0; i < all.size(); i++) {
                if (startId.equals(all.get(i).get("id"))) {
                    from = i + 1;
                }
            }
        }
        return Map.of("comments", new ArrayList<>(all.subList(from, Math.min(all.size(), from + 25))));
    }
}
