package io.jeeves.llm.embedding;

import io.jeeves.llm.LlmErrorType;
import io.jeeves.llm.LlmException;
import java.util.List;

/** The default: refuses every call, sends nothing anywhere, and says how to enable a provider. */
public final class DisabledEmbeddings implements EmbeddingProvider {
    public static final String NAME = "disabled";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int dimensions() {
        return 0;
    }

    @Override
    public List<float[]> embed(List<String> texts) {
        throw LlmException.of(LlmErrorType.DISABLED, "embeddings are disabled: set JEEVES_EMBEDDINGS_PROVIDER to openai "
                + "(with JEEVES_EMBEDDINGS_MODEL, JEEVES_EMBEDDINGS_BASE_URL and JEEVES_EMBEDDINGS_API_KEY), bedrock "
                + "(JEEVES_EMBEDDINGS_MODEL, default amazon.titan-embed-text-v2:0) or hashing (local, for tests and demos)");
    }
}
