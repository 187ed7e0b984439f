package dev.ragsuite.ingest.documents;

/**
 * Turns the file name a client sent into a display name. It is only ever shown and stored in a
 * column, never used in a path (stored bytes are named by the document id), but it is still
 * reduced to a plain base name so nothing path-like or invisible reaches users or logs.
 */
public final class UploadNames {

    public static final int MAX_LENGTH = 255;
    public static final String FALLBACK = "upload";

    private UploadNames() {
    }

    /** {@code ../../etc/passwd} → {@code passwd}; {@code C:\x\report.pdf} → {@code report.pdf}. */
    public static String safeBaseName(String clientName) {
        if (clientName == null) {
            return FALLBACK;
        }
        StringBuilder clean = new StringBuilder(clientName.length());
        clientName.codePoints()
                .filter(cp -> !Character.isISOControl(cp) && Character.getType(cp) != Character.FORMAT)
                .forEach(clean::appendCodePoint);
        String name = clean.toString().replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1).strip();
        if (name.isEmpty() || name.chars().allMatch(c -> c == '.')) {
            return FALLBACK;
        }
        if (name.length() > MAX_LENGTH) {
            int end = MAX_LENGTH;
            if (Character.isHighSurrogate(name.charAt(end - 1))) {
                end--; // do not cut a character in half
            }
            name = name.substring(0, end).strip();
        }
        return name.isEmpty() ? FALLBACK : name;
    }
}
