package dev.rampart.server.kernel.child;

import java.util.Map;
import java.util.function.BooleanSupplier;
import jdk.jshell.execution.LocalExecutionControlProvider;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * JShell's local execution engine with one change: a stop asked for before a snippet starts
 * running is not lost. JShell's own {@code stop()} only reaches code already running, so an
 * interrupt that lands while the cell's next snippet is still being compiled (a while, on a
 * loaded machine) would let a busy loop start anyway, and the server would have to kill the
 * kernel and lose its state. Here each snippet asks first, and does not start once stopped.
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
    public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) throws Throwable {
        var local = new LocalExecutionControlProvider();
        var control = local.generate(env, parameters == null ? local.defaultParameters() : parameters);
        return new Guarded(control, stopRequested);
    }

    /** Delegates everything; refuses to start a snippet once stopped. */
    private static final class Guarded implements ExecutionControl {
        private final ExecutionControl delegate;
        private final BooleanSupplier stopRequested;

        Guarded(ExecutionControl delegate, BooleanSupplier stopRequested) {
            this.delegate = delegate;
            this.stopRequested = stopRequested;
        }

        @Override
        public String invoke(String className, String methodName)
                throws RunException, EngineTerminationException, InternalException {
            if (stopRequested.getAsBoolean()) {
                throw new StoppedException(); // JShell reports it as a snippet that was stopped
            }
            return delegate.invoke(className, methodName);
        }

        @Override
        public void load(ClassBytecodes[] classes)
                throws ClassInstallException, NotImplementedException, EngineTerminationException {
            delegate.load(classes);
        }

        @Override
        public void redefine(ClassBytecodes[] classes)
                throws ClassInstallException, NotImplementedException, EngineTerminationException {
            delegate.redefine(classes);
        }

        @Override
        public String varValue(String className, String varName)
                throws RunException, EngineTerminationException, InternalException {
            return delegate.varValue(className, varName);
        }

        @Override
        public void addToClasspath(String path) throws EngineTerminationException, InternalException {
            delegate.addToClasspath(path);
        }

        @Override
        public void stop() throws EngineTerminationException, InternalException {
            delegate.stop();
        }

        @Override
        public Object extensionCommand(String command, Object arg)
                throws RunException, EngineTerminationException, InternalException {
            return delegate.extensionCommand(command, arg);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
