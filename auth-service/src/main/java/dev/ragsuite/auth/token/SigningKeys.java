package dev.ragsuite.auth.token;

import dev.ragsuite.auth.config.AuthConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.jboss.logging.Logger;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.Use;
import org.jose4j.jws.AlgorithmIdentifiers;

/**
 * The RS256 keys of the suite, loaded once at start-up from the PEM files in
 * {@code rag.auth.signing.keys-dir} (a mounted secret in production). Every key's id is its JWK
 * SHA-256 thumbprint (RFC 7638), so it changes exactly when the key does.
 *
 * <p>All keys are published at the JWKS, and this service accepts tokens of any of them: a new
 * key can be published before it signs, and an old one kept (even as a public key alone) until
 * the last token it signed has expired, so rotating keys logs nobody out. One private key signs:
 * {@code active-kid} if set, otherwise the private key file modified last.
 *
 * <p>When the directory holds no private key and {@code generate-if-missing} is on (development),
 * a new RSA 2048 pair is written there ({@code jwt-private.pem}, {@code jwt-public.pem}).
 */
@Startup
@ApplicationScoped
public class SigningKeys {

    static final String GENERATED_PRIVATE = "jwt-private.pem";
    static final String GENERATED_PUBLIC = "jwt-public.pem";

    private static final Logger LOG = Logger.getLogger(SigningKeys.class);
    private static final int MIN_KEY_BITS = 2048;

    private final RSAPrivateKey privateKey;
    private final String keyId;
    private final List<String> keyIds;
    private final String jwksJson;

    @Inject
    public SigningKeys(AuthConfig config) {
        this(config.signing().keysDir(), config.signing().activeKid(), config.signing().generateIfMissing());
    }

    public SigningKeys(Path keysDir, Optional<String> activeKid, boolean generateIfMissing) {
        Path dir = keysDir.toAbsolutePath();
        List<Path> files = pemFiles(dir);
        if (files.stream().noneMatch(SigningKeys::isPrivateKeyFile)) {
            if (!generateIfMissing) {
                throw new IllegalStateException("No JWT signing key: " + dir + " holds no private key (*.pem with"
                        + " \"BEGIN PRIVATE KEY\"). Provide one (openssl genpkey -algorithm RSA -pkeyopt"
                        + " rsa_keygen_bits:2048 -out " + dir.resolve("<date>-private.pem") + ") or set"
                        + " rag.auth.signing.generate-if-missing=true to create one (development only).");
            }
            generate(dir.resolve(GENERATED_PRIVATE), dir.resolve(GENERATED_PUBLIC));
            files = pemFiles(dir);
        }

        // kid -> key; a private key and its public half are one key
        Map<String, Loaded> keys = new LinkedHashMap<>();
        for (Path file : files) {
            Loaded loaded = load(file);
            Loaded known = keys.get(loaded.kid());
            if (known == null || (known.privateKey() == null && loaded.privateKey() != null)
                    || (loaded.privateKey() != null && loaded.modified().compareTo(known.modified()) > 0)) {
                keys.put(loaded.kid(), loaded);
            }
        }
        Loaded active = chooseActive(keys, activeKid, dir);
        this.privateKey = active.privateKey();
        this.keyId = active.kid();
        this.keyIds = List.copyOf(keys.keySet());

        List<JsonWebKey> published = new ArrayList<>();
        for (Loaded key : keys.values()) {
            RsaJsonWebKey jwk = new RsaJsonWebKey(key.publicKey());
            jwk.setKeyId(key.kid());
            jwk.setUse(Use.SIGNATURE);
            jwk.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
            published.add(jwk);
        }
        this.jwksJson = new JsonWebKeySet(published).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
        LOG.infof("JWT signing keys loaded from %s: %d published %s, signing with kid %s", dir, keyIds.size(), keyIds, keyId);
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    /** The {@code kid} header of every token we sign now. */
    public String keyId() {
        return keyId;
    }

    /** The ids of every published key, the signing one included. */
    public List<String> keyIds() {
        return keyIds;
    }

    /** {@code {"keys":[…]}} with the public keys only. */
    public String jwksJson() {
        return jwksJson;
    }

    /** The JWK thumbprint of an RSA public key, as used for {@code kid}. */
    public static String keyIdOf(RSAPublicKey publicKey) {
        return thumbprint(new RsaJsonWebKey(publicKey));
    }

    private record Loaded(String kid, RSAPublicKey publicKey, RSAPrivateKey privateKey, FileTime modified, String fileName) {
    }

    private static Loaded chooseActive(Map<String, Loaded> keys, Optional<String> activeKid, Path dir) {
        if (activeKid.isPresent() && !activeKid.get().isBlank()) {
            Loaded chosen = keys.get(activeKid.get().strip());
            if (chosen == null || chosen.privateKey() == null) {
                throw new IllegalStateException("rag.auth.signing.active-kid=" + activeKid.get() + " names no private key in "
                        + dir + "; the keys there are " + keys.keySet());
            }
            return chosen;
        }
        return keys.values().stream()
                .filter(k -> k.privateKey() != null)
                .max(Comparator.comparing(Loaded::modified).thenComparing(Loaded::fileName))
                .orElseThrow(() -> new IllegalStateException("No private key in " + dir));
    }

    private static List<Path> pemFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries
                    .filter(p -> p.getFileName().toString().endsWith(".pem") && !p.getFileName().toString().startsWith("."))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the JWT key directory " + dir, e);
        }
    }

    private static boolean isPrivateKeyFile(Path file) {
        return read(file).contains("PRIVATE KEY");
    }

    private static Loaded load(Path file) {
        String pem = read(file);
        FileTime modified;
        try {
            modified = Files.getLastModifiedTime(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the JWT signing key file " + file, e);
        }
        RSAPrivateKey privateKey = null;
        RSAPublicKey publicKey;
        if (pem.contains("PRIVATE KEY")) {
            privateKey = readPrivateKey(file, pem);
            publicKey = publicHalf(privateKey, file);
        } else {
            publicKey = readPublicKey(file, pem);
        }
        if (publicKey.getModulus().bitLength() < MIN_KEY_BITS) {
            throw new IllegalStateException(file + ": a JWT signing key must have at least " + MIN_KEY_BITS + " bits");
        }
        return new Loaded(keyIdOf(publicKey), publicKey, privateKey, modified, file.getFileName().toString());
    }

    private static void generate(Path privatePath, Path publicPath) {
        KeyPair pair;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(MIN_KEY_BITS);
            pair = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot generate an RSA key pair", e);
        }
        writeAtomically(privatePath, pem("PRIVATE KEY", pair.getPrivate().getEncoded()), true);
        writeAtomically(publicPath, pem("PUBLIC KEY", pair.getPublic().getEncoded()), false);
        LOG.infof("Generated a new RSA %d JWT signing key pair: %s (owner-only) and %s",
                MIN_KEY_BITS, privatePath, publicPath);
    }

    /** Writes to a temporary file next to the target (owner-only if secret) and moves it in place. */
    private static void writeAtomically(Path target, String content, boolean secret) {
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        try {
            Path dir = target.getParent();
            if (posix && secret) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(dir);
            }
            Path temp = posix
                    ? Files.createTempFile(dir, ".jwt-", ".tmp", PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString(secret ? "rw-------" : "rw-r--r--")))
                    : Files.createTempFile(dir, ".jwt-", ".tmp");
            try {
                Files.writeString(temp, content, StandardCharsets.US_ASCII);
                try {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the JWT signing key file " + target, e);
        }
    }

    private static RSAPrivateKey readPrivateKey(Path path, String pem) {
        if (pem.contains("BEGIN RSA PRIVATE KEY") || pem.contains("BEGIN ENCRYPTED PRIVATE KEY")) {
            throw new IllegalStateException(path + " must be an unencrypted PKCS#8 PEM (\"BEGIN PRIVATE KEY\");"
                    + " convert it with: openssl pkcs8 -topk8 -nocrypt -in old.pem -out " + path.getFileName());
        }
        try {
            PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der(pem, path)));
            return (RSAPrivateKey) key;
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalStateException(path + " is not an RSA private key in PKCS#8 PEM form", e);
        }
    }

    private static RSAPublicKey publicHalf(RSAPrivateKey privateKey, Path path) {
        if (!(privateKey instanceof RSAPrivateCrtKey crt)) {
            throw new IllegalStateException(path + " lacks the CRT parameters of an RSA key; export it again with openssl");
        }
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot derive the public key of " + path, e);
        }
    }

    private static RSAPublicKey readPublicKey(Path path, String pem) {
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der(pem, path)));
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalStateException(path + " is not an RSA public key in PEM form (\"BEGIN PUBLIC KEY\")", e);
        }
    }

    private static String thumbprint(RsaJsonWebKey jwk) {
        try {
            return jwk.calculateBase64urlEncodedThumbprint("SHA-256");
        } catch (RuntimeException e) {
            throw new IllegalStateException("Cannot compute the JWK thumbprint of the signing key", e);
        }
    }

    private static String read(Path path) {
        try {
            return Files.readString(path, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the JWT signing key file " + path, e);
        }
    }

    private static byte[] der(String pem, Path path) {
        String base64 = pem.replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(path + " is not a PEM file", e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
