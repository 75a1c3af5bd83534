package org.kmemlab.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.kmemlab.api.MachineConfig;

/** The scenario runtime: values, errors, assertions and the sandbox. */
class RuntimeTest {
    private static ScenarioResult run(String src) {
        return new ScenarioRunner(ScenarioRunner.Options.defaults()).run("t.js", src);
    }

    private static TestResult only(ScenarioResult r) {
        assertEquals(1, r.tests().size(), () -> "tests: " + r.tests() + " error: " + r.error());
        return r.tests().get(0);
    }

    @Test
    void aPassingAndAFailingTest() {
        ScenarioResult r = run("test('ok', () => { expect(1 + 1).toBe(2); });\n"
            + "test('bad', () => {\n  expect(1 + 1).toBe(3);\n});\n");
        assertEquals(2, r.tests().size());
        assertEquals(TestResult.Status.PASSED, r.tests().get(0).status());
        TestResult bad = r.tests().get(1);
        assertEquals(TestResult.Status.FAILED, bad.status());
        assertTrue(bad.failure().contains("Expected: 3"), bad.failure());
        assertTrue(bad.failure().contains("Received: 2"), bad.failure());
        assertEquals("t.js:3", bad.location());
    }

    @Test
    void tryCatchCannotHideAFailedExpect() {
        TestResult t = only(run("test('sneaky', () => { try { expect(1).toBe(2); } catch (e) {} });"));
        assertEquals(TestResult.Status.FAILED, t.status());
    }

    @Test
    void addressesAreExactBigInts() {
        TestResult t = only(run("test('a', () => {\n"
            + "  const a = page_address(alloc_page(GFP_KERNEL));\n"
            + "  expect(typeof a).toBe('bigint');\n"
            + "  expect(a >= 0xffff880000000000n).toBe(true);\n"
            + "  expect(PAGE_OFFSET).toBe(0xffff880000000000n);\n"
            + "  expect(__pa(a) + PAGE_OFFSET).toBe(a);\n"
            + "  expect(virt_to_page(a)).toBe(virt_to_page(a + 5n));\n"
            + "  expect(readq(a + 8n)).toBe(readq(Number(a - PAGE_OFFSET) + 8 === 0 ? 0n : a + 8n));\n"
            + "});"));
        assertEquals(TestResult.Status.PASSED, t.status(), t.failure());
    }

    @Test
    void kernelBugsBecomeJsKernelBugsWithTheScenarioLine() {
        TestResult t = only(run("test('double free', () => {\n"
            + "  const p = alloc_page(GFP_KERNEL);\n"
            + "  __free_page(p);\n"
            + "  let err = null;\n"
            + "  try { __free_page(p); } catch (e) { err = e; }\n"
            + "  expect(err instanceof KernelBug).toBe(true);\n"
            + "  expect(err instanceof Error).toBe(true);\n"
            + "  expect(err.message).toMatch(/^kernel BUG at include\\/linux\\/mm.h:\\d+!/);\n"
            + "  expect(err.message).toMatch(/at t.js:5$/);\n"
            + "});"));
        assertEquals(TestResult.Status.PASSED, t.status(), t.failure());
    }

    @Test
    void anUncaughtKernelBugFailsTheTestAtItsLine() {
        TestResult t = only(run("test('x', () => {\n  free_pages(0x1234n, 0);\n});"));
        assertEquals(TestResult.Status.FAILED, t.status());
        assertTrue(t.failure().startsWith("KernelBug: kernel BUG at mm/page_alloc.c:"), t.failure());
        assertEquals("t.js:2", t.location());
    }

    @Test
    void badArgumentsAreRangeAndTypeErrors() {
        TestResult t = only(run("test('args', () => {\n"
            + "  expect(() => alloc_pages(GFP_KERNEL, -1)).toThrow(RangeError);\n"
            + "  expect(() => alloc_pages(GFP_KERNEL, -1)).toThrow(/order must be a non-negative integer, got -1/);\n"
            + "  expect(() => alloc_pages(GFP_KERNEL, 1.5)).toThrow(/order must be a non-negative integer, got 1.5/);\n"
            + "  expect(() => alloc_pages(GFP_KERNEL, NaN)).toThrow(/order must be a non-negative integer, got NaN/);\n"
            + "  expect(() => alloc_pages(GFP_KERNEL, 2 ** 40)).toThrow(/order must be at most 2147483647, got 1099511627776/);\n"
            + "  expect(alloc_pages(GFP_KERNEL | __GFP_NOWARN, 2 ** 31 - 1)).toBeNull();\n"
            + "  const p = page_address(alloc_pages(GFP_KERNEL, 0));\n"
            + "  memset(p, -1, 16);\n"
            + "  expect(readb(p + 15n)).toBe(0xff);\n"
            + "  expect(() => memset(p, 2 ** 32, 16)).toThrow(/memset: c must be an int/);\n"
            + "  expect(() => __free_pages(4096n, 0)).toThrow(TypeError);\n"
            + "  expect(() => machine({ profile: 'sparc' })).toThrow(/unknown profile 'sparc'; profiles are x86_64, i386/);\n"
            + "  expect(() => machine({ ram: 'lots' })).toThrow(/ram 'lots' is malformed/);\n"
            + "  expect(() => machine({ modules: { buddy: 'nope' } })).toThrow(/unknown module 'buddy=nope'; available for buddy: linux/);\n"
            + "  expect(() => proc('slabinf')).toThrow(/unknown \\/proc view/);\n"
            + "});"));
        assertEquals(TestResult.Status.PASSED, t.status(), t.failure());
    }

    @Test
    void pagesAndCachesOfAReplacedMachineAreRefused() {
        TestResult t = only(run("test('stale', () => {\n"
            + "  const p = alloc_pages(GFP_KERNEL, 0);\n"
            + "  const c = kmem_cache_create('mine', 64, 0, 0, null);\n"
            + "  machine({ ram: '512M' });\n"
            + "  expect(() => page_count(p)).toThrow(/page_count: struct page \\(pfn \\d+\\) belongs to a machine that has since been replaced/);\n"
            + "  expect(() => p.flags).toThrow(TypeError);\n"
            + "  expect(p.pfn).toBeGreaterThan(0);\n"
            + "  expect(() => kmem_cache_alloc(c, GFP_KERNEL)).toThrow(/kmem_cache_alloc: this kmem_cache belongs to a machine/);\n"
            + "  expect(() => c.name).toThrow(TypeError);\n"
            + "  const q = pfn_to_page(p.pfn);\n"
            + "  expect(page_count(q)).toBe(0);\n"
            + "});"));
        assertEquals(TestResult.Status.PASSED, t.status(), t.failure());
    }

    @Test
    void syntaxErrorsNameFileLineAndColumn() {
        ScenarioRunner.BadScenario e = assertThrows(ScenarioRunner.BadScenario.class,
            () -> run("test('x', () => {\n  let a = ;\n});"));
        assertTrue(e.getMessage().startsWith("t.js:2:"), e.getMessage());
        assertTrue(e.getMessage().contains("let a = ;"), e.getMessage());
    }

    @Test
    void aRunawayScenarioIsStoppedByTheTimeout() {
        ScenarioRunner r = new ScenarioRunner(new ScenarioRunner.Options(MachineConfig.defaults(), 500, 0));
        ScenarioResult res = r.run("t.js", "test('spin', () => { while (true) {} });");
        assertNotNull(res.error());
        assertTrue(res.error().contains("exceeded its time limit of 500 ms (--timeout)"), res.error());
        assertEquals(TestResult.Status.FAILED, only(res).status());
    }

    @Test
    void theStatementBudgetStopsAScenario() {
        ScenarioRunner r = new ScenarioRunner(new ScenarioRunner.Options(MachineConfig.defaults(), 60_000, 100_000));
        ScenarioResult res = r.run("t.js", "let i = 0; while (true) { i++; }");
        assertNotNull(res.error());
        assertTrue(res.error().contains("statement budget"), res.error());
    }

    @Test
    void noHostAccess() {
        TestResult t = only(run("test('sandbox', () => {\n"
            + "  expect(typeof Java === 'undefined' || (() => { try { Java.type('java.lang.System'); return false; } catch (e) { return true; } })()).toBe(true);\n"
            + "  expect(typeof load).toBe('undefined');\n"
            + "  expect(typeof __kmemlab).toBe('undefined');\n"
            + "  expect(typeof print).toBe('undefined');\n"
            + "  expect(typeof Graal).toBe('undefined');\n"
            + "  expect(typeof Polyglot === 'undefined' || typeof Polyglot.eval !== 'function' || (() => { try { Polyglot.eval('js', '1'); return false; } catch (e) { return true; } })()).toBe(true);\n"
            + "});"));
        assertEquals(TestResult.Status.PASSED, t.status(), t.failure());
    }

    @Test
    void everyTestGetsAFreshMachineWithTheFilesOptions() {
        ScenarioResult r = run("machine({ profile: 'i386', ram: '2G' });\n"
            + "let kept = null;\n"
            + "test('first', () => { kept = alloc_page(GFP_KERNEL); expect(PAGE_OFFSET).toBe(0xc0000000n); });\n"
            + "test('second', () => {\n"
            + "  expect(Object.keys(buddyinfo())).toEqual(['DMA', 'Normal', 'HighMem']);\n"
            + "  expect(pfn_to_page(kept.pfn)._count).toBe(0);\n"
            + "  machine({ ram: '64M' });\n"
            + "  expect(Object.keys(buddyinfo())).toEqual(['DMA', 'DMA32']);\n"
            + "});\n"
            + "test('third', () => { expect(Object.keys(buddyinfo())).toEqual(['DMA', 'Normal', 'HighMem']); });\n");
        r.tests().forEach(t -> assertEquals(TestResult.Status.PASSED, t.status(), t.name() + ": " + t.failure()));
        assertEquals(3, r.tests().size());
    }

    @Test
    void pageObjectsAreCachedAndReadOnly() {
        TestResult t = only(run("test('pages', () => {\n"
            + "  const p = alloc_pages(GFP_KERNEL, 1);\n"
            + "  expect(pfn_to_page(p.pfn)).toBe(p);\n"
            + "  expect(() => { 'use strict'; p._count = 5; }).toThrow(TypeError);\n"
            + "  expect(p._count).toBe(1);\n"
            + "  expect(typeof p.flags).toBe('bigint');\n"
            + "  expect(dump_page(p)).toMatch(/^page:ffff88[0-9a-f]{10} count:1 mapcount:0 mapping:\\(null\\) index:0x0\\npage flags: 0x4000000000000000\\(\\)\\n$/);\n"
            + "  console.log('pfn', p.pfn, 'addr', page_address(p));\n"
            + "});"));
        assertEquals(TestResult.Status.PASSED, t.status(), t.failure());
        assertTrue(t.output().matches("pfn \\d+ addr \\d+n\\n"), t.output());
    }

    @Test
    void aFileWithoutTestsIsOneScenario() {
        ScenarioResult ok = run("const p = alloc_page(GFP_KERNEL);\nexpect(p).not.toBeNull();\n");
        assertEquals(TestResult.Status.PASSED, only(ok).status());
        ScenarioResult bad = run("const p = alloc_page(GFP_KERNEL);\nexpect(p).toBeNull();\n");
        assertEquals(TestResult.Status.FAILED, only(bad).status());
        assertEquals("t.js:2", only(bad).location());
    }

    @Test
    void slotsWithoutModulesSaySo() {
        // x86 page tables need 4K pages: with 64K pages the mmu and vmalloc slots stay empty, and say why
        TestResult t = only(run("test('k', () => { machine({ pageSize: '64K', ram: '256M' });"
            + " expect(() => vmalloc(8192)).toThrow(/'vmalloc' slot, which is empty on this machine \\(x86 page tables/);"
            + " expect(() => walk(PAGE_OFFSET)).toThrow(/'mmu' slot/); });"));
        assertEquals(TestResult.Status.PASSED, t.status(), t.failure());
    }

    @Test
    void outputIsCapped() {
        TestResult t = only(run("test('chatty', () => { for (let i = 0; i < 200000; i++) console.log('line ' + i); });"));
        assertEquals(TestResult.Status.PASSED, t.status());
        assertTrue(t.output().length() < ScenarioRunner.MAX_OUTPUT + 200);
        assertTrue(t.output().endsWith("output truncated at " + ScenarioRunner.MAX_OUTPUT + " characters\n"));
    }

    @Test
    void pgprotConstantsKeepAllSixtyFourBits() {
        TestResult t = only(run("test('prot', () => { expect(PAGE_KERNEL).toBe(0x8000000000000163n);"
            + " const pg = alloc_page(GFP_KERNEL); const a = vmap([pg], 1, VM_MAP, PAGE_KERNEL);"
            + " expect(translate(a)).toBe(BigInt(pg.pfn) * 4096n);"
            + " machine({ profile: 'i386', modules: { mmu: 'i386-pae' } });"
            + " expect(PAGE_KERNEL).toBe(0x8000000000000163n); expect(_PAGE_NX).toBe(1n << 63n);"
            + " expect(walk(PAGE_OFFSET)[2].flags).not.toContain('nx'); });"));
        assertEquals(TestResult.Status.PASSED, t.status(), t.failure());
    }
}
