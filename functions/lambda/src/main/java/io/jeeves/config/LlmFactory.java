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

    @Singleton
    LlmGateway llmGateway(DynamoDbClient db, JeevesSettings settings, LlmConfigs.LlmSettings llm, Kernel kernel,
            KernelStores stores, ArtifactService artifacts, Clock clock) {
        DynamoProcessStore processes = (DynamoProcessStore) stores.processes();
        DynamoReservationStore reservations = new DynamoReservationStore(db, settings.table(Catalog.RESERVATIONS), processes);
        DynamoCallLedger ledger = new DynamoCallLedger(reservations,
                new DynamoArtifactStore(db, settings.table(Catalog.ARTIFACTS_TABLE)), clock);
        Supplier<SecretsManagerClient> secrets = GovernanceFactory.memoize(() -> AwsClients.configure(
                SecretsManagerClient.builder(), settings.region(), Optional.empty()).build());
        ApiKeys keys = new ApiKeys(System::getenv, id -> secrets.get().getSecretValue(b -> b.secretId(id)).secretString());
        return new LlmGateway(kernel.processes(), new UsageReservations(kernel.processes(), reservations, clock),
                llm.agents(), new Providers(keys), llm.prices(), artifacts, ledger, Json::writeBytes, RetryPolicy.DEFAULT,
                d -> Thread.sleep(d.toMillis()), () -> ThreadLocalRandom.current().nextDouble(), System::nanoTime);
    }
}
