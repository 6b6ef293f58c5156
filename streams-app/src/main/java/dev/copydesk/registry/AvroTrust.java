package dev.copydesk.registry;

import org.apache.avro.generic.GenericFixed;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.ClassSecurityValidator;

/**
 * Lets Avro resolve copydesk's own generated types by name. Since 1.12.2, Avro loads a class named by a schema
 * only when its {@link ClassSecurityValidator} trusts it, and by default it trusts a few JDK classes only (the system
 * properties {@code org.apache.avro.SERIALIZABLE_CLASSES} and {@code SERIALIZABLE_PACKAGES}, read once at startup, can
 * add more). Classes are resolved by name when a specific reader is made (the record's type and its nested types),
 * when a generated builder deep-copies a record ({@code StoryCluster.newBuilder(other)} copies its members), and when
 * an untyped specific deserializer meets a writer schema from the registry.
 *
 * <p>{@link #ourTypes()} adds, to whatever the process already trusts, the records, enums and fixed types generated
 * from copydesk's schemas (packages {@code dev.copydesk.avro} and {@code dev.copydesk.avro.internal}) and nothing
 * else: a schema that names any other class is still refused, as the validator in place refuses it (its
 * {@code forbiddenClass} is kept). The CLI's entry point, the topology and every class that makes a specific reader or
 * writer call it first; it is idempotent and thread-safe.
 */
public final class AvroTrust {
    private static final String PUBLIC = "dev.copydesk.avro";
    private static final String INTERNAL = "dev.copydesk.avro.internal";
    private static boolean added;

    private AvroTrust() {
    }

    /** Adds copydesk's generated types to the classes Avro trusts (once per process). */
    public static synchronized void ourTypes() {
        if (!added) {
            ClassSecurityValidator.ClassSecurityPredicate before = ClassSecurityValidator.getGlobal();
            ClassSecurityValidator.setGlobal(new ClassSecurityValidator.ClassSecurityPredicate() {
                @Override
                public boolean isTrusted(Class<?> c) {
                    return isOurs(c) || before.isTrusted(c);
                }

                @Override
                public void forbiddenClass(String className) {
                    before.forbiddenClass(className);
                }
            });
            added = true;
        }
    }

    /** A type generated from copydesk's schemas: a record, enum or fixed in one of its two Avro packages. */
    static boolean isOurs(Class<?> c) {
        String pkg = c.getPackageName();
        return (pkg.equals(PUBLIC) || pkg.equals(INTERNAL))
                && (SpecificRecord.class.isAssignableFrom(c) || GenericFixed.class.isAssignableFrom(c) || c.isEnum());
    }
}
