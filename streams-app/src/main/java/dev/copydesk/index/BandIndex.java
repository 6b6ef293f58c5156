package dev.copydesk.index;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The postings of one index task: LSH band key → (article, passage), held in primitive arrays.
 *
 * <p>Articles get a dense ordinal when registered. A posting is {@code (ordinal << 32) | passage}, chained
 * per band key (newest first); band keys sit in an open-addressing table. Each structure is laid out so a
 * step costs one cache miss: table slots hold (band key, head) side by side, chain nodes hold (posting,
 * the article's time, next) side by side, a frozen band's postings and times sit in one array, and an
 * article's time, name count and {@link NameSketch} share one 64-byte stride. A look-up therefore costs one
 * probe plus at most one miss per posting (none for a frozen band's), and never reads an article's metadata,
 * with no object per posting, no boxing and no I/O. This replaced a persistent window store that cost a RocksDB range seek per
 * band key (640 per article at b=32) and a changelog record per posting.
 *
 * <p>It is <em>derived</em> state: the processor rebuilds it from its changelogged passage store when the
 * task starts (stores are restored before processors are initialized), so it needs no changelog of its own.
 * Articles leave it by event time ({@link #expireBefore}), which compacts the arrays and renumbers ordinals.
 *
 * <p>Not thread-safe: one instance belongs to one stream task.
 */
public final class BandIndex {
    private static final int NONE = -1;

    // per article, stride META: time, name count, name sketch (NameSketch.WORDS longs), spare. Read once per
    // candidate article (its names), not per posting: postings carry the article's time themselves
    private static final int META = 8;
    private static final int TIME = 0;
    private static final int NAME_COUNT = 1;
    private static final int SKETCH = 2;
    private int articles;
    private long[] meta = new long[1024 * META];
    private String[] keys = new String[1024];
    private long[][] names = new long[1024][];
    private final Map<String, Integer> ordinals = new HashMap<>();

    // chain nodes, stride NODE: [3p] posting, [3p + 1] the article's time, [3p + 2] next node (or NONE). With
    // the time in the node, a look-up filters by time without touching the article's metadata
    private static final int NODE = 3;
    private int postings;
    private long[] nodes = new long[NODE * 16 * 1024];

    // open addressing, linear probing: [2s] band key, [2s + 1] newest node (NONE: empty slot), or for a
    // frozen band FROZEN - i, its postings and their times, interleaved, in frozen[i]
    private static final long FROZEN = -2;
    private long[] table;
    private long[][] frozen = new long[64][];
    private long[] frozenHeads = new long[64]; // the chain each frozen band had (left in place)
    private int frozenCount;
    private int capacity;
    private int bands;

    public BandIndex() {
        allocateTable(1 << 14);
    }

    /** The article's ordinal (its names and time are kept for the candidate filter), or its existing one. */
    public int register(String key, long time, long[] articleNames) {
        Integer known = ordinals.get(key);
        if (known != null) {
            return known;
        }
        if (articles == keys.length) {
            int n = articles * 2;
            keys = Arrays.copyOf(keys, n);
            names = Arrays.copyOf(names, n);
            meta = Arrays.copyOf(meta, n * META);
        }
        int ordinal = articles++;
        keys[ordinal] = key;
        names[ordinal] = articleNames;
        int m = ordinal * META;
        meta[m + TIME] = time;
        meta[m + NAME_COUNT] = articleNames.length;
        NameSketch.sketch(articleNames, meta, m + SKETCH);
        ordinals.put(key, ordinal);
        return ordinal;
    }

    /** The ordinal of a registered article, or -1. */
    public int ordinal(String key) {
        Integer o = ordinals.get(key);
        return o == null ? NONE : o;
    }

    public String key(int ordinal) {
        return keys[ordinal];
    }

    public long time(int ordinal) {
        return meta[ordinal * META + TIME];
    }

    public long[] names(int ordinal) {
        return names[ordinal];
    }

    /**
     * False when the article cannot share {@code minShare} of the names of the one with fewer names with the
     * article whose names {@code names} was prepared from: a cheap filter that never rejects a pair
     * {@code NameAgreement.share} would accept.
     */
    public boolean mayShareNames(int ordinal, NameSketch.Probe names, double minShare) {
        int m = ordinal * META;
        long theirs = meta[m + NAME_COUNT];
        if (names.names() == 0 || theirs == 0) {
            return true;
        }
        int bound = NameSketch.sharedAtMost(names, meta, m + SKETCH);
        return bound >= minShare * Math.min(names.names(), theirs) - 1e-9; // rounding lets more through, never fewer
    }

    /**
     * {@link #mayShareNames(int, NameSketch.Probe, double)} of {@code ordinals[0, n)}, into {@code may[0, n)}. The
     * articles' metadata is read in a first pass that does nothing else: its cache misses are independent, so
     * the CPU overlaps them, where checks one by one would wait for each in turn.
     */
    public void mayShareNames(int[] ordinals, int n, NameSketch.Probe names, double minShare, boolean[] may) {
        long touched = 0;
        for (int i = 0; i < n; i++) {
            touched += meta[ordinals[i] * META + NAME_COUNT];
        }
        for (int i = 0; i < n; i++) {
            may[i] = mayShareNames(ordinals[i], names, minShare);
        }
        metaTouched = touched; // keeps the first pass from being optimized away
    }

    @SuppressWarnings("unused")
    private long metaTouched;

    public int articles() {
        return articles;
    }

    public int postings() {
        return postings;
    }

    /**
     * Adds a posting of {@code passage} of article {@code ordinal} under {@code band}. A frozen band becomes a
     * chain again first (a band is posted to only when a look-up found it not full in its window).
     */
    public void post(long band, int ordinal, int passage) {
        int slot = slot(band);
        if (table[2 * slot + 1] <= FROZEN) { // back to its chain, which freezing left in place
            int f = (int) (FROZEN - table[2 * slot + 1]);
            frozen[f] = null;
            frozenAnswer[f] = null;
            table[2 * slot + 1] = frozenHeads[f];
        }
        if (NODE * postings == nodes.length) {
            // by half: while the copy is made both arrays are live, and this array is most of the index's heap
            nodes = Arrays.copyOf(nodes, NODE * (postings + (postings >> 1) + 1));
        }
        if (table[2 * slot + 1] == NONE) {
            table[2 * slot] = band;
            bands++;
        }
        int p = postings++;
        nodes[NODE * p] = ((long) ordinal << 32) | (passage & 0xffffffffL);
        nodes[NODE * p + 1] = meta[ordinal * META + TIME];
        nodes[NODE * p + 2] = table[2 * slot + 1];
        table[2 * slot + 1] = p;
        if (bands * 4L > capacity * 3L) {
            rehash(capacity * 2);
        }
    }

    /**
     * Appends to {@code out} the postings of {@code band} whose article's time lies in [from, to], each as
     * {@code (ordinal << 32) | passage}. When more than {@code bucketLimit} distinct articles share the band
     * in the window, only the postings of the earliest {@code bucketLimit} (by time, then registration order)
     * are appended, and the method returns true: the band is full.
     */
    public boolean lookup(long band, long from, long to, int bucketLimit, LongList out) {
        int slot = slot(band);
        long head = table[2 * slot + 1];
        if (head <= FROZEN) {
            return lookupFrozen((int) (FROZEN - head), from, to, bucketLimit, out);
        }
        int start = out.size();
        for (long p = head; p != NONE; p = nodes[(int) (NODE * p + 2)]) {
            long t = nodes[(int) (NODE * p + 1)];
            if (t >= from && t <= to) {
                out.add(nodes[(int) (NODE * p)]);
            }
        }
        return limit(slot, out, start, bucketLimit);
    }

    /**
     * The look-ups of {@code bands[0, n)}, with the results of {@code n} calls of {@link #lookup} in that order:
     * band i's postings are appended to {@code out}, ending at {@code ends[i]}, and {@code full[i]} says whether
     * it was full. The chains are walked side by side, one step of each per round: a chain step is a cache miss
     * that depends on the one before, while the steps of different chains are independent, so the CPU
     * overlaps them.
     */
    public void lookupAll(long[] bands, int n, long from, long to, int bucketLimit, LongList out, int[] ends, boolean[] full) {
        if (walkSlot.length < n) {
            int m = Math.max(n, 2 * walkSlot.length);
            walkSlot = new int[m];
            walkCursor = new long[m];
            walkActive = new int[m];
            walkFound = Arrays.copyOf(walkFound, m);
        }
        int active = 0;
        for (int i = 0; i < n; i++) {
            int slot = slot(bands[i]);
            walkSlot[i] = slot;
            long head = table[2 * slot + 1];
            walkCursor[i] = head;
            if (walkFound[i] == null) {
                walkFound[i] = new LongList(16);
            }
            walkFound[i].clear();
            if (head >= 0) {
                walkActive[active++] = i;
            } else if (head <= FROZEN) {
                // read the frozen answer's first line now: these misses are independent, so the CPU overlaps them,
                // where the answers read one by one below would wait for each in turn
                walkCursor[i] = frozenAnswer[(int) (FROZEN - head)][SPAN_MIN];
            }
        }
        while (active > 0) {
            int still = 0;
            for (int a = 0; a < active; a++) {
                int i = walkActive[a];
                int node = (int) (NODE * walkCursor[i]);
                long t = nodes[node + 1];
                if (t >= from && t <= to) {
                    walkFound[i].add(nodes[node]);
                }
                long next = nodes[node + 2];
                walkCursor[i] = next;
                if (next != NONE) {
                    walkActive[still++] = i;
                }
            }
            active = still;
        }
        for (int i = 0; i < n; i++) {
            int slot = walkSlot[i];
            long head = table[2 * slot + 1];
            if (head <= FROZEN) { // frozen before, or just now by an earlier look-up of the same band
                full[i] = lookupFrozen((int) (FROZEN - head), from, to, bucketLimit, out);
            } else {
                int start = out.size();
                LongList found = walkFound[i];
                out.addAll(found.array(), 0, found.size());
                full[i] = limit(slot, out, start, bucketLimit);
            }
            ends[i] = out.size();
        }
    }

    // lookupAll's scratch: per band, its slot, chain cursor and postings found; the bands still walking
    private int[] walkSlot = new int[0];
    private long[] walkCursor = new long[0];
    private int[] walkActive = new int[0];
    private LongList[] walkFound = new LongList[0];

    /**
     * Of a chain's postings in out[start..]: when more than {@code bucketLimit} articles, keeps the earliest. A band
     * found full is also frozen (a layout change only: look-ups give the same answers).
     */
    private boolean limit(int slot, LongList out, int start, int bucketLimit) {
        if (!overLimit(out, start, bucketLimit)) {
            return false;
        }
        keepEarliest(out, start, bucketLimit);
        freeze(slot, bucketLimit);
        return true;
    }

    /** Whether out[start..] holds postings of more than {@code limit} distinct articles. */
    private static boolean overLimit(LongList out, int start, int limit) {
        long[] a = out.array();
        int runs = 0;
        int lastOrdinal = NONE;
        for (int i = start; i < out.size(); i++) {
            int ordinal = (int) (a[i] >>> 32);
            if (ordinal != lastOrdinal) { // an article's postings of one band are adjacent (posted together)...
                runs++;
                lastOrdinal = ordinal;
            }
        }
        if (runs <= limit) {
            return false;
        }
        int[] ordinals = new int[out.size() - start]; // ...unless something posted it twice: count exactly
        for (int i = start; i < out.size(); i++) {
            ordinals[i - start] = (int) (a[i] >>> 32);
        }
        return distinct(ordinals) > limit;
    }

    /** Sorts {@code ordinals} and moves the distinct ones to its front; returns their number. */
    private static int distinct(int[] ordinals) {
        Arrays.sort(ordinals);
        int n = 0;
        for (int i = 0; i < ordinals.length; i++) {
            if (n == 0 || ordinals[n - 1] != ordinals[i]) {
                ordinals[n++] = ordinals[i];
            }
        }
        return n;
    }

    /**
     * A band found full keeps all its postings (newest first, with their times) in one array: later look-ups
     * read them in one go instead of walking a chain (crowded bands are the ones looked up most), and select the
     * window and the earliest articles as on the chain. It becomes a chain again when it is posted to (a look-up
     * found it not full in its window) or when the index next compacts.
     */
    private void freeze(int slot, int bucketLimit) {
        int n = 0;
        for (long p = table[2 * slot + 1]; p != NONE; p = nodes[(int) (NODE * p + 2)]) {
            n++;
        }
        long[] band = new long[2 * n];
        int i = 0;
        for (long p = table[2 * slot + 1]; p != NONE; p = nodes[(int) (NODE * p + 2)]) {
            band[i++] = nodes[(int) (NODE * p)];
            band[i++] = nodes[(int) (NODE * p + 1)];
        }
        if (frozenCount == frozen.length) {
            frozen = Arrays.copyOf(frozen, frozenCount * 2);
            frozenHeads = Arrays.copyOf(frozenHeads, frozenCount * 2);
        }
        if (frozenCount == frozenAnswer.length) {
            frozenAnswer = Arrays.copyOf(frozenAnswer, frozenAnswer.length * 2);
        }
        // the answer of a look-up whose window holds every posting (the usual case: a band's articles are close in
        // time), computed once
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        LongList all = new LongList(n);
        for (int k = 0; k < band.length; k += 2) {
            all.add(band[k]);
            min = Math.min(min, band[k + 1]);
            max = Math.max(max, band[k + 1]);
        }
        boolean full = overLimit(all, 0, bucketLimit);
        if (full) {
            keepEarliest(all, 0, bucketLimit);
        }
        long[] answer = new long[SPAN + all.size()];
        answer[SPAN_MIN] = min;
        answer[SPAN_MAX] = max;
        answer[SPAN_LIMIT] = bucketLimit;
        answer[SPAN_FULL] = full ? 1 : 0;
        System.arraycopy(all.array(), 0, answer, SPAN, all.size());
        frozenAnswer[frozenCount] = answer;
        frozen[frozenCount] = band;
        frozenHeads[frozenCount] = table[2 * slot + 1];
        table[2 * slot + 1] = FROZEN - frozenCount;
        frozenCount++;
    }

    // per frozen band, in one array (one miss): {min time, max time, the bucket limit it was selected with, full
    // (1) or not}, then the look-up answer for a window holding all its postings
    private long[][] frozenAnswer = new long[64][];
    private static final int SPAN_MIN = 0;
    private static final int SPAN_MAX = 1;
    private static final int SPAN_LIMIT = 2;
    private static final int SPAN_FULL = 3;
    private static final int SPAN = 4;

    private boolean lookupFrozen(int f, long from, long to, int bucketLimit, LongList out) {
        long[] answer = frozenAnswer[f];
        if (from <= answer[SPAN_MIN] && answer[SPAN_MAX] <= to && bucketLimit == answer[SPAN_LIMIT]) {
            out.addAll(answer, SPAN, answer.length - SPAN);
            return answer[SPAN_FULL] == 1;
        }
        long[] postingsOfBand = frozen[f];
        int start = out.size();
        for (int i = 0; i < postingsOfBand.length; i += 2) {
            long t = postingsOfBand[i + 1];
            if (t >= from && t <= to) {
                out.add(postingsOfBand[i]);
            }
        }
        if (!overLimit(out, start, bucketLimit)) {
            return false;
        }
        keepEarliest(out, start, bucketLimit);
        return true;
    }

    /**
     * Keeps, of out[start..], the postings of the earliest {@code limit} distinct articles (by time, then key: the
     * same after a restart, which registers articles in another order).
     */
    private void keepEarliest(LongList out, int start, int limit) {
        long[] a = out.array();
        int end = out.size();
        // the distinct ordinals and their times (read once), then a partial selection of the earliest `limit`
        int[] distinct = new int[end - start];
        for (int i = start; i < end; i++) {
            distinct[i - start] = (int) (a[i] >>> 32);
        }
        int n = distinct(distinct);
        long[] time = new long[n];
        for (int j = 0; j < n; j++) {
            time[j] = meta[distinct[j] * META + TIME];
        }
        for (int k = 0; k < limit; k++) {
            int best = k;
            for (int j = k + 1; j < n; j++) {
                if (time[j] < time[best] || (time[j] == time[best] && keys[distinct[j]].compareTo(keys[distinct[best]]) < 0)) {
                    best = j;
                }
            }
            int t = distinct[k];
            distinct[k] = distinct[best];
            distinct[best] = t;
            long tt = time[k];
            time[k] = time[best];
            time[best] = tt;
        }
        int[] kept = Arrays.copyOf(distinct, limit);
        Arrays.sort(kept);
        int w = start;
        for (int i = start; i < end; i++) {
            if (Arrays.binarySearch(kept, (int) (a[i] >>> 32)) >= 0) {
                a[w++] = a[i];
            }
        }
        out.truncate(w);
    }

    /**
     * Drops the articles published before {@code cutoff} and their postings, compacting the arrays; live
     * articles get new ordinals (in the same relative order). Returns the number of articles dropped (when
     * none is older than the cutoff, nothing is touched).
     */
    public int expireBefore(long cutoff) {
        boolean any = false;
        for (int o = 0; o < articles && !any; o++) {
            any = meta[o * META + TIME] < cutoff;
        }
        if (!any) {
            return 0;
        }
        int[] renumber = new int[articles];
        int live = 0;
        for (int o = 0; o < articles; o++) {
            if (meta[o * META + TIME] < cutoff) {
                renumber[o] = NONE;
                ordinals.remove(keys[o]);
            } else {
                renumber[o] = live;
                keys[live] = keys[o];
                names[live] = names[o];
                System.arraycopy(meta, o * META, meta, live * META, META);
                ordinals.put(keys[live], live);
                live++;
            }
        }
        int dropped = articles - live;
        Arrays.fill(keys, live, articles, null);
        Arrays.fill(names, live, articles, null);
        articles = live;
        compactPostings(renumber);
        return dropped;
    }

    /**
     * Drops the postings of expired articles ({@code renumber} NONE) and renumbers the others, in place: node p's chain
     * successor always has a smaller index (a node is posted before any node that points to it), so one ascending pass
     * can move each live node down to its new place and point it at the nearest live node of its chain, already moved
     * ({@code moved[q]}: the new index of q if q is live, else that of the nearest live node after it, or NONE). A chain
     * keeps its order, newest first; a frozen band becomes its chain again (which freezing left in place); bands left
     * without a posting leave the table. Beside the nodes it allocates an int per posting and a new table, where building
     * new chains took a second array of nodes (24 bytes a posting) while the old one was still live.
     */
    private void compactPostings(int[] renumber) {
        int[] moved = new int[postings];
        int w = 0;
        for (int p = 0; p < postings; p++) {
            int at = NODE * p;
            long v = nodes[at];
            long next = nodes[at + 2];
            int nextMoved = next == NONE ? NONE : moved[(int) next];
            int o = renumber[(int) (v >>> 32)];
            if (o == NONE) {
                moved[p] = nextMoved;
                continue;
            }
            long time = nodes[at + 1];
            int to = NODE * w;
            nodes[to] = ((long) o << 32) | (v & 0xffffffffL);
            nodes[to + 1] = time;
            nodes[to + 2] = nextMoved;
            moved[p] = w++;
        }
        postings = w;
        if (nodes.length > 4L * NODE * Math.max(w, 16 * 1024)) { // most postings went: give the memory back
            nodes = Arrays.copyOf(nodes, NODE * Math.max(2 * w, 16 * 1024));
        }
        long[] oldTable = table;
        int oldCapacity = capacity;
        long[] oldFrozenHeads = frozenHeads;
        allocateTable(oldCapacity);
        frozen = new long[64][];
        frozenHeads = new long[64];
        frozenAnswer = new long[64][];
        frozenCount = 0;
        for (int s = 0; s < oldCapacity; s++) {
            long head = oldTable[2 * s + 1];
            if (head <= FROZEN) {
                head = oldFrozenHeads[(int) (FROZEN - head)];
            }
            int newHead = head == NONE ? NONE : moved[(int) head];
            if (newHead != NONE) {
                long band = oldTable[2 * s];
                int slot = slot(band);
                table[2 * slot] = band;
                table[2 * slot + 1] = newHead;
                bands++;
            }
        }
    }

    private int slot(long band) {
        int mask = capacity - 1;
        int i = (int) (mix(band) & mask);
        while (table[2 * i + 1] != NONE && table[2 * i] != band) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private static long mix(long x) {
        x *= 0x9E3779B97F4A7C15L;
        return x ^ (x >>> 29);
    }

    private void allocateTable(int slots) {
        capacity = slots;
        table = new long[2 * slots];
        for (int s = 0; s < slots; s++) {
            table[2 * s + 1] = NONE;
        }
        bands = 0;
    }

    private void rehash(int slots) {
        long[] old = table;
        int oldCapacity = capacity;
        allocateTable(slots);
        for (int s = 0; s < oldCapacity; s++) {
            if (old[2 * s + 1] != NONE) {
                int slot = slot(old[2 * s]);
                table[2 * slot] = old[2 * s];
                table[2 * slot + 1] = old[2 * s + 1];
                bands++;
            }
        }
    }
}
