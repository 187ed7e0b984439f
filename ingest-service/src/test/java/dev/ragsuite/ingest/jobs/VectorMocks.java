package dev.ragsuite.ingest.jobs;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.when;

import dev.ragsuite.vector.api.ActivateResult;
import dev.ragsuite.vector.api.DeleteResult;
import dev.ragsuite.vector.api.DocumentIndexStats;
import dev.ragsuite.vector.api.UpsertRequest;
import dev.ragsuite.vector.api.UpsertResult;
import dev.ragsuite.ingest.client.VectorClient;
import io.smallrye.mutiny.Uni;

/** A vector-service that accepts everything, for tests about the ingest side. */
public final class VectorMocks {

    private VectorMocks() {
    }

    public static void acceptEverything(VectorClient vectors) {
        when(vectors.upsert(any())).thenAnswer(call -> Uni.createFrom()
                .item(new UpsertResult(call.getArgument(0, UpsertRequest.class).chunks().size())));
        when(vectors.activateVersion(any(), anyInt(), anyString())).thenReturn(Uni.createFrom().item(new ActivateResult(1, 0)));
        when(vectors.discardVersion(any(), anyInt(), anyString())).thenReturn(Uni.createFrom().item(new DeleteResult(0, 0)));
        when(vectors.deleteDocument(any(), anyString())).thenReturn(Uni.createFrom().item(new DeleteResult(0, 0)));
        when(vectors.documentStats(any(), anyString())).thenReturn(Uni.createFrom().item(new DocumentIndexStats(0, 0, 0)));
    }
}
