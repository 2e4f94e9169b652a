package io.jeeves.llm.provider;

import com.fasterxml.jackson.databind.JsonNode;
import io.jeeves.llm.LlmErrorType;
import io.jeeves.llm.LlmException;

/** Reads one vector of an embeddings answer (a JSON array of numbers), as every embeddings adapter must. */
final class EmbeddingVectors {
    private EmbeddingVectors() {
    }

    /**
     * The floats of {@code array}: a parse error unless it is a non-empty array of numbers; misconfigured when
     * {@code dimensions} is set (not 0) and the model answered another length (it ignored the setting, or
     * the setting names another model's size).
     */
    static float[] floats(JsonNode array, String backend, int dimensions) {
        if (!array.isArray() || array.isEmpty()) {
            throw LlmException.of(LlmErrorType.PARSE, "the " + backend + " embeddings answer has a malformed vector");
        }
        if (dimensions > 0 && array.size() != dimensions) {
            throw LlmException.of(LlmErrorType.MISCONFIGURED, "the " + backend + " embeddings model answered "
                    + array.size() + " dimensions, not the " + dimensions + " configured");
        }
        float[] v = new float[array.size()];
        for (int i = 0; i < v.length; i++) {
            JsonNode x = array.get(i);
            if (!x.isNumber()) {
                throw LlmException.of(LlmErrorType.PARSE, "the " + backend + " embeddings answer has a malformed vector");
            }
            v[i] = x.floatValue();
        }
        return v;
    }
}
