package dev.copydesk.testing;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;

/** ../shared (seeds, MSRP): read at test time, never copied into the repository. */
public final class SharedData {
    private SharedData() {
    }

    public static Path dir() {
        String p = System.getProperty("copydesk.shared.dir");
        Path dir = p != null ? Path.of(p) : Path.of("..", "shared");
        if (!Files.isDirectory(dir)) {
            dir = Path.of("..", "..", "shared");
        }
        return dir.toAbsolutePath().normalize();
    }

    /** The path below ../shared, or skips the calling test with a clear message when it is absent. */
    public static Path require(String relative) {
        Path path = dir().resolve(relative);
        Assumptions.assumeTrue(Files.exists(path),
                "skipped: " + path + " is absent (the shared data folder ../shared is not beside the repository)");
        return path;
    }
}
