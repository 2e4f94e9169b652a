package io.jeeves.config;

import io.jeeves.catalog.Catalog;
import io.jeeves.flows.StepFunctionsFlows;
import io.jeeves.governance.ControlLoop;
import io.jeeves.governance.artifact.ArtifactConfig;
import io.jeeves.governance.artifact.ArtifactService;
import io.jeeves.governance.artifact.BlobStore;
import io.jeeves.governance.directive.DirectiveService;
import io.jeeves.governance.execution.BudgetCheck;
import io.jeeves.governance.execution.IdempotentModuleRunner;
import io.jeeves.governance.execution.RunService;
import io.jeeves.governance.execution.module.ModuleRegistry;
import io.jeeves.governance.policy.PolicyConfig;
import io.jeeves.governance.policy.PolicyEvaluator;
import io.jeeves.json.Json;
import io.jeeves.store.dynamodb.DynamoApprovalRequestStore;
import io.jeeves.store.dynamodb.DynamoArtifactStore;
import io.jeeves.store.dynamodb.DynamoDirectiveStore;
import io.jeeves.store.dynamodb.DynamoIdempotencyStore;
import io.jeeves.store.dynamodb.DynamoRunStore;
import io.jeeves.store.s3.S3BlobStore;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Micronaut wiring of the governance control loop: its stores on DynamoDB and S3, its flows on Step
 * Functions, the policy configuration and the module registry (built-ins and those found on the class path).
 * The S3 and Step Functions clients are built on first use, so a function that reads directives never loads
 * them; the policy is read at start by the functions given a policy setting.
 */
@Factory
public class GovernanceFactory {
    /** A module invocation's lease: after it, a crashed attempt's key may be taken over. */
    static final Duration MODULE_LEASE = Duration.ofMinutes(15);
    /** How long a module's result is kept for redeliveries. */
    static final Duration MODULE_RESULT_TTL = Duration.ofDays(7);

    @Singleton
    PolicyConfig policyConfig(JeevesSettings settings) {
        return PolicyConfigs.load(settings.policy(), name -> {
            try (SsmClient ssm = AwsClients.configure(SsmClient.builder(), settings.region(), Optional.empty()).build()) {
                return ssm.getParameter(b -> b.name(name).withDecryption(true)).parameter().value();
            }
        });
    }

    @Singleton
    SfnClient stepFunctions(JeevesSettings settings) {
        return AwsClients.configure(SfnClient.builder(), settings.region(), settings.stepFunctionsEndpoint()).build();
    }

    @Singleton
    S3Client s3(JeevesSettings settings) {
        return AwsClients.configure(S3Client.builder(), settings.region(), settings.s3Endpoint())
                .forcePathStyle(settings.s3Endpoint().isPresent()).build();
    }

    /** Artifacts: metadata on DynamoDB, large content on S3 (its client built on first use). */
    @Singleton
    ArtifactService artifacts(DynamoDbClient db, JeevesSettings settings, Clock clock, Provider<S3Client> s3Client) {
        Supplier<BlobStore> s3 = memoize(() -> new S3BlobStore(s3Client.get(), settings.bucket(Catalog.ARTIFACTS)));
        BlobStore blobs = new BlobStore() {
            @Override
            public boolean putIfAbsent(String key, byte[] bytes, String contentType, String sha256) {
                return s3.get().putIfAbsent(key, bytes, contentType, sha256);
            }

            @Override
            public Optional<byte[]> get(String key) {
                return s3.get().get(key);
            }
        };
        return new ArtifactService(new DynamoArtifactStore(db, settings.table(Catalog.ARTIFACTS_TABLE)), blobs,
                new ArtifactConfig(settings.bucket(Catalog.ARTIFACTS)), clock);
    }

    /** The Step Functions client comes through a provider: built on first use, not with the loop. */
    @Singleton
    ControlLoop controlLoop(DynamoDbClient db, JeevesSettings settings, PolicyConfig policy, Clock clock,
            Provider<SfnClient> sfn, ArtifactService artifacts) {
        String directives = settings.table(Catalog.DIRECTIVES);
        ModuleRegistry modules = ModuleRegistry.withBuiltins().discover(GovernanceFactory.class.getClassLoader());
        return new ControlLoop(new DirectiveService(new DynamoDirectiveStore(db, directives), clock), new PolicyEvaluator(policy),
                new RunService(new DynamoRunStore(db, settings.table(Catalog.RUNS)), clock),
                new IdempotentModuleRunner(modules, new DynamoIdempotencyStore(db, settings.table(Catalog.IDEMPOTENCY)),
                        BudgetCheck.ceiling(policy.budgetCeiling(), false), clock, MODULE_LEASE, MODULE_RESULT_TTL),
                artifacts, new DynamoApprovalRequestStore(db, directives),
                new StepFunctionsFlows(sfn::get, () -> settings.stateMachine(Catalog.APPROVAL)),
                Json::writeBytes, clock, settings.approvalTimeout());
    }

    /** A supplier that builds its value once, on first use. */
    static <T> Supplier<T> memoize(Supplier<T> build) {
        return new Supplier<>() {
            private volatile T value;

            @Override
            public T get() {
                T v = value;
                if (v == null) {
                    synchronized (this) {
                        v = value;
                        if (v == null) {
                            value = v = build.get();
                        }
                    }
                }
                return v;
            }
        };
    }
}
