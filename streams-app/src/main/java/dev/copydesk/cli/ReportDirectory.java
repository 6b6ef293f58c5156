package dev.copydesk.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.copydesk.config.ConfigException;

/** The {@code --report DIR} of {@code bench} and {@code backtest}, checked before a run of minutes, not after it. */
final class ReportDirectory {
    private ReportDirectory() {
    }

    /** Creates {@code dir} if needed and checks that a file can be written into it; a {@link ConfigException} if not. */
    static void requireWritable(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.delete(Files.createTempFile(dir, ".copydesk", ".probe")); // writable?
        } catch (IOException | SecurityException e) {
            throw new ConfigException("--report: cannot write into directory " + dir + ": " + e);
        }
    }
}
