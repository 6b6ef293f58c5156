package dev.copydesk.registry;

import org.apache.kafka.common.KafkaException;

/**
 * The schema registry could not answer (unreachable, HTTP 5xx, or refused our credentials) after a few tries.
 * Unlike an unknown schema id, this says nothing about the record: the record must not be dead-lettered, the
 * task fails instead (and under exactly-once the work is redone once the thread is replaced).
 */
public class RegistryUnavailableException extends KafkaException {
    public RegistryUnavailableException(String message, Throwable cause) {
        super(message, cause);
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
