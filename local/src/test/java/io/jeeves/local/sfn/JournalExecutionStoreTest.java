package io.jeeves.local.sfn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.jeeves.asl.runtime.Engine;
import io.jeeves.asl.runtime.ExecutionRecord;
import io.jeeves.asl.runtime.ExecutionStore;
import io.jeeves.asl.runtime.HistoryEvent;
import io.jeeves.asl.runtime.SfnException;
import io.jeeves.asl.runtime.StateMachineRecord;
import io.jeeves.asl.runtime.TaskInvoker;
import io.jeeves.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalExecutionStoreTest {
    static final String MACHINE = "arn:aws:states:us-east-1:000000000000:stateMachine:m";
    static final Instant T0 = Instant.parse("2024-05-01T10:00:00.123Z");

    @TempDir
    Path dir;

    static ExecutionRecord record(String name, String machine, String status, Instant start) {
        return new ExecutionRecord("arn:aws:states:us-east-1:000000000000:execution:" + machine + ":" + name,
                MACHINE.replace(":m", ":" + machine), name, status, "{\"in\":1}", null, null, null, start, null,
                "{\"StartAt\":\"P\"}", "arn:aws:iam::000000000000:role/r", null);
    }

    static HistoryEvent event(long id) {
        return new HistoryEvent(id, id - 1, 1_700_000_000_000L + id, "E" + id);
    }

    static List<HistoryEvent> events(long from, long to) {
        List<HistoryEvent> out = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            out.add(event(i));
        }
        return out;
    }

    static JsonNode snapshot(int n) {
        return Json.object().put("frames", n);
    }

    private static List<Long> ids(List<JsonNode> events) {
        return events.stream().map(e -> e.path("id").asLong()).toList();
    }

    private JsonNode committedState() throws Exception {
        return JournalExecutionStore.committedState(executionDir()).state();
    }

    private Path executionDir() throws Exception {
        try (Stream<Path> dirs = Files.list(dir.resolve("executions"))) {
            return dirs.findFirst().orElseThrow();
        }
    }

    @Test
    void createIsOnlyIfAbsent() {
        JournalExecutionStore store = new JournalExecutionStore(dir, false);
        ExecutionRecord r = record("a", "m", "RUNNING", T0);
        assertThat(store.createExecution(r, snapshot(1), List.of())).isTrue();
        assertThat(store.createExecution(r, snapshot(2), events(1, 1))).isFalse();
        assertThat(new JournalExecutionStore(dir, false).createExecution(r, snapshot(2), List.of()))
                .as("after a reopen too").isFalse();
        assertThat(store.execution(r.arn())).contains(r);
        assertThat(store.history(r.arn(), false, 10, null).items()).isEmpty();
        assertThat(store.execution(r.arn() + "x")).isEmpty();
    }

    @Test
    void aSaveIsConditionalOnTheVersion() throws Exception {
        JournalExecutionStore store = new JournalExecutionStore(dir, true);
        ExecutionRecord r = record("a", "m", "RUNNING", T0);
        store.createExecution(r, snapshot(1), List.of());
        assertThat(store.saveProgress(r, snapshot(2), events(1, 3), 1)).isTrue();
        Path history = executionDir().resolve("history.jsonl");
        byte[] stateBefore = Files.readAllBytes(executionDir().resolve("state.json"));
        byte[] otherBefore = Files.readAllBytes(executionDir().resolve("state.1.json"));
        byte[] historyBefore = Files.readAllBytes(history);

        assertThat(store.saveProgress(r, snapshot(9), events(4, 5), 1)).as("stale version").isFalse();
        assertThat(store.saveProgress(record("nope", "m", "RUNNING", T0), snapshot(9), events(1, 1), 1)).isFalse();
        assertThat(Files.readAllBytes(executionDir().resolve("state.json"))).as("nothing written").isEqualTo(stateBefore);
        assertThat(Files.readAllBytes(executionDir().resolve("state.1.json"))).isEqualTo(otherBefore);
        assertThat(Files.readAllBytes(history)).isEqualTo(historyBefore);

        ExecutionRecord done = r.finished("SUCCEEDED", "{\"out\":2}", null, null, T0.plusSeconds(1));
        assertThat(store.saveProgress(done, snapshot(3), events(4, 5), 2)).isTrue();
        assertThat(store.execution(r.arn())).contains(done);
        assertThat(ids(store.history(r.arn(), false, 100, null).items())).containsExactly(1L, 2L, 3L, 4L, 5L);
        JsonNode saved = committedState();
        assertThat(saved.path("version").asLong()).isEqualTo(3);
        assertThat(saved.path("lastEventId").asLong()).isEqualTo(5);
        assertThat(saved.path("historyBytes").asLong()).isEqualTo(Files.size(history));
        assertThat(saved.path("arn").asText()).isEqualTo(r.arn());
    }

    @Test
    void historyInOrderAndPaged() {
        JournalExecutionStore store = new JournalExecutionStore(dir, false);
        ExecutionRecord r = record("a", "m", "RUNNING", T0);
        store.createExecution(r, snapshot(1), events(1, 2));
        store.saveProgress(r, snapshot(2), events(3, 7), 1);
        store.saveProgress(r, snapshot(3), List.of(), 2);
        var first = store.history(r.arn(), false, 3, null);
        assertThat(ids(first.items())).containsExactly(1L, 2L, 3L);
        var second = store.history(r.arn(), false, 3, first.nextToken());
        assertThat(ids(second.items())).containsExactly(4L, 5L, 6L);
        var last = store.history(r.arn(), false, 3, second.nextToken());
        assertThat(ids(last.items())).containsExactly(7L);
        assertThat(last.nextToken()).isNull();
        assertThat(ids(store.history(r.arn(), true, 2, null).items())).containsExactly(7L, 6L);
        assertThatThrownBy(() -> store.history(r.arn(), false, 3, "!!")).isInstanceOf(SfnException.class)
                .hasMessageContaining("Invalid nextToken");
        assertThat(store.history("arn:unknown", false, 3, null).items()).isEmpty();
    }

    @Test
    void listingsByMachineAndStatusNewestFirstPaged() {
        JournalExecutionStore store = new JournalExecutionStore(dir, false);
        for (int i = 0; i < 5; i++) {
            store.createExecution(record("e" + i, "m", i % 2 == 0 ? "RUNNING" : "SUCCEEDED", T0.plusSeconds(i)),
                    snapshot(1), List.of());
        }
        store.createExecution(record("other", "n", "RUNNING", T0), snapshot(1), List.of());
        var page = store.executions(MACHINE, null, 2, null);
        assertThat(page.items()).extracting(ExecutionRecord::name).containsExactly("e4", "e3");
        page = store.executions(MACHINE, null, 2, page.nextToken());
        assertThat(page.items()).extracting(ExecutionRecord::name).containsExactly("e2", "e1");
        page = store.executions(MACHINE, null, 2, page.nextToken());
        assertThat(page.items()).extracting(ExecutionRecord::name).containsExactly("e0");
        assertThat(page.nextToken()).isNull();
        assertThat(store.executions(MACHINE, "RUNNING", 10, null).items()).extracting(ExecutionRecord::name)
                .containsExactly("e4", "e2", "e0");
        assertThat(new JournalExecutionStore(dir, false).executions(MACHINE, "SUCCEEDED", 10, null).items())
                .extracting(ExecutionRecord::name).containsExactly("e3", "e1");
        for (String bad : List.of("not base64!", "eHl6", "LTE", "OTk")) { // "xyz", "-1", "99"
            assertThatThrownBy(() -> store.executions(MACHINE, null, 2, bad)).isInstanceOf(SfnException.class)
                    .hasMessageContaining("Invalid nextToken");
        }
    }

    @Test
    void runningAfterAReopen() {
        JournalExecutionStore store = new JournalExecutionStore(dir, false);
        ExecutionRecord a = record("a", "m", "RUNNING", T0);
        ExecutionRecord b = record("b", "m", "RUNNING", T0);
        store.createExecution(a, snapshot(1), List.of());
        store.createExecution(b, snapshot(1), List.of());
        store.saveProgress(a, snapshot(2), events(1, 4), 1);
        store.saveProgress(b.finished("FAILED", null, "E", "c", T0), snapshot(2), events(1, 2), 1);

        JournalExecutionStore reopened = new JournalExecutionStore(dir, false);
        List<ExecutionStore.Saved> running = reopened.running();
        assertThat(running).hasSize(1);
        ExecutionStore.Saved saved = running.get(0);
        assertThat(saved.record()).isEqualTo(a);
        assertThat(saved.snapshot()).isEqualTo(snapshot(2));
        assertThat(saved.lastEventId()).isEqualTo(4);
        assertThat(saved.version()).isEqualTo(2);
        assertThat(reopened.execution(b.arn()).orElseThrow().error()).isEqualTo("E");
        assertThat(reopened.saveProgress(a, snapshot(3), events(5, 5), 2)).isTrue();
    }

    @Test
    void aCrashBetweenTheHistoryAndTheStateLeavesNoTrace() throws Exception {
        JournalExecutionStore store = new JournalExecutionStore(dir, false);
        ExecutionRecord r = record("a", "m", "RUNNING", T0);
        store.createExecution(r, snapshot(1), List.of());
        store.saveProgress(r, snapshot(2), events(1, 3), 1);
        Path history = executionDir().resolve("history.jsonl");
        long committed = Files.size(history);
        // the next save appended its events (and half a line), then the process died before the state was written
        Files.writeString(history, "{\"id\":4,\"type\":\"lost\"}\n{\"id\":5,\"ty", StandardOpenOption.APPEND);
        Files.writeString(executionDir().resolve("state.json.tmp"), "{\"half");
        assertThat(store.history(r.arn(), false, 100, null).items()).as("never read").hasSize(3);

        JournalExecutionStore reopened = new JournalExecutionStore(dir, false);
        assertThat(Files.size(history)).isEqualTo(committed);
        assertThat(executionDir().resolve("state.json.tmp")).doesNotExist();
        ExecutionStore.Saved saved = reopened.running().get(0);
        assertThat(saved.lastEventId()).isEqualTo(3);
        assertThat(reopened.saveProgress(r, snapshot(3), events(4, 5), saved.version())).isTrue();
        List<JsonNode> all = reopened.history(r.arn(), false, 100, null).items();
        assertThat(ids(all)).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(all.get(3).path("type").asText()).isEqualTo("E4");
        assertThat(new JournalExecutionStore(dir, false).history(r.arn(), false, 100, null).items()).isEqualTo(all);
    }

    @Test
    void stagedEventsAreWrittenOnceAndCountOnlyWhenSaved() throws Exception {
        JournalExecutionStore store = new JournalExecutionStore(dir, false);
        ExecutionRecord r = record("a", "m", "RUNNING", T0);
        store.createExecution(r, snapshot(1), List.of());
        Path history = executionDir().resolve("history.jsonl");
        store.stage(r.arn(), events(1, 3));
        assertThat(Files.size(history)).as("written ahead").isPositive();
        assertThat(store.history(r.arn(), false, 100, null).items()).as("not committed").isEmpty();
        store.stage(r.arn(), events(2, 5)); // overlaps: only 4 and 5 are new
        long staged = Files.size(history);
        store.stage(r.arn(), events(8, 9)); // does not follow on: left to the save
        assertThat(Files.size(history)).isEqualTo(staged);

        assertThat(store.saveProgress(r, snapshot(2), events(1, 6), 1)).isTrue();
        assertThat(ids(store.history(r.arn(), false, 100, null).items())).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        long committed = Files.size(history);
        assertThat(committedState().path("historyBytes").asLong()).isEqualTo(committed);
        store.stage(r.arn(), events(5, 6)); // arrives after the save that carried them
        assertThat(Files.size(history)).isEqualTo(committed);
        assertThat(Files.readAllLines(history)).hasSize(6);
        assertThat(ids(new JournalExecutionStore(dir, false).history(r.arn(), false, 100, null).items()))
                .containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    }

    @Test
    void stagedEventsOfACrashedRunAreCutOffAndWrittenAgainByTheResumedOne() throws Exception {
        JournalExecutionStore store = new JournalExecutionStore(dir, false);
        ExecutionRecord r = record("a", "m", "RUNNING", T0);
        store.createExecution(r, snapshot(1), List.of());
        store.saveProgress(r, snapshot(2), events(1, 2), 1);
        Path history = executionDir().resolve("history.jsonl");
        long committed = Files.size(history);
        store.stage(r.arn(), events(3, 5)); // then the process dies before the save

        JournalExecutionStore reopened = new JournalExecutionStore(dir, false);
        assertThat(Files.size(history)).isEqualTo(committed);
        assertThat(reopened.running().get(0).lastEventId()).isEqualTo(2);
        reopened.stage(r.arn(), events(3, 3));
        assertThat(reopened.saveProgress(r, snapshot(3), events(3, 4), 2)).isTrue();
        assertThat(ids(reopened.history(r.arn(), false, 100, null).items())).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void aDefinitionIsStoredOnceForAllItsExecutions() throws Exception {
        JournalExecutionStore store = new JournalExecutionStore(dir, false);
        ExecutionRecord a = record("a", "m", "RUNNING", T0);
        ExecutionRecord b = record("b", "m", "RUNNING", T0);
        store.createExecution(a, snapshot(1), List.of());
        store.createExecution(b, snapshot(1), List.of());
        store.saveProgress(a, snapshot(2), events(1, 1), 1);
        try (Stream<Path> files = Files.list(dir.resolve("definitions"))) {
            assertThat(files).hasSize(1);
        }
        assertThat(Files.readString(executionDir().resolve("state.json"))).doesNotContain("StartAt");
        assertThat(Files.readString(executionDir().resolve("state.1.json"))).doesNotContain("StartAt");
        JournalExecutionStore reopened = new JournalExecutionStore(dir, false);
        assertThat(reopened.execution(a.arn())).contains(a);
        assertThat(reopened.execution(b.arn()).orElseThrow().definition()).isEqualTo(a.definition());
    }

    /**
     * Saves write the two state slots in turn, in place; a slot torn by a crash (its CRC fails) leaves the save
     * before it, and the history is cut back to that save's length.
     */
    @Test
    void aTornStateSlotLeavesTheSaveBefore() throws Exception {
        JournalExecutionStore store = new JournalExecutionStore(dir, false);
        ExecutionRecord r = record("a", "m", "RUNNING", T0);
        store.createExecution(r, snapshot(1), List.of());
        store.saveProgress(r, Json.object().put("big", "x".repeat(5000)), events(1, 3), 1);
        store.saveProgress(r, snapshot(3), events(4, 5), 2); // slot 0 again, over its first content
        store.saveProgress(r, snapshot(4), events(6, 6), 3); // slot 1, shorter than before: padded, still valid
        assertThat(Files.size(executionDir().resolve("state.1.json"))).as("never truncated").isGreaterThan(5000);
        JournalExecutionStore reopened = new JournalExecutionStore(dir, false);
        assertThat(reopened.running().get(0).version()).isEqualTo(4);
        assertThat(reopened.running().get(0).snapshot()).isEqualTo(snapshot(4));
        Path history = executionDir().resolve("history.jsonl");
        long committed = Files.size(history);

        // the next save appended event 7, then its write of slot 0 was torn: half of it over version 3's state
        Files.writeString(history, "[7,\"E7\",null]\n", StandardOpenOption.APPEND);
        Path slot = executionDir().resolve("state.json");
        byte[] bytes = Files.readAllBytes(slot);
        byte[] torn = "{\"arn\":\"torn\",\"version\":5".getBytes(StandardCharsets.UTF_8);
        System.arraycopy(torn, 0, bytes, 0, torn.length);
        Files.write(slot, bytes);
        reopened = new JournalExecutionStore(dir, false);
        ExecutionStore.Saved saved = reopened.running().get(0);
        assertThat(saved.version()).as("slot 1 stands").isEqualTo(4);
        assertThat(saved.lastEventId()).isEqualTo(6);
        assertThat(Files.size(history)).as("event 7 cut off").isEqualTo(committed);
        assertThat(reopened.saveProgress(r, snapshot(5), events(7, 7), 4)).isTrue();
        assertThat(ids(new JournalExecutionStore(dir, false).history(r.arn(), false, 100, null).items()))
                .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
    }

    /** StartExecution's first state torn by a crash: it never answered, the execution is forgotten. */
    @Test
    void anExecutionWhoseFirstStateIsTornIsForgottenOnReopen() throws Exception {
        JournalExecutionStore store = new JournalExecutionStore(dir, false);
        ExecutionRecord r = record("a", "m", "RUNNING", T0);
        store.createExecution(r, snapshot(1), List.of());
        Path slot = executionDir().resolve("state.json");
        byte[] bytes = Files.readAllBytes(slot);
        bytes[10] = 'X';
        Files.write(slot, bytes);
        JournalExecutionStore reopened = new JournalExecutionStore(dir, false);
        assertThat(reopened.execution(r.arn())).isEmpty();
        assertThat(reopened.createExecution(r, snapshot(1), List.of())).as("can start again").isTrue();
    }

    /** A data folder written before definitions were stored apart and events as compact lines still opens. */
    @Test
    void aJournalOfTheFirstFormatIsStillRead() throws Exception {
        JournalExecutionStore store = new JournalExecutionStore(dir, false);
        ExecutionRecord r = record("old", "m", "SUCCEEDED", T0);
        store.createExecution(r, snapshot(1), List.of());
        Path exec = executionDir();
        String line = "{\"timestamp\":1,\"type\":\"ExecutionStarted\",\"id\":1,\"previousEventId\":0}\n";
        Files.writeString(exec.resolve("history.jsonl"), line);
        var state = (com.fasterxml.jackson.databind.node.ObjectNode) Json.read(Files.readAllBytes(exec.resolve("state.json")));
        state.remove("definitionHash");
        state.put("definition", "{\"StartAt\":\"Old\"}").put("historyBytes", line.length()).put("lastEventId", 1);
        Files.write(exec.resolve("state.json"), Json.writeBytes(state));

        JournalExecutionStore reopened = new JournalExecutionStore(dir, false);
        assertThat(reopened.execution(r.arn()).orElseThrow().definition()).isEqualTo("{\"StartAt\":\"Old\"}");
        assertThat(reopened.history(r.arn(), false, 10, null).items())
                .containsExactly(Json.read(line));
    }

    /** An execution long enough to be staged while it runs: every event once, in order, linked, after a reopen too. */
    @Test
    void aLongExecutionThroughTheEngineHasItsWholeHistory() throws Exception {
        StringBuilder states = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            states.append(i == 0 ? "" : ",").append("\"S").append(i).append("\":{\"Type\":\"Pass\",")
                    .append(i < 299 ? "\"Next\":\"S" + (i + 1) + "\"}" : "\"End\":true}");
        }
        String arn;
        List<JsonNode> events;
        try (Engine engine = new Engine(new JournalExecutionStore(dir, false), Map.of(), Clock.systemUTC(), 2)) {
            String machine = engine.createStateMachine("long", "{\"StartAt\":\"S0\",\"States\":{" + states + "}}",
                    null, null).arn();
            arn = engine.startExecution(machine, null, "{\"n\":1}").arn();
            assertThat(engine.awaitCompletion(arn, Duration.ofSeconds(10)).status()).isEqualTo("SUCCEEDED");
            events = engine.history(arn, false, 1000, null).items();
        }
        assertThat(events).hasSize(602);
        for (int i = 0; i < events.size(); i++) {
            assertThat(events.get(i).path("id").asLong()).isEqualTo(i + 1);
            assertThat(events.get(i).path("previousEventId").asLong()).isEqualTo(i);
        }
        assertThat(events.get(301).path("stateEnteredEventDetails").path("name").asText()).isEqualTo("S150");
        assertThat(new JournalExecutionStore(dir, false).history(arn, false, 1000, null).items()).isEqualTo(events);
    }

    @Test
    void anExecutionWithoutAStateFileIsForgottenOnReopen() throws Exception {
        JournalExecutionStore store = new JournalExecutionStore(dir, false);
        ExecutionRecord r = record("a", "m", "RUNNING", T0);
        store.createExecution(r, snapshot(1), List.of());
        Files.delete(executionDir().resolve("state.json")); // died between the directory and its state
        JournalExecutionStore reopened = new JournalExecutionStore(dir, false);
        assertThat(reopened.execution(r.arn())).isEmpty();
        assertThat(reopened.createExecution(r, snapshot(1), List.of())).isTrue();
    }

    @Test
    void stateMachinesSurviveAReopen() throws Exception {
        JournalExecutionStore store = new JournalExecutionStore(dir, false);
        StateMachineRecord m = new StateMachineRecord(MACHINE, "m", "{\"StartAt\":\"P\"}", "role", "STANDARD", T0,
                T0, "rev-1", 1);
        StateMachineRecord other = new StateMachineRecord(MACHINE + "2", "a-first", "{}", null, "EXPRESS", T0, T0,
                "rev-1", 1);
        assertThat(store.createStateMachine(m)).isTrue();
        assertThat(store.createStateMachine(other)).isTrue();
        assertThat(store.createStateMachine(m)).isFalse();
        StateMachineRecord v2 = new StateMachineRecord(MACHINE, "m", "{\"StartAt\":\"Q\"}", "role", "STANDARD", T0,
                T0.plusMillis(5), "rev-2", 2);
        assertThat(store.updateStateMachine(v2)).isTrue();
        assertThat(store.updateStateMachine(v2)).as("version 1 is no longer stored").isFalse();

        JournalExecutionStore reopened = new JournalExecutionStore(dir, false);
        assertThat(reopened.stateMachine(MACHINE)).contains(v2);
        var page = reopened.stateMachines(1, null);
        assertThat(page.items()).containsExactly(other);
        assertThat(reopened.stateMachines(1, page.nextToken()).items()).containsExactly(v2);
        assertThat(reopened.deleteStateMachine(MACHINE)).isTrue();
        assertThat(reopened.deleteStateMachine(MACHINE)).isFalse();
        assertThat(new JournalExecutionStore(dir, false).stateMachine(MACHINE)).isEmpty();
        try (Stream<Path> files = Files.list(dir.resolve("machines"))) {
            assertThat(files).hasSize(1);
        }
    }

    @Test
    void concurrentSavesOfManyExecutions() throws Exception {
        JournalExecutionStore store = new JournalExecutionStore(dir, false);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                ExecutionRecord r = record("c" + i, "m", "RUNNING", T0.plusMillis(i));
                done.add(pool.submit(() -> {
                    assertThat(store.createExecution(r, snapshot(0), List.of())).isTrue();
                    for (int v = 1; v <= 10; v++) {
                        assertThat(store.saveProgress(r, snapshot(v), events(v * 2L - 1, v * 2L), v)).isTrue();
                    }
                    return null;
                }));
                done.add(pool.submit(() -> store.executions(MACHINE, null, 100, null)));
            }
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        JournalExecutionStore reopened = new JournalExecutionStore(dir, false);
        assertThat(reopened.executions(MACHINE, "RUNNING", 100, null).items()).hasSize(40);
        for (ExecutionStore.Saved s : reopened.running()) {
            assertThat(s.version()).isEqualTo(11);
            assertThat(ids(reopened.history(s.record().arn(), false, 100, null).items()))
                    .hasSize(20).isSorted().startsWith(1L).endsWith(20L);
        }
    }

    /** The engine on the journal: an execution waiting on its token resumes after a restart, its task run once. */
    @Test
    void anEngineResumesFromTheJournal() throws Exception {
        List<String> tokens = new CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        TaskInvoker lambda = call -> {
            calls.incrementAndGet();
            tokens.add(call.taskToken());
            return Json.object().set("Payload", Json.object());
        };
        String arn;
        String machine;
        try (Engine engine = new Engine(new JournalExecutionStore(dir, false), Map.of("lambda", lambda),
                Clock.systemUTC(), 4)) {
            machine = engine.createStateMachine("durable", """
                    {"StartAt":"Ask","States":{"Ask":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken",
                      "Parameters":{"FunctionName":"token","Payload":{}},"Next":"After"},
                      "After":{"Type":"Pass","Result":"resumed","End":true}}}""", null, null).arn();
            arn = engine.startExecution(machine, "durable-1", "{\"x\":1}").arn();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (tokens.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(tokens).hasSize(1);
        }
        try (Engine engine = new Engine(new JournalExecutionStore(dir, false), Map.of("lambda", lambda),
                Clock.systemUTC(), 4)) {
            assertThat(engine.recover()).isEqualTo(1);
            engine.sendTaskSuccess(tokens.get(0), "{}");
            ExecutionRecord done = engine.awaitCompletion(arn, Duration.ofSeconds(10));
            assertThat(done.output()).isEqualTo("\"resumed\"");
            assertThat(calls.get()).as("the task was not run twice").isEqualTo(1);
            List<String> types = engine.history(arn, false, 100, null).items().stream()
                    .map(e -> e.path("type").asText()).toList();
            assertThat(types).startsWith("ExecutionStarted").endsWith("ExecutionSucceeded");
            assertThat(ids(engine.history(arn, false, 100, null).items())).isSorted().doesNotHaveDuplicates();
            assertThat(engine.listExecutions(machine, "SUCCEEDED", 10, null).items()).hasSize(1);
        }
        assertThat(committedState().path("status").asText()).isEqualTo("SUCCEEDED");
    }
}
