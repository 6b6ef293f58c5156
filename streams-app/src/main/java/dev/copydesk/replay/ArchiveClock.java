package dev.copydesk.replay;

import java.time.Duration;
import java.time.Instant;
import java.util.Properties;

import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The wall clock of a {@link TopologyTestDriver} run over an archive: it starts at the epoch and follows the latest
 * event time piped so far, so that wall-clock punctuations (the hold before {@code articles.unique}) behave as if the
 * articles came live, whatever the speed of the run. {@link #release} moves it past a last hold at the end of the input.
 */
public final class ArchiveClock {
    private final TopologyTestDriver driver;
    private long now;

    private ArchiveClock(TopologyTestDriver driver) {
        this.driver = driver;
    }

    /** A driver for {@code topology} whose wall clock this clock moves. */
    public static ArchiveClock driver(Topology topology, Properties props) {
        return new ArchiveClock(new TopologyTestDriver(topology, props, Instant.EPOCH));
    }

    public TopologyTestDriver driver() {
        return driver;
    }

    /** Moves the wall clock to {@code eventTimeMs} if that is later than it stands (never back). */
    public void advanceTo(long eventTimeMs) {
        if (eventTimeMs > now) {
            driver.advanceWallClockTime(Duration.ofMillis(eventTimeMs - now));
            now = eventTimeMs;
        }
    }

    /** Moves the wall clock a second past {@code hold}: every article still held goes out. */
    public void release(Duration hold) {
        Duration step = hold.plusSeconds(1);
        driver.advanceWallClockTime(step);
        now += step.toMillis();
    }
}
