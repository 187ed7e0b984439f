package dev.ragsuite.chat.support;

import dev.ragsuite.vector.api.SearchHit;
import java.util.List;
import java.util.UUID;

/** Real-looking passages about Nikola Tesla, as vector-service would return them for one document. */
public final class TeslaPassages {

    public static final UUID DOCUMENT_ID = UUID.fromString("7f0c2a4e-3b1d-4c55-9e1a-0d2f7c9b1a11");
    public static final String DOCUMENT_NAME = "tesla.txt";

    public static final String FIRST = """
            Nikola Tesla was a Serbian-American inventor, electrical engineer, mechanical engineer and futurist. \
            He is best known for his contributions to the design of the modern alternating current (AC) electricity \
            supply system. Tesla died on 7 January 1943.""";

    public static final String SECOND = """
            In his final years Tesla lived in suite 3327 of the New Yorker Hotel and fed pigeons in the parks nearby. \
            On 7 January 1943, at the age of 86, Tesla died alone in room 3327 of the New Yorker Hotel. \
            His body was found by a maid who had ignored the "do not disturb" sign on his door.""";

    private TeslaPassages() {
    }

    public static List<SearchHit> hits() {
        return List.of(
                new SearchHit(DOCUMENT_ID + ":0", DOCUMENT_ID, DOCUMENT_NAME, 0, FIRST, 0.91),
                new SearchHit(DOCUMENT_ID + ":4", DOCUMENT_ID, DOCUMENT_NAME, 4, SECOND, 0.84));
    }
}
