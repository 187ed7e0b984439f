package dev.ragsuite.common.problem;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;

/**
 * Every JSON text value is read with its NUL characters (U+0000) replaced by U+FFFD, the Unicode
 * replacement character. PostgreSQL cannot store NUL in a text column, so a NUL that reached a query
 * failed there as a 500 (the fuzzer found a login with {@code "email":"a\u0000b"}). Replacing rather
 * than refusing keeps every other path working — a response of another service that quotes a
 * document's text with a NUL in it is still read — and the same password reads the same way at
 * registration and at login.
 */
@Singleton
public class NoNulInJsonText implements ObjectMapperCustomizer {

    static final char REPLACEMENT = '\uFFFD';

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(new SimpleModule("rag-no-nul-in-text").addDeserializer(String.class, new Deserializer()));
    }

    /** Jackson's own string reading, then the replacement. */
    static final class Deserializer extends StdScalarDeserializer<String> {

        Deserializer() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String value = StringDeserializer.instance.deserialize(parser, context);
            return value == null || value.indexOf('\u0000') < 0 ? value : value.replace('\u0000', REPLACEMENT);
        }
    }
}
