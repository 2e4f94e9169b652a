package io.jeeves.store.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.jeeves.catalog.Catalog;
import io.jeeves.governance.approval.ApprovalRequest;
import io.jeeves.governance.approval.ApprovalRequestStore;
import io.jeeves.governance.approval.ApprovalRequestStoreContract;
import io.jeeves.governance.directive.Directive;
import io.jeeves.governance.directive.DirectiveStatus;
import io.jeeves.testing.DynamoDbLocal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The approval contract against DynamoDB Local, in the directives table beside the directives. */
class DynamoApprovalRequestStoreContractTest extends ApprovalRequestStoreContract {
    private String table;

    @Override
    protected ApprovalRequestStore newStore() {
        table = DynamoDbLocal.freshTables() + Catalog.DIRECTIVES;
        return new DynamoApprovalRequestStore(DynamoDbLocal.client(), table);
    }

    @Test
    void aPendingApprovalIsNeitherADirectiveNorAnAuditEntry() {
        DynamoDirectiveStore directives = new DynamoDirectiveStore(DynamoDbLocal.client(), table);
        Directive d = new Directive("dir_a", "alice", "ops", "noop", Map.of(), DirectiveStatus.PROPOSED, "", "alice", "x",
                "test", List.of(), List.of(), "$5", null, t0, t0, 0L);
        assertThat(directives.insert(d, List.of())).isTrue();
        store.put(new ApprovalRequest("dir_a", "token-1", null, t0, t0.plusSeconds(60)));
        assertThat(directives.get("dir_a").orElseThrow().status()).isEqualTo(DirectiveStatus.PROPOSED);
        assertThat(directives.history("dir_a")).isEmpty();
        assertThat(directives.list("alice", null, null, 10, null).items()).extracting(Directive::id).containsExactly("dir_a");
        assertThat(store.get("dir_a").orElseThrow().approvalExecution()).isNull();
    }
}
