package io.jeeves.store.dynamodb;

import io.jeeves.error.JeevesException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Opaque page tokens: a DynamoDB LastEvaluatedKey plus the query it was made for, base64url-encoded.
 * A token is only accepted for the same query, and its key must pin the same partition, so a forged
 * token can neither fail the store nor reach another user's items.
 */
final class PageTokens {
    private static final String SEP = "\u001f";

    private PageTokens() {
    }

    static String encode(String query, Map<String, AttributeValue> lastKey) {
        if (lastKey == null || lastKey.isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder(query);
        lastKey.forEach((k, v) -> sb.append(SEP).append(k).append(SEP).append(v.s() != null ? "S" : "N")
                .append(SEP).append(v.s() != null ? v.s() : v.n()));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param keyNames the exact attribute names the key must have
     * @param pinned attribute → value the key must carry (the query's partition)
     * @return the ExclusiveStartKey, or null for the first page
     */
    static Map<String, AttributeValue> decode(String token, String query, Set<String> keyNames, Map<String, String> pinned) {
        if (token == null || token.isEmpty()) {
            return null;
        }
        Map<String, AttributeValue> key = parse(token, query);
        boolean valid = key != null && key.keySet().equals(keyNames)
                && pinned.entrySet().stream().allMatch(p -> p.getValue().equals(key.get(p.getKey()).s()));
        if (!valid) {
            throw JeevesException.invalidArgument("next_token", "next_token is not a valid page token for this query");
        }
        return key;
    }

    private static Map<String, AttributeValue> parse(String token, String query) {
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        String[] parts = text.split(SEP, -1);
        if (!parts[0].equals(query) || (parts.length - 1) % 3 != 0) {
            return null;
        }
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        for (int i = 1; i < parts.length; i += 3) {
            String type = parts[i + 1];
            String value = parts[i + 2];
            if (type.equals("S")) {
                key.put(parts[i], AttributeValue.fromS(value));
            } else if (type.equals("N") && value.matches("-?\\d{1,38}")) {
                key.put(parts[i], AttributeValue.fromN(value));
            } else {
                return null;
            }
        }
        return key;
    }
}
