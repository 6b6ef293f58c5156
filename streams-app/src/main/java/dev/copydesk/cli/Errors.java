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
        if (t instanceof ConfigException || t instanceof RegistryException) {
            return t.getMessage();
        }
        String m = t.getMessage();
        Throwable root = t;
        while ((m == null || m.isBlank()) && root.getCause() != null) {
            root = root.getCause();
            m = root.getMessage();
        }
        return m == null ? t.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }
}
