package org.kmemlab.conform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.kmemlab.api.MachineConfig;
import org.kmemlab.api.Slot;
import org.kmemlab.conform.broken.SpinningBuddy;
import org.kmemlab.kernel.ModuleRegistry;

/** Deliberately broken buddy modules (test/resources META-INF/services) fail the right checks with the right messages. */
class BrokenModulesTest {
    static final ModuleRegistry REGISTRY = new ModuleRegistry(BrokenModulesTest.class.getClassLoader());
    static final Conformance KIT = new Conformance(REGISTRY, Duration.ofSeconds(60));
    static final MachineConfig SMALL = MachineConfig.defaults().withRam(256L << 20);

    private static Map<String, CheckResult> run(String module, String... checks) {
        return KIT.run(Slot.BUDDY, module, SMALL, List.of(checks), r -> { }).stream()
            .collect(Collectors.toMap(CheckResult::check, r -> r));
    }

    @AfterAll
    static void releaseSpinners() {
        SpinningBuddy.released = true;
    }

    @Test
    void ignoringGfpZeroFailsZeroingOnly() {
        Map<String, CheckResult> r = run("conform-nozero", "zeroing", "aligned-and-in-zone", "frees-come-back", "page-state");
        CheckResult z = r.get("zeroing");
        assertEquals(CheckResult.Status.FAIL, z.status());
        assertTrue(z.message().matches("alloc_pages\\(GFP_KERNEL\\|__GFP_ZERO, 0\\) returned pfn 0x[0-9a-f]+ whose byte at"
            + " offset 0x0 \\(page 0 of the block\\) reads 0x[0-9a-f]+, not 0"), z.message());
        assertTrue(z.line().startsWith("FAIL  buddy/zeroing: alloc_pages(GFP_KERNEL|__GFP_ZERO, 0) returned pfn 0x"), z.line());
        assertEquals(CheckResult.Status.PASS, r.get("aligned-and-in-zone").status(), r.get("aligned-and-in-zone").line());
        assertEquals(CheckResult.Status.PASS, r.get("frees-come-back").status(), r.get("frees-come-back").line());
        assertEquals(CheckResult.Status.PASS, r.get("page-state").status(), r.get("page-state").line());
    }

    @Test
    void misalignedBlocksFailAlignment() {
        Map<String, CheckResult> r = run("conform-misaligned", "aligned-and-in-zone", "zeroing", "boot-free-count");
        CheckResult a = r.get("aligned-and-in-zone");
        assertEquals(CheckResult.Status.FAIL, a.status());
        assertTrue(a.message().matches("alloc_pages\\(GFP_KERNEL\\|__GFP_NOWARN, 1\\) returned pfn 0x[0-9a-f]*[13579bdf],"
            + " not aligned to 2 pages"), a.message());
        assertEquals(CheckResult.Status.PASS, r.get("boot-free-count").status(), r.get("boot-free-count").line());
    }

    @Test
    void neverFreeingFailsTheChecksThatCount() {
        Map<String, CheckResult> r = run("conform-leaky", "frees-come-back", "free-accounting", "coalescing",
            "aligned-and-in-zone");
        CheckResult f = r.get("frees-come-back");
        assertEquals(CheckResult.Status.FAIL, f.status());
        assertTrue(f.message().matches("after random round 1 and freeing every block \\(then drain_all_pages\\), zone \\w+"
            + " has \\d+ free pages, it had \\d+ \\(\\d+ pages? missing\\)"), f.message());
        CheckResult acc = r.get("free-accounting");
        assertEquals(CheckResult.Status.FAIL, acc.status());
        assertTrue(acc.message().startsWith("after __free_pages(pfn 0x"), acc.message());
        assertTrue(acc.message().contains("pages missing)") || acc.message().contains("page missing)"), acc.message());
        assertEquals(CheckResult.Status.FAIL, r.get("coalescing").status(), r.get("coalescing").line());
        assertTrue(r.get("coalescing").message().contains("could be allocated"), r.get("coalescing").message());
        assertEquals(CheckResult.Status.PASS, r.get("aligned-and-in-zone").status(), r.get("aligned-and-in-zone").line());
    }

    @Test
    void anExceptionFailsWithOneLineNamingTheImplementationFrame() {
        CheckResult a = run("conform-throws", "aligned-and-in-zone").get("aligned-and-in-zone");
        assertEquals(CheckResult.Status.FAIL, a.status());
        assertTrue(a.message().matches("IllegalStateException: order 3 is not written yet \\(at org\\.kmemlab\\.conform\\.broken"
            + "\\.ThrowingBuddy\\.allocPages\\(ThrowingBuddy\\.java:\\d+\\)\\)"), a.message());
        assertEquals(1, a.line().lines().count());
    }

    @Test
    void aCheckThatNeverEndsTimesOutAndTheRunGoesOn() {
        Conformance quick = new Conformance(REGISTRY, Duration.ofMillis(1500));
        long start = System.nanoTime();
        List<CheckResult> results = quick.run(Slot.BUDDY, "conform-spin", SMALL,
            List.of("boot-free-count", "aligned-and-in-zone", "zeroing"), r -> { });
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertEquals(List.of("boot-free-count", "aligned-and-in-zone", "zeroing"), results.stream().map(CheckResult::check).toList());
        assertEquals(CheckResult.Status.PASS, results.get(0).status(), "boot does not allocate: " + results.get(0).line());
        for (CheckResult r : results.subList(1, 3)) {
            assertEquals(CheckResult.Status.FAIL, r.status());
            assertTrue(r.message().startsWith("timed out after 1.5 s"), r.message());
        }
        assertTrue(ms < 10_000, "the two hanging checks were abandoned after their limit, took " + ms + " ms");
        assertEquals("1 passed, 2 failed", Conformance.summary(results));
    }

    @Test
    void badInputIsAnIllegalArgumentBeforeAnythingRuns() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
            () -> KIT.run(Slot.BUDDY, "no-such-buddy", SMALL));
        assertTrue(unknown.getMessage().startsWith("unknown module 'buddy=no-such-buddy'"), unknown.getMessage());
        IllegalArgumentException check = assertThrows(IllegalArgumentException.class,
            () -> KIT.run(Slot.BUDDY, "linux", SMALL, List.of("zeroing", "bogus"), r -> { }));
        assertTrue(check.getMessage().startsWith("unknown check 'bogus' for the buddy slot; its checks are boot-free-count,"),
            check.getMessage());
        IllegalArgumentException pages = assertThrows(IllegalArgumentException.class,
            () -> KIT.run(Slot.MMU, "x86_64", SMALL.withPageSize(8192)));
        assertTrue(pages.getMessage().contains("needs 4K pages"), pages.getMessage());
        IllegalArgumentException file = assertThrows(IllegalArgumentException.class,
            () -> KIT.run(Slot.BUDDY, "./missing-buddy.js", SMALL));
        assertTrue(file.getMessage().contains("not found"), file.getMessage());
    }

    @Test
    void checksCanBeNamedWithTheirSlot() {
        List<CheckResult> r = KIT.run(Slot.BUDDY, "linux", SMALL, List.of("buddy/max-order"), x -> { });
        assertEquals(1, r.size());
        assertEquals("PASS  buddy/max-order", r.get(0).line());
    }
}
