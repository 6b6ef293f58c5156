package dev.copydesk.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ctrl-C or SIGTERM as a request to stop a verb: the verb sees {@link #requested()}, finishes its work, and the JVM then
 * exits with the verb's exit code (0, 1 or 2, as the README says), not with the signal's status (130, 143). A JVM that a
 * signal shuts down runs its shutdown hooks and exits with the signal's status; a hook can only override that by halting,
 * once the verb is done ({@link #close()}).
 */
final class SignalStop implements AutoCloseable {
    private final AtomicBoolean requested = new AtomicBoolean();
    private final AtomicInteger code = new AtomicInteger(Main.FAILED);
    private final CountDownLatch done = new CountDownLatch(1);
    private final Thread hook;

    private SignalStop(String name, Runnable onSignal) {
        hook = new Thread(() -> {
            requested.set(true);
            onSignal.run();
            try {
                if (done.await(60, TimeUnit.SECONDS)) {
                    System.out.flush();
                    System.err.flush();
                    Runtime.getRuntime().halt(code.get());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name);
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Installs the hook; on a signal it only sets {@link #requested()}. */
    static SignalStop install(String name) {
        return new SignalStop(name, () -> { });
    }

    /** Installs the hook; on a signal it sets {@link #requested()} and runs {@code onSignal} (e.g. closing a server). */
    static SignalStop install(String name, Runnable onSignal) {
        return new SignalStop(name, onSignal);
    }

    boolean requested() {
        return requested.get();
    }

    /** The verb ends with {@code exitCode}: also the JVM's once a signal's hook sees the verb done. Returns it. */
    int exit(int exitCode) {
        code.set(exitCode);
        return exitCode;
    }

    /** The verb is done (with the code given to {@link #exit}, or 1 if it threw): a running hook exits the JVM now. */
    @Override
    public void close() {
        done.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running and exits with the code
        }
    }
}
