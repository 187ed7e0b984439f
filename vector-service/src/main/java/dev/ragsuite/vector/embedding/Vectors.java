package dev.ragsuite.vector.embedding;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Small helpers on vectors: unit length, a compact byte form and the text digest the cache keys use. */
public final class Vectors {

    private Vectors() {
    }

    /** Scales {@code vector} to unit length in place (a zero vector stays zero) and returns it. */
    public static float[] normalise(float[] vector) {
        double sum = 0;
        for (float v : vector) {
            sum += (double) v * v;
        }
        if (sum == 0) {
            return vector;
        }
        float norm = (float) Math.sqrt(sum);
        for (int i = 0; i < vector.length; i++) {
            vector[i] /= norm;
        }
        return vector;
    }

    /** The vector as little-endian float32, 4 bytes per value. */
    static byte[] toBytes(float[] vector) {
        ByteBuffer buffer = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(vector);
        return buffer.array();
    }

    /** The inverse of {@link #toBytes}; null when the length is not {@code dimensions * 4}. */
    static float[] fromBytes(byte[] bytes, int dimensions) {
        if (bytes == null || bytes.length != dimensions * Float.BYTES) {
            return null;
        }
        float[] vector = new float[dimensions];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
        return vector;
    }

    /** Lower-case hex SHA-256 of the UTF-8 text. */
    static String sha256Hex(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
