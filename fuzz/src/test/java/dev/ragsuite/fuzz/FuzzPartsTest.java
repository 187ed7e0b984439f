package dev.ragsuite.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The fuzzer's parts without a suite: the generator is a function of the seed, leaks are found, HTTP is read right. */
class FuzzPartsTest {

    private static final String DOC = """
            {"openapi":"3.1.0","paths":{
              "/api/chat":{"post":{"requestBody":{"content":{"application/json":{"schema":{"$ref":"#/components/schemas/ChatRequest"}}}},
                "security":[{"bearer":[]}],"responses":{}}},
              "/api/documents":{"get":{"parameters":[{"name":"page","in":"query","schema":{"type":"integer","minimum":0}},
                {"name":"size","in":"query","schema":{"type":"integer","minimum":1,"maximum":100}}],"responses":{}},
                "post":{"requestBody":{"content":{"multipart/form-data":{"schema":{"type":"object"}}}},"responses":{}}},
              "/api/documents/{id}":{"delete":{"parameters":[{"name":"id","in":"path","required":true,"schema":{"type":"string","format":"uuid"}}],
                "responses":{}}}},
             "components":{"schemas":{"ChatRequest":{"type":"object","required":["question"],"properties":{
               "question":{"type":"string","maxLength":2000},"topK":{"type":"integer","minimum":1,"maximum":20},
               "conversationId":{"type":"string","format":"uuid"}}}}}}
            """;

    private static Identities identities() {
        Identities ids = new Identities(java.net.URI.create("http://127.0.0.1:1"), "t");
        ids.userToken = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIiwiZXhwIjoyMDAwMDAwMDAwfQ.c2ln";
        ids.expendableToken = ids.userToken;
        ids.revokedToken = ids.userToken;
        ids.apiKey = "rk_test";
        ids.userId = "a";
        ids.ownIds.add("11111111-1111-1111-1111-111111111111");
        ids.foreignIds.add("22222222-2222-2222-2222-222222222222");
        return ids;
    }

    private static RequestGenerator generator(long seed) throws IOException {
        JsonNode doc = new ObjectMapper().readTree(DOC);
        return new RequestGenerator(seed, new ApiModel(doc), identities());
    }

    @Test
    void requestNIsTheSameForTheSameSeedAndDiffersForAnother() throws IOException {
        RequestGenerator a = generator(42);
        RequestGenerator b = generator(42);
        RequestGenerator c = generator(43);
        int differ = 0;
        for (int i = 0; i < 200; i++) {
            assertEquals(a.next(i).request().describe(), b.next(i).request().describe(), "request " + i);
            if (!a.next(i).request().describe().equals(c.next(i).request().describe())) {
                differ++;
            }
        }
        assertTrue(differ > 150, "another seed makes other requests: " + differ);
    }

    @Test
    void everyAttackCallerAndOperationComesUpInAThousandRequests() throws IOException {
        RequestGenerator g = generator(7);
        Set<RequestGenerator.Attack> attacks = EnumSet.noneOf(RequestGenerator.Attack.class);
        Set<RequestGenerator.Caller> callers = EnumSet.noneOf(RequestGenerator.Caller.class);
        Set<String> operations = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            RequestGenerator.Generated r = g.next(i);
            attacks.add(r.attack());
            callers.add(r.caller());
            operations.add(r.operation().id());
        }
        assertEquals(EnumSet.allOf(RequestGenerator.Attack.class), attacks);
        assertEquals(EnumSet.allOf(RequestGenerator.Caller.class), callers);
        assertEquals(Set.of("POST /api/chat", "GET /api/documents", "POST /api/documents", "DELETE /api/documents/{id}"), operations);
    }

    @Test
    void foreignIdsAndTamperedTokensAreWhatTheySayTheyAre() throws IOException {
        RequestGenerator g = generator(3);
        boolean foreign = false;
        for (int i = 0; i < 2000 && !foreign; i++) {
            RequestGenerator.Generated r = g.next(i);
            if (r.attack() == RequestGenerator.Attack.FOREIGN_IDS && r.operation().path().contains("{id}")) {
                assertTrue(r.request().target().contains("22222222-2222-2222-2222-222222222222"), r.request().describe());
                foreign = true;
            }
        }
        assertTrue(foreign);
        String tampered = RequestGenerator.tampered(identities().userToken);
        assertNotEquals(identities().userToken, tampered);
        assertTrue(tampered.endsWith(".c2ln"), "the original signature is kept");
        assertTrue(RequestGenerator.algNone(identities().userToken).endsWith("."), "alg none has no signature");
    }

    @Test
    void rawNumberLiteralsGoIntoTheBodyAsTheyAre() {
        byte[] body = RequestGenerator.json(Values.F.objectNode().set("topK", Values.F.textNode(Values.RAW + "9223372036854775808@@")));
        assertEquals("{\"topK\":9223372036854775808}", new String(body, StandardCharsets.UTF_8));
    }

    @Test
    void leaksAreFoundButEchoesOfTheRequestAreNot() {
        LeakDetector detector = new LeakDetector();
        RawRequest request = RawRequest.of("t", "POST", "/api/chat")
                .withBody("application/json", "{\"question\":\"java.lang.NullPointerException\"}".getBytes(StandardCharsets.UTF_8));
        RawResponse echo = new RawResponse(400, Map.of(), "{\"detail\":\"java.lang.NullPointerException is not a question\"}", false, null);
        assertTrue(detector.find(request, echo).isEmpty());
        RawResponse trace = new RawResponse(500, Map.of(), "boom\n\tat dev.ragsuite.chat.Foo.bar(Foo.java:12)", false, null);
        assertTrue(detector.find(request, trace).isPresent());
        RawResponse sql = new RawResponse(500, Map.of(), "ERROR: duplicate key value violates unique constraint", false, null);
        assertEquals("SQL", detector.find(request, sql).orElseThrow().split(":")[0]);
        RawResponse hibernate = new RawResponse(500, Map.of(), "{\"title\":\"HibernateException\"}", false, null);
        assertTrue(detector.find(request, hibernate).isPresent());
        RawResponse clean = new RawResponse(400, Map.of(), "{\"title\":\"Bad Request\",\"status\":400,\"detail\":\"page must be ≥ 0\"}",
                false, null);
        assertTrue(detector.find(request, clean).isEmpty());
    }

    @Test
    void rawHttpReadsChunkedAndSizedBodiesAndCutsShortWhatItWasToldTo() throws Exception {
        try (ServerSocket server = new ServerSocket(0)) {
            Thread t = new Thread(() -> serve(server, List.of(
                    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n",
                    "HTTP/1.1 400 Bad Request\r\nContent-Length: 4\r\nContent-Type: application/problem+json\r\n\r\n{}xx",
                    "")));
            t.start();
            RawHttp http = new RawHttp("127.0.0.1", server.getLocalPort(), 5_000, 2_000);
            RawResponse chunked = http.send(RawRequest.of("a", "GET", "/x"));
            assertEquals(200, chunked.status());
            assertEquals("hello world", chunked.body());
            RawResponse sized = http.send(RawRequest.of("b", "POST", "/y").withBody("application/json", "{\"a\":1}".getBytes(StandardCharsets.UTF_8))
                    .cutAfter(3));
            assertEquals(400, sized.status());
            assertEquals("{}xx", sized.body());
            assertEquals("application/problem+json", sized.header("Content-Type"));
            RawResponse none = http.send(RawRequest.of("c", "GET", "/z"));
            assertEquals(0, none.status());
            assertEquals("no answer", none.statusClass());
            t.join(5_000);
        }
    }

    private static void serve(ServerSocket server, List<String> answers) {
        for (String answer : answers) {
            try (Socket s = server.accept()) {
                InputStream in = s.getInputStream();
                byte[] buffer = new byte[4096];
                int n = in.read(buffer); // the head (and what body came with it)
                if (n > 0 && !answer.isEmpty()) {
                    OutputStream out = s.getOutputStream();
                    out.write(answer.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
