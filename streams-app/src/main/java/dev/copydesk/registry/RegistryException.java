package dev.copydesk.registry;

/**
 * A schema registry call failed. Carries the HTTP status (0 when no response was received) and the
 * Confluent {@code error_code} (-1 when there was none), e.g. 404 / 40401 for an unknown subject.
 */
public class RegistryException extends RuntimeException {
    public static final int SUBJECT_NOT_FOUND = 40401;
    public static final int VERSION_NOT_FOUND = 40402;
    public static final int SCHEMA_NOT_FOUND = 40403;
    public static final int SUBJECT_SOFT_DELETED = 40404;
    public static final int SUBJECT_NOT_SOFT_DELETED = 40405;
    public static final int SUBJECT_CONFIG_NOT_FOUND = 40408;
    public static final int INVALID_SCHEMA = 42201;
    public static final int INVALID_VERSION = 42202;
    public static final int INVALID_COMPATIBILITY = 42203;
    public static final int INCOMPATIBLE = 409;
    public static final int UNAUTHORIZED = 401;

    private final int status;
    private final int errorCode;
    private final String detail;

    public RegistryException(int status, int errorCode, String detail) {
        this(status, errorCode, detail, null);
    }

    public RegistryException(int status, int errorCode, String detail, Throwable cause) {
        super(errorCode > 0 ? detail + " (" + errorCode + ")" : detail, cause);
        this.status = status;
        this.errorCode = errorCode;
        this.detail = detail;
    }

    /** HTTP status code; 0 if the registry could not be reached. */
    public int status() {
        return status;
    }

    /** Confluent error code (40401, 40403, 409, ...); -1 if none. */
    public int errorCode() {
        return errorCode;
    }

    /** The message without the error code suffix, as sent in the {@code message} field of an error body. */
    public String detail() {
        return detail;
    }

    static RegistryException subjectNotFound(String subject) {
        return new RegistryException(404, SUBJECT_NOT_FOUND, "subject '" + subject + "' not found");
    }

    static RegistryException versionNotFound(String subject, Object version) {
        return new RegistryException(404, VERSION_NOT_FOUND, "version " + version + " of subject '" + subject + "' not found");
    }

    static RegistryException schemaNotFound(String what) {
        return new RegistryException(404, SCHEMA_NOT_FOUND, what + " not found");
    }

    static RegistryException invalidSchema(String why) {
        return new RegistryException(422, INVALID_SCHEMA, "invalid schema: " + why);
    }
}
