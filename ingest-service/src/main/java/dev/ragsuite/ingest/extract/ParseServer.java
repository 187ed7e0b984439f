package dev.ragsuite.ingest.extract;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.Parser;

/**
 * The parser process: a plain JVM that ingest-service starts ({@link ForkedParser}) with its own,
 * small heap and {@code -XX:+ExitOnOutOfMemoryError}, so a file that needs more memory than allowed
 * ends this process and never the service. Reads requests on stdin, parses each with
 * {@link StructuredParse} (the same structure as in-process parsing) and answers on stdout
 * ({@link ParseProtocol}); stray output of parsers goes to stderr. Ends when stdin ends, i.e. when
 * the service closes the pipe or is gone.
 */
public final class ParseServer {

    private ParseServer() {
    }

    public static void main(String[] args) throws IOException {
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out)));
        DataInputStream in = new DataInputStream(new BufferedInputStream(new FileInputStream(FileDescriptor.in)));
        System.setOut(System.err); // the protocol owns stdout; a parser printing must not corrupt it
        System.setIn(new ByteArrayInputStream(new byte[0]));

        Parser parser = new AutoDetectParser();
        out.writeByte(ParseProtocol.READY);
        out.flush();
        ParseProtocol.Request request;
        while ((request = ParseProtocol.readRequest(in)) != null) {
            try {
                ExtractedText text = new StructuredParse(parser, request.maxChars(), request.maxPages())
                        .run(Path.of(request.path()), request.contentType());
                ParseProtocol.writeResult(out, text);
            } catch (ExtractionException e) {
                ParseProtocol.writeMessage(out, ParseProtocol.FAILED, e.getMessage());
            } catch (StackOverflowError e) {
                ParseProtocol.writeMessage(out, ParseProtocol.FAILED, "the document is nested too deeply to read");
            } catch (RuntimeException e) {
                e.printStackTrace(); // into the service's log (stderr is inherited)
                ParseProtocol.writeMessage(out, ParseProtocol.ERROR, e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
    }
}
