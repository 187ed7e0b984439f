package dev.ragsuite.ingest.extract;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What ingest-service and its parser process ({@link ParseServer}) say to each other over the child's
 * stdin/stdout: plain data, never Java serialisation (the child reads hostile files, so what it sends
 * back is read as untrusted data, with every length bounded).
 *
 * <pre>
 * child  → parent: READY                                       (once, when the parser is built)
 * parent → child : PARSE path contentType maxChars maxPages
 * child  → parent: OK pages truncated n {text heading headingPath page startChar}×n
 *                | FAILED message                              (the document's fault: an ExtractionException)
 *                | ERROR message                               (anything else)
 * </pre>
 */
final class ParseProtocol {

    static final byte READY = 'R';
    static final byte PARSE = 'P';
    static final byte OK = 'K';
    static final byte FAILED = 'F';
    static final byte ERROR = 'E';

    /** Longest message of FAILED/ERROR, in UTF-8 bytes. */
    private static final int MAX_MESSAGE_BYTES = 4096;

    private ParseProtocol() {
    }

    static void writeRequest(DataOutputStream out, String path, String contentType, int maxChars, int maxPages)
            throws IOException {
        out.writeByte(PARSE);
        writeString(out, path);
        writeString(out, contentType);
        out.writeInt(maxChars);
        out.writeInt(maxPages);
        out.flush();
    }

    record Request(String path, String contentType, int maxChars, int maxPages) {
    }

    /** The next request, or null at the end of the input (the parent closed the pipe or is gone). */
    static Request readRequest(DataInputStream in) throws IOException {
        int type = in.read();
        if (type == -1) {
            return null;
        }
        if (type != PARSE) {
            throw new IOException("unexpected request " + type);
        }
        return new Request(readString(in, 64 * 1024), readString(in, 1024), in.readInt(), in.readInt());
    }

    static void writeResult(DataOutputStream out, ExtractedText text) throws IOException {
        out.writeByte(OK);
        out.writeInt(text.pages());
        out.writeBoolean(text.truncated());
        out.writeInt(text.blocks().size());
        for (ExtractedText.Block block : text.blocks()) {
            writeString(out, block.text());
            out.writeBoolean(block.heading());
            writeNullable(out, block.headingPath());
            out.writeInt(block.page() == null ? -1 : block.page());
            out.writeInt(block.startChar());
        }
        out.flush();
    }

    static void writeMessage(DataOutputStream out, byte type, String message) throws IOException {
        out.writeByte(type);
        byte[] bytes = (message == null ? "" : message).getBytes(StandardCharsets.UTF_8);
        int length = Math.min(bytes.length, MAX_MESSAGE_BYTES);
        out.writeInt(length);
        out.write(bytes, 0, length);
        out.flush();
    }

    /**
     * Reads the text of one OK answer (its type byte already read). {@code maxChars} bounds the whole
     * text (blocks are cut at it by the child); a child that sends more is broken or subverted.
     */
    static ExtractedText readResult(DataInputStream in, int maxChars) throws IOException {
        long budget = 4L * maxChars + 1024 * 1024; // UTF-8 bytes of the text, headings included
        int pages = in.readInt();
        boolean truncated = in.readBoolean();
        int count = in.readInt();
        if (count < 0 || count > maxChars) {
            throw new IOException("the parser process sent " + count + " blocks");
        }
        List<ExtractedText.Block> blocks = new ArrayList<>(Math.min(count, 1024));
        for (int i = 0; i < count; i++) {
            String text = readString(in, budget);
            budget -= text.length();
            boolean heading = in.readBoolean();
            String headingPath = in.readBoolean() ? readString(in, budget) : null;
            if (headingPath != null) {
                budget -= headingPath.length();
            }
            int page = in.readInt();
            int startChar = in.readInt();
            blocks.add(new ExtractedText.Block(text, heading, headingPath, page < 0 ? null : page, startChar));
        }
        return new ExtractedText(List.copyOf(blocks), pages, truncated);
    }

    /** The message of a FAILED or ERROR answer (its type byte already read). */
    static String readMessage(DataInputStream in) throws IOException {
        return readString(in, MAX_MESSAGE_BYTES);
    }

    private static void writeNullable(DataOutputStream out, String value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            writeString(out, value);
        }
    }

    private static void writeString(DataOutputStream out, String value) throws IOException {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readString(DataInputStream in, long maxBytes) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > maxBytes) {
            throw new IOException("the parser process sent a string of " + length + " bytes");
        }
        byte[] bytes = in.readNBytes(length);
        if (bytes.length != length) {
            throw new java.io.EOFException();
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
