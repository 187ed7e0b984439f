package dev.ragsuite.common.logging;

import io.quarkus.logging.LoggingFilter;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import org.jboss.logmanager.ExtLogRecord;

/**
 * One log record, one line: escapes CR, LF, TAB and every other control character (and the Unicode line
 * separators) in a record's formatted message before a handler writes it, so a user-controlled value that
 * ends up in a message — a decoded request path, a header, a file name — cannot start a forged line in the
 * plain-text format. Every handler that writes lines names it ({@code quarkus.log.console.filter},
 * {@code quarkus.log.file.filter}); values are escaped, never dropped, and no record is filtered out.
 * Stack traces ({@code %e}) are printed apart from the message and keep their lines.
 */
@LoggingFilter(name = LogLineEscaping.NAME)
public final class LogLineEscaping implements Filter {

    public static final String NAME = "rag-one-line";

    @Override
    public boolean isLoggable(LogRecord record) {
        if (record instanceof ExtLogRecord ext) {
            String message = ext.getFormattedMessage();
            String escaped = escape(message);
            if (escaped != message) {
                ext.setMessage(escaped, ExtLogRecord.FormatStyle.NO_FORMAT);
                ext.setParameters(null);
            }
        } else if (record.getParameters() == null || record.getParameters().length == 0) {
            String escaped = escape(record.getMessage());
            if (escaped != record.getMessage()) {
                record.setMessage(escaped);
            }
        }
        return true;
    }

    /** The value with control characters written as {@code \r}, {@code \n}, {@code \t} or {@code \}{@code uXXXX}; the same instance when it has none. */
    public static String escape(String value) {
        if (value == null) {
            return null;
        }
        int first = firstUnsafe(value);
        if (first < 0) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length() + 16).append(value, 0, first);
        for (int i = first; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\r' -> out.append("\\r");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> {
                    if (unsafe(c)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    private static int firstUnsafe(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (unsafe(value.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static boolean unsafe(char c) {
        return Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
    }
}
