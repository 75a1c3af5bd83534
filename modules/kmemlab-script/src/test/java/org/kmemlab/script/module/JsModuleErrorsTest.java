package org.kmemlab.script.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmemlab.api.Gfp;
import org.kmemlab.api.KernelBug;
import org.kmemlab.api.MachineConfig;
import org.kmemlab.api.Slot;
import org.kmemlab.kernel.Kernel;
import org.kmemlab.kernel.Machine;
import org.kmemlab.kernel.ModuleRegistry;
import org.kmemlab.script.ScenarioResult;
import org.kmemlab.script.ScenarioRunner;
import org.kmemlab.script.TestResult;

/** Modules that are unfinished, wrong or hostile: each failure is one clear line naming the file and line. */
class JsModuleErrorsTest {
    @TempDir
    Path dir;

    private static final MachineConfig SMALL = JsModules.config("x86_64", "64M", true);

    /** A module whose alloc_pages body is {@code body} (on line 3); it boots and frees nothing (a leak). */
    private Path module(String name, String allocBody) throws IOException {
        return JsModules.write(dir, name, "'use strict';\n"
            + "function alloc_pages(gfp, order) {\n"
            + "  " + allocBody + "\n"
            + "}\n"
            + "module.exports = {\n"
            + "  alloc_pages,\n"
            + "  free_pages(pfn, order) { free_pages_prepare(pfn, order); },\n"
            + "  free_bootmem(pfn, order) {},\n"
            + "  nr_free(zone, order) { return 0; },\n"
            + "};\n");
    }

    @Test
    void theSkeletonBootsAndItsAllocationsFailCleanly() {
        Kernel k = JsModules.boot(SMALL, JsModules.skeleton());
        assertEquals(-1, k.alloc_pages(Gfp.GFP_KERNEL, 0));
        assertEquals(0, k.__get_free_pages(Gfp.GFP_ATOMIC, 3));
        assertEquals(0, k.kmalloc(64, Gfp.GFP_KERNEL));
        assertEquals(0, k.vmalloc(1 << 16));
        assertTrue(k.dmesg().contains("page allocation failure. order:0, mode:0xd0"), k.dmesg());
        assertTrue(k.proc("buddyinfo").contains("zone    DMA32      0      0"), k.proc("buddyinfo"));
        assertEquals("", k.tainted().replace("W", ""));
    }

    @Test
    void anEndlessLoopIsStoppedByTheStatementBudget() throws IOException {
        Path f = module("loop.js", "let i = 0; while (true) { i++; }");
        String old = System.getProperty(JsPageAllocator.BUDGET_PROPERTY);
        System.setProperty(JsPageAllocator.BUDGET_PROPERTY, "2000000");
        try {
            Kernel k = JsModules.boot(SMALL, f);
            JsModuleError e = assertThrows(JsModuleError.class, () -> k.alloc_pages(Gfp.GFP_KERNEL, 0));
            assertTrue(e.getMessage().startsWith("buddy module loop.js:3: alloc_pages did not finish within its budget"
                + " of 2000000 statements (an endless loop?)"), e.getMessage());
            JsModuleError again = assertThrows(JsModuleError.class, () -> k.alloc_pages(Gfp.GFP_KERNEL, 0));
            assertTrue(again.getMessage().contains("the module was stopped earlier"), again.getMessage());
        } finally {
            if (old == null) {
                System.clearProperty(JsPageAllocator.BUDGET_PROPERTY);
            } else {
                System.setProperty(JsPageAllocator.BUDGET_PROPERTY, old);
            }
        }
    }

    @Test
    void aTypeErrorNamesTheModuleFileAndLine() throws IOException {
        Path f = module("typo.js", "const area = undefined; return area.nr_free;");
        Kernel k = JsModules.boot(SMALL, f);
        JsModuleError e = assertThrows(JsModuleError.class, () -> k.alloc_pages(Gfp.GFP_KERNEL, 0));
        assertTrue(e.getMessage().startsWith("buddy module typo.js:3: TypeError: "), e.getMessage());
        assertTrue(e.getMessage().contains("nr_free"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        // the machine is still usable: the next call runs again
        assertThrows(JsModuleError.class, () -> k.alloc_pages(Gfp.GFP_KERNEL, 0));
    }

    @Test
    void aBadArgumentToTheKernelApiNamesTheModuleLine() throws IOException {
        Path f = module("args.js", "list_add(-5, LIST_HEAD()); return -1;");
        Kernel k = JsModules.boot(SMALL, f);
        JsModuleError e = assertThrows(JsModuleError.class, () -> k.alloc_pages(Gfp.GFP_KERNEL, 0));
        assertTrue(e.getMessage().startsWith("buddy module args.js:3: list_add: argument 'pfn' must be a page frame number"),
            e.getMessage());
        Path g = module("head.js", "list_add(5, 7); return -1;");
        Kernel k2 = JsModules.boot(SMALL, g);
        JsModuleError e2 = assertThrows(JsModuleError.class, () -> k2.alloc_pages(Gfp.GFP_KERNEL, 0));
        assertEquals("buddy module head.js:3: list_add: argument 'head' must be a list head made by LIST_HEAD() on this"
            + " machine, got 7", e2.getMessage());
    }

    @Test
    void aResultThatIsNotAPreparedBlockIsRefused() throws IOException {
        Kernel k = JsModules.boot(SMALL, module("noprep.js", "return 8192;"));
        JsModuleError e = assertThrows(JsModuleError.class, () -> k.alloc_pages(Gfp.GFP_KERNEL, 0));
        assertTrue(e.getMessage().startsWith("buddy module noprep.js:2: alloc_pages(0xd0, 0) returned pfn 8192 with page_count 0"),
            e.getMessage());
        Kernel k2 = JsModules.boot(SMALL, module("undef.js", "return;"));
        JsModuleError e2 = assertThrows(JsModuleError.class, () -> k2.alloc_pages(Gfp.GFP_KERNEL, 0));
        assertTrue(e2.getMessage().contains("returned undefined; it must return a pfn"), e2.getMessage());
    }

    @Test
    void reservedMemoryIsRefused() throws IOException {
        Kernel k = JsModules.boot(SMALL, module("image.js", "return 4096;")); // 16M: the kernel image
        JsModuleError e = assertThrows(JsModuleError.class, () -> k.alloc_pages(Gfp.GFP_KERNEL, 0));
        assertTrue(e.getMessage().contains("returned pfn 4096, which is PG_reserved"), e.getMessage());
    }

    @Test
    void aSyntaxErrorIsReportedWithFileLineAndColumn() throws IOException {
        Path f = JsModules.write(dir, "syntax.js", "'use strict';\nfunction alloc_pages(gfp, order) {\n  let x = ;\n}\n");
        JsModuleError e = assertThrows(JsModuleError.class, () -> JsModules.boot(SMALL, f));
        assertTrue(e.getMessage().startsWith("buddy module syntax.js:3:"), e.getMessage());
        assertTrue(e.getMessage().lines().findFirst().get().contains("SyntaxError"), e.getMessage());
        assertTrue(e.getMessage().startsWith("buddy module syntax.js:3:11: SyntaxError: Expected an operand but found ;\n"
            + "      let x = ;\n"
            + "              ^"), e.getMessage());
        Path g = JsModules.write(dir, "open.js", "module.exports = {\n  alloc_pages() { return -1; },\n\n");
        JsModuleError e2 = assertThrows(JsModuleError.class, () -> JsModules.boot(SMALL, g));
        assertEquals("buddy module open.js:2: SyntaxError: the file ends too early (a missing } or ) ?)", e2.getMessage());
    }

    @Test
    void missingOperationsAreNamed() throws IOException {
        Path f = JsModules.write(dir, "empty.js", "module.exports = { alloc_pages() { return -1; } };\n");
        JsModuleError e = assertThrows(JsModuleError.class, () -> JsModules.boot(SMALL, f));
        assertTrue(e.getMessage().startsWith("buddy module empty.js: module.exports has no function free_pages"), e.getMessage());
    }

    @Test
    void otherSlotsRefuseJavaScriptModulesInOneLine() throws IOException {
        Path f = JsModules.write(dir, "my-slab.js", "module.exports = {};\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> ModuleRegistry.builtIn().lookup(Slot.SLAB, f.toString()));
        assertEquals("JavaScript modules can implement the buddy slot only; slab=" + f.toAbsolutePath().normalize()
            + " must be a built-in module or come from a plugin jar (kmemlab modules lists them)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Machine.boot(SMALL.withModule("vmalloc", f.toString())));
    }

    @Test
    void bugOnReportsTheKernelBugAtTheModuleLine() throws IOException {
        Kernel k = JsModules.boot(SMALL, module("bug.js", "BUG_ON(order > 2); return alloc_failed(gfp, order);"));
        assertEquals(-1, k.alloc_pages(Gfp.GFP_KERNEL | Gfp.__GFP_NOWARN, 1));
        KernelBug e = assertThrows(KernelBug.class, () -> k.alloc_pages(Gfp.GFP_KERNEL, 5));
        assertTrue(e.getMessage().startsWith("kernel BUG at bug.js:3!"), e.getMessage());
        assertTrue(k.tainted().contains("D"));
    }

    @Test
    void aBadPageReportPassesThroughAsTheKernelsBug() throws IOException {
        // pfn 8192 (32M) is free memory this module never put on a list; a stray PG_slab makes it a bad page
        Kernel k = JsModules.boot(SMALL, module("badpage.js",
            "SetPageFlag(8192, PG_slab); if (prep_new_page(8192, 0, gfp)) return -1; return 8192;"));
        KernelBug e = assertThrows(KernelBug.class, () -> k.alloc_pages(Gfp.GFP_KERNEL, 0));
        assertTrue(e.getMessage().startsWith("BUG: Bad page state in process insmod  pfn:02000"), e.getMessage());
        assertTrue(k.tainted().contains("B"));
    }

    // ------------------------------------------------------------------ through the scenario runner

    @Test
    void aRelativeModulePathStartsAtTheScenarioFile() throws IOException {
        JsModules.write(dir, "mods/my-buddy.js", java.nio.file.Files.readString(JsModules.simple()));
        Path scenario = JsModules.write(dir, "work/s.js", "machine({ ram: '64M', modules: { buddy: '../mods/my-buddy.js' } });\n"
            + "test('runs', () => {\n"
            + "  expect(modules().buddy).toBe('my-buddy.js');\n"
            + "  const p = alloc_pages(GFP_KERNEL, 1);\n"
            + "  expect(p).not.toBeNull();\n"
            + "  __free_pages(p, 1);\n"
            + "});\n"
            + "test('a reboot inside a test resolves it too', () => {\n"
            + "  machine({ ram: '32M', modules: { buddy: '../mods/my-buddy.js' } });\n"
            + "  expect(meminfo().MemTotal).toBeLessThan(32 * 1024);\n"
            + "});\n");
        ScenarioResult r = new ScenarioRunner(ScenarioRunner.Options.defaults()).run(scenario);
        assertNull(r.error());
        assertTrue(r.ok(), () -> r.tests().toString());
        assertEquals(2, r.passed());
    }

    @Test
    void aModuleErrorIsATestFailureAtTheScenarioLine() throws IOException {
        module("typo.js", "const area = undefined; return area.nr_free;");
        Path scenario = JsModules.write(dir, "s.js", "machine({ ram: '64M', modules: { buddy: './typo.js' } });\n"
            + "test('alloc', () => {\n"
            + "  alloc_page(GFP_KERNEL);\n"
            + "});\n"
            + "test('still runs', () => { expect(1).toBe(1); });\n");
        ScenarioResult r = new ScenarioRunner(ScenarioRunner.Options.defaults()).run(scenario);
        assertNull(r.error());
        TestResult t = r.tests().get(0);
        assertEquals(TestResult.Status.FAILED, t.status());
        assertTrue(t.failure().startsWith("Error: buddy module typo.js:3: TypeError: "), t.failure());
        assertEquals(scenario.toString() + ":3", t.location());
        assertEquals(TestResult.Status.PASSED, r.tests().get(1).status());
    }
}
