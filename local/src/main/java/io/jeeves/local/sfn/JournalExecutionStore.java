package io.jeeves.local.sfn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jeeves.asl.runtime.ExecutionRecord;
import io.jeeves.asl.runtime.ExecutionStore;
import io.jeeves.asl.runtime.HistoryEvent;
import io.jeeves.asl.runtime.SfnException;
import io.jeeves.asl.runtime.StateMachineRecord;
import io.jeeves.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step Functions' own storage (the emulator's internal state, not application data) in files under one
 * directory:
 * <ul>
 * <li>{@code machines/<sha256 of the ARN>.json}: one state machine each;</li>
 * <li>{@code definitions/<sha256 of the text>.asl.json}: each definition that executions ran, once (an
 * execution keeps the definition it started with; thousands of executions of one definition share the
 * file, and saving progress never rewrites it);</li>
 * <li>{@code executions/<sha256 of the ARN>/state.json} and {@code state.1.json}: two slots for the
 * execution's state: its summary (its definition by hash), its frames snapshot, its version, the id of its
 * last event and {@code historyBytes}, the committed length of its history. Each slot is the state's JSON,
 * a newline, the CRC-32 of that JSON in hex, a newline, and spaces up to the slot's length before;</li>
 * <li>{@code executions/<sha256 of the ARN>/history.jsonl}: its events, one compact line each (see
 * {@link HistoryEvent#appendLine}), appended.</li>
 * </ul>
 * Machines and definitions are replaced atomically (a temporary file in the same directory, then a rename).
 * An execution's state is not: a save overwrites, in place, the slot that does not hold the committed state
 * (a rename over an existing file costs ten times more on ext4, which flushes the file first), and the valid
 * slot (its CRC matches) of the higher version is the state when the store opens; a slot torn by a crash
 * fails its CRC and the other one, the save before, stands. Saving progress
 * appends the events to the history first, then writes the state: after a crash between the two,
 * the lines past {@code historyBytes} were never committed; they are cut off when the store opens, and are
 * never read, so a resumed execution writes the same event ids again cleanly. Events staged while an
 * execution runs ({@link #stage}) are written the same way, past the committed length, and count only once a
 * save commits them.
 *
 * <p>Without {@code fsync} nothing is forced to the disk: everything written survives the process being
 * killed (the operating system keeps it), but a machine crash or power loss may lose the last saves. With
 * {@code fsync}, every write is forced to the disk before the method returns.
 *
 * <p>Every method is safe from many threads: state machines are written under one lock, each execution
 * under its own; listings come from an index in memory loaded when the store opens.
 */
public final class JournalExecutionStore implements ExecutionStore {
    private static final Logger LOG = LoggerFactory.getLogger(JournalExecutionStore.class);
    /** The two state slots: a save writes the one that does not hold the committed state. */
    private static final String[] STATE = {"state.json", "state.1.json"};
    private static final String HISTORY = "history.jsonl";
    private static final String TEMP = ".tmp";

    /** One execution: what listings need, and where its history ends. Guarded by itself. */
    private static final class Entry {
        final Path dir;
        volatile ExecutionRecord record;
        long version;
        long lastEventId;
        long historyBytes;
        /**
         * Staged lines: events {@code lastEventId + 1 … stagedLastId} written after the committed history, up
         * to {@code stagedBytes}; not committed (cut off at open if a crash comes first). Equal to
         * {@code lastEventId} and {@code historyBytes} when nothing is staged.
         */
        long stagedLastId;
        long stagedBytes;
        /** The state slot holding the committed state (0 or 1). */
        int slot;

        Entry(Path dir) {
            this.dir = dir;
        }
    }

    private final Path machineDir;
    private final Path definitionDir;
    private final Path executionDir;
    /** Definition text → its hash, for those written (or read) since the store opened. */
    private final Map<String, String> definitionHashes = new ConcurrentHashMap<>();
    /** Hash → definition text, for those read: executions of one definition share one string. */
    private final Map<String, String> definitions = new ConcurrentHashMap<>();
    private final boolean fsync;
    private final Map<String, StateMachineRecord> machines = new ConcurrentHashMap<>();
    private final Map<String, Entry> executions = new ConcurrentHashMap<>();

    /**
     * Opens (or creates) the store in {@code dir}, loading its index and cutting every history back to its
     * committed length.
     *
     * @param fsync force every write to the disk (slower; survives a machine crash)
     */
    public JournalExecutionStore(Path dir, boolean fsync) {
        this.machineDir = dir.resolve("machines");
        this.definitionDir = dir.resolve("definitions");
        this.executionDir = dir.resolve("executions");
        this.fsync = fsync;
        try {
            Files.createDirectories(machineDir);
            Files.createDirectories(definitionDir);
            Files.createDirectories(executionDir);
            loadMachines();
            deleteTemporaryFiles(definitionDir);
            loadExecutions();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the Step Functions journal in " + dir, e);
        }
    }

    // ---- state machines ---------------------------------------------------------------------------

    /** Removes the temporary files of writes that never completed. */
    private static void deleteTemporaryFiles(Path dir) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + TEMP)) {
            for (Path f : files) {
                Files.deleteIfExists(f);
            }
        }
    }

    private void loadMachines() throws IOException {
        deleteTemporaryFiles(machineDir);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(machineDir)) {
            for (Path f : files) {
                try {
                    StateMachineRecord m = machine(Json.read(Files.readAllBytes(f)));
                    machines.put(m.arn(), m);
                } catch (IOException | RuntimeException e) {
                    LOG.warn("skipping unreadable state machine file {}: {}", f, e.toString());
                }
            }
        }
    }

    private static JsonNode machineJson(StateMachineRecord m) {
        ObjectNode o = Json.object();
        o.put("arn", m.arn()).put("name", m.name()).put("definition", m.definition()).put("roleArn", m.roleArn())
                .put("type", m.type()).put("creationDate", instant(m.creationDate()))
                .put("updateDate", instant(m.updateDate())).put("revisionId", m.revisionId()).put("version", m.version());
        return o;
    }

    private static StateMachineRecord machine(JsonNode o) {
        return new StateMachineRecord(text(o, "arn"), text(o, "name"), text(o, "definition"), text(o, "roleArn"),
                text(o, "type"), instant(o, "creationDate"), instant(o, "updateDate"), text(o, "revisionId"),
                o.path("version").asLong());
    }

    private Path machineFile(String arn) {
        return machineDir.resolve(hash(arn) + ".json");
    }

    @Override
    public boolean createStateMachine(StateMachineRecord machine) {
        synchronized (machines) {
            if (machines.containsKey(machine.arn())) {
                return false;
            }
            writeAtomically(machineFile(machine.arn()), Json.writeBytes(machineJson(machine)));
            machines.put(machine.arn(), machine);
            return true;
        }
    }

    @Override
    public boolean updateStateMachine(StateMachineRecord machine) {
        synchronized (machines) {
            StateMachineRecord current = machines.get(machine.arn());
            if (current == null || current.version() != machine.version() - 1) {
                return false;
            }
            writeAtomically(machineFile(machine.arn()), Json.writeBytes(machineJson(machine)));
            machines.put(machine.arn(), machine);
            return true;
        }
    }

    @Override
    public Optional<StateMachineRecord> stateMachine(String arn) {
        return Optional.ofNullable(machines.get(arn));
    }

    @Override
    public Page<StateMachineRecord> stateMachines(int limit, String nextToken) {
        List<StateMachineRecord> all = new ArrayList<>(machines.values());
        all.sort(Comparator.comparing(StateMachineRecord::name).thenComparing(StateMachineRecord::arn));
        return Page.of(all, limit, nextToken);
    }

    @Override
    public boolean deleteStateMachine(String arn) {
        synchronized (machines) {
            if (machines.remove(arn) == null) {
                return false;
            }
            try {
                Files.deleteIfExists(machineFile(arn));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return true;
        }
    }

    // ---- executions -------------------------------------------------------------------------------

    private void loadExecutions() throws IOException {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(executionDir)) {
            for (Path dir : dirs) {
                Files.deleteIfExists(dir.resolve(STATE[0] + TEMP)); // journals of the first format
                try {
                    Slot committed = committedState(dir);
                    if (committed == null) {
                        // created, but stopped before its first state was written: StartExecution never answered
                        delete(dir);
                        continue;
                    }
                    JsonNode state = committed.state();
                    Entry e = new Entry(dir);
                    e.slot = committed.index();
                    e.record = execution(state);
                    e.version = state.path("version").asLong();
                    e.lastEventId = state.path("lastEventId").asLong();
                    e.historyBytes = cutHistory(dir.resolve(HISTORY), state.path("historyBytes").asLong());
                    e.stagedLastId = e.lastEventId;
                    e.stagedBytes = e.historyBytes;
                    executions.put(e.record.arn(), e);
                } catch (IOException | RuntimeException ex) {
                    LOG.warn("skipping unreadable execution {}: {}", dir, ex.toString());
                }
            }
        }
    }

    /**
     * Cuts the history back to its committed length and returns that length. A history shorter than
     * committed (the machine crashed before the OS wrote it) keeps its whole lines.
     */
    private static long cutHistory(Path history, long committed) throws IOException {
        if (!Files.exists(history)) {
            return 0;
        }
        try (FileChannel ch = FileChannel.open(history, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
            if (size >= committed) {
                ch.truncate(committed);
                return committed;
            }
            byte[] bytes = Files.readAllBytes(history);
            int whole = lastNewline(bytes, bytes.length) + 1;
            LOG.warn("history {} has {} bytes of {} committed: keeping {}", history, size, committed, whole);
            ch.truncate(whole);
            return whole;
        }
    }

    private static int lastNewline(byte[] bytes, int end) {
        for (int i = end - 1; i >= 0; i--) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private JsonNode stateJson(ExecutionRecord r, JsonNode snapshot, Entry e) {
        ObjectNode o = Json.object();
        o.put("arn", r.arn()).put("stateMachineArn", r.stateMachineArn()).put("name", r.name())
                .put("status", r.status()).put("input", r.input()).put("output", r.output()).put("error", r.error())
                .put("cause", r.cause()).put("startDate", instant(r.startDate())).put("stopDate", instant(r.stopDate()))
                .put("definitionHash", definitionHash(r.definition())).put("roleArn", r.roleArn())
                .put("parentArn", r.parentArn());
        o.set("snapshot", snapshot);
        o.put("version", e.version).put("lastEventId", e.lastEventId).put("historyBytes", e.historyBytes);
        return o;
    }

    private ExecutionRecord execution(JsonNode o) throws IOException {
        return new ExecutionRecord(text(o, "arn"), text(o, "stateMachineArn"), text(o, "name"), text(o, "status"),
                text(o, "input"), text(o, "output"), text(o, "error"), text(o, "cause"), instant(o, "startDate"),
                instant(o, "stopDate"), o.hasNonNull("definitionHash") ? definition(text(o, "definitionHash"))
                        : text(o, "definition"), text(o, "roleArn"), // the first journals kept the text itself
                text(o, "parentArn"));
    }

    /** The hash of a definition, written to {@code definitions/} the first time it is seen. */
    private String definitionHash(String definition) {
        return definitionHashes.computeIfAbsent(definition, text -> {
            String hash = hash(text);
            Path file = definitionDir.resolve(hash + ".asl.json");
            if (!Files.exists(file)) {
                writeAtomically(file, text.getBytes(StandardCharsets.UTF_8));
            }
            definitions.putIfAbsent(hash, text);
            return hash;
        });
    }

    private String definition(String hash) throws IOException {
        String known = definitions.get(hash);
        if (known != null) {
            return known;
        }
        String text = Files.readString(definitionDir.resolve(hash + ".asl.json"));
        String shared = definitions.putIfAbsent(hash, text);
        if (shared != null) {
            return shared;
        }
        definitionHashes.putIfAbsent(text, hash);
        return text;
    }

    @Override
    public boolean createExecution(ExecutionRecord record, JsonNode snapshot, List<HistoryEvent> events) {
        Entry e = new Entry(executionDir.resolve(hash(record.arn())));
        synchronized (e) {
            if (executions.putIfAbsent(record.arn(), e) != null) {
                return false;
            }
            try {
                Files.createDirectory(e.dir);
            } catch (FileAlreadyExistsException ex) {
                executions.remove(record.arn(), e);
                return false;
            } catch (IOException ex) {
                executions.remove(record.arn(), e);
                throw new UncheckedIOException(ex);
            }
            try {
                commit(e, record, snapshot, events, 1);
            } catch (RuntimeException ex) {
                executions.remove(record.arn(), e);
                try {
                    delete(e.dir);
                } catch (IOException suppressed) {
                    ex.addSuppressed(suppressed);
                }
                throw ex;
            }
            return true;
        }
    }

    @Override
    public boolean saveProgress(ExecutionRecord record, JsonNode snapshot, List<HistoryEvent> events, long version) {
        Entry e = executions.get(record.arn());
        if (e == null) {
            return false;
        }
        synchronized (e) {
            if (e.record == null || e.version != version) {
                return false;
            }
            commit(e, record, snapshot, events, version + 1);
            return true;
        }
    }

    /**
     * Writes events ahead of their save, after the committed history and what was staged before. Events
     * already committed or staged are skipped; a batch that does not follow on is left to the save.
     */
    @Override
    public void stage(String executionArn, List<HistoryEvent> events) {
        Entry e = executions.get(executionArn);
        if (e == null || events.isEmpty()) {
            return;
        }
        synchronized (e) {
            long after = Math.max(e.lastEventId, e.stagedLastId);
            int from = (int) (after + 1 - events.get(0).id());
            if (from < 0 || from >= events.size()) {
                return; // not next (a batch lost before it), or all written already
            }
            try {
                e.stagedBytes += appendLines(e, events.subList(from, events.size()), e.stagedBytes);
                e.stagedLastId = events.get(events.size() - 1).id();
            } catch (RuntimeException ex) {
                e.stagedBytes = e.historyBytes; // the save writes them all
                e.stagedLastId = e.lastEventId;
                throw ex;
            }
        }
    }

    /**
     * Appends the events after the committed history (those staged already are on the disk), then replaces the
     * state: the save's commit point.
     */
    private void commit(Entry e, ExecutionRecord record, JsonNode snapshot, List<HistoryEvent> events, long version) {
        long historyBytes = e.historyBytes;
        if (!events.isEmpty()) {
            int from = 0;
            if (e.stagedLastId > e.lastEventId) {
                from = (int) Math.max(0, Math.min(events.size(), e.stagedLastId + 1 - events.get(0).id()));
                historyBytes = e.stagedBytes;
            }
            historyBytes += appendLines(e, events.subList(from, events.size()), historyBytes);
        }
        Entry next = new Entry(e.dir);
        next.version = version;
        next.lastEventId = events.isEmpty() ? e.lastEventId : events.get(events.size() - 1).id();
        next.historyBytes = historyBytes;
        int slot = e.record == null ? 0 : 1 - e.slot;
        writeSlot(e.dir.resolve(STATE[slot]), Json.writeBytes(stateJson(record, snapshot, next)));
        e.slot = slot;
        e.version = next.version;
        e.lastEventId = next.lastEventId;
        e.historyBytes = next.historyBytes;
        e.stagedLastId = next.lastEventId;
        e.stagedBytes = next.historyBytes;
        e.record = record;
    }

    /** Writes the events, one line each, at {@code position} of the history; returns the bytes written. */
    private long appendLines(Entry e, List<HistoryEvent> events, long position) {
        if (events.isEmpty()) {
            return 0;
        }
        StringBuilder lines = new StringBuilder(96 * events.size());
        HistoryEvent before = null;
        for (HistoryEvent event : events) {
            event.appendLine(lines, before).append('\n');
            before = event;
        }
        try (FileChannel ch = FileChannel.open(e.dir.resolve(HISTORY), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            long n = write(ch, ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8)), position);
            if (fsync) {
                ch.force(false);
            }
            return n;
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Writes all of {@code bytes} at {@code position}; returns how many. */
    private static int write(FileChannel ch, ByteBuffer bytes, long position) throws IOException {
        int n = bytes.remaining();
        while (bytes.hasRemaining()) {
            position += ch.write(bytes, position);
        }
        return n;
    }

    @Override
    public Optional<ExecutionRecord> execution(String arn) {
        Entry e = executions.get(arn);
        return e == null ? Optional.empty() : Optional.ofNullable(e.record);
    }

    @Override
    public Page<ExecutionRecord> executions(String stateMachineArn, String status, int limit, String nextToken) {
        List<ExecutionRecord> all = new ArrayList<>();
        for (Entry e : executions.values()) {
            ExecutionRecord r = e.record;
            if (r != null && r.stateMachineArn().equals(stateMachineArn) && (status == null || status.equals(r.status()))) {
                all.add(r);
            }
        }
        all.sort(Comparator.comparing(ExecutionRecord::startDate).thenComparing(ExecutionRecord::arn).reversed());
        return Page.of(all, limit, nextToken);
    }

    @Override
    public List<Saved> running() {
        List<Saved> out = new ArrayList<>();
        for (Entry e : executions.values()) {
            synchronized (e) {
                if (e.record == null || !e.record.running()) {
                    continue;
                }
                try {
                    JsonNode state = readSlot(e.dir.resolve(STATE[e.slot]));
                    out.add(new Saved(e.record, state.path("snapshot"), e.lastEventId, e.version));
                } catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
            }
        }
        return out;
    }

    @Override
    public Page<JsonNode> history(String executionArn, boolean reverse, int limit, String nextToken) {
        Entry e = executions.get(executionArn);
        List<JsonNode> events = new ArrayList<>();
        if (e != null) {
            synchronized (e) {
                if (e.historyBytes > 0) {
                    readHistory(e.dir.resolve(HISTORY), e.historyBytes, events);
                }
            }
        }
        if (reverse) {
            Collections.reverse(events);
        }
        return Page.of(events, limit, nextToken);
    }

    /** The events in the first {@code committed} bytes of the history. */
    private static void readHistory(Path history, long committed, List<JsonNode> into) {
        try (FileChannel ch = FileChannel.open(history, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(committed));
            while (buf.hasRemaining() && ch.read(buf, buf.position()) > 0) {
                // reads until the committed length (or the end of a file cut short)
            }
            byte[] bytes = buf.array();
            int start = 0;
            JsonNode before = null;
            for (int i = 0; i < buf.position(); i++) {
                if (bytes[i] == '\n') {
                    JsonNode line = Json.MAPPER.readTree(bytes, start, i - start);
                    before = line.isObject() ? line : HistoryEvent.expand(line, before); // the first journals: whole events
                    into.add(before);
                    start = i + 1;
                }
            }
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    // ---- files and helpers --------------------------------------------------------------------------

    /** Deletes {@code dir} and everything in it, if it exists (e.g. a throwaway journal). */
    public static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** A state slot: which one, and the state in it. */
    record Slot(int index, JsonNode state) {
    }

    /**
     * The committed state of the execution in {@code dir}: the valid slot of the higher version; null when
     * neither is valid (the execution's first state never written whole).
     */
    static Slot committedState(Path dir) throws IOException {
        Slot best = null;
        for (int slot = 0; slot < STATE.length; slot++) {
            JsonNode state = readSlot(dir.resolve(STATE[slot]));
            if (state != null && (best == null || state.path("version").asLong() > best.state().path("version").asLong())) {
                best = new Slot(slot, state);
            }
        }
        return best;
    }

    /**
     * A state slot's JSON; null if it is missing or torn (its CRC does not match). A slot without a CRC is a
     * journal of the first format, whose state was replaced by a rename: whole.
     */
    private static JsonNode readSlot(Path file) throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        byte[] bytes = Files.readAllBytes(file);
        int newline = indexOf(bytes, (byte) '\n', 0);
        if (newline < 0) {
            return Json.read(bytes);
        }
        int end = indexOf(bytes, (byte) '\n', newline + 1);
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, newline);
        if (end < 0 || !Long.toHexString(crc.getValue()).equals(new String(bytes, newline + 1, end - newline - 1,
                StandardCharsets.US_ASCII))) {
            return null;
        }
        return Json.MAPPER.readTree(bytes, 0, newline);
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Overwrites a state slot in place: the JSON, its CRC, and spaces over what is left of the slot's former
     * content (never truncated: on ext4 a truncation to zero flushes the file too).
     */
    private void writeSlot(Path file, byte[] json) {
        CRC32 crc = new CRC32();
        crc.update(json);
        byte[] check = ('\n' + Long.toHexString(crc.getValue()) + '\n').getBytes(StandardCharsets.US_ASCII);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            long length = json.length + check.length;
            long former = ch.size();
            ByteBuffer bytes = ByteBuffer.allocate((int) Math.max(length, former));
            bytes.put(json).put(check);
            while (bytes.hasRemaining()) {
                bytes.put((byte) ' ');
            }
            write(ch, bytes.flip(), 0);
            if (fsync) {
                ch.force(false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code bytes} to a temporary file beside {@code target}, then renames it over the target. */
    private void writeAtomically(Path target, byte[] bytes) {
        Path temp = target.resolveSibling(target.getFileName() + TEMP);
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                write(ch, ByteBuffer.wrap(bytes), 0);
                if (fsync) {
                    ch.force(false);
                }
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A file name for an ARN: the hex SHA-256 of it (the ARN itself is kept inside the file). */
    private static String hash(String arn) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(arn.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static String instant(Instant t) {
        return t == null ? null : t.toString();
    }

    private static Instant instant(JsonNode o, String field) {
        String v = text(o, field);
        return v == null ? null : Instant.parse(v);
    }
}
