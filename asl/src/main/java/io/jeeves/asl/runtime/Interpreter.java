package io.jeeves.asl.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jeeves.asl.AslError;
import io.jeeves.asl.StatesError;
import io.jeeves.asl.definition.Catcher;
import io.jeeves.asl.definition.ChoiceRule;
import io.jeeves.asl.definition.PathField;
import io.jeeves.asl.definition.Retrier;
import io.jeeves.asl.definition.State;
import io.jeeves.asl.definition.StateMachineDefinition;
import io.jeeves.asl.definition.StateType;
import io.jeeves.asl.definition.Timestamps;
import io.jeeves.asl.intrinsic.IntrinsicFunctions;
import io.jeeves.asl.path.JsonPaths;
import io.jeeves.asl.path.PayloadTemplate;
import io.jeeves.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Runs states. Every method is called with the execution's lock held, except {@link #run} (which takes
 * it) and the task invocation itself, which runs on a worker without the lock so that Parallel branches
 * and Map iterations invoke concurrently.
 */
final class Interpreter {
    private static final int[] NO_RETRIES = new int[0];
    private final Engine engine;

    Interpreter(Engine engine) {
        this.engine = engine;
    }

    /**
     * Runs a frame's states until it waits, ends or the engine stops. A Task's call is made here, on the
     * same worker without the lock, and the frame goes on with its result; a frame this worker made ready
     * (the next Map item, a Parallel or Map that its last child finished) is run next by this worker. So a
     * frame changes threads only when there is more work than one worker can do.
     */
    void run(RunningExecution ex, int frameId) {
        int current = frameId;
        while (true) {
            TaskCall call = null;
            int attempt = 0;
            int next;
            boolean stepped = false;
            ex.lock.lock();
            try {
                ex.inRun = true;
                Frame f = ex.frames.get(current);
                while (f != null && f.phase == Frame.Phase.READY && ex.record.running() && !engine.stopping()) {
                    step(ex, f);
                    engine.stageIfDue(ex);
                }
                if (f != null && f.pendingCall != null) {
                    call = f.pendingCall;
                    f.pendingCall = null;
                    attempt = f.attempt;
                }
                stepped = true;
            } finally {
                ex.inRun = false;
                next = ex.takeOver;
                ex.takeOver = -1;
                ex.lock.unlock();
                if (!stepped && next >= 0) {
                    engine.submit(ex, next); // failed on the way: the frame made ready still runs
                }
            }
            if (call != null) {
                if (next >= 0) {
                    engine.submit(ex, next); // this worker has a call to make first
                }
                invoke(ex, current, attempt, call);
                engine.saveIfDue(ex);
            } else if (next >= 0) {
                current = next;
            } else {
                return;
            }
        }
    }

    /** A frame made ready: the worker stepping (lock held) takes the first one over, a pool worker the rest. */
    private void ready(RunningExecution ex, int frameId) {
        if (ex.inRun && ex.takeOver < 0) {
            ex.takeOver = frameId;
        } else {
            engine.submit(ex, frameId);
        }
    }

    private static StateMachineDefinition scope(RunningExecution ex, Frame f) {
        StateMachineDefinition def = ex.definition;
        for (Object[] step : f.scope) {
            State s = def.state((String) step[0]);
            def = s.type() == StateType.Parallel ? s.branches().get((Integer) step[1]) : s.iterator();
        }
        return def;
    }

    private void step(RunningExecution ex, Frame f) {
        State s = scope(ex, f).state(f.state);
        boolean retrying = f.retrying;
        f.retrying = false;
        long now = engine.now();
        if (!retrying) {
            f.enteredAtMillis = now;
            f.retryCounts = s.retry().isEmpty() ? NO_RETRIES : new int[s.retry().size()];
            ex.append(f, Events.stateEntered(s.type(), now, s.name(), f.inputText()));
        }
        try {
            PayloadSize.check(f.inputText());
            switch (s.type()) {
                case Pass -> pass(ex, f, s);
                case Choice -> choice(ex, f, s);
                case Wait -> waitState(ex, f, s);
                case Succeed -> {
                    Supplier<JsonNode> ctx = ctx(ex, f, s);
                    exitAndTransition(ex, f, s, outputPath(s, inputPath(s, f.input, ctx), ctx));
                }
                case Fail -> fail(ex, f, s);
                case Task -> task(ex, f, s);
                case Parallel -> parallel(ex, f, s);
                case Map -> map(ex, f, s);
            }
        } catch (AslError e) {
            handleError(ex, f, s, e.error(), e.cause());
        }
    }

    /** The context object ($$) of the state, built when first read: most states never read it. */
    private static Supplier<JsonNode> ctx(RunningExecution ex, Frame f, State s) {
        return once(() -> {
            int retries = 0;
            for (int c : f.retryCounts) {
                retries += c;
            }
            return ex.context(f, s.name(), retries);
        });
    }

    /** {@code build}, called at most once. */
    private static Supplier<JsonNode> once(Supplier<JsonNode> build) {
        return new Supplier<>() {
            private JsonNode value;

            @Override
            public JsonNode get() {
                if (value == null) {
                    value = build.get();
                }
                return value;
            }
        };
    }

    // ---- input and output processing ---------------------------------------------------------------------

    private static JsonNode readPath(String path, JsonNode input, Supplier<JsonNode> context, String what) {
        try {
            return path.startsWith("$$") ? JsonPaths.read(context.get(), path.substring(1)) : JsonPaths.read(input, path);
        } catch (JsonPaths.PathMissing e) {
            throw AslError.runtime("Invalid path '" + path + "' : The " + what + " references an invalid value.");
        }
    }

    private static JsonNode inputPath(State s, JsonNode raw, Supplier<JsonNode> context) {
        PathField p = s.inputPath();
        if (p.isNull()) {
            return Json.object();
        }
        return p.isIdentity() ? raw : readPath(p.path(), raw, context, "InputPath");
    }

    private static JsonNode outputPath(State s, JsonNode output, Supplier<JsonNode> context) {
        PathField p = s.outputPath();
        if (p.isNull()) {
            return Json.object();
        }
        return p.isIdentity() ? output : readPath(p.path(), output, context, "OutputPath");
    }

    private static JsonNode parameters(JsonNode template, JsonNode effective, Supplier<JsonNode> context) {
        return template == null ? effective
                : PayloadTemplate.apply(template, effective, context, StatesError.PARAMETER_PATH_FAILURE);
    }

    private static JsonNode resultPath(PathField p, JsonNode raw, JsonNode result) {
        if (p.isNull()) {
            return raw;
        }
        if (p.isIdentity()) {
            return result;
        }
        try {
            return JsonPaths.set(raw, p.path(), result);
        } catch (JsonPaths.PathMissing e) {
            throw new AslError(StatesError.RESULT_PATH_MATCH_FAILURE, "Unable to apply ResultPath \"" + p.path()
                    + "\" to input \"" + Json.write(raw) + "\"");
        }
    }

    /** ResultSelector, ResultPath, OutputPath: a state's result becomes its output. */
    private JsonNode processResult(RunningExecution ex, Frame f, State s, JsonNode result) {
        Supplier<JsonNode> ctx = ctx(ex, f, s);
        JsonNode selected = s.resultSelector() == null ? result
                : PayloadTemplate.apply(s.resultSelector(), result, ctx, StatesError.RUNTIME);
        return outputPath(s, resultPath(s.resultPath(), f.input, selected), ctx);
    }

    // ---- the simple states -------------------------------------------------------------------------------

    private void pass(RunningExecution ex, Frame f, State s) {
        Supplier<JsonNode> ctx = ctx(ex, f, s);
        JsonNode effective = inputPath(s, f.input, ctx);
        JsonNode result = s.result() != null ? s.result() : parameters(s.parameters(), effective, ctx);
        exitAndTransition(ex, f, s, outputPath(s, resultPath(s.resultPath(), f.input, result), ctx));
    }

    private void choice(RunningExecution ex, Frame f, State s) {
        Supplier<JsonNode> ctx = ctx(ex, f, s);
        JsonNode effective = inputPath(s, f.input, ctx);
        String next = null;
        for (ChoiceRule rule : s.choices()) {
            if (ChoiceEvaluator.test(rule.condition(), effective, ctx)) {
                next = rule.next();
                break;
            }
        }
        if (next == null) {
            next = s.defaultNext();
        }
        if (next == null) {
            throw new AslError(StatesError.NO_CHOICE_MATCHED, "No Matches!");
        }
        JsonNode out = outputPath(s, effective, ctx);
        String json = f.textOf(out);
        ex.append(f, Events.stateExited(s.type(), engine.now(), s.name(), json));
        f.moveTo(next, out, json);
    }

    private void waitState(RunningExecution ex, Frame f, State s) {
        Supplier<JsonNode> ctx = ctx(ex, f, s);
        JsonNode effective = inputPath(s, f.input, ctx);
        long due;
        if (s.seconds() != null) {
            due = engine.now() + s.seconds() * 1000L;
        } else if (s.timestamp() != null) {
            due = Timestamps.parse(s.timestamp()).toEpochMilli();
        } else if (s.secondsPath() != null) {
            JsonNode v = readPath(s.secondsPath(), effective, ctx, "SecondsPath");
            if (!v.isIntegralNumber() || v.asLong() < 0) {
                throw AslError.runtime("The SecondsPath parameter does not reference a non-negative integer value: "
                        + Json.write(v));
            }
            due = engine.now() + v.asLong() * 1000L;
        } else {
            JsonNode v = readPath(s.timestampPath(), effective, ctx, "TimestampPath");
            Instant at = v.isTextual() ? Timestamps.parse(v.asText()) : null;
            if (at == null) {
                throw AslError.runtime("The TimestampPath parameter does not reference a valid ISO-8601 timestamp: "
                        + Json.write(v));
            }
            due = at.toEpochMilli();
        }
        f.output = outputPath(s, effective, ctx);
        if (due <= engine.now()) {
            finishWait(ex, f, s);
            return;
        }
        f.phase = Frame.Phase.WAITING_TIMER;
        f.dueAtMillis = due;
        armTimer(ex, f);
    }

    private void armTimer(RunningExecution ex, Frame f) {
        int id = f.id;
        long due = f.dueAtMillis;
        engine.schedule(ex, () -> timerDue(ex, id, due), due);
    }

    private void timerDue(RunningExecution ex, int frameId, long due) {
        ex.lock.lock();
        try {
            Frame f = ex.frames.get(frameId);
            if (f == null || f.phase != Frame.Phase.WAITING_TIMER || f.dueAtMillis != due || !ex.record.running()) {
                return;
            }
            State s = scope(ex, f).state(f.state);
            if (f.output != null) {
                finishWait(ex, f, s);
            } else { // a retry's back-off is over: run the state again
                f.phase = Frame.Phase.READY;
                f.retrying = true;
            }
        } finally {
            ex.lock.unlock();
        }
        engine.submit(ex, frameId);
    }

    private void finishWait(RunningExecution ex, Frame f, State s) {
        JsonNode out = f.output;
        f.output = null;
        f.phase = Frame.Phase.READY;
        exitAndTransition(ex, f, s, out);
    }

    private void fail(RunningExecution ex, Frame f, State s) {
        Supplier<JsonNode> ctx = ctx(ex, f, s);
        String error = s.error() != null ? s.error() : s.errorPath() != null ? dynamic(s.errorPath(), f.input, ctx) : null;
        String cause = s.cause() != null ? s.cause() : s.causePath() != null ? dynamic(s.causePath(), f.input, ctx) : null;
        failFrame(ex, f, error, cause);
    }

    /** ErrorPath / CausePath: a path or an intrinsic function giving a string. */
    private static String dynamic(String expression, JsonNode input, Supplier<JsonNode> context) {
        JsonNode v = IntrinsicFunctions.isIntrinsic(expression)
                ? IntrinsicFunctions.evaluate(expression, p -> readPath(p, input, context, "ErrorPath/CausePath"))
                : readPath(expression, input, context, "ErrorPath/CausePath");
        if (!v.isTextual()) {
            throw AslError.runtime("ErrorPath/CausePath must resolve to a string, got " + Json.write(v));
        }
        return v.asText();
    }

    // ---- transitions and endings -------------------------------------------------------------------------

    /** Emits the state's Exited event and goes on (or ends the frame). */
    private void exitAndTransition(RunningExecution ex, Frame f, State s, JsonNode output) {
        String json = f.textOf(output);
        PayloadSize.check(json);
        ex.append(f, Events.stateExited(s.type(), engine.now(), s.name(), json));
        if (s.terminal()) {
            completeFrame(ex, f, output, json);
        } else {
            f.moveTo(s.next(), output, json);
        }
    }

    private void completeFrame(RunningExecution ex, Frame f, JsonNode output, String json) {
        f.phase = Frame.Phase.DONE;
        f.output = output;
        if (f.parent < 0) {
            engine.finish(ex, "SUCCEEDED", json, null, null, Events.executionSucceeded(engine.now(), json));
            return;
        }
        childEnded(ex, f);
    }

    private void failFrame(RunningExecution ex, Frame f, String error, String cause) {
        f.phase = Frame.Phase.FAILED;
        f.error = error;
        f.cause = cause;
        if (f.parent < 0) {
            engine.finish(ex, "FAILED", null, error, cause, Events.executionEnded("ExecutionFailed",
                    engine.now(), error, cause));
            return;
        }
        childEnded(ex, f);
    }

    /** Retry, then Catch, then fail the frame. */
    private void handleError(RunningExecution ex, Frame f, State s, String error, String cause) {
        if (!StatesError.isTerminal(error)) {
            for (int i = 0; i < s.retry().size(); i++) {
                Retrier r = s.retry().get(i);
                if (r.errorEquals().stream().noneMatch(p -> StatesError.matches(p, error))) {
                    continue;
                }
                if (f.retryCounts.length <= i) {
                    f.retryCounts = java.util.Arrays.copyOf(f.retryCounts, s.retry().size());
                }
                int attempts = f.retryCounts[i];
                if (attempts < r.maxAttempts()) {
                    f.retryCounts[i] = attempts + 1;
                    double delay = r.intervalSeconds() * Math.pow(r.backoffRate(), attempts);
                    if (r.maxDelaySeconds() != null) {
                        delay = Math.min(delay, r.maxDelaySeconds());
                    }
                    if (r.fullJitter()) {
                        delay = ThreadLocalRandom.current().nextDouble() * delay;
                    }
                    f.phase = Frame.Phase.WAITING_TIMER;
                    f.output = null;
                    f.token = null;
                    f.dueAtMillis = engine.now() + Math.round(delay * 1000);
                    armTimer(ex, f);
                    return;
                }
                break; // the first matching retrier decides; exhausted: go on to Catch
            }
            for (Catcher c : s.catches()) {
                if (c.errorEquals().stream().anyMatch(p -> StatesError.matches(p, error))) {
                    ObjectNode errorOutput = Json.object().put("Error", error).put("Cause", cause);
                    JsonNode out;
                    try {
                        out = resultPath(c.resultPath(), f.input, errorOutput);
                    } catch (AslError e) {
                        failFrame(ex, f, e.error(), e.cause());
                        return;
                    }
                    String json = f.textOf(out);
                    ex.append(f, Events.stateExited(s.type(), engine.now(), s.name(), json));
                    f.moveTo(c.next(), out, json);
                    return;
                }
            }
        }
        failFrame(ex, f, error, cause);
    }

    // ---- Parallel and Map ------------------------------------------------------------------------------

    private void parallel(RunningExecution ex, Frame f, State s) {
        Supplier<JsonNode> ctx = ctx(ex, f, s);
        JsonNode branchInput = parameters(s.parameters(), inputPath(s, f.input, ctx), ctx);
        ex.append(f, Events.plain("ParallelStateStarted", engine.now()));
        int n = s.branches().size();
        f.results = Json.MAPPER.createArrayNode();
        for (int i = 0; i < n; i++) {
            f.results.add(NullNode.getInstance());
        }
        f.children.clear();
        f.phase = Frame.Phase.WAITING_CHILDREN;
        f.running = n;
        List<Integer> started = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Frame child = ex.newFrame(f.id, childScope(f, s, i), i, s.branches().get(i).startAt(), branchInput);
            child.lastEvent = f.lastEvent;
            f.children.add(child.id);
            started.add(child.id);
        }
        started.forEach(id -> ready(ex, id));
    }

    private static List<Object[]> childScope(Frame f, State s, int branch) {
        List<Object[]> scope = new ArrayList<>(f.scope);
        scope.add(new Object[] {s.name(), branch});
        return List.copyOf(scope);
    }

    private void map(RunningExecution ex, Frame f, State s) {
        Supplier<JsonNode> ctx = ctx(ex, f, s);
        JsonNode effective = inputPath(s, f.input, ctx);
        JsonNode items = readPath(s.itemsPath(), effective, ctx, "ItemsPath");
        if (!items.isArray()) {
            throw AslError.runtime("Invalid path '" + s.itemsPath() + "': The ItemsPath field references a value that "
                    + "is not a JSON array.");
        }
        int max = s.maxConcurrency() == null ? 0 : s.maxConcurrency();
        if (s.maxConcurrencyPath() != null) {
            JsonNode m = readPath(s.maxConcurrencyPath(), effective, ctx, "MaxConcurrencyPath");
            if (!m.isIntegralNumber() || m.asInt() < 0) {
                throw AslError.runtime("MaxConcurrencyPath must reference a non-negative integer");
            }
            max = m.asInt();
        }
        ex.append(f, Events.mapStarted(engine.now(), items.size()));
        // each item's input is computed when the Map starts ($$.Map.Item gives its index and value)
        ArrayNode inputs = Json.MAPPER.createArrayNode();
        JsonNode selector = s.itemSelector() != null ? s.itemSelector() : s.parameters();
        for (int i = 0; i < items.size(); i++) {
            if (selector == null) {
                inputs.add(items.get(i));
            } else {
                int index = i;
                Supplier<JsonNode> itemCtx = once(() -> {
                    ObjectNode c = Json.object();
                    c.setAll((ObjectNode) ctx.get()); // shallow: the context's parts are shared, not copied
                    c.putObject("Map").putObject("Item").put("Index", index).set("Value", items.get(index));
                    return c;
                });
                inputs.add(PayloadTemplate.apply(selector, effective, itemCtx, StatesError.PARAMETER_PATH_FAILURE));
            }
        }
        f.items = inputs;
        f.results = Json.MAPPER.createArrayNode();
        for (int i = 0; i < items.size(); i++) {
            f.results.add(NullNode.getInstance());
        }
        f.children.clear();
        f.nextItem = 0;
        f.running = 0;
        f.maxConcurrency = max;
        f.phase = Frame.Phase.WAITING_CHILDREN;
        if (items.isEmpty()) {
            childrenSucceeded(ex, f, s, false);
            return;
        }
        launchItems(ex, f, s);
    }

    private void launchItems(RunningExecution ex, Frame f, State s) {
        List<Integer> started = new ArrayList<>();
        while (f.nextItem < f.items.size() && (f.maxConcurrency == 0 || f.running < f.maxConcurrency)) {
            int i = f.nextItem++;
            Frame child = ex.newFrame(f.id, childScope(f, s, 0), i, s.iterator().startAt(), f.items.get(i));
            child.lastEvent = f.lastEvent;
            ex.append(child, Events.mapIteration("MapIterationStarted", engine.now(), s.name(), i));
            f.children.add(child.id);
            f.running++;
            started.add(child.id);
        }
        started.forEach(id -> ready(ex, id));
    }

    /** A branch or iteration ended: collect its result, start the next item, or end the Parallel/Map. */
    private void childEnded(RunningExecution ex, Frame child) {
        Frame parent = ex.frames.get(child.parent);
        if (parent == null || parent.phase != Frame.Phase.WAITING_CHILDREN) {
            ex.frames.remove(child.id);
            return;
        }
        State s = scope(ex, parent).state(parent.state);
        boolean isMap = s.type() == StateType.Map;
        parent.running--;
        parent.children.remove(Integer.valueOf(child.id));
        ex.frames.remove(child.id);
        if (child.phase == Frame.Phase.DONE) {
            parent.results.set(child.index, child.output);
            if (isMap) {
                ex.append(parent, Events.mapIteration("MapIterationSucceeded", engine.now(), s.name(), child.index));
                launchItems(ex, parent, s);
            }
            if (parent.running == 0 && (!isMap || parent.nextItem >= parent.items.size())) {
                childrenSucceeded(ex, parent, s, true);
            }
            return;
        }
        if (child.phase == Frame.Phase.FAILED) {
            if (isMap) {
                ex.append(parent, Events.mapIteration("MapIterationFailed", engine.now(), s.name(), child.index));
            }
            abortChildren(ex, parent, s);
            ex.append(parent, Events.plain(s.type() + "StateFailed", engine.now()));
            parent.phase = Frame.Phase.READY; // leaves WAITING_CHILDREN before the error is handled
            handleError(ex, parent, s, child.error, child.cause);
            continueFrame(ex, parent);
        }
    }

    /** @param fromChild called as a child ends (no worker runs the frame): a worker must be given it */
    private void childrenSucceeded(RunningExecution ex, Frame f, State s, boolean fromChild) {
        ex.append(f, Events.plain(s.type() + "StateSucceeded", engine.now()));
        JsonNode results = f.results;
        f.results = null;
        f.items = null;
        f.phase = Frame.Phase.READY;
        try {
            exitAndTransition(ex, f, s, processResult(ex, f, s, results));
        } catch (AslError e) {
            handleError(ex, f, s, e.error(), e.cause());
        }
        if (fromChild) {
            continueFrame(ex, f);
        }
    }

    /** A frame the caller just made READY is run by a worker (the caller may be another frame's worker). */
    private void continueFrame(RunningExecution ex, Frame f) {
        if (f.phase == Frame.Phase.READY) {
            ready(ex, f.id);
        }
    }

    private void abortChildren(RunningExecution ex, Frame parent, State s) {
        for (Integer id : List.copyOf(parent.children)) {
            Frame c = ex.frames.get(id);
            if (c != null) {
                abortFrame(ex, c);
                if (s.type() == StateType.Map) {
                    ex.append(parent, Events.mapIteration("MapIterationAborted", engine.now(), s.name(), c.index));
                }
                ex.frames.remove(id);
            }
        }
        parent.children.clear();
        parent.running = 0;
        parent.results = null;
        parent.items = null;
    }

    private void abortFrame(RunningExecution ex, Frame f) {
        for (Integer id : List.copyOf(f.children)) {
            Frame c = ex.frames.get(id);
            if (c != null) {
                abortFrame(ex, c);
                ex.frames.remove(id);
            }
        }
        f.children.clear();
        f.phase = Frame.Phase.ABORTED;
        f.token = null;
    }

    /** StopExecution or the execution's time-out: every frame stops; late task results are ignored. */
    void abortAll(RunningExecution ex) {
        for (Frame f : ex.frames.values()) {
            if (!f.finished()) {
                f.phase = Frame.Phase.ABORTED;
            }
        }
    }

    // ---- Task ---------------------------------------------------------------------------------------------

    private void task(RunningExecution ex, Frame f, State s) {
        TaskResource resource = TaskResource.parse(s.resource());
        f.attempt++;
        if (resource.pattern() == TaskResource.Pattern.WAIT_FOR_TASK_TOKEN) {
            f.token = engine.newToken(ex, f);
        }
        f.earlyAnswer = null;
        Supplier<JsonNode> ctx = ctx(ex, f, s);
        JsonNode effective = inputPath(s, f.input, ctx);
        JsonNode params = parameters(s.parameters(), effective, ctx);
        Integer timeout = s.timeoutSeconds() != null ? s.timeoutSeconds()
                : s.timeoutSecondsPath() != null ? positive(readPath(s.timeoutSecondsPath(), effective, ctx,
                        "TimeoutSecondsPath"), "TimeoutSecondsPath") : null;
        Integer heartbeat = s.heartbeatSeconds() != null ? s.heartbeatSeconds()
                : s.heartbeatSecondsPath() != null ? positive(readPath(s.heartbeatSecondsPath(), effective, ctx,
                        "HeartbeatSecondsPath"), "HeartbeatSecondsPath") : null;
        long now = engine.now();
        if (resource.legacyLambda()) {
            ex.append(f, Events.lambdaScheduled(now, resource.functionArn(), params, timeout));
            ex.append(f, Events.plain("LambdaFunctionStarted", now));
        } else {
            ex.append(f, Events.taskScheduled(now, resource, params, timeout, heartbeat));
            ex.append(f, Events.task("TaskStarted", now, resource));
        }
        f.phase = Frame.Phase.TASK_RUNNING;
        f.deadlineMillis = timeout == null ? 0 : now + timeout * 1000L;
        f.heartbeatSeconds = heartbeat == null ? 0 : heartbeat;
        int attempt = f.attempt;
        if (timeout != null) {
            int id = f.id;
            engine.schedule(ex, () -> taskTimedOut(ex, id, attempt), f.deadlineMillis);
        }
        f.pendingCall = new TaskCall(resource, params, ex.record.arn(), s.name(), f.token); // made by run()
    }

    private static int positive(JsonNode v, String field) {
        if (!v.isIntegralNumber() || v.asLong() < 1) {
            throw AslError.runtime(field + " must reference a positive integer, got " + Json.write(v));
        }
        return v.asInt();
    }

    /** Runs on the frame's worker without the lock; the caller goes on with the frame. */
    private void invoke(RunningExecution ex, int frameId, int attempt, TaskCall call) {
        JsonNode result = null;
        AslError failure = null;
        try {
            if (call.resource().service().equals("states")) {
                result = nested(ex, frameId, call);
            } else {
                result = engine.invoker(call.resource().service()).invoke(call);
            }
        } catch (AslError e) {
            failure = e;
        } catch (RuntimeException e) {
            failure = new AslError(StatesError.TASK_FAILED, String.valueOf(e.getMessage()));
        }
        ex.lock.lock();
        try {
            Frame f = ex.frames.get(frameId);
            if (f == null || f.phase != Frame.Phase.TASK_RUNNING || f.attempt != attempt || !ex.record.running()) {
                return; // timed out, aborted or stopped meanwhile: a late result is ignored
            }
            State s = scope(ex, f).state(f.state);
            TaskResource r = call.resource();
            if (failure != null) {
                taskFailed(ex, f, s, r, failure.error(), failure.cause());
            } else if (r.pattern() == TaskResource.Pattern.WAIT_FOR_TASK_TOKEN) {
                ex.append(f, Events.taskOutput("TaskSubmitted", engine.now(), r, result));
                f.phase = Frame.Phase.WAITING_TOKEN;
                if (f.heartbeatSeconds > 0) {
                    f.heartbeatMillis = engine.now() + f.heartbeatSeconds * 1000L;
                    engine.scheduleHeartbeatCheck(ex, f);
                }
                java.util.function.Consumer<Frame> early = f.earlyAnswer;
                if (early != null) { // the worker answered before the call that handed it the token returned
                    f.earlyAnswer = null;
                    early.accept(f);
                }
            } else if (r.service().equals("states") && r.pattern() != TaskResource.Pattern.REQUEST_RESPONSE) {
                ex.append(f, Events.taskOutput("TaskSubmitted", engine.now(), r, result));
                f.phase = Frame.Phase.WAITING_EXECUTION;
                f.childExecution = result.path("ExecutionArn").asText();
                // the child may have ended before this frame waited for it: its end would then have gone unheard
                ExecutionRecord child = engine.describeExecution(f.childExecution);
                if (!child.running()) {
                    childExecutionFinished(ex, f, child);
                }
            } else {
                taskSucceeded(ex, f, s, r, result);
            }
        } finally {
            ex.lock.unlock();
        }
    }

    /** states:startExecution: a nested execution of another state machine. */
    private JsonNode nested(RunningExecution ex, int frameId, TaskCall call) {
        if (!call.resource().action().equals("startExecution")) {
            throw AslError.runtime("Unsupported Step Functions integration: " + call.resource().arn());
        }
        JsonNode p = call.parameters();
        String machine = p.path("StateMachineArn").asText(null);
        if (machine == null) {
            throw new AslError("StepFunctions.ValidationException", "StateMachineArn is required");
        }
        JsonNode input = p.get("Input");
        String inputText = input == null ? "{}" : input.isTextual() ? input.asText() : Json.write(input);
        String name = p.path("Name").asText(null);
        try {
            boolean sync = call.resource().pattern() != TaskResource.Pattern.REQUEST_RESPONSE;
            ExecutionRecord child = engine.startExecution(machine, name, inputText, sync ? ex.record.arn() : null);
            return Json.object().put("ExecutionArn", child.arn()).put("StartDate", child.startDate().toEpochMilli() / 1000.0);
        } catch (SfnException e) {
            // named as the SDK's exception, as AWS reports a service integration's errors
            String type = e.type().endsWith("Exception") ? e.type() : e.type() + "Exception";
            throw new AslError("StepFunctions." + type, e.getMessage());
        }
    }

    private void taskSucceeded(RunningExecution ex, Frame f, State s, TaskResource r, JsonNode result) {
        long now = engine.now();
        ex.append(f, r.legacyLambda() ? Events.lambdaSucceeded(now, result) : Events.taskOutput("TaskSucceeded", now, r, result));
        f.phase = Frame.Phase.READY;
        f.token = null;
        try {
            exitAndTransition(ex, f, s, processResult(ex, f, s, result));
        } catch (AslError e) {
            handleError(ex, f, s, e.error(), e.cause());
        }
    }

    private void taskFailed(RunningExecution ex, Frame f, State s, TaskResource r, String error, String cause) {
        taskEnded(ex, f, s, r, "Failed", error, cause);
    }

    /** The task failed or timed out ({@code how}): its event (Lambda's legacy or the Task's), then the error. */
    private void taskEnded(RunningExecution ex, Frame f, State s, TaskResource r, String how, String error, String cause) {
        long now = engine.now();
        ex.append(f, r.legacyLambda() ? Events.lambdaError("LambdaFunction" + how, now, error, cause)
                : Events.taskError("Task" + how, now, r, error, cause));
        f.phase = Frame.Phase.READY;
        f.token = null;
        handleError(ex, f, s, error, cause);
    }

    private void taskTimedOut(RunningExecution ex, int frameId, int attempt) {
        ex.lock.lock();
        try {
            Frame f = ex.frames.get(frameId);
            if (f == null || f.attempt != attempt || !ex.record.running()
                    || (f.phase != Frame.Phase.TASK_RUNNING && f.phase != Frame.Phase.WAITING_TOKEN
                    && f.phase != Frame.Phase.WAITING_EXECUTION)) {
                return;
            }
            timedOut(ex, f, StatesError.TIMEOUT, "Task timed out");
        } finally {
            ex.lock.unlock();
        }
        engine.submit(ex, frameId);
    }

    void heartbeatCheck(RunningExecution ex, int frameId, String token, long at) {
        ex.lock.lock();
        try {
            Frame f = ex.frames.get(frameId);
            if (f == null || f.phase != Frame.Phase.WAITING_TOKEN || !token.equals(f.token) || f.heartbeatMillis != at
                    || !ex.record.running()) {
                return; // answered, or a heartbeat moved the deadline
            }
            timedOut(ex, f, StatesError.HEARTBEAT_TIMEOUT, "Task heartbeat timed out");
        } finally {
            ex.lock.unlock();
        }
        engine.submit(ex, frameId);
    }

    private void timedOut(RunningExecution ex, Frame f, String error, String cause) {
        State s = scope(ex, f).state(f.state);
        if (f.token != null) {
            ex.timedOutTokens.add(f.token);
        }
        taskEnded(ex, f, s, TaskResource.parse(s.resource()), "TimedOut", error, cause);
    }

    void tokenSucceeded(RunningExecution ex, Frame f, JsonNode result) {
        State s = scope(ex, f).state(f.state);
        taskSucceeded(ex, f, s, TaskResource.parse(s.resource()), result);
        continueFrame(ex, f);
    }

    void tokenFailed(RunningExecution ex, Frame f, String error, String cause) {
        State s = scope(ex, f).state(f.state);
        taskFailed(ex, f, s, TaskResource.parse(s.resource()), error, cause);
        continueFrame(ex, f);
    }

    /** A .sync nested execution ended: its description is the task result (or the failure's cause). */
    void childExecutionFinished(RunningExecution ex, Frame f, ExecutionRecord child) {
        State s = scope(ex, f).state(f.state);
        TaskResource r = TaskResource.parse(s.resource());
        ObjectNode d = Json.object();
        d.put("ExecutionArn", child.arn());
        d.put("StateMachineArn", child.stateMachineArn());
        d.put("Name", child.name());
        d.put("Status", child.status());
        d.put("StartDate", child.startDate().toEpochMilli());
        d.put("StopDate", child.stopDate() == null ? null : child.stopDate().toEpochMilli());
        boolean v2 = r.pattern() == TaskResource.Pattern.SYNC2;
        d.set("Input", v2 ? parseOr(child.input()) : Json.MAPPER.getNodeFactory().textNode(child.input()));
        if (child.output() != null) {
            d.set("Output", v2 ? parseOr(child.output()) : Json.MAPPER.getNodeFactory().textNode(child.output()));
        }
        if ("SUCCEEDED".equals(child.status())) {
            taskSucceeded(ex, f, s, r, d);
        } else {
            d.put("Error", child.error());
            d.put("Cause", child.cause());
            taskFailed(ex, f, s, r, StatesError.TASK_FAILED, Json.write(d));
        }
        continueFrame(ex, f);
    }

    private static JsonNode parseOr(String text) {
        try {
            return Json.read(text);
        } catch (java.io.IOException e) {
            return Json.MAPPER.getNodeFactory().textNode(text);
        }
    }

    // ---- recovery -------------------------------------------------------------------------------------

    /** After a restart: re-arm what the snapshot was waiting for, and run what was ready. */
    void resume(RunningExecution ex) {
        for (Frame f : List.copyOf(ex.frames.values())) {
            switch (f.phase) {
                case READY -> engine.submit(ex, f.id);
                case TASK_RUNNING -> { // the process stopped during the call: run the task again
                    f.phase = Frame.Phase.READY;
                    f.retrying = true;
                    engine.submit(ex, f.id);
                }
                case WAITING_TIMER -> armTimer(ex, f);
                case WAITING_TOKEN -> {
                    if (f.deadlineMillis > 0) {
                        int id = f.id;
                        int attempt = f.attempt;
                        engine.schedule(ex, () -> taskTimedOut(ex, id, attempt), f.deadlineMillis);
                    }
                    if (f.heartbeatSeconds > 0) {
                        engine.scheduleHeartbeatCheck(ex, f);
                    }
                }
                default -> { }
            }
        }
    }

}
