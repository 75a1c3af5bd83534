package org.kmemlab.grader.strict;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

import org.kmemlab.api.Gfp;
import org.kmemlab.api.KernelBug;
import org.kmemlab.api.MemMap;
import org.kmemlab.api.PageFlags;
import org.kmemlab.api.Profile;
import org.kmemlab.api.Zone;
import org.kmemlab.kernel.Kernel;

/** One call's comparison of the two machines, and the explanation of a divergence in words a student reads. */
final class Comparison {
    private static final int MAX_PAGES_LISTED = 6;

    private final LockstepKernel pair;
    private final LockstepKernel.Side ref;
    private final LockstepKernel.Side stu;
    private final String name;
    private final Object[] args;
    private final Object r;
    private final Object s;
    private final RuntimeException rEx;
    private final RuntimeException sEx;
    final String callText;

    Comparison(LockstepKernel pair, Method m, Object[] args, Object r, Object s, RuntimeException rEx,
               RuntimeException sEx) {
        this.pair = pair;
        this.ref = pair.reference();
        this.stu = pair.student();
        this.name = m.getName();
        this.args = args == null ? new Object[0] : args;
        this.r = r;
        this.s = s;
        this.rEx = rEx;
        this.sEx = sEx;
        this.callText = callText();
    }

    /** Compares; returns the explanation of the first divergence, or null. Updates the sides' last state. */
    String run(boolean mutating) {
        String headline = resultHeadline();
        if (!mutating) {
            return headline;
        }
        LockstepKernel.State rNow = ref.capture();
        LockstepKernel.State sNow = stu.capture();
        long[] touched = touchedPages();
        List<String> pageDiffs = pageDiffs(touched);
        String zero = zeroCheck();
        List<String> slab = pair.compareSlab() ? slabDiff() : List.of();
        boolean stateSame = rNow.sameAs(sNow) && pageDiffs.isEmpty() && zero == null && slab.isEmpty();
        LockstepKernel.State rPrev = ref.last;
        LockstepKernel.State sPrev = stu.last;
        ref.last = rNow;
        stu.last = sNow;
        if (headline == null && stateSame) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        if (headline == null) {
            headline = r == null && s == null && rEx == null
                ? "After " + callText + " the state of your allocator differs from the reference's."
                : callText + " returned " + show(r, ref) + " on both, but the state after it differs.";
        }
        sb.append(headline);
        String story = allocationStory(rPrev, rNow, sPrev, sNow);
        if (story != null) {
            sb.append(' ').append(story);
        } else {
            for (String sentence : freeBlockSentences(touched)) {
                sb.append(' ').append(sentence);
            }
        }
        for (String sentence : counterSentences(rNow, sNow)) {
            sb.append(' ').append(sentence);
        }
        if (zero != null) {
            sb.append(' ').append(zero);
        }
        if (!pageDiffs.isEmpty()) {
            sb.append("\n  struct page differences: ");
            sb.append(String.join("; ", pageDiffs.subList(0, Math.min(MAX_PAGES_LISTED, pageDiffs.size()))));
            if (pageDiffs.size() > MAX_PAGES_LISTED) {
                sb.append("; ... and ").append(pageDiffs.size() - MAX_PAGES_LISTED).append(" more pages differ");
            }
            sb.append('.');
        }
        for (String line : slab) {
            sb.append("\n  ").append(line);
        }
        String summary = freeSummary(rNow, sNow);
        if (summary != null) {
            sb.append("\n  ").append(summary);
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------ results and errors

    private String resultHeadline() {
        if (rEx != null && sEx != null) {
            if (rEx.getClass() == sEx.getClass() && firstLine(rEx).equals(firstLine(sEx))) {
                return null;
            }
            return callText + " failed differently: the reference " + errorText(rEx) + "; yours " + errorText(sEx) + ".";
        }
        if (rEx != null) {
            return callText + " made the reference " + errorText(rEx) + ", but yours " + returned(s, stu) + ".";
        }
        if (sEx != null) {
            return callText + " made yours " + errorText(sEx) + ", but the reference " + returned(r, ref) + ".";
        }
        if (LockstepKernel.same(r, s)) {
            return null;
        }
        if (r instanceof String rs && s instanceof String ss) {
            return callText + " printed different text: " + firstDifferentLine(rs, ss) + ".";
        }
        return callText + " returned " + show(s, stu) + " on your allocator but " + show(r, ref) + " on the reference.";
    }

    private static String errorText(RuntimeException e) {
        String kind = e instanceof KernelBug ? "report a kernel bug" : "raise an error";
        return kind + " (\"" + firstLine(e) + "\")";
    }

    private String returned(Object v, LockstepKernel.Side side) {
        return v == null ? "did not" : "returned " + show(v, side);
    }

    private static String firstLine(Throwable t) {
        String m = String.valueOf(t.getMessage());
        int i = m.indexOf('\n');
        return i < 0 ? m : m.substring(0, i);
    }

    private static String firstDifferentLine(String a, String b) {
        String[] x = a.split("\n", -1);
        String[] y = b.split("\n", -1);
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            String p = i < x.length ? x[i] : "(no line)";
            String q = i < y.length ? y[i] : "(no line)";
            if (!p.equals(q)) {
                return "line " + (i + 1) + " is \"" + p.strip() + "\" on the reference but \"" + q.strip() + "\" on yours";
            }
        }
        return "they differ";
    }

    private String show(Object v, LockstepKernel.Side side) {
        if (v instanceof Long l) {
            if (LockstepKernel.pfnResult(name)) {
                return l == Kernel.NULL_PAGE ? "NULL" : "pfn " + hex(l);
            }
            if (l == 0 && (LockstepKernel.pageAddrResult(name) || name.startsWith("k") || name.contains("vmalloc"))) {
                return "NULL";
            }
            if (LockstepKernel.pageAddrResult(name)) {
                long pfn = side.pfnOfAddr(l);
                return hex(l) + (pfn >= 0 ? " (pfn " + hex(pfn) + ")" : "");
            }
            return Math.abs(l) < 4096 ? String.valueOf(l) : hex(l);
        }
        if (v instanceof org.kmemlab.api.SlabAllocator.KmemCache c) {
            return "cache " + c.name() + " (object size " + c.objsize() + ", size " + c.size() + ")";
        }
        String t = String.valueOf(v);
        return t.length() > 300 ? t.substring(0, 300) + "..." : t;
    }

    static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    private String callText() {
        return CallText.of(name, args);
    }

    // ------------------------------------------------------------------ touched pages and their state

    /** Sorted distinct pfns: arguments, results and event pfns expanded by order, plus the buddies around them. */
    private long[] touchedPages() {
        Set<Long> out = new LinkedHashSet<>();
        Integer orderAt = LockstepKernel.orderIndex(name);
        int order = orderAt != null && orderAt < args.length && args[orderAt] instanceof Integer o ? o : 0;
        if (LockstepKernel.pfnArg(name) && args.length > 0 && args[0] instanceof Long p) {
            block(out, p, order);
        }
        if ((name.equals("free_pages") || name.equals("free_page") || name.equals("free_pages_exact"))
            && args.length > 0 && args[0] instanceof Long a) {
            long p = ref.pfnOfAddr(a);
            if (p >= 0) {
                block(out, p, order);
            }
        }
        for (LockstepKernel.Side side : List.of(ref, stu)) {
            Object v = side == ref ? r : s;
            if (v instanceof Long l) {
                if (LockstepKernel.pfnResult(name) && l != Kernel.NULL_PAGE) {
                    block(out, l, order);
                } else if (LockstepKernel.pageAddrResult(name)) {
                    long p = side.pfnOfAddr(l);
                    if (p >= 0) {
                        block(out, p, order);
                    }
                }
            }
            for (int i = 0; i + 1 < side.nTouched; i += 2) {
                block(out, side.touched[i], (int) side.touched[i + 1]);
            }
        }
        return out.stream().mapToLong(Long::longValue).filter(p -> ref.map.pfnValid(p) && stu.map.pfnValid(p))
            .sorted().toArray();
    }

    private static void block(Set<Long> out, long pfn, int order) {
        if (pfn < 0) {
            return;
        }
        int o = Math.min(Math.max(order, 0), Profile.MAX_ORDER - 1);
        for (long i = 0; i < (1L << o); i++) {
            out.add(pfn + i);
        }
        for (int k = 0; k < Profile.MAX_ORDER; k++) {
            long head = pfn & ~((1L << k) - 1);
            out.add(head);
            out.add(head ^ (1L << k));
        }
    }

    private List<String> pageDiffs(long[] touched) {
        List<String> out = new ArrayList<>();
        MemMap a = ref.map;
        MemMap b = stu.map;
        for (long p : touched) {
            List<String> d = new ArrayList<>();
            if (a.pgFlags(p) != b.pgFlags(p)) {
                d.add("reference flags " + flagNames(a.pgFlags(p)) + ", yours " + flagNames(b.pgFlags(p)));
            }
            if (a.count(p) != b.count(p)) {
                d.add("reference _count " + a.count(p) + ", yours " + b.count(p));
            }
            if (a.mapcount(p) != b.mapcount(p)) {
                d.add("reference _mapcount " + a.mapcount(p) + ", yours " + b.mapcount(p));
            }
            if (a.priv(p) != b.priv(p)) {
                d.add("reference private " + a.priv(p) + ", yours " + b.priv(p));
            }
            if (!d.isEmpty()) {
                out.add("page " + hex(p) + ": " + String.join(", ", d));
            }
        }
        return out;
    }

    private static String flagNames(int flags) {
        String n = PageFlags.names(flags);
        return n.isEmpty() ? "none" : n;
    }

    // ------------------------------------------------------------------ __GFP_ZERO

    private String zeroCheck() {
        Integer gfpAt = LockstepKernel.gfpIndex(name);
        boolean zero = name.equals("get_zeroed_page") || (gfpAt != null && gfpAt < args.length
            && args[gfpAt] instanceof Integer g && (g & Gfp.__GFP_ZERO) != 0);
        if (!zero || rEx != null || sEx != null) {
            return null;
        }
        long rAddr = zeroedBytesAt(ref, r);
        long sAddr = zeroedBytesAt(stu, s);
        if ((rAddr == 0) == (sAddr == 0)) {
            return null;
        }
        if (sAddr != 0) {
            return "The memory yours handed out is not zeroed (the byte at " + hex(sAddr) + " is not 0) although the call"
                + " asked for __GFP_ZERO; the reference's is all zeros (prep_new_page clears the block for __GFP_ZERO).";
        }
        return "The reference's memory has a nonzero byte at " + hex(rAddr) + " but yours is all zeros.";
    }

    /** memchr_inv(block, 0, size) of the result on one side: 0 when all zero or nothing to check. */
    private long zeroedBytesAt(LockstepKernel.Side side, Object result) {
        if (!(result instanceof Long v)) {
            return 0;
        }
        long pageSize = side.k.profile().pageSize;
        try {
            if (LockstepKernel.pfnResult(name)) {
                if (v == Kernel.NULL_PAGE) {
                    return 0;
                }
                int order = name.equals("alloc_pages") ? (Integer) args[1] : 0;
                long addr = side.k.page_address(v);
                return addr == 0 ? 0 : side.k.memchr_inv(addr, 0, pageSize << order);
            }
            if (v == 0 || v == 16) {
                return 0;
            }
            long size = switch (name) {
                case "__get_free_pages", "__get_dma_pages" -> pageSize << (Integer) args[1];
                case "__get_free_page", "get_zeroed_page" -> pageSize;
                case "alloc_pages_exact", "kmalloc" -> (Long) args[0];
                case "kcalloc" -> (Long) args[0] * (Long) args[1];
                case "krealloc" -> 0;
                default -> 0;
            };
            return size <= 0 ? 0 : side.k.memchr_inv(v, 0, size);
        } catch (RuntimeException e) {
            return 0;
        }
    }

    // ------------------------------------------------------------------ slabinfo

    private List<String> slabDiff() {
        Object a = view(ref.k, "slabinfo");
        Object b = view(stu.k, "slabinfo");
        if (Objects.equals(a, b)) {
            return List.of();
        }
        Map<String, Object> ra = rows(a);
        Map<String, Object> rb = rows(b);
        List<String> out = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>(ra.keySet());
        names.addAll(rb.keySet());
        for (String n : names) {
            Object x = ra.get(n);
            Object y = rb.get(n);
            if (!Objects.equals(x, y)) {
                out.add("slabinfo " + n + ": reference " + (x == null ? "has no such cache" : x) + ", yours "
                    + (y == null ? "has no such cache" : y));
            }
            if (out.size() == 4) {
                out.add("... (more slabinfo rows differ)");
                break;
            }
        }
        if (out.isEmpty()) {
            out.add("slabinfo differs (the caches are in a different order)");
        }
        return out;
    }

    private static Object view(Kernel k, String view) {
        try {
            return k.view(view);
        } catch (RuntimeException e) {
            return "(" + e.getMessage() + ")";
        }
    }

    private static Map<String, Object> rows(Object v) {
        Map<String, Object> out = new TreeMap<>();
        if (v instanceof List<?> l) {
            for (Object row : l) {
                if (row instanceof Map<?, ?> m) {
                    Map<Object, Object> rest = new java.util.LinkedHashMap<>(m);
                    Object n = rest.remove("name");
                    out.put(String.valueOf(n), rest);
                }
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ the explanation

    /** For an allocation: how each side got its block (which block it split, what it kept, what it put back). */
    private String allocationStory(LockstepKernel.State rPrev, LockstepKernel.State rNow, LockstepKernel.State sPrev,
                                   LockstepKernel.State sNow) {
        long x = allocatedPfn(ref, r);
        long y = allocatedPfn(stu, s);
        if (x < 0 || y < 0 || x == y) {
            return null;
        }
        int order = allocOrder();
        Split rs = split(ref, x, order, rPrev, rNow);
        Split ss = split(stu, y, order, sPrev, sNow);
        StringBuilder sb = new StringBuilder();
        sb.append(rs.describe("The reference", order)).append(' ');
        sb.append(ss.describe("Yours", order));
        if (rs.from >= 0 && ss.from >= 0) {
            if (rs.from == ss.from && rs.head == ss.head && y != x) {
                sb.append(" Yours did not keep the lowest part of the block: expand() hands out the lowest ")
                    .append(order == 0 ? "page" : "order-" + order + " block")
                    .append(" and puts each upper half on the free list one order down.");
            } else if (rs.from != ss.from) {
                sb.append(" Yours split an order-").append(ss.from).append(" block where the reference split an order-")
                    .append(rs.from).append(" one: the allocator takes a block of the smallest order that has one.");
            } else {
                sb.append(" Yours took a different free block: the allocator takes the first block on the free list"
                    + " (blocks are added at the head of the list, so the one freed last comes first).");
            }
        }
        return sb.toString();
    }

    private long allocatedPfn(LockstepKernel.Side side, Object v) {
        if (!(v instanceof Long l)) {
            return -1;
        }
        if (LockstepKernel.pfnResult(name) && (name.startsWith("alloc_page"))) {
            return l;
        }
        if (LockstepKernel.pageAddrResult(name)) {
            return side.pfnOfAddr(l);
        }
        return -1;
    }

    private int allocOrder() {
        return switch (name) {
            case "alloc_pages", "__get_free_pages", "__get_dma_pages" -> (Integer) args[1];
            case "alloc_pages_exact" -> {
                long pages = ((Long) args[0] + ref.k.profile().pageSize - 1) / ref.k.profile().pageSize;
                yield 64 - Long.numberOfLeadingZeros(Math.max(1, pages) - 1);
            }
            default -> 0;
        };
    }

    /** Which order's free count went down (the block split), its head, and the remainders now free. */
    private record Split(int from, long head, long pfn, List<String> remainders) {
        String describe(String who, int order) {
            String what = order == 0 ? "page" : "order-" + order + " block";
            if (from < 0) {
                return who + " handed out pfn " + hex(pfn) + ".";
            }
            if (from == order) {
                return who + " took the free order-" + order + " block at pfn " + hex(pfn) + " off its list.";
            }
            StringBuilder sb = new StringBuilder(who + " split an order-" + from + " block at pfn " + hex(head) + ": ");
            sb.append(pfn == head ? "it kept the lowest " + what : "it handed out the " + what + " at pfn " + hex(pfn));
            if (remainders.isEmpty()) {
                sb.append('.');
            } else {
                sb.append(" and put ").append(String.join(", ", remainders)).append(" on the free lists.");
            }
            return sb.toString();
        }
    }

    private Split split(LockstepKernel.Side side, long pfn, int order, LockstepKernel.State prev,
                        LockstepKernel.State now) {
        int zi = zoneOf(side, pfn);
        int from = -1;
        if (zi >= 0) {
            for (int o = Profile.MAX_ORDER - 1; o >= order; o--) {
                if (now.free()[zi][o] < prev.free()[zi][o]) {
                    from = o;
                    break;
                }
            }
        }
        long head = from < 0 ? pfn : pfn & ~((1L << from) - 1);
        List<String> rem = new ArrayList<>();
        for (int k = from - 1; k >= order; k--) {
            long c = (pfn & ~((1L << k) - 1)) ^ (1L << k);
            if (side.freeHead(c, k)) {
                rem.add(hex(c) + " (order " + k + ")");
            }
        }
        return new Split(from, head, pfn, rem);
    }

    private static int zoneOf(LockstepKernel.Side side, long pfn) {
        for (int i = 0; i < side.zones.size(); i++) {
            if (side.zones.get(i).contains(pfn)) {
                return i;
            }
        }
        return -1;
    }

    /** Free blocks (PG_buddy heads) among the touched pages that the two sides disagree on. */
    private List<String> freeBlockSentences(long[] touched) {
        TreeMap<Long, Integer> a = heads(ref, touched);
        TreeMap<Long, Integer> b = heads(stu, touched);
        List<String> out = new ArrayList<>();
        Set<Long> explained = new java.util.HashSet<>();
        for (Map.Entry<Long, Integer> e : a.entrySet()) {
            long rp = e.getKey();
            int k = e.getValue();
            if (Objects.equals(b.get(rp), k)) {
                continue;
            }
            Map<Long, Integer> inside = b.subMap(rp, true, rp + (1L << k), false);
            if (!inside.isEmpty() && inside.values().stream().allMatch(o -> o < k)) {
                explained.addAll(inside.keySet());
                long half = rp + (1L << (k - 1));
                long covered = inside.entrySet().stream().mapToLong(x -> 1L << x.getValue()).sum();
                if (inside.size() == 2 && Objects.equals(inside.get(rp), k - 1) && Objects.equals(inside.get(half), k - 1)) {
                    out.add("The reference merged the freed block with its buddy into one order-" + k + " block at pfn "
                        + hex(rp) + "; yours has two order-" + (k - 1) + " blocks at pfn " + hex(rp) + " and pfn " + hex(half)
                        + ": a freed block must be merged with its buddy for as long as the buddy is free"
                        + " (__free_one_page).");
                } else if (covered == (1L << k) && name.contains("free")) {
                    out.add("The reference merged the freed block with its buddies into one order-" + k + " block at pfn "
                        + hex(rp) + "; yours left " + inside.size() + " separate free blocks there: " + list(inside)
                        + ". A freed block must be merged with its buddy for as long as the buddy is free"
                        + " (__free_one_page).");
                } else {
                    out.add("The reference has one free order-" + k + " block at pfn " + hex(rp) + "; yours has smaller free"
                        + " blocks there: " + list(inside) + ".");
                }
            } else {
                Map.Entry<Long, Integer> cover = b.floorEntry(rp);
                if (cover != null && cover.getKey() + (1L << cover.getValue()) > rp && cover.getValue() > k) {
                    explained.add(cover.getKey());
                    out.add("The reference has a free order-" + k + " block at pfn " + hex(rp) + "; yours has a bigger free"
                        + " order-" + cover.getValue() + " block at pfn " + hex(cover.getKey()) + " covering it: only two free"
                        + " buddies of the same order may be merged.");
                } else if (b.containsKey(rp)) {
                    explained.add(rp);
                    out.add("The free block at pfn " + hex(rp) + " has order " + k + " on the reference but order "
                        + b.get(rp) + " on yours.");
                } else {
                    out.add("The reference has a free order-" + k + " block at pfn " + hex(rp) + "; on yours pfn " + hex(rp)
                        + " is not the head of a free block" + (stu.map.count(rp) > 0 ? " (it is in use)" : "") + ".");
                }
            }
            if (out.size() >= 4) {
                return out;
            }
        }
        for (Map.Entry<Long, Integer> e : b.entrySet()) {
            if (Objects.equals(a.get(e.getKey()), e.getValue()) || explained.contains(e.getKey())) {
                continue;
            }
            Map.Entry<Long, Integer> cover = a.floorEntry(e.getKey());
            if (cover != null && cover.getKey() + (1L << cover.getValue()) > e.getKey()) {
                continue; // part of a reference block already described
            }
            out.add("Yours has a free order-" + e.getValue() + " block at pfn " + hex(e.getKey()) + " that is not free on"
                + " the reference" + (ref.map.count(e.getKey()) > 0 ? " (it is in use there)" : "") + ".");
            if (out.size() >= 4) {
                break;
            }
        }
        return out;
    }

    private static TreeMap<Long, Integer> heads(LockstepKernel.Side side, long[] touched) {
        TreeMap<Long, Integer> out = new TreeMap<>();
        for (long p : touched) {
            if (side.map.test(p, PageFlags.PG_buddy)) {
                out.put(p, side.map.priv(p));
            }
        }
        return out;
    }

    private static String list(Map<Long, Integer> blocks) {
        List<String> out = new ArrayList<>();
        blocks.forEach((p, o) -> out.add(hex(p) + " (order " + o + ")"));
        return String.join(", ", out);
    }

    private List<String> counterSentences(LockstepKernel.State a, LockstepKernel.State b) {
        List<String> out = new ArrayList<>();
        for (int z = 0; z < ref.zones.size(); z++) {
            String zone = ref.zones.get(z).name;
            for (int i = 0; i < Zone.STAT_NAMES.length; i++) {
                long x = a.stat()[z][i];
                long y = b.stat()[z][i];
                if (x != y) {
                    long d = y - x;
                    out.add(Zone.STAT_NAMES[i].toUpperCase() + " of zone " + zone + " is " + x + " on the reference but " + y
                        + " on yours (off by " + (d > 0 ? "+" : "") + d + (i == Zone.NR_FREE_PAGES ? " pages" : "") + ").");
                }
            }
            if (a.pcp()[z] != b.pcp()[z]) {
                out.add("The per-CPU list of zone " + zone + " holds " + a.pcp()[z] + " pages on the reference but "
                    + b.pcp()[z] + " on yours.");
            }
            if (!Arrays.equals(a.free()[z], b.free()[z])) {
                List<String> orders = new ArrayList<>();
                for (int o = 0; o < Profile.MAX_ORDER; o++) {
                    if (a.free()[z][o] != b.free()[z][o]) {
                        orders.add("order " + o + ": reference " + a.free()[z][o] + ", yours " + b.free()[z][o]);
                    }
                }
                out.add("Free blocks in zone " + zone + " differ by order (" + String.join("; ", orders) + ").");
            }
        }
        return out;
    }

    private String freeSummary(LockstepKernel.State a, LockstepKernel.State b) {
        List<String> rz = new ArrayList<>();
        List<String> sz = new ArrayList<>();
        for (int z = 0; z < ref.zones.size(); z++) {
            if (!Arrays.equals(a.free()[z], b.free()[z])) {
                String zone = ref.zones.get(z).name;
                rz.add(zone + " " + Arrays.toString(a.free()[z]));
                sz.add(zone + " " + Arrays.toString(b.free()[z]));
            }
        }
        if (rz.isEmpty()) {
            return null;
        }
        return "Free blocks now (buddyinfo, order 0 to " + (Profile.MAX_ORDER - 1) + "): reference " + String.join(", ", rz)
            + "; yours " + String.join(", ", sz) + ".";
    }
}
