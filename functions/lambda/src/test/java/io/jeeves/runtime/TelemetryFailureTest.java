package io.jeeves.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.jeeves.testing.Functions;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.provider.EmfMetricsProvider;

/** A broken metrics backend (failure injection) never turns an answered request into an error. */
class TelemetryFailureTest {

    @AfterEach
    void restore() {
        MetricsFactory.setMetricsProvider(new EmfMetricsProvider());
    }

    @Test
    void aFailingFlushDoesNotFailTheRequest() {
        Metrics failing = (Metrics) Proxy.newProxyInstance(Metrics.class.getClassLoader(), new Class<?>[] {Metrics.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("flush")) {
                        throw new IllegalArgumentException("Namespace must be specified before flushing metrics");
                    }
                    return null;
                });
        MetricsFactory.setMetricsProvider(new EmfMetricsProvider() {
            @Override
            public Metrics getMetricsInstance() {
                return failing;
            }
        });
        assertThat(Functions.http("GetQuotaDefaults").as("alice").send().status()).isEqualTo(200);
        assertThat(Functions.http("GetProcess").as("alice").path("pid", "absent").send().status()).isEqualTo(404);
    }
}
