package dev.ragsuite.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads a server-sent-events stream into its events (name and JSON data), for tests. Follows the SSE
 * format: {@code event:} names the event (default {@code message}), {@code data:} lines (one leading
 * space dropped) are joined with newlines, a blank line ends an event; comments and events without data
 * (or with empty data) are skipped, and a last event without its blank line still counts.
 */
public final class SseEvents {

    private static final ObjectMapper JSON = new ObjectMapper();

    public record Event(String name, JsonNode data) {
    }

    private SseEvents() {
    }

    /** The events of a finished body. */
    public static List<Event> parse(String body) {
        return read(new BufferedReader(new StringReader(body)));
    }

    /** The events of a stream, read until the server closes it (closes {@code in}). */
    public static List<Event> read(InputStream in) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return read(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Event> read(BufferedReader reader) {
        List<Event> events = new ArrayList<>();
        String name = "message";
        StringBuilder data = null;
        try {
            for (String line = reader.readLine(); ; line = reader.readLine()) {
                if (line == null || line.isEmpty()) {
                    if (data != null && !data.isEmpty()) {
                        events.add(new Event(name, json(data.toString())));
                    }
                    if (line == null) {
                        return events;
                    }
                    name = "message";
                    data = null;
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    String value = line.substring(line.startsWith("data: ") ? 6 : 5);
                    data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode json(String data) {
        try {
            return JSON.readTree(data);
        } catch (JsonProcessingException e) {
            throw new AssertionError("event data is not JSON: " + data, e);
        }
    }

    public static List<String> names(List<Event> events) {
        return events.stream().map(Event::name).toList();
    }

    /** The concatenated {@code text} of the {@code token} events (chat-service's answer stream). */
    public static String text(List<Event> events) {
        return events.stream().filter(e -> e.name().equals("token")).map(e -> e.data().get("text").asText())
                .collect(Collectors.joining());
    }

    /** The last event of that name; fails the test if there is none. */
    public static Event last(List<Event> events, String name) {
        for (int i = events.size() - 1; i >= 0; i--) {
            if (events.get(i).name().equals(name)) {
                return events.get(i);
            }
        }
        throw new AssertionError("no " + name + " event in " + names(events));
    }
}
