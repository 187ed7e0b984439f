package dev.ragsuite.chat.usage;

import dev.ragsuite.common.security.InternalClientHeaders;
import dev.ragsuite.common.usage.UsageApi;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** REST clients of the other services' parts of the usage figures (internal token added by {@link InternalClientHeaders}). */
public final class UsageClients {

    private UsageClients() {
    }

    @RegisterRestClient(configKey = "auth-usage")
    @RegisterClientHeaders(InternalClientHeaders.class)
    public interface Users extends UsageApi.Users {
    }

    @RegisterRestClient(configKey = "ingest-usage")
    @RegisterClientHeaders(InternalClientHeaders.class)
    public interface Documents extends UsageApi.Documents {
    }
}
