package dev.copydesk.registry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * In-process registry for tests, selected with {@code schema.registry.url=mock://<scope>}: every client of one
 * scope shares one instance within the JVM until {@link #drop(String)}. Behaves like the real registry
 * (global ids, compatibility checks, 404s), without HTTP.
 */
public final class MockRegistryClient extends LocalRegistry {
    private static final Map<String, MockRegistryClient> SCOPES = new ConcurrentHashMap<>();

    /** A private registry, shared with nobody. */
    public MockRegistryClient() {
        super(new InMemorySchemaStore());
    }

    /** The shared registry of {@code scope}, created on first use. */
    public static MockRegistryClient scope(String scope) {
        return SCOPES.computeIfAbsent(scope, s -> new MockRegistryClient());
    }

    /** Forgets {@code scope}: the next {@link #scope} call starts an empty registry. */
    public static void drop(String scope) {
        SCOPES.remove(scope);
    }
}
