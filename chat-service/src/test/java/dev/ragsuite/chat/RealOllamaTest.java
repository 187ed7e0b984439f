package dev.ragsuite.chat;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.both;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.when;

import dev.ragsuite.chat.retrieval.VectorClient;
import dev.ragsuite.chat.support.RealOllamaProfile;
import dev.ragsuite.chat.support.TeslaPassages;
import dev.ragsuite.testing.RagTestEnvironment;
import dev.ragsuite.testing.RequiresEnv;
import dev.ragsuite.testing.TestJwt;
import io.quarkus.test.InjectMock;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The model path against a real Ollama; runs only when OLLAMA_BASE_URL is set, and says so when skipped. */
@RequiresEnv(value = "OLLAMA_BASE_URL", needs = "Ollama server with the chat model pulled (e.g. http://127.0.0.1:11434)")
@QuarkusTest
@TestProfile(RealOllamaProfile.class)
@WithTestResource(value = RagTestEnvironment.class, scope = TestResourceScope.GLOBAL)
class RealOllamaTest {

    @InjectMock
    VectorClient vector;

    @Test
    void aRealModelAnswersFromThePassagesWithValidCitations() {
        when(vector.search(anyString(), anyInt(), any())).thenReturn(Uni.createFrom().item(TeslaPassages.hits()));

        JsonPath answer = given().auth().oauth2(TestJwt.user("ollama-" + UUID.randomUUID()))
                .contentType(ContentType.JSON).body(Map.of("question", "In what year did Tesla die?"))
                .post("/api/chat")
                .then().statusCode(200).extract().jsonPath();

        assertThat("the model answered (not the fallback); is the model pulled?", answer.getString("mode"), is("llm"));
        assertThat(answer.getString("answer"), containsString("1943"));
        Matcher markers = Pattern.compile("\\[(\\d+)]").matcher(answer.getString("answer"));
        while (markers.find()) {
            assertThat(Integer.parseInt(markers.group(1)), both(greaterThanOrEqualTo(1)).and(lessThanOrEqualTo(2)));
        }
        List<Integer> cited = answer.getList("citations.n", Integer.class);
        for (int n : cited) {
            assertThat(answer.getString("answer"), containsString("[" + n + "]"));
        }
    }
}
