package dev.ragsuite.chat.rest.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ragsuite.chat.Answer;
import dev.ragsuite.chat.answer.ChatService;
import dev.ragsuite.chat.rest.openai.ChatCompletion.Choice;
import dev.ragsuite.chat.rest.openai.ChatCompletion.Model;
import dev.ragsuite.chat.rest.openai.ChatCompletion.ModelList;
import dev.ragsuite.chat.rest.openai.ChatCompletion.Rag;
import dev.ragsuite.chat.rest.openai.ChatCompletion.Usage;
import dev.ragsuite.common.security.ApiKeyScope;
import dev.ragsuite.common.security.RequiresScope;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Multi;
import io.vertx.core.buffer.Buffer;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestMulti;

/**
 * The OpenAI-compatible API, for clients that already speak it (OpenAI SDKs, Open WebUI, …): one model,
 * {@value #MODEL}, whose chat completions are the retrieval-augmented answers of {@code /api/chat} over the
 * caller's own documents. Same authentication, scope ({@code chat}) and question limits as {@code /api/chat};
 * the history comes from {@code messages} and nothing is stored (clients resend it each time). Errors have
 * OpenAI's shape ({@link OpenAiErrorMapping}).
 */
@Path("/v1")
@Authenticated
@RequiresScope(ApiKeyScope.CHAT)
public class OpenAiResource {

    /** The one model this API answers with. */
    public static final String MODEL = "rag-suite";
    private static final String OWNER = "rag-suite";
    private static final String EVENT_STREAM = MediaType.SERVER_SENT_EVENTS + ";charset=UTF-8";
    private static final String JSON = MediaType.APPLICATION_JSON + ";charset=UTF-8";

    private final ChatService chat;
    private final JsonWebToken jwt;
    private final ObjectMapper json;
    /** The models' {@code created}: when this instance started. */
    private final long started = Instant.now().getEpochSecond();

    public OpenAiResource(ChatService chat, JsonWebToken jwt, ObjectMapper json) {
        this.chat = chat;
        this.jwt = jwt;
        this.json = json;
    }

    @GET
    @Path("/models")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The models this API answers with (OpenAI's list models)")
    public ModelList models() {
        return new ModelList("list", List.of(model()));
    }

    @GET
    @Path("/models/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "One model (OpenAI's retrieve model); 404 model_not_found for any other id")
    public Model model(@PathParam("id") String id) {
        if (!MODEL.equals(id)) {
            throw OpenAiException.modelNotFound(id);
        }
        return model();
    }

    /**
     * A chat completion: the answer to the last user message, with the user and assistant messages before it
     * as the conversation a follow-up is read in. Whole ({@code application/json}) or, with {@code "stream":
     * true}, as OpenAI's server-sent events ({@link CompletionStream}). Not stored.
     */
    @POST
    @Path("/chat/completions")
    @Consumes(MediaType.APPLICATION_JSON)
    // a Multi takes one media type in RESTEasy Reactive: OpenAI's clients accept application/json also when they
    // stream; the RestMulti sets the response's actual type per request (JSON or text/event-stream), and its
    // items are bytes, written as they are (a String would be JSON-encoded again)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A retrieval-augmented answer as an OpenAI chat completion (streamed with stream: true)")
    @APIResponse(responseCode = "200", description = "The completion, or its chunks as server-sent events", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ChatCompletion.class)),
            @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(implementation = ChatCompletion.Chunk.class)) })
    public Multi<Buffer> completions(@NotNull ChatCompletionRequest request) {
        ChatCompletionRequest.Conversation conversation = request.conversation();
        ChatService.Question question = ChatService.Question.withTurns(jwt.getSubject(), conversation.question(),
                conversation.turns());
        String id = "chatcmpl-" + UUID.randomUUID();
        long created = Instant.now().getEpochSecond();
        if (request.streamed()) {
            CompletionStream stream = new CompletionStream(json, id, created, conversation.characters(), request.usageChunk());
            // RESTEasy Reactive ends every item of a streamed Multi with a line break: one more makes the blank
            // line that ends each server-sent event
            return RestMulti.fromMultiData(stream.events(chat.stream(question)).map(line -> Buffer.buffer(line + "\n")))
                    .header(HttpHeaders.CONTENT_TYPE, EVENT_STREAM)
                    .header(HttpHeaders.CACHE_CONTROL, "no-cache")
                    .encodeAsJsonArray(false)
                    .build();
        }
        Multi<Buffer> whole = chat.ask(question)
                .map(reply -> Buffer.buffer(completion(id, created, conversation.characters(), reply.answer())))
                .toMulti();
        return RestMulti.fromMultiData(whole).header(HttpHeaders.CONTENT_TYPE, JSON).encodeAsJsonArray(false).build();
    }

    private Model model() {
        return new Model(MODEL, "model", started, OWNER);
    }

    private String completion(String id, long created, int promptCharacters, Answer answer) {
        ChatCompletion completion = new ChatCompletion(id, ChatCompletion.OBJECT, created, MODEL,
                List.of(new Choice(0, new ChatCompletion.Message("assistant", answer.text()), ChatCompletion.STOP)),
                Usage.estimate(promptCharacters, answer.text().length()), answer.citations(), new Rag(answer.mode(), answer.model()));
        try {
            return json.writeValueAsString(completion);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a completion could not be written as JSON", e);
        }
    }
}
