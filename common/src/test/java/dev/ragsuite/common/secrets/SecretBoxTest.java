package dev.ragsuite.common.secrets;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The AEAD box over a keyset file: binding to associated data, refusing bad keysets, rotation. */
class SecretBoxTest {

    private static final byte[] TOKEN = "pk_81234567_ABCDEFGHIJKLMNOPQRSTUVWXYZ012345".getBytes(UTF_8);
    private static final byte[] ROW_A = "connector|1111|alice".getBytes(UTF_8);
    private static final byte[] ROW_B = "connector|2222|bob".getBytes(UTF_8);

    @TempDir
    Path dir;

    @Test
    void aCiphertextDecryptsOnlyWithItsOwnAssociatedData() {
        SecretBox box = SecretBox.of(SecretBox.generate());
        byte[] sealed = box.encrypt(TOKEN, ROW_A);

        assertFalse(new String(sealed, UTF_8).contains("pk_81234567"), "no plaintext in the ciphertext");
        assertArrayEquals(TOKEN, box.decrypt(sealed, ROW_A));
        assertNotEquals(new String(sealed, UTF_8), new String(box.encrypt(TOKEN, ROW_A), UTF_8), "a fresh nonce each time");
        SecretDecryptionException copied = assertThrows(SecretDecryptionException.class, () -> box.decrypt(sealed, ROW_B));
        assertTrue(copied.getMessage().contains("another row"), copied.getMessage());
        sealed[sealed.length - 1] ^= 1;
        assertThrows(SecretDecryptionException.class, () -> box.decrypt(sealed, ROW_A));
    }

    @Test
    void aMissingMalformedOrForeignKeysetIsRefusedWithWhereAndWhy() throws Exception {
        Path missing = dir.resolve("nope.json");
        SecretKeysetException noFile = assertThrows(SecretKeysetException.class, () -> SecretBox.load(missing));
        assertTrue(noFile.getMessage().contains(missing.toString()) && noFile.getMessage().contains("does not exist"), noFile.getMessage());

        Path garbage = Files.writeString(dir.resolve("garbage.json"), "{\"primaryKeyId\": 1}");
        SecretKeysetException malformed = assertThrows(SecretKeysetException.class, () -> SecretBox.load(garbage));
        assertTrue(malformed.getMessage().contains("not a valid Tink JSON keyset"), malformed.getMessage());

        Path aes128 = dir.resolve("aes128.json");
        Files.writeString(aes128, SecretBox.serialize(KeysetHandle.generateNew(PredefinedAeadParameters.AES128_GCM)));
        SecretKeysetException weak = assertThrows(SecretKeysetException.class, () -> SecretBox.load(aes128));
        assertTrue(weak.getMessage().contains("only AES-256-GCM"), weak.getMessage());
    }

    @Test
    void aGeneratedKeysetIsPrivateToItsOwnerAndLoadsAgain() throws Exception {
        Path file = dir.resolve("secrets/keyset.json");
        SecretBox first = SecretBox.loadOrGenerate(file);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
        SecretBox again = SecretBox.loadOrGenerate(file);
        assertEquals(first.primaryKeyId(), again.primaryKeyId(), "an existing keyset is never replaced");
        assertArrayEquals(TOKEN, again.decrypt(first.encrypt(TOKEN, ROW_A), ROW_A));
    }

    @Test
    void rotationKeepsOldKeysOnlyUntilRetiredAndTheToolPrintsNoKeyMaterial() throws Exception {
        Path file = dir.resolve("keyset.json");
        assertEquals(0, tool("generate", file));
        assertEquals(1, tool("generate", file), "never overwrites");
        SecretBox before = SecretBox.load(file);
        byte[] old = before.encrypt(TOKEN, ROW_A);

        assertEquals(0, tool("rotate", file));
        SecretBox rotated = SecretBox.load(file);
        assertEquals(2, rotated.keyIds().size());
        assertNotEquals(before.primaryKeyId(), rotated.primaryKeyId());
        assertFalse(rotated.isUnderPrimary(old), "the old secret needs re-encrypting");
        assertArrayEquals(TOKEN, rotated.decrypt(old, ROW_A), "old keys still decrypt");
        byte[] renewed = rotated.encrypt(rotated.decrypt(old, ROW_A), ROW_A);
        assertTrue(rotated.isUnderPrimary(renewed));
        assertEquals(rotated.primaryKeyId(), SecretBox.keyIdOf(renewed));

        assertEquals(0, tool("retire", file));
        SecretBox retired = SecretBox.load(file);
        assertEquals(java.util.Set.of(rotated.primaryKeyId()), retired.keyIds());
        assertArrayEquals(TOKEN, retired.decrypt(renewed, ROW_A));
        SecretDecryptionException gone = assertThrows(SecretDecryptionException.class, () -> retired.decrypt(old, ROW_A));
        assertTrue(gone.getMessage().contains(Integer.toUnsignedString(before.primaryKeyId())), gone.getMessage());

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, KeysetTool.run(new String[] { "list", file.toString() }, new PrintStream(out), System.err));
        String listing = out.toString(UTF_8);
        assertTrue(listing.contains(Integer.toUnsignedString(retired.primaryKeyId()) + " ENABLED primary"), listing);
        assertFalse(listing.contains("value"), "no key material: " + listing);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    private static int tool(String command, Path file) {
        return KeysetTool.run(new String[] { command, file.toString() }, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(new ByteArrayOutputStream()));
    }
}
