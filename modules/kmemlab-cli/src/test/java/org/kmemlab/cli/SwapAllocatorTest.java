package org.kmemlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kmemlab.kernel.ModuleRegistry;

/**
 * Issue 5 end to end through the command line: the first-fit plugin loaded from its jar (--plugins), its
 * comparison scenario, and the conformance kit on the plugin, on buddy-simple.js and on the skeleton.
 */
class SwapAllocatorTest {
    private static final Path EXAMPLES = Path.of(System.getProperty("kmemlab.examples", "../../examples"));
    private static final Path FIRST_FIT = Path.of(System.getProperty("kmemlab.firstFitDir",
        "../../examples/plugins/first-fit/target"));

    record Run(int code, String out, String err) {
    }

    static Run kmemlab(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString().replace("\r\n", "\n"), err.toString().replace("\r\n", "\n"));
    }

    @AfterEach
    void builtInsAgain() {
        ModuleRegistry.install(null);
    }

    private static String jar() {
        Path jar = FIRST_FIT.resolve("first-fit.jar");
        assertTrue(Files.isRegularFile(jar), "build the plugin first (mvn verify builds it): " + jar);
        return jar.toString();
    }

    @Test
    void modulesListsThePluginWithItsJar() {
        String jar = jar();
        Run r = kmemlab("modules", "--plugins", FIRST_FIT.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("buddy=linux  (built-in)\n"), r.out());
        assertTrue(r.out().contains("buddy=first-fit  (" + jar + ")\n"), r.out());
        assertEquals("", r.err());
    }

    @Test
    void theComparisonScenarioRunsOnThePluginFromItsJar() {
        jar();
        Run r = kmemlab("run", EXAMPLES.resolve("plugins/first-fit/compare.js").toString(), "--plugins", FIRST_FIT.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("first-fit pfn"), r.out());
    }

    @Test
    void withoutThePluginTheScenarioSaysWhichModuleIsMissing() {
        Run r = kmemlab("run", EXAMPLES.resolve("plugins/first-fit/compare.js").toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("unknown module 'buddy=first-fit'"), r.out());
    }

    @Test
    void theFirstFitPluginPassesTheBuddyContract() {
        jar();
        Run r = kmemlab("conform", "--module", "buddy=first-fit", "--plugins", FIRST_FIT.toString(), "--ram", "64M");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().endsWith(" passed, 0 failed\n"), r.out());
    }

    @Test
    void buddySimpleJsPassesTheBuddyContract() {
        Run r = kmemlab("conform", "--module", "buddy=" + EXAMPLES.resolve("modules/buddy-simple.js"), "--ram", "64M");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().endsWith(" passed, 0 failed\n"), r.out());
    }

    @Test
    void theSkeletonFailsWithMessagesAStudentCanActOn() {
        Run r = kmemlab("conform", "--module", "buddy=" + EXAMPLES.resolve("modules/buddy-skeleton.js"), "--ram", "64M");
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("FAIL  buddy/aligned-and-in-zone: "), r.out());
        for (String line : r.out().split("\n")) {
            assertTrue(line.startsWith("PASS  ") || line.startsWith("FAIL  ") || line.matches("\\d+ passed, \\d+ failed.*"), line);
            assertTrue(!line.contains("Exception") || line.contains("KernelBug"), "no Java exception names for a student: " + line);
        }
    }

    @Test
    void aMissingModuleFileIsBadInputInOneLine() {
        Run r = kmemlab("run", EXAMPLES.resolve("scenarios/02-alloc-pages.js").toString(), "--module", "buddy=no-such-buddy.js");
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().startsWith("kmemlab: module file '") && r.err().contains("no-such-buddy.js' for buddy not found"), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    /** A buddy that never merges passes every other check: the coalescing check must split a largest block for certain. */
    @Test
    void aBuddyThatNeverMergesFailsTheCoalescingCheck() {
        Run r = kmemlab("conform", "--module", "buddy=" + EXAMPLES.resolve("homework/buddy-lab/samples/no-coalescing.js"),
            "--ram", "64M", "--check", "coalescing");
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().startsWith("FAIL  buddy/coalescing: the order-10 block at pfn 0x"), r.out());
        assertTrue(r.out().contains("must merge with its buddy"), r.out());
    }
}
