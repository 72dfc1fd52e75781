package dev.rampart.server.kernel.child;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.function.BooleanSupplier;
import jdk.jshell.execution.LocalExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * JShell's local execution engine with two changes.
 *
 * <p>A stop asked for before a snippet starts running is not lost. JShell's own {@code stop()}
 * only reaches code already running, so an interrupt that lands while the cell's next snippet is
 * still being compiled (a while, on a loaded machine) would let a busy loop start anyway, and the
 * server would have to kill the kernel and lose its state. Here each snippet asks first, and does
 * not start once stopped.
 *
 * <p>A snippet ends when its own code returns. JShell starts the snippet on a thread of a fresh
 * group, then waits for every thread it finds in that group: a race, since the snippet may
 * already have started threads of its own. A snippet that creates an {@code HttpClient} (whose
 * selector thread lives until the client is garbage collected) then hung its cell whenever the
 * machine was busy enough for JShell to look late. Here the snippet's code waits until JShell is
 * already waiting, so JShell only ever finds the snippet's own thread; threads the snippet
 * starts run on in the background, as they would in any Java program.
 */
final class StoppableEngine implements ExecutionControlProvider {

    private final BooleanSupplier stopRequested;

    /** @param stopRequested true once the cell being run was interrupted */
    StoppableEngine(BooleanSupplier stopRequested) {
        this.stopRequested = stopRequested;
    }

    @Override
    public String name() {
        return "rampart-local";
    }

    @Override
    public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
        return new Engine(stopRequested);
    }

    private static final class Engine extends LocalExecutionControl {
        private final BooleanSupplier stopRequested;

        Engine(BooleanSupplier stopRequested) {
            this.stopRequested = stopRequested;
        }

        @Override
        public String invoke(String className, String methodName)
                throws RunException, EngineTerminationException, InternalException {
            if (stopRequested.getAsBoolean()) {
                throw new StoppedException(); // JShell reports it as a snippet that was stopped
            }
            return super.invoke(className, methodName);
        }

        @Override
        protected String invoke(Method doit) throws Exception {
            OwnThreadStart.next(doit, Thread.currentThread());
            return super.invoke(OwnThreadStart.RUN);
        }
    }

    /**
     * The method JShell runs in place of the snippet's: it waits until the thread that started it
     * is waiting for it (JShell has then listed the threads it waits for), and runs the snippet.
     */
    public static final class OwnThreadStart {
        static final Method RUN;

        static {
            try {
                RUN = OwnThreadStart.class.getMethod("run");
            } catch (NoSuchMethodException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        /** One snippet runs at a time in a session; set by the invoking thread before it starts. */
        private static volatile Method doit;
        private static volatile Thread invoker;

        private OwnThreadStart() {
        }

        static void next(Method method, Thread thread) {
            doit = method;
            invoker = thread;
        }

        /** Public for JShell's reflective call; runs the snippet once its invoker waits for it. */
        public static Object run() throws Throwable {
            var method = doit;
            var waiting = invoker;
            while (waiting.getState() != Thread.State.WAITING) {
                Thread.yield(); // microseconds: JShell only counts and lists the group's threads first
            }
            try {
                return method.invoke(null);
            } catch (InvocationTargetException e) {
                throw e.getCause(); // JShell unwraps the one it makes around this call
            }
        }
    }
}
