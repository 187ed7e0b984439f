package dev.ragsuite.chat;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.ragsuite.chat.retrieval.VectorClient;
import dev.ragsuite.chat.support.Db;
import dev.ragsuite.chat.support.SearchedAs;
import dev.ragsuite.chat.support.TeslaPassages;
import dev.ragsuite.testing.BadPaging;
import dev.ragsuite.testing.RagTestEnvironment;
import dev.ragsuite.testing.TestJwt;
import dev.ragsuite.vector.api.DocumentSource;
import dev.ragsuite.vector.api.RetrievalMode;
import dev.ragsuite.vector.api.SearchHit;
import io.quarkus.test.InjectMock;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.ProcessingException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = RagTestEnvironment.class, scope = TestResourceScope.GLOBAL)
class ChatResourceTest {

    private static final String QUESTION = "In what year did Tesla die?";

    @InjectMock
    VectorClient vector;

    private final SearchedAs searchedAs = new SearchedAs();

    private String userA;
    private String tokenA;
    private String tokenB;

    @BeforeEach
    void users() {
        userA = "user-a-" + UUID.randomUUID();
        tokenA = TestJwt.user(userA);
        tokenB = TestJwt.user("user-b-" + UUID.randomUUID());
        when(vector.search(anyString(), anyInt(), any())).thenAnswer(searchedAs.answering(TeslaPassages.hits()));
    }

    @Test
    void answersExtractivelyWithCitationsAndStoresTheConversation() {
        ValidatableResponse answer = ask(tokenA, Map.of("question", QUESTION))
                .statusCode(200)
                .contentType(ContentType.JSON)
                .body("mode", is("extractive"))
                .body("answer", containsString("1943"))
                .body("answer", containsString("[1]"))
                .body("citations[0].n", is(1))
                .body("citations[0].documentId", is(TeslaPassages.DOCUMENT_ID.toString()))
                .body("citations[0].documentName", is(TeslaPassages.DOCUMENT_NAME))
                .body("citations[0].chunkId", is(TeslaPassages.DOCUMENT_ID + ":0"))
                .body("citations[0].snippet", containsString("1943"))
                .body("citations[0].score", is(0.91f));
        String conversationId = answer.extract().path("conversationId");
        String messageId = answer.extract().path("messageId");
        String text = answer.extract().path("answer");

        // the caller's token went to vector-service, which scopes the search by it; default topK
        verify(vector).search(eq(QUESTION), eq(5), isNull());
        assertThat(searchedAs.last(), is("Bearer " + tokenA));

        given().auth().oauth2(tokenA).get("/api/conversations")
                .then().statusCode(200)
                .body("items.id", hasItem(conversationId))
                .body("items.find { it.id == '" + conversationId + "' }.title", is(QUESTION))
                .body("page", is(0))
                .body("size", is(20))
                .body("total", is(1));

        given().auth().oauth2(tokenA).get("/api/conversations/{id}/messages", conversationId)
                .then().statusCode(200)
                .body("", hasSize(2))
                .body("[0].role", is("user"))
                .body("[0].content", is(QUESTION))
                .body("[0].mode", nullValue())
                .body("[0].citations", empty())
                .body("[1].role", is("assistant"))
                .body("[1].id", is(messageId))
                .body("[1].content", is(text))
                .body("[1].mode", is("extractive"))
                .body("[1].citations[0].n", is(1))
                .body("[1].citations[0].documentId", is(TeslaPassages.DOCUMENT_ID.toString()));
    }

    @Test
    void aFollowUpAppendsToTheSameConversation() {
        String conversationId = ask(tokenA, Map.of("question", QUESTION)).statusCode(200).extract().path("conversationId");

        ask(tokenA, Map.of("question", "Where did Tesla die?", "conversationId", conversationId, "topK", 2))
                .statusCode(200)
                .body("conversationId", is(conversationId))
                .body("answer", containsString("New Yorker Hotel"));
        verify(vector).search(eq("Where did Tesla die?"), eq(2), isNull());
        assertThat(searchedAs.last(), is("Bearer " + tokenA));

        given().auth().oauth2(tokenA).get("/api/conversations/{id}/messages", conversationId)
                .then().statusCode(200)
                .body("role", equalTo(List.of("user", "assistant", "user", "assistant")))
                .body("[2].content", is("Where did Tesla die?"));
        given().auth().oauth2(tokenA).get("/api/conversations")
                .then().statusCode(200).body("total", is(1)).body("items", hasSize(1));
    }

    @Test
    void anotherUserSeesNothingOfIt() {
        ValidatableResponse answer = ask(tokenA, Map.of("question", QUESTION)).statusCode(200);
        String conversationId = answer.extract().path("conversationId");
        String messageId = answer.extract().path("messageId");

        given().auth().oauth2(tokenB).get("/api/conversations/{id}/messages", conversationId)
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(tokenB).contentType(ContentType.JSON).body(Map.of("rating", "up"))
                .post("/api/messages/{id}/feedback", messageId)
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(tokenB).delete("/api/conversations/{id}", conversationId)
                .then().statusCode(404);
        ask(tokenB, Map.of("question", "Go on", "conversationId", conversationId))
                .statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(tokenB).get("/api/conversations")
                .then().statusCode(200).body("total", is(0)).body("items", empty());

        // and A's conversation is untouched
        given().auth().oauth2(tokenA).get("/api/conversations/{id}/messages", conversationId)
                .then().statusCode(200).body("", hasSize(2));
    }

    @Test
    void feedbackOnAnAnswerIsStoredAndReplaced() {
        ValidatableResponse answer = ask(tokenA, Map.of("question", QUESTION)).statusCode(200);
        UUID messageId = UUID.fromString(answer.extract().path("messageId"));

        feedback(tokenA, messageId, Map.of("rating", "up")).statusCode(204);
        assertThat(Db.feedback(messageId), equalTo(java.util.Arrays.asList("up", null)));

        feedback(tokenA, messageId, Map.of("rating", "down", "comment", "Too short.")).statusCode(204);
        assertThat(Db.feedback(messageId), equalTo(List.of("down", "Too short.")));
        assertThat(Db.countOwned("feedback", userA), is(1L));

        feedback(tokenA, messageId, Map.of("rating", "meh")).statusCode(400).contentType("application/problem+json");
        feedback(tokenA, messageId, Map.of("rating", "up", "comment", "x".repeat(2001))).statusCode(400);
        feedback(tokenA, UUID.randomUUID(), Map.of("rating", "up")).statusCode(404);
    }

    @Test
    void feedbackOnAQuestionIsRefused() {
        String conversationId = ask(tokenA, Map.of("question", QUESTION)).statusCode(200).extract().path("conversationId");
        String questionId = given().auth().oauth2(tokenA).get("/api/conversations/{id}/messages", conversationId)
                .then().statusCode(200).extract().path("[0].id");

        feedback(tokenA, UUID.fromString(questionId), Map.of("rating", "up"))
                .statusCode(400).contentType("application/problem+json");
    }

    @Test
    void deletingAConversationRemovesItsMessagesAndFeedback() {
        ValidatableResponse answer = ask(tokenA, Map.of("question", QUESTION)).statusCode(200);
        String conversationId = answer.extract().path("conversationId");
        feedback(tokenA, UUID.fromString(answer.extract().path("messageId")), Map.of("rating", "up")).statusCode(204);

        given().auth().oauth2(tokenA).delete("/api/conversations/{id}", conversationId).then().statusCode(204);

        given().auth().oauth2(tokenA).get("/api/conversations/{id}/messages", conversationId).then().statusCode(404);
        given().auth().oauth2(tokenA).delete("/api/conversations/{id}", conversationId).then().statusCode(404);
        assertThat(Db.countOwned("messages", userA), is(0L));
        assertThat(Db.countOwned("feedback", userA), is(0L));
    }

    @Test
    void conversationsArePaged() {
        for (int i = 0; i < 3; i++) {
            ask(tokenA, Map.of("question", "Question number " + i + " about Tesla?")).statusCode(200);
        }
        given().auth().oauth2(tokenA).queryParam("page", 0).queryParam("size", 2).get("/api/conversations")
                .then().statusCode(200)
                .body("items", hasSize(2)).body("total", is(3)).body("size", is(2))
                .body("items[0].title", is("Question number 2 about Tesla?"));
        given().auth().oauth2(tokenA).queryParam("page", 1).queryParam("size", 2).get("/api/conversations")
                .then().statusCode(200)
                .body("items", hasSize(1)).body("items[0].title", is("Question number 0 about Tesla?"));
        given().auth().oauth2(tokenA).queryParam("size", 101).get("/api/conversations")
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(tokenA).queryParam("page", -1).get("/api/conversations")
                .then().statusCode(400);
    }

    @Test
    void aLongQuestionMakesAShortTitle() {
        String question = "Tesla ".repeat(30) + "?";
        String conversationId = ask(tokenA, Map.of("question", question)).statusCode(200).extract().path("conversationId");

        String title = given().auth().oauth2(tokenA).get("/api/conversations").then().statusCode(200)
                .extract().path("items.find { it.id == '" + conversationId + "' }.title");
        assertThat(title.length(), is(80));
        assertThat(question.startsWith(title), is(true));
    }

    @Test
    void nothingRetrievedIsAnAnswerNotAnError() {
        when(vector.search(anyString(), anyInt(), any())).thenAnswer(searchedAs.answering(List.of()));

        ask(tokenA, Map.of("question", QUESTION))
                .statusCode(200)
                .body("answer", is("I could not find this in your documents."))
                .body("mode", is("extractive"))
                .body("citations", empty())
                .body("conversationId", not(nullValue()));
    }

    @Test
    void theRetrievalModeGoesToVectorServiceAndCitationsCarryPageHeadingAndSource() {
        SearchHit paged = new SearchHit(TeslaPassages.DOCUMENT_ID + ":0", TeslaPassages.DOCUMENT_ID,
                TeslaPassages.DOCUMENT_NAME, 0, TeslaPassages.FIRST, 0.91, 3, "Life > Death",
                new DocumentSource("clickup", "86b1x2", "https://app.clickup.com/t/86b1x2"));
        when(vector.search(anyString(), anyInt(), any())).thenAnswer(searchedAs.answering(List.of(paged)));

        String sourced = ask(tokenA, Map.of("question", QUESTION, "retrieval", "BM25"))
                .statusCode(200)
                .body("citations[0].page", is(3))
                .body("citations[0].heading", is("Life > Death"))
                .body("citations[0].source.type", is("clickup"))
                .body("citations[0].source.externalId", is("86b1x2"))
                .body("citations[0].source.url", is("https://app.clickup.com/t/86b1x2"))
                .extract().path("conversationId");
        given().auth().oauth2(tokenA).get("/api/conversations/{id}/messages", sourced)
                .then().statusCode(200).body("[1].citations[0].source.url", is("https://app.clickup.com/t/86b1x2"));
        verify(vector).search(eq(QUESTION), eq(5), eq(RetrievalMode.BM25));
        assertThat(searchedAs.last(), is("Bearer " + tokenA));

        // without page and heading the fields are null; the stored message keeps them too
        when(vector.search(anyString(), anyInt(), any())).thenAnswer(searchedAs.answering(TeslaPassages.hits()));
        String conversationId = ask(tokenA, Map.of("question", QUESTION, "retrieval", "dense"))
                .statusCode(200)
                .body("citations[0].page", nullValue())
                .body("citations[0].heading", nullValue())
                .body("citations[0].source.type", is("upload"))
                .body("citations[0].source.url", nullValue())
                .extract().path("conversationId");
        verify(vector).search(eq(QUESTION), eq(5), eq(RetrievalMode.DENSE));
        assertThat(searchedAs.last(), is("Bearer " + tokenA));
        given().auth().oauth2(tokenA).get("/api/conversations/{id}/messages", conversationId)
                .then().statusCode(200).body("[1].citations[0].chunkId", is(TeslaPassages.DOCUMENT_ID + ":0"));
    }

    @Test
    void unknownConversationIsNotFound() {
        ask(tokenA, Map.of("question", QUESTION, "conversationId", UUID.randomUUID().toString()))
                .statusCode(404).contentType("application/problem+json");
        verify(vector, never()).search(anyString(), anyInt(), any());
    }

    @Test
    void badInputIsA400Problem() {
        ask(tokenA, Map.of("question", "")).statusCode(400).contentType("application/problem+json");
        ask(tokenA, Map.of("question", "   \n ")).statusCode(400).contentType("application/problem+json");
        ask(tokenA, Map.of("topK", 3)).statusCode(400).contentType("application/problem+json");
        ask(tokenA, Map.of("question", "x".repeat(2001))).statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("2000"));
        ask(tokenA, Map.of("question", QUESTION, "topK", 0)).statusCode(400).contentType("application/problem+json");
        ask(tokenA, Map.of("question", QUESTION, "topK", 21)).statusCode(400).contentType("application/problem+json");
        ask(tokenA, Map.of("question", QUESTION, "conversationId", "not-a-uuid")).statusCode(400);
        ask(tokenA, Map.of("question", QUESTION, "retrieval", "semantic")).statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("hybrid, bm25, dense"));
        given().auth().oauth2(tokenA).contentType(ContentType.JSON).body(Map.of("question", QUESTION, "retrieval", "nope"))
                .post("/api/chat/stream").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(tokenA).contentType(ContentType.JSON).body("{\"question\": \"Tesla?\"")
                .post("/api/chat").then().statusCode(400).contentType("application/problem+json");
        verify(vector, never()).search(anyString(), anyInt(), any());

        // 2000 characters after trimming is still fine
        ask(tokenA, Map.of("question", "  " + "Tesla ".repeat(333) + "ab  ")).statusCode(200);
    }

    @Test
    void withoutAValidTokenIt401s() {
        given().contentType(ContentType.JSON).body(Map.of("question", QUESTION)).post("/api/chat")
                .then().statusCode(401).contentType("application/problem+json");
        ask(TestJwt.forged(userA), Map.of("question", QUESTION)).statusCode(401);
        given().get("/api/conversations").then().statusCode(401);
    }

    @Test
    void retrievalFailureIsA503Problem() {
        when(vector.search(anyString(), anyInt(), any()))
                .thenReturn(Uni.createFrom().failure(new ProcessingException("Connection refused")));

        ask(tokenA, Map.of("question", QUESTION))
                .statusCode(503)
                .contentType("application/problem+json")
                .body("detail", containsString("Retrieval is unavailable"));
        given().auth().oauth2(tokenA).get("/api/conversations").then().statusCode(200).body("total", is(0));
    }

    @Test
    void notReadyWhileVectorServiceIsDown() {
        given().get("/q/health/ready")
                .then().statusCode(503)
                .body("checks.find { it.name == 'chat-dependencies' }.status", is("DOWN"))
                .body("checks.find { it.name == 'chat-dependencies' }.data.vector-service", is("down"));
        given().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void answersAreCountedByMode() {
        ask(tokenA, Map.of("question", QUESTION)).statusCode(200);

        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("rag_chat_answers_total{mode=\"extractive\""))
                .body(containsString("rag_chat_generation_seconds_count{mode=\"extractive\""))
                .body(containsString("rag_chat_retrieval_seconds_count{outcome=\"success\""));
    }

    private static ValidatableResponse ask(String token, Map<String, ?> body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post("/api/chat").then();
    }

    private static ValidatableResponse feedback(String token, UUID messageId, Map<String, ?> body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .post("/api/messages/{id}/feedback", messageId).then();
    }

    @Test
    void badPagingIsA400Problem() {
        BadPaging.assertRefused(() -> given().auth().oauth2(tokenA), "/api/conversations");
    }

    @Test
    void aQuestionWithNothingToSearchForIsA400ProblemOnBothEndpoints() {
        for (String question : NOTHING_TO_SEARCH) {
            ask(tokenA, Map.of("question", question)).statusCode(400).contentType("application/problem+json")
                    .body("errors.field", hasItem("question"));
            given().auth().oauth2(tokenA).contentType(ContentType.JSON).body(Map.of("question", question))
                    .post("/api/chat/stream").then().statusCode(400).contentType("application/problem+json")
                    .body("errors.field", hasItem("question"));
        }
        verify(vector, never()).search(anyString(), anyInt(), any());
        given().auth().oauth2(tokenA).get("/api/conversations").then().statusCode(200).body("total", is(0));

        // one digit or letter, of any script, is something to search for
        ask(tokenA, Map.of("question", "1943?")).statusCode(200);
        ask(tokenA, Map.of("question", "\u200b¿Tesla?")).statusCode(200);
    }

    /** Punctuation, symbols, control and zero-width characters only: nothing for an index or a model. */
    static final List<String> NOTHING_TO_SEARCH = List.of("?!...", "\u0000\u0007\u001b", "\u200b\u200c\u2060\ufeff",
            " ¿¡ \u200b -- ", "\u0001?");
}
