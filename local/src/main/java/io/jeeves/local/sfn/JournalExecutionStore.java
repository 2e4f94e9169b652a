package io.jeeves.local.sfn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jeeves.asl.runtime.ExecutionRecord;
import io.jeeves.asl.runtime.ExecutionStore;
import io.jeeves.asl.runtime.HistoryEvent;
import io.jeeves.asl.runtime.StateMachineRecord;
import io.jeeves.json.Json;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
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
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
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
 * <li>{@code log/<n>.log}: every execution's saves, appended to one log, a new file (segment) for each run
 * of the store (ADR 015). A record is framed: magic {@code JSF1}, the body's length and CRC-32, then the
 * body: its type, two event ids, the execution's ARN and the payload. An {@code E} record holds events
 * (ids {@code first … last}), one compact line each (see {@link HistoryEvent#appendLine}); an {@code S}
 * record holds the execution's state: its summary (its definition by hash), its frames snapshot, its
 * version and the id of its last event.</li>
 * </ul>
 * Starting or saving an execution creates no file (on this machine's ext4 a new directory or file costs
 * 0.1–0.25 ms, an append a few µs). A save appends its events (those not staged yet) and its state in one
 * write; the state record, once whole (its CRC matches), is the commit. When the store opens it reads the
 * segments in order: an {@code S} record commits the execution's {@code E} records written since its
 * last state; events written in a segment and not committed by a state in the same segment (a crash
 * between staging or a save's two records and the state) are left out, and a torn record ends a segment's
 * reading. A resumed execution thus writes the same event ids again cleanly. Events staged while an
 * execution runs ({@link #stage}) are {@code E} records written ahead; they count once a save commits them.
 * Journals of the earlier formats (a directory per execution under {@code executions/}) are moved into the
 * log when the store opens.
 *
 * <p>Machines and definitions are replaced atomically (a temporary file in the same directory, then a
 * rename). Without {@code fsync} nothing is forced to the disk: everything written survives the process
 * being killed (the operating system keeps it), but a machine crash or power loss may lose the last saves.
 * With {@code fsync}, every write is forced to the disk before the method returns.
 *
 * <p>Every method is safe from many threads: state machines are written under one lock, each execution
 * under its own, appends to the log under the log's; listings come from an index in memory built when the
 * store opens.
 */
public final class JournalExecutionStore implements ExecutionStore, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JournalExecutionStore.class);
    /** The state slots of the directory formats (moved into the log at open). */
    private static final String[] STATE = {"state.json", "state.1.json"};
    private static final String HISTORY = "history.jsonl";
    private static final String TEMP = ".tmp";
    private static final String SEGMENT = ".log";
    /** "JSF1": the first bytes of every record. */
    private static final int MAGIC = 0x4A534631;
    /** Magic, body length, body CRC-32. */
    private static final int HEADER = 12;
    /** The body before the ARN: type, first id, last id, ARN length. */
    private static final int FIXED = 19;
    private static final byte EVENTS = 'E';
    private static final byte SAVED = 'S';

    /** A log file; read through one channel opened when first needed. */
    private static final class Segment {
        final Path file;
        private FileChannel reader;

        Segment(Path file) {
            this.file = file;
        }

        /** The {@code length} bytes at {@code offset}. */
        synchronized byte[] read(long offset, int length) throws IOException {
            if (reader == null) {
                reader = FileChannel.open(file, StandardOpenOption.READ);
            }
            ByteBuffer buf = ByteBuffer.allocate(length);
            while (buf.hasRemaining()) {
                if (reader.read(buf, offset + buf.position()) < 0) {
                    throw new IOException("unexpected end of " + file + " at " + (offset + buf.position()));
                }
            }
            return buf.array();
        }

        synchronized void close() throws IOException {
            if (reader != null) {
                reader.close();
                reader = null;
            }
        }
    }

    /** Where a record's payload is, and for events their ids. */
    private record Loc(Segment segment, long offset, int length, long firstId, long lastId) {
        byte[] read() throws IOException {
            return segment.read(offset, length);
        }
    }

    /** A record to write: its type, ids and payload. */
    private record Rec(byte type, long firstId, long lastId, byte[] payload) {
    }

    /** One execution: what listings need, and where its records are. Guarded by itself. */
    private static final class Entry {
        volatile ExecutionRecord record;
        long version;
        long lastEventId;
        /** The committed event records, in order. */
        final List<Loc> events = new ArrayList<>();
        /** Event records written ahead ({@link #stage}) since the last save, not committed, in order. */
        final List<Loc> staged = new ArrayList<>();

        /** The id of the last event written: staged, or else committed. */
        long writtenUpTo() {
            return staged.isEmpty() ? lastEventId : staged.get(staged.size() - 1).lastId();
        }
        /** The committed state record. */
        Loc state;
    }

    private final Path machineDir;
    private final Path definitionDir;
    private final Path logDir;
    /** Where the directory formats kept executions; moved into the log at open. */
    private final Path formerExecutionDir;
    /** Definition text → its hash, for those written (or read) since the store opened. */
    private final Map<String, String> definitionHashes = new ConcurrentHashMap<>();
    /** Hash → definition text, for those read: executions of one definition share one string. */
    private final Map<String, String> definitions = new ConcurrentHashMap<>();
    private final boolean fsync;
    private final Map<String, StateMachineRecord> machines = new ConcurrentHashMap<>();
    private final Map<String, Entry> executions = new ConcurrentHashMap<>();
    /** Every segment read or written, to close. */
    private final List<Segment> segments = new CopyOnWriteArrayList<>();
    /** Guards the segment being written, its channel and its end. */
    private final Object writeLock = new Object();
    private Segment writing;
    private FileChannel writer;
    private long writeEnd;
    private long nextSegment = 1;

    /**
     * Opens (or creates) the store in {@code dir}, reading its log into the index (and moving executions of the
     * directory formats into the log).
     *
     * @param fsync force every write to the disk (slower; survives a machine crash)
     */
    public JournalExecutionStore(Path dir, boolean fsync) {
        this.machineDir = dir.resolve("machines");
        this.definitionDir = dir.resolve("definitions");
        this.logDir = dir.resolve("log");
        this.formerExecutionDir = dir.resolve("executions");
        this.fsync = fsync;
        try {
            Files.createDirectories(machineDir);
            Files.createDirectories(definitionDir);
            Files.createDirectories(logDir);
            loadMachines();
            deleteTemporaryFiles(definitionDir);
            loadLog();
            moveFormerExecutions();
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

    // ---- executions: the log ------------------------------------------------------------------------

    /** Reads every segment, in order, into the index. */
    private void loadLog() throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> all = Files.newDirectoryStream(logDir, "*" + SEGMENT)) {
            all.forEach(files::add);
        }
        files.sort(Comparator.comparing(Path::toString));
        for (Path file : files) {
            String name = file.getFileName().toString();
            try {
                nextSegment = Math.max(nextSegment, Long.parseLong(name.substring(0, name.length() - SEGMENT.length())) + 1);
            } catch (NumberFormatException e) {
                LOG.warn("skipping {}: not a segment of this log", file);
                continue;
            }
            Segment segment = new Segment(file);
            segments.add(segment);
            readSegment(segment);
        }
    }

    /**
     * Reads one segment's records: a state commits the event records of its execution written before it in the
     * segment; events left uncommitted at its end are dropped; a torn record ends it.
     */
    private void readSegment(Segment segment) throws IOException {
        Map<String, List<Loc>> uncommitted = new HashMap<>();
        long size = Files.size(segment.file);
        long at = 0;
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(
                Files.newInputStream(segment.file), 1 << 16))) {
            while (at + HEADER <= size) {
                int magic = in.readInt();
                int length = in.readInt();
                int crc = in.readInt();
                if (magic != MAGIC || length < FIXED || at + HEADER + length > size) {
                    break;
                }
                byte[] body = in.readNBytes(length);
                CRC32 check = new CRC32();
                check.update(body);
                if ((int) check.getValue() != crc) {
                    break;
                }
                ByteBuffer b = ByteBuffer.wrap(body);
                byte type = b.get();
                long firstId = b.getLong();
                long lastId = b.getLong();
                int arnLength = Short.toUnsignedInt(b.getShort());
                if (FIXED + arnLength > length) {
                    break;
                }
                String arn = new String(body, FIXED, arnLength, StandardCharsets.UTF_8);
                int payload = FIXED + arnLength;
                Loc loc = new Loc(segment, at + HEADER + payload, length - payload, firstId, lastId);
                if (type == EVENTS) {
                    uncommitted.computeIfAbsent(arn, k -> new ArrayList<>()).add(loc);
                } else if (type == SAVED) {
                    JsonNode state = Json.MAPPER.readTree(body, payload, length - payload);
                    committed(arn, state, loc, uncommitted.remove(arn));
                }
                at += HEADER + length;
            }
        }
        if (at < size) {
            LOG.warn("{}: a torn record at byte {} of {}; the rest of the segment is left out", segment.file, at, size);
        }
        uncommitted.forEach((arn, events) -> LOG.info("{}: {} event records of {} never committed (a crash before "
                + "the save): left out", segment.file, events.size(), arn));
    }

    /** Takes a committed state (and the event records it commits) into the index. */
    private void committed(String arn, JsonNode state, Loc stateLoc, List<Loc> events) throws IOException {
        Entry e = executions.computeIfAbsent(arn, k -> new Entry());
        long version = state.path("version").asLong();
        if (e.record != null && version <= e.version) {
            LOG.warn("{}: version {} of {} after version {}: left out", stateLoc.segment().file, version, arn, e.version);
            return;
        }
        long lastEventId = state.path("lastEventId").asLong();
        long next = e.lastEventId + 1;
        for (Loc loc : events == null ? List.<Loc>of() : events) {
            if (loc.firstId() == next && loc.lastId() <= lastEventId) {
                e.events.add(loc);
                next = loc.lastId() + 1;
            }
        }
        if (next != lastEventId + 1) { // never written so; the history reads without the missing events
            LOG.warn("{}: version {} of {} commits events up to {}, but those after {} are not in the log",
                    stateLoc.segment().file, version, arn, lastEventId, next - 1);
        }
        e.record = execution(state);
        e.version = version;
        e.lastEventId = lastEventId;
        e.state = stateLoc;
    }

    /**
     * Appends records of one execution in one write, at the end of this run's segment (made by the first
     * write); returns where each payload is.
     */
    private Loc[] append(String arn, Rec... records) {
        byte[] arnBytes = arn.getBytes(StandardCharsets.UTF_8);
        if (arnBytes.length > 0xFFFF) {
            throw new IllegalArgumentException("ARN too long: " + arn);
        }
        int total = 0;
        for (Rec r : records) {
            total += HEADER + FIXED + arnBytes.length + r.payload().length;
        }
        ByteBuffer buf = ByteBuffer.allocate(total);
        long[] offsets = new long[records.length];
        for (int i = 0; i < records.length; i++) {
            Rec r = records[i];
            int start = buf.position();
            buf.putInt(MAGIC).putInt(FIXED + arnBytes.length + r.payload().length).putInt(0);
            buf.put(r.type()).putLong(r.firstId()).putLong(r.lastId()).putShort((short) arnBytes.length).put(arnBytes);
            offsets[i] = buf.position();
            buf.put(r.payload());
            CRC32 crc = new CRC32();
            crc.update(buf.array(), start + HEADER, buf.position() - start - HEADER);
            buf.putInt(start + 8, (int) crc.getValue());
        }
        buf.flip();
        Loc[] locs = new Loc[records.length];
        synchronized (writeLock) {
            try {
                if (writer == null) {
                    openSegment();
                }
                long at = writeEnd;
                write(writer, buf, at); // a failed write is written over by the next one
                if (fsync) {
                    writer.force(false);
                }
                writeEnd = at + total;
                for (int i = 0; i < records.length; i++) {
                    locs[i] = new Loc(writing, at + offsets[i], records[i].payload().length, records[i].firstId(),
                            records[i].lastId());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return locs;
    }

    /** Makes this run's segment (write lock held): the next number after every segment there is. */
    private void openSegment() throws IOException {
        while (true) {
            Path file = logDir.resolve(String.format("%020d%s", nextSegment++, SEGMENT));
            try {
                writer = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (FileAlreadyExistsException e) {
                continue; // another store on the same folder made it
            }
            writing = new Segment(file);
            segments.add(writing);
            writeEnd = 0;
            return;
        }
    }

    private JsonNode stateJson(ExecutionRecord r, JsonNode snapshot, long version, long lastEventId) {
        ObjectNode o = Json.object();
        o.put("arn", r.arn()).put("stateMachineArn", r.stateMachineArn()).put("name", r.name())
                .put("status", r.status()).put("input", r.input()).put("output", r.output()).put("error", r.error())
                .put("cause", r.cause()).put("startDate", instant(r.startDate())).put("stopDate", instant(r.stopDate()))
                .put("definitionHash", definitionHash(r.definition())).put("roleArn", r.roleArn())
                .put("parentArn", r.parentArn());
        o.set("snapshot", snapshot);
        o.put("version", version).put("lastEventId", lastEventId);
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
        Entry e = new Entry();
        synchronized (e) {
            if (executions.putIfAbsent(record.arn(), e) != null) {
                return false;
            }
            try {
                commit(e, record, snapshot, events, 1);
            } catch (RuntimeException ex) {
                executions.remove(record.arn(), e);
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
     * Writes events ahead of their save, after the committed ones and those staged before. Events already
     * committed or staged are skipped; a batch that does not follow on is left to the save.
     */
    @Override
    public void stage(String executionArn, List<HistoryEvent> events) {
        Entry e = executions.get(executionArn);
        if (e == null || events.isEmpty()) {
            return;
        }
        synchronized (e) {
            if (e.record == null) {
                return;
            }
            long after = e.writtenUpTo();
            int from = (int) (after + 1 - events.get(0).id());
            if (from < 0 || from >= events.size()) {
                return; // not next (a batch lost before it), or all written already
            }
            List<HistoryEvent> batch = events.subList(from, events.size());
            e.staged.add(append(executionArn, eventRecord(batch))[0]);
        }
    }

    /**
     * Appends the events not staged yet and the new state in one write (the state record is the commit); the
     * staged records count from now on.
     */
    private void commit(Entry e, ExecutionRecord record, JsonNode snapshot, List<HistoryEvent> events, long version) {
        long lastEventId = events.isEmpty() ? e.lastEventId : events.get(events.size() - 1).id();
        int from = events.isEmpty() ? 0 : (int) Math.max(0, Math.min(events.size(),
                e.writtenUpTo() + 1 - events.get(0).id()));
        List<HistoryEvent> rest = events.subList(from, events.size());
        Rec state = new Rec(SAVED, 0, lastEventId, Json.writeBytes(stateJson(record, snapshot, version, lastEventId)));
        Loc[] locs = rest.isEmpty() ? append(record.arn(), state) : append(record.arn(), eventRecord(rest), state);
        e.events.addAll(e.staged);
        e.staged.clear();
        if (!rest.isEmpty()) {
            e.events.add(locs[0]);
        }
        e.state = locs[locs.length - 1];
        e.version = version;
        e.lastEventId = lastEventId;
        e.record = record;
    }

    /** The events as one record, one line each (the first whole, so that a record reads on its own). */
    private static Rec eventRecord(List<HistoryEvent> events) {
        StringBuilder lines = new StringBuilder(96 * events.size());
        HistoryEvent before = null;
        for (HistoryEvent event : events) {
            event.appendLine(lines, before).append('\n');
            before = event;
        }
        return new Rec(EVENTS, events.get(0).id(), events.get(events.size() - 1).id(),
                lines.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Writes all of {@code bytes} at {@code position}; returns how many. */
    private static int write(FileChannel ch, ByteBuffer bytes, long position) throws IOException {
        int n = bytes.remaining();
        while (bytes.hasRemaining()) {
            position += ch.write(bytes, position);
        }
        return n;
    }

    // ---- executions of the directory formats ------------------------------------------------------------

    /**
     * Moves executions kept in the directory formats ({@code executions/<hash>/state.json}, {@code
     * state.1.json}, {@code history.jsonl}) into the log: each one's committed history as one event record, then
     * its state; forced to the disk before the directory is deleted. One without a valid state (a crash during
     * its StartExecution, which never answered) is deleted; one already in the log (moved before a crash) too.
     */
    private void moveFormerExecutions() throws IOException {
        if (!Files.isDirectory(formerExecutionDir)) {
            return;
        }
        List<Path> moved = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(formerExecutionDir)) {
            for (Path dir : dirs) {
                try {
                    Slot slot = committedState(dir);
                    if (slot != null && !executions.containsKey(slot.state().path("arn").asText())) {
                        ObjectNode state = slot.state().deepCopy();
                        long historyBytes = state.path("historyBytes").asLong();
                        state.remove("historyBytes");
                        String arn = state.path("arn").asText();
                        long lastEventId = state.path("lastEventId").asLong();
                        byte[] history = committedHistory(dir.resolve(HISTORY), historyBytes);
                        Rec saved = new Rec(SAVED, 0, lastEventId, Json.writeBytes(state));
                        Loc[] locs = history.length == 0 ? append(arn, saved)
                                : append(arn, new Rec(EVENTS, 1, lastEventId, history), saved);
                        committed(arn, state, locs[locs.length - 1], history.length == 0 ? null : List.of(locs[0]));
                    }
                    moved.add(dir);
                } catch (IOException | RuntimeException ex) {
                    LOG.warn("skipping unreadable execution {}: {}", dir, ex.toString());
                }
            }
        }
        if (moved.isEmpty()) {
            return;
        }
        synchronized (writeLock) {
            if (writer != null) {
                writer.force(false);
            }
        }
        for (Path dir : moved) {
            delete(dir);
        }
        LOG.info("moved {} executions of {} into the log", moved.size(), formerExecutionDir);
        try (Stream<Path> left = Files.list(formerExecutionDir)) {
            if (left.findAny().isEmpty()) {
                Files.delete(formerExecutionDir);
            }
        }
    }

    /** The whole lines in the first {@code committed} bytes of a former history file (none if it is missing). */
    private static byte[] committedHistory(Path history, long committed) throws IOException {
        if (!Files.exists(history)) {
            return new byte[0];
        }
        byte[] bytes = Files.readAllBytes(history);
        int end = (int) Math.min(committed, bytes.length);
        if (end < committed) {
            LOG.warn("history {} has {} bytes of {} committed: keeping its whole lines", history, bytes.length, committed);
        }
        int whole = end == committed ? end : lastNewline(bytes, end) + 1;
        return Arrays.copyOf(bytes, whole);
    }

    private static int lastNewline(byte[] bytes, int end) {
        for (int i = end - 1; i >= 0; i--) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
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
                    JsonNode state = Json.read(e.state.read());
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
        List<Loc> records = List.of();
        if (e != null) {
            synchronized (e) {
                records = List.copyOf(e.events);
            }
        }
        List<JsonNode> events = new ArrayList<>();
        try {
            for (Loc loc : records) {
                readLines(loc.read(), events);
            }
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        if (reverse) {
            Collections.reverse(events);
        }
        return Page.of(events, limit, nextToken);
    }

    /** The events of one record's lines (the first line whole, the others may follow it). */
    private static void readLines(byte[] bytes, List<JsonNode> into) throws IOException {
        int start = 0;
        JsonNode before = null;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                JsonNode line = Json.MAPPER.readTree(bytes, start, i - start);
                before = line.isObject() ? line : HistoryEvent.expand(line, before); // the first journals: whole events
                into.add(before);
                start = i + 1;
            }
        }
    }

    /** Closes the log's files (the store is not used after). */
    @Override
    public void close() {
        synchronized (writeLock) {
            try {
                if (writer != null) {
                    writer.close();
                }
                for (Segment s : segments) {
                    s.close();
                }
            } catch (IOException e) {
                LOG.warn("closing the log: {}", e.toString());
            }
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

    /** A state slot of the directory formats: which one, and the state in it. */
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
