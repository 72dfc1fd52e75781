package dev.rampart.server.kernel.child;

import dev.rampart.server.kernel.protocol.Completion;
import dev.rampart.server.kernel.protocol.Diagnostic;
import dev.rampart.server.kernel.protocol.Event;
import dev.rampart.server.kernel.protocol.Event.StreamName;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.Snippet.Status;
import jdk.jshell.Snippet.SubKind;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.VarSnippet;

/**
 * One JShell on the local execution engine: snippets run as ordinary code in this JVM (the
 * kernel process is the isolation boundary), which makes an evaluation about ten times faster
 * than JShell's default engine, which drives a second JVM over JDI.
 *
 * <p>Not thread-safe, except {@link #stop()}, which JShell allows from another thread.
 */
final class Shell implements AutoCloseable {

    /** JShell's own default imports (less java.util.prefs), and the display helpers. */
    static final List<String> IMPORTS = List.of(
            "import java.io.*;", "import java.math.*;", "import java.net.*;", "import java.nio.file.*;",
            "import java.util.*;", "import java.util.concurrent.*;", "import java.util.function.*;",
            "import java.util.regex.*;", "import java.util.stream.*;",
            "import static " + Display.class.getName() + ".*;");

    private static final int MAX_FRAMES = 60;
    private static final int MAX_CAUSES = 8;
    private static final int MAX_HISTORY = 2000;
    private static final Pattern SNIPPET_FILE = Pattern.compile("#(\\d+)");

    /** Where a snippet came from: the cell's execution count and the line it starts on. */
    record Origin(int cell, int line) {
    }

    /** A snippet that ran cleanly, kept so the state can be rebuilt on new kata classes. */
    record Ran(String source, Origin origin) {
    }

    private final JShell jshell;
    private final SourceCodeAnalysis analysis;
    private final Map<String, Origin> origins = new HashMap<>();
    private final List<Ran> history = new ArrayList<>();
    private boolean historyOverflowed;
    /** Whether the cell (or replay) under way was interrupted; asked before each snippet starts. */
    private volatile BooleanSupplier stopRequested = () -> false;

    Shell(List<Path> classPath, PrintStream diagnostics) {
        // Until this session shares its loader, the previous session's classes must not be found.
        SnippetAwareSystemLoader.useSession(null);
        jshell = JShell.builder()
                .executionEngine(new StoppableEngine(() -> stopRequested.getAsBoolean()), Map.of())
                .out(diagnostics)
                .err(diagnostics)
                .build();
        classPath.forEach(p -> jshell.addToClasspath(p.toString()));
        // The session's class loader is the one that defines a snippet's class (see SnippetAwareSystemLoader).
        var bridged = jshell.eval(SnippetAwareSystemLoader.class.getName() + ".useSession(new Object() {}.getClass().getClassLoader());");
        if (bridged.isEmpty() || bridged.get(0).status() != Status.VALID || bridged.get(0).exception() != null) {
            throw new IllegalStateException("JShell refused to share its class loader: "
                    + bridged.stream().map(e -> e.status() + " " + e.exception()).toList()
                    + (bridged.isEmpty() ? "" : jshell.diagnostics(bridged.get(0).snippet()).map(d -> d.getMessage(null)).toList()));
        }
        bridged.forEach(event -> jshell.drop(event.snippet()));
        analysis = jshell.sourceCodeAnalysis();
        for (var imp : IMPORTS) {
            var events = jshell.eval(imp);
            if (events.isEmpty() || events.get(0).status() != Status.VALID) {
                throw new IllegalStateException("JShell refused " + imp);
            }
        }
    }

    /** Compiles and runs a few throwaway snippets so the learner's first cell is fast. */
    void warmUp() {
        for (var code : List.of("int rampart$warmup = \"warm\".length() + 1;", "rampart$warmup * 2")) {
            for (var event : jshell.eval(code)) {
                jshell.drop(event.snippet());
            }
        }
        analysis.completionSuggestions("Strin", 5, new int[1]);
        analysis.documentation("String.valueOf(", 15, false);
    }

    /**
     * Runs a cell, snippet by snippet, stopping at the first that fails.
     *
     * @param interrupted true once the server asked to stop this cell
     * @return OK, or ERROR after a {@link Event.Failure} was published
     */
    Event.Status run(String code, int count, String parent, Outputs out, BooleanSupplier interrupted) {
        stopRequested = interrupted;
        try {
            return runSnippets(code, count, parent, out, interrupted);
        } finally {
            stopRequested = () -> false;
        }
    }

    private Event.Status runSnippets(String code, int count, String parent, Outputs out, BooleanSupplier interrupted) {
        var cell = Cell.split(code, analysis);
        var pieces = cell.pieces();
        for (int i = 0; i < pieces.size(); i++) {
            var piece = pieces.get(i);
            if (interrupted.getAsBoolean()) {
                out.publish(interruption(parent));
                return Event.Status.ERROR;
            }
            boolean last = i == pieces.size() - 1;
            Display.clearRendering();
            var events = jshell.eval(piece.source());
            var main = events.stream().filter(e -> e.causeSnippet() == null).findFirst();
            if (main.isEmpty()) {
                continue;
            }
            var event = main.get();
            var origin = new Origin(count, cell.lineOf(piece.start()));
            origins.put(event.snippet().id(), origin);
            if (interrupted.getAsBoolean()) {
                out.publish(interruption(parent));
                return Event.Status.ERROR;
            }
            if (event.status() == Status.REJECTED) {
                out.publish(compileError(parent, cell, piece, event.snippet()));
                return Event.Status.ERROR;
            }
            if (event.exception() != null) {
                out.publish(exception(parent, event.exception()));
                return Event.Status.ERROR;
            }
            if (event.status() == Status.RECOVERABLE_DEFINED || event.status() == Status.RECOVERABLE_NOT_DEFINED) {
                unresolvedNote(event.snippet()).ifPresent(note -> out.text(StreamName.STDERR, note + "\n"));
            }
            remember(new Ran(piece.source(), origin));
            if (last && piece.bareValue() && showsValue(event)) {
                var value = event.value();
                var data = Display.renderedAs(value).map(MimeBundle::data).orElse(Outputs.plain(value));
                out.publish(new Event.ExecuteResult(parent, count, data));
            }
        }
        return Event.Status.OK;
    }

    private void remember(Ran ran) {
        if (history.size() < MAX_HISTORY) {
            history.add(ran);
        } else {
            historyOverflowed = true;
        }
    }

    /** Snippets that ran cleanly, in order; see {@link #replay}. */
    List<Ran> history() {
        return List.copyOf(history);
    }

    boolean historyOverflowed() {
        return historyOverflowed;
    }

    /**
     * Runs snippets from another shell again, output muted, to rebuild its state here.
     *
     * @return a note for each snippet that no longer runs (dropped from this shell's history)
     */
    List<String> replay(List<Ran> snippets, Outputs out, BooleanSupplier interrupted) {
        var notes = new ArrayList<String>();
        out.mute(true);
        stopRequested = interrupted;
        try {
            for (var ran : snippets) {
                if (interrupted.getAsBoolean()) {
                    notes.add("replay interrupted; later snippets were not run again");
                    break;
                }
                var main = jshell.eval(ran.source()).stream().filter(e -> e.causeSnippet() == null).findFirst();
                if (main.isEmpty()) {
                    continue;
                }
                var event = main.get();
                origins.put(event.snippet().id(), ran.origin());
                if (interrupted.getAsBoolean()) {
                    notes.add("replay interrupted; later snippets were not run again");
                    break; // this one may not have run: it is not kept
                }
                if (event.status() == Status.REJECTED) {
                    var why = jshell.diagnostics(event.snippet()).filter(Diag::isError).findFirst()
                            .map(d -> d.getMessage(Locale.ENGLISH)).orElse("rejected");
                    notes.add(describe(ran) + " no longer compiles: " + oneLine(why));
                } else if (event.exception() != null) {
                    notes.add(describe(ran) + " now throws " + exceptionHeader(event.exception()));
                } else {
                    remember(ran);
                }
            }
        } finally {
            stopRequested = () -> false;
            out.mute(false);
        }
        return notes;
    }

    private static String describe(Ran ran) {
        var first = ran.source().strip().lines().findFirst().orElse("");
        return "cell [" + ran.origin().cell() + "] line " + ran.origin().line() + " `"
                + (first.length() > 60 ? first.substring(0, 57) + "..." : first) + "`";
    }

    /** Asks the running snippet to stop; callable from any thread. */
    void stop() {
        jshell.stop();
    }

    // ---- completion and documentation ---------------------------------------------------------

    Event.CompleteReply complete(String parent, String code, int cursor) {
        int at = Math.max(0, Math.min(cursor, code.length()));
        var anchor = new int[1];
        var suggestions = analysis.completionSuggestions(code, at, anchor);
        var texts = new LinkedHashSet<String>();
        suggestions.stream().filter(SourceCodeAnalysis.Suggestion::matchesType)
                .forEach(s -> texts.add(s.continuation()));
        suggestions.forEach(s -> texts.add(s.continuation()));
        var matches = new ArrayList<Completion>();
        long deadline = System.nanoTime() + 60_000_000L; // signatures are a nicety: 60 ms at most
        for (var text : texts) {
            var signature = System.nanoTime() < deadline ? signatureOf(code.substring(0, anchor[0]) + text) : "";
            matches.add(new Completion(text, signature));
        }
        return new Event.CompleteReply(parent, matches, anchor[0], at);
    }

    private String signatureOf(String completed) {
        if (!completed.endsWith("(")) {
            return "";
        }
        var docs = analysis.documentation(completed, completed.length(), false);
        return docs.isEmpty() ? "" : docs.get(0).signature() + (docs.size() > 1 ? " (+" + (docs.size() - 1) + " overloads)" : "");
    }

    Event.InspectReply inspect(String parent, String code, int cursor) {
        int at = Math.max(0, Math.min(cursor, code.length()));
        var docs = analysis.documentation(code, at, true);
        if (docs.isEmpty()) {
            // On a name rather than inside its parentheses: ask as if the call were opened.
            int end = at;
            while (end < code.length() && Character.isJavaIdentifierPart(code.charAt(end))) {
                end++;
            }
            var opened = code.substring(0, end) + "(";
            docs = analysis.documentation(opened, opened.length(), true);
        }
        if (docs.isEmpty()) {
            return new Event.InspectReply(parent, false, Map.of());
        }
        var plain = new StringBuilder();
        var markdown = new StringBuilder();
        for (var doc : docs) {
            var javadoc = Optional.ofNullable(doc.javadoc()).map(String::strip).orElse("");
            plain.append(doc.signature()).append('\n');
            markdown.append("```java\n").append(doc.signature()).append("\n```\n");
            if (!javadoc.isEmpty()) {
                plain.append('\n').append(javadoc).append("\n\n");
                markdown.append('\n').append(javadoc).append("\n\n");
            }
        }
        var data = new LinkedHashMap<String, String>();
        data.put(MimeBundle.PLAIN, plain.toString().strip());
        data.put(MimeBundle.MARKDOWN, markdown.toString().strip());
        return new Event.InspectReply(parent, true, data);
    }

    // ---- errors --------------------------------------------------------------------------

    private static boolean showsValue(SnippetEvent event) {
        var kind = event.snippet().subKind();
        if (kind != SubKind.TEMP_VAR_EXPRESSION_SUBKIND && kind != SubKind.VAR_VALUE_SUBKIND) {
            return false;
        }
        if (event.snippet() instanceof VarSnippet v && "void".equals(v.typeName())) {
            return false;
        }
        return event.value() != null;
    }

    private Event.Failure compileError(String parent, Cell cell, Cell.Piece piece, Snippet snippet) {
        var diagnostics = new ArrayList<Diagnostic>();
        var traceback = new ArrayList<String>();
        jshell.diagnostics(snippet).filter(Diag::isError).forEach(d -> {
            int offset = Cell.offsetOf(piece, d.getPosition() < 0 ? d.getStartPosition() : d.getPosition());
            var diagnostic = new Diagnostic(Diagnostic.CELL, cell.lineOf(offset), cell.columnOf(offset),
                    d.getMessage(Locale.ENGLISH));
            diagnostics.add(diagnostic);
            traceback.add(diagnostic.format());
            traceback.add(cell.lineText(offset));
            traceback.add(" ".repeat(diagnostic.column() - 1) + "^");
        });
        if (diagnostics.isEmpty()) {
            int offset = piece.start();
            var diagnostic = new Diagnostic(Diagnostic.CELL, cell.lineOf(offset), cell.columnOf(offset),
                    "JShell cannot run this snippet (a top-level " + snippet.kind().name().toLowerCase(Locale.ROOT)
                            + " it does not accept)");
            diagnostics.add(diagnostic);
            traceback.add(diagnostic.format());
        }
        return new Event.Failure(parent, "CompileError", oneLine(diagnostics.get(0).message()), traceback, diagnostics);
    }

    private Event.Failure exception(String parent, Exception thrown) {
        if (thrown instanceof UnresolvedReferenceException unresolved) {
            var why = unresolvedNote(unresolved.getSnippet())
                    .orElse(unresolved.getSnippet().source().strip() + " refers to something not yet declared");
            return new Event.Failure(parent, "UnresolvedReference", why, List.of(why), List.of());
        }
        var traceback = new ArrayList<String>();
        Throwable at = thrown;
        for (int depth = 0; at != null && depth < MAX_CAUSES; depth++, at = at.getCause()) {
            traceback.add((depth == 0 ? "" : "Caused by: ") + exceptionHeader(at));
            traceback.addAll(frames(at.getStackTrace()));
        }
        var ename = thrown instanceof EvalException e ? e.getExceptionClassName() : thrown.getClass().getName();
        return new Event.Failure(parent, ename, Optional.ofNullable(thrown.getMessage()).orElse(""), traceback, List.of());
    }

    private static String exceptionHeader(Throwable t) {
        var name = t instanceof EvalException e ? e.getExceptionClassName() : t.getClass().getName();
        return t.getMessage() == null ? name : name + ": " + t.getMessage();
    }

    /** The learner's frames, snippets named by cell and line; JShell's own frames left out. */
    private List<String> frames(StackTraceElement[] trace) {
        var lines = new ArrayList<String>();
        String previous = null;
        int repeats = 0;
        for (var frame : trace) {
            var cls = frame.getClassName();
            if (cls.startsWith("REPL.") || cls.startsWith("jdk.jshell.") || cls.startsWith("jdk.internal.reflect.")
                    || cls.startsWith("java.lang.reflect.Method") || cls.equals(StoppableEngine.OwnThreadStart.class.getName())) {
                continue;
            }
            var line = "\tat " + describe(frame);
            if (line.equals(previous)) {
                repeats++;
                continue;
            }
            if (repeats > 0) {
                lines.add("\t... the same frame " + repeats + " more times");
                repeats = 0;
            }
            if (lines.size() >= MAX_FRAMES) {
                lines.add("\t... more frames left out");
                return lines;
            }
            lines.add(line);
            previous = line;
        }
        if (repeats > 0) {
            lines.add("\t... the same frame " + repeats + " more times");
        }
        return lines;
    }

    private String describe(StackTraceElement frame) {
        var file = frame.getFileName() == null ? null : SNIPPET_FILE.matcher(frame.getFileName());
        if (file == null || !file.matches()) {
            return frame.toString();
        }
        var origin = origins.get(file.group(1));
        var where = origin == null
                ? "snippet " + file.group(1) + ", line " + frame.getLineNumber()
                : "cell [" + origin.cell() + "], line " + (origin.line() + Math.max(frame.getLineNumber(), 1) - 1);
        var cls = frame.getClassName();
        var method = frame.getMethodName();
        if (method.isEmpty() || method.equals("do_it$")) {
            return where;
        }
        return (cls.isEmpty() ? "" : cls + ".") + method + " (" + where + ")";
    }

    private Optional<String> unresolvedNote(Snippet snippet) {
        if (!(snippet instanceof DeclarationSnippet declaration)) {
            return Optional.empty();
        }
        var missing = jshell.unresolvedDependencies(declaration).toList();
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(declaration.name() + " cannot be used until " + String.join(", ", missing) + " is declared");
    }

    private static Event.Failure interruption(String parent) {
        // Said once: a traceback repeating the value would print it twice under the cell.
        return new Event.Failure(parent, "Interrupted", "the cell was stopped before it finished", List.of(), List.of());
    }

    private static String oneLine(String s) {
        return s.strip().replaceAll("\\s*\\R\\s*", "; ");
    }

    @Override
    public void close() {
        jshell.close();
    }
}
