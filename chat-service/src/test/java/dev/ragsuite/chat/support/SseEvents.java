package dev.ragsuite.chat.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Parses a finished server-sent-events body into its events (name and JSON data). */
public final class SseEvents {

    private static final ObjectMapper JSON = new ObjectMapper();

    public record Event(String name, JsonNode data) {
    }

    private SseEvents() {
    }

    public static List<Event> parse(String body) {
        List<Event> events = new ArrayList<>();
        for (String block : body.replace("\r\n", "\n").split("\n\n")) {
            String name = "message";
            StringBuilder data = new StringBuilder();
            for (String line : block.split("\n")) {
                if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    if (!data.isEmpty()) {
                        data.append('\n');
                    }
                    data.append(line.substring(5).startsWith(" ") ? line.substring(6) : line.substring(5));
                }
            }
            if (!data.isEmpty()) {
                try {
                    events.add(new Event(name, JSON.readTree(data.toString())));
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new IllegalStateException("event data is not JSON: " + data, e);
                }
            }
        }
        return events;
    }

    public static List<String> names(List<Event> events) {
        return events.stream().map(Event::name).toList();
    }

    /** The concatenated texts of the token events. */
    public static String text(List<Event> events) {
        return events.stream().filter(e -> e.name().equals("token")).map(e -> e.data().get("text").asText())
                .collect(Collectors.joining());
    }

    public static Event last(List<Event> events, String name) {
        for (int i = events.size() - 1; i >= 0; i--) {
            if (events.get(i).name().equals(name)) {
                return events.get(i);
            }
        }
        throw new AssertionError("no " + name + " event in " + names(events));
    }
}
