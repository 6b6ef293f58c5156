package dev.copydesk.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * Oracle property test of {@link BandIndex}: random sequences of register / post / lookup / lookupAll /
 * expireBefore against a plain reference model (per band the list of posted (article key, passage), an
 * article's time fixed at its first registration). A look-up with window [from, to] and limit L returns the
 * postings (newest posted first) of the articles in the window; when more than L distinct articles are there,
 * only those of the earliest L (by time, then key), and full = true. Freezing must not change any answer.
 */
class BandIndexOracleProperties {

    record Posting(String key, int passage) {}

    static final class Model {
        final Map<String, Long> time = new HashMap<>();
        final Map<Long, List<Posting>> bands = new LinkedHashMap<>();

        void register(String key, long t) {
            time.putIfAbsent(key, t);
        }

        void post(long band, String key, int passage) {
            bands.computeIfAbsent(band, b -> new ArrayList<>()).add(new Posting(key, passage));
        }

        boolean lookup(long band, long from, long to, int limit, List<Posting> out) {
            List<Posting> ps = bands.getOrDefault(band, List.of());
            List<Posting> inWindow = new ArrayList<>();
            for (int i = ps.size() - 1; i >= 0; i--) {
                long t = time.get(ps.get(i).key());
                if (t >= from && t <= to) {
                    inWindow.add(ps.get(i));
                }
            }
            TreeSet<String> distinct = new TreeSet<>((a, b) -> {
                int c = Long.compare(time.get(a), time.get(b));
                return c != 0 ? c : a.compareTo(b);
            });
            for (Posting p : inWindow) {
                distinct.add(p.key());
            }
            if (distinct.size() <= limit) {
                out.addAll(inWindow);
                return false;
            }
            Set<String> kept = new HashSet<>();
            for (String k : distinct) {
                if (kept.size() == limit) {
                    break;
                }
                kept.add(k);
            }
            for (Posting p : inWindow) {
                if (kept.contains(p.key())) {
                    out.add(p);
                }
            }
            return true;
        }

        void expireBefore(long cutoff) {
            Set<String> gone = new HashSet<>();
            time.forEach((k, t) -> {
                if (t < cutoff) {
                    gone.add(k);
                }
            });
            for (String k : gone) {
                time.remove(k);
            }
            for (List<Posting> ps : bands.values()) {
                ps.removeIf(p -> gone.contains(p.key()));
            }
            bands.values().removeIf(List::isEmpty);
        }
    }

    /** {@link BandIndex#lookupAll} of {@code bands}, checked band by band against the model; returns the full flags. */
    private static boolean[] lookupAllAsModel(BandIndex index, Model model, long[] bands, long from, long to, int limit,
                                              String context, CharSequence trace) {
        boolean[] full = new boolean[bands.length];
        int[] ends = new int[bands.length];
        LongList out = new LongList(4);
        index.lookupAll(bands, bands.length, from, to, limit, out, ends, full);
        int start = 0;
        for (int i = 0; i < bands.length; i++) {
            List<Posting> expected = new ArrayList<>();
            boolean expFull = model.lookup(bands[i], from, to, limit, expected);
            String what = context + " band " + bands[i] + " [" + from + "," + to + "] L=" + limit;
            assertThat(decode(index, out, start, ends[i])).as(what + trace).isEqualTo(expected);
            assertThat(full[i]).as(what + " full").isEqualTo(expFull);
            start = ends[i];
        }
        return full;
    }

    private static List<Posting> decode(BandIndex index, LongList out, int from, int to) {
        List<Posting> r = new ArrayList<>();
        for (int i = from; i < to; i++) {
            long v = out.get(i);
            r.add(new Posting(index.key((int) (v >>> 32)), (int) v));
        }
        return r;
    }

    @Property(tries = 300)
    void bandIndexAnswersAsThePlainModel(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 2) long seed,
                                         @ForAll @IntRange(min = 0, max = 3) int flavour) {
        run(seed, flavour, 400);
    }

    @Property(tries = 6)
    void manyBandsRehashAndManyFrozenBands(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 2) long seed) {
        run(seed, 4, 120);
    }

    static final long[] STATS = new long[6]; // freezes seen, unfrozen slots, max frozenCount, full answers, cached answers, runs

    private static int frozenCount(BandIndex index) {
        try {
            java.lang.reflect.Field f = BandIndex.class.getDeclaredField("frozenCount");
            f.setAccessible(true);
            return f.getInt(index);
        } catch (ReflectiveOperationException e) {
            return 0;
        }
    }

    private static int unfrozen(BandIndex index) {
        try {
            java.lang.reflect.Field f = BandIndex.class.getDeclaredField("frozen");
            f.setAccessible(true);
            long[][] a = (long[][]) f.get(index);
            int n = 0;
            for (int i = 0; i < frozenCount(index); i++) {
                n += a[i] == null ? 1 : 0;
            }
            return n;
        } catch (ReflectiveOperationException e) {
            return 0;
        }
    }

    @net.jqwik.api.lifecycle.AfterContainer
    static void printStats() {
        System.out.println("STATS freezes=" + STATS[0] + " unfrozen=" + STATS[1] + " maxFrozen=" + STATS[2] + " fullAnswers=" + STATS[3] + " runs=" + STATS[5]);
    }

    private static void run(long seed, int flavour, int steps) {
        STATS[5]++;
        Random r = new Random(seed);
        int[] limits = {1, 2, 3, 8};
        int bandSpace = switch (flavour) {
            case 0 -> 3;
            case 1 -> 20;
            case 2 -> 200;
            case 3 -> 5;
            default -> 40_000;
        };
        long timeSpan = 1 + r.nextInt(flavour == 3 ? 5 : 200); // small spans: many equal times
        BandIndex index = new BandIndex();
        Model model = new Model();
        List<String> live = new ArrayList<>();
        int nextKey = 0;
        long now = 0;
        StringBuilder trace = new StringBuilder();
        for (int step = 0; step < steps; step++) {
            int fc = frozenCount(index);
            STATS[2] = Math.max(STATS[2], fc);
            int op = r.nextInt(10);
            if (op < 3 || live.isEmpty()) { // a new article, posted like IndexProcessor: look up then post non-full bands
                now += r.nextInt(3);
                long t = now - r.nextInt((int) Math.min(timeSpan, Integer.MAX_VALUE)); // out of order too
                String key = Integer.toString(r.nextInt(1_000_000), 36) + "-" + nextKey++; // key order != registration order
                int passages = 1 + r.nextInt(3);
                int perPassage = flavour == 4 ? 200 + r.nextInt(400) : 1 + r.nextInt(6);
                long[] bands = new long[passages * perPassage];
                for (int i = 0; i < bands.length; i++) {
                    bands[i] = r.nextInt(bandSpace);
                    if (i > 0 && r.nextInt(8) == 0) {
                        bands[i] = bands[i - 1];
                    }
                }
                int limit = limits[r.nextInt(limits.length)];
                long from = t - r.nextInt((int) timeSpan + 1);
                long to = t + r.nextInt((int) timeSpan + 1);
                boolean[] full = lookupAllAsModel(index, model, bands, from, to, limit, "seed " + seed + " step " + step + " lookupAll", trace);
                int o = index.register(key, t, new long[0]);
                model.register(key, t);
                live.add(key);
                boolean postAll = r.nextInt(4) == 0; // also post to bands found full (a plain chain takes them)
                for (int i = 0; i < bands.length; i++) {
                    if (postAll || !full[i]) {
                        index.post(bands[i], o, i / perPassage);
                        model.post(bands[i], key, i / perPassage);
                    }
                }
            } else if (op < 6) { // a single look-up
                long band = r.nextInt(Math.min(bandSpace, 50));
                long mid = now - r.nextInt((int) timeSpan * 2 + 1);
                long from = mid - r.nextInt((int) timeSpan + 1);
                long to = r.nextInt(3) == 0 ? Long.MAX_VALUE : mid + r.nextInt((int) timeSpan + 1);
                if (r.nextInt(4) == 0) {
                    from = Long.MIN_VALUE;
                }
                int limit = limits[r.nextInt(limits.length)];
                LongList out = new LongList(4);
                out.add(-5L); // something before: results are appended
                boolean full = index.lookup(band, from, to, limit, out);
                List<Posting> expected = new ArrayList<>();
                boolean expFull = model.lookup(band, from, to, limit, expected);
                String what = "seed " + seed + " step " + step + " lookup band " + band + " [" + from + "," + to + "] L=" + limit;
                assertThat(out.get(0)).isEqualTo(-5L);
                assertThat(decode(index, out, 1, out.size())).as(what + trace).isEqualTo(expected);
                assertThat(full).as(what + " full").isEqualTo(expFull);
                STATS[3] += full ? 1 : 0;
            } else if (op < 8) { // lookupAll with repeats of the same band
                int n = 1 + r.nextInt(6);
                long[] bands = new long[n];
                for (int i = 0; i < n; i++) {
                    bands[i] = i > 0 && r.nextBoolean() ? bands[r.nextInt(i)] : r.nextInt(Math.min(bandSpace, 50));
                }
                long from = now - r.nextInt((int) timeSpan * 2 + 1);
                long to = from + r.nextInt((int) timeSpan * 2 + 1);
                int limit = limits[r.nextInt(limits.length)];
                lookupAllAsModel(index, model, bands, from, to, limit, "seed " + seed + " step " + step + " lookupAll*", trace);
            } else if (op < 9) { // re-register an existing key (a re-send): time must stay the first one
                String key = live.get(r.nextInt(live.size()));
                int o = index.register(key, now + 1_000, new long[0]);
                assertThat(index.key(o)).isEqualTo(key);
                assertThat(index.time(o)).isEqualTo(model.time.get(key));
            } else if (r.nextInt(3) == 0) { // compaction
                long cutoff = now - r.nextInt((int) timeSpan * 2 + 1);
                STATS[0] += frozenCount(index);
                STATS[1] += unfrozen(index);
                index.expireBefore(cutoff);
                model.expireBefore(cutoff);
                live.removeIf(k -> !model.time.containsKey(k));
                trace.append(" | expire<").append(cutoff).append('@').append(step);
                for (String k : model.time.keySet()) {
                    assertThat(index.time(index.ordinal(k))).isEqualTo(model.time.get(k));
                }
                assertThat(index.articles()).isEqualTo(model.time.size());
            }
        }
    }
}
