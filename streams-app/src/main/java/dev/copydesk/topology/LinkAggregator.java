package dev.copydesk.topology;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.copydesk.avro.Article;
import dev.copydesk.avro.CopyEvidence;
import dev.copydesk.avro.PassageAlignment;
import dev.copydesk.avro.internal.ArticleEvent;
import dev.copydesk.avro.internal.ArticleHeader;
import dev.copydesk.avro.internal.ArticleState;
import dev.copydesk.avro.internal.ClusterEvent;
import dev.copydesk.avro.internal.LinkRef;
import dev.copydesk.avro.internal.PairEvidence;
import dev.copydesk.avro.internal.PassagePair;
import dev.copydesk.avro.internal.ShardResult;
import dev.copydesk.detect.LinkDecision;
import dev.copydesk.detect.LinkRule;
import dev.copydesk.detect.PassageMatch;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Per article (partitioned by article id): collects the verified passage pairs the index shards found
 * between this article and earlier ones, and once every shard has answered, decides the copy links
 * with the {@link LinkRule}. Emits, for each link, a {@link CopyEvidence}; for the article, a
 * {@link ClusterEvent} for cluster maintenance; and the article itself on the unique stream when it
 * links to nothing (it opens a new copy cluster). Pairs that arrive after the decision (out-of-order
 * input) are added and re-decided; because the rule is monotone, the final links do not depend on
 * arrival order.
 *
 * <p>The unique stream is what an aggregator shows, so an article that opened a cluster waits there for
 * {@code uniqueHold} of the task's wall clock (a store of held ids, restored after a restart) and goes out
 * only if no late link made it a copy meanwhile. Input that comes fast (a catch-up, a replay) is processed
 * partition by partition in rounds, so a copy can reach an index shard before its original and be decided
 * first; the original's late pairs come within a few commit intervals. The hold is in wall-clock time because
 * that skew is: in a replay, seconds of processing cover hours of event time.
 *
 * <p>The article itself (its header, the body with it) is not in the state, which every record of the article reads
 * and writes (about five times per article, each a decoding and an encoding): it is kept in a store of its own,
 * {@code bodies}, written when the header comes and read only to publish the article, and deleted as soon as it is not
 * needed (decided and not held, published, linked late while held, expired, another version's header dropped). Under
 * key {@link #followedKey} the header of the version the state follows, under {@link #pendingKey} the one of another
 * version kept aside. The state keeps what the decision reads of it (source, title, url, passages, shards).
 */
final class LinkAggregator implements Processor<String, ArticleEvent, String, SpecificRecord> {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LinkAggregator.class);
    private final String storeName;
    private final String heldStoreName;
    private final String bodyStoreName;
    private final LinkRule rule;
    private final long retentionMs;
    private final long holdMs;
    private final TopologyMetrics metrics;
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, ArticleState> store;
    // the kept headers: followedKey(id) while state.kept, pendingKey(id) while state.pending is set
    private KeyValueStore<String, ArticleHeader> bodies;
    // articles that opened a cluster and wait for the hold to pass: id -> wall-clock ms of the decision
    private KeyValueStore<String, Long> held;
    // wall-clock ms at which this task (re)started: a hold restored from before it starts again from here, since the
    // original's late pairs may be in the backlog a restart leaves (a catch-up)
    private long startedAt;
    // the release tick, scheduled only while articles are held: a wall-clock punctuation makes its task commit (a
    // transaction under EOS) each time it fires, so an idle app with nothing held must not have one
    private Cancellable tick;
    // whether the kept headers restored at this task's start have been put back in step with the states (sweep)
    private boolean swept;

    LinkAggregator(String storeName, String heldStoreName, String bodyStoreName, LinkRule rule, Duration retention,
                   Duration uniqueHold, TopologyMetrics metrics) {
        this.metrics = metrics;
        this.storeName = storeName;
        this.heldStoreName = heldStoreName;
        this.bodyStoreName = bodyStoreName;
        this.rule = rule;
        this.retentionMs = retention.toMillis();
        this.holdMs = uniqueHold.toMillis();
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        this.held = context.getStateStore(heldStoreName);
        this.bodies = context.getStateStore(bodyStoreName);
        long every = Math.max(60_000L, retentionMs / 8);
        context.schedule(Duration.ofMillis(every), PunctuationType.STREAM_TIME, this::expire);
        startedAt = context.currentSystemTimeMs();
        try (KeyValueIterator<String, Long> it = held.all()) {
            if (it.hasNext()) {
                startTick(); // restored holds (also with the hold turned off since: they go out on the first tick)
            }
        }
    }

    /** Schedules the release tick if it is not running: a quarter of the hold, between 250 ms and 1 s. */
    private void startTick() {
        if (tick == null) {
            tick = context.schedule(Duration.ofMillis(Math.max(250L, Math.min(1_000L, holdMs / 4))),
                    PunctuationType.WALL_CLOCK_TIME, this::release);
        }
    }

    @Override
    public void process(Record<String, ArticleEvent> record) {
        sweepOnce();
        String id = record.key();
        // a decided state past its expiry is gone already, whether or not the punctuation (which runs after a record, live)
        // has dropped it yet: whether a version sent again is new must not depend on when the punctuation ran
        ArticleState state = store.get(id);
        if (state != null && state.getDecided() && expired(state, context.currentStreamTimeMs())) {
            if (publish(id, state)) {
                held.delete(id); // its hold had not ended (a fast replay): published as it goes
            }
            state = successor(id, state, context.currentStreamTimeMs());
        }
        if (state == null) {
            state = ArticleState.newBuilder().setPublishedAt(record.timestamp()).build();
        }
        ArticleEvent event = record.value();
        // the partners this record brought pairs of that were not known yet, with their pairs before it
        Map<String, List<PassagePair>> touched = new HashMap<>();
        // an article id sent again: the state follows one version (of the text), the first it hears of. While it lives,
        // another version's header is kept aside and its answers are ignored, so the first decision stands; the other
        // version is decided afresh if its answers come once the state has gone (expired). The aggregator alone decides
        // this: the index tasks' clocks differ from its own and from each other's
        ArticleHeader h = event.getHeader();
        if (h != null) {
            if (!follows(state, h.getVersion())) {
                if (state.getPending() == null || state.getPending() != h.getVersion()) {
                    // not silently: counted, and said once per version (a resent correction produces no output)
                    metrics.versionKeptAside();
                    LOG.info("article {} sent again with other text (version {}): its first version's decision stands while"
                            + " that version's state lives", id, Long.toHexString(h.getVersion()));
                }
                state.setPending(h.getVersion());
                bodies.put(pendingKey(id), h);
            } else if (!state.getKept() && !state.getDecided()) {
                take(state, h);
                bodies.put(followedKey(id), h);
            } else if (state.getKept() && bodies.get(followedKey(id)) == null) {
                // the header again, kept by the state but not in the store: only after an at_least_once crash whose
                // restored changelogs disagree (the two stores' records are delivered apart); the first header is
                // the one kept otherwise
                bodies.put(followedKey(id), h);
            }
        }
        ShardResult result = event.getShardResult();
        if (result != null && result.getResponse()) {
            if (follows(state, result.getVersion())) {
                if (answered(state, result.getShard())) {
                    state.setResponses(state.getResponses() + 1);
                }
                // after the decision: a shard's answer again (a batch processed twice, at least once)
                collect(state, result, touched);
            } else if (state.getPending() != null && state.getPending() == result.getVersion()) {
                state.setPending(null); // that version's answers are ignored: it is not decided when this state goes
                remove(pendingKey(id));
            }
        } else if (result != null && (result.getVersion() == 0 || state.getVersion() == 0
                || result.getVersion() == state.getVersion())) {
            // late pairs (an older article reached a shard after this one), numbered in the text of the version the shard
            // indexed: not taken into a state of another version (nor kept by a state that comes to follow another)
            if (state.getVersion() == 0 && result.getVersion() != 0) {
                state.setLateVersion(result.getVersion());
            }
            collect(state, result, touched);
        }
        if (!state.getDecided()) {
            if (state.getKept() && state.getResponses() >= state.getShards()) {
                decide(id, state, record.timestamp(), record.headers());
            }
        } else if (!touched.isEmpty()) {
            redecide(id, state, touched, record.timestamp());
        }
        store.put(id, state);
    }

    /** Takes what the state needs of the header of the version it follows; the caller keeps the header itself. */
    private static void take(ArticleState state, ArticleHeader h) {
        Article a = h.getArticle();
        state.setKept(true);
        state.setShards(h.getShards());
        state.setSource(a.getSource());
        state.setTitle(a.getTitle());
        state.setUrl(a.getUrl());
        state.setPublishedAt(a.getPublishedAt().toEpochMilli());
        state.setPassages(h.getPassages());
    }

    /** The key of the header of the version an article's state follows, in the store of kept headers. */
    static String followedKey(String id) {
        return "f:" + id;
    }

    /** The key of the header of another version kept aside by an article's state (ArticleState.pending). */
    static String pendingKey(String id) {
        return "p:" + id;
    }

    /** Merges the result's pairs; after the decision, notes the partners whose pairs changed. */
    private static void collect(ArticleState state, ShardResult result, Map<String, List<PassagePair>> touched) {
        for (PairEvidence p : result.getPairs()) {
            List<PassagePair> before = merge(state, p);
            if (before != null && state.getDecided()) {
                touched.putIfAbsent(p.getOtherId(), before);
            }
        }
    }

    /** Whether the state follows {@code version}; a state that follows none yet follows it from now on. */
    private static boolean follows(ArticleState state, long version) {
        if (state.getVersion() == 0) {
            state.setVersion(version);
            if (state.getLateVersion() != 0 && state.getLateVersion() != version) {
                state.setPairs(List.of()); // late pairs numbered in another version's text
            }
        }
        return state.getVersion() == version;
    }

    /** Records that {@code shard} answered; false if it had (an answer again counts once; -1: unknown, counts). */
    private static boolean answered(ArticleState state, int shard) {
        if (shard < 0) {
            return true;
        }
        if (state.getAnswered().contains(shard)) {
            return false;
        }
        List<Integer> all = new ArrayList<>(state.getAnswered());
        all.add(shard);
        state.setAnswered(all);
        return true;
    }

    /** Whether a state is past its expiry at stream time {@code now}: decided two windows behind, undecided three. */
    private boolean expired(ArticleState state, long now) {
        long cutoff = now - 2 * retentionMs;
        long t = state.getPublishedAt();
        return (state.getDecided() && t < cutoff) || t < cutoff - retentionMs;
    }

    /**
     * What follows an expired state (whose own header the caller has published or dropped): the state of the version
     * whose header it kept aside (if not expired too), or null. The header kept aside becomes the followed one, or goes.
     * A decided state past its expiry has gone when a record reads it, whether or not the punctuation has dropped it
     * yet; an undecided one goes on the punctuation only: it may still be collecting the answers that come with it (an
     * article more than three windows late, say).
     */
    private ArticleState successor(String id, ArticleState state, long now) {
        if (state.getPending() == null) {
            return null;
        }
        ArticleHeader pending = bodies.get(pendingKey(id));
        remove(pendingKey(id));
        if (pending == null) {
            return null; // not in the store: only after an at_least_once crash whose restored changelogs disagree
        }
        ArticleState next = ArticleState.newBuilder().setVersion(pending.getVersion()).build();
        take(next, pending);
        if (expired(next, now)) {
            return null;
        }
        bodies.put(followedKey(id), pending);
        return next;
    }

    /**
     * Adds the incoming pairs to the state's (a pair found in several shards counts once). Returns the partner's pairs
     * before, when any was new (none for a new partner), or null.
     */
    private static List<PassagePair> merge(ArticleState state, PairEvidence incoming) {
        for (PairEvidence p : state.getPairs()) {
            if (p.getOtherId().equals(incoming.getOtherId())) {
                Set<Long> seen = new HashSet<>();
                for (PassagePair m : p.getMatches()) {
                    seen.add(((long) m.getPassage() << 32) | (m.getOtherPassage() & 0xffffffffL));
                }
                List<PassagePair> all = new ArrayList<>(p.getMatches());
                for (PassagePair m : incoming.getMatches()) {
                    if (seen.add(((long) m.getPassage() << 32) | (m.getOtherPassage() & 0xffffffffL))) {
                        all.add(m);
                    }
                }
                List<PassagePair> before = p.getMatches();
                if (all.size() == before.size()) {
                    return null;
                }
                p.setMatches(all);
                return before;
            }
        }
        List<PairEvidence> pairs = new ArrayList<>(state.getPairs());
        pairs.add(incoming);
        state.setPairs(pairs);
        return List.of();
    }

    private void decide(String id, ArticleState state, long ts, org.apache.kafka.common.header.Headers headers) {
        List<LinkRef> links = new ArrayList<>();
        Set<Integer> matched = new TreeSet<>();
        for (PairEvidence p : inLinkOrder(state.getPairs())) {
            LinkDecision d = decision(state, p);
            if (d.link()) {
                links.add(new LinkRef(p.getOtherId(), p.getOtherPublishedAt()));
                d.aligned().forEach(m -> matched.add(m.passage()));
                context.forward(new Record<>(id, evidence(id, p, d, ts), ts));
            }
        }
        state.setLinked(links.stream().map(LinkRef::getId).toList());
        state.setDecided(true);
        int passages = state.getPassages();
        double share = passages == 0 ? 0 : (double) matched.size() / passages;
        context.forward(new Record<>(id, ClusterEvent.newBuilder()
                .setArticleId(id).setSource(state.getSource()).setTitle(state.getTitle()).setUrl(state.getUrl())
                .setPublishedAt(state.getPublishedAt()).setPassages(passages).setMatchedPassages(matched.size())
                .setCopyShare(share).setLinks(links).setLate(false).build(), ts, headers));
        metrics.decided(links.size(), state.getPairs().size());
        if (links.isEmpty() && holdMs > 0) {
            held.put(id, context.currentSystemTimeMs()); // the header (the article to publish) stays until then
            startTick();
            return;
        }
        if (links.isEmpty()) {
            ArticleHeader kept = bodies.get(followedKey(id));
            if (kept != null) { // null only after an at_least_once crash whose restored changelogs disagree
                context.forward(new Record<>(id, kept.getArticle(), ts));
            }
        }
        // the body is no longer needed: keep only what late pairs need
        drop(id, state);
    }

    /**
     * Deletes a kept header. A null put, not {@code delete}: a store's delete returns the value it removes, which the
     * metered store decodes (the whole article) for nothing.
     */
    private void remove(String key) {
        bodies.put(key, null);
    }

    /** Deletes the kept header of the version the state follows (if it keeps one). */
    private void drop(String id, ArticleState state) {
        if (state.getKept()) {
            remove(followedKey(id));
            state.setKept(false);
        }
    }

    /**
     * Publishes the held articles whose hold has passed at wall-clock time {@code now}, in the order they were decided
     * (then by id), unless a late link came meanwhile. A hold from before this task started counts from its start.
     */
    private void release(long now) {
        sweepOnce();
        List<KeyValue<String, Long>> due = new ArrayList<>();
        int waiting = 0;
        try (KeyValueIterator<String, Long> it = held.all()) {
            while (it.hasNext()) {
                KeyValue<String, Long> kv = it.next();
                if (Math.max(kv.value, startedAt) + holdMs <= now) {
                    due.add(kv);
                } else {
                    waiting++;
                }
            }
        }
        if (waiting == 0) { // nothing left to wait for: no tick until the next hold
            tick.cancel();
            tick = null;
        }
        due.sort(java.util.Comparator.<KeyValue<String, Long>>comparingLong(kv -> kv.value).thenComparing(kv -> kv.key));
        for (KeyValue<String, Long> kv : due) {
            held.delete(kv.key);
            ArticleState state = store.get(kv.key);
            if (state != null && publish(kv.key, state)) {
                store.put(kv.key, state);
            }
        }
    }

    /**
     * Ends the hold of a decided state that kept its article: publishes it if it still links to nothing. Returns false
     * when there was nothing to end (not decided, a successor version's state, or already ended).
     */
    private boolean publish(String id, ArticleState state) {
        if (!state.getDecided() || !state.getKept()) {
            return false;
        }
        if (state.getLinked().isEmpty()) {
            ArticleHeader kept = bodies.get(followedKey(id));
            if (kept != null) { // null only after an at_least_once crash whose restored changelogs disagree
                context.forward(new Record<>(id, kept.getArticle(), state.getPublishedAt()));
            }
        }
        drop(id, state);
        return true;
    }

    private void redecide(String id, ArticleState state, Map<String, List<PassagePair>> touched, long ts) {
        List<String> linked = new ArrayList<>(state.getLinked());
        for (PairEvidence p : inLinkOrder(state.getPairs())) {
            List<PassagePair> before = touched.get(p.getOtherId());
            if (before == null) {
                continue;
            }
            LinkDecision d = decision(state, p, p.getMatches());
            if (linked.contains(p.getOtherId())) {
                // linked on the pairs of the shards that had answered (a late link, or shards that saw the two articles
                // in different orders); more pairs came: its evidence again, whole, when they change it (the rule is
                // monotone: still a link)
                LinkDecision was = decision(state, p, before);
                if (d.link() && (!d.aligned().equals(was.aligned()) || d.score() != was.score())) {
                    context.forward(new Record<>(id, evidence(id, p, d, ts), ts));
                }
                continue;
            }
            if (d.link()) {
                if (linked.isEmpty() && state.getKept()) {
                    // decided unique and still held: a copy after all, it never reaches the unique stream
                    drop(id, state);
                    held.delete(id);
                    metrics.uniqueWithheld();
                }
                linked.add(p.getOtherId());
                metrics.lateLink();
                context.forward(new Record<>(id, evidence(id, p, d, ts), ts));
                context.forward(new Record<>(id, ClusterEvent.newBuilder()
                        .setArticleId(id).setSource("").setTitle("").setUrl(null)
                        .setPublishedAt(state.getPublishedAt()).setPassages(state.getPassages()).setMatchedPassages(0)
                        .setCopyShare(0).setLinks(List.of(new LinkRef(p.getOtherId(), p.getOtherPublishedAt())))
                        .setLate(true).build(), ts));
            }
        }
        state.setLinked(linked);
    }

    /**
     * The candidate articles earliest first (publication time, then id): the order of {@code linked_to} and of
     * the evidence records. Pairs arrive in the order the index shards answer, which depends on the number of
     * shards and partitions and, live, on timing; the outputs must not.
     */
    private static List<PairEvidence> inLinkOrder(List<PairEvidence> pairs) {
        List<PairEvidence> sorted = new ArrayList<>(pairs);
        sorted.sort(LINK_ORDER);
        return sorted;
    }

    private static final java.util.Comparator<PairEvidence> LINK_ORDER =
            java.util.Comparator.comparingLong(PairEvidence::getOtherPublishedAt).thenComparing(PairEvidence::getOtherId);

    private LinkDecision decision(ArticleState state, PairEvidence p) {
        return decision(state, p, p.getMatches());
    }

    private LinkDecision decision(ArticleState state, PairEvidence p, List<PassagePair> pairs) {
        List<PassageMatch> matches = new ArrayList<>(pairs.size());
        for (PassagePair m : pairs) {
            matches.add(new PassageMatch(m.getPassage(), m.getOtherPassage(), m.getSimilarity()));
        }
        return rule.decide(matches, state.getPassages(), p.getOtherPassages(), p.getNameShare());
    }

    private static CopyEvidence evidence(String id, PairEvidence p, LinkDecision d, long ts) {
        Map<Long, PassagePair> byPair = new LinkedHashMap<>();
        for (PassagePair m : p.getMatches()) {
            byPair.put(((long) m.getPassage() << 32) | (m.getOtherPassage() & 0xffffffffL), m);
        }
        List<PassageAlignment> alignments = new ArrayList<>();
        for (PassageMatch m : d.aligned()) {
            PassagePair pp = byPair.get(((long) m.passage() << 32) | (m.linkedPassage() & 0xffffffffL));
            if (pp != null) {
                alignments.add(new PassageAlignment(pp.getPassage(), pp.getStart(), pp.getEnd(), pp.getOtherPassage(),
                        pp.getOtherStart(), pp.getOtherEnd(), pp.getSimilarity()));
            }
        }
        return CopyEvidence.newBuilder().setArticleId(id).setLinkedArticleId(p.getOtherId()).setScore(d.score())
                .setMatchedPassages(d.aligned().size()).setShare(d.share()).setLinkedShare(d.linkedShare())
                .setAlignments(alignments).setDecidedAt(Instant.ofEpochMilli(ts)).build();
    }

    /**
     * Drops decided articles older than two retention windows (by stream time), as the index and cluster maintenance
     * do: a late article one window behind stream time still finds articles one window before it, and its pairs come
     * here to be decided (after one window, such a late link was lost, and an article sent again was decided and
     * annotated a second time). Undecided leftovers go a window later. A state that kept another version's header
     * aside (and none of that version's answers came yet) gives way to that version's state. A state still holding its
     * article with no entry in the held store is held again.
     */
    private void expire(long streamTime) {
        sweepOnce();
        Map<String, ArticleState> changed = new HashMap<>();
        try (KeyValueIterator<String, ArticleState> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, ArticleState> kv = it.next();
                if (expired(kv.value, streamTime)) {
                    // still held (the hold is wall-clock time, which a fast replay may not give it): published as it goes
                    if (publish(kv.key, kv.value)) {
                        held.delete(kv.key);
                    }
                    drop(kv.key, kv.value); // undecided: its header goes with it
                    changed.put(kv.key, successor(kv.key, kv.value, streamTime));
                } else if (kv.value.getDecided() && kv.value.getKept() && held.get(kv.key) == null) {
                    // decided unique, its article kept to publish, and not held: under at_least_once a crash can restore
                    // the state without its hold (the held store's changelog missing a record the state's got). Held
                    // again from now: this punctuation first runs as soon as a (re)started task knows its stream time
                    held.put(kv.key, context.currentSystemTimeMs());
                    startTick();
                }
            }
        }
        changed.forEach((id, next) -> {
            // a version with no passages waits for no answer: its header alone decides it, and no record may come again
            if (next != null && next.getResponses() >= next.getShards()) {
                decide(id, next, next.getPublishedAt(), new RecordHeaders());
            }
            store.put(id, next); // null deletes
        });
    }

    /**
     * Puts the kept headers back in step with the states, once per task start, before its first record or punctuation
     * (the stores are restored by then; not in init, where a cached store has no record context to write with). Every
     * path keeps the two stores in step, but under at_least_once a crash can restore them apart, and what a punctuation
     * wrote is not done again by the input processed again: the state's changelog may have its last update (the header
     * dropped: decided, published, expired; or a version kept aside promoted by the expiry) while that of
     * 'article-bodies' lacks the writes that went with it (its cache is flushed after the state's), or the other way
     * round. A header no state keeps would stay for ever (only a state that keeps it deletes it); one in the wrong slot
     * would never be published. The store holds only the headers of undecided, held and kept-aside versions, so this
     * reads few.
     */
    private void sweepOnce() {
        if (!swept) {
            swept = true;
            sweep();
        }
    }

    private void sweep() {
        List<String> orphans = new ArrayList<>();
        Map<String, ArticleHeader> moved = new HashMap<>();
        try (KeyValueIterator<String, ArticleHeader> it = bodies.all()) {
            while (it.hasNext()) {
                KeyValue<String, ArticleHeader> kv = it.next();
                String id = kv.key.substring(2);
                boolean followed = kv.key.equals(followedKey(id));
                ArticleState state = store.get(id);
                if (state == null) {
                    orphans.add(kv.key);
                } else if (followed ? state.getKept() : state.getPending() != null) {
                    continue; // in step
                } else if (!followed && state.getKept() && state.getVersion() == kv.value.getVersion()
                        && bodies.get(followedKey(id)) == null) {
                    moved.put(followedKey(id), kv.value); // promoted by the expiry: the state's update delivered only
                    orphans.add(kv.key);
                } else if (followed && state.getPending() != null && state.getPending() == kv.value.getVersion()
                        && bodies.get(pendingKey(id)) == null) {
                    moved.put(pendingKey(id), kv.value); // promoted, the store's writes delivered only
                    orphans.add(kv.key);
                } else {
                    orphans.add(kv.key);
                }
            }
        }
        orphans.forEach(this::remove);
        moved.forEach(bodies::put);
    }
}
