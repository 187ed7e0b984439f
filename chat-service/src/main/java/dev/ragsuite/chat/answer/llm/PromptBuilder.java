package dev.ragsuite.chat.answer.llm;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.ragsuite.chat.MessageRole;
import dev.ragsuite.chat.Turn;
import dev.ragsuite.chat.answer.extractive.TextAnalysis;
import dev.ragsuite.vector.api.SearchHit;
import java.util.List;

/** The grounded prompt: the retrieved passages numbered [1]..[k], and the rules for answering from them. */
final class PromptBuilder {

    static final String SYSTEM = """
            You answer questions using only the numbered passages you are given from the user's own documents.
            Rules:
            - Use only facts stated in the passages. Do not use outside knowledge.
            - After every sentence that uses a passage, cite it with its number in square brackets, e.g. [1] or [2][3].
            - Only cite numbers of passages you were given.
            - If the passages do not contain the answer, reply exactly: I could not find this in your documents.
            - Answer concisely, in the language of the question.""";

    static final String CONDENSE = """
            You rewrite a user's follow-up question so that it can be understood without the conversation before it.
            Rules:
            - Replace words such as "it", "he", "they", "that" with what they refer to in the conversation.
            - Keep the user's meaning and language; do not answer the question.
            - Reply with the rewritten question only, on one line.""";

    private PromptBuilder() {
    }

    /** The prompt asking the model to turn a follow-up into a standalone question, given the earlier turns (oldest first). */
    static List<ChatMessage> condense(String question, List<Turn> history, int maxMessageChars) {
        StringBuilder user = new StringBuilder("Conversation:\n");
        for (Turn turn : history) {
            String text = TextAnalysis.normalizeSpace(turn.text());
            if (text.length() > maxMessageChars) {
                text = text.substring(0, maxMessageChars) + "…";
            }
            user.append(turn.role() == MessageRole.USER ? "User: " : "Assistant: ").append(text).append('\n');
        }
        user.append("\nFollow-up question: ").append(question);
        return List.of(SystemMessage.from(CONDENSE), UserMessage.from(user.toString()));
    }

    static List<ChatMessage> build(String question, List<SearchHit> hits, int maxPassageChars) {
        StringBuilder user = new StringBuilder("Passages:\n");
        for (int i = 0; i < hits.size(); i++) {
            SearchHit hit = hits.get(i);
            String text = TextAnalysis.normalizeSpace(hit.text() == null ? "" : hit.text());
            if (text.length() > maxPassageChars) {
                text = text.substring(0, maxPassageChars) + "…";
            }
            user.append('[').append(i + 1).append("] (from \"").append(hit.documentName()).append("\") ")
                    .append(text).append("\n\n");
        }
        user.append("Question: ").append(question);
        return List.of(SystemMessage.from(SYSTEM), UserMessage.from(user.toString()));
    }
}
