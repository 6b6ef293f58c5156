package dev.copydesk.cli;

import picocli.CommandLine.Option;

/** {@code -v/--verbose}, which every verb takes: {@link Errors#handle} then prints the stack trace of an error. */
final class VerboseOption {
    @Option(names = {"-v", "--verbose"}, description = "Stack traces on errors.")
    boolean verbose;
}
