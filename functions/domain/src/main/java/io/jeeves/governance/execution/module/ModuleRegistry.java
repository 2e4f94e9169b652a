package io.jeeves.governance.execution.module;

import io.jeeves.error.JeevesException;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The execution modules by name. Built in ({@link #withBuiltins()}): {@code noop} succeeds with an empty
 * output, {@code echo} succeeds with the payload as its output, {@code fail_intentionally} fails on purpose.
 * Others come from the SPI ({@link #discover(ClassLoader)}) or are registered by hand. A name is registered
 * once: a module cannot replace another, built-in or not.
 */
public final class ModuleRegistry {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    private final Map<String, ExecutionModule> modules = new ConcurrentHashMap<>();

    /** An empty registry. */
    public ModuleRegistry() {
    }

    /** A registry with the built-in modules. */
    public static ModuleRegistry withBuiltins() {
        ModuleRegistry r = new ModuleRegistry();
        r.register(ExecutionModule.of("noop", input -> ModuleResult.success(Map.of())));
        r.register(ExecutionModule.of("echo", input -> ModuleResult.success(input.payload())));
        r.register(new FailIntentionallyModule());
        return r;
    }

    /**
     * Registers every module listed in {@code META-INF/services/io.jeeves.governance.execution.module.ExecutionModule}
     * files that {@code loader} sees.
     *
     * @return this registry
     * @throws io.jeeves.error.FailedPreconditionException when a discovered name is already registered
     */
    public ModuleRegistry discover(ClassLoader loader) {
        for (ExecutionModule m : ServiceLoader.load(ExecutionModule.class, loader)) {
            register(m);
        }
        return this;
    }

    /**
     * @throws io.jeeves.error.InvalidArgumentException when the name is not lowercase letters, digits and _
     * @throws io.jeeves.error.FailedPreconditionException when the name is taken
     */
    public ModuleRegistry register(ExecutionModule module) {
        String name = checkName("name", module.name());
        if (modules.putIfAbsent(name, module) != null) {
            throw JeevesException.failedPrecondition("Execution module " + name + " is already registered");
        }
        return this;
    }

    /**
     * The module serving directives of {@code type}.
     *
     * @throws io.jeeves.error.InvalidArgumentException naming {@code type} when no module has that name
     */
    public ExecutionModule lookup(String type) {
        ExecutionModule m = type == null ? null : modules.get(type);
        if (m == null) {
            throw JeevesException.invalidArgument("type", "Unknown directive type " + type
                    + "; known execution modules: " + names());
        }
        return m;
    }

    /** Checks that a directive's type names a module and that the module accepts the payload. */
    public void validate(String type, Map<String, Object> payload) {
        lookup(type).validate(payload == null ? Map.of() : payload);
    }

    /** The registered names, sorted. */
    public Set<String> names() {
        return new TreeMap<>(modules).keySet();
    }

    /** A module name: 1..64 lowercase letters, digits and underscores, starting with a letter. */
    public static String checkName(String field, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw JeevesException.invalidArgument(field, field
                    + " must be 1..64 lowercase letters, digits and _, starting with a letter");
        }
        return name;
    }
}
