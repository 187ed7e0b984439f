package dev.ragsuite.vector.store;

import java.util.UUID;

/**
 * A chunk with everything the index knows about it, as read back for copying into another index:
 * owner, document, version and whether it is still staged (invisible to search).
 *
 * @param version the document version, 0 for chunks written without one
 */
public record ExportedChunk(String ownerId, UUID documentId, String documentName, int version, boolean staged,
        StoredChunk chunk) {

    private static final char KEY_SEPARATOR = '\u001f';

    /** The same chunk, its document published to every user or not. */
    public ExportedChunk withPublished(boolean published) {
        return new ExportedChunk(ownerId, documentId, documentName, version, staged, chunk.withPublished(published));
    }

    /** The chunk's update key in its index (owner plus chunk id). */
    public String key() {
        return key(ownerId, chunk.chunkId());
    }

    /** The key of a chunk in every backend: owner and chunk id, joined by a control character no owner id holds. */
    public static String key(String ownerId, String chunkId) {
        return ownerId + KEY_SEPARATOR + chunkId;
    }

    /** The owner part of a {@link #key(String, String) key}. */
    public static String ownerOf(String key) {
        return key.substring(0, separator(key));
    }

    /** The chunk id part of a {@link #key(String, String) key}. */
    public static String chunkIdOf(String key) {
        return key.substring(separator(key) + 1);
    }

    private static int separator(String key) {
        int at = key.indexOf(KEY_SEPARATOR);
        if (at < 0) {
            throw new IllegalArgumentException("not a chunk key: " + key);
        }
        return at;
    }
}
