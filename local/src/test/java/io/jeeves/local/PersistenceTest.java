package io.jeeves.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.jeeves.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** State survives a restart of the local stack on the same data folder, tokens included. */
class PersistenceTest {
    @TempDir
    Path data;

    @Test
    void processesAndTokensSurviveARestart() throws Exception {
        LocalOptions options = LocalOptions.ephemeral().withData(data);
        String token;
        try (LocalStack first = new LocalStack(options).start()) {
            ApiClient api = new ApiClient(first.apiUrl());
            token = api.token("dana");
            assertThat(api.post("/v1/processes", token, Map.of("pid", "kept-1")).status()).isEqualTo(201);
            var endpoints = Json.read(Files.readString(data.resolve("endpoints.json")));
            assertThat(endpoints.path("api").asText()).isEqualTo(first.apiUrl().toString());
            assertThat(endpoints.path("dynamodb").asText()).isEqualTo(first.dynamoDbUrl().toString());
            assertThat(endpoints.path("functions").path("CreateProcess").path("arn").asText())
                    .isEqualTo("arn:aws:lambda:us-east-1:000000000000:function:jeeves-CreateProcess");
            assertThat(endpoints.path("tables").path("processes").asText()).isEqualTo("jeeves-processes");
        }
        assertThat(data.resolve("jwt-signing-key.json")).exists();
        try (LocalStack second = new LocalStack(options).start()) {
            ApiClient api = new ApiClient(second.apiUrl());
            var r = api.get("/v1/processes/kept-1", api.token("dana"));
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body().path("state").asText()).isEqualTo("READY");
        }
    }
}
