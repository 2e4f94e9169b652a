package io.jeeves.config;

import io.jeeves.catalog.Catalog;
import io.jeeves.governance.artifact.ArtifactService;
import io.jeeves.json.Json;
import io.jeeves.kernel.service.Kernel;
import io.jeeves.kernel.service.KernelStores;
import io.jeeves.kernel.service.UsageReservations;
import io.jeeves.llm.LlmGateway;
import io.jeeves.llm.RetryPolicy;
import io.jeeves.llm.provider.ApiKeys;
import io.jeeves.llm.provider.Providers;
import io.jeeves.store.dynamodb.DynamoArtifactStore;
import io.jeeves.store.dynamodb.DynamoCallLedger;
import io.jeeves.store.dynamodb.DynamoProcessStore;
import io.jeeves.store.dynamodb.DynamoReservationStore;
import io.jeeves.store.dynamodb.DynamoVectorStore;
import io.jeeves.llm.embedding.DisabledEmbeddings;
import io.jeeves.llm.embedding.EmbeddingProvider;
import io.jeeves.llm.embedding.HashingEmbeddings;
import io.jeeves.llm.embedding.MemorySearch;
import io.jeeves.llm.provider.BedrockEmbeddings;
import io.jeeves.llm.provider.BedrockProvider;
import io.jeeves.llm.provider.OpenAiEmbeddings;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Micronaut wiring of the LLM gateway: its configuration (read and validated at start), the providers (API
 * keys from the environment or Secrets Manager, whose client is built only if a key needs it), usage
 * reservations on DynamoDB, and the artifacts of the control loop's artifact service.
 */
@Factory
public class LlmFactory {

    @Singleton
    LlmConfigs.LlmSettings llmSettings(JeevesSettings settings) {
        return LlmConfigs.load(settings.llm(), name -> {
            try (SsmClient ssm = AwsClients.configure(SsmClient.builder(), settings.region(), Optional.empty()).build()) {
                return ssm.getParameter(b -> b.name(name).withDecryption(true)).parameter().value();
            }
        }, System.getenv());
    }

    /**
     * Semantic memory: the embeddings provider of {@code jeeves.embeddings.provider} / {@code JEEVES_EMBEDDINGS_PROVIDER}
     * (disabled, hashing, openai, bedrock; with {@code _MODEL}, {@code _BASE_URL}, {@code _API_KEY} (a reference,
     * like the agents'), {@code _DIMENSIONS} (the vectors' length; the model's own when unset, 256 for hashing),
     * {@code _TIMEOUT_SECONDS}), read at start; vectors on DynamoDB.
     */
    @Singleton
    MemorySearch memorySearch(DynamoDbClient db, JeevesSettings settings, Clock clock) {
        return new MemorySearch(embeddings(name -> settings.setting("jeeves.embeddings." + name.toLowerCase(java.util.Locale.ROOT),
                "JEEVES_EMBEDDINGS_" + name), apiKeys(settings), settings.region()),
                new DynamoVectorStore(db, settings.table(Catalog.VECTORS)), clock);
    }

    static EmbeddingProvider embeddings(java.util.function.Function<String, Optional<String>> setting, ApiKeys keys,
            String region) {
        String provider = setting.apply("PROVIDER").orElse(DisabledEmbeddings.NAME);
        try {
            int dimensions = Integer.parseInt(setting.apply("DIMENSIONS").orElse("0"));
            if (dimensions < 0) {
                throw new NumberFormatException("JEEVES_EMBEDDINGS_DIMENSIONS must not be negative");
            }
            java.time.Duration timeout = java.time.Duration.ofSeconds(Long.parseLong(setting.apply("TIMEOUT_SECONDS")
                    .orElse("30")));
            switch (provider) {
                case DisabledEmbeddings.NAME:
                    return new DisabledEmbeddings();
                case HashingEmbeddings.NAME:
                    return new HashingEmbeddings(dimensions == 0 ? 256 : dimensions);
                case OpenAiEmbeddings.NAME:
                    String model = setting.apply("MODEL").orElseThrow(() -> new IllegalStateException(
                            "Invalid configuration: JEEVES_EMBEDDINGS_MODEL is required for the openai embeddings"));
                    return new OpenAiEmbeddings(setting.apply("BASE_URL").map(java.net.URI::create).orElse(null), model,
                            dimensions, keys.resolve(setting.apply("API_KEY").orElse(null)), timeout, Providers.httpClient());
                case BedrockEmbeddings.NAME:
                    return new BedrockEmbeddings(BedrockProvider.client(region, setting.apply("BASE_URL")
                            .map(java.net.URI::create).orElse(null), DefaultCredentialsProvider.builder().build()),
                            setting.apply("MODEL").orElse("amazon.titan-embed-text-v2:0"), dimensions, timeout);
                default:
                    throw new IllegalStateException("Invalid configuration: JEEVES_EMBEDDINGS_PROVIDER = '" + provider
                            + "' (expected disabled, hashing, openai or bedrock)");
            }
        } catch (IllegalArgumentException | io.jeeves.llm.LlmException e) { // a number, a URL, a key reference
            throw new IllegalStateException("Invalid configuration: JEEVES_EMBEDDINGS_*: " + e.getMessage());
        }
    }

    private static ApiKeys apiKeys(JeevesSettings settings) {
        Supplier<SecretsManagerClient> secrets = GovernanceFactory.memoize(() -> AwsClients.configure(
                SecretsManagerClient.builder(), settings.region(), Optional.empty()).build());
        return new ApiKeys(System::getenv, id -> secrets.get().getSecretValue(b -> b.secretId(id)).secretString());
    }

    @Singleton
    LlmGateway llmGateway(DynamoDbClient db, JeevesSettings settings, LlmConfigs.LlmSettings llm, Kernel kernel,
            KernelStores stores, ArtifactService artifacts, Clock clock) {
        DynamoProcessStore processes = (DynamoProcessStore) stores.processes();
        DynamoReservationStore reservations = new DynamoReservationStore(db, settings.table(Catalog.RESERVATIONS), processes);
        DynamoCallLedger ledger = new DynamoCallLedger(reservations,
                new DynamoArtifactStore(db, settings.table(Catalog.ARTIFACTS_TABLE)), clock);
        ApiKeys keys = apiKeys(settings);
        return new LlmGateway(kernel.processes(), new UsageReservations(kernel.processes(), reservations, clock),
                llm.agents(), new Providers(keys, settings.region()), llm.prices(), artifacts, ledger, Json::writeBytes, RetryPolicy.DEFAULT,
                d -> Thread.sleep(d.toMillis()), () -> ThreadLocalRandom.current().nextDouble(), System::nanoTime);
    }
}
