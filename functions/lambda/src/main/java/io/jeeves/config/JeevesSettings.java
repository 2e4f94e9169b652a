package io.jeeves.config;

import io.jeeves.catalog.BucketSpec;
import io.jeeves.catalog.Catalog;
import io.jeeves.catalog.StateMachineSpec;
import io.jeeves.catalog.TableSpec;
import io.jeeves.kernel.ResourceQuota;
import io.jeeves.kernel.ratelimit.RateLimitConfig;
import io.jeeves.kernel.service.CleanupConfig;
import io.jeeves.kernel.service.KernelConfig;
import io.micronaut.context.env.Environment;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The one configuration reader of the functions, over Micronaut's environment (environment variables,
 * system properties, application properties). Everything is read and validated once, at start; a bad
 * value stops the function with a message naming the setting.
 *
 * <ul>
 *   <li>{@code jeeves.tables.<id>} (env {@code JEEVES_TABLES_<ID>}): a table's name; otherwise
 *       {@code jeeves.table-prefix} + id (default prefix {@code jeeves-}).</li>
 *   <li>{@code jeeves.dynamodb.endpoint}: an endpoint override (DynamoDB Local); {@code aws.region}.</li>
 *   <li>{@code jeeves.buckets.<id>} (env {@code JEEVES_BUCKETS_<ID>}): a bucket's name; otherwise the table
 *       prefix + id. {@code jeeves.s3.endpoint}: an endpoint override (the local S3 emulator; path-style).</li>
 *   <li>{@code jeeves.state-machines.<id>} (env {@code JEEVES_STATE_MACHINES_<ID>}): a state machine's ARN (no
 *       default: a function that starts or controls one is given it). {@code jeeves.stepfunctions.endpoint}:
 *       an endpoint override (the local stack's engine).</li>
 *   <li>{@code jeeves.governance.approval_timeout_seconds} (env
 *       {@code JEEVES_GOVERNANCE_APPROVAL_TIMEOUT_SECONDS}): how long a directive waits for a person, 1 s to
 *       7 days (default 7 days).</li>
 *   <li>{@code jeeves.quota.<field>}, {@code jeeves.rate-limit.<field>}: the base defaults (wire names,
 *       e.g. {@code jeeves.quota.max_llm_calls}, env {@code JEEVES_QUOTA_MAX_LLM_CALLS}).</li>
 *   <li>{@code jeeves.cleanup.<field>}: retention in seconds and the per-cycle batch limit.</li>
 *   <li>The policy gate's {@code PolicyConfig}, from at most one of: {@code jeeves.policy.file} (env
 *       {@code JEEVES_POLICY_FILE}, a JSON file: the local stack), {@code jeeves.policy.ssm-parameter}
 *       ({@code JEEVES_POLICY_SSM_PARAMETER}, the name of an SSM parameter holding the JSON: AWS) or
 *       {@code jeeves.policy.json} ({@code JEEVES_POLICY_JSON}, the JSON itself); none: the defaults.</li>
 *   <li>The LLM gateway's configuration ({@code agents}, {@code prices}), the same way from
 *       {@code jeeves.llm.file|ssm-parameter|json} (env {@code JEEVES_LLM_FILE|SSM_PARAMETER|JSON}); the
 *       defaults and per-agent overrides come from the environment ({@code JEEVES_LLM_PROVIDER},
 *       {@code <AGENT>_MODEL}, ...; see {@code AgentConfigs}).</li>
 * </ul>
 */
public record JeevesSettings(Map<String, String> tables, Optional<URI> dynamoDbEndpoint, String region,
        KernelConfig kernel, Optional<DocumentSource> policy, Map<String, String> buckets, Map<String, String> stateMachines,
        Optional<URI> s3Endpoint, Optional<URI> stepFunctionsEndpoint, java.time.Duration approvalTimeout,
        Optional<DocumentSource> llm) {

    /** The longest a directive waits for a person (the approval flow itself times out after 8 days). */
    public static final java.time.Duration MAX_APPROVAL_TIMEOUT = java.time.Duration.ofDays(7);

    /**
     * Where a configuration document (JSON) is: a file, an SSM parameter, or the JSON itself; {@code setting}
     * names the property it came from.
     */
    public record DocumentSource(Kind kind, String setting, String value) {
        public enum Kind { FILE, SSM_PARAMETER, JSON }
    }

    public static JeevesSettings from(Environment env) {
        return from(key -> env.getProperty(key, String.class));
    }

    /** From system properties and environment variables only (before Micronaut has started). */
    public static JeevesSettings fromSystem() {
        return from(key -> Optional.ofNullable(System.getProperty(key)));
    }

    /** @param env property name to value, before the environment-variable fallbacks */
    public static JeevesSettings from(java.util.function.Function<String, Optional<String>> env) {
        String prefix = env.apply("jeeves.table-prefix").orElse("jeeves-");
        Map<String, String> tables = new LinkedHashMap<>();
        for (TableSpec t : Catalog.tables()) {
            tables.put(t.id(), first(env, "jeeves.tables." + t.id(), t.envVar()).orElse(prefix + t.id()));
        }
        Map<String, String> buckets = new LinkedHashMap<>();
        for (BucketSpec b : Catalog.buckets()) {
            buckets.put(b.id(), first(env, "jeeves.buckets." + b.id(), b.envVar()).orElse(prefix + b.id()));
        }
        Map<String, String> machines = new LinkedHashMap<>();
        for (StateMachineSpec m : Catalog.stateMachines()) {
            first(env, "jeeves.state-machines." + m.name(), m.envVar()).ifPresent(arn -> machines.put(m.name(), arn));
        }
        Optional<URI> endpoint = endpoint(env, "jeeves.dynamodb.endpoint", "JEEVES_DYNAMODB_ENDPOINT");
        String region = first(env, "aws.region", "AWS_REGION").orElse("us-east-1");
        ResourceQuota quota = ResourceQuota.fromMap(ints(env, "jeeves.quota.", "JEEVES_QUOTA_", ResourceQuota.FIELDS),
                ResourceQuota.DEFAULTS);
        RateLimitConfig rates = RateLimitConfig.DEFAULTS.withOverrides(
                ints(env, "jeeves.rate-limit.", "JEEVES_RATE_LIMIT_", RateLimitConfig.FIELDS));
        Map<String, Integer> c = ints(env, "jeeves.cleanup.", "JEEVES_CLEANUP_", List.of("terminated_grace_seconds",
                "process_retention_seconds", "session_retention_seconds", "interrupt_retention_seconds", "batch_limit"));
        CleanupConfig d = CleanupConfig.DEFAULTS;
        CleanupConfig cleanup = new CleanupConfig(
                c.getOrDefault("terminated_grace_seconds", (int) d.terminatedGraceSeconds()),
                c.getOrDefault("process_retention_seconds", (int) d.processRetentionSeconds()),
                c.getOrDefault("session_retention_seconds", (int) d.sessionRetentionSeconds()),
                c.getOrDefault("interrupt_retention_seconds", (int) d.interruptRetentionSeconds()),
                c.getOrDefault("batch_limit", d.batchLimit()));
        return new JeevesSettings(Map.copyOf(tables), endpoint, region, new KernelConfig(quota, rates, cleanup),
                documentSource(env, "policy"), Map.copyOf(buckets), Map.copyOf(machines),
                endpoint(env, "jeeves.s3.endpoint", "JEEVES_S3_ENDPOINT"),
                endpoint(env, "jeeves.stepfunctions.endpoint", "JEEVES_STEPFUNCTIONS_ENDPOINT"), approvalTimeout(env),
                documentSource(env, "llm"));
    }

    private static java.time.Duration approvalTimeout(java.util.function.Function<String, Optional<String>> env) {
        Integer seconds = ints(env, "jeeves.governance.", "JEEVES_GOVERNANCE_", List.of("approval_timeout_seconds"))
                .get("approval_timeout_seconds");
        if (seconds == null) {
            return MAX_APPROVAL_TIMEOUT;
        }
        if (seconds < 1 || seconds > MAX_APPROVAL_TIMEOUT.toSeconds()) {
            throw invalid("jeeves.governance.approval_timeout_seconds", seconds.toString(),
                    "1 to " + MAX_APPROVAL_TIMEOUT.toSeconds() + " seconds");
        }
        return java.time.Duration.ofSeconds(seconds);
    }

    private static Optional<URI> endpoint(java.util.function.Function<String, Optional<String>> env, String property,
            String envVar) {
        return first(env, property, envVar).map(v -> {
            try {
                URI uri = URI.create(v.trim());
                if (uri.getScheme() == null || uri.getHost() == null) {
                    throw invalid(property, v, "a URL");
                }
                return uri;
            } catch (IllegalArgumentException e) {
                throw invalid(property, v, "a URL");
            }
        });
    }

    public String bucket(String id) {
        String name = buckets.get(id);
        if (name == null) {
            throw new IllegalArgumentException("No bucket " + id);
        }
        return name;
    }

    /** A state machine's ARN; a function that needs one and was not given it stops with the setting named. */
    public String stateMachine(String id) {
        String arn = stateMachines.get(id);
        if (arn == null) {
            throw new IllegalStateException("Invalid configuration: jeeves.state-machines." + id + " (env "
                    + Catalog.stateMachines().stream().filter(m -> m.name().equals(id)).findFirst()
                            .map(StateMachineSpec::envVar).orElse("?") + ") is not set");
        }
        return arn;
    }

    /** The source of document {@code name}: at most one of {@code jeeves.<name>.file|ssm-parameter|json}. */
    private static Optional<DocumentSource> documentSource(java.util.function.Function<String, Optional<String>> env,
            String name) {
        String envPrefix = "JEEVES_" + name.toUpperCase(Locale.ROOT) + "_";
        List<DocumentSource> given = new java.util.ArrayList<>();
        first(env, "jeeves." + name + ".file", envPrefix + "FILE").ifPresent(v -> given.add(
                new DocumentSource(DocumentSource.Kind.FILE, "jeeves." + name + ".file", v.trim())));
        first(env, "jeeves." + name + ".ssm-parameter", envPrefix + "SSM_PARAMETER").ifPresent(v -> given.add(
                new DocumentSource(DocumentSource.Kind.SSM_PARAMETER, "jeeves." + name + ".ssm-parameter", v.trim())));
        first(env, "jeeves." + name + ".json", envPrefix + "JSON").ifPresent(v -> given.add(
                new DocumentSource(DocumentSource.Kind.JSON, "jeeves." + name + ".json", v)));
        if (given.size() > 1) {
            throw new IllegalStateException("Invalid configuration: the " + name + " configuration is given by more "
                    + "than one of " + given.stream().map(DocumentSource::setting).toList() + " (give one)");
        }
        return given.stream().findFirst();
    }

    /** A free-form setting: the property, else the environment variable (both trimmed; blank is absent). */
    public Optional<String> setting(String property, String envVar) {
        return first(key -> Optional.ofNullable(System.getProperty(key)), property, envVar).map(String::trim);
    }

    public String table(String id) {
        String name = tables.get(id);
        if (name == null) {
            throw new IllegalArgumentException("No table " + id);
        }
        return name;
    }

    /** What identifies a DynamoDB client: two settings with the same key share one client. */
    public record ClientKey(String region, Optional<URI> endpoint) {
    }

    public ClientKey clientKey() {
        return new ClientKey(region, dynamoDbEndpoint);
    }

    private static Optional<String> first(java.util.function.Function<String, Optional<String>> env, String property,
            String envVar) {
        Optional<String> p = env.apply(property).filter(v -> !v.isBlank());
        if (p.isPresent()) {
            return p;
        }
        return Optional.ofNullable(System.getenv(envVar)).filter(v -> !v.isBlank());
    }

    private static Map<String, Integer> ints(java.util.function.Function<String, Optional<String>> env, String propertyPrefix, String envPrefix, List<String> fields) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (String f : fields) {
            String property = propertyPrefix + f;
            first(env, property, envPrefix + f.toUpperCase(Locale.ROOT)).ifPresent(v -> {
                try {
                    int n = Integer.parseInt(v.trim());
                    if (n < 0) {
                        throw invalid(property, v, "a non-negative integer");
                    }
                    out.put(f, n);
                } catch (NumberFormatException e) {
                    throw invalid(property, v, "a non-negative integer");
                }
            });
        }
        return out;
    }

    private static IllegalStateException invalid(String setting, String value, String expected) {
        return new IllegalStateException("Invalid configuration: " + setting + " = '" + value + "' (expected " + expected + ")");
    }
}
