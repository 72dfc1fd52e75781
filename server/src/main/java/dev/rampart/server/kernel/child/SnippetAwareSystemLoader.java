package dev.rampart.server.kernel.child;

/**
 * The kernel's system class loader ({@code -Djava.system.class.loader}): the usual one, which
 * also finds the classes of the current JShell session (the kata's classes and the snippets').
 *
 * <p>Why: from JDK 24 on, JShell's local engine weaves stop checks into every snippet, and
 * rewriting a snippet's stack maps asks the class-file API for the common superclass of two
 * types, which it looks up through the system class loader only. A kata's classes live in the
 * session's own loader, so a snippet as plain as {@code catch (UploadRejected | IOException e)}
 * failed to load with "Could not resolve class UploadRejected". Asking the session's loader
 * here makes the lookup succeed with the very classes the snippet uses. A session is set only
 * once it exists ({@link Shell} clears it first), and snippet classes are never served, so one
 * session never sees another's classes.
 */
public final class SnippetAwareSystemLoader extends ClassLoader {

    static {
        registerAsParallelCapable();
    }

    private static volatile ClassLoader session;
    /** Set while this loader asks the session's: the session asks its parent (this) first. */
    private static final ThreadLocal<Boolean> ASKING = ThreadLocal.withInitial(() -> false);

    /** Called by the JVM, with the built-in application class loader as the parent. */
    public SnippetAwareSystemLoader(ClassLoader parent) {
        super(parent);
    }

    /** The loader of the JShell session now running; each new session (a kata bound again) replaces it. */
    public static void useSession(ClassLoader loader) {
        session = loader;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        var current = session;
        // Snippet classes (package REPL) are each session's own: never hand one to another session.
        if (current == null || ASKING.get() || name.startsWith("REPL.")) {
            throw new ClassNotFoundException(name);
        }
        ASKING.set(true);
        try {
            return current.loadClass(name);
        } finally {
            ASKING.set(false);
        }
    }
}
