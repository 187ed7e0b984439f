package dev.ragsuite.common.security;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** Service-to-service settings shared by the callers and the callee of internal endpoints. */
@ConfigMapping(prefix = "rag.internal")
public interface InternalConfig {

    /**
     * The shared secret that internal callers present in {@value InternalToken#HEADER}. At least 32
     * characters; `./rag up` generates one into its git-ignored data folder, Kubernetes mounts a Secret.
     */
    Optional<String> token();
}
