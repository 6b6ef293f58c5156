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

    /**
     * What was sent; {@code refused}: one line per article not sent because the topic would refuse its timestamp
     * ({@code message.timestamp.after.max.ms}, one hour ahead of the broker's clock by default, or
     * {@code message.timestamp.before.max.ms}), which would also fail the records batched with it.
     */
    /**
     * What a replay sent: {@code sent} articles, acknowledged, published from {@code first} to {@code last};
     * {@code stopped} when it was asked to stop before the end of the archive.
     */
    public record Summary(long sent, Instant first, Instant last, long nanos, java.util.List<String> refused, boolean stopped) {
        public double perSecond() {
            return nanos == 0 ? 0 : sent * 1e9 / nanos;
        }
    }

    private static org.apache.kafka.clients.admin.Admin admin(Settings settings) {
        Map<String, Object> cfg = ClientConfigs.forClient(settings, org.apache.kafka.clients.admin.AdminClientConfig.configNames());
        cfg.put(org.apache.kafka.clients.admin.AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10000);
        cfg.put(org.apache.kafka.clients.admin.AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15000);
        return org.apache.kafka.clients.admin.Admin.create(cfg);
    }

    private static org.apache.kafka.clients.admin.Config topicConfig(org.apache.kafka.clients.admin.Admin admin, String topic)
            throws InterruptedException, java.util.concurrent.ExecutionException, java.util.concurrent.TimeoutException {
        org.apache.kafka.common.config.ConfigResource res =
                new org.apache.kafka.common.config.ConfigResource(org.apache.kafka.common.config.ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(java.util.List.of(res)).all().get(20, TimeUnit.SECONDS).get(res);
    }

    /**
     * Checks that {@code topic} exists and keeps old timestamps: returns warnings when its timestamps are
     * {@code LogAppendTime} (the archive's times would be overwritten) or its retention is shorter than the age of
     * {@code oldest} (the broker would delete the replayed records soon).
     *
     * @throws ConfigException when the topic does not exist
     */
    public static java.util.List<String> checkTopic(Settings settings, String topic, Instant oldest) {
        java.util.List<String> warnings = new java.util.ArrayList<>();
        try (org.apache.kafka.clients.admin.Admin admin = admin(settings)) {
            if (!admin.listTopics().names().get(20, TimeUnit.SECONDS).contains(topic)) {
                throw new ConfigException("topic " + topic + " does not exist: create it (message.timestamp.type=CreateTime,"
                        + " retention.ms longer than the archive's age) or start copydesk once (it creates its topics)");
            }
            org.apache.kafka.clients.admin.Config c = topicConfig(admin, topic);
            var type = c.get("message.timestamp.type");
            if (type != null && "LogAppendTime".equals(type.value())) {
                warnings.add("topic " + topic + " has message.timestamp.type=LogAppendTime: the broker replaces the archive's"
                        + " timestamps with the append time");
            }
            var retention = c.get("retention.ms");
            long ms = retention == null || retention.value() == null ? -1 : Long.parseLong(retention.value());
            if (oldest != null && ms >= 0 && oldest.toEpochMilli() < System.currentTimeMillis() - ms) {
                warnings.add("topic " + topic + " has retention.ms=" + ms + ", shorter than the age of the oldest article ("
                        + oldest + "): the broker will delete replayed records soon; set retention.ms=-1 or longer");
            }
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new ConfigException("cannot check topic " + topic + " at " + settings.get("bootstrap.servers") + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigException("interrupted while checking topic " + topic);
        }
        return warnings;
    }

    /**
     * The topic's {@code message.timestamp.before.max.ms} and {@code .after.max.ms} (the broker refuses a batch with
     * a record outside them); unbounded when they cannot be read (e.g. no DescribeConfigs permission).
     */
    static long[] timestampWindow(Settings settings, String topic) {
        long[] window = {Long.MAX_VALUE, Long.MAX_VALUE};
        try (org.apache.kafka.clients.admin.Admin admin = admin(settings)) {
            org.apache.kafka.clients.admin.Config c = topicConfig(admin, topic);
            String[] keys = {"message.timestamp.before.max.ms", "message.timestamp.after.max.ms"};
            for (int i = 0; i < 2; i++) {
                var entry = c.get(keys[i]);
                if (entry != null && entry.value() != null) {
                    window[i] = Long.parseLong(entry.value());
                }
            }
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException | RuntimeException e) {
            // leave it unbounded: the send then fails as before, with the broker's message
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return window;
    }

    /** Produces {@code archive.articles()} to {@code topic}; waits until every record is acknowledged. */
    public static Summary replay(LoadedArchive archive, String topic, Settings settings, Pace pace, Progress progress)
            throws InterruptedException {
        return replay(SortedArchive.of(archive), topic, settings, pace, progress, () -> false);
    }

    /**
     * Produces {@code archive} to {@code topic} as {@link #replay(LoadedArchive, String, Settings, Pace, Progress)} does, stopping early once {@code stop} says so (checked
     * before each article and while waiting for one): what was sent is still flushed and acknowledged.
     */
    public static Summary replay(SortedArchive archive, String topic, Settings settings, Pace pace, Progress progress,
                                 java.util.function.BooleanSupplier stop) throws InterruptedException {
        Map<String, Object> cfg = ClientConfigs.forClient(settings, ProducerConfig.configNames());
        cfg.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        cfg.put(ProducerConfig.ACKS_CONFIG, "all");
        cfg.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        cfg.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, 262144);
        cfg.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        cfg.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60000);
        AtomicReference<Exception> failure = new AtomicReference<>();
        long[] window = timestampWindow(settings, topic);
        java.util.List<String> refused = new java.util.ArrayList<>();
        long total = archive.size();
        long t0 = System.nanoTime();
        long sent = 0;
        Instant firstSent = null;
        Instant lastSent = null;
        boolean stopped = false;
        try (KafkaProducer<String, Article> producer = new KafkaProducer<>(cfg, new StringSerializer(),
                AvroSerdes.specific(Article.class, settings.kafkaProperties(), false).serializer())) {
            Instant first = archive.oldest();
            for (Article a : archive) {
                if (failure.get() != null) {
                    break;
                }
                if (stop.getAsBoolean()) {
                    stopped = true;
                    break;
                }
                // checked before waiting for it (a refused article is not waited for) and again when it is due
                String refusal = refusal(a, window, topic);
                if (refusal == null) {
                    long due = t0 + pace.dueNanos(sent, a.getPublishedAt(), first);
                    long wait;
                    while ((wait = due - System.nanoTime()) > 1_000_000 && !stop.getAsBoolean()) {
                        TimeUnit.NANOSECONDS.sleep(Math.min(wait, 100_000_000L)); // a slow pace still stops at once
                    }
                    if (stop.getAsBoolean()) {
                        stopped = true;
                        break;
                    }
                    refusal = refusal(a, window, topic);
                }
                if (refusal != null) {
                    refused.add(refusal);
                    sent++;
                    continue;
                }
                firstSent = firstSent == null ? a.getPublishedAt() : firstSent;
                lastSent = a.getPublishedAt();
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
        return new Summary(sent - refused.size(), firstSent, lastSent, System.nanoTime() - t0, java.util.List.copyOf(refused),
                stopped);
    }

    /**
     * Why the topic would refuse the article now (and fail the records batched with it), or null. Each side keeps a
     * margin for the time until the broker appends it and for clock skew: a minute, or half the limit when that is
     * smaller.
     */
    private static String refusal(Article a, long[] window, String topic) {
        long ts = a.getPublishedAt().toEpochMilli();
        long now = System.currentTimeMillis();
        String limit = null;
        if (ts > now && ts - now > window[1] - Math.min(60_000, window[1] / 2)) {
            limit = "message.timestamp.after.max.ms=" + window[1];
        } else if (ts < now && now - ts > window[0] - Math.min(60_000, window[0] / 2)) {
            limit = "message.timestamp.before.max.ms=" + window[0];
        }
        return limit == null ? null : a.getId() + " (published_at " + a.getPublishedAt() + "): outside what topic " + topic
                + " accepts now (" + limit + ")";
    }
}
