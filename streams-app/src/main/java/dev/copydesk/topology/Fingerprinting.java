package dev.copydesk.topology;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import com.dynatrace.hash4j.hashing.Hasher64;
import com.dynatrace.hash4j.hashing.Hashing;
import dev.copydesk.avro.Article;
import dev.copydesk.avro.internal.ArticleEvent;
import dev.copydesk.avro.internal.ArticleHeader;
import dev.copydesk.avro.internal.ShardBatch;
import dev.copydesk.avro.internal.ShardPassage;
import dev.copydesk.detect.NameAgreement;
import dev.copydesk.fingerprint.Fingerprinter;
import dev.copydesk.fingerprint.PassageFingerprint;
import dev.copydesk.text.NormalizedArticle;
import dev.copydesk.text.Passage;
import dev.copydesk.text.TextPipeline;
import org.apache.kafka.streams.KeyValue;

/**
 * Normalizes an article, splits it into passages, fingerprints them and groups the LSH band keys by
 * index shard: one {@link ShardBatch} per shard the article touches (not one record per band), plus
 * the article's header for the per-article aggregator, which waits for as many shard responses as
 * batches were sent.
 */
final class Fingerprinting {
    private final TextPipeline text;
    private final Fingerprinter fingerprinter;
    private final int shards;

    Fingerprinting(TextPipeline text, Fingerprinter fingerprinter, int shards) {
        this.text = text;
        this.fingerprinter = fingerprinter;
        this.shards = shards;
    }

    /** The index shard a band key belongs to. */
    static int shardOf(long bandKey, int shards) {
        return (int) Long.remainderUnsigned(bandKey * 0x9E3779B97F4A7C15L, shards);
    }

    /** The records an article produces: shard batches (key = shard number) and its header (key = article id). */
    record Output(List<KeyValue<String, ShardBatch>> batches, KeyValue<String, ArticleEvent> header) {
    }

    /**
     * The version of an article's text: XXH3 of its normalized text, which its passages are cut from (never 0).
     * Versions of one id sent again with another text are told apart by it; the same text again (a new time, a
     * headline the body does not start with, or the same record) is the same version, whose passages and pairs are
     * numbered alike.
     */
    static long version(NormalizedArticle normalized) {
        long v = VERSION_HASH.hashCharsToLong(normalized.text());
        return v == 0 ? 1 : v;
    }

    private static final Hasher64 VERSION_HASH = Hashing.xxh3_64();

    Output apply(Article article) {
        NormalizedArticle normalized = text.process(article.getTitle(), article.getBody());
        long version = version(normalized);
        List<PassageFingerprint> fps = fingerprinter.fingerprint(normalized);
        List<Passage> passages = normalized.passages();
        int total = passages.size();
        List<long[]> allFeatures = new ArrayList<>(fps.size());
        fps.forEach(fp -> allFeatures.add(fp.features()));
        long[] names = NameAgreement.names(allFeatures);
        @SuppressWarnings("unchecked")
        List<ShardPassage>[] byShard = new List[shards];
        int[] counts = new int[shards];
        int[] shardOfBand = new int[fingerprinter.config().bands()];
        for (PassageFingerprint fp : fps) {
            Passage p = passages.get(fp.passage());
            long[] bands = fp.bandKeys();
            java.util.Arrays.fill(counts, 0);
            for (int b = 0; b < bands.length; b++) {
                counts[shardOfBand[b] = shardOf(bands[b], shards)]++;
            }
            ByteBuffer features = Longs.pack(fp.features()); // packed once, for every shard the passage goes to
            for (int s = 0; s < shards; s++) {
                if (counts[s] == 0) {
                    continue;
                }
                long[] keys = new long[counts[s]];
                int k = 0;
                for (int b = 0; b < bands.length; b++) {
                    if (shardOfBand[b] == s) {
                        keys[k++] = bands[b];
                    }
                }
                if (byShard[s] == null) {
                    byShard[s] = new ArrayList<>();
                }
                // each shard gets its own view of the features (Avro reads a ByteBuffer's position when it writes it)
                byShard[s].add(new ShardPassage(fp.passage(), p.start(), p.end(), fp.exactHash(), Longs.pack(keys), features.duplicate()));
            }
        }
        List<KeyValue<String, ShardBatch>> batches = new ArrayList<>();
        long ts = article.getPublishedAt().toEpochMilli();
        for (int s = 0; s < shards; s++) {
            if (byShard[s] != null) {
                batches.add(KeyValue.pair(Integer.toString(s), new ShardBatch(article.getId(), ts, version, total, Longs.pack(names),
                        byShard[s])));
            }
        }
        ArticleEvent header = ArticleEvent.newBuilder()
                .setHeader(new ArticleHeader(article, total, batches.size(), version))
                .setShardResult(null)
                .build();
        return new Output(batches, KeyValue.pair(article.getId(), header));
    }
}
