package dev.copydesk.cli;

import java.io.PrintWriter;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code copydesk} command. Exit codes: 0 success, 1 failure while running, 2 bad usage or configuration. */
@Command(name = "copydesk", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Finds wire copy shared across news outlets in a Kafka stream and keeps story clusters.",
        footer = {"", "Start java with --add-modules jdk.incubator.vector (e.g. java --add-modules jdk.incubator.vector"
                + " -jar copydesk.jar run) for the faster fingerprint kernel on the JDK's Vector API; the fingerprints"
                + " are the same without it."},
        subcommands = {DemoCommand.class, RunCommand.class, BrokerCommand.class, GenerateCommand.class,
                ReplayCommand.class, ArchiveCommand.class, BacktestCommand.class, ResetCommand.class,
                LagCommand.class, BenchCommand.class, SimilarityCommand.class, CommandLine.HelpCommand.class})
public final class Main {
    static {
        dev.copydesk.registry.AvroTrust.ourTypes(); // builders deep-copy records by class name, readers resolve them
    }

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the CLI and returns the exit code (tests call this). */
    public static int execute(String... args) {
        CommandLine cl = commandLine();
        return cl.execute(args);
    }

    /** Runs the CLI with its own output and error writers (for tests). */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = commandLine();
        cl.setOut(out);
        cl.setErr(err);
        return cl.execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExitCodeExceptionMapper(Errors::exitCode);
        cl.setExecutionExceptionHandler(Errors::handle);
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("copydesk: " + ex.getMessage());
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            err.flush();
            return USAGE;
        });
        return cl;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"copydesk " + (v == null ? "dev" : v)};
        }
    }
}
