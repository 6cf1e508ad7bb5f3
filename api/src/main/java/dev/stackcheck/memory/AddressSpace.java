package dev.stackcheck.memory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A simulated, byte-addressed address space of 8-byte words.
 *
 * <p>Invariants: every region lies at or above {@link #FIRST_ADDRESS} (so no valid address is below 4096,
 * as in Go, where a pointer below 4096 is a bad pointer); regions never overlap; between two regions
 * there is an unmapped gap of at least {@link #GAP} bytes, so a small overrun faults instead of landing
 * in a neighbour; addresses are never reused after a free, so a use after free always faults. Regions
 * are numbered in allocation order, and since addresses only grow, region number and address order agree.
 *
 * <p>Every read, write and copy is checked: it must be 8-byte aligned and fall inside one live region,
 * or a {@link MemoryFault} is thrown.
 */
public final class AddressSpace {

    /** The lowest address any region may have. */
    public static final long FIRST_ADDRESS = 0x10000;
    /** Unmapped bytes left between two regions. */
    public static final long GAP = 4096;
    /** The largest region it simulates: a region's words are one Java array, of at most 2^31 - 9 longs. */
    public static final long MAX_REGION_BYTES = 8L * (Integer.MAX_VALUE - 8);

    private final List<Region> regions = new ArrayList<>();
    private final List<long[]> words = new ArrayList<>();
    private long[] los = new long[16];
    /** his[i]: the end of region i (its lo and hi in arrays, so a lookup reads no Region object) */
    private long[] his = new long[16];
    private long next = FIRST_ADDRESS;
    private long liveBytes;
    private long peakLiveBytes;
    private int liveRegions;
    private int lastHit = -1;
    /** the region found before {@link #lastHit} (accesses alternate between two regions: a frame and a record) */
    private int prevHit = -1;
    /**
     * word arrays of freed regions, kept (at most {@link #SPARE_ARRAYS}) for a later region of the same
     * size: zeroed again, they spare the allocation of fresh memory, which a hot split pays at every call
     */
    private final List<long[]> spare = new ArrayList<>();
    /** the lengths of the {@link #spare} arrays, in the same order, so a search reads no cold array */
    private final int[] spareLengths = new int[SPARE_ARRAYS];
    private static final int SPARE_ARRAYS = 8;

    /**
     * An independent copy of this address space: the same regions (live and freed), the same words, the
     * same next address. Writes to one never show in the other. The model checker forks states with it.
     */
    public AddressSpace copy() {
        AddressSpace c = new AddressSpace();
        c.regions.addAll(regions);
        for (int i = 0; i < words.size(); i++) {
            long[] w = words.get(i);
            c.words.add(w == null ? null : w.clone());
        }
        c.los = los.clone();
        c.his = his.clone();
        c.next = next;
        c.liveBytes = liveBytes;
        c.peakLiveBytes = peakLiveBytes;
        c.liveRegions = liveRegions;
        c.lastHit = lastHit;
        c.prevHit = prevHit;
        return c;
    }

    /**
     * Makes this address space equal to {@code o} (as {@link #copy()} would), reusing this one's word
     * arrays where a region of the same size sits at the same place.
     */
    public void copyFrom(AddressSpace o) {
        int n = o.regions.size();
        for (int i = regions.size() - 1; i >= n; i--) {
            regions.remove(i);
            words.remove(i);
        }
        for (int i = 0; i < n; i++) {
            Region r = o.regions.get(i);
            long[] src = o.words.get(i);
            if (i < regions.size()) {
                long[] dst = words.get(i);
                regions.set(i, r);
                if (src == null) {
                    words.set(i, null);
                } else if (dst != null && dst.length == src.length) {
                    System.arraycopy(src, 0, dst, 0, src.length);
                } else {
                    words.set(i, src.clone());
                }
            } else {
                regions.add(r);
                words.add(src == null ? null : src.clone());
            }
        }
        if (los.length < o.los.length) {
            los = new long[o.los.length];
            his = new long[o.los.length];
        }
        System.arraycopy(o.los, 0, los, 0, n);
        System.arraycopy(o.his, 0, his, 0, n);
        next = o.next;
        liveBytes = o.liveBytes;
        peakLiveBytes = o.peakLiveBytes;
        liveRegions = o.liveRegions;
        lastHit = o.lastHit;
        prevHit = o.prevHit;
    }

    /**
     * Reads the {@code count} words from {@code address} on into {@code dst} from {@code offset}: the same as
     * {@code count} {@link #read}s in address order, with the same fault at the first word such a read faults
     * at (the words before it are read). Checked once, not once per word: regions never touch, so a block
     * that leaves its region faults at the word just past the region's end.
     */
    public void read(long address, long[] dst, int offset, int count) {
        if (count <= 0) {
            return; // nothing read, nothing checked (even at the end of a region)
        }
        int r = find(address);
        long[] w = words.get(r);
        int at = (int) ((address - los[r]) >>> 3);
        int k = Math.min(count, w.length - at);
        System.arraycopy(w, at, dst, offset, k);
        if (k < count) {
            throw unmapped(his[r]);
        }
    }

    /** Number of regions ever allocated (live or freed): region ids run from 0 to this minus one. */
    public int regionCount() {
        return regions.size();
    }

    /** True when the region with allocation number {@code id} is live. */
    public boolean isLive(int id) {
        return id >= 0 && id < regions.size() && words.get(id) != null;
    }

    /** The region with allocation number {@code id} (live or freed). */
    public Region region(int id) {
        return regions.get(id);
    }

    /**
     * Allocates a zeroed region of {@code bytes} bytes (a positive multiple of 8), aligned to 4096.
     */
    public Region allocate(long bytes, String label) {
        if (bytes <= 0 || (bytes & 7) != 0) {
            throw new IllegalArgumentException("region size must be a positive multiple of 8: " + bytes);
        }
        if (bytes > MAX_REGION_BYTES) {
            throw new IllegalArgumentException("region too large to simulate: " + bytes + " bytes");
        }
        long lo = next;
        Region region = new Region(regions.size(), lo, lo + bytes, label);
        next = align(lo + bytes + GAP, 4096);
        if (regions.size() == los.length) {
            los = Arrays.copyOf(los, los.length * 2);
            his = Arrays.copyOf(his, his.length * 2);
        }
        los[regions.size()] = lo;
        his[regions.size()] = lo + bytes;
        regions.add(region);
        words.add(wordArray((int) (bytes / 8)));
        liveBytes += bytes;
        liveRegions++;
        peakLiveBytes = Math.max(peakLiveBytes, liveBytes);
        return region;
    }

    /** Frees a live region; its addresses fault from now on and are never handed out again. */
    public void free(Region region) {
        if (region.id() < 0 || region.id() >= regions.size() || !regions.get(region.id()).equals(region)) {
            throw new MemoryFault(MemoryFault.Kind.BAD_FREE, region.lo(), "free of unknown region " + describe(region));
        }
        if (words.get(region.id()) == null) {
            throw new MemoryFault(MemoryFault.Kind.BAD_FREE, region.lo(), "double free of " + describe(region));
        }
        long[] freed = words.set(region.id(), null);
        if (spare.size() == SPARE_ARRAYS) {
            spare.remove(0);
            System.arraycopy(spareLengths, 1, spareLengths, 0, SPARE_ARRAYS - 1);
        }
        spareLengths[spare.size()] = freed.length;
        spare.add(freed);
        liveBytes -= region.size();
        liveRegions--;
    }

    public boolean isLive(Region region) {
        return region.id() >= 0 && region.id() < regions.size() && words.get(region.id()) != null
                && regions.get(region.id()).equals(region);
    }

    /** Reads the word at {@code address}. */
    public long read(long address) {
        int r = find(address);
        return words.get(r)[(int) ((address - los[r]) >>> 3)];
    }

    /** Writes the word at {@code address}. */
    public void write(long address, long value) {
        int r = find(address);
        words.get(r)[(int) ((address - los[r]) >>> 3)] = value;
    }

    /**
     * Reads the {@code n} words at {@code address, address + 8, ...} into {@code into[0, n)}: the same as
     * {@code n} {@link #read}s in address order, with the same fault at the first word such a read faults
     * at (the words before it are read). Checked once per region, not once per word.
     */
    public void read(long address, long[] into, int n) {
        read(address, into, 0, n);
    }

    /**
     * Writes {@code value} into the {@code n} words at {@code address, address + 8, ...}: the same as
     * {@code n} {@link #write}s in address order, with the same fault at the first word such a write faults
     * at (the words before it are written). Checked once per region, not once per word.
     */
    public void fill(long address, int n, long value) {
        if (n <= 0) {
            return;
        }
        int r = find(address);
        int at = (int) ((address - los[r]) >>> 3);
        int k = Math.min(n, words.get(r).length - at);
        Arrays.fill(words.get(r), at, at + k, value);
        if (k < n) {
            throw unmapped(his[r]);
        }
    }

    /**
     * Copies {@code bytes} bytes from {@code from} to {@code to} (like memmove). Both spans must lie
     * inside live regions.
     */
    public void copy(long from, long to, long bytes) {
        if (bytes < 0 || (bytes & 7) != 0) {
            throw new MemoryFault(MemoryFault.Kind.MISALIGNED, from, "copy of " + bytes + " bytes");
        }
        if (bytes == 0) {
            return;
        }
        int src = find(from);
        int dst = find(to);
        if (src != find(from + bytes - 8) || dst != find(to + bytes - 8)) {
            throw new MemoryFault(MemoryFault.Kind.UNMAPPED, from, "copy spans two regions");
        }
        System.arraycopy(words.get(src), (int) ((from - los[src]) >>> 3),
                words.get(dst), (int) ((to - los[dst]) >>> 3), (int) (bytes >>> 3));
    }

    /** The live region holding {@code address}, or null when there is none. Never faults. */
    public Region regionAt(long address) {
        int r = indexOf(address);
        return r >= 0 && words.get(r) != null ? regions.get(r) : null;
    }

    /** True when {@code address} is aligned and inside a live region. Never faults. */
    public boolean isMapped(long address) {
        return (address & 7) == 0 && regionAt(address) != null;
    }

    /** Every region ever allocated, live or freed, in allocation (and address) order. */
    public List<Region> allRegions() {
        return List.copyOf(regions);
    }

    /** The regions still live, in address order. */
    public List<Region> liveRegions() {
        List<Region> live = new ArrayList<>(liveRegions);
        for (int i = 0; i < regions.size(); i++) {
            if (words.get(i) != null) {
                live.add(regions.get(i));
            }
        }
        return live;
    }

    public long liveBytes() {
        return liveBytes;
    }

    public long peakLiveBytes() {
        return peakLiveBytes;
    }

    public int liveRegionCount() {
        return liveRegions;
    }

    private int find(long address) {
        if ((address & 7) != 0) {
            throw new MemoryFault(MemoryFault.Kind.MISALIGNED, address,
                    "misaligned access at 0x" + Long.toHexString(address));
        }
        int r = indexOf(address);
        if (r < 0) {
            throw unmapped(address);
        }
        if (words.get(r) == null) {
            throw new MemoryFault(MemoryFault.Kind.FREED, address,
                    "access to 0x" + Long.toHexString(address) + " in freed " + describe(regions.get(r)));
        }
        return r;
    }

    private static MemoryFault unmapped(long address) {
        return new MemoryFault(MemoryFault.Kind.UNMAPPED, address,
                "access to unmapped address 0x" + Long.toHexString(address));
    }

    /**
     * Index of the region (live or freed) whose span holds the address, or -1. The last two regions found
     * are tried first (accesses alternate between a frame and a record); they only spare a binary search.
     */
    private int indexOf(long address) {
        int hit = lastHit;
        if (holds(hit, address)) {
            return hit;
        }
        int before = prevHit;
        if (holds(before, address)) {
            prevHit = hit;
            lastHit = before;
            return before;
        }
        int i = Arrays.binarySearch(los, 0, regions.size(), address);
        if (i < 0) {
            i = -i - 2;
        }
        if (!holds(i, address)) {
            return -1;
        }
        prevHit = hit;
        lastHit = i;
        return i;
    }

    /** True when {@code r} is a region's index (not -1) and its span holds {@code address}. */
    private boolean holds(int r, long address) {
        return r >= 0 && address >= los[r] && address < his[r];
    }

    /** A zeroed array of n words: a spare one of that length if there is one, else a new one. */
    private long[] wordArray(int n) {
        for (int i = spare.size() - 1; i >= 0; i--) {
            if (spareLengths[i] == n) {
                long[] w = spare.remove(i);
                System.arraycopy(spareLengths, i + 1, spareLengths, i, spare.size() - i);
                Arrays.fill(w, 0);
                return w;
            }
        }
        return new long[n];
    }

    private static long align(long x, long to) {
        return (x + to - 1) & -to;
    }

    public static String describe(Region region) {
        return region.label() + " #" + region.id() + " [0x" + Long.toHexString(region.lo()) + ", 0x"
                + Long.toHexString(region.hi()) + ")";
    }
}
