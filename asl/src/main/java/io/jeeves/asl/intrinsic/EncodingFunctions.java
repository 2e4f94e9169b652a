package io.jeeves.asl.intrinsic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/** States.Base64Encode, States.Base64Decode and States.Hash. */
final class EncodingFunctions {
    /** AWS caps the string argument of all three functions at 10,000 characters. */
    static final int MAX_INPUT_CHARS = 10_000;

    /** The algorithm names AWS accepts; they are also the JDK's names for them. */
    static final List<String> HASH_ALGORITHMS = List.of("MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512");

    private EncodingFunctions() {
    }

    /** Standard Base64 (RFC 4648 alphabet, padded, no line breaks) of the string's UTF-8 bytes. */
    static JsonNode base64Encode(Args args) {
        String data = limited(args, 0);
        return TextNode.valueOf(Base64.getEncoder().encodeToString(data.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Decodes Base64 to text. Padding is optional (the JDK decoder accepts its absence, as AWS does); bytes
     * that are not valid UTF-8 fail rather than turning silently into replacement characters.
     */
    static JsonNode base64Decode(Args args) {
        String data = limited(args, 0);
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(data);
        } catch (IllegalArgumentException e) {
            throw args.fail("argument 1 is not valid Base64: " + e.getMessage());
        }
        try {
            return TextNode.valueOf(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString());
        } catch (CharacterCodingException e) {
            throw args.fail("the decoded bytes are not valid UTF-8 text");
        }
    }

    /** Lower-case hexadecimal digest of the string's UTF-8 bytes. */
    static JsonNode hash(Args args) {
        String data = limited(args, 0);
        String algorithm = args.string(1);
        if (!HASH_ALGORITHMS.contains(algorithm)) {
            throw args.fail("unsupported algorithm '" + algorithm + "' (expected one of "
                    + String.join(", ", HASH_ALGORITHMS) + ")");
        }
        try {
            byte[] digest = MessageDigest.getInstance(algorithm).digest(data.getBytes(StandardCharsets.UTF_8));
            return TextNode.valueOf(HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JDK must provide " + algorithm, e);
        }
    }

    private static String limited(Args args, int index) {
        String data = args.string(index);
        int length = data.codePointCount(0, data.length());
        if (length > MAX_INPUT_CHARS) {
            throw args.fail("argument " + (index + 1) + " has " + length + " characters, but at most "
                    + MAX_INPUT_CHARS + " are allowed");
        }
        return data;
    }
}
