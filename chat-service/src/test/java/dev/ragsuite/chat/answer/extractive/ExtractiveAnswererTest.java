package dev.ragsuite.chat.answer.extractive;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import dev.ragsuite.chat.Answer;
import dev.ragsuite.chat.AnswerMode;
import dev.ragsuite.chat.Citation;
import dev.ragsuite.chat.support.TeslaPassages;
import dev.ragsuite.vector.api.SearchHit;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ExtractiveAnswererTest {

    private static final UUID RIVERS = UUID.randomUUID();
    private static final String DANUBE = """
            The Danube is Europe's second-longest river, after the Volga in Russia. It flows through much of \
            Central and Southeastern Europe, from the Black Forest into the Black Sea. A large and historically \
            important river, it was once a frontier of the Roman Empire. Its length is about 2,850 kilometres.""";
    private static final String RHINE = """
            The Rhine begins in the Swiss canton of Graubünden in the southeastern Swiss Alps. It forms part of \
            the Swiss-Austrian, Swiss-Liechtenstein, Swiss-German and then the Franco-German border, then flows \
            through the German Rhineland and the Netherlands and eventually empties into the North Sea.""";

    private final ExtractiveAnswerer answerer = new ExtractiveAnswerer(3, 0.6, 300);

    @AfterEach
    void close() {
        answerer.close();
    }

    @Test
    void answersTheYearTeslaDiedWithACitationOfTheFirstPassage() {
        Answer answer = answerer.answer("In what year did Tesla die?", TeslaPassages.hits());

        assertThat(answer.mode(), is(AnswerMode.EXTRACTIVE));
        assertThat(answer.text(), containsString("1943"));
        assertThat(answer.text(), containsString("Tesla died on 7 January 1943. [1]"));
        assertThat(answer.citations(), not(empty()));
        Citation first = answer.citations().get(0);
        assertThat(first.n(), is(1));
        assertThat(first.documentId(), is(TeslaPassages.DOCUMENT_ID));
        assertThat(first.documentName(), is(TeslaPassages.DOCUMENT_NAME));
        assertThat(first.chunkId(), is(TeslaPassages.DOCUMENT_ID + ":0"));
        assertThat(first.snippet(), containsString("died on 7 January 1943"));
        assertThat(first.snippet().length(), lessThanOrEqualTo(300));
        assertThat(first.score(), is(0.91));
    }

    @Test
    void everyMarkerNamesACitedPassageAndEveryCitationIsMarked() {
        Answer answer = answerer.answer("Where did Tesla die, and at what age?", TeslaPassages.hits());

        assertThat(answer.text(), containsString("at the age of 86, Tesla died alone in room 3327 of the New Yorker Hotel. [2]"));
        List<Integer> cited = answer.citations().stream().map(Citation::n).toList();
        Matcher markers = Pattern.compile("\\[(\\d+)]").matcher(answer.text());
        int count = 0;
        while (markers.find()) {
            assertThat(cited, hasItem(Integer.parseInt(markers.group(1))));
            count++;
        }
        assertThat(count, lessThanOrEqualTo(3));
        for (int n : cited) {
            assertThat(answer.text(), containsString("[" + n + "]"));
        }
    }

    @Test
    void picksTheSentenceThatMatchesFromTheRightPassage() {
        List<SearchHit> hits = List.of(
                new SearchHit("r:1", RIVERS, "rivers.md", 1, RHINE, 0.7),
                new SearchHit("r:0", RIVERS, "rivers.md", 0, DANUBE, 0.6));

        Answer answer = answerer.answer("Into which sea does the Danube flow?", hits);

        assertThat(answer.text(), startsWith("It flows through much of Central and Southeastern Europe"));
        assertThat(answer.text(), containsString("into the Black Sea. [2]"));
        assertThat(answer.citations().stream().map(Citation::chunkId).toList(), hasItem("r:0"));
    }

    @Test
    void stemmingMatchesInflectedForms() {
        List<SearchHit> hits = List.of(new SearchHit("r:0", RIVERS, "rivers.md", 0, DANUBE, 0.6));

        Answer answer = answerer.answer("Which empires had the Danube as their frontier?", hits);

        assertThat(answer.text(), startsWith("A large and historically important river, it was once a frontier of the Roman Empire. [1]"));
    }

    @Test
    void withoutAnyCommonWordItQuotesTheBestPassage() {
        List<SearchHit> hits = List.of(new SearchHit("r:1", RIVERS, "rivers.md", 1, RHINE, 0.3));

        Answer answer = answerer.answer("Qu'est-ce que c'est ?", hits);

        assertThat(answer.text(), startsWith("The Rhine begins"));
        assertThat(answer.text(), endsWith("[1]"));
        assertThat(answer.citations().size(), is(1));
        assertThat(answer.citations().get(0).n(), is(1));
    }

    @Test
    void noPassagesMeansNotFoundWithoutCitations() {
        Answer answer = answerer.answer("In what year did Tesla die?", List.of());

        assertThat(answer.text(), is(Answer.NOT_FOUND));
        assertThat(answer.mode(), is(AnswerMode.EXTRACTIVE));
        assertThat(answer.citations(), empty());
    }

    @Test
    void snippetsAreCentredOnTheSentenceAndShort() {
        String longText = "Filler sentence number one about nothing in particular. ".repeat(20)
                + "The key fact is that the bridge opened in 1883. "
                + "More filler text follows here without anything useful. ".repeat(20);
        List<SearchHit> hits = List.of(new SearchHit("b:0", RIVERS, "bridges.txt", 0, longText, 0.5));

        Answer answer = answerer.answer("When did the bridge open?", hits);

        assertThat(answer.text(), is("The key fact is that the bridge opened in 1883. [1]"));
        String snippet = answer.citations().get(0).snippet();
        assertThat(snippet.length(), lessThanOrEqualTo(300));
        assertThat(snippet, containsString("the bridge opened in 1883."));
        assertThat(snippet, containsString("Filler"));
        assertThat(snippet, containsString("More filler"));
    }
}
