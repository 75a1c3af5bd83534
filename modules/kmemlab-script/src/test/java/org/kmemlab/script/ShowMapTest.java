package org.kmemlab.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** show_map() in a scenario: printed under the test and returned. */
class ShowMapTest {
    private static TestResult only(String src) {
        ScenarioResult r = new ScenarioRunner(ScenarioRunner.Options.defaults()).run("t.js", src);
        assertEquals(1, r.tests().size(), () -> "tests: " + r.tests() + " error: " + r.error());
        return r.tests().get(0);
    }

    @Test
    void printsAndReturnsTheMap() {
        TestResult t = only("machine({ ram: '64M' });\n"
            + "test('map', () => {\n"
            + "  const p = alloc_pages(GFP_KERNEL | __GFP_COMP, 3);\n"
            + "  const m = show_map({ zone: 'DMA32', blockOrder: 0, width: 64 });\n"
            + "  expect(m).toContain('Zone DMA32');\n"
            + "  expect(m).toContain('legend:');\n"
            + "  expect(m).toContain('Cccccccc');\n"
            + "  expect(m.includes('\\u001b[')).toBe(false);\n"
            + "  expect(show_map({ color: true })).toContain('\\u001b[');\n"
            + "});\n");
        assertEquals(TestResult.Status.PASSED, t.status(), t.failure());
        assertTrue(t.output().contains("Zone DMA32  pfn 0x1000-0x4000"), t.output());
    }

    @Test
    void badOptionsAreOneLineErrors() {
        TestResult t = only("test('bad', () => {\n"
            + "  expect(() => show_map({ zone: 'Normal' })).toThrow(\"unknown zone 'Normal': this machine has DMA, DMA32\");\n"
            + "  expect(() => show_map({ colour: true })).toThrow(TypeError);\n"
            + "  expect(() => show_map({ width: 2 })).toThrow(RangeError);\n"
            + "});\n");
        assertEquals(TestResult.Status.PASSED, t.status(), t.failure());
    }
}
