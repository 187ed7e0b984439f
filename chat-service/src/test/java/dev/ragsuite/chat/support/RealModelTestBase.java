package dev.ragsuite.chat.support;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.both;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.startsWith;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.when;

import dev.ragsuite.chat.retrieval.VectorClient;
import dev.ragsuite.testing.TestJwt;
import io.quarkus.test.InjectMock;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The model path against a real provider (the subclass's profile configures it from the environment; the
 * subclass is skipped, saying so, when that is not set): the Tesla passages in, an answer with 1943, valid
 * citations and the provider's name in {@code model} out.
 */
public abstract class RealModelTestBase {

    @InjectMock
    VectorClient vector;

    /** What {@code model} starts with, e.g. {@code gemini:}. */
    protected abstract String modelPrefix();

    @Test
    void aRealModelAnswersFromThePassagesWithValidCitations() {
        when(vector.search(anyString(), anyInt(), any())).thenReturn(Uni.createFrom().item(TeslaPassages.hits()));

        JsonPath answer = given().auth().oauth2(TestJwt.user("real-model-" + UUID.randomUUID()))
                .contentType(ContentType.JSON).body(Map.of("question", "In what year did Tesla die?"))
                .post("/api/chat")
                .then().statusCode(200).extract().jsonPath();

        assertThat("the model answered (not the fallback); is the model there and the key valid?", answer.getString("mode"),
                is("llm"));
        assertThat(answer.getString("model"), startsWith(modelPrefix()));
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
