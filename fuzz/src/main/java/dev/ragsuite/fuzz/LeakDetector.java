package dev.ragsuite.fuzz;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds internals in an answer: exception class names, stack frames, SQL and database errors, file
 * system paths of the servers. A match that the request itself carried (an echoed input) is not a leak.
 */
public final class LeakDetector {

    private record Rule(String name, Pattern pattern) {
    }

    private static final List<Rule> RULES = List.of(
            new Rule("exception class", Pattern.compile(
                    "\\b(?:java|javax|jakarta|io\\.vertx|io\\.quarkus|io\\.netty|io\\.smallrye|org\\.hibernate|org\\.postgresql"
                            + "|org\\.jboss|com\\.fasterxml|org\\.apache|dev\\.ragsuite|io\\.grpc|io\\.qdrant|ai\\.djl)\\.[\\w.$]+")),
            new Rule("exception name", Pattern.compile("\\b[A-Z][A-Za-z0-9]*(?:Exception|Error)\\b(?!\\s+id)")),
            new Rule("stack frame", Pattern.compile("\\bat [\\w.$]+\\([\\w$]+\\.java:\\d+\\)|\\.java:\\d+\\)|Caused by:")),
            new Rule("SQL", Pattern.compile("\\b(?:SELECT\\s.+\\sFROM|INSERT\\s+INTO|UPDATE\\s+\\w+\\s+SET|DELETE\\s+FROM)\\b"
                    + "|SQLSTATE|syntax error at or near|duplicate key value violates|violates (?:foreign key|not-null|check) constraint"
                    + "|relation \"[\\w.]+\" does not exist|PSQLException|HHH\\d{5}")),
            new Rule("server path", Pattern.compile("(?:/work/|/home/\\w+/|/root/|/usr/lib/jvm|quarkus-app/|\\.rag/data|/deployments/)")));

    /** The first leak in the answer that the request did not itself contain, as "rule: match". */
    public Optional<String> find(RawRequest request, RawResponse response) {
        String sent = request.allText();
        StringBuilder answer = new StringBuilder(response.body());
        response.headers().forEach((name, values) -> values.forEach(v -> answer.append('\n').append(name).append(": ").append(v)));
        for (Rule rule : RULES) {
            Matcher m = rule.pattern().matcher(answer);
            while (m.find()) {
                String match = m.group();
                if (!sent.contains(match)) {
                    return Optional.of(rule.name() + ": " + RawRequest.abbreviate(match, 160));
                }
            }
        }
        return Optional.empty();
    }
}
