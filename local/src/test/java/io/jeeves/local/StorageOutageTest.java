package io.jeeves.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Failure injection: with DynamoDB gone, requests answer 503 UNAVAILABLE with Retry-After, not 500. */
class StorageOutageTest {

    @Test
    void anUnreachableDatabaseIsUnavailableNotInternal() throws Exception {
        try (LocalStack stack = LocalStack.ephemeral().start()) {
            ApiClient api = new ApiClient(stack.apiUrl());
            String token = api.token("erin");
            assertThat(api.post("/v1/processes", token, Map.of("pid", "before-outage")).status()).isEqualTo(201);
            stack.stopDynamoDb();
            ApiClient.Reply r = api.get("/v1/processes/before-outage", token);
            assertThat(r.status()).isEqualTo(503);
            assertThat(r.body().path("code").asText()).isEqualTo("UNAVAILABLE");
            assertThat(r.header("retry-after")).isEqualTo("1");
            assertThat(r.body().path("detail").asText()).doesNotContain("Exception");
        }
    }
}
