package dev.copydesk.archive;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates /work/shared (system property {@code copydesk.shared.dir}, else {@code ../shared}) for tests. */
final class SharedData {
    private SharedData() {
    }

    static Path dir() {
        String prop = System.getProperty("copydesk.shared.dir");
        return prop != null ? Path.of(prop) : Path.of("..", "shared");
    }

    static void assumePresent(Path path) {
        Assumptions.assumeTrue(Files.exists(path), "shared data not found at " + path.toAbsolutePath()
                + " (set -Dcopydesk.shared.dir); skipping");
    }
}
