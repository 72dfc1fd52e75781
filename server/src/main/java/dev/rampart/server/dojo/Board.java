package dev.rampart.server.dojo;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rampart.contract.Kata;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Supplier;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The board: every participant × kata × attacks blocked, as the page's JSON, and the exports
 * (CSV through Apache Commons CSV, JSON through Jackson). Exports never hold a link's token:
 * they leave the facilitator's machine (a spreadsheet, an email).
 */
public final class Board {

    private static final List<String> HEADER = List.of("participant", "name", "joined", "kata", "attacks_blocked", "attacks",
            "honest_passed", "honest", "runs", "last_run", "solved_at");

    private final Room room;
    private final List<Kata> katas;
    private final Supplier<List<String>> waiting;

    /** @param waiting who waits for a kernel now, in order */
    public Board(Room room, List<Kata> katas, Supplier<List<String>> waiting) {
        this.room = room;
        this.katas = List.copyOf(katas);
        this.waiting = waiting;
    }

    /** What the facilitator's page shows, links included (only the facilitator reaches it). */
    public ObjectNode live() {
        var board = export();
        var links = JsonNodeFactory.instance.objectNode();
        room.participants().forEach(p -> links.put(p.id(), "/?token=" + p.token()));
        board.set("links", links);
        var queue = board.putArray("queue");
        waiting.get().forEach(queue::add);
        return board;
    }

    /** The board without secrets. */
    public ObjectNode export() {
        var board = JsonNodeFactory.instance.objectNode().put("state", room.state().name());
        var list = board.putArray("katas");
        katas.forEach(kata -> list.addObject().put("number", kata.number()).put("id", kata.id()).put("title", kata.title()));
        var people = board.putArray("participants");
        for (var p : room.participants()) {
            var node = people.addObject().put("id", p.id()).put("name", p.name());
            p.joined().ifPresentOrElse(at -> node.put("joined", at.toString()), () -> node.putNull("joined"));
            var results = node.putObject("results");
            room.results(p.id()).forEach((kata, r) -> {
                var result = results.putObject(kata).put("attacksBlocked", r.blocked()).put("attacks", r.attacks())
                        .put("honestPassed", r.honestPassed()).put("honest", r.honest()).put("runs", r.runs())
                        .put("lastRun", r.lastRun().toString()).put("solved", r.solved());
                r.solvedAt().ifPresentOrElse(at -> result.put("solvedAt", at.toString()), () -> result.putNull("solvedAt"));
            });
        }
        return board;
    }

    /** One row per participant and kata they ran. */
    public String csv() {
        var out = new StringWriter();
        try (var printer = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader(HEADER.toArray(String[]::new)).get())) {
            for (var p : room.participants()) {
                var results = room.results(p.id());
                if (results.isEmpty()) {
                    printer.printRecord(p.id(), cell(p.name()), p.joined().map(Object::toString).orElse(""), "", "", "", "", "", "", "", "");
                }
                for (var kata : katas) {
                    var r = results.get(kata.id());
                    if (r != null) {
                        printer.printRecord(p.id(), cell(p.name()), p.joined().map(Object::toString).orElse(""), kata.id(),
                                r.blocked(), r.attacks(), r.honestPassed(), r.honest(), r.runs(), r.lastRun(),
                                r.solvedAt().map(Object::toString).orElse(""));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /**
     * A name as a spreadsheet cell: one starting with {@code = + - @}, a tab or a carriage return
     * would be read as a formula when the export is opened, so it gets a leading apostrophe
     * (OWASP, "CSV Injection"). Commons CSV does the quoting; this is the part it leaves to us.
     */
    static String cell(String text) {
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            return "'" + text;
        }
        return text;
    }
}
