package dev.copydesk.config;

/** A configuration error a user can fix; the CLI prints its message as one line (exit code 2). */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
