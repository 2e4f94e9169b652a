package io.jeeves.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jeeves.llm.embedding.EmbeddingProvider;
import io.jeeves.llm.provider.ApiKeys;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which embeddings provider the settings choose, and every bad setting refused at start with its name. */
class EmbeddingsConfigTest {
    static final String KEY = "sk-config-secret-0123456789";
    static final ApiKeys KEYS = new ApiKeys(Map.of("EMBED_KEY", KEY)::get, id -> null);

    static EmbeddingProvider from(Map<String, String> settings) {
        return LlmFactory.embeddings(name -> Optional.ofNullable(settings.get(name)), KEYS, "us-east-1");
    }

    @Test
    void disabledUnlessAProviderIsChosen() {
        assertThat(from(Map.of()).name()).isEqualTo("disabled");
        assertThat(from(Map.of("PROVIDER", "disabled")).name()).isEqualTo("disabled");
    }

    @Test
    void hashingAndOpenAiWithTheirDimensions() {
        assertThat(from(Map.of("PROVIDER", "hashing")).dimensions()).isEqualTo(256);
        assertThat(from(Map.of("PROVIDER", "hashing", "DIMENSIONS", "64")).dimensions()).isEqualTo(64);
        EmbeddingProvider openai = from(Map.of("PROVIDER", "openai", "MODEL", "text-embedding-3-small",
                "API_KEY", "env:EMBED_KEY", "DIMENSIONS", "512", "BASE_URL", "http://127.0.0.1:1/v1"));
        assertThat(openai.name()).isEqualTo("openai");
        assertThat(openai.dimensions()).isEqualTo(512);
        assertThat(openai.toString()).doesNotContain(KEY);
        assertThat(from(Map.of("PROVIDER", "openai", "MODEL", "nomic-embed-text")).dimensions()).isZero();
    }

    @Test
    void badSettingsStopTheStartNamingTheSettingNeverTheKey() {
        assertThatThrownBy(() -> from(Map.of("PROVIDER", "pgvector"))).hasMessageContaining("JEEVES_EMBEDDINGS_PROVIDER")
                .hasMessageContaining("pgvector");
        assertThatThrownBy(() -> from(Map.of("PROVIDER", "openai"))).hasMessageContaining("JEEVES_EMBEDDINGS_MODEL");
        assertThatThrownBy(() -> from(Map.of("PROVIDER", "openai", "MODEL", "m", "API_KEY", "env:NOT_SET_ANYWHERE")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("NOT_SET_ANYWHERE");
        assertThatThrownBy(() -> from(Map.of("PROVIDER", "hashing", "DIMENSIONS", "-3")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("DIMENSIONS");
        assertThatThrownBy(() -> from(Map.of("PROVIDER", "hashing", "DIMENSIONS", "many")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("JEEVES_EMBEDDINGS_");
        assertThatThrownBy(() -> from(Map.of("PROVIDER", "openai", "MODEL", "m", "TIMEOUT_SECONDS", "soon")))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> from(Map.of("PROVIDER", "openai", "MODEL", "m", "BASE_URL", "http://bad host/")))
                .isInstanceOf(IllegalStateException.class);
    }
}
