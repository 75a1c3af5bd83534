package org.kmemlab.grader.strict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmemlab.api.MachineConfig;
import org.kmemlab.script.ScenarioResult;
import org.kmemlab.script.ScenarioRunner;
import org.kmemlab.script.TestResult;

class LockstepTest {
    @TempDir
    Path dir;

    static Path module(String name) {
        try {
            return Path.of(LockstepTest.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static MachineConfig buddy(String module) {
        return MachineConfig.defaults().withModule("buddy", module);
    }

    static final MachineConfig REFERENCE = MachineConfig.defaults().withModule("buddy", "linux");

    private ScenarioResult strict(String text, MachineConfig student) throws IOException {
        Path f = dir.resolve("scenario.js");
        Files.writeString(f, text);
        return Lockstep.run(f, ScenarioRunner.Options.defaults(), student, REFERENCE);
    }

    private static TestResult only(ScenarioResult r) {
        assertEquals(null, r.error(), "scenario error");
        assertEquals(1, r.tests().size(), r.toString());
        TestResult t = r.tests().get(0);
        return t;
    }

    private static final String HEADER = "machine({ ram: '64M' });\n";

    @Test
    void identicalModulesPass() throws IOException {
        String s = HEADER
            + "test('alloc and free', () => {\n"
            + "  const ps = [];\n"
            + "  for (let o = 0; o < 5; o++) ps.push([alloc_pages(GFP_KERNEL, o), o]);\n"
            + "  const z = get_zeroed_page(GFP_KERNEL);\n"
            + "  expect(readq(z)).toBe(0n);\n"
            + "  for (const [p, o] of ps) __free_pages(p, o);\n"
            + "  free_page(z);\n"
            + "  expect(() => __free_page(ps[0][0])).toThrow(KernelBug);\n"
            + "  expect(buddyinfo().DMA32.length).toBe(11);\n"
            + "});\n"
            + "test('kmalloc', () => { const p = kmalloc(100, GFP_KERNEL); kfree(p); });\n";
        for (MachineConfig student : new MachineConfig[] {REFERENCE, buddy(module("buddy-simple.js").toString())}) {
            ScenarioResult r = strict(s, student);
            assertTrue(r.ok(), () -> student.modules() + ": " + r);
            assertEquals(2, r.passed());
        }
    }

    @Test
    void exampleScenariosPassAgainstThemselves() {
        Path examples = Path.of(System.getProperty("kmemlab.examples", "../../examples"), "scenarios");
        for (String name : new String[] {"02-alloc-pages.js", "04-zeroed-pages.js", "05-freeing-and-misuse.js",
            "10-compound-and-refcounts.js", "11-kmalloc.js"}) {
            Path f = examples.resolve(name);
            ScenarioResult plain = new ScenarioRunner(ScenarioRunner.Options.defaults()).run(f);
            ScenarioResult r = Lockstep.run(f, ScenarioRunner.Options.defaults(), REFERENCE, REFERENCE);
            assertEquals(plain.passed(), r.passed(), () -> name + ": " + r);
            assertEquals(plain.failed(), r.failed(), () -> name + ": " + r);
        }
    }

    @Test
    void upperHalfDivergesAtTheAllocation() throws IOException {
        String s = HEADER
            + "test('split', () => {\n"
            + "  const big = alloc_pages(GFP_KERNEL, 3);\n"
            + "  __free_pages(big, 3);\n"
            + "  const p = alloc_pages(GFP_KERNEL, 0);\n"
            + "  expect(p).not.toBeNull();\n"
            + "});\n";
        TestResult t = only(strict(s, buddy(module("buddy-upper.js").toString())));
        assertEquals(TestResult.Status.FAILED, t.status());
        assertTrue(t.location().endsWith("scenario.js:3"), t.location());
        String m = t.failure();
        assertTrue(m.startsWith("alloc_pages(GFP_KERNEL, 3) returned pfn 0x"), m);
        assertTrue(m.contains("on your allocator but pfn 0x"), m);
        assertTrue(m.contains("The reference split an order-"), m);
        assertTrue(m.contains("it kept the lowest order-3 block"), m);
        assertTrue(m.contains("Yours did not keep the lowest part of the block"), m);
    }

    @Test
    void missingCoalesceIsCaughtByTheStateDiff() throws IOException {
        String s = HEADER
            + "test('coalesce', () => {\n"
            + "  const a = alloc_pages(GFP_KERNEL, 1);\n"
            + "  const b = alloc_pages(GFP_KERNEL, 1);\n"
            + "  __free_pages(a, 1);\n"
            + "  __free_pages(b, 1);\n"
            + "  expect(page_count(a)).toBe(0);\n"
            + "});\n";
        TestResult t = only(strict(s, buddy(module("buddy-nocoalesce.js").toString())));
        assertEquals(TestResult.Status.FAILED, t.status());
        String m = t.failure();
        assertTrue(m.startsWith("After __free_pages(pfn 0x"), m);
        assertTrue(m.contains("merged the freed block with its budd"), m);
        assertTrue(m.contains("separate free blocks there: 0x"), m);
        assertTrue(m.contains("Free blocks now (buddyinfo"), m);
        assertNotNull(t.location());
        // the second free is the first whose buddy is free: the return values agree, only the free lists differ
        assertTrue(t.location().endsWith("scenario.js:6"), t.location());
    }

    @Test
    void ignoredGfpZeroIsReported() throws IOException {
        String s = HEADER
            + "test('zero', () => {\n"
            + "  const a = alloc_page(GFP_KERNEL);\n"
            + "  const z = get_zeroed_page(GFP_KERNEL);\n"
            + "  expect(readq(z)).toBe(0n);\n"
            + "});\n";
        TestResult t = only(strict(s, buddy(module("buddy-nozero.js").toString())));
        assertEquals(TestResult.Status.FAILED, t.status());
        assertTrue(t.location().endsWith("scenario.js:4"), t.location());
        assertTrue(t.failure().contains("is not zeroed"), t.failure());
        assertTrue(t.failure().contains("__GFP_ZERO"), t.failure());
    }

    @Test
    void kernelBugOnOneSideIsADivergenceEvenWhenCaught() throws IOException {
        String s = HEADER
            + "test('bug', () => {\n"
            + "  const a = alloc_pages(GFP_KERNEL, 1);\n"
            + "  expect(() => alloc_pages(GFP_KERNEL, 3)).toThrow();\n"
            + "});\n";
        TestResult t = only(strict(s, buddy(module("buddy-bugon.js").toString())));
        assertEquals(TestResult.Status.FAILED, t.status());
        assertTrue(t.location().endsWith("scenario.js:4"), t.location());
        assertTrue(t.failure().startsWith("alloc_pages(GFP_KERNEL, 3) made yours report a kernel bug (\"kernel BUG at"),
            t.failure());
        assertTrue(t.failure().contains("but the reference returned pfn 0x"), t.failure());
    }

    @Test
    void eachTestStartsFresh() throws IOException {
        String s = HEADER
            + "test('diverges', () => { const big = alloc_pages(GFP_KERNEL, 3); __free_pages(big, 3); alloc_page(GFP_KERNEL); });\n"
            + "test('order-3 only', () => { const p = alloc_pages(GFP_KERNEL, 3); __free_pages(p, 3); });\n";
        Path f = dir.resolve("two.js");
        Files.writeString(f, s);
        ScenarioResult r = Lockstep.run(f, ScenarioRunner.Options.defaults(), buddy(module("buddy-upper.js").toString()),
            REFERENCE);
        assertEquals(2, r.tests().size(), r.toString());
        assertEquals(TestResult.Status.FAILED, r.tests().get(0).status());
        // on a fresh pair the first order-3 request may split again; it must be judged on its own
        assertNotNull(r.tests().get(1).status());
    }

    @Test
    void javaPairThrowsDivergence() {
        var k = Lockstep.pair(buddy(module("buddy-upper.js").toString()).withRam(64L << 20), REFERENCE.withRam(64L << 20));
        LockstepDivergence d = org.junit.jupiter.api.Assertions.assertThrows(LockstepDivergence.class,
            () -> k.alloc_pages(0xd0, 3));
        assertEquals("alloc_pages(GFP_KERNEL, 3)", d.call());
        assertEquals(null, d.location());
        // after the first divergence the pair keeps both machines going without comparing
        k.alloc_pages(0xd0, 0);
        assertTrue(k.pageAllocator() instanceof AutoCloseable); // closes both sides' module contexts
    }

    /** A slab assignment: the student's slab module against the reference's, compared call by call with slabinfo. */
    @Test
    void slabAssignmentsAreComparedToo() {
        MachineConfig base = org.kmemlab.api.MachineConfig.defaults().withRam(64L << 20);
        var same = Lockstep.pair(base.withModule("slab", "slub"), base.withModule("slab", "slub"));
        for (int i = 0; i < 200; i++) {
            same.kfree(same.kmalloc(8 + (i % 50) * 8, 0xd0));
        }
        var k = Lockstep.pair(base.withModule("slab", "slab"), base.withModule("slab", "slub"));
        LockstepDivergence d = org.junit.jupiter.api.Assertions.assertThrows(LockstepDivergence.class, () -> {
            for (int i = 0; i < 50; i++) {
                k.kmalloc(64, 0xd0);
            }
        });
        assertTrue(d.call().startsWith("kmalloc(64"), d.call());
        assertTrue(d.getMessage().contains("slabinfo kmalloc-"), d.getMessage()); // the caches themselves differ
    }

    @Test
    void thousandCallsInAFewSeconds() throws IOException {
        String s = HEADER
            + "test('churn', () => {\n"
            + "  for (let i = 0; i < 250; i++) {\n"
            + "    const o = i % 4;\n"
            + "    const a = alloc_pages(GFP_KERNEL, o);\n"
            + "    const b = alloc_pages(GFP_KERNEL, o);\n"
            + "    __free_pages(a, o);\n"
            + "    __free_pages(b, o);\n"
            + "  }\n"
            + "});\n";
        long t0 = System.nanoTime();
        ScenarioResult r = strict(s, buddy(module("buddy-simple.js").toString()));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(r.ok(), r.toString());
        System.out.println("strict mode, 1,000 calls (buddy-simple.js vs linux): " + ms + " ms");
        assertTrue(ms < 15_000, ms + " ms");
    }

    @Test
    void configsKeepEachSidesModules() {
        MachineConfig scenario = MachineConfig.defaults().withRam(64L << 20).withModule("slab", "slab")
            .withModule("buddy", "linux");
        MachineConfig s = Lockstep.withModules(scenario, Map.of("buddy", "/x/student.js"));
        assertEquals("/x/student.js", s.modules().get("buddy"));
        assertEquals("slab", s.modules().get("slab"));
        assertEquals(64L << 20, s.ramBytes());
        assertEquals(java.util.Set.of("buddy"), Lockstep.differingSlots(Map.of("buddy", "a"), Map.of("buddy", "linux")));
    }
}
