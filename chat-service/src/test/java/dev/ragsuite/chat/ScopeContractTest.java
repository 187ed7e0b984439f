package dev.ragsuite.chat;

import dev.ragsuite.common.security.TokenScopes;
import dev.ragsuite.testing.GatewayRoutes;
import org.junit.jupiter.api.Test;

/** The API-key scopes chat-service's endpoints demand are the ones the gateway's route table asks for. */
class ScopeContractTest {

    @Test
    void everyEndpointNeedsTheScopeTheGatewayAsksFor() {
        GatewayRoutes.load().assertServiceAgrees(TokenScopes::requiredBy);
    }
}
