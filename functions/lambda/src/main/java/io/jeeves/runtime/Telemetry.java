package io.jeeves.runtime;

import java.util.ArrayList;
import java.util.List;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * EMF metrics of one invocation, collected as the handler runs and flushed once at its end. Flushing
 * is serialised because the Powertools metrics instance is shared by a JVM (the local stack runs many
 * invocations at once; Lambda runs one).
 */
public final class Telemetry {
    private static final Object FLUSH_LOCK = new Object();
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Telemetry.class);
    /** Used when POWERTOOLS_METRICS_NAMESPACE is not set (the CDK app sets it). */
    static final String DEFAULT_NAMESPACE = "Jeeves";
    private static volatile boolean namespaced;

    private record Point(String name, double value, MetricUnit unit) {
    }

    /** A metric with dimensions of its own (besides {@code function}), emitted as a metric document of its own. */
    private record Dimensioned(Point point, String[] dimensions) {
    }

    private final String function;
    private final List<Point> points = new ArrayList<>(4);
    private final List<Dimensioned> dimensioned = new ArrayList<>(2);

    public Telemetry(String function) {
        this.function = function;
    }

    public void count(String name) {
        points.add(new Point(name, 1, MetricUnit.COUNT));
    }

    public void seconds(String name, double value) {
        points.add(new Point(name, value, MetricUnit.SECONDS));
    }

    /** A count with its own dimensions: {@code name, value, name, value…} (e.g. {@code "status", "complete"}). */
    public void count(String name, String... dimensions) {
        dimensioned.add(new Dimensioned(new Point(name, 1, MetricUnit.COUNT), dimensions.clone()));
    }

    /** A count of {@code value} (e.g. tokens) with its own dimensions. */
    public void count(String name, long value, String... dimensions) {
        dimensioned.add(new Dimensioned(new Point(name, value, MetricUnit.COUNT), dimensions.clone()));
    }

    /** A duration with its own dimensions. */
    public void seconds(String name, double value, String... dimensions) {
        dimensioned.add(new Dimensioned(new Point(name, value, MetricUnit.SECONDS), dimensions.clone()));
    }

    /**
     * Emits this invocation's metrics with the dimensions {@code function} and {@code outcome}. Never
     * throws: telemetry must not fail a request that has been answered.
     */
    public void flush(String outcome) {
        try {
            synchronized (FLUSH_LOCK) {
                Metrics metrics = MetricsFactory.getMetricsInstance();
                if (!namespaced) {
                    if (System.getenv("POWERTOOLS_METRICS_NAMESPACE") == null) {
                        metrics.setNamespace(DEFAULT_NAMESPACE);
                    }
                    namespaced = true;
                }
                metrics.addDimension(DimensionSet.of("function", function, "outcome", outcome));
                for (Point p : points) {
                    metrics.addMetric(p.name(), p.value(), p.unit());
                }
                metrics.flush();
                String namespace = System.getenv().getOrDefault("POWERTOOLS_METRICS_NAMESPACE", DEFAULT_NAMESPACE);
                for (Dimensioned d : dimensioned) {
                    DimensionSet dims = DimensionSet.of("function", function);
                    for (int i = 0; i + 1 < d.dimensions().length; i += 2) {
                        dims.addDimension(d.dimensions()[i], d.dimensions()[i + 1] == null ? "none" : d.dimensions()[i + 1]);
                    }
                    metrics.flushSingleMetric(d.point().name(), d.point().value(), d.point().unit(), namespace, dims);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("metrics not emitted: {}", e.toString());
        } finally {
            points.clear();
            dimensioned.clear();
        }
    }
}
