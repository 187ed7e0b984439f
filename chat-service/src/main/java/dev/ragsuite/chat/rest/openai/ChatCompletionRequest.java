package dev.ragsuite.chat.rest.openai;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ragsuite.chat.MessageRole;
import dev.ragsuite.chat.Turn;
import dev.ragsuite.chat.rest.QuestionText;
import dev.ragsuite.vector.api.Searchable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * OpenAI's chat completion request, as far as rag-suite reads it. Fields it does not use ({@code temperature},
 * {@code max_tokens}, {@code max_completion_tokens}, {@code user}, {@code tools}, …) are accepted and ignored:
 * clients send many.
 *
 * @param content of each message: a string, or a list of {@code {"type":"text","text":…}} parts
 * @param n how many choices: only 1
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ChatCompletionRequest(String model, List<InputMessage> messages, Boolean stream,
        @JsonProperty("stream_options") StreamOptions streamOptions, Integer n) {

    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool");

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record InputMessage(String role, JsonNode content) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record StreamOptions(@JsonProperty("include_usage") Boolean includeUsage) {
    }

    /** What the messages ask: the last user message, the user and assistant turns before it, and their size. */
    public record Conversation(String question, List<Turn> turns, int characters) {
    }

    public boolean streamed() {
        return Boolean.TRUE.equals(stream);
    }

    public boolean usageChunk() {
        return streamed() && streamOptions != null && Boolean.TRUE.equals(streamOptions.includeUsage());
    }

    /** Checks the request and reads its messages; a 400 (or 404 for another model) when it cannot be answered. */
    public Conversation conversation() {
        if (model == null || model.isBlank()) {
            throw OpenAiException.invalid("You must provide a model parameter ('" + OpenAiResource.MODEL + "').", "model");
        }
        if (!OpenAiResource.MODEL.equals(model)) {
            throw OpenAiException.modelNotFound(model);
        }
        if (n != null && n != 1) {
            throw OpenAiException.invalid("Only one choice is supported: n must be 1.", "n");
        }
        if (messages == null || messages.isEmpty()) {
            throw OpenAiException.invalid("messages must be a non-empty array.", "messages");
        }
        List<String> roles = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        int characters = 0;
        for (int i = 0; i < messages.size(); i++) {
            InputMessage message = messages.get(i);
            if (message == null || message.role() == null || !ROLES.contains(message.role())) {
                throw OpenAiException.invalid("messages[" + i + "].role must be one of system, developer, user, "
                        + "assistant, tool.", "messages[" + i + "].role");
            }
            String text = text(message.content(), i);
            roles.add(message.role());
            texts.add(text);
            characters += text.length();
        }
        int last = roles.lastIndexOf("user");
        if (last < 0) {
            throw OpenAiException.invalid("messages must contain a user message: its text is the question.", "messages");
        }
        String question;
        try {
            question = QuestionText.checked(texts.get(last));
        } catch (dev.ragsuite.common.problem.ProblemException e) {
            throw OpenAiException.invalid("The last user message: " + lowerFirst(e.detail()), "messages[" + last + "].content");
        }
        if (!Searchable.Validator.hasContent(question)) {
            throw OpenAiException.invalid("The last user message must contain a letter or digit to search for.",
                    "messages[" + last + "].content");
        }
        List<Turn> turns = new ArrayList<>();
        for (int i = 0; i < last; i++) {
            String role = roles.get(i);
            if ((role.equals("user") || role.equals("assistant")) && !texts.get(i).isBlank()) {
                turns.add(new Turn(role.equals("user") ? MessageRole.USER : MessageRole.ASSISTANT, texts.get(i)));
            }
        }
        return new Conversation(question, turns, characters);
    }

    /** A message's text: the string, or its text parts joined by newlines; null (an assistant's tool call) is empty. */
    private static String text(JsonNode content, int i) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (!content.isArray()) {
            throw OpenAiException.invalid("messages[" + i + "].content must be a string or an array of text parts.",
                    "messages[" + i + "].content");
        }
        List<String> parts = new ArrayList<>();
        for (JsonNode part : content) {
            if (!part.isObject() || !"text".equals(part.path("type").asText()) || !part.path("text").isTextual()) {
                throw OpenAiException.invalid("messages[" + i + "].content: only parts of type 'text' with a 'text' "
                        + "string are supported.", "messages[" + i + "].content");
            }
            parts.add(part.get("text").asText());
        }
        return String.join("\n", parts);
    }

    private static String lowerFirst(String text) {
        return text.isEmpty() ? text : Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }
}
