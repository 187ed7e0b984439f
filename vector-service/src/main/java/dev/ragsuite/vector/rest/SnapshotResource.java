package dev.ragsuite.vector.rest;

import dev.ragsuite.common.problem.ProblemException;
import dev.ragsuite.vector.index.IndexManager;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.util.zip.ZipOutputStream;

/**
 * {@code GET /internal/v1/snapshot}: a consistent copy of the embedded Lucene index as a zip, for
 * {@code ./rag backup} and the backup CronJob (script {@code k8s/base/backup/rag-backup.sh}); see
 * {@link IndexManager#snapshot}. Internal token required (common's InternalTokenFilter). With the Qdrant
 * backend it answers 409: the script then uses Qdrant's own snapshot API.
 */
@Path("/internal/v1/snapshot")
public class SnapshotResource {

    private final IndexManager indexes;

    public SnapshotResource(IndexManager indexes) {
        this.indexes = indexes;
    }

    @GET
    @Produces("application/zip")
    public Response snapshot() {
        if (!"lucene".equals(indexes.backend())) {
            throw ProblemException.conflict("The " + indexes.backend()
                    + " backend is backed up through its own snapshot API, not through vector-service.");
        }
        StreamingOutput body = out -> {
            ZipOutputStream zip = new ZipOutputStream(out);
            indexes.snapshot(zip);
            zip.finish();
            zip.flush();
        };
        return Response.ok(body)
                .header("Content-Disposition", "attachment; filename=\"vector-index.zip\"")
                .build();
    }
}
