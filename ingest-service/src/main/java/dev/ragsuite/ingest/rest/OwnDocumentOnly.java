package dev.ragsuite.ingest.rest;

import dev.ragsuite.common.problem.ProblemException;
import dev.ragsuite.ingest.documents.DocumentService;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.NameBinding;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Marks a method whose {@code {id}} must be one of the caller's documents before the method runs.
 * Needed where the answer is a stream: a server-sent-event response sends its 200 head at once,
 * so "not yours / not there" has to be a 404 problem before the stream starts.
 */
@NameBinding
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
public @interface OwnDocumentOnly {

    /** The check itself, bound to methods carrying {@link OwnDocumentOnly}. */
    class Filter {

        private final DocumentService documents;
        private final CurrentIdentityAssociation identities;

        public Filter(DocumentService documents, CurrentIdentityAssociation identities) {
            this.documents = documents;
            this.identities = identities;
        }

        @ServerRequestFilter
        @OwnDocumentOnly
        public Uni<Void> requireOwnDocument(ContainerRequestContext request) {
            String id = request.getUriInfo().getPathParameters().getFirst("id");
            return identities.getDeferredIdentity().chain(identity -> {
                if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
                    return Uni.createFrom().voidItem(); // @Authenticated answers 401
                }
                return documents.find(jwt.getSubject(), DocumentResource.parse(id)).chain(document -> document == null
                        ? Uni.createFrom().failure(ProblemException.notFound("No such document."))
                        : Uni.createFrom().voidItem());
            });
        }
    }
}
