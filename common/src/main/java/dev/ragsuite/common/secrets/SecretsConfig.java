package dev.ragsuite.common.secrets;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a service that keeps third-party secrets finds its keyset ({@code rag.secrets.*}). Only a
 * service that stores secrets reads it (ingest-service, for connector tokens); the others never do.
 */
@ConfigMapping(prefix = "rag.secrets")
public interface SecretsConfig {

    /**
     * The keyset file (Tink JSON, AES-256-GCM keys): a mounted secret in Kubernetes/Compose
     * ({@code RAG_SECRETS_KEYSET_FILE}); {@code ./rag up} points it into {@code $RAG_HOME/secrets}.
     */
    Optional<Path> keysetFile();

    /**
     * Whether a missing keyset file is generated at start (one new key, mode 0600) — only while no
     * secret is stored yet. For development and first starts on one machine; deployments mount theirs.
     */
    @WithDefault("false")
    boolean generateIfMissing();
}
