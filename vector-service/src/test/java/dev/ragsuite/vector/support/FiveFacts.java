package dev.ragsuite.vector.support;

import java.util.List;

/** Five unrelated one-sentence facts, one of them answering "In what year did Tesla die?", for search tests with a real model. */
public final class FiveFacts {

    public static final List<String> SENTENCES = List.of(
            "Nikola Tesla was a Serbian-American inventor best known for the alternating current system.",
            "Tesla died of coronary thrombosis in room 3327 of the New Yorker Hotel on 7 January 1943.",
            "The Amazon rainforest covers much of the Amazon basin of South America.",
            "Photosynthesis converts light energy into chemical energy stored in glucose.",
            "The Treaty of Westphalia ended the Thirty Years' War in 1648.");

    private FiveFacts() {
    }
}
