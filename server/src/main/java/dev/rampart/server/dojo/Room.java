package dev.rampart.server.dojo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rampart.server.notebook.AtomicFiles;
import dev.rampart.server.security.Principal;
import dev.rampart.server.security.TokenBook;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A dojo room: its participants and their links, each one's results per kata, and whether the
 * room is open, paused or ended. Every change is written at once, atomically, to
 * {@code <dojo>/state/dojo.json}, so a restart (or a crash) loses nothing; the folder is made
 * private (0700) because the file holds the participants' links. Thread-safe.
 */
public final class Room {

    public static final int MAX_PARTICIPANTS = 200;
    static final int MAX_NAME = 60;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path folder;
    private final Path stateFile;
    private final Clock clock;
    private final TokenBook tokens;
    private final Map<String, Participant> participants = new LinkedHashMap<>();
    private final Map<String, Map<String, KataResult>> results = new TreeMap<>();
    private final List<Consumer<RoomState>> stateListeners = new CopyOnWriteArrayList<>();
    private RoomState state = RoomState.OPEN;
    private int counter;

    private Room(Path folder, Clock clock, SecureRandom random) {
        this.folder = folder;
        this.stateFile = folder.resolve("state").resolve("dojo.json");
        this.clock = clock;
        this.tokens = new TokenBook(random);
    }

    /** The room kept in {@code folder}, as it was when the server last stopped, or a fresh one. */
    public static Room open(Path folder, Clock clock, SecureRandom random) {
        var room = new Room(folder.toAbsolutePath().normalize(), clock, random);
        try {
            Files.createDirectories(room.stateFile.getParent());
            try {
                Files.setPosixFilePermissions(room.stateFile.getParent(), PosixFilePermissions.fromString("rwx------"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the user's profile folder is already private.
            }
            if (Files.exists(room.stateFile)) {
                room.load(JSON.readTree(room.stateFile.toFile()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the dojo's state in " + room.stateFile + ": " + e.getMessage()
                    + "; fix or move that file, or start with another --dojo folder", e);
        }
        return room;
    }

    public Path folder() {
        return folder;
    }

    /** The participants' links, as credentials: each token names its participant. */
    public TokenBook tokens() {
        return tokens;
    }

    /** Where a participant's private copy of the katas and lessons lives. */
    public Path workspaceOf(String participantId) {
        return folder.resolve("participants").resolve(participantId);
    }

    /**
     * A new participant with a fresh personal link.
     *
     * @throws IllegalArgumentException when the name is empty, too long, has control characters,
     *                                  is already taken, or the room is full
     */
    public synchronized Participant add(String name) {
        var clean = checkName(name);
        if (participants.values().stream().anyMatch(p -> p.name().equalsIgnoreCase(clean))) {
            throw new IllegalArgumentException("There is already a participant called " + clean + ": add a surname or an initial");
        }
        if (participants.size() >= MAX_PARTICIPANTS) {
            throw new IllegalArgumentException("The room is full (" + MAX_PARTICIPANTS + " participants)");
        }
        var id = "p" + (++counter);
        var principal = new Principal(Principal.Role.PARTICIPANT, id);
        var participant = new Participant(id, clean, tokens.issue(principal), clock.instant(), Optional.empty());
        participants.put(id, participant);
        save();
        return participant;
    }

    /** Adds everyone in a names list (one a line; blank lines and {@code #} lines skipped), all or none. */
    public synchronized List<Participant> addAll(List<String> lines) {
        var names = lines.stream().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        var seen = new HashSet<String>();
        for (var name : names) {
            var clean = checkName(name);
            if (!seen.add(clean.toLowerCase(Locale.ROOT))
                    || participants.values().stream().anyMatch(p -> p.name().equalsIgnoreCase(clean))) {
                throw new IllegalArgumentException("The name " + clean + " appears twice: make each name unique; nobody was added");
            }
        }
        if (participants.size() + names.size() > MAX_PARTICIPANTS) {
            throw new IllegalArgumentException("That would make more than " + MAX_PARTICIPANTS + " participants; nobody was added");
        }
        var added = new ArrayList<Participant>();
        names.forEach(name -> added.add(add(name)));
        return List.copyOf(added);
    }

    /**
     * Takes a participant out of the room: their link stops working at once and they leave the
     * board. Their folder stays on disk, so nothing they wrote is lost; ids are never reused.
     */
    public synchronized Optional<Participant> remove(String id) {
        var participant = participants.remove(id);
        if (participant == null) {
            return Optional.empty();
        }
        results.remove(id);
        tokens.revoke(new Principal(Principal.Role.PARTICIPANT, id));
        save();
        return Optional.of(participant);
    }

    public synchronized List<Participant> participants() {
        return List.copyOf(participants.values());
    }

    public synchronized Optional<Participant> participant(String id) {
        return Optional.ofNullable(participants.get(id));
    }

    /** Notes the participant's first visit (their workspace was just copied). */
    public synchronized void joined(String id) {
        var participant = participants.get(id);
        if (participant != null && participant.joined().isEmpty()) {
            participants.put(id, new Participant(id, participant.name(), participant.token(), participant.created(),
                    Optional.of(clock.instant())));
            save();
        }
    }

    /** Records a finished run of a kata's attacks. */
    public synchronized void record(String participantId, String kataId, int blocked, int attacks, int honestPassed, int honest) {
        if (!participants.containsKey(participantId)) {
            return;
        }
        var mine = results.computeIfAbsent(participantId, id -> new TreeMap<>());
        var now = clock.instant();
        mine.merge(kataId, KataResult.first(blocked, attacks, honestPassed, honest, now),
                (old, fresh) -> old.next(blocked, attacks, honestPassed, honest, now));
        save();
    }

    /** Forgets a kata's results (the facilitator reset it to the starter). */
    public synchronized void forget(String participantId, String kataId) {
        var mine = results.get(participantId);
        if (mine != null && mine.remove(kataId) != null) {
            save();
        }
    }

    public synchronized Map<String, KataResult> results(String participantId) {
        return Map.copyOf(results.getOrDefault(participantId, Map.of()));
    }

    public synchronized RoomState state() {
        return state;
    }

    /** Pauses, resumes or ends the room; an ended room stays ended. */
    public void change(RoomState next) {
        synchronized (this) {
            if (state == RoomState.ENDED && next != RoomState.ENDED) {
                throw new IllegalStateException("The session has ended; start a new dojo folder for a new session");
            }
            state = next;
            save();
        }
        stateListeners.forEach(listener -> listener.accept(next));
    }

    /** Called after each change of state (the workspaces stop their kernels when the room ends). */
    public void onStateChange(Consumer<RoomState> listener) {
        stateListeners.add(listener);
    }

    /** Why participants' changes are refused now, or empty. */
    public Optional<String> lock() {
        return state().lock();
    }

    static String checkName(String name) {
        var clean = name == null ? "" : name.strip();
        if (clean.isEmpty()) {
            throw new IllegalArgumentException("Give the participant a name");
        }
        if (clean.length() > MAX_NAME) {
            throw new IllegalArgumentException("Names are at most " + MAX_NAME + " characters");
        }
        if (clean.codePoints().anyMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT)) {
            throw new IllegalArgumentException("Names cannot hold control or formatting characters");
        }
        return clean;
    }

    private void save() {
        var root = JSON.createObjectNode().put("version", 1).put("state", state.name()).put("counter", counter);
        var list = root.putArray("participants");
        for (var p : participants.values()) {
            var node = list.addObject().put("id", p.id()).put("name", p.name()).put("token", p.token())
                    .put("created", p.created().toString());
            p.joined().ifPresent(at -> node.put("joined", at.toString()));
        }
        var all = root.putObject("results");
        results.forEach((participant, katas) -> {
            var mine = all.putObject(participant);
            katas.forEach((kata, r) -> {
                var node = mine.putObject(kata).put("blocked", r.blocked()).put("attacks", r.attacks())
                        .put("honestPassed", r.honestPassed()).put("honest", r.honest()).put("runs", r.runs())
                        .put("lastRun", r.lastRun().toString());
                r.solvedAt().ifPresent(at -> node.put("solvedAt", at.toString()));
            });
        });
        try {
            AtomicFiles.write(stateFile, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot save the dojo's state to " + stateFile + ": " + e.getMessage(), e);
        }
    }

    private void load(JsonNode root) {
        state = RoomState.valueOf(root.path("state").asText("OPEN"));
        counter = root.path("counter").asInt(0);
        for (var node : root.path("participants")) {
            var id = node.path("id").asText();
            var joined = node.hasNonNull("joined") ? Optional.of(Instant.parse(node.get("joined").asText())) : Optional.<Instant>empty();
            var participant = new Participant(id, node.path("name").asText(), node.path("token").asText(),
                    Instant.parse(node.path("created").asText()), joined);
            participants.put(id, participant);
            tokens.add(participant.token(), new Principal(Principal.Role.PARTICIPANT, id), false);
        }
        root.path("results").fields().forEachRemaining(byParticipant -> {
            var mine = results.computeIfAbsent(byParticipant.getKey(), id -> new TreeMap<>());
            byParticipant.getValue().fields().forEachRemaining(byKata -> {
                var r = (ObjectNode) byKata.getValue();
                var solved = r.hasNonNull("solvedAt") ? Optional.of(Instant.parse(r.get("solvedAt").asText())) : Optional.<Instant>empty();
                mine.put(byKata.getKey(), new KataResult(r.path("blocked").asInt(), r.path("attacks").asInt(),
                        r.path("honestPassed").asInt(), r.path("honest").asInt(), r.path("runs").asInt(),
                        Instant.parse(r.path("lastRun").asText()), solved));
            });
        });
    }
}
