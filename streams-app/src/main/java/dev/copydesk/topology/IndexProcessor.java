package dev.copydesk.topology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.copydesk.avro.internal.ArticleEvent;
import dev.copydesk.avro.internal.PairEvidence;
import dev.copydesk.avro.internal.PassagePair;
import dev.copydesk.avro.internal.ShardBatch;
import dev.copydesk.avro.internal.ShardPassage;
import dev.copydesk.avro.internal.ShardPassages;
import dev.copydesk.avro.internal.ShardResult;
import dev.copydesk.detect.NameAgreement;
import dev.copydesk.detect.PassageMatcher;
import dev.copydesk.index.BandIndex;
import dev.copydesk.index.LongList;
import dev.copydesk.index.NameSketch;
import dev.copydesk.index.Visits;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.WindowStore;

/**
 * One index task (one or more shards): finds earlier (and, when records arrive out of order, later)
 * passages that share an LSH band key with the batch's passages, verifies each candidate pair with
 * {@link PassageMatcher#verify}, and sends the verified pairs to the NEWER article of each pair, keyed by
 * its id. Every batch gets exactly one response (possibly empty) so the aggregator knows when an
 * article is complete; pairs owned by an article that was already answered go out as late results.
 *
 * <p>State: (shard, article id) → its passages in this shard (features, offsets and the band keys it was
 * posted under), in a changelogged window store that expires by event time, so a replay of an old archive
 * behaves like live traffic. The band postings themselves live in a {@link BandIndex} in memory, derived
 * from that store: rebuilt from it when the task starts (Kafka Streams restores stores before it
 * initializes processors) and expired by stream time. A band key shared by more than {@code bucketLimit}
 * articles in the window keeps only its earliest ones (see {@link BandIndex#lookup}).
 */
final class IndexProcessor implements Processor<String, ShardBatch, String, ArticleEvent> {
    private static final int NONE = -1;
    private final String passageStoreName;
    private final long retentionMs;
    private final int bucketLimit;
    private final double threshold;
    /** Articles that share fewer names than this never link (LinkRule), so their passages are not verified. */
    private final double minNameShare;
    private final TopologyMetrics metrics;
    private ProcessorContext<String, ArticleEvent> context;
    private WindowStore<String, ShardPassages> passages;
    private BandIndex index;

    // per-batch scratch, reused: postings found, and candidate pairs chained per candidate ordinal
    private final LongList found = new LongList(4096);
    private long[] allBands = new long[1024]; // the batch's band keys, flat, and per band its end in found and whether it was full
    private int[] allEnds = new int[1024];
    private boolean[] allFull = new boolean[1024];
    private int[] headOf = new int[0];
    private final Visits visits = new Visits(); // the articles this batch met: ordinal → its place in `met`, from 1
    private int[] met = new int[1024]; // ...in the order of their first posting
    private boolean[] metCandidate = new boolean[1024]; // ...and whether each passed the name filter
    private long[] pairs = new long[4096];
    private int[] pairNext = new int[4096];
    private int pairCount;
    private int[] candidates = new int[256];
    private double[] candidateShares = new double[256];
    private int candidateCount;

    /** @param cacheBytes the budget of the task's cache of decoded articles ({@code copydesk.index.cache}); 0: none */
    IndexProcessor(String passageStoreName, Duration retention, int bucketLimit, double threshold,
                   double minNameShare, long cacheBytes, TopologyMetrics metrics) {
        this.metrics = metrics;
        this.recent = new IndexCache(cacheBytes);
        this.minNameShare = minNameShare;
        this.passageStoreName = passageStoreName;
        this.retentionMs = retention.toMillis();
        this.bucketLimit = bucketLimit;
        this.threshold = threshold;
    }

    @Override
    public void init(ProcessorContext<String, ArticleEvent> context) {
        this.context = context;
        this.passages = context.getStateStore(passageStoreName);
        this.index = new BandIndex();
        // an id indexed again after its first version went behind the horizon has two entries: the first one met is
        // registered, the other set aside and, once the horizon is known, indexed if it is the live one
        List<KeyValue<String, Long>> again = new ArrayList<>();
        try (KeyValueIterator<Windowed<String>, ShardPassages> it = passages.all()) {
            while (it.hasNext()) {
                KeyValue<Windowed<String>, ShardPassages> kv = it.next();
                long start = kv.key.window().start();
                newestIndexed = Math.max(newestIndexed, start);
                int known = index.ordinal(kv.key.key());
                if (known >= 0 && index.time(known) != start) {
                    again.add(KeyValue.pair(kv.key.key(), start));
                    continue;
                }
                rebuild(kv.key.key(), kv.value);
            }
        }
        index.expireBefore(horizon() + 1); // entries a store keeps past the horizon (RocksDB drops whole segments)
        for (KeyValue<String, Long> e : again) {
            ShardPassages sp = e.value > horizon() && index.ordinal(e.key) < 0 ? passages.fetch(e.key, e.value) : null;
            if (sp != null) {
                rebuild(e.key, sp);
            }
        }
        metrics.indexChanged(index.articles(), index.postings());
        long every = Math.max(60_000L, retentionMs / 8);
        context.schedule(Duration.ofMillis(every), PunctuationType.STREAM_TIME, this::expire);
    }

    private void rebuild(String key, ShardPassages sp) {
        int ordinal = index.register(key, sp.getPublishedAt(), Longs.unpack(sp.getNames()));
        for (ShardPassage p : sp.getPassages()) {
            for (long band : Longs.unpack(p.getBandKeys())) {
                index.post(band, ordinal, p.getPassage());
            }
        }
    }

    @Override
    public void close() {
        if (index != null) {
            metrics.indexChanged(-index.articles(), -index.postings());
            index = null; // counted out once, should close ever come twice
        }
        metrics.indexCacheChanged(-recent.bytes(), 0);
        recent.clear();
    }

    /**
     * The newest time this task indexed an article with (the passage store's own stream time: it sees the same puts,
     * and the same entries after a restore).
     */
    private long newestIndexed = Long.MIN_VALUE;

    /**
     * Articles indexed at or before this time are gone: the passage store keeps two windows behind its stream time.
     * Look-ups never see them, whether or not the index has freed them yet (it does on a punctuation), so that the
     * answers do not depend on when the punctuation ran, and a task restored from the store answers as the running one.
     */
    private long horizon() {
        return horizon(newestIndexed, retentionMs);
    }

    /** The horizon of a task whose newest indexed article has time {@code newestIndexed} (MIN_VALUE: none yet). */
    static long horizon(long newestIndexed, long retentionMs) {
        return newestIndexed == Long.MIN_VALUE ? Long.MIN_VALUE : newestIndexed - 2 * retentionMs;
    }

    /** The first time a look-up for an article at {@code ts} sees: one window back, and never behind the horizon. */
    static long lookupFrom(long ts, long horizon, long retentionMs) {
        return Math.max(ts - retentionMs, horizon == Long.MIN_VALUE ? Long.MIN_VALUE : horizon + 1);
    }

    /** Frees the articles behind the {@link #horizon()} (look-ups ignore them already). */
    private void expire(long streamTime) {
        int articles = index.articles();
        int postings = index.postings();
        if (horizon() != Long.MIN_VALUE && index.expireBefore(horizon() + 1) > 0) {
            metrics.indexChanged(index.articles() - articles, index.postings() - postings);
        }
    }

    @Override
    public void process(Record<String, ShardBatch> record) {
        long started = System.nanoTime();
        ShardBatch batch = record.value();
        String self = batch.getArticleId();
        String selfKey = passageKey(record.key(), self);
        int selfOrdinal = index.ordinal(selfKey); // -1 unless the same article id comes again
        if (selfOrdinal >= 0 && index.time(selfOrdinal) <= horizon()) { // its first version is gone: a new article
            expire(0);
            selfOrdinal = index.ordinal(selfKey);
        }
        // an article sent again, still indexed, is looked up as first indexed: with its first time (a later one would make it
        // the newer side of its pairs with its own copies, and link it to them as their copy), without itself, and sends
        // no late pairs (its first version did). It stays indexed as first indexed. Its answer carries the batch's version:
        // the aggregator takes it only for a state of that version (one whose first version it has dropped), not into the
        // first version's decision, where pairs numbered in another text would mix with the first version's
        long ts = selfOrdinal >= 0 ? index.time(selfOrdinal) : batch.getPublishedAt();
        long version = batch.getVersion();
        int shard = shardNumber(record.key());
        long from = lookupFrom(ts, horizon(), retentionMs);
        long to = ts + retentionMs;
        startBatch();
        List<ShardPassage> batchPassages = batch.getPassages();
        // decoded once: names for the filter, features for verification, and the cache entry at the end
        Indexed mine = new Indexed(new ShardPassages(ts, batch.getPassagesTotal(), batch.getNames(), batchPassages, version));
        long[] myNames = mine.names;
        NameSketch.Probe nameProbe = new NameSketch.Probe(myNames);

        // 1. look-up: candidate pairs (our passage, its passage), grouped by candidate article. An article
        //    is checked once, at its first posting: articles that share too few names can never link
        //    (LinkRule), so their passages are neither collected nor verified.
        long[][] bandKeys = new long[batchPassages.size()][]; // unpacked once: looked up now, indexed at the end
        boolean[][] full = new boolean[bandKeys.length][];
        int total = 0;
        for (int i = 0; i < bandKeys.length; i++) {
            bandKeys[i] = Longs.unpack(batchPassages.get(i).getBandKeys());
            full[i] = new boolean[bandKeys[i].length];
            total += bandKeys[i].length;
        }
        if (allBands.length < total) {
            allBands = new long[2 * total];
            allEnds = new int[2 * total];
            allFull = new boolean[2 * total];
        }
        int b = 0;
        for (long[] keys : bandKeys) {
            System.arraycopy(keys, 0, allBands, b, keys.length);
            b += keys.length;
        }
        found.clear();
        index.lookupAll(allBands, total, from, to, bucketLimit, found, allEnds, allFull);
        boolean anyFull = false;
        // the articles met, in the order of their first posting (each once: `visits` maps an ordinal to its place
        // here, from 1), then checked together: the name filter's reads of their metadata overlap
        int seen = 0;
        for (int k = 0; k < found.size(); k++) {
            int ordinal = (int) (found.get(k) >>> 32);
            if (ordinal != selfOrdinal && visits.get(ordinal) == 0) {
                if (seen == met.length) {
                    met = Arrays.copyOf(met, 2 * seen);
                }
                met[seen++] = ordinal;
                visits.put(ordinal, seen);
            }
        }
        if (metCandidate.length < met.length) {
            metCandidate = new boolean[met.length];
        }
        index.mayShareNames(met, seen, nameProbe, minNameShare, metCandidate);
        for (int m = 0; m < seen; m++) {
            if (metCandidate[m]) {
                int ordinal = met[m];
                double share = NameAgreement.share(myNames, index.names(ordinal));
                metCandidate[m] = share >= minNameShare;
                if (metCandidate[m]) {
                    addCandidate(ordinal, share);
                }
            }
        }
        b = 0;
        int k = 0;
        for (int i = 0; i < bandKeys.length; i++) {
            int passage = batchPassages.get(i).getPassage();
            for (int j = 0; j < bandKeys[i].length; j++, b++) {
                full[i][j] = allFull[b];
                anyFull |= allFull[b];
                if (candidateCount == 0) { // nothing to pair: the usual case
                    k = allEnds[b];
                    continue;
                }
                for (; k < allEnds[b]; k++) {
                    long v = found.get(k);
                    int ordinal = (int) (v >>> 32);
                    if (ordinal != selfOrdinal && metCandidate[visits.get(ordinal) - 1]) {
                        addPair(ordinal, ((long) passage << 32) | (v & 0xffffffffL));
                    }
                }
            }
        }

        // 2. verification, candidate by candidate
        List<PairEvidence> response = new ArrayList<>();
        int verified = 0;
        for (int c = 0; c < candidateCount; c++) {
            int ordinal = candidates[c];
            double nameShare = candidateShares[c];
            String otherKey = index.key(ordinal);
            String other = otherKey.substring(otherKey.indexOf('/') + 1);
            long otherTs = index.time(ordinal);
            Indexed theirs = storedPassages(otherKey, otherTs);
            if (theirs == null) {
                continue; // expired from the store already
            }
            boolean selfIsNewer = ts > otherTs || (ts == otherTs && self.compareTo(other) > 0);
            if (!selfIsNewer && selfOrdinal >= 0) {
                continue; // sent again: the first version's look-up, or the newer article's own, found these pairs
            }
            List<PassagePair> matches = verify(ordinal, mine, theirs, selfIsNewer);
            if (matches.isEmpty()) {
                continue;
            }
            verified++;
            if (selfIsNewer) {
                response.add(new PairEvidence(other, otherTs, theirs.passagesTotal, nameShare, matches));
            } else {
                // numbered in the text of the newer article's version that this shard indexed: the aggregator takes them
                // only into a state of that version
                ShardResult late = new ShardResult(false, theirs.version, shard,
                        List.of(new PairEvidence(self, ts, batch.getPassagesTotal(), nameShare, matches)));
                context.forward(new Record<>(other, new ArticleEvent(null, late), record.timestamp()));
            }
        }
        metrics.shardLookup(seen, verified, System.nanoTime() - started);
        // the response keeps the batch's headers (intake time of the article)
        context.forward(new Record<>(self, new ArticleEvent(null, new ShardResult(true, version, shard, response)), record.timestamp(),
                record.headers()));

        // 3. index the batch: the bands that are not full, and the passages for later verification. An article sent again
        //    stays indexed as first indexed: posting it again would count it twice in its bands, and a store entry rewritten
        //    with the new time and fewer band keys would rebuild another index after a restart
        if (selfOrdinal >= 0) {
            return;
        }
        int articles = index.articles();
        int postings = index.postings();
        ShardPassages stored = post(index, index.register(selfKey, ts, mine.names), batch, bandKeys, full, anyFull);
        metrics.indexChanged(index.articles() - articles, index.postings() - postings);
        passages.put(selfKey, stored, ts);
        newestIndexed = Math.max(newestIndexed, ts);
        cache(selfKey, mine);
    }

    /**
     * What an index with the (higher or equal) {@code threshold} and {@code minNameShare} sends of {@code event}, an
     * answer of an index with lower ones: its pairs at or above the threshold, of candidates at or above the name share, as
     * {@link #process} verifies them; a candidate left without pairs is not in the answer, and late pairs left without
     * any are not sent (an article's answer always is). Anything else as it is.
     */
    static List<ArticleEvent> answered(ArticleEvent event, double threshold, double minNameShare) {
        ShardResult result = event.getShardResult();
        if (result == null) {
            return List.of(event);
        }
        List<PairEvidence> kept = new ArrayList<>(result.getPairs().size());
        boolean changed = false;
        for (PairEvidence p : result.getPairs()) {
            if (!(p.getNameShare() >= minNameShare)) {
                changed = true;
                continue;
            }
            List<PassagePair> matches = new ArrayList<>(p.getMatches().size());
            for (PassagePair m : p.getMatches()) {
                if (m.getSimilarity() >= threshold) {
                    matches.add(m);
                }
            }
            if (matches.isEmpty()) {
                changed = true;
            } else if (matches.size() < p.getMatches().size()) {
                changed = true;
                kept.add(new PairEvidence(p.getOtherId(), p.getOtherPublishedAt(), p.getOtherPassages(), p.getNameShare(), matches));
            } else {
                kept.add(p);
            }
        }
        if (!changed) {
            return List.of(event);
        }
        if (!result.getResponse() && kept.isEmpty()) {
            return List.of();
        }
        return List.of(new ArticleEvent(event.getHeader(),
                new ShardResult(result.getResponse(), result.getVersion(), result.getShard(), kept)));
    }

    /** The verified pairs of one candidate article, each (our passage, its passage) once, oriented newer first. */
    private List<PassagePair> verify(int ordinal, Indexed mine, Indexed theirs, boolean selfIsNewer) {
        int n = 0;
        for (int p = headOf[ordinal]; p != NONE; p = pairNext[p]) {
            n++;
        }
        long[] list = new long[n];
        n = 0;
        for (int p = headOf[ordinal]; p != NONE; p = pairNext[p]) {
            list[n++] = pairs[p];
        }
        Arrays.sort(list);
        List<PassagePair> matches = new ArrayList<>();
        for (int k = 0; k < list.length; k++) {
            if (k > 0 && list[k] == list[k - 1]) {
                continue; // found through several bands
            }
            int pi = mine.slot((int) (list[k] >>> 32));
            int qi = theirs.slot((int) list[k]);
            if (pi < 0 || qi < 0) {
                continue;
            }
            double sim = PassageMatcher.verify(mine.exactHashes[pi], mine.features[pi], theirs.exactHashes[qi], theirs.features[qi]);
            if (sim >= threshold) {
                matches.add(selfIsNewer ? mine.pair(pi, theirs, qi, sim) : theirs.pair(qi, mine, pi, sim));
            }
        }
        return matches;
    }

    private void startBatch() {
        int limit = index.articles();
        if (headOf.length < limit) {
            headOf = Arrays.copyOf(headOf, Math.max(limit, headOf.length * 2));
        }
        visits.clear();
        pairCount = 0;
        candidateCount = 0;
    }

    private void addCandidate(int ordinal, double nameShare) {
        headOf[ordinal] = NONE;
        if (candidateCount == candidates.length) {
            candidates = Arrays.copyOf(candidates, candidateCount * 2);
            candidateShares = Arrays.copyOf(candidateShares, candidateCount * 2);
        }
        candidateShares[candidateCount] = nameShare;
        candidates[candidateCount++] = ordinal;
    }

    private void addPair(int ordinal, long pair) {
        if (pairCount == pairs.length) {
            pairs = Arrays.copyOf(pairs, pairCount * 2);
            pairNext = Arrays.copyOf(pairNext, pairCount * 2);
        }
        pairs[pairCount] = pair;
        pairNext[pairCount] = headOf[ordinal];
        headOf[ordinal] = pairCount++;
    }

    /**
     * Posts the batch's band keys that were not full at its look-up under the article {@code ordinal}, and
     * returns what the passage store keeps of the batch: its passages with only those band keys.
     */
    static ShardPassages post(BandIndex index, int ordinal, ShardBatch batch, long[][] bandKeys, boolean[][] full, boolean anyFull) {
        List<ShardPassage> batchPassages = batch.getPassages();
        for (int i = 0; i < bandKeys.length; i++) {
            int passage = batchPassages.get(i).getPassage();
            for (int j = 0; j < bandKeys[i].length; j++) {
                if (!full[i][j]) {
                    index.post(bandKeys[i][j], ordinal, passage);
                }
            }
        }
        return new ShardPassages(batch.getPublishedAt(), batch.getPassagesTotal(), batch.getNames(),
                anyFull ? postedOnly(batchPassages, bandKeys, full) : batchPassages, batch.getVersion());
    }

    /** The batch's passages with only the band keys that were posted (not full), as the store keeps them. */
    private static List<ShardPassage> postedOnly(List<ShardPassage> batchPassages, long[][] bandKeys, boolean[][] full) {
        List<ShardPassage> out = new ArrayList<>(batchPassages.size());
        for (int i = 0; i < bandKeys.length; i++) {
            long[] posted = new long[bandKeys[i].length];
            int n = 0;
            for (int j = 0; j < bandKeys[i].length; j++) {
                if (!full[i][j]) {
                    posted[n++] = bandKeys[i][j];
                }
            }
            ShardPassage p = batchPassages.get(i);
            out.add(new ShardPassage(p.getPassage(), p.getStart(), p.getEnd(), p.getExactHash(),
                    Longs.pack(Arrays.copyOf(posted, n)), p.getFeatures()));
        }
        return out;
    }

    /**
     * Recently used articles' stored passages, decoded, with their features unpacked: an article's entry is written once
     * and never changes, so the cache is always consistent with the store, and which entries it holds (its budget, what it
     * evicted) changes no answer, only how often an article is read from the store and decoded again. Per task, bounded
     * by {@code copydesk.index.cache}; it starts empty after a restart or rebalance.
     */
    private final IndexCache recent;

    private Indexed storedPassages(String key, long time) {
        Indexed p = recent.get(key);
        if (p == null) {
            ShardPassages stored = passages.fetch(key, time);
            if (stored != null) {
                p = new Indexed(stored);
                cache(key, p);
            }
        }
        return p;
    }

    private void cache(String key, Indexed p) {
        long bytes = recent.bytes();
        long evictions = recent.evictions();
        recent.put(key, p);
        metrics.indexCacheChanged(recent.bytes() - bytes, recent.evictions() - evictions);
    }

    /** The task's cache (tests). */
    IndexCache cache() {
        return recent;
    }

    /**
     * An article's passages in this shard, decoded once into primitive arrays (features unpacked, passages by
     * number); the Avro record itself is not kept, so a cached article costs about its features' size
     * ({@link #bytes()}).
     */
    static final class Indexed {
        final long version;
        final int passagesTotal;
        final long[] names;
        final int[] numbers;
        final int[] starts;
        final int[] ends;
        final long[] exactHashes;
        final long[][] features;
        private final int[] index; // passage number -> slot, -1 when absent
        private final long bytes;

        Indexed(ShardPassages data) {
            this.version = data.getVersion();
            this.passagesTotal = data.getPassagesTotal();
            this.names = Longs.unpack(data.getNames());
            List<ShardPassage> ps = data.getPassages();
            int n = ps.size();
            numbers = new int[n];
            starts = new int[n];
            ends = new int[n];
            exactHashes = new long[n];
            features = new long[n][];
            int max = -1;
            for (int i = 0; i < n; i++) {
                ShardPassage p = ps.get(i);
                numbers[i] = p.getPassage();
                starts[i] = p.getStart();
                ends[i] = p.getEnd();
                exactHashes[i] = p.getExactHash();
                features[i] = Longs.unpack(p.getFeatures());
                max = Math.max(max, numbers[i]);
            }
            this.index = new int[max + 1];
            Arrays.fill(index, -1);
            for (int i = 0; i < n; i++) {
                index[numbers[i]] = i;
            }
            long b = OBJECT + Sizes.array(names.length, 8) + 3 * Sizes.array(n, 4) + Sizes.array(n, 8)
                    + Sizes.array(n, Sizes.REFERENCE) + Sizes.array(index.length, 4);
            for (long[] f : features) {
                b += Sizes.array(f.length, 8);
            }
            this.bytes = b;
        }

        /** This object: its header and fields (two longs, an int, seven references). */
        private static final long OBJECT = Sizes.align(Sizes.HEADER + 8 + 4 + 7 * Sizes.REFERENCE + 8);

        /**
         * An estimate of the heap this object retains: this object and its arrays (the names array is the index's own
         * for an article this task indexed, but counted here too), by {@link Sizes}' layout.
         */
        long bytes() {
            return bytes;
        }

        int slot(int passage) {
            return passage >= 0 && passage < index.length ? index[passage] : -1;
        }

        /** The pair (this article's passage in {@code slot}, the other's in {@code otherSlot}), this one first. */
        PassagePair pair(int slot, Indexed other, int otherSlot, double similarity) {
            return new PassagePair(numbers[slot], starts[slot], ends[slot],
                    other.numbers[otherSlot], other.starts[otherSlot], other.ends[otherSlot], similarity);
        }
    }

    /** Several shards can live in one task (and one store): passage entries are keyed by shard too. */
    /** The shard number a batch's key names (-1 if it names none). */
    static int shardNumber(String key) {
        try {
            return Integer.parseInt(key);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static String passageKey(String shard, String articleId) {
        return shard + '/' + articleId;
    }
}
