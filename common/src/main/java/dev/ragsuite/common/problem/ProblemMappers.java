package dev.ragsuite.common.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.core.multipart.MultiPartParserDefinition;
import org.jboss.resteasy.reactive.server.core.multipart.MultipartParser;

/**
 * The one place where exceptions become responses, for every service: RFC 9457 problem+json,
 * with a detail a client can act on and nothing about our internals.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    /** RESTEasy Reactive's multipart form parser: these classes and their nested ones. */
    private static final List<String> MULTIPART_PARSER = List.of(MultipartParser.class.getName(),
            MultiPartParserDefinition.class.getName());
    private static final String MALFORMED_MULTIPART = "The multipart/form-data body could not be read: it must use "
            + "the boundary named in its Content-Type and end with the closing boundary.";

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return respond(e.status(), e.title(), e.detail(), uri, null);
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldOf(v), v.getMessage()))
                .distinct() // one field can break two constraints with one message (PageRequest's)
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        return respond(400, "Bad Request", "The request is not valid.", uri, errors);
    }

    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
        return malformedJson(e, uri);
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e, UriInfo uri) {
        String where = e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
        return respond(400, "Bad Request", "The request body is not valid JSON for this endpoint" + where + ".", uri, null);
    }

    @ServerExceptionMapper({ UnauthorizedException.class, AuthenticationFailedException.class,
            AuthenticationCompletionException.class })
    public Response unauthorized(RuntimeException e, UriInfo uri) {
        return Response.fromResponse(respond(401, "Unauthorized",
                "A valid, unrevoked bearer token is required.", uri, null))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return respond(403, "Forbidden", "You are not allowed to do this.", uri, null);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (e.getCause() instanceof JsonProcessingException json) {
            return malformedJson(json, uri);
        }
        if (status >= 500) {
            return unexpected(e, uri);
        }
        Response.StatusType type = e.getResponse().getStatusInfo();
        return respond(status, type.getReasonPhrase(), defaultDetail(status), uri, null);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        if (raisedByTheMultipartParser(e)) {
            return respond(400, "Bad Request", MALFORMED_MULTIPART, uri, null);
        }
        String errorId = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected error %s on %s", errorId, uri == null ? "?" : uri.getPath());
        return respond(500, "Internal Server Error",
                "Something went wrong on our side. Error id: " + errorId + ".", uri, null);
    }

    public static Response respond(int status, String title, String detail, UriInfo uri, List<Problem.FieldError> errors) {
        Problem body = new Problem("about:blank", title, status, detail, uri == null ? null : uri.getPath(), errors);
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(body).build();
    }

    private static String defaultDetail(int status) {
        return switch (status) {
            case 404 -> "No such resource.";
            case 405 -> "This method is not allowed on this resource.";
            case 406 -> "None of the accepted media types can be produced.";
            case 413 -> "The request body is too large.";
            case 415 -> "This content type is not supported here.";
            default -> "The request could not be processed.";
        };
    }

    /**
     * Whether RESTEasy Reactive's multipart form parser raised {@code e}, before any resource method ran.
     * It reports a body it cannot read without a type of its own: a boundary not found in the body or
     * a body cut short is a plain {@code IOException} ("Connection terminated reading multipart data"),
     * a broken part header its {@code MalformedMessageException}, an empty {@code boundary=} a
     * {@code StringIndexOutOfBoundsException} from header parsing. All are the client's malformed
     * request, recognised by the parser's frames on the stack (only on it while form data is read).
     */
    static boolean raisedByTheMultipartParser(Throwable e) {
        for (StackTraceElement frame : e.getStackTrace()) {
            for (String parser : MULTIPART_PARSER) {
                if (frame.getClassName().startsWith(parser)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String fieldOf(ConstraintViolation<?> v) {
        // "method.arg0.field" -> "field": keep the last node(s) that name the input, not our method.
        String path = v.getPropertyPath().toString();
        int firstDot = path.indexOf('.');
        int secondDot = firstDot < 0 ? -1 : path.indexOf('.', firstDot + 1);
        return secondDot < 0 ? (firstDot < 0 ? path : path.substring(firstDot + 1)) : path.substring(secondDot + 1);
    }
}
