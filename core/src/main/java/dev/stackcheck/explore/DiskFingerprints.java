package dev.stackcheck.explore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;

/**
 * The fingerprints the search moved out of the heap when they no longer fitted there (the way TLC's disk
 * fingerprint set does): one file of 64-bit fingerprints in increasing unsigned order, each once. Unsigned
 * order is {@link FingerprintSet} shard order (a shard is the fingerprint's top bits), so the file is
 * merged with the set one shard at a time.
 *
 * <p>Invariant: the file holds exactly {@link #count} distinct fingerprints, sorted. A {@link #merge} writes
 * the union of the file and the set to a new file in the same directory and only then replaces the old
 * one, so a merge that fails (a full disk, an I/O error) leaves the old file whole. {@link #close} deletes
 * the file. Not thread-safe: the explorer merges from its one committing thread.
 */
final class DiskFingerprints implements AutoCloseable {

    /** Thrown when the disk cannot take the fingerprints: the search stops with this message. */
    static final class SpillFailure extends RuntimeException {
        SpillFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final int BUFFER = 1 << 20;

    private final Path dir;
    /**
     * The readers' and the writers' buffers, one each for the search (direct memory is given back only when
     * the collector frees its buffer: one per merge or lookup ran out of it in small heaps)
     */
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(BUFFER);
    private final ByteBuffer writeBuffer = ByteBuffer.allocateDirect(BUFFER);
    private Path file;
    private long count;
    private int merges;
    private long peakBytes;
    private long nanos;

    DiskFingerprints(Path dir) {
        this.dir = dir;
    }

    /**
     * Moves every fingerprint of {@code set} into the file (emptying the set) and returns, in increasing
     * unsigned order, those that the file already held: for the caller, states it took for new that an
     * earlier level or batch had already stored.
     */
    long[] merge(FingerprintSet set) {
        long t0 = System.nanoTime();
        long adding = set.size();
        if (adding == 0) {
            return new long[0];
        }
        long usable;
        try {
            Files.createDirectories(dir);
            usable = Files.getFileStore(dir).getUsableSpace();
        } catch (IOException e) {
            throw new SpillFailure("cannot use " + dir + " for the fingerprints spilled to disk: " + e.getMessage(), e);
        }
        String shortage = spaceShortage(dir, usable, count + adding);
        if (shortage != null) {
            throw new SpillFailure(shortage, null);
        }
        long[] dups;
        Path next;
        long written = 0;
        try {
            next = Files.createTempFile(dir, "stackcheck-fingerprints-", ".bin");
            next.toFile().deleteOnExit();
            try (Reader old = new Reader(file, readBuffer); Writer out = new Writer(next, writeBuffer)) {
                dups = join(set, old, out);
                written = out.written;
            }
            peakBytes = Math.max(peakBytes, 8 * (count + written));
            if (file != null) {
                Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } else {
                file = next;
            }
        } catch (IOException | UncheckedIOException e) {
            throw new SpillFailure("cannot write the fingerprints spilled to disk in " + dir + ": " + e.getMessage(), e);
        }
        count = written;
        merges++;
        nanos += System.nanoTime() - t0;
        return dups;
    }

    /**
     * Empties {@code set} and returns, in increasing unsigned order, those of its fingerprints that the file
     * holds; the file is left as it is. (The search asks this of the candidates it meets once the state
     * limit is reached: one that the file does not hold is a new state beyond the limit.)
     */
    long[] known(FingerprintSet set) {
        try (Reader old = new Reader(file, readBuffer)) {
            return join(set, old, null);
        } catch (IOException | UncheckedIOException e) {
            throw new SpillFailure("cannot read the fingerprints spilled to disk in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Walks the file and the set (shard by shard, each sorted) together in unsigned order, emptying the set:
     * writes their union to {@code out} unless it is null, and returns the set's fingerprints that the file
     * held, in that order.
     */
    private static long[] join(FingerprintSet set, Reader old, Writer out) throws IOException {
        long[] dups = new long[16];
        int d = 0;
        for (int s = 0; s < FingerprintSet.SHARDS; s++) {
            long[] batch = set.takeSorted(s);
            int i = 0;
            while (i < batch.length) {
                long b = batch[i];
                if (old.more() && Long.compareUnsigned(old.peek(), b) <= 0) {
                    long o = old.next();
                    if (o == b) {
                        if (d == dups.length) {
                            dups = Arrays.copyOf(dups, d * 2);
                        }
                        dups[d++] = b;
                        i++;
                    }
                    if (out != null) {
                        out.put(o);
                    }
                } else {
                    if (out != null) {
                        out.put(b);
                    }
                    i++;
                }
            }
        }
        while (out != null && old.more()) { // the old file's after the set's last (the rest go before a later shard's)
            out.put(old.next());
        }
        return Arrays.copyOf(dups, d);
    }

    /** Spare room on disk besides the file: a merge that would leave less is not started. */
    static final long SPARE_BYTES = 64L << 20;

    /**
     * Why a new file of {@code fingerprints} cannot be written in {@code dir} beside the old one when
     * {@code usable} bytes are free there (it needs 8 bytes a fingerprint and {@link #SPARE_BYTES} more),
     * or null when it can.
     */
    static String spaceShortage(Path dir, long usable, long fingerprints) {
        long need = 8 * fingerprints;
        if (usable >= need + SPARE_BYTES) {
            return null;
        }
        return String.format(Locale.ROOT, "not enough disk space in %s for the fingerprints spilled to disk (%,d MB"
                + " needed, %,d MB free; give another directory with --spill-dir)", dir, need >> 20, usable >> 20);
    }

    /** Fingerprints in the file. */
    long count() {
        return count;
    }

    /** Merges done. */
    int merges() {
        return merges;
    }

    /** The most bytes the fingerprints took on disk at once (the old and the new file during a merge). */
    long peakBytes() {
        return peakBytes;
    }

    /** Time spent merging, sorting included. */
    long millis() {
        return nanos / 1_000_000;
    }

    /** The directory the file is in. */
    Path dir() {
        return dir;
    }

    @Override
    public void close() {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a temporary file: deleteOnExit is the fallback
            }
            file = null;
        }
    }

    /** Reads a file of fingerprints in order through {@code buffer}; an absent file reads as empty. */
    private static final class Reader implements AutoCloseable {
        private final FileChannel channel;
        private final ByteBuffer buffer;
        private boolean end;

        Reader(Path file, ByteBuffer buffer) throws IOException {
            channel = file == null ? null : FileChannel.open(file, StandardOpenOption.READ);
            end = channel == null;
            this.buffer = buffer;
            buffer.clear().limit(0);
        }

        boolean more() {
            if (end) {
                return false;
            }
            if (buffer.remaining() >= 8) {
                return true;
            }
            try {
                buffer.compact();
                while (buffer.position() < 8) {
                    if (channel.read(buffer) < 0) {
                        if (buffer.position() != 0) {
                            throw new IOException("the fingerprint file ends inside a fingerprint");
                        }
                        end = true;
                        return false;
                    }
                }
                buffer.flip();
                return true;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        long peek() {
            return buffer.getLong(buffer.position());
        }

        long next() {
            return buffer.getLong();
        }

        @Override
        public void close() throws IOException {
            if (channel != null) {
                channel.close();
            }
        }
    }

    /** Writes fingerprints in order to a new file through {@code buffer}. */
    private static final class Writer implements AutoCloseable {
        private final FileChannel channel;
        private final ByteBuffer buffer;
        long written;

        Writer(Path file, ByteBuffer buffer) throws IOException {
            channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
            this.buffer = buffer;
            buffer.clear();
        }

        void put(long fp) throws IOException {
            if (!buffer.hasRemaining()) {
                drain();
            }
            buffer.putLong(fp);
            written++;
        }

        private void drain() throws IOException {
            buffer.flip();
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            buffer.clear();
        }

        @Override
        public void close() throws IOException {
            drain();
            channel.close();
        }
    }
}
