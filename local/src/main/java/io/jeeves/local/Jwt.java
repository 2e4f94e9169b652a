package io.jeeves.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jeeves.json.Json;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The local stack's token issuer and verifier: RS256 JWTs, validated the way API Gateway's JWT
 * authorizer does (signature, issuer, audience, expiry, not-before). The signing key is generated once
 * and kept in the data folder, so tokens survive restarts; {@code --in-memory} keeps it in memory.
 */
final class Jwt {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final KeyPair keys;
    private final String keyId;
    private final String issuer;
    private final String audience;

    Jwt(KeyPair keys, String issuer, String audience) {
        this.keys = keys;
        this.issuer = issuer;
        this.audience = audience;
        this.keyId = thumbprint((RSAPublicKey) keys.getPublic());
    }

    String issuer() {
        return issuer;
    }

    String audience() {
        return audience;
    }

    /** The key pair stored at {@code file}, created there on first use; null file: a fresh in-memory pair. */
    static KeyPair keyPair(Path file) throws IOException, GeneralSecurityException {
        KeyFactory rsa = KeyFactory.getInstance("RSA");
        if (file != null && Files.exists(file)) {
            JsonNode stored = Json.read(Files.readString(file));
            return new KeyPair(
                    rsa.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(stored.path("public").asText()))),
                    rsa.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(stored.path("private").asText()))));
        }
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        KeyPair pair = gen.generateKeyPair();
        if (file != null) {
            ObjectNode out = Json.object();
            out.put("public", Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()));
            out.put("private", Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()));
            Files.createDirectories(file.getParent());
            Files.writeString(file, Json.write(out));
            try {
                Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
        }
        return pair;
    }

    String issue(String subject, List<String> scopes, long ttlSeconds) {
        Instant now = Instant.now();
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", "RS256");
        header.put("typ", "JWT");
        header.put("kid", keyId);
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer);
        claims.put("aud", audience);
        claims.put("sub", subject);
        claims.put("scope", String.join(" ", scopes));
        claims.put("iat", now.getEpochSecond());
        claims.put("nbf", now.getEpochSecond());
        claims.put("exp", now.getEpochSecond() + ttlSeconds);
        claims.put("jti", UUID.randomUUID().toString());
        String signingInput = B64.encodeToString(Json.writeBytes(header)) + "." + B64.encodeToString(Json.writeBytes(claims));
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(keys.getPrivate());
            s.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64.encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The token's claims if it is valid now, else empty (API Gateway answers 401 either way). */
    Optional<JsonNode> verify(String token) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            JsonNode header = Json.MAPPER.readTree(B64D.decode(parts[0]));
            if (!"RS256".equals(header.path("alg").asText())) {
                return Optional.empty();
            }
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initVerify(keys.getPublic());
            s.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!s.verify(B64D.decode(parts[2]))) {
                return Optional.empty();
            }
            JsonNode claims = Json.MAPPER.readTree(B64D.decode(parts[1]));
            long now = Instant.now().getEpochSecond();
            boolean audienceOk = claims.path("aud").isArray()
                    ? containsText(claims.path("aud"), audience)
                    : audience.equals(claims.path("aud").asText());
            if (!issuer.equals(claims.path("iss").asText()) || !audienceOk
                    || !claims.path("exp").canConvertToLong() || claims.path("exp").asLong() <= now
                    || (claims.has("nbf") && claims.path("nbf").asLong() > now)
                    || claims.path("sub").asText().isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(claims);
        } catch (IOException | IllegalArgumentException | GeneralSecurityException e) {
            return Optional.empty();
        }
    }

    private static boolean containsText(JsonNode array, String value) {
        for (JsonNode n : array) {
            if (value.equals(n.asText())) {
                return true;
            }
        }
        return false;
    }

    /** The JSON Web Key Set an authorizer would fetch. */
    ObjectNode jwks() {
        RSAPublicKey pub = (RSAPublicKey) keys.getPublic();
        ObjectNode set = Json.object();
        ObjectNode key = set.putArray("keys").addObject();
        key.put("kty", "RSA");
        key.put("alg", "RS256");
        key.put("use", "sig");
        key.put("kid", keyId);
        key.put("n", B64.encodeToString(unsigned(pub.getModulus())));
        key.put("e", B64.encodeToString(unsigned(pub.getPublicExponent())));
        return set;
    }

    private static byte[] unsigned(BigInteger v) {
        byte[] b = v.toByteArray();
        return b[0] == 0 ? java.util.Arrays.copyOfRange(b, 1, b.length) : b;
    }

    private static String thumbprint(RSAPublicKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
