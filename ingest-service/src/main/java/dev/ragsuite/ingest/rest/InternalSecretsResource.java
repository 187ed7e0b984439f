package dev.ragsuite.ingest.rest;

import dev.ragsuite.ingest.connectors.SecretRotation;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Operators' step of a keyset rotation ({@code ./rag rotate-secrets}, docs/operations.md): re-encrypts
 * every stored token under the keyset's primary key and says how many are left under older keys
 * (0 = the old keys may be retired). Internal token only ({@code InternalTokenFilter}).
 */
@Path("/internal/v1/secrets")
@Produces(MediaType.APPLICATION_JSON)
public class InternalSecretsResource {

    private final SecretRotation rotation;

    public InternalSecretsResource(SecretRotation rotation) {
        this.rotation = rotation;
    }

    @POST
    @Path("/reencrypt")
    @Operation(hidden = true)
    public Uni<SecretRotation.Result> reencrypt() {
        return rotation.reencryptAll();
    }
}
