package io.jeeves.store.dynamodb;

import io.jeeves.catalog.Catalog;
import io.jeeves.kernel.service.CleanupConfig;
import io.jeeves.kernel.service.KernelStores;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The kernel's stores on DynamoDB. */
public final class DynamoStores {
    private DynamoStores() {
    }

    /** @param tableName table id → deployed table name */
    public static KernelStores create(DynamoDbClient db, Function<String, String> tableName, CleanupConfig retention) {
        return new KernelStores(
                new DynamoProcessStore(db, tableName.apply(Catalog.PROCESSES), retention),
                new DynamoInterruptStore(db, tableName.apply(Catalog.INTERRUPTS), retention),
                new DynamoRateLimitStore(db, tableName.apply(Catalog.RATE_LIMITS)),
                new DynamoSettingsStore(db, tableName.apply(Catalog.SETTINGS)),
                new DynamoSessionStore(db, tableName.apply(Catalog.SESSIONS), retention));
    }
}
