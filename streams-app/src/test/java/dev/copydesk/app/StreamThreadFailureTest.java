package dev.copydesk.app;

import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;

/**
 * A failed stream thread is replaced, unless the JVM itself failed (out of memory): then the instance stops, so that
 * {@code copydesk run} exits 1 and its supervisor restarts it, instead of restoring the same state into the same heap
 * again and again out of sight (seen in a soak with a heap too small for the index).
 */
class StreamThreadFailureTest {

    @Test
    void infrastructureFailuresReplaceTheThread() {
        assertThat(CopydeskApp.onStreamThreadFailure(new StreamsException(new TimeoutException("broker gone"))))
                .isEqualTo(REPLACE_THREAD);
        assertThat(CopydeskApp.onStreamThreadFailure(new IllegalStateException("x"))).isEqualTo(REPLACE_THREAD);
    }

    @Test
    void outOfMemoryStopsTheInstanceAlsoWhenWrapped() {
        assertThat(CopydeskApp.onStreamThreadFailure(new OutOfMemoryError("Java heap space"))).isEqualTo(SHUTDOWN_CLIENT);
        assertThat(CopydeskApp.onStreamThreadFailure(new StreamsException("task 1_2",
                new RuntimeException(new OutOfMemoryError("Java heap space"))))).isEqualTo(SHUTDOWN_CLIENT);
        assertThat(CopydeskApp.onStreamThreadFailure(new StackOverflowError())).isEqualTo(SHUTDOWN_CLIENT);
    }
}
