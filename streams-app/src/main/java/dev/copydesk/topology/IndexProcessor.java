package dev.copydesk.topology;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.copydesk.avro.internal.ArticleEvent;
import dev.copydesk.avro.internal.PairEvidence;
import dev.copydesk.avro.internal.PassagePair;
import dev.copydesk.avro.internal.ShardBatch;
import dev.copydesk.avro.internal.ShardPassage;
import dev.copydesk.avro.internal.ShardPassages;
import dev.copydesk.avro.internal.ShardResult;
import dev.copydesk.detect.NameAgreement;
import dev.copydesk.detect.PassageMatcher;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * One index shard: finds earlier (and, when records arrive out of order, later) passages that share
 * an LSH band key with the batch's passages, verifies each candidate pair with
 * {@link PassageMatcher#verify}, and sends the verified pairs to the NEWER article of each pair, keyed by
 * its id. Every batch gets exactly one response (possibly empty) so the aggregator knows when an
 * article is complete; pairs owned by an article that was already answered go out as late results.
 *
 * <p>State: band key → postings (window store with duplicates, retention = the event-time window), and
 * (shard, article id) → its passages in this shard (features and offsets, for verification). Both expire by
 * event time, so a replay of an old archive behaves like live traffic. A band key shared by more than
 * {@code bucketLimit} articles in the window keeps only its earliest ones (see {@link #postings}).
 */
final class IndexProcessor implements Processor<String, ShardBatch, String, ArticleEvent> {
    private final String bandStoreName;
    private final String passageStoreName;
    private final long retentionMs;
    private final int bucketLimit;
    private final double threshold;
    /** Articles that share fewer names than this never link (LinkRule), so their passages are not verified. */
    private final double minNameShare;
    private final TopologyMetrics metrics;
    private ProcessorContext<String, ArticleEvent> context;
    private WindowStore<Bytes, byte[]> bands;
    private WindowStore<String, ShardPassages> passages;

    IndexProcessor(String bandStoreName, String passageStoreName, Duration retention, int bucketLimit, double threshold,
                   double minNameShare, TopologyMetrics metrics) {
        this.metrics = metrics;
        this.minNameShare = minNameShare;
        this.bandStoreName = bandStoreName;
        this.passageStoreName = passageStoreName;
        this.retentionMs = retention.toMillis();
        this.bucketLimit = bucketLimit;
        this.threshold = threshold;
    }

    @Override
    public void init(ProcessorContext<String, ArticleEvent> context) {
        this.context = context;
        this.bands = context.getStateStore(bandStoreName);
        this.passages = context.getStateStore(passageStoreName);
    }

    private record Posting(String articleId, int passage, long time) {
    }

    @Override
    public void process(Record<String, ShardBatch> record) {
        long started = System.nanoTime();
        ShardBatch batch = record.value();
        String self = batch.getArticleId();
        long ts = batch.getPublishedAt();
        long from = ts - retentionMs;
        long to = ts + retentionMs;
        // candidates: other article -> its time, and the set of (our passage, its passage)
        Map<String, Long> otherTime = new HashMap<>();
        Map<String, Set<Long>> candidates = new LinkedHashMap<>();
        Set<Long> full = new HashSet<>();
        List<ShardPassage> batchPassages = batch.getPassages();
        long[][] bandKeys = new long[batchPassages.size()][]; // unpacked once: looked up now, indexed at the end
        for (int i = 0; i < bandKeys.length; i++) {
            ShardPassage p = batchPassages.get(i);
            bandKeys[i] = Longs.unpack(p.getBandKeys());
            for (long band : bandKeys[i]) {
                List<Posting> postings = postings(band, from, to, full);
                for (Posting q : postings) {
                    if (q.articleId().equals(self)) {
                        continue;
                    }
                    otherTime.put(q.articleId(), q.time());
                    candidates.computeIfAbsent(q.articleId(), k -> new HashSet<>())
                            .add(((long) p.getPassage() << 32) | (q.passage() & 0xffffffffL));
                }
            }
        }
        Indexed mine = new Indexed(new ShardPassages(ts, batch.getPassagesTotal(), batch.getNames(), batch.getPassages()));
        long[] myNames = Longs.unpack(batch.getNames());
        List<PairEvidence> response = new ArrayList<>();
        int verified = 0;
        for (Map.Entry<String, Set<Long>> e : candidates.entrySet()) {
            String other = e.getKey();
            long otherTs = otherTime.get(other);
            Indexed theirs = storedPassages(record.key(), other, otherTs);
            if (theirs == null) {
                continue; // expired between the two look-ups' segments
            }
            double nameShare = NameAgreement.share(myNames, theirs.names);
            if (nameShare < minNameShare) {
                continue; // about other people and places: can never link, whatever the passages
            }
            boolean selfIsNewer = ts > otherTs || (ts == otherTs && self.compareTo(other) > 0);
            List<PassagePair> matches = new ArrayList<>();
            for (long pq : e.getValue()) {
                int pi = mine.slot((int) (pq >>> 32));
                int qi = theirs.slot((int) pq);
                if (pi < 0 || qi < 0) {
                    continue;
                }
                ShardPassage p = mine.passage(pi);
                ShardPassage q = theirs.passage(qi);
                double sim = PassageMatcher.verify(p.getExactHash(), mine.features[pi], q.getExactHash(), theirs.features[qi]);
                if (sim >= threshold) {
                    matches.add(selfIsNewer
                            ? new PassagePair(p.getPassage(), p.getStart(), p.getEnd(), q.getPassage(), q.getStart(), q.getEnd(), sim)
                            : new PassagePair(q.getPassage(), q.getStart(), q.getEnd(), p.getPassage(), p.getStart(), p.getEnd(), sim));
                }
            }
            if (matches.isEmpty()) {
                continue;
            }
            verified++;
            if (selfIsNewer) {
                response.add(new PairEvidence(other, otherTs, theirs.data.getPassagesTotal(), nameShare, matches));
            } else {
                ShardResult late = new ShardResult(false, List.of(new PairEvidence(self, ts, batch.getPassagesTotal(), nameShare, matches)));
                context.forward(new Record<>(other, new ArticleEvent(null, late), record.timestamp()));
            }
        }
        metrics.shardLookup(candidates.size(), verified, System.nanoTime() - started);
        // the response keeps the batch's headers (intake time of the article)
        context.forward(new Record<>(self, new ArticleEvent(null, new ShardResult(true, response)), record.timestamp(), record.headers()));
        index(record.key(), batch, self, ts, mine, full, bandKeys);
    }

    /**
     * Recently used articles' stored passages, decoded, with their features unpacked: an article's
     * entry is written once and never changes, so a bounded per-task cache is always consistent with
     * the store (it starts empty after a restart or rebalance).
     */
    private final Map<String, Indexed> recent = new java.util.LinkedHashMap<>(4096, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Indexed> eldest) {
            return size() > CACHED_ARTICLES;
        }
    };
    private static final int CACHED_ARTICLES = 20_000;

    private Indexed storedPassages(String shard, String article, long time) {
        String key = passageKey(shard, article);
        Indexed p = recent.get(key);
        if (p == null) {
            ShardPassages stored = passages.fetch(key, time);
            if (stored != null) {
                p = new Indexed(stored);
                recent.put(key, p);
            }
        }
        return p;
    }

    /** An article's passages in this shard, decoded once: features and names unpacked, passages by index. */
    private static final class Indexed {
        final ShardPassages data;
        final long[] names;
        final long[][] features;
        private final int[] index; // passage number -> slot, -1 when absent

        Indexed(ShardPassages data) {
            this.data = data;
            this.names = Longs.unpack(data.getNames());
            List<ShardPassage> ps = data.getPassages();
            this.features = new long[ps.size()][];
            int max = -1;
            for (int i = 0; i < ps.size(); i++) {
                features[i] = Longs.unpack(ps.get(i).getFeatures());
                max = Math.max(max, ps.get(i).getPassage());
            }
            this.index = new int[max + 1];
            java.util.Arrays.fill(index, -1);
            for (int i = 0; i < ps.size(); i++) {
                index[ps.get(i).getPassage()] = i;
            }
        }

        int slot(int passage) {
            return passage >= 0 && passage < index.length ? index[passage] : -1;
        }

        ShardPassage passage(int slot) {
            return data.getPassages().get(slot);
        }
    }

    /** Several shards can live in one task (and one store): passage entries are keyed by shard too. */
    private static String passageKey(String shard, String articleId) {
        return shard + '/' + articleId;
    }

    private void index(String shard, ShardBatch batch, String self, long ts, Indexed mine, Set<Long> full, long[][] bandKeys) {
        byte[] id = self.getBytes(StandardCharsets.UTF_8);
        List<ShardPassage> batchPassages = batch.getPassages();
        for (int i = 0; i < bandKeys.length; i++) {
            byte[] posting = ByteBuffer.allocate(4 + id.length).putInt(batchPassages.get(i).getPassage()).put(id).array();
            for (long band : bandKeys[i]) {
                if (!full.contains(band)) {
                    bands.put(bandKey(band), posting, ts);
                }
            }
        }
        passages.put(passageKey(shard, self), mine.data, ts);
        recent.put(passageKey(shard, self), mine);
    }

    /**
     * Postings of a band in the window, from the earliest on, of at most {@code bucketLimit} articles.
     * A band that many articles share is either a stock phrase or a much-republished wire story; in both
     * cases the earliest articles represent it (a copy links to the first ones and so joins their
     * cluster), and the work per band stays bounded. {@code full} records the bands that reached the
     * limit: later articles are not added to them, which also bounds the index.
     */
    private List<Posting> postings(long band, long from, long to, Set<Long> full) {
        List<Posting> out = new ArrayList<>();
        Set<String> articles = new HashSet<>();
        try (WindowStoreIterator<byte[]> it = bands.fetch(bandKey(band), from, to)) {
            while (it.hasNext()) {
                KeyValue<Long, byte[]> kv = it.next();
                String article = new String(kv.value, 4, kv.value.length - 4, StandardCharsets.UTF_8);
                if (articles.add(article) && articles.size() > bucketLimit) {
                    full.add(band);
                    break;
                }
                out.add(new Posting(article, ByteBuffer.wrap(kv.value).getInt(), kv.key));
            }
        }
        return out;
    }

    private static Bytes bandKey(long band) {
        return Bytes.wrap(ByteBuffer.allocate(8).putLong(band).array());
    }


}
