package dev.ragsuite.vector.store.lucene;

import dev.ragsuite.vector.api.DocumentSource;
import dev.ragsuite.vector.store.ExportedChunk;
import dev.ragsuite.vector.store.ScoredChunk;
import dev.ragsuite.vector.store.StoredChunk;
import java.util.UUID;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.VectorSimilarityFunction;

/**
 * How a chunk is laid out as a Lucene document: the field names (part of the on-disk format), the
 * document written for a chunk, and the chunk read back from its stored fields.
 */
final class LuceneFields {

    static final String F_KEY = "key";
    static final String F_CHUNK_ID = "chunkId";
    static final String F_OWNER = "owner";
    static final String F_DOCUMENT_ID = "documentId";
    static final String F_DOCUMENT_NAME = "documentName";
    static final String F_POSITION = "position";
    static final String F_TEXT = "text";
    static final String F_VECTOR = "vector";
    /** owner + document + version, one term per document version: what activation flips and keeps. */
    static final String F_DOC_VERSION = "docVersion";
    static final String F_VERSION = "version";
    static final String F_STAGED = "staged";
    static final String F_PAGE = "page";
    static final String F_HEADING_PATH = "headingPath";
    static final String F_CHUNKER = "chunkerVersion";
    /** 1 when the chunk's document is published to every user (a doc-values field: publishing updates it in place). */
    static final String F_PUBLISHED = "published";
    static final String F_SOURCE_TYPE = "sourceType";
    static final String F_SOURCE_EXTERNAL_ID = "sourceExternalId";
    static final String F_SOURCE_URL = "sourceUrl";

    private static final char KEY_SEPARATOR = '\u001f';

    private LuceneFields() {
    }

    /** The term of one version of one document of one owner. */
    static String versionKey(String ownerId, UUID documentId, int version) {
        return ownerId + KEY_SEPARATOR + documentId + KEY_SEPARATOR + version;
    }

    /** The document of a chunk: its update key is its {@link ExportedChunk#key() key}, owner plus chunk id. */
    static Document document(ExportedChunk exported) {
        StoredChunk chunk = exported.chunk();
        String ownerId = exported.ownerId();
        Document doc = new Document();
        doc.add(new StringField(F_DOC_VERSION, versionKey(ownerId, exported.documentId(), exported.version()), Field.Store.NO));
        doc.add(new StoredField(F_VERSION, exported.version()));
        doc.add(new NumericDocValuesField(F_STAGED, exported.staged() ? 1 : 0));
        doc.add(new NumericDocValuesField(F_PUBLISHED, chunk.published() ? 1 : 0));
        DocumentSource source = chunk.source();
        doc.add(new StoredField(F_SOURCE_TYPE, source.type()));
        if (source.externalId() != null) {
            doc.add(new StoredField(F_SOURCE_EXTERNAL_ID, source.externalId()));
        }
        if (source.url() != null) {
            doc.add(new StoredField(F_SOURCE_URL, source.url()));
        }
        if (chunk.chunkerVersion() != null) {
            doc.add(new StoredField(F_CHUNKER, chunk.chunkerVersion()));
        }
        if (chunk.page() != null) {
            doc.add(new StoredField(F_PAGE, chunk.page()));
        }
        if (chunk.headingPath() != null) {
            doc.add(new StoredField(F_HEADING_PATH, chunk.headingPath()));
        }
        doc.add(new StringField(F_KEY, exported.key(), Field.Store.NO));
        doc.add(new StringField(F_CHUNK_ID, chunk.chunkId(), Field.Store.YES));
        doc.add(new StringField(F_OWNER, ownerId, Field.Store.NO));
        doc.add(new StringField(F_DOCUMENT_ID, exported.documentId().toString(), Field.Store.YES));
        doc.add(new StoredField(F_DOCUMENT_NAME, exported.documentName()));
        doc.add(new StoredField(F_POSITION, chunk.position()));
        doc.add(new TextField(F_TEXT, chunk.text(), Field.Store.YES));
        doc.add(new KnnFloatVectorField(F_VECTOR, chunk.vector(), VectorSimilarityFunction.COSINE));
        return doc;
    }

    /** A search hit from its stored fields. */
    static ScoredChunk scored(Document doc, double score) {
        return new ScoredChunk(
                doc.get(F_CHUNK_ID),
                UUID.fromString(doc.get(F_DOCUMENT_ID)),
                doc.get(F_DOCUMENT_NAME),
                doc.getField(F_POSITION).numericValue().intValue(),
                doc.get(F_TEXT),
                score,
                page(doc),
                doc.get(F_HEADING_PATH),
                source(doc));
    }

    /** A chunk with everything the index knows of it, from its stored fields plus what is kept elsewhere. */
    static ExportedChunk exported(Document doc, String key, boolean staged, boolean published, float[] vector) {
        StoredChunk chunk = new StoredChunk(doc.get(F_CHUNK_ID), doc.getField(F_POSITION).numericValue().intValue(),
                doc.get(F_TEXT), vector == null ? new float[0] : vector, page(doc), doc.get(F_HEADING_PATH),
                doc.get(F_CHUNKER), source(doc), published);
        IndexableField version = doc.getField(F_VERSION);
        return new ExportedChunk(ExportedChunk.ownerOf(key), UUID.fromString(doc.get(F_DOCUMENT_ID)), doc.get(F_DOCUMENT_NAME),
                version == null ? 0 : version.numericValue().intValue(), staged, chunk);
    }

    /** The document's source; chunks indexed before sources existed have none stored and are uploads. */
    private static DocumentSource source(Document doc) {
        String type = doc.get(F_SOURCE_TYPE);
        return type == null ? DocumentSource.upload()
                : new DocumentSource(type, doc.get(F_SOURCE_EXTERNAL_ID), doc.get(F_SOURCE_URL));
    }

    private static Integer page(Document doc) {
        return doc.getField(F_PAGE) == null ? null : doc.getField(F_PAGE).numericValue().intValue();
    }
}
