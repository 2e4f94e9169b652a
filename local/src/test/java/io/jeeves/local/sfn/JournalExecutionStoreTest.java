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

    private List<Path> segments() throws Exception {
        try (Stream<Path> files = Files.list(dir.resolve("log"))) {
            return files.sorted().toList();
        }
    }

    /** The whole log, its segments in order. */
    private byte[] log() throws Exception {
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (Path segment : segments()) {
            all.write(Files.readAllBytes(segment));
        }
        return all.toByteArray();
    }

    private static int count(byte[] bytes, String text) {
        String all = new String(bytes, StandardCharsets.ISO_8859_1);
        int n = 0;
        for (int i = all.indexOf(text); i >= 0; i = all.indexOf(text, i + 1)) {
            n++;
        }
        return n;
    }

    private static List<String> types(List<JsonNode> events) {
        return events.stream().map(e -> e.path("type").asText()).toList();
    }

    /** Events whose content differs from {@link #events}: what a run that crashed had written. */
    static List<HistoryEvent> lost(long from, long to) {
        List<HistoryEvent> out = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            out.add(new HistoryEvent(i, i - 1, 1_700_000_000_000L + i, "Lost" + i));
        }
        return out;
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
        byte[] before = log();

        assertThat(store.saveProgress(r, snapshot(9), events(4, 5), 1)).as("stale version").isFalse();
        assertThat(store.saveProgress(record("nope", "m", "RUNNING", T0), snapshot(9), events(1, 1), 1)).isFalse();
        assertThat(log()).as("nothing written").isEqualTo(before);

        ExecutionRecord done = r.finished("SUCCEEDED", "{\"out\":2}", null, null, T0.plusSeconds(1));
        assertThat(store.saveProgress(done, snapshot(3), events(4, 5), 2)).isTrue();
        assertThat(store.execution(r.arn())).contains(done);
        assertThat(ids(store.history(r.arn(), false, 100, null).items())).containsExactly(1L, 2L, 3L, 4L, 5L);
        JournalExecutionStore reopened = new JournalExecutionStore(dir, false);
        assertThat(reopened.execution(r.arn())).contains(done);
        assertThat(ids(reopened.history(r.arn(), false, 100, null).items())).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(reopened.saveProgress(done, snapshot(4), List.of(), 2)).as("version 3 is stored").isFalse();
        assertThat(reopened.saveProgress(done, snapshot(4), List.of(), 3)).isTrue();
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

    /** A save's events written, then the process died in the middle of its state record: the save never happened. */
    @Test
    void aCrashBetweenTheHistoryAndTheStateLeavesNoTrace() throws Exception {
        JournalExecutionStore store = new JournalExecutionStore(dir, false);
        ExecutionRecord r = record("a", "m", "RUNNING", T0);
        store.createExecution(r, snapshot(1), List.of());
        store.saveProgress(r, snapshot(2), events(1, 3), 1);
        store.stage(r.arn(), lost(4, 5));
        byte[] log = log();
        Path segment = segments().get(0);
        Files.write(segment, java.util.Arrays.copyOf(log, 40), StandardOpenOption.APPEND); // half a record
        assertThat(store.history(r.arn(), false, 100, null).items()).as("never read").hasSize(3);

        JournalExecutionStore reopened = new JournalExecutionStore(dir, false);
        ExecutionStore.Saved saved = reopened.running().get(0);
        assertThat(saved.lastEventId()).isEqualTo(3);
        assertThat(saved.snapshot()).isEqualTo(snapshot(2));
        assertThat(reopened.saveProgress(r, snapshot(3), events(4, 5), saved.version())).isTrue();
        List<JsonNode> all = reopened.history(r.arn(), false, 100, null).items();
        assertThat(ids(all)).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(types(all)).containsExactly("E1", "E2", "E3", "E4", "E5");
        assertThat(segments()).as("the next run writes a segment of its own").hasSize(2);
        assertThat(new JournalExecutionStore(dir, false).history(r.arn(), false, 100, null).items()).isEqualTo(all);
    }

    @Test
    void stagedEventsAreWrittenOnceAndCountOnlyWhenSaved() throws Exception {
        JournalExecutionStore store = new JournalExecutionStore(dir, false);
        ExecutionRecord r = record("a", "m", "RUNNING", T0);
        store.createExecution(r, snapshot(1), List.of());
        int created = log().length;
        store.stage(r.arn(), events(1, 3));
        assertThat(log().length).as("written ahead").isGreaterThan(created);
        assertThat(store.history(r.arn(), false, 100, null).items()).as("not committed").isEmpty();
        store.stage(r.arn(), events(2, 5)); // overlaps: only 4 and 5 are new
        int staged = log().length;
        store.stage(r.arn(), events(8, 9)); // does not follow on: left to the save
        assertThat(log().length).isEqualTo(staged);

        assertThat(store.saveProgress(r, snapshot(2), events(1, 6), 1)).isTrue();
        assertThat(ids(store.history(r.arn(), false, 100, null).items())).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        for (int i = 1; i <= 6; i++) {
            assertThat(count(log(), "\"E" + i + "\"")).as("event %d written once", i).isEqualTo(1);
        }
        int committed = log().length;
        store.stage(r.arn(), events(5, 6)); // arrives after the save that carried them
        assertThat(log().length).isEqualTo(committed);
        assertThat(ids(new JournalExecutionStore(dir, false).history(r.arn(), false, 100, null).items()))
                .containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    }

    @Test
    void stagedEventsOfACrashedRunAreLeftOutAndWrittenAgainByTheResumedOne() throws Exception {
        JournalExecutionStore store = new JournalExecutionStore(dir, false);
        ExecutionRecord r = record("a", "m", "RUNNING", T0);
        store.createExecution(r, snapshot(1), List.of());
        store.saveProgress(r, snapshot(2), events(1, 2), 1);
        store.stage(r.arn(), lost(3, 5)); // then the process dies before the save

        JournalExecutionStore reopened = new JournalExecutionStore(dir, false);
        assertThat(reopened.running().get(0).lastEventId()).isEqualTo(2);
        reopened.stage(r.arn(), events(3, 3));
        assertThat(reopened.saveProgress(r, snapshot(3), events(3, 4), 2)).isTrue();
        assertThat(types(reopened.history(r.arn(), false, 100, null).items())).containsExactly("E1", "E2", "E3", "E4");
        assertThat(types(new JournalExecutionStore(dir, false).history(r.arn(), false, 100, null).items()))
                .as("read again from both segments").containsExactly("E1", "E2", "E3", "E4");
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
        assertThat(new String(log(), StandardCharsets.UTF_8)).doesNotContain("StartAt");
        JournalExecutionStore reopened = new JournalExecutionStore(dir, false);
        assertThat(reopened.execution(a.arn())).contains(a);
        assertThat(reopened.execution(b.arn()).orElseThrow().definition()).isEqualTo(a.definition());
    }

    /** A save torn by a crash (its last bytes never written): the save before it stands, its events left out. */
    @Test
    void aTornSaveLeavesTheSaveBefore() throws Exception {
        JournalExecutionStore store = new JournalExecutionStore(dir, false);
        ExecutionRecord r = record("a", "m", "RUNNING", T0);
        store.createExecution(r, snapshot(1), List.of());
        store.saveProgress(r, Json.object().put("big", "x".repeat(5000)), events(1, 3), 1);
        store.saveProgress(r, snapshot(3), events(4, 5), 2);
        store.saveProgress(r, snapshot(4), events(6, 6), 3); // its events and state in one write: torn below
        Path segment = segments().get(0);
        try (var ch = java.nio.channels.FileChannel.open(segment, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - 1);
        }

        JournalExecutionStore reopened = new JournalExecutionStore(dir, false);
        ExecutionStore.Saved saved = reopened.running().get(0);
        assertThat(saved.version()).isEqualTo(3);
        assertThat(saved.snapshot()).isEqualTo(snapshot(3));
        assertThat(saved.lastEventId()).isEqualTo(5);
        assertThat(ids(reopened.history(r.arn(), false, 100, null).items())).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(reopened.saveProgress(r, snapshot(5), events(6, 7), 3)).isTrue();
        assertThat(ids(new JournalExecutionStore(dir, false).history(r.arn(), false, 100, null).items()))
                .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
    }

    /** A record whose bytes changed (its CRC fails) ends its segment's reading: what follows it is left out. */
    @Test
    void aDamagedRecordEndsItsSegment() throws Exception {
        JournalExecutionStore store = new JournalExecutionStore(dir, false);
        ExecutionRecord a = record("a", "m", "RUNNING", T0);
        ExecutionRecord b = record("b", "m", "RUNNING", T0);
        store.createExecution(a, snapshot(1), List.of());
        int afterA = log().length;
        store.createExecution(b, snapshot(1), List.of());
        store.saveProgress(a, snapshot(2), events(1, 1), 1);
        Path segment = segments().get(0);
        byte[] bytes = Files.readAllBytes(segment);
        bytes[afterA + 30] ^= 1; // in b's first state
        Files.write(segment, bytes);

        JournalExecutionStore reopened = new JournalExecutionStore(dir, false);
        assertThat(reopened.execution(a.arn())).contains(a);
        assertThat(reopened.running().get(0).version()).as("a's save after b's state is left out too").isEqualTo(1);
        assertThat(reopened.execution(b.arn())).isEmpty();
        assertThat(reopened.createExecution(b, snapshot(1), List.of())).as("b can start again").isTrue();
    }

    /** StartExecution's first state torn by a crash: it never answered, the execution is forgotten. */
    @Test
    void anExecutionWhoseFirstStateIsTornIsForgottenOnReopen() throws Exception {
        JournalExecutionStore store = new JournalExecutionStore(dir, false);
        ExecutionRecord r = record("a", "m", "RUNNING", T0);
        store.createExecution(r, snapshot(1), List.of());
        Path segment = segments().get(0);
        Files.write(segment, java.util.Arrays.copyOf(Files.readAllBytes(segment), (int) Files.size(segment) - 10));
        JournalExecutionStore reopened = new JournalExecutionStore(dir, false);
        assertThat(reopened.execution(r.arn())).isEmpty();
        assertThat(reopened.createExecution(r, snapshot(1), List.of())).as("can start again").isTrue();
    }

    /** Starting, staging and saving executions appends to the run's one segment: no file is made for them. */
    @Test
    void executionsMakeNoFiles() throws Exception {
        JournalExecutionStore store = new JournalExecutionStore(dir, false);
        store.createExecution(record("first", "m", "RUNNING", T0), snapshot(1), List.of());
        long files;
        try (Stream<Path> all = Files.walk(dir)) {
            files = all.count();
        }
        for (int i = 0; i < 20; i++) {
            ExecutionRecord r = record("e" + i, "m", "RUNNING", T0);
            store.createExecution(r, snapshot(1), List.of());
            store.stage(r.arn(), events(1, 2));
            store.saveProgress(r.finished("SUCCEEDED", "{}", null, null, T0), snapshot(2), events(1, 3), 1);
        }
        try (Stream<Path> all = Files.walk(dir)) {
            assertThat(all.count()).isEqualTo(files);
        }
        assertThat(segments()).hasSize(1);
        assertThat(new JournalExecutionStore(dir, false).executions(MACHINE, "SUCCEEDED", 100, null).items()).hasSize(20);
    }

    /**
     * Data folders of the directory formats (one directory per execution: the first, a state.json replaced by
     * renames and whole-event lines; the second, two state slots with a CRC and compact lines) are moved into the
     * log when the store opens; a directory without a valid state (a crash during StartExecution) is dropped.
     */
    @Test
    void journalsOfTheDirectoryFormatsAreMovedIntoTheLog() throws Exception {
        Path executions = Files.createDirectories(dir.resolve("executions"));
        ExecutionRecord old = record("old", "m", "SUCCEEDED", T0);
        Path first = Files.createDirectories(executions.resolve("first"));
        String line = "{\"timestamp\":1,\"type\":\"ExecutionStarted\",\"id\":1,\"previousEventId\":0}\n";
        Files.writeString(first.resolve("history.jsonl"), line);
        Files.write(first.resolve("state.json"), Json.writeBytes(formerState(old, 2, 1).put("historyBytes", line.length())));

        ExecutionRecord running = record("running", "m", "RUNNING", T0);
        Path second = Files.createDirectories(executions.resolve("second"));
        String lines = "[1,0,1700000000001,\"E1\",null]\n[2,\"E2\",null]\n";
        Files.writeString(second.resolve("history.jsonl"), lines + "[3,\"Lost3\",null]\n"); // the last never committed
        writeSlot(second.resolve("state.json"), formerState(running, 2, 2).put("historyBytes", lines.length()));
        writeSlot(second.resolve("state.1.json"), formerState(running, 3, 3).put("historyBytes", lines.length() + 17));
        byte[] torn = Files.readAllBytes(second.resolve("state.1.json"));
        torn[5] = 'X';
        Files.write(second.resolve("state.1.json"), torn);

        Path crashed = Files.createDirectories(executions.resolve("crashed"));
        Files.writeString(crashed.resolve("history.jsonl"), "");

        for (int open = 0; open < 2; open++) { // moved, then read from the log alone
            JournalExecutionStore store = new JournalExecutionStore(dir, false);
            assertThat(executions).as("moved").doesNotExist();
            assertThat(store.execution(old.arn())).contains(old);
            assertThat(store.history(old.arn(), false, 10, null).items()).containsExactly(Json.read(line));
            assertThat(store.running()).hasSize(1);
            ExecutionStore.Saved saved = store.running().get(0);
            assertThat(saved.record()).isEqualTo(running);
            assertThat(saved.version()).as("the torn slot left out").isEqualTo(2);
            assertThat(saved.lastEventId()).isEqualTo(2);
            assertThat(saved.snapshot()).isEqualTo(snapshot(2));
            assertThat(types(store.history(running.arn(), false, 10, null).items())).containsExactly("E1", "E2");
            assertThat(store.executions(MACHINE, null, 10, null).items()).hasSize(2);
        }
        JournalExecutionStore store = new JournalExecutionStore(dir, false);
        assertThat(store.saveProgress(running, snapshot(3), events(3, 3), 2)).isTrue();
        assertThat(types(new JournalExecutionStore(dir, false).history(running.arn(), false, 10, null).items()))
                .containsExactly("E1", "E2", "E3");
    }

    /** A state as the directory formats kept it (the definition's text inside). */
    private static com.fasterxml.jackson.databind.node.ObjectNode formerState(ExecutionRecord r, long version,
            long lastEventId) {
        var o = Json.object();
        o.put("arn", r.arn()).put("stateMachineArn", r.stateMachineArn()).put("name", r.name()).put("status", r.status())
                .put("input", r.input()).put("startDate", r.startDate().toString()).put("definition", r.definition())
                .put("roleArn", r.roleArn());
        o.set("snapshot", snapshot((int) version));
        return o.put("version", version).put("lastEventId", lastEventId);
    }

    /** A state slot of the second format: the JSON, a newline, its CRC-32 in hex, a newline. */
    private static void writeSlot(Path file, JsonNode state) throws Exception {
        byte[] json = Json.writeBytes(state);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(json);
        Files.write(file, (new String(json, StandardCharsets.UTF_8) + "\n" + Long.toHexString(crc.getValue()) + "\n")
                .getBytes(StandardCharsets.UTF_8));
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
        assertThat(new JournalExecutionStore(dir, false).execution(arn).orElseThrow().status()).isEqualTo("SUCCEEDED");
    }
}
