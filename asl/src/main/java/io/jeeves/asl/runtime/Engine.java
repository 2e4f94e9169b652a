package io.jeeves.asl.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jeeves.asl.AslError;
import io.jeeves.asl.InvalidDefinitionException;
import io.jeeves.asl.StatesError;
import io.jeeves.asl.definition.DefinitionParser;
import io.jeeves.asl.definition.StateMachineDefinition;
import io.jeeves.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * The Step Functions engine: state machines, executions, task tokens. Executions run on a worker pool;
 * Wait states, retries and time-outs run on timers; progress is saved to the {@link ExecutionStore} when
 * an execution finishes, parks (waits for a timer, a token or a nested execution) and at least every
 * {@link #SAVE_EVERY_MILLIS} ms or {@link #SAVE_EVERY_EVENTS} events while it runs. {@link #recover()}
 * resumes saved executions; {@link #close()} lets in-flight tasks finish and saves everything, so a
 * graceful restart neither loses nor repeats work.
 */
public final class Engine implements AutoCloseable {
    public static final String REGION = "us-east-1";
    public static final String ACCOUNT = "000000000000";
    public static final String ROLE_ARN = "arn:aws:iam::" + ACCOUNT + ":role/jeeves-local";
    /** Step Functions' payload limit for execution input and state input/output. */
    public static final int PAYLOAD_LIMIT = 256 * 1024;
    static final long SAVE_EVERY_MILLIS = 200;
    /** A bound on the events held in memory (a few MB); the time bound is what limits the work redone after a crash. */
    static final int SAVE_EVERY_EVENTS = 10_000;
    /** Unsaved events are handed to the store's staging in batches of this many (see {@link ExecutionStore#stage}). */
    static final int STAGE_EVERY_EVENTS = 128;
    private static final int PARSED_DEFINITIONS = 64;
    private static final Pattern NAME = Pattern.compile("[^\\s<>{}\\[\\]?*\"#%\\\\^|~`$&,;:/\\p{Cntrl}]{1,80}");
    private static final Logger LOG = Logger.getLogger(Engine.class.getName());

    private final ExecutionStore store;
    private final Map<String, TaskInvoker> invokers;
    private final Clock clock;
    private final ExecutorService workers;
    private final ScheduledExecutorService timers;
    /** One thread writing staged events ahead of saves, in order. */
    private final ExecutorService stager;
    private final Map<String, RunningExecution> active = new ConcurrentHashMap<>();
    private final Interpreter interpreter;
    private final SecureRandom random = new SecureRandom();
    /**
     * Parsed definitions by their text, the most recently used kept (a parsed definition is immutable, so
     * engines share them): parsing is most of a short StartExecution.
     */
    private static final Map<String, StateMachineDefinition> PARSED = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, StateMachineDefinition> eldest) {
                    return size() > PARSED_DEFINITIONS;
                }
            });
    /**
     * State machines as last written or read, so StartExecution does not read the store: one engine owns
     * its store (the local stack's), and every change to a state machine goes through it.
     */
    private final Map<String, StateMachineRecord> machines = new ConcurrentHashMap<>();
    private volatile boolean stopping;

    /**
     * @param invokers task integrations by service ("lambda", "sqs", "dynamodb", ...); "states" is built in
     */
    public Engine(ExecutionStore store, Map<String, TaskInvoker> invokers, Clock clock, int threads) {
        this.store = store;
        this.invokers = Map.copyOf(invokers);
        this.clock = clock;
        this.workers = Executors.newFixedThreadPool(threads, daemon("sfn-worker"));
        this.timers = Executors.newSingleThreadScheduledExecutor(daemon("sfn-timer"));
        this.stager = Executors.newSingleThreadExecutor(daemon("sfn-stager"));
        this.interpreter = new Interpreter(this);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    long now() {
        return clock.millis();
    }

    // ---- state machines ----------------------------------------------------------------------------

    public static String stateMachineArn(String name) {
        return "arn:aws:states:" + REGION + ":" + ACCOUNT + ":stateMachine:" + name;
    }

    public static String executionArn(String stateMachineName, String name) {
        return "arn:aws:states:" + REGION + ":" + ACCOUNT + ":execution:" + stateMachineName + ":" + name;
    }

    private static void checkName(String name, String what) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new SfnException("InvalidName", "Invalid " + what + " name: '" + name + "'");
        }
    }

    /** Parses the definition or throws InvalidDefinition naming every problem. */
    public static StateMachineDefinition validate(String definition) {
        if (definition == null || definition.isBlank()) {
            throw SfnException.validation("1 validation error detected: Value null at 'definition' failed to satisfy "
                    + "constraint: Member must not be null");
        }
        try {
            return DefinitionParser.parse(definition);
        } catch (InvalidDefinitionException e) {
            throw new SfnException("InvalidDefinition", e.getMessage());
        }
    }

    /** The definition of a stored state machine or execution (valid, as it was validated when stored), parsed once. */
    private static StateMachineDefinition parsed(String definition) {
        StateMachineDefinition d = definition == null ? null : PARSED.get(definition);
        if (d == null) {
            d = validate(definition);
            PARSED.put(definition, d);
        }
        return d;
    }

    public StateMachineRecord createStateMachine(String name, String definition, String roleArn, String type) {
        checkName(name, "state machine");
        parsed(definition);
        String t = type == null ? "STANDARD" : type;
        if (!t.equals("STANDARD") && !t.equals("EXPRESS")) {
            throw SfnException.validation("Invalid type: " + t);
        }
        String arn = stateMachineArn(name);
        Instant now = clock.instant();
        StateMachineRecord record = new StateMachineRecord(arn, name, definition, roleArn == null ? ROLE_ARN : roleArn, t,
                now, now, UUID.randomUUID().toString(), 1);
        if (!store.createStateMachine(record)) {
            StateMachineRecord existing = describeStateMachine(arn);
            if (existing.definition().equals(definition) && existing.roleArn().equals(record.roleArn())) {
                return existing; // CreateStateMachine is idempotent for the same definition and role
            }
            throw new SfnException("StateMachineAlreadyExists", "State Machine Already Exists: '" + arn + "'");
        }
        synchronized (machines) {
            machines.put(arn, record);
        }
        return record;
    }

    public StateMachineRecord updateStateMachine(String arn, String definition, String roleArn) {
        if (definition == null && roleArn == null) {
            throw new SfnException("MissingRequiredParameter", "Either the definition or the roleArn must be specified");
        }
        if (definition != null) {
            parsed(definition);
        }
        for (int attempt = 0; attempt < 20; attempt++) {
            StateMachineRecord current = describeStateMachine(arn);
            StateMachineRecord next = new StateMachineRecord(arn, current.name(),
                    definition == null ? current.definition() : definition, roleArn == null ? current.roleArn() : roleArn,
                    current.type(), current.creationDate(), clock.instant(), UUID.randomUUID().toString(),
                    current.version() + 1);
            synchronized (machines) {
                if (store.updateStateMachine(next)) {
                    machines.put(arn, next);
                    return next;
                }
                machines.remove(arn); // changed meanwhile: read it again
            }
        }
        throw new SfnException("ConflictException", "Concurrent updates of " + arn);
    }

    public StateMachineRecord describeStateMachine(String arn) {
        checkArn(arn, ":stateMachine:");
        StateMachineRecord known = machines.get(arn);
        if (known != null) {
            return known;
        }
        synchronized (machines) { // a read racing a delete must not put the deleted one back
            return machines.computeIfAbsent(arn, a -> store.stateMachine(a).orElseThrow(() -> new SfnException(
                    "StateMachineDoesNotExist", "State Machine Does Not Exist: '" + a + "'")));
        }
    }

    public ExecutionStore.Page<StateMachineRecord> listStateMachines(int max, String nextToken) {
        return store.stateMachines(limit(max), nextToken);
    }

    public void deleteStateMachine(String arn) {
        checkArn(arn, ":stateMachine:");
        synchronized (machines) {
            store.deleteStateMachine(arn); // deleting an absent state machine succeeds, as in AWS
            machines.remove(arn);
        }
    }

    private static void checkArn(String arn, String kind) {
        if (arn == null || !arn.startsWith("arn:aws:states:") || !arn.contains(kind)) {
            throw new SfnException("InvalidArn", "Invalid Arn: '" + arn + "'");
        }
    }

    private static int limit(int max) {
        if (max < 0 || max > 1000) {
            throw SfnException.validation("maxResults must be between 0 and 1000");
        }
        return max == 0 ? 100 : max;
    }

    // ---- executions ----------------------------------------------------------------------------------

    public ExecutionRecord startExecution(String stateMachineArn, String name, String input) {
        return startExecution(stateMachineArn, name, input, null);
    }

    ExecutionRecord startExecution(String stateMachineArn, String name, String input, String parentArn) {
        if (stopping) {
            throw new SfnException("ServiceUnavailable", "The engine is shutting down");
        }
        StateMachineRecord machine = describeStateMachine(stateMachineArn);
        String executionName = name == null ? UUID.randomUUID().toString() : name;
        checkName(executionName, "execution");
        String inputText = input == null ? "{}" : input;
        if (inputText.getBytes(StandardCharsets.UTF_8).length > PAYLOAD_LIMIT) {
            throw new SfnException("InvalidExecutionInput", "The input exceeds the maximum size of 262144 bytes");
        }
        JsonNode inputJson;
        try {
            inputJson = Json.read(inputText);
        } catch (IOException e) {
            throw new SfnException("InvalidExecutionInput", "Invalid State Machine Execution Input: '" + e.getMessage() + "'");
        }
        String arn = executionArn(machine.name(), executionName);
        RunningExecution running = active.get(arn);
        if (running != null) {
            return idempotent(running.record, inputText);
        }
        // one that ran before (and has left memory) is found by the store, whose create is conditional
        StateMachineDefinition definition = parsed(machine.definition());
        Instant started = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS); // AWS keeps milliseconds
        ExecutionRecord record = new ExecutionRecord(arn, machine.arn(), executionName, "RUNNING", inputText, null, null,
                null, started, null, machine.definition(), machine.roleArn(), parentArn);
        RunningExecution ex = new RunningExecution(record, definition, inputJson, machine.name());
        Frame root = ex.newFrame(-1, List.of(), -1, definition.startAt(), inputJson);
        ex.append(null, Events.executionStarted(started.toEpochMilli(), inputJson, machine.roleArn(), machine.arn()));
        root.lastEvent = ex.lastEventId;
        ex.lock.lock();
        try {
            // one write: the ExecutionStarted event stays pending for the first save (after a crash before
            // it, recover() writes it again from the execution's own fields)
            if (!store.createExecution(record, ex.snapshot(), List.of())) {
                return idempotent(describeExecution(arn), inputText);
            }
            ex.version = 1;
            ex.lastSaveMillis = now();
            active.put(arn, ex);
        } finally {
            ex.lock.unlock();
        }
        if (definition.timeoutSeconds() != null) {
            timers.schedule(() -> timeOutExecution(arn), definition.timeoutSeconds(), TimeUnit.SECONDS);
        }
        submit(ex, root.id);
        return record;
    }

    /** StartExecution with a name in use: the same running execution with the same input is returned. */
    private static ExecutionRecord idempotent(ExecutionRecord existing, String input) {
        if (existing.running() && existing.input().equals(input)) {
            return existing;
        }
        throw new SfnException("ExecutionAlreadyExists", "Execution Already Exists: '" + existing.arn() + "'");
    }

    private Optional<ExecutionRecord> describeIfExists(String arn) {
        RunningExecution ex = active.get(arn);
        if (ex != null) {
            return Optional.of(ex.record);
        }
        return store.execution(arn);
    }

    public ExecutionRecord describeExecution(String arn) {
        checkArn(arn, ":execution:");
        return describeIfExists(arn).orElseThrow(() -> new SfnException("ExecutionDoesNotExist",
                "Execution Does Not Exist: '" + arn + "'"));
    }

    public ExecutionStore.Page<ExecutionRecord> listExecutions(String stateMachineArn, String status, int max,
            String nextToken) {
        describeStateMachine(stateMachineArn);
        if (status != null && !List.of("RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED").contains(status)) {
            throw SfnException.validation("Invalid statusFilter: " + status);
        }
        saveAll(); // listings come from the store: make it current
        return store.executions(stateMachineArn, status, limit(max), nextToken);
    }

    public ExecutionStore.Page<JsonNode> history(String arn, boolean reverse, int max, String nextToken) {
        describeExecution(arn);
        RunningExecution ex = active.get(arn);
        if (ex != null) {
            save(ex, true);
        }
        return store.history(arn, reverse, limit(max), nextToken);
    }

    public ExecutionRecord stopExecution(String arn, String error, String cause) {
        ExecutionRecord r = describeExecution(arn);
        RunningExecution ex = active.get(arn);
        if (ex == null || !r.running()) {
            return r; // stopping a finished execution changes nothing
        }
        ex.lock.lock();
        try {
            if (!ex.record.running()) {
                return ex.record;
            }
            interpreter.abortAll(ex);
            finish(ex, "ABORTED", null, error, cause,
                    Events.executionEnded("ExecutionAborted", now(), error, cause));
        } finally {
            ex.lock.unlock();
        }
        afterWork(ex);
        return ex.record;
    }

    /** Blocks until the execution is no longer running (tests, and waiting callers). */
    public ExecutionRecord awaitCompletion(String arn, Duration timeout) throws InterruptedException {
        RunningExecution ex = active.get(arn);
        if (ex != null && ex.finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return ex.record; // final, and saved
        }
        return describeExecution(arn);
    }

    private void timeOutExecution(String arn) {
        RunningExecution ex = active.get(arn);
        if (ex == null) {
            return;
        }
        ex.lock.lock();
        try {
            if (!ex.record.running()) {
                return;
            }
            interpreter.abortAll(ex);
            String cause = "The execution timed out after " + ex.definition.timeoutSeconds() + " seconds";
            finish(ex, "TIMED_OUT", null, StatesError.TIMEOUT, cause,
                    Events.executionEnded("ExecutionTimedOut", now(), StatesError.TIMEOUT,
                            cause));
        } finally {
            ex.lock.unlock();
        }
        afterWork(ex);
    }

    /** Records the end of an execution (lock held); {@code output} is JSON text. */
    void finish(RunningExecution ex, String status, String output, String error, String cause, HistoryEvent event) {
        ex.append(null, event);
        ex.record = ex.record.finished(status, output, error, cause, clock.instant());
    }

    // ---- task tokens ---------------------------------------------------------------------------------

    String newToken(RunningExecution ex, Frame f) {
        byte[] nonce = new byte[12];
        random.nextBytes(nonce);
        String raw = ex.record.arn() + "|" + f.id + "|" + f.attempt + "|" + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(nonce);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private record TokenTarget(RunningExecution execution, int frame) {
    }

    private TokenTarget resolve(String token) {
        if (token == null || token.isEmpty() || token.length() > 1024) {
            throw new SfnException("InvalidToken", "Invalid Token: '" + token + "'");
        }
        String raw;
        try {
            raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new SfnException("InvalidToken", "Invalid Token: '" + token + "'");
        }
        String[] parts = raw.split("\\|");
        if (parts.length != 4 || !parts[0].startsWith("arn:aws:states:")) {
            throw new SfnException("InvalidToken", "Invalid Token: '" + token + "'");
        }
        RunningExecution ex = active.get(parts[0]);
        if (ex == null) {
            throw new SfnException("TaskDoesNotExist", "Task Does Not Exist: the execution is not running");
        }
        try {
            return new TokenTarget(ex, Integer.parseInt(parts[1]));
        } catch (NumberFormatException e) {
            throw new SfnException("InvalidToken", "Invalid Token: '" + token + "'");
        }
    }

    public void sendTaskSuccess(String token, String output) {
        JsonNode result;
        try {
            result = Json.read(output == null ? "null" : output);
        } catch (IOException e) {
            throw new SfnException("InvalidOutput", "Invalid Output: '" + e.getMessage() + "'");
        }
        onToken(token, f -> interpreter.tokenSucceeded(tokenOwner(token), f, result), true);
    }

    public void sendTaskFailure(String token, String error, String cause) {
        onToken(token, f -> interpreter.tokenFailed(tokenOwner(token), f, error == null ? "" : error,
                cause == null ? "" : cause), true);
    }

    public void sendTaskHeartbeat(String token) {
        onToken(token, f -> {
            if (f.heartbeatSeconds > 0) {
                f.heartbeatMillis = now() + f.heartbeatSeconds * 1000L;
                scheduleHeartbeatCheck(tokenOwner(token), f);
            }
        }, false);
    }

    private RunningExecution tokenOwner(String token) {
        return resolve(token).execution();
    }

    /**
     * @param answers whether the action answers the task (success, failure) rather than only keeping it alive: an
     *     answer that comes while the call handing the token out has not returned yet (a worker faster than the
     *     send) is kept and applied when it returns; a heartbeat then has nothing to do yet
     */
    private void onToken(String token, java.util.function.Consumer<Frame> action, boolean answers) {
        TokenTarget target = resolve(token);
        RunningExecution ex = target.execution();
        ex.lock.lock();
        try {
            Frame f = ex.frames.get(target.frame());
            if (ex.timedOutTokens.contains(token)) {
                throw new SfnException("TaskTimedOut", "Task Timed Out: '" + token + "'");
            }
            if (f != null && f.phase == Frame.Phase.TASK_RUNNING && token.equals(f.token) && ex.record.running()
                    && !(answers && f.earlyAnswer != null)) {
                if (answers) {
                    f.earlyAnswer = action;
                }
                return;
            }
            if (f == null || f.phase != Frame.Phase.WAITING_TOKEN || !token.equals(f.token) || !ex.record.running()) {
                throw new SfnException("TaskDoesNotExist", "Task Does Not Exist: '" + token + "'");
            }
            action.accept(f);
        } finally {
            ex.lock.unlock();
        }
        afterWork(ex);
    }

    // ---- scheduling and saving --------------------------------------------------------------------------

    void submit(RunningExecution ex, int frameId) {
        if (stopping) {
            return; // left READY in the snapshot; resumed after a restart
        }
        execute(() -> {
            try {
                interpreter.run(ex, frameId);
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "frame " + frameId + " of " + ex.record.arn() + " failed", e);
            }
            afterWork(ex);
        });
    }

    /** Runs work on the pool; after {@link #close()} began, the work is dropped (the snapshot keeps its frame). */
    void execute(Runnable work) {
        try {
            workers.execute(work);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // shutting down
        }
    }

    void schedule(RunningExecution ex, Runnable check, long atMillis) {
        long delay = Math.max(0, atMillis - now());
        try {
            timers.schedule(() -> {
                if (!stopping) {
                    execute(() -> {
                        check.run();
                        afterWork(ex);
                    });
                }
            }, delay, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // shutting down: the snapshot keeps the timer's due time
        }
    }

    void scheduleHeartbeatCheck(RunningExecution ex, Frame f) {
        long at = f.heartbeatMillis;
        String token = f.token;
        schedule(ex, () -> interpreter.heartbeatCheck(ex, f.id, token, at), at);
    }

    TaskInvoker invoker(String service) {
        TaskInvoker i = invokers.get(service);
        if (i == null) {
            throw AslError.runtime("No local integration for service '" + service + "'");
        }
        return i;
    }

    /** After work on an execution: save if it finished, parked, or has run long enough unsaved. */
    void afterWork(RunningExecution ex) {
        boolean finished;
        boolean due;
        ex.lock.lock();
        try {
            finished = !ex.record.running();
            due = finished || periodicSaveDue(ex) || (!ex.pending.isEmpty() && !ex.hasRunnableWork());
        } finally {
            ex.lock.unlock();
        }
        if (due) {
            save(ex, finished);
        }
        if (finished && active.remove(ex.record.arn(), ex)) {
            ex.finished.countDown();
            if (ex.record.parentArn() != null) {
                childFinished(ex.record);
            }
        }
    }

    /** Whether the last save is old enough, or enough events wait (lock held). */
    private boolean periodicSaveDue(RunningExecution ex) {
        return ex.pending.size() >= SAVE_EVERY_EVENTS || now() - ex.lastSaveMillis >= SAVE_EVERY_MILLIS;
    }

    /**
     * Hands the unsaved events not staged yet to the store's staging once there are enough of them (lock
     * held): a store writes them on the staging thread while the execution goes on, and the save that
     * follows has less left to write.
     */
    void stageIfDue(RunningExecution ex) {
        int size = ex.pending.size();
        if (size - ex.staged < STAGE_EVERY_EVENTS || stopping) {
            return;
        }
        List<HistoryEvent> batch = new ArrayList<>(ex.pending.subList(ex.staged, size));
        ex.staged = size;
        String arn = ex.record.arn();
        stager.execute(() -> {
            try {
                store.stage(arn, batch);
            } catch (RuntimeException e) { // the save writes them instead
                LOG.log(Level.WARNING, "staging events of " + arn + " failed", e);
            }
        });
    }

    /** Saves a running execution when its last save is old enough or enough events are waiting. */
    void saveIfDue(RunningExecution ex) {
        boolean due;
        ex.lock.lock();
        try {
            due = ex.record.running() && periodicSaveDue(ex);
        } finally {
            ex.lock.unlock();
        }
        if (due) {
            save(ex, false);
        }
    }

    /** Writes pending events and the snapshot; one writer per execution, in order. */
    void save(RunningExecution ex, boolean wait) {
        if (wait) {
            ex.saveLock.lock();
        } else if (!ex.saveLock.tryLock()) {
            ex.saveAgain = true;
            return;
        }
        try {
            do {
                ex.saveAgain = false;
                saveOnce(ex);
            } while (ex.saveAgain);
        } finally {
            ex.saveLock.unlock();
        }
    }

    private void saveOnce(RunningExecution ex) {
        List<HistoryEvent> events;
        JsonNode snapshot;
        ExecutionRecord record;
        long version;
        ex.lock.lock();
        try {
            if (ex.pending.isEmpty() && ex.record.running()) {
                return;
            }
            events = new ArrayList<>(ex.pending);
            ex.pending.clear();
            ex.staged = 0;
            snapshot = ex.snapshot();
            record = ex.record;
            version = ex.version;
            ex.lastSaveMillis = now();
        } finally {
            ex.lock.unlock();
        }
        if (!store.saveProgress(record, snapshot, events, version)) {
            throw new IllegalStateException("Execution " + record.arn() + " was changed by another engine");
        }
        ex.lock.lock();
        try {
            ex.version = version + 1;
        } finally {
            ex.lock.unlock();
        }
    }

    private void saveAll() {
        for (RunningExecution ex : active.values()) {
            save(ex, true);
        }
    }

    // ---- nested executions (states:startExecution) ---------------------------------------------------------

    /** A nested execution finished: resume the parent frame waiting for it (.sync patterns). */
    private void childFinished(ExecutionRecord child) {
        RunningExecution parent = active.get(child.parentArn());
        if (parent == null) {
            return;
        }
        parent.lock.lock();
        try {
            for (Frame f : parent.frames.values()) {
                if (f.phase == Frame.Phase.WAITING_EXECUTION && child.arn().equals(f.childExecution)) {
                    interpreter.childExecutionFinished(parent, f, child);
                }
            }
        } finally {
            parent.lock.unlock();
        }
        afterWork(parent);
    }

    // ---- recovery and shutdown ------------------------------------------------------------------------

    /** Resumes every execution saved as running: ready frames run, timers and token waits are re-armed. */
    public int recover() {
        int resumed = 0;
        for (ExecutionStore.Saved saved : store.running()) {
            ExecutionRecord r = saved.record();
            if (active.containsKey(r.arn())) {
                continue;
            }
            StateMachineDefinition definition = parsed(r.definition());
            String machineName = r.stateMachineArn().substring(r.stateMachineArn().lastIndexOf(':') + 1);
            JsonNode input;
            try {
                input = Json.read(r.input());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            RunningExecution ex = new RunningExecution(r, definition, input, machineName);
            ex.restore(saved.snapshot());
            ex.lastEventId = saved.lastEventId();
            if (ex.lastEventId == 0) { // stopped before its first save: the start event was never written
                ex.append(null, Events.executionStarted(r.startDate().toEpochMilli(), input, r.roleArn(),
                        r.stateMachineArn()));
            }
            ex.version = saved.version();
            ex.lastSaveMillis = now();
            active.put(r.arn(), ex);
            resumed++;
            if (definition.timeoutSeconds() != null) {
                long at = r.startDate().toEpochMilli() + definition.timeoutSeconds() * 1000L;
                timers.schedule(() -> timeOutExecution(r.arn()), Math.max(0, at - now()), TimeUnit.MILLISECONDS);
            }
            ex.lock.lock();
            try {
                interpreter.resume(ex);
            } finally {
                ex.lock.unlock();
            }
        }
        // a parent may have missed its child's end while the engine was down
        for (RunningExecution ex : List.copyOf(active.values())) {
            for (Frame f : List.copyOf(ex.frames.values())) {
                if (f.phase == Frame.Phase.WAITING_EXECUTION) {
                    describeIfExists(f.childExecution).filter(c -> !c.running()).ifPresent(this::childFinished);
                }
            }
        }
        return resumed;
    }

    boolean stopping() {
        return stopping;
    }

    /** Lets in-flight work finish (up to 30 s), then saves every execution; frames left READY resume later. */
    @Override
    public void close() {
        stopping = true;
        timers.shutdownNow();
        workers.shutdown();
        try {
            workers.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        saveAll();
        workers.shutdownNow();
        stager.shutdownNow();
    }
}
