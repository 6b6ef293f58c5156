package dev.copydesk.registry;

import org.apache.kafka.common.KafkaException;

/**
 * The schema registry could not answer (unreachable, HTTP 5xx, 408 or 429, or refused our credentials) after a few tries.
 * Unlike an unknown schema id, this says nothing about the record: the record must not be dead-lettered, the
 * task fails instead (and under exactly-once the work is redone once the thread is replaced).
 */
public class RegistryUnavailableException extends KafkaException {
    public RegistryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Pauses between tries when the registry cannot answer: about 3.5 s in all, well inside a poll interval. */
    private static final long[] BACKOFF_MS = {200, 800, 2500};
    /** The time within which a new try may start: the pauses above, and about 1.5 s of the calls' own. */
    private static final long BUDGET_MS = 5_000;

    /**
     * Whether a registry error says nothing about the record: no answer, a 5xx, a timeout (408), a rate limit (429) or
     * refused credentials (401, 403). A 408 or 429 once dead-lettered a valid article (found in review).
     */
    public static boolean transientFailure(RegistryException e) {
        int s = e.status();
        return s == 0 || s >= 500 || s == 401 || s == 403 || s == 408 || s == 429;
    }

    /**
     * {@code call}, tried again after a pause while the registry fails {@link #transientFailure transiently}, and then
     * this exception ({@code what} says what was asked); another {@link RegistryException} is thrown as it is.
     */
    public static <T> T retrying(String what, java.util.function.Supplier<T> call) {
        long start = System.nanoTime();
        for (int attempt = 0; ; attempt++) {
            try {
                return call.get();
            } catch (RegistryException e) {
                if (!transientFailure(e)) {
                    throw e;
                }
                // no new try once the tries and pauses would pass the budget: a slow registry (each call can take its
                // own timeouts) must not hold a stream thread, and its open transaction, much longer (found in review)
                long elapsedMs = (System.nanoTime() - start) / 1_000_000;
                if (attempt == BACKOFF_MS.length || elapsedMs + BACKOFF_MS[attempt] > BUDGET_MS) {
                    throw new RegistryUnavailableException("schema registry unavailable while " + what + " (" + (attempt + 1)
                            + " tries): " + e.getMessage(), e);
                }
                try {
                    Thread.sleep(BACKOFF_MS[attempt]);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new RegistryUnavailableException("interrupted while waiting for the schema registry", e);
                }
            }
        }
    }

    /** True when {@code e} or one of its causes is this exception. */
    public static boolean in(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RegistryUnavailableException) {
                return true;
            }
        }
        return false;
    }
}
