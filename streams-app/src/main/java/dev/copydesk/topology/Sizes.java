package dev.copydesk.topology;

/**
 * Estimates of what objects take in the heap, for budgets in bytes: the layout of a 64-bit HotSpot JVM with compressed
 * references and class pointers (the default below a 32 GB heap): a 12-byte object header, 4-byte references, arrays with
 * a 4-byte length after the header, every object rounded up to 8 bytes. Above 32 GB references take 8 bytes and an
 * estimate is a little low. It does not know what is shared with other objects: callers say what they count.
 */
final class Sizes {
    static final int HEADER = 12;
    static final int REFERENCE = 4;

    private Sizes() {
    }

    /** An array of {@code length} elements of {@code elementBytes} each. */
    static long array(int length, int elementBytes) {
        return align(HEADER + 4 + (long) length * elementBytes);
    }

    /** A String and its bytes: one byte a character when every character is Latin-1, else two (compact strings). */
    static long string(String s) {
        boolean latin1 = true;
        for (int i = 0; i < s.length() && latin1; i++) {
            latin1 = s.charAt(i) < 256;
        }
        // header, the array's reference, the hash (int), the coder and hashIsZero (a byte each)
        return align(HEADER + REFERENCE + 4 + 2) + array(s.length(), latin1 ? 1 : 2);
    }

    static long align(long bytes) {
        return (bytes + 7) & ~7L;
    }
}
