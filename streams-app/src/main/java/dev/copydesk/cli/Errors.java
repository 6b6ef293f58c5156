package dev.copydesk.cli;

import dev.copydesk.config.ConfigException;
import dev.copydesk.registry.RegistryException;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** One-line errors on stderr (stack traces only with --verbose) and the exit code they map to. */
final class Errors {
    private Errors() {
    }

    static int exitCode(Throwable t) {
        return t instanceof ConfigException || t instanceof org.apache.kafka.common.config.ConfigException
                || t instanceof CommandLine.ParameterException ? Main.USAGE : Main.FAILED;
    }

    static int handle(Exception ex, CommandLine cl, ParseResult parsed) {
        boolean verbose = parsed.expandedArgs().contains("--verbose") || parsed.expandedArgs().contains("-v");
        cl.getErr().println("copydesk: " + message(ex));
        if (verbose) {
            ex.printStackTrace(cl.getErr());
        }
        cl.getErr().flush();
        return exitCode(ex);
    }

    static String message(Throwable t) {
        if (t instanceof ConfigException || t instanceof RegistryException || t instanceof dev.copydesk.replay.SortedArchive.RunWriteException) {
            return t.getMessage();
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof java.nio.file.FileSystemException f) {
                return fileMessage(f); // its own message is only the path ("copydesk: /tmp/afile")
            }
        }
        String m = t.getMessage();
        Throwable root = t;
        while ((m == null || m.isBlank()) && root.getCause() != null) {
            root = root.getCause();
            m = root.getMessage();
        }
        return m == null ? t.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }

    /** A file error says what went wrong with which file, e.g. {@code /tmp/afile: already exists, not a directory}. */
    static String fileMessage(java.nio.file.FileSystemException f) {
        String what;
        if (f instanceof java.nio.file.NoSuchFileException) {
            what = "no such file or directory";
        } else if (f instanceof java.nio.file.NotDirectoryException) {
            what = "not a directory";
        } else if (f instanceof java.nio.file.AccessDeniedException) {
            what = "permission denied";
        } else if (f instanceof java.nio.file.FileAlreadyExistsException) {
            what = "already exists" + (java.nio.file.Files.isDirectory(java.nio.file.Path.of(f.getFile())) ? "" : ", not a directory");
        } else if (f instanceof java.nio.file.DirectoryNotEmptyException) {
            what = "directory not empty";
        } else {
            what = f.getReason() != null ? f.getReason() : f.getClass().getSimpleName();
        }
        if (f.getReason() != null && !what.equals(f.getReason())) {
            what += " (" + f.getReason() + ")";
        }
        return (f.getFile() == null ? "" : f.getFile()) + (f.getOtherFile() == null ? "" : " -> " + f.getOtherFile()) + ": " + what;
    }
}
