package dev.copydesk.testing;

import java.util.List;
import java.util.UUID;

import dev.copydesk.embedded.EmbeddedKafka;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * One real embedded KRaft broker per test JVM, started on first use and stopped at JVM exit, so the
 * integration tests share it (starting a broker costs a few seconds on this machine). Tests isolate
 * themselves by topic names and application ids ({@link #unique(String)}).
 */
public final class SharedBroker {
    private static EmbeddedKafka broker;

    private SharedBroker() {
    }

    public static synchronized EmbeddedKafka get() {
        if (broker == null) {
            // time-based retention applied every second from the start (the broker's defaults: every 5 minutes,
            // the first after 30 s; for compact,delete topics by the log cleaner, every 15 s when idle), so that
            // records a topic deletes by time are gone within the test that wrote them, as they would be within
            // minutes in production, instead of depending on the timing
            broker = EmbeddedKafka.start(EmbeddedKafka.Options.ephemeral()
                    .withOverride("log.retention.check.interval.ms", "1000")
                    .withOverride("log.initial.task.delay.ms", "0")
                    .withOverride("log.cleaner.backoff.ms", "1000"));
            EmbeddedKafka b = broker;
            Runtime.getRuntime().addShutdownHook(new Thread(b::close, "shared-broker-close"));
        }
        return broker;
    }

    public static String bootstrapServers() {
        return get().bootstrapServers();
    }

    /** A name unique to this JVM run, for topics and application ids. */
    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Creates a topic with the given partitions on the shared broker and returns its name. */
    public static String topic(String name, int partitions) {
        get().createTopics(List.of(new NewTopic(name, partitions, (short) 1)));
        return name;
    }
}
