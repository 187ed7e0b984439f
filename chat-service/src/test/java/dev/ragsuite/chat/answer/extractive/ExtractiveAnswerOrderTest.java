package dev.ragsuite.chat.answer.extractive;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.sameInstance;
import static org.hamcrest.Matchers.startsWith;

import dev.ragsuite.chat.Answer;
import dev.ragsuite.vector.api.SearchHit;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The order of an extractive answer: its first sentence is the one that answers (what {@code answerHit@1}
 * of {@code ./rag eval} measures). The passages are paragraphs of the Wikipedia article "Nikola Tesla"
 * (CC BY-SA), in the order retrieval returned them for the question.
 */
class ExtractiveAnswerOrderTest {

    private static final UUID TESLA = UUID.fromString("0b7d1a52-9c1e-4f0a-8c43-7d7e51c2f001");

    /** Ranked first: the father's death in 1879, with "Tesla", "died" and a year in one sentence. */
    private static final String FATHER = """
            On 24 March 1879, Tesla was returned to Gospić under police guard for not having a residence permit. \
            On 17 April 1879, Milutin Tesla died at the age of 60 after contracting an unspecified illness (although \
            some sources say that he died of a stroke). During that year, Tesla taught a large class of students in \
            his old school, Higher Real Gymnasium, in Gospić.""";

    private static final String SUMMARY = """
            Tesla was renowned for his achievements and showmanship, eventually earning him a reputation in popular \
            culture as an archetypal "mad scientist". His patents earned him a considerable amount of money, much of \
            which was used to finance his own projects with varying degrees of success. He lived most of his life in \
            a series of New York hotels, through his retirement. Tesla died on 7 January 1943. His work fell into \
            relative obscurity after his death, but in 1960 the General Conference on Weights and Measures named the \
            SI unit of magnetic flux density the tesla in his honor.""";

    private static final String STUDIES = """
            In 1875, Tesla enrolled at Austrian Polytechnic in Graz, Austria, on a Military Frontier scholarship. \
            During his first year, Tesla never missed a lecture, earned the highest grades possible, passed nine exams \
            (nearly twice as many required), started a Serbian culture club, and even received a letter of \
            commendation from the dean of the technical faculty to his father.""";

    private final ExtractiveAnswerer answerer = new ExtractiveAnswerer(3, 0.6, 300);

    @AfterEach
    void close() {
        answerer.close();
    }

    private static List<SearchHit> hits(String... texts) {
        List<SearchHit> hits = new java.util.ArrayList<>();
        for (int i = 0; i < texts.length; i++) {
            hits.add(new SearchHit(TESLA + ":" + i, TESLA, "Nikola_Tesla.md", i, texts[i], 0.9 - 0.1 * i));
        }
        return hits;
    }

    @Test
    void theYearTeslaDiedComesFirstAlthoughHisFathersDeathIsInTheTopPassage() {
        Answer answer = answerer.answer("In what year did Tesla die?", hits(FATHER, SUMMARY, STUDIES));

        assertThat(answer.text(), startsWith("Tesla died on 7 January 1943. [2]"));
    }

    @Test
    void aSentenceThatOnlyRestatesTheQuestionDoesNotComeFirst() {
        // the restating sentence is in the better-ranked passage, and as close to the question's words
        Answer answer = answerer.answer("Why did Tesla study engineering?",
                hits("Tesla studied engineering.", "Tesla studied engineering because his father wished it."));

        assertThat(answer.text(), startsWith("Tesla studied engineering because his father wished it. [2]"));
    }

    @Test
    void rareQuestionTermsWeighMoreThanTheArticlesSubject() {
        // "Tesla" is in every sentence; "scholarship" only in the one that answers
        Answer answer = answerer.answer("What scholarship did Tesla get at the Polytechnic?", hits(SUMMARY, STUDIES));

        assertThat(answer.text(), startsWith("In 1875, Tesla enrolled at Austrian Polytechnic in Graz, Austria, on a Military Frontier scholarship. [2]"));
    }

    @Test
    void theInterrogativeNamesTheKindOfAnswer() {
        assertThat(ExtractiveAnswerer.expectedAnswer("In what year did Tesla die?").matcher("in 1943").find(), is(true));
        assertThat(ExtractiveAnswerer.expectedAnswer("When did Tesla die?").matcher("on 7 January").find(), is(true));
        assertThat(ExtractiveAnswerer.expectedAnswer("How many exams did Tesla pass?").matcher("nine exams").find(), is(true));
        assertThat(ExtractiveAnswerer.expectedAnswer("Who financed the company?").matcher("by Robert Lane").find(), is(true));
        assertThat(ExtractiveAnswerer.expectedAnswer("Who financed the company?").matcher("Robert financed it").find(), is(false));
        assertThat(ExtractiveAnswerer.expectedAnswer("Where did Tesla study?").matcher("studied in Graz").find(), is(true));
        assertThat(ExtractiveAnswerer.expectedAnswer("Why did Tesla leave Graz?"), nullValue());
        assertThat(ExtractiveAnswerer.expectedAnswer("When did he leave?"), sameInstance(ExtractiveAnswerer.expectedAnswer("What year did he leave?")));
        assertThat(ExtractiveAnswerer.expectedAnswer("How many?"), not(sameInstance(ExtractiveAnswerer.expectedAnswer("When?"))));
    }

    @Test
    void proximityIsOneForAdjacentTermsAndFallsWithTheirDistance() {
        Set<String> question = Set.of("tesla", "die");
        assertThat(ExtractiveAnswerer.proximity(question, List.of("tesla", "die", "january"), 2), closeTo(1.0, 1e-9));
        assertThat(ExtractiveAnswerer.proximity(question, List.of("tesla", "lived", "long", "die"), 2), closeTo(0.5, 1e-9));
        assertThat(ExtractiveAnswerer.proximity(question, List.of("die", "x", "x", "x", "tesla", "die"), 2), closeTo(1.0, 1e-9));
        assertThat(ExtractiveAnswerer.proximity(question, List.of("tesla", "x"), 1), closeTo(0.0, 1e-9));
    }

    @Test
    void theAnswerStillHoldsTheOtherGoodSentences() {
        Answer answer = answerer.answer("In what year did Tesla die?", hits(FATHER, SUMMARY, STUDIES));

        assertThat(answer.text(), containsString("Milutin Tesla died"));
    }
}
