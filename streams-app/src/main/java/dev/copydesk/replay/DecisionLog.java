package dev.copydesk.replay;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.copydesk.topology.CopydeskTopology;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * What an offline run's link aggregator took, in the order it took it, with the input articles' times between: a file
 * under {@code java.io.tmpdir}, written by a run with a {@link CopydeskTopology.EventTap} and read back by
 * {@link OfflineRunner#decideAgain} to decide again under other decision settings without fingerprinting and the
 * index. Records are length-prefixed: an input's time, an event's key, value, timestamp and headers, or a dead letter the
 * run wrote (Avro's single-object encoding), where it came among the others.
 */
final class DecisionLog implements AutoCloseable {
    private static final int INPUT = 1;
    private static final int EVENT = 2;
    private static final int DEAD_LETTER = 3;
    private static final int BUFFER = 1 << 16;

    private final Path file;
    private DataOutputStream out;
    private long inputs;
    private long events;
    // the first write that failed: the log is broken from there on. The tap does not throw it into the topology, whose
    // processing exception handler would make a dead letter of the record (the aggregator would not take it) and go on;
    // the run throws it after the article (check)
    private IOException failure;

    private DecisionLog(Path file) throws IOException {
        this(file, Files.newOutputStream(file));
    }

    /** A log in {@code file} written through {@code stream} (tests: a stream that fails). */
    DecisionLog(Path file, java.io.OutputStream stream) {
        this.file = file;
        this.out = new DataOutputStream(new BufferedOutputStream(stream, BUFFER));
    }

    /** A new, empty log in {@code java.io.tmpdir} (deleted on {@link #close}, or when the JVM exits). */
    static DecisionLog create() {
        Path f;
        try {
            f = Files.createTempFile("copydesk-decisions-", ".bin");
            f.toFile().deleteOnExit();
            return new DecisionLog(f);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the offline run's decision log in " + System.getProperty("java.io.tmpdir")
                    + " (set another directory with -Djava.io.tmpdir=DIR): " + e.getMessage(), e);
        }
    }

    /** Notes that an input article with time {@code timestamp} is piped next. */
    void input(long timestamp) {
        check();
        try {
            out.writeByte(INPUT);
            out.writeLong(timestamp);
            inputs++;
        } catch (IOException e) {
            throw failed(e);
        }
    }

    /** The tap that appends what the aggregator takes. */
    CopydeskTopology.EventTap tap() {
        return (key, value, timestamp, headers) -> {
            if (failure != null) {
                return;
            }
            try {
                out.writeByte(EVENT);
                writeBytes(key);
                writeBytes(value);
                out.writeLong(timestamp);
                Header[] hs = headers.toArray();
                out.writeShort(hs.length);
                for (Header h : hs) {
                    out.writeUTF(h.key());
                    writeBytes(h.value());
                }
                events++;
            } catch (IOException e) {
                failure = e;
            }
        };
    }

    /** Appends a dead letter the run wrote. */
    void deadLetter(dev.copydesk.avro.DeadLetter d) {
        check();
        try {
            java.nio.ByteBuffer b = d.toByteBuffer();
            out.writeByte(DEAD_LETTER);
            out.writeInt(b.remaining());
            out.write(b.array(), b.arrayOffset() + b.position(), b.remaining());
        } catch (IOException e) {
            throw failed(e);
        }
    }

    /** Throws the failure of a write of the tap, if one failed. */
    void check() {
        if (failure != null) {
            throw failed(failure);
        }
    }

    /** Ends writing; the log can then be read any number of times. */
    void finish() {
        check();
        try {
            if (out != null) {
                out.close();
                out = null;
            }
        } catch (IOException e) {
            throw failed(e);
        }
    }

    long inputs() {
        return inputs;
    }

    long events() {
        return events;
    }

    long bytes() {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    /** What a reading of the log calls, in the order written. */
    interface Reader {
        void input(long timestamp);

        void event(byte[] key, byte[] value, long timestamp, Headers headers);

        void deadLetter(dev.copydesk.avro.DeadLetter d);
    }

    /** Reads the whole log into {@code reader}. */
    void read(Reader reader) {
        finish();
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), BUFFER))) {
            while (true) {
                int type;
                try {
                    type = in.readByte();
                } catch (EOFException end) {
                    return;
                }
                if (type == INPUT) {
                    reader.input(in.readLong());
                } else if (type == EVENT) {
                    byte[] key = readBytes(in);
                    byte[] value = readBytes(in);
                    long timestamp = in.readLong();
                    int n = in.readShort();
                    RecordHeaders headers = new RecordHeaders();
                    for (int i = 0; i < n; i++) {
                        headers.add(in.readUTF(), readBytes(in));
                    }
                    reader.event(key, value, timestamp, headers);
                } else if (type == DEAD_LETTER) {
                    reader.deadLetter(dev.copydesk.avro.DeadLetter.fromByteBuffer(java.nio.ByteBuffer.wrap(readBytes(in))));
                } else {
                    throw new IllegalStateException("decision log " + file + " is corrupt: record type " + type);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the decision log " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            if (out != null) {
                out.close();
            }
        } catch (IOException ignored) {
            // the log is deleted: what it could not write is not wanted
        } finally {
            out = null;
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // deleteOnExit is set
            }
        }
    }

    private void writeBytes(byte[] b) throws IOException {
        if (b == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(b.length);
            out.write(b);
        }
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }

    private UncheckedIOException failed(IOException e) {
        return new UncheckedIOException("cannot write the decision log " + file + " (set another directory with"
                + " -Djava.io.tmpdir=DIR): " + e.getMessage(), e);
    }
}
