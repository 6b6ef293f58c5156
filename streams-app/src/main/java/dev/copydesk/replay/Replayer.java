package dev.copydesk.replay;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.copydesk.avro.Article;
import dev.copydesk.config.ConfigException;
import dev.copydesk.config.Settings;
import dev.copydesk.registry.AvroSerdes;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Produces a {@link LoadedArchive} to a topic as Avro {@code Article} records (Confluent wire format, through the
 * registry), in event-time order, with the record timestamp set to {@code published_at} so windows and retention
 * downstream behave as for live traffic. The producer is idempotent ({@code acks=all}): a retried batch is not
 * duplicated. Pacing: as fast as possible, a speed-up of event time ({@code speed} x) or a fixed rate.
 */
public final class Replayer {
    private Replayer() {
    }

    /** How fast to send: {@code speed > 0} replays event time {@code speed} times faster; {@code rate > 0} sends that many per second. */
    public record Pace(double speed, double rate) {
        public static final Pace FAST = new Pace(0, 0);

        public static Pace speed(double factor) {
            if (!(factor > 0)) {
                throw new ConfigException("--speed must be > 0, got " + factor);
            }
            return new Pace(factor, 0);
        }

        public static Pace rate(double perSecond) {
            if (!(perSecond > 0)) {
                throw new ConfigException("--rate must be > 0, got " + perSecond);
            }
            return new Pace(0, perSecond);
        }

        /** Nanoseconds after the start at which the {@code i}-th record (0-based) at time {@code t} is due. */
        long dueNanos(long i, Instant t, Instant first) {
            if (speed > 0) {
                return (long) ((t.toEpochMilli() - first.toEpochMilli()) * 1e6 / speed);
            }
            if (rate > 0) {
                return (long) (i * 1e9 / rate);
            }
            return 0;
        }
    }

    /** Called after each record is handed to the producer. */
    public interface Progress {
        void update(long sent, long total, long elapsedNanos);
    }

    /** What was sent. */
    public record Summary(long sent, Instant first, Instant last, long nanos) {
        public double perSecond() {
            return nanos == 0 ? 0 : sent * 1e9 / nanos;
        }
    }

    /** Produces {@code archive.articles()} to {@code topic}; waits until every record is acknowledged. */
    public static Summary replay(LoadedArchive archive, String topic, Settings settings, Pace pace, Progress progress)
            throws InterruptedException {
        Map<String, Object> cfg = ClientConfigs.forClient(settings, ProducerConfig.configNames());
        cfg.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        cfg.put(ProducerConfig.ACKS_CONFIG, "all");
        cfg.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        cfg.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, 262144);
        cfg.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        cfg.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60000);
        AtomicReference<Exception> failure = new AtomicReference<>();
        long total = archive.articles().size();
        long t0 = System.nanoTime();
        long sent = 0;
        try (KafkaProducer<String, Article> producer = new KafkaProducer<>(cfg, new StringSerializer(),
                AvroSerdes.specific(Article.class, settings.kafkaProperties(), false).serializer())) {
            Instant first = total == 0 ? null : archive.articles().get(0).getPublishedAt();
            for (Article a : archive.articles()) {
                if (failure.get() != null) {
                    break;
                }
                long wait = t0 + pace.dueNanos(sent, a.getPublishedAt(), first) - System.nanoTime();
                if (wait > 1_000_000) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                producer.send(new ProducerRecord<>(topic, null, a.getPublishedAt().toEpochMilli(), a.getId(), a),
                        (md, e) -> {
                            if (e != null) {
                                failure.compareAndSet(null, e);
                            }
                        });
                sent++;
                if (progress != null) {
                    progress.update(sent, total, System.nanoTime() - t0);
                }
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("sending to " + topic + " failed: " + failure.get().getMessage(), failure.get());
        }
        Instant first = total == 0 ? null : archive.articles().get(0).getPublishedAt();
        Instant last = total == 0 ? null : archive.articles().get((int) total - 1).getPublishedAt();
        return new Summary(sent, first, last, System.nanoTime() - t0);
    }
}
