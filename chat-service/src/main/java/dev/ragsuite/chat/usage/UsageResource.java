package dev.ragsuite.chat.usage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ragsuite.common.usage.QuotaUse;
import dev.ragsuite.common.usage.UsageWindow;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestHeader;

/**
 * Usage figures, the seed app's {@code /metrics/} done over: everyone's for admins, one's own for every
 * user. Computed from PostgreSQL on each request that is not answered from a client's cache: the response
 * is {@code Cache-Control: private, max-age=60} (a browser may keep it a minute; a shared cache never, as
 * the figures are per caller), with a strong {@code ETag} over the bytes, and a matching
 * {@code If-None-Match} is answered {@code 304 Not Modified} without a body. The window starts at a
 * midnight UTC and the quotas' countdown to their reset is left out of the tag, so the ETag changes only
 * when the figures do.
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class UsageResource {

    static final String PRIVATE_MINUTE = "private, max-age=60";

    private final UsageService usage;
    private final JsonWebToken jwt;
    private final ObjectMapper json;

    public UsageResource(UsageService usage, JsonWebToken jwt, ObjectMapper json) {
        this.usage = usage;
        this.jwt = jwt;
        this.json = json;
    }

    @GET
    @Path("/admin/metrics")
    @RolesAllowed("admin")
    @APIResponse(responseCode = "200", description = "everyone's usage figures",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UsageFigures.Admin.class)))
    @APIResponse(responseCode = "304", description = "unchanged since the ETag in If-None-Match")
    public Uni<Response> everyone(@Valid @BeanParam UsageWindow window, @Context Request request) {
        return usage.everyone(window).map(figures -> conditional(figures, request));
    }

    @GET
    @Path("/me/usage")
    @Authenticated
    @APIResponse(responseCode = "200", description = "the caller's own usage figures and today's quota use",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UsageFigures.Mine.class)))
    @APIResponse(responseCode = "304", description = "unchanged since the ETag in If-None-Match")
    public Uni<Response> mine(@Valid @BeanParam UsageWindow window, @Context Request request,
            @RestHeader(QuotaUse.HEADER) String quotas) {
        return usage.of(jwt.getSubject(), window, quotas).map(figures -> conditional(figures, withoutCountdown(figures), request));
    }

    /**
     * The figures the ETag is taken over: a quota's {@code resetsInSeconds} counts down every second, so it is
     * left out (the tag changes when the use does, not with the clock).
     */
    private static UsageFigures.Mine withoutCountdown(UsageFigures.Mine figures) {
        if (figures.quotas() == null) {
            return figures;
        }
        java.util.Map<String, QuotaUse> stable = new java.util.LinkedHashMap<>();
        figures.quotas().forEach((name, q) -> stable.put(name, new QuotaUse(q.used(), q.limit(), 0)));
        return new UsageFigures.Mine(figures.window(), figures.documents(), figures.questions(), figures.answers(),
                figures.feedback(), figures.mostCited(), stable);
    }

    private Response conditional(Object figures, Request request) {
        return conditional(figures, figures, request);
    }

    private Response conditional(Object figures, Object tagged, Request request) {
        byte[] body;
        byte[] tagBytes;
        try {
            body = json.writeValueAsBytes(figures);
            tagBytes = tagged == figures ? body : json.writeValueAsBytes(tagged);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        EntityTag tag = new EntityTag(digest(tagBytes));
        Response.ResponseBuilder notModified = request.evaluatePreconditions(tag);
        Response.ResponseBuilder response = notModified != null ? notModified : Response.ok(body, MediaType.APPLICATION_JSON_TYPE);
        return response.tag(tag).header(HttpHeaders.CACHE_CONTROL, PRIVATE_MINUTE).header(HttpHeaders.VARY, HttpHeaders.AUTHORIZATION).build();
    }

    private static String digest(byte[] body) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(body);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash).substring(0, 27);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
